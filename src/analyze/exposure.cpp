#include "analyze/exposure.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <tuple>

#include "analyze/evaluate.hpp"
#include "analyze/exposure_space.hpp"
#include "analyze/point_index.hpp"

namespace fwlint {

const std::vector<RiskyService>& risky_services() {
    static const std::vector<RiskyService> services = {
        {"FTP", proto_tcp, 21, 21},
        {"telnet", proto_tcp, 23, 23},
        {"Kerberos", proto_tcp, 88, 88},
        {"Kerberos", proto_udp, 88, 88},
        {"RPC endpoint mapper", proto_tcp, 135, 135},
        {"NetBIOS", proto_tcp, 137, 139},
        {"NetBIOS", proto_udp, 137, 139},
        {"SNMP", proto_udp, 161, 162},
        {"LDAP", proto_tcp, 389, 389},
        {"LDAP", proto_udp, 389, 389},
        {"SMB", proto_tcp, 445, 445},
        {"LDAPS", proto_tcp, 636, 636},
        {"MSSQL", proto_tcp, 1433, 1433},
        {"Global Catalog", proto_tcp, 3268, 3269},
        {"MySQL", proto_tcp, 3306, 3306},
        {"RDP", proto_tcp, 3389, 3389},
        {"RDP", proto_udp, 3389, 3389},
        {"PostgreSQL", proto_tcp, 5432, 5432},
        {"VNC", proto_tcp, 5900, 5900},
        {"WinRM", proto_tcp, 5985, 5986},
        {"Redis", proto_tcp, 6379, 6379},
        {"MongoDB", proto_tcp, 27017, 27017},
    };
    return services;
}

namespace {

// Every packet of family f with the given protocols and destination ports.
PacketSet proto_ports(Family f, const IntervalSet& protos, const IntervalSet& ports) {
    Box b = Box::all(f);
    b.dims[proto_dim] = protos;
    b.dims[dport_dim] = ports;
    return PacketSet::of(f, b);
}

PacketSet proto_all(Family f, unsigned proto) {
    return proto_ports(f, IntervalSet::single(proto), IntervalSet::range(0, max_port));
}

// The part of `packets` that holds, for each of its tuples of the other
// dimensions, every value of the dimensions in `dims`.
PacketSet universal_part(const PacketSet& packets, Family f, std::initializer_list<Dim> dims) {
    for (Dim d : dims)
        if (!packets.project(f, d).is_all(dim_max(d, f))) return {};
    PacketSet all = PacketSet::all(f);
    PacketSet missing = all.subtract(packets);
    PacketSet widened;
    for (Box b : missing.boxes(f)) {
        for (Dim d : dims) b.dims[d] = IntervalSet::range(0, dim_max(d, f));
        widened = widened.unite(PacketSet::of(f, b));
    }
    return all.subtract(widened);
}

u128 count(const PacketSet& s, Family f, Dim d) { return s.project(f, d).size(); }

constexpr u128 slice_ports = 4096;

struct Group {
    const Rule* rule = nullptr;
    const Chain* chain = nullptr;
    PacketSet packets;     // what the rule accepts (of the part evaluated)
    PacketSet open_scope;  // the part of it that may be open to any source
};

class ChainExposure {
public:
    ChainExposure(const Policy& policy, const Chain& builtin, u128 max_open_ports, std::vector<Exposure>& out,
                  bool reference)
        : policy_(policy), builtin_(builtin), max_open_ports_(max_open_ports), out_(out), reference_(reference) {}

