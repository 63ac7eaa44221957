#pragma once
// How a first-match walk reads a rule with conditions it cannot model: one
// definition for evaluate_chain and the exposure leaf walk, so that both give a
// conditional rule the same part in both ConditionModes.
#include <algorithm>

#include "analyze/evaluate.hpp"
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

}  // namespace fwlint
