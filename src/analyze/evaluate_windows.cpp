#include "analyze/evaluate_windows.hpp"

#include <algorithm>

namespace fwlint {

int windows_precedence_class(const Rule& rule) {
    if (rule.action == Action::accept) return rule.target == "Bypass" ? 0 : 2;
    return 1;
}

bool windows_has_real_condition(const Rule& rule) {
    return std::any_of(rule.conditions.begin(), rule.conditions.end(),
                       [](const Condition& c) { return !c.scope_only; });
}

bool windows_takes_part(const Rule& rule, ConditionMode mode) {
    if (!windows_has_real_condition(rule)) return true;
    bool admits = rule.action == Action::accept;
    return mode == ConditionMode::lenient ? admits : !admits;
}

Evaluation evaluate_windows_chain(const Chain& chain, const PacketSet& query, ConditionMode mode, bool buckets) {
    Evaluation out;
    auto decide = [&](const Rule* rule, Verdict v, const PacketSet& packets) {
        if (packets.empty()) return;
        out.decisions.push_back(Decision{rule, &chain, v, packets});
        if (!buckets) return;
        PacketSet& bucket = v == Verdict::accept ? out.accepted : v == Verdict::deny ? out.denied : out.unknown;
        bucket = bucket.unite(packets);
    };
    PacketSet rest = query;
    for (int cls = 0; cls < 3 && !rest.empty(); ++cls)
        for (const Rule& rule : chain.rules) {
            if (rest.empty()) break;
            if (!rule.enabled || !rule.new_flows || windows_precedence_class(rule) != cls) continue;
            if (!rest.intersects(rule.match)) continue;
            if (windows_has_real_condition(rule)) out.conditions_met = true;
            if (!windows_takes_part(rule, mode)) continue;
            PacketSet taken = rest.intersect(rule.match);
            decide(&rule, rule.action == Action::accept ? Verdict::accept : Verdict::deny, taken);
            rest = rest.subtract(taken);
        }
    Verdict v = chain.policy == Action::accept ? Verdict::accept : Verdict::deny;
    if (!chain.policy) v = Verdict::unknown;
    decide(nullptr, v, rest);
    return out;
}

}  // namespace fwlint