    void run() {
        if (!reference_) {
            run_space();
            return;
        }
        const Family f = policy_.family;
        if (busiest_slice(f) > max_exposure_slice_rules) {
            not_evaluated();
            return;
        }
        // The whole space, walked in slices (by protocol and destination
        // port) so the remainder each walk carries is cut into fewer boxes;
        // the slices partition the space, so the union of their decisions
        // is the evaluation of the whole.
        Evaluation lenient;
        PacketSet sure;
        // Windows has no rule order: a packet that an unconditional allow
        // accepts is that rule's, even where a conditional one (remoteip=
        // LocalSubnet) listed before it would accept it too; blaming the
        // conditional rule would report its packets as open to any source
        // and drop its condition (the open part is the other rule's). An
        // allow limited to one program takes them only for that program: the
        // conditional rule keeps them too (with its condition, conditions()).
        const bool unordered = policy_.order != EvaluationOrder::first_match;
        for (const PacketSet& slice : slices(f)) {
            Evaluation part = evaluate_chain(policy_, builtin_.name, slice, ConditionMode::lenient);
            PacketSet part_sure = part.accepted;
            if (part.conditions_met) {
                Evaluation strict = evaluate_chain(policy_, builtin_.name, slice, ConditionMode::strict);
                part_sure = strict.accepted;
                if (unordered) {
                    PacketSet sure_for_all;  // accepted by an allow (or default) scoped to no program
                    for (const auto& d : strict.decisions)
                        if (d.verdict == Verdict::accept && !(d.rule && scoped(*d.rule)))
                            sure_for_all = sure_for_all.unite(d.packets);
                    for (auto& d : part.decisions) {
                        if (d.verdict == Verdict::accept) d.packets = d.packets.subtract(sure_for_all);
                        if (!d.packets.empty()) lenient.decisions.push_back(std::move(d));
                    }
                    part.decisions.clear();
                    for (auto& d : strict.decisions)
                        if (d.verdict == Verdict::accept) lenient.decisions.push_back(std::move(d));
                }
            }
            sure = sure.unite(part_sure);
            lenient.accepted = lenient.accepted.unite(part.accepted);
            for (auto& d : part.decisions) lenient.decisions.push_back(std::move(d));
        }
        std::vector<Group> groups;
        for (const Decision& d : lenient.decisions) {
            if (d.verdict != Verdict::accept) continue;
            auto it = std::find_if(groups.begin(), groups.end(),
                                   [&](const Group& g) { return g.rule == d.rule && g.chain == d.chain; });
            if (it == groups.end())
                groups.push_back(Group{d.rule, d.chain, d.packets, d.packets});
            else
                it->packets = it->packets.unite(d.packets), it->open_scope = it->packets;
        }
        // "Open to any source" is a property of what the chain accepts as a
        // whole (an earlier rule that accepts a few sources for everything
        // does not make a later open rule any narrower); each accepting rule
        // is then judged by its own part of that.
        open_src_ = universal_part(lenient.accepted, f, {src_dim});
        open_src_dst_ = universal_part(open_src_, f, {dst_dim});
        sure_ = std::move(sure);
        for (const Group& g : groups) check(g);
    }

