// The slice walk the leaf walk replaced (find_exposures_reference, for the
// tests): every policy walked slice by slice with evaluate_chain, "open to
// any source" taken from the whole accepted set.
#include <algorithm>

#include "analyze/evaluate.hpp"
#include "analyze/exposure_chain.hpp"

namespace fwlint::exposure_detail {

namespace {
constexpr u128 slice_ports = 4096;
}  // namespace

void ChainExposure::run() {
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
    std::vector<Decision> strict_accepts;  // first match: the strict walk's
    for (const PacketSet& slice : slices(f)) {
        Evaluation part = evaluate_chain(policy_, builtin_.name, slice, ConditionMode::lenient);
        PacketSet part_sure = part.accepted;
        if (!unordered && !part.conditions_met)
            for (const auto& d : part.decisions)
                if (d.verdict == Verdict::accept) strict_accepts.push_back(d);
        if (part.conditions_met) {
            Evaluation strict = evaluate_chain(policy_, builtin_.name, slice, ConditionMode::strict);
            part_sure = strict.accepted;
            if (!unordered)
                for (auto d : strict.decisions)
                    if (d.verdict == Verdict::accept) {
                        d.packets = d.packets.intersect(part.accepted);  // accepted in both walks
                        if (!d.packets.empty()) strict_accepts.push_back(std::move(d));
                    }
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
            groups.push_back(Group{d.rule, d.chain, d.packets, d.packets, PacketSet(), PacketSet()});
        else
            it->packets = it->packets.unite(d.packets), it->open_scope = it->packets;
    }
    // A rule whose strict accepts are not all among its lenient ones (an
    // earlier conditional ACCEPT took them): judged by those too.
    std::vector<Group> strict_groups;
    for (const Decision& d : strict_accepts) {
        auto it = std::find_if(strict_groups.begin(), strict_groups.end(),
                               [&](const Group& g) { return g.rule == d.rule && g.chain == d.chain; });
        if (it == strict_groups.end())
            strict_groups.push_back(Group{d.rule, d.chain, PacketSet(), PacketSet(), d.packets, d.packets});
        else
            it->strict_packets = it->strict_packets.unite(d.packets), it->strict_scope = it->strict_packets;
    }
    for (Group& s : strict_groups) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const Group& g) { return g.rule == s.rule && g.chain == s.chain; });
        if (it != groups.end() && s.strict_packets.is_subset_of(it->packets)) continue;
        if (it == groups.end()) {
            groups.push_back(std::move(s));
        } else {
            it->strict_packets = std::move(s.strict_packets);
            it->strict_scope = it->strict_packets;
        }
    }
    // "Open to any source" is a property of what the chain accepts as a
    // whole (an earlier rule that accepts a few sources for everything
    // does not make a later open rule any narrower); each accepting rule
    // is then judged by its own part of that.
    open_src_ = universal_part(lenient.accepted, f, {src_dim});
    open_src_dst_ = universal_part(open_src_, f, {dst_dim});
    sure_src_ = universal_part(sure.intersect(lenient.accepted), f, {src_dim});
    sure_src_dst_ = universal_part(sure_src_, f, {dst_dim});
    sure_ = std::move(sure);
    for (const Group& g : groups) check(g);
}

std::vector<PacketSet> ChainExposure::slices(Family f) {
    std::vector<PacketSet> out;
    IntervalSet ported = IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp));
    for (unsigned proto : {proto_tcp, proto_udp})
        for (u128 lo = 0; lo <= max_port; lo += slice_ports)
            out.push_back(proto_ports(f, IntervalSet::single(proto), IntervalSet::range(lo, lo + slice_ports - 1)));
    out.push_back(PacketSet::all(f).subtract(proto_ports(f, ported, IntervalSet::range(0, max_port))));
    return out;
}

std::size_t ChainExposure::busiest_slice(Family f) const {
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

void ChainExposure::not_evaluated() {
    Exposure e;
    e.kind = ExposureKind::not_evaluated;
    e.family = policy_.family;
    e.builtin = e.chain = &builtin_;
    e.reachable_rules = reachable_rules();
    out_.push_back(std::move(e));
}

}  // namespace fwlint::exposure_detail
