#pragma once
// How a first-match walk reads a rule with conditions it cannot model: one
// definition for evaluate_chain and the exposure leaf walk, so that both give a
// conditional rule the same part in both ConditionModes.
#include <algorithm>

#include "analyze/evaluate.hpp"
#include "analyze/interfaces.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// A loopback-only condition never holds for the flows fwlint asks about.
inline bool loopback_only(const Rule& rule) {
    return std::any_of(rule.conditions.begin(), rule.conditions.end(),
                       [](const Condition& c) { return c.loopback_only; });
}

// Whether a rule with unmodelled conditions is taken to match: lenient takes the
// rules that admit, strict the ones that stop traffic.
inline bool takes_part(const Rule& rule, ConditionMode mode) {
    if (rule.conditions.empty()) return true;
    if (loopback_only(rule)) return false;
    bool admits = rule.action == Action::accept || rule.action == Action::jump || rule.action == Action::go_to;
    return mode == ConditionMode::lenient ? admits : !admits;
}

// The same for packets with the interfaces of `interfaces`: an -i/-o match
// it makes false keeps the rule from matching in either mode, and a rule
// whose only conditions are interface matches it makes true matches in both.
inline bool takes_part(const Rule& rule, ConditionMode mode, const InterfaceAssignment& interfaces) {
    if (rule.conditions.empty()) return true;
    if (loopback_only(rule) || interface_excludes(rule, interfaces)) return false;
    if (!has_open_conditions(rule)) return true;
    return takes_part(rule, mode);
}

}  // namespace fwlint