    // Evaluated leaf by leaf (exposure_space.hpp), and only where a finding
    // can be:
    // - FW203-FW205 report packets accepted from every source. Such a packet
    //   is accepted from the one source `probe_source()` too, so the chain is
    //   first evaluated for that source alone (a slab that few rules meet),
    //   and then for every source, but only for the (protocol, destination,
    //   ports) the probe saw accepted.
    // - FW206 reads a rule's accepted tcp ports from its range's start up,
    //   FW207 port 440: those parts of the space.
    // "Open to any source" is then the complement of the non-accepted
    // packets widened to every source (universal_part, without building
    // either set whole): a packet is open iff no packet differing from it
    // only in the source is denied or left undecided. Exact: every packet a
    // finding is about lies in the evaluated part, and so does every
    // non-accepted packet that can close one (see open_part).
    void run_space() {
        const Family f = policy_.family;
        // Which findings are possible at all: accepting rules check() can
        // report on (and an ACCEPT policy). Read while the chain is read.
        bool open = builtin_.policy == Action::accept;
        bool kerberos = false;
        std::vector<PacketSet> rpc_hulls;
        const std::array<u128, 3> probes = probe_sources(f);
        std::array<std::size_t, 3> held{};  // rule boxes holding each probe source
        ChainSpace space(policy_, builtin_, [&](const Chain&, const Rule& r) {
            for (const Box& b : r.match.boxes(f))
                for (std::size_t k = 0; k < probes.size(); ++k)
                    if (b.dims[src_dim].contains(probes[k])) ++held[k];
            if (r.action != Action::accept || !r.enabled || !r.new_flows) return;
            Reportable why = reportable(r);
            open = open || why.any_source;
            kerberos = kerberos || why.kerberos;
            if (why.rpc_from > max_port) return;
            // The range within the rule's bounds.
            auto boxes = r.match.boxes(f);
            Box hull = Box::all(f);
            for (std::size_t d = 0; d < dim_count; ++d) {
                u128 lo = boxes.front().dims[d].min(), hi = boxes.front().dims[d].max();
                for (const Box& b : boxes) lo = std::min(lo, b.dims[d].min()), hi = std::max(hi, b.dims[d].max());
                hull.dims[d] = IntervalSet::range(lo, hi);
            }
            hull.dims[proto_dim] = IntervalSet::single(proto_tcp);
            hull.dims[dport_dim] = IntervalSet::range(why.rpc_from, max_port);
            rpc_hulls.push_back(PacketSet::of(f, hull));
        });
        if (!open && rpc_hulls.empty() && !kerberos) return;
        // Any source would do for the probe; one that few rules name keeps
        // its slab small.
        const u128 probe = probes[std::size_t(std::min_element(held.begin(), held.end()) - held.begin())];

        std::vector<Group> groups;
        std::vector<std::pair<const Rule*, std::size_t>> where;  // rule -> groups index, sorted by rule
        auto take = [&](const SpaceEvaluation& ev, bool in_open_region) {
            for (const Decision& d : ev.decisions) {
                if (d.verdict != Verdict::accept) {
                    if (in_open_region)
                        for (const Box& b : d.packets.boxes(f)) not_accepted_.push_back(b);
                    continue;
                }
                if (!may_report(d.rule)) continue;
                auto it = std::lower_bound(where.begin(), where.end(), d.rule, [](const auto& w, const Rule* r) {
                    return std::less<const Rule*>()(w.first, r);
                });
                if (it == where.end() || it->first != d.rule) {
                    it = where.insert(it, {d.rule, groups.size()});
                    groups.push_back(Group{d.rule, d.chain, PacketSet(), PacketSet()});
                }
                // Windows decisions of one rule may overlap (exposure_space.hpp).
                Group& g = groups[it->second];
                if (policy_.order == EvaluationOrder::first_match) {
                    g.packets.add_disjoint(d.packets);
                    if (in_open_region) g.open_scope.add_disjoint(d.packets);
                } else {
                    g.packets = g.packets.unite(d.packets);
                    if (in_open_region) g.open_scope = g.open_scope.unite(d.packets);
                }
            }
            unsure_.add_disjoint(ev.unsure);
        };
        // A part too dense to evaluate (the safety net of ChainSpace) leaves
        // its checks out, with a note.
        auto skip = [&](const char* checks, const SpaceEvaluation& ev, const PacketSet& part) {
            Exposure e;
            e.kind = ExposureKind::not_evaluated;
            e.family = f;
            e.builtin = e.chain = &builtin_;
            e.skipped = checks;
            e.region_rules = ev.region_rules;
            e.packets = part;
            out_.push_back(std::move(e));
        };

        PacketSet open_region;
        if (open) {
            Box slab = Box::all(f);
            slab.dims[src_dim] = IntervalSet::single(probe);
            const PacketSet probe_part = PacketSet::of(f, slab);
            SpaceEvaluation probed = space.evaluate(probe_part);
            std::vector<PacketSet> widened;
            for (const Decision& d : probed.decisions) {
                if (d.verdict != Verdict::accept) {
                    for (const Box& b : d.packets.boxes(f)) not_accepted_.push_back(b);
                    continue;
                }
                for (Box b : d.packets.boxes(f)) {
                    b.dims[src_dim] = IntervalSet::range(0, address_max(f));
                    widened.push_back(PacketSet::of(f, b));
                }
            }
            if (!probed.complete) {
                skip("FW203-FW205", probed, probe_part);
                not_accepted_.clear();
            } else {
                open_region = unite_all(widened);
                if (!open_region.empty()) {
                    SpaceEvaluation ev = space.evaluate(open_region);
                    if (ev.complete) {
                        take(ev, true);
                    } else {
                        skip("FW203-FW205", ev, open_region);
                        open_region = PacketSet();
                        not_accepted_.clear();
                    }
                }
            }
        }
        open_evaluated_ = open;
        // FW207: tcp and udp port 440. FW206: the tcp ranges of the rules
        // that could be reported, within their bounds.
        PacketSet kerberos_part, rpc_part;
        if (kerberos)
            kerberos_part = proto_ports(f, IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp)),
                                        IntervalSet::single(mistaken_kerberos_port))
                                .subtract(open_region);
        if (!rpc_hulls.empty()) {
            if (rpc_hulls.size() > 64) {  // their bounding box: a union of thousands costs more than it saves
                Box hull = rpc_hulls.front().boxes(f).front();
                for (const PacketSet& h : rpc_hulls)
                    for (std::size_t d = 0; d < dim_count; ++d) {
                        const Box& b = h.boxes(f).front();
                        hull.dims[d] = IntervalSet::range(std::min(hull.dims[d].min(), b.dims[d].min()),
                                                          std::max(hull.dims[d].max(), b.dims[d].max()));
                    }
                rpc_part = PacketSet::of(f, hull);
            } else {
                rpc_part = unite_all(rpc_hulls);
            }
            rpc_part = rpc_part.subtract(open_region).subtract(kerberos_part);
        }
        rpc_evaluated_ = kerberos_evaluated_ = true;
        if (!kerberos_part.empty()) {
            SpaceEvaluation ev = space.evaluate(kerberos_part);
            if (ev.complete) take(ev, false);
            else skip("FW207", ev, kerberos_part), kerberos_evaluated_ = false;
        }
        if (!rpc_part.empty()) {
            SpaceEvaluation ev = space.evaluate(rpc_part);
            if (ev.complete) take(ev, false);
            else skip("FW206", ev, rpc_part), rpc_evaluated_ = false;
        }
        for (Group& g : groups) {
            if (g.packets.box_count() > 1) g.packets.compact();
            if (g.open_scope.box_count() > 1) g.open_scope.compact();
        }
        space_ = true;
        for (const Group& g : groups) check(g);
    }

