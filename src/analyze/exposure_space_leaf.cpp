// One leaf walked in both condition modes, exactly as evaluate_chain walks,
// over the rules that meet it.
#include <algorithm>

#include "analyze/exposure_space_detail.hpp"

namespace fwlint::space_detail {

void Space::leaf(const Region& region, const std::vector<std::uint32_t>& items, const std::vector<std::uint32_t>& parts,
                 std::size_t partial) {
    ++out_.leaves;
    out_.densest_leaf = std::max(out_.densest_leaf, partial);
    const Family f = policy_.family;
    Box box;
    for (std::size_t d = 0; d < dim_count; ++d) box.dims[d] = IntervalSet::range(region.lo[d], region.hi[d]);
    // The leaf's share of the region: the leaf itself when one box of
    // the region covers it (the boxes are disjoint: no other meets it).
    PacketSet query;
    if (parts.size() == 1 && parts_[parts.front()].solid && spans(parts_[parts.front()], region)) {
        query = PacketSet::of(f, box);
    } else {
        const PacketSet whole = PacketSet::of(f, box);
        for (std::uint32_t p : parts) query.add_disjoint(whole.intersect(PacketSet::of(f, *parts_[p].box)));
        if (query.empty()) return;
    }
    // Each rule's match clipped to the leaf: the walk's query stays in
    // the leaf, so it meets and loses the same packets, and a rule of
    // scattered hosts is only the few of them inside.
    spans_.assign(chains_.size(), {0, 0});
    leaf_rules_list_.clear();
    clipped_.clear();
    const PacketSet leaf_set = PacketSet::of(f, box);
    for (std::size_t k = 0; k < items.size(); ++k) {
        const Item& it = items_[items[k]];
        if (k > 0 && it.chain == items_[items[k - 1]].chain && it.rule == items_[items[k - 1]].rule) continue;
        PacketSet part = it.solid && spans(it, region)
                             ? leaf_set
                             : chains_[it.chain]->rules[it.rule].match.intersect(leaf_set);
        if (part.empty()) continue;  // its hull met the leaf, not its boxes
        if (spans_[it.chain].second == 0) spans_[it.chain].first = leaf_rules_list_.size();
        leaf_rules_list_.push_back(it.rule);
        clipped_.push_back(std::move(part));
        spans_[it.chain].second = leaf_rules_list_.size();
    }

    std::size_t first = out_.decisions.size();
    conditions_met_ = false;
    run(query, ConditionMode::lenient, &out_.decisions);
    if (!conditions_met_) return;
    PacketSet lenient;
    for (std::size_t k = first; k < out_.decisions.size(); ++k)
        if (out_.decisions[k].verdict == Verdict::accept) lenient.add_disjoint(out_.decisions[k].packets);
    if (lenient.empty()) return;  // the strict walk accepts no more than the lenient one
    strict_decisions_.clear();
    run(query, ConditionMode::strict, &strict_decisions_);
    PacketSet strict;
    for (const Decision& d : strict_decisions_)
        if (d.verdict == Verdict::accept) strict.add_disjoint(d.packets);
    PacketSet only_lenient = lenient.subtract(strict);
    if (policy_.order == EvaluationOrder::first_match) {
        // A rule whose strict accepts are not all its lenient ones: an
        // earlier conditional ACCEPT took them in the lenient walk.
        // Only what both walks accept: a conditional RETURN to an ACCEPT
        // policy makes the strict walk accept packets the lenient one does
        // not, only if its condition holds.
        const std::size_t end = out_.decisions.size();
        for (Decision& d : strict_decisions_) {
            if (d.verdict != Verdict::accept) continue;
            if (!d.packets.is_subset_of(lenient)) d.packets = d.packets.intersect(lenient);
            if (d.packets.empty()) continue;
            PacketSet mine;
            for (std::size_t k = first; k < end; ++k)
                if (out_.decisions[k].verdict == Verdict::accept && out_.decisions[k].rule == d.rule)
                    mine.add_disjoint(out_.decisions[k].packets);
            if (!d.packets.is_subset_of(mine)) out_.diverging.push_back(d.rule);
            out_.strict.push_back(std::move(d));
        }
        out_.strict_leaves.emplace_back(first, end);
    }
    if (policy_.order == EvaluationOrder::windows_precedence && !strict.empty()) {
        // Windows has no rule order: a packet an unconditional allow
        // accepts is that rule's (as the strict walk says), even where a
        // conditional one (remoteip=LocalSubnet) would accept it too. An
        // allow limited to one program takes it only for that program:
        // the conditional rule keeps it too (these decisions overlap).
        PacketSet sure_for_all;
        for (const Decision& d : strict_decisions_)
            if (d.verdict == Verdict::accept && !(d.rule && scoped(*d.rule))) sure_for_all.add_disjoint(d.packets);
        std::size_t kept = first;
        for (std::size_t k = first; k < out_.decisions.size(); ++k) {
            Decision& d = out_.decisions[k];
            if (d.verdict == Verdict::accept) d.packets = d.packets.subtract(sure_for_all);
            if (!d.packets.empty()) out_.decisions[kept++] = std::move(d);
        }
        out_.decisions.resize(kept);
        for (Decision& d : strict_decisions_)
            if (d.verdict == Verdict::accept) out_.decisions.push_back(std::move(d));
    }
    out_.unsure.add_disjoint(only_lenient);
}

void Space::run(const PacketSet& query, ConditionMode mode, std::vector<Decision>* decisions) {
    mode_ = mode_bit(mode);
    decisions_ = decisions;
    stack_.clear();
    PacketSet rest = walk(0, query, 0);
    Verdict v = builtin_.policy == Action::accept ? Verdict::accept : Verdict::deny;
    if (!builtin_.policy) v = Verdict::unknown;
    decide(nullptr, builtin_, v, rest);
}

PacketSet Space::walk(std::size_t c, PacketSet query, int depth) {
    if (depth > max_depth || std::find(stack_.begin(), stack_.end(), c) != stack_.end()) return query;
    stack_.push_back(c);
    const Chain& chain = *chains_[c];
    PacketSet returned;
    std::size_t compact_at = 16;
    const auto [begin, end] = spans_[c];
    for (std::size_t k = begin; k < end; ++k) {
        if (query.empty()) break;
        const std::size_t index = leaf_rules_list_[k];
        const Rule& rule = chain.rules[index];
        const RuleInfo& ri = infos_[c][index];
        const PacketSet& match = clipped_[k];  // rule.match within the leaf
        if (!query.intersects(match)) continue;
        if (ri.conditional) conditions_met_ = true;
        if (!(ri.takes & mode_)) continue;
        PacketSet taken = query.intersect(match);
        out_.work += query.box_count();
        switch (ri.step) {
            case Step::accept: decide(&rule, chain, Verdict::accept, taken); break;
            case Step::deny: decide(&rule, chain, Verdict::deny, taken); break;
            case Step::unknown: decide(&rule, chain, Verdict::unknown, taken); break;
            case Step::ret: returned = returned.unite(taken); break;
            case Step::jump: {
                PacketSet back = walk(std::size_t(ri.target), taken, depth + 1);
                query = query.subtract(taken).unite(back);
                continue;
            }
            case Step::go_to: returned = returned.unite(walk(std::size_t(ri.target), taken, depth + 1)); break;
        }
        // Compacted only when it has grown: a sort of every box per rule
        // would cost more than the walk.
        query = query.subtract_uncompacted(taken);
        if (query.box_count() > compact_at) {
            query.compact();
            compact_at = std::max<std::size_t>(16, 2 * query.box_count());
        }
    }
    stack_.pop_back();
    return returned.unite(query);
}

}  // namespace fwlint::space_detail
