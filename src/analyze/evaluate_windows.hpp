#pragma once
// Windows Firewall evaluation (EvaluationOrder::windows_precedence): no rule
// order. Within one profile chain, every enabled rule that matches is a
// candidate and the action class decides: bypass beats block, block beats
// allow, allow beats the profile's default action (the chain policy).
// Disabled rules never match. Conditions: as evaluate_chain's ConditionMode;
// scope-only conditions (program, service) are taken to hold.
#include "analyze/evaluate.hpp"

namespace fwlint {

// `chain` is a profile chain ("domain", "private", "public") of a Windows
// policy; `query` is already limited to the policy's family.
Evaluation evaluate_windows_chain(const Chain& chain, const PacketSet& query, ConditionMode mode, bool buckets);

// The class a Windows rule belongs to: 0 bypass, 1 block, 2 allow (the order
// they are applied in).
int windows_precedence_class(const Rule& rule);

// A condition other than a scope-only one (program, service): the rule's
// verdict then depends on it (conditions_met).
bool windows_has_real_condition(const Rule& rule);

// As takes_part for first-match walks: a conditional allow matches only in
// lenient mode, a conditional block only in strict mode.
bool windows_takes_part(const Rule& rule, ConditionMode mode);

}  // namespace fwlint