    // A Windows allow limited to a program or service (not to packets).
    static bool scoped(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& c) { return c.scope_only; });
    }
    // A rule that accepts packets only if some condition holds (remoteip=LocalSubnet, RPC...).
    static bool conditional(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(),
                           [](const Condition& c) { return !c.scope_only && !c.loopback_only; });
    }

    // Why an accepting rule may be reported: FW203-FW205 need a rule written
    // for any source, FW206 a tcp range running on to 65535 from below
    // 49152 (`rpc_from`: its start), FW207 port 440 as a port or range end
    // of its own.
    struct Reportable {
        bool any_source = false;
        u128 rpc_from = max_port + 1;
        bool kerberos = false;
    };
    Reportable reportable(const Rule& r) const {
        const Family f = policy_.family;
        Reportable out;
        auto boxes = r.match.boxes(f);
        if (boxes.empty()) return out;
        out.any_source = boxes.size() == 1 ? boxes.front().dims[src_dim].is_all(address_max(f))
                                           : r.match.project(f, src_dim).is_all(address_max(f));
        for (unsigned proto : {proto_tcp, proto_udp}) {
            // The rule's own ports of the protocol (several boxes: their union).
            IntervalSet several;
            const IntervalSet* own = nullptr;
            if (boxes.size() == 1) {
                if (!boxes.front().dims[proto_dim].contains(proto)) continue;
                own = &boxes.front().dims[dport_dim];
            } else {
                several = r.match.intersect(proto_all(f, proto)).project(f, dport_dim);
                own = &several;
            }
            for (const auto& iv : own->intervals()) {
                if (proto == proto_tcp && iv.lo < rpc_dynamic_lo && iv.hi == max_port) out.rpc_from = std::min(out.rpc_from, iv.lo);
                if (iv.lo == mistaken_kerberos_port || iv.hi == mistaken_kerberos_port) out.kerberos = true;
            }
        }
        return out;
    }

    // Whether check() can report anything for the accepting rule `r`
    // (nullptr: the chain policy).
    bool may_report(const Rule* r) const {
        if (!r) return true;
        Reportable why = reportable(*r);
        return why.any_source || why.rpc_from <= max_port || why.kerberos;
    }

    // Source addresses for the probe of run_space: in the documentation
    // networks (RFC 5737, RFC 3849), which few rules name.
    static std::array<u128, 3> probe_sources(Family f) {
        if (f == Family::v4) return {0xC0000200u + 77, 0xC6336400u + 77, 0xCB007100u + 77};
        const u128 doc = u128(0x20010db8u) << 96;
        return {doc + (u128(0x77) << 64) + 0x77, doc + (u128(0x5eed) << 64) + 0x5eed, doc + (u128(0xf00d) << 64) + 0xf00d};
    }

    // Union of many sets, pairwise: each set is united with one of similar
    // size, not with an ever-growing total.
    static PacketSet unite_all(std::vector<PacketSet>& sets) {
        if (sets.empty()) return {};
        while (sets.size() > 1) {
            std::vector<PacketSet> next;
            for (std::size_t i = 0; i + 1 < sets.size(); i += 2) next.push_back(sets[i].unite(sets[i + 1]));
            if (sets.size() % 2) next.push_back(std::move(sets.back()));
            sets.swap(next);
        }
        return std::move(sets.front());
    }

    void not_evaluated() {
        Exposure e;
        e.kind = ExposureKind::not_evaluated;
        e.family = policy_.family;
        e.builtin = e.chain = &builtin_;
        e.reachable_rules = reachable_rules();
        out_.push_back(std::move(e));
    }

    // The part of `p` (accepted packets; for the leaf walk, those of the
    // region the probe left open) accepted from every source (and, with
    // `dst_too`, to every destination as well). For the leaf walk,
    // not_accepted_ holds every non-accepted packet that differs from a
    // packet of `p` only in the source: `p`'s (protocol, destination, ports)
    // were accepted from the probe's source, so all sources of them were
    // evaluated. With `dst_too`, those that differ in the destination too:
    // such a packet whose (protocol, destination, ports) the probe did not
    // see accepted has a non-accepted twin from the probe's source.
    PacketSet open_part(const PacketSet& p, bool dst_too) {
        if (!space_) return p.intersect(dst_too ? open_src_dst_ : open_src_);
        Widened& w = dst_too ? widened_src_dst_ : widened_src_;
        if (!w.index) w.build(not_accepted_, policy_.family, dst_too);
        const Family f = policy_.family;
        PacketSet out;
        std::vector<std::uint32_t> meeting;
        for (const Box& b : p.boxes(f)) {
            PacketSet piece = PacketSet::of(f, b);
            PointKeys lo, hi;
            keys_of(b, f, lo, hi);
            w.index->meeting(lo, hi, 0, meeting);
            for (std::uint32_t k : meeting) {
                if (piece.empty()) break;
                PacketSet cut = PacketSet::of(f, w.boxes[k]);
                if (piece.intersects(cut)) piece = piece.subtract(cut);
            }
            out.add_disjoint(piece);
        }
        if (out.box_count() > 1) out.compact();
        return out;
    }

    // The packets of `p` accepted only if some unmodelled condition holds.
    PacketSet maybe_part(const PacketSet& p) const { return space_ ? p.intersect(unsure_) : p.subtract(sure_); }

    // Index keys of a box's bounds (as analyze/shadowing.cpp keys rules):
    // destination port, destination and source address, IPv6 addresses by
    // their top 32 bits.
    static void keys_of(const Box& b, Family f, PointKeys& lo, PointKeys& hi) {
        const unsigned shift = f == Family::v6 ? 96 : 0;
        const std::array<Dim, point_key_count> dims = {dport_dim, dst_dim, src_dim};
        for (std::size_t d = 0; d < point_key_count; ++d) {
            unsigned s = dims[d] == dport_dim ? 0 : shift;
            lo[d] = std::uint32_t(b.dims[dims[d]].min() >> s);
            hi[d] = std::uint32_t(b.dims[dims[d]].max() >> s);
        }
    }

    // The non-accepted boxes widened to every source (and destination),
    // each once, with an index of their bounds.
    struct Widened {
        std::vector<Box> boxes;
        std::optional<RangeIndex> index;
        void build(const std::vector<Box>& not_accepted, Family f, bool dst_too) {
            boxes = not_accepted;
            for (Box& b : boxes) {
                b.dims[src_dim] = IntervalSet::range(0, address_max(f));
                if (dst_too) b.dims[dst_dim] = IntervalSet::range(0, address_max(f));
            }
            auto less = [](const Box& x, const Box& y) {
                for (std::size_t k = 0; k < dim_count; ++k) {
                    if (x.dims[k] < y.dims[k]) return true;
                    if (y.dims[k] < x.dims[k]) return false;
                }
                return false;
            };
            std::sort(boxes.begin(), boxes.end(), less);
            boxes.erase(std::unique(boxes.begin(), boxes.end()), boxes.end());
            std::vector<PointIndex::Entry> entries;
            entries.reserve(boxes.size());
            for (std::size_t k = 0; k < boxes.size(); ++k) {
                PointIndex::Entry e{std::uint32_t(k), {}, {}};
                keys_of(boxes[k], f, e.lo, e.hi);
                entries.push_back(e);
            }
            index.emplace(entries);
        }
    };

