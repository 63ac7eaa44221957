// Which parts of a chain's space the exposure lints evaluate leaf by leaf
// (run_space): the probe source's slab and what it saw accepted for
// FW203-FW205, the rules' RPC ranges for FW206, port 440 for FW207.
#include <algorithm>
#include <functional>

#include "analyze/exposure_chain.hpp"
#include "analyze/exposure_space.hpp"

namespace fwlint::exposure_detail {

void ChainExposure::run_space() {
    const Family f = policy_.family;
    double since = cost_ ? thread_seconds() : 0;
    auto lap = [&](double ExposureCost::*part) {
        if (!cost_) return;
        const double now = thread_seconds();
        cost_->*part += now - since;
        since = now;
    };
    // Which findings are possible at all: accepting rules check() can
    // report on (and an ACCEPT policy). Read while the chain is read.
    bool open = builtin_.policy == Action::accept;
    bool kerberos = false;
    std::vector<PacketSet> rpc_hulls;
    std::vector<std::pair<const Rule*, u128>> rpc_rules;  // and where their ranges start
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
        rpc_rules.emplace_back(&r, why.rpc_from);
    });
    lap(&ExposureCost::read);
    if (!open && rpc_hulls.empty() && !kerberos) return;
    // Any source would do for the probe; one that few rules name keeps
    // its slab small.
    const u128 probe = probes[std::size_t(std::min_element(held.begin(), held.end()) - held.begin())];

    std::vector<Group> groups;
    std::vector<std::pair<const Rule*, std::size_t>> where;  // rule -> groups index, sorted by rule
    auto group_of = [&](const Decision& d) -> Group& {
        auto it = std::lower_bound(where.begin(), where.end(), d.rule, [](const auto& w, const Rule* r) {
            return std::less<const Rule*>()(w.first, r);
        });
        if (it == where.end() || it->first != d.rule) {
            it = where.insert(it, {d.rule, groups.size()});
            groups.push_back(Group{d.rule, d.chain, PacketSet(), PacketSet(), PacketSet(), PacketSet()});
        }
        return groups[it->second];
    };
    // The diverging rules' strict accepts (SpaceEvaluation::diverging):
    // the strict walk's decisions where it ran, the lenient ones elsewhere.
    auto take_strict = [&](const SpaceEvaluation& ev, bool in_open_region) {
        auto add = [&](const Decision& d) {
            if (d.verdict != Verdict::accept || !may_report(d.rule) ||
                !std::binary_search(ev.diverging.begin(), ev.diverging.end(), d.rule, std::less<const Rule*>()))
                return;
            Group& g = group_of(d);
            g.strict_packets.add_disjoint(d.packets);
            if (in_open_region) g.strict_scope.add_disjoint(d.packets);
        };
        for (const Decision& d : ev.strict) add(d);
        std::size_t k = 0;
        for (const auto& [from, to] : ev.strict_leaves) {
            for (; k < from; ++k) add(ev.decisions[k]);
            k = std::max(k, to);
        }
        for (; k < ev.decisions.size(); ++k) add(ev.decisions[k]);
    };
    auto take = [&](const SpaceEvaluation& ev, bool in_open_region) {
        if (in_open_region)
            for (const Box& b : ev.unsure.boxes(f)) not_sure_.push_back(b);
        if (!ev.diverging.empty()) take_strict(ev, in_open_region);
        for (const Decision& d : ev.decisions) {
            if (d.verdict != Verdict::accept) {
                if (in_open_region)
                    for (const Box& b : d.packets.boxes(f)) not_accepted_.push_back(b);
                continue;
            }
            if (!may_report(d.rule)) continue;
            // Windows decisions of one rule may overlap (exposure_space.hpp).
            Group& g = group_of(d);
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
            not_accepted_.clear(), not_sure_.clear();
        } else {
            open_region = unite_all(widened);
            if (!open_region.empty()) {
                SpaceEvaluation ev = space.evaluate(open_region);
                if (ev.complete) {
                    take(ev, true);
                } else {
                    skip("FW203-FW205", ev, open_region);
                    open_region = PacketSet();
                    not_accepted_.clear(), not_sure_.clear();
                }
            }
        }
    }
    open_evaluated_ = open;
    lap(&ExposureCost::open);
    // FW207: tcp and udp port 440. FW206: the tcp ranges of the rules
    // that could be reported, within their bounds.
    PacketSet kerberos_part, rpc_part;
    if (kerberos)
        kerberos_part = proto_ports(f, IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp)),
                                    IntervalSet::single(mistaken_kerberos_port))
                            .subtract(open_region);
    // A list that jumps nowhere: each rule's range, rule by rule
    // (exposure_by_rule.cpp); else the ranges' region, leaf by leaf.
    const bool by_rule = !rpc_rules.empty() && space.chains().size() == 1 && jumps_nowhere(policy_, builtin_);
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
    lap(&ExposureCost::kerberos);
    if (by_rule) {
        const PacketSet excluded = open_region.unite(kerberos_part);
        std::vector<const Rule*> rules;
        std::vector<PacketSet> parts;
        for (const auto& [r, from] : rpc_rules) {
            PacketSet part = r->match.intersect(proto_ports(f, IntervalSet::single(proto_tcp), IntervalSet::range(from, max_port)));
            if (!excluded.empty() && part.intersects(excluded)) part = part.subtract(excluded);
            rules.push_back(r);
            parts.push_back(std::move(part));
        }
        SpaceEvaluation ev = accepted_by_rule(policy_, builtin_, rules, parts);
        if (ev.complete) take(ev, false);
        else skip("FW206", ev, rpc_part), rpc_evaluated_ = false;
    } else if (!rpc_part.empty()) {
        SpaceEvaluation ev = space.evaluate(rpc_part);
        if (ev.complete) take(ev, false);
        else skip("FW206", ev, rpc_part), rpc_evaluated_ = false;
    }
    for (Group& g : groups) {
        if (g.packets.box_count() > 1) g.packets.compact();
        if (g.open_scope.box_count() > 1) g.open_scope.compact();
        if (g.strict_packets.box_count() > 1) g.strict_packets.compact();
        if (g.strict_scope.box_count() > 1) g.strict_scope.compact();
    }
    lap(&ExposureCost::rpc);
    space_ = true;
    for (const Group& g : groups) check(g);
    lap(&ExposureCost::findings);
}

ChainExposure::Reportable ChainExposure::reportable(const Rule& r) const {
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

PacketSet ChainExposure::unite_all(std::vector<PacketSet>& sets) {
    if (sets.empty()) return {};
    while (sets.size() > 1) {
        std::vector<PacketSet> next;
        for (std::size_t i = 0; i + 1 < sets.size(); i += 2) next.push_back(sets[i].unite(sets[i + 1]));
        if (sets.size() % 2) next.push_back(std::move(sets.back()));
        sets.swap(next);
    }
    return std::move(sets.front());
}

}  // namespace fwlint::exposure_detail
