#include "analyze/acl_evaluate.hpp"

#include <algorithm>
#include <stdexcept>

namespace fwlint {

namespace {

bool is_plain_list(const Policy& p) {
    if (p.order != EvaluationOrder::first_match || p.chains.size() != 1) return false;
    const Chain& c = p.chains.front();
    return std::all_of(c.rules.begin(), c.rules.end(), [](const Rule& r) {
        return r.action == Action::accept || r.action == Action::drop || r.action == Action::reject;
    });
}

// Per dimension the one interval that spans the set's values: a box holding
// the set (and more). A rule outside it cannot meet the set.
Box bounds(const PacketSet& s, Family f) {
    Box b;
    const auto& boxes = s.boxes(f);
    if (boxes.empty()) return b;
    for (std::size_t d = 0; d < dim_count; ++d) {
        u128 lo = boxes.front().dims[d].min(), hi = boxes.front().dims[d].max();
        for (const Box& x : boxes) {
            lo = std::min(lo, x.dims[d].min());
            hi = std::max(hi, x.dims[d].max());
        }
        b.dims[d] = IntervalSet::range(lo, hi);
    }
    return b;
}

bool meets(const Box& bound, const PacketSet& match, Family f) {
    for (const Box& b : match.boxes(f)) {
        bool all = true;
        for (std::size_t d = 0; d < dim_count && all; ++d) all = bound.dims[d].intersects(b.dims[d]);
        if (all) return true;
    }
    return false;
}

bool loopback_only(const Rule& rule) {
    return std::any_of(rule.conditions.begin(), rule.conditions.end(), [](const Condition& c) { return c.loopback_only; });
}

// As evaluate.cpp takes a rule with unmodelled conditions.
bool takes_part(const Rule& rule, ConditionMode mode) {
    if (rule.conditions.empty()) return true;
    if (loopback_only(rule)) return false;
    bool admits = rule.action == Action::accept;
    return mode == ConditionMode::lenient ? admits : !admits;
}

}  // namespace

namespace {

// The walk of evaluate_acl over the entries of `acls` in order, then the
// end of the first list's chain (its policy: the implicit deny).
Evaluation walk_lists(const std::vector<const Policy*>& acls, const PacketSet& query, ConditionMode mode) {
    Evaluation out;
    const Chain& end = acls.front()->chains.front();
    const Family f = acls.front()->family;
    PacketSet rest = query.intersect(PacketSet::all(f));
    // The query only shrinks, so its first bounds hold it to the end.
    const Box bound = bounds(rest, f);
    std::size_t compacted = rest.box_count();
    auto decide = [&](const Rule* rule, const Chain* chain, Verdict v, PacketSet packets) {
        (v == Verdict::accept ? out.accepted : out.denied).add_disjoint(packets);
        out.decisions.push_back(Decision{rule, chain, v, std::move(packets)});
    };
    for (const Policy* acl : acls) {
        const Chain& chain = acl->chains.front();
        for (const Rule& rule : chain.rules) {
            if (rest.empty()) break;
            if (!rule.enabled || !rule.new_flows || !meets(bound, rule.match, f) || !rest.intersects(rule.match))
                continue;
            if (!rule.conditions.empty() && !loopback_only(rule)) out.conditions_met = true;
            if (!takes_part(rule, mode)) continue;
            PacketSet taken = rest.intersect(rule.match);
            if (taken.empty()) continue;
            rest = rest.subtract_uncompacted(taken);
            // Compacting costs a sort of every box: only when the count doubled.
            if (rest.box_count() > 2 * compacted + 8) {
                rest.compact();
                compacted = rest.box_count();
            }
            decide(&rule, &chain, rule.action == Action::accept ? Verdict::accept : Verdict::deny, std::move(taken));
        }
    }
    // The end of the list: the implicit deny (or the chain's policy).
    if (!rest.empty()) {
        Verdict v = end.policy == Action::accept ? Verdict::accept : end.policy ? Verdict::deny : Verdict::unknown;
        if (v == Verdict::unknown)
            out.decisions.push_back(Decision{nullptr, &end, v, rest}), out.unknown.add_disjoint(rest);
        else
            decide(nullptr, &end, v, rest);
    }
    out.accepted.compact();
    out.denied.compact();
    out.unknown.compact();
    return out;
}

}  // namespace

Evaluation evaluate_acl(const Policy& policy, const PacketSet& query, ConditionMode mode) {
    if (!is_plain_list(policy))
        return evaluate_chain(policy, policy.chains.empty() ? "" : policy.chains.front().name, query, mode);
    return walk_lists({&policy}, query, mode);
}

Evaluation evaluate_acl(const std::vector<const Policy*>& acls, const PacketSet& query, ConditionMode mode) {
    if (acls.empty()) return Evaluation{};
    if (acls.size() == 1) return evaluate_acl(*acls.front(), query, mode);
    for (const Policy* p : acls)
        if (!is_plain_list(*p) || p->family != acls.front()->family)
            throw std::invalid_argument("evaluate_acl: " + p->name + " is not a plain access list of the family");
    return walk_lists(acls, query, mode);
}

}  // namespace fwlint