private:
    Exposure make(const Group& g, ExposureKind kind, const PacketSet& packets) const {
        Exposure e;
        e.kind = kind;
        e.family = policy_.family;
        e.builtin = &builtin_;
        e.chain = g.chain;
        e.rule = g.rule;
        e.packets = packets;
        e.sources = count(packets, policy_.family, src_dim);
        e.destinations = count(packets, policy_.family, dst_dim);
        return e;
    }

    // Conditions the part of `packets` outside `sure` depends on.
    void conditions(Exposure& e) {
        // A Windows program or service scope narrows the rule to one process,
        // not the packets: the rule surely accepts them, but for that process
        // only, which the finding names.
        if (e.rule)
            for (const auto& c : e.rule->conditions)
                if (c.scope_only) e.only_if.push_back(ConditionRef{e.rule, &c});
        PacketSet maybe = maybe_part(e.packets);
        // Windows, no order: a conditional rule accepts all of its part only
        // if its condition holds, even where a program's allow also takes it.
        if (policy_.order != EvaluationOrder::first_match && e.rule && conditional(*e.rule)) maybe = e.packets;
        if (maybe.empty()) return;
        auto add = [&e](std::vector<ConditionRef>& v, const Rule* r) {
            for (const auto& c : r->conditions)
                if (!c.loopback_only && !(c.scope_only && r == e.rule)) v.push_back(ConditionRef{r, &c});
        };
        if (e.rule) add(e.only_if, e.rule);
        // Conditional rules on the walk from the built-in chain that meet the
        // uncertain part: jumps lead there only if they hold, drops and
        // returns were assumed not to hold.
        std::vector<const Chain*> todo{&builtin_}, seen;
        while (!todo.empty()) {
            const Chain* c = todo.back();
            todo.pop_back();
            if (!c || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
            seen.push_back(c);
            for (const Rule* rp : watched(*c)) {
                const Rule& r = *rp;
                if (&r == e.rule || (c == e.chain && e.rule && &r > e.rule)) break;
                if (!r.enabled || !r.new_flows || !r.match.intersects(maybe)) continue;
                // Only the chains the uncertain packets can enter.
                bool jumps = r.action == Action::jump || r.action == Action::go_to;
                if (jumps) todo.push_back(policy_.find_chain(r.target));
                if (r.conditions.empty()) continue;
                if (jumps) {
                    if (e.chain != c && leads_to(policy_.find_chain(r.target), e.chain)) add(e.only_if, &r);
                } else if (r.action != Action::accept && r.action != Action::log && r.action != Action::none) {
                    add(e.unless, &r);
                }
            }
        }
    }

    // The rules of `c` conditions() looks at, in order: jumps and gotos,
    // and rules with conditions (a chain of 10,000 rules may have a few).
    const std::vector<const Rule*>& watched(const Chain& c) {
        for (const auto& [chain, rules] : watched_)
            if (chain == &c) return rules;
        std::vector<const Rule*> rules;
        for (const Rule& r : c.rules)
            if (r.action == Action::jump || r.action == Action::go_to || !r.conditions.empty()) rules.push_back(&r);
        watched_.emplace_back(&c, std::move(rules));
        return watched_.back().second;
    }

    static std::vector<PacketSet> slices(Family f) {
        std::vector<PacketSet> out;
        IntervalSet ported = IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp));
        for (unsigned proto : {proto_tcp, proto_udp})
            for (u128 lo = 0; lo <= max_port; lo += slice_ports)
                out.push_back(proto_ports(f, IntervalSet::single(proto), IntervalSet::range(lo, lo + slice_ports - 1)));
        out.push_back(PacketSet::all(f).subtract(proto_ports(f, ported, IntervalSet::range(0, max_port))));
        return out;
    }

    // The most rules (of the reachable chains) that meet one slice: a
    // slice's walk costs about the square of them, and more when they cut
    // the remainder into many boxes.
    std::size_t busiest_slice(Family f) const {
        std::vector<const Rule*> rules;
        for (const Chain* c : reachable_chains())
            for (const Rule& r : c->rules)
                if (r.enabled && r.new_flows) rules.push_back(&r);
        std::size_t most = 0;
        for (const PacketSet& slice : slices(f)) {
            std::size_t k = 0;
            for (const Rule* r : rules)
                if (r->match.intersects(slice) && ++k > max_exposure_slice_rules) return k;  // enough to know
            most = std::max(most, k);
        }
        return most;
    }

    std::vector<const Chain*> reachable_chains() const { return policy_.reachable_from(builtin_); }

    std::size_t reachable_rules() const {
        std::size_t n = 0;
        for (const Chain* c : reachable_chains()) n += c->rules.size();
        return n;
    }

    bool leads_to(const Chain* from, const Chain* to) {
        if (!from) return false;
        for (const auto& [a, b, yes] : leads_)
            if (a == from && b == to) return yes;
        auto chains = policy_.reachable_from(*from);
        bool yes = std::find(chains.begin(), chains.end(), to) != chains.end();
        leads_.emplace_back(from, to, yes);
        return yes;
    }

    void emit(Exposure e) {
        conditions(e);
        out_.push_back(std::move(e));
    }

    // Whether the rule itself names no narrower source (destination): a rule
    // for 10.0.0.0/8 is not "open to any source" because the chain policy
    // accepts the other sources (the finding is the policy's).
    bool written_for_any(const Group& g, Dim d) const {
        if (!g.rule) return true;
        return g.rule->match.project(policy_.family, d).is_all(address_max(policy_.family));
    }

    void check(const Group& g) {
        const Family f = policy_.family;
        const PacketSet& p = g.packets;
        const IntervalSet tcp_udp = IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp));
        const IntervalSet all_ports = IntervalSet::range(0, max_port);

        // FW203: any source to any destination, every tcp and udp port (the
        // rule's own part of it: every source, destination and port appears).
        const bool any_source = open_evaluated_ && written_for_any(g, src_dim);
        PacketSet anywhere = any_source && written_for_any(g, dst_dim) ? open_part(g.open_scope, true) : PacketSet();
        if (!anywhere.empty()) {
            IntervalSet protos = anywhere.project(f, proto_dim);
            IntervalSet ports = anywhere.intersect(proto_ports(f, tcp_udp, all_ports)).project(f, dport_dim);
            if (tcp_udp.is_subset_of(protos) && ports.is_all(max_port)) {
                Exposure e = make(g, ExposureKind::any_to_any, anywhere);
                e.all_protocols = protos.is_all(max_proto);
                e.ports = ports;
                emit(std::move(e));
                return;  // the wider findings below would only repeat it
            }
        }

        // FW204, FW205: from any source.
        PacketSet any_src = any_source ? open_part(g.open_scope, false) : PacketSet();
        PacketSet risky_part;
        std::vector<const RiskyService*> risky;
        IntervalSet risky_ports;
        for (unsigned proto : {proto_tcp, proto_udp}) {
            PacketSet part = any_src.intersect(proto_all(f, proto));
            if (part.empty()) continue;
            IntervalSet ports = part.project(f, dport_dim);
            if (ports.size() > max_open_ports_) {
                Exposure e = make(g, ExposureKind::wide_ports, part);
                e.proto = proto;
                e.ports = ports;
                emit(std::move(e));
            }
            for (const auto& s : risky_services()) {
                if (s.proto != proto) continue;
                IntervalSet hit = ports.intersect(IntervalSet::range(s.lo, s.hi));
                if (hit.empty()) continue;
                risky.push_back(&s);
                risky_part = risky_part.unite(part.intersect(proto_ports(f, IntervalSet::single(proto), hit)));
            }
        }
        if (!risky.empty()) {
            Exposure e = make(g, ExposureKind::risky_service, risky_part);
            e.services = std::move(risky);
            e.ports = risky_part.project(f, dport_dim);
            emit(std::move(e));
        }

        // FW206, FW207 are about the ports a rule names: the chain policy,
        // and a rule that names no tcp/udp ports, have nothing to narrow.
        if (!g.rule) return;

        // FW206: an RPC range much wider than 49152-65535, from any source or not.
        if (rpc_evaluated_) {
            PacketSet tcp = p.intersect(proto_all(f, proto_tcp));
            IntervalSet own = g.rule->match.intersect(proto_all(f, proto_tcp)).project(f, dport_dim);
            IntervalSet ports = tcp.project(f, dport_dim);
            // The rule's range that runs on into 49152-65535 (135 beside
            // 1024-65535 is the endpoint mapper, not part of the range).
            IntervalSet range;
            for (const auto& iv : own.intervals())
                if (iv.lo < rpc_dynamic_lo && iv.hi == max_port) range = IntervalSet::range(iv.lo, iv.hi);
            IntervalSet excess = ports.intersect(range).intersect(IntervalSet::range(0, rpc_dynamic_lo - 1));
            if (!tcp.empty() && !range.empty() && !own.is_all(max_port) &&
                IntervalSet::range(rpc_dynamic_lo, max_port).is_subset_of(ports) &&
                excess.size() > rpc_excess_threshold) {
                Exposure e = make(g, ExposureKind::rpc_range, tcp.intersect(proto_ports(f, IntervalSet::single(proto_tcp), range)));
                e.proto = proto_tcp;
                e.ports = range;
                e.excess = excess;
                emit(std::move(e));
            }
        }

        // FW207: port 440 accepted where the rule names it as a port of its
        // own (or a range end), not inside a wider range.
        if (kerberos_evaluated_) {
            IntervalSet protos;
            for (unsigned proto : {proto_tcp, proto_udp}) {
                IntervalSet own = g.rule->match.intersect(proto_all(f, proto)).project(f, dport_dim);
                IntervalSet ports = p.intersect(proto_all(f, proto)).project(f, dport_dim);
                if (!ports.contains(mistaken_kerberos_port)) continue;
                for (const auto& iv : own.intervals())
                    if (iv.lo == mistaken_kerberos_port || iv.hi == mistaken_kerberos_port) protos.add(proto, proto);
            }
            if (!protos.empty()) {
                PacketSet part = p.intersect(proto_ports(f, protos, IntervalSet::single(mistaken_kerberos_port)));
                Exposure e = make(g, ExposureKind::mistaken_port, part);
                e.proto = protos.size() == 1 ? unsigned(protos.min()) : 0;
                e.ports = IntervalSet::single(mistaken_kerberos_port);
                emit(std::move(e));
            }
        }
    }

    const Policy& policy_;
    const Chain& builtin_;
    u128 max_open_ports_;  // FW204
    std::vector<Exposure>& out_;
    bool reference_ = false;  // the slice-by-slice walk for every policy (tests compare the two)
    // The slice walk (Windows policies, reference_):
    PacketSet open_src_;      // accepted from every source
    PacketSet open_src_dst_;  // accepted from every source to every destination
    PacketSet sure_;          // accepted whatever the unmodelled conditions
    // The leaf walk:
    bool space_ = false;
    // Whether the parts of the space FW203-FW205, FW206, FW207 need were
    // evaluated (the slice walk evaluates all or nothing).
    bool open_evaluated_ = true, rpc_evaluated_ = true, kerberos_evaluated_ = true;
    std::vector<Box> not_accepted_;  // boxes of the non-accept decisions
    Widened widened_src_, widened_src_dst_;
    PacketSet unsure_;               // accepted only if some unmodelled condition holds
    // Caches of conditions():
    std::vector<std::pair<const Chain*, std::vector<const Rule*>>> watched_;
    std::vector<std::tuple<const Chain*, const Chain*, bool>> leads_;
};

}  // namespace

PacketSet any_source_part(const PacketSet& packets, Family f) { return universal_part(packets, f, {src_dim}); }

std::vector<Exposure> find_exposures(const Policy& policy, u128 max_open_ports) {
    std::vector<const Chain*> entries;
    for (const char* name : {"INPUT", "FORWARD"}) {
        const Chain* chain = policy.find_chain(name);
        if (chain && chain->builtin) entries.push_back(chain);
    }
    return find_exposures(policy, entries, max_open_ports);
}

std::vector<Exposure> find_exposures(const Policy& policy, const std::vector<const Chain*>& entries,
                                     u128 max_open_ports) {
    std::vector<Exposure> out;
    for (const Chain* chain : entries) ChainExposure(policy, *chain, max_open_ports, out, false).run();
    return out;
}

std::vector<Exposure> find_exposures_reference(const Policy& policy, const std::vector<const Chain*>& entries,
                                               u128 max_open_ports) {
    std::vector<Exposure> out;
    for (const Chain* chain : entries) ChainExposure(policy, *chain, max_open_ports, out, true).run();
    return out;
}

}  // namespace fwlint
