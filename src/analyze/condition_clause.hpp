#pragma once
// What a conditional verdict depends on, said per rule, as first match reads
// it. The shared wording for audit (FW104/FW105/FW107), query and diff (and
// exposure messages): conditions of one rule must hold together, different
// rules are alternatives, and a conditional DROP met before an accept must
// not hold:
//   "on line 42, program X and service Y hold, or, on line 175, program Z holds"
//   "on line 17, tcp-flags SYN holds, or, on line 22, pkttype broadcast does not hold"
// Joining every condition with "and" over-stated it (rule 42's conditions OR
// rule 175's are enough; line 17 decides before line 22 when it holds).
#include <string>
#include <string_view>
#include <vector>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// One rule with unmodelled conditions a flow meets, in walk order.
struct ConditionStep {
    const Rule* rule = nullptr;
    // An accept (or a jump) the flow needs: its conditions must hold. false:
    // a drop (or reject) the flow must escape: its conditions must not all hold.
    bool admits = true;
};

// The clause for `steps` (in the order the walk meets them). `final_accept`:
// a rule without conditions (or the policy) accepts what none of the steps
// decided, so escaping every conditional drop is itself an alternative.
// `name_files`: "on old.rules:12" instead of "on line 12" (diff).
// `skip_interfaces`: leave -i/-o matches out (the caller evaluated per
// interface assignment and says the interfaces itself).
// "" when no step has a condition left to name.
std::string condition_clause(const std::vector<ConditionStep>& steps, bool final_accept, bool name_files = false,
                             bool skip_interfaces = false);

// The steps of `evals` (a lenient and a strict walk of one chain, in any
// order) that decided or jumped on part of `part`, in the order a walk of
// `chain` meets them, and whether an unconditional accept in them takes part
// of `part` (for condition_clause's `final_accept`).
std::vector<ConditionStep> condition_steps(const Policy& policy, std::string_view chain,
                                           const std::vector<const Evaluation*>& evals, const PacketSet& part,
                                           bool skip_interfaces, bool* final_accept = nullptr);

}  // namespace fwlint
