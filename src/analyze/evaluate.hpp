#pragma once
// Policy evaluation: walk a chain in the vendor's order and carve the query
// space into the parts each rule (or the chain policy) decides. Requirement
// checks, shadowing, query and diff all ask this one engine.
#include <string_view>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

// How rules with unmodelled conditions (-i eth0, -m set, ...) are taken.
// A loopback-only condition (-i lo) never holds for a flow between hosts, in
// either mode.
// Running both modes brackets the truth: what `strict` accepts is accepted
// whatever the conditions are; what only `lenient` accepts is accepted only
// if some condition holds.
enum class ConditionMode {
    strict,   // conditional accepts/jumps do not match, conditional drops do
    lenient,  // conditional accepts/jumps match, conditional drops do not
};

enum class Verdict { accept, deny, unknown };

struct Decision {
    const Rule* rule = nullptr;    // nullptr: the chain's policy decided
    const Chain* chain = nullptr;  // the chain holding the rule, or the built-in chain whose policy decided
    Verdict verdict = Verdict::deny;
    PacketSet packets;             // the part of the query this decision took
};

// A jump (-j USERCHAIN) or goto (-g USERCHAIN) the walk took: the rule and
// the part of the query that went through it.
struct JumpStep {
    const Rule* rule = nullptr;
    const Chain* chain = nullptr;  // the chain holding the jump rule
    PacketSet packets;
};

struct Evaluation {
    std::vector<Decision> decisions;  // in evaluation order
    std::vector<JumpStep> jumps;      // jumps and gotos taken, in evaluation order
    PacketSet accepted;
    PacketSet denied;
    PacketSet unknown;  // decided by a target fwlint does not model (QUEUE, DNAT in filter)

    // A rule with an unmodelled condition met the query: only then can the
    // other ConditionMode give a different answer.
    bool conditions_met = false;
};

// Evaluates `query` against built-in chain `chain` of `policy` (first match,
// jump/goto/RETURN, chain policy at the end; for a Windows policy, `chain` is
// a profile and precedence is by action class: evaluate_windows.hpp). Packets of the other family are
// ignored. A chain that does not exist decides nothing.
Evaluation evaluate_chain(const Policy& policy, std::string_view chain, const PacketSet& query,
                          ConditionMode mode);

struct InterfaceAssignment;  // analyze/interfaces.hpp
// The same walk for packets with the in- and out-interface of `interfaces`:
// every -i/-o match is then decided exactly, and only the other unmodelled
// conditions are left to `mode` (`conditions_met` counts only those).
// A null `interfaces` is the walk above.
Evaluation evaluate_chain(const Policy& policy, std::string_view chain, const PacketSet& query,
                          ConditionMode mode, const InterfaceAssignment* interfaces);

// The same walk, but `accepted`, `denied` and `unknown` are left empty: only
// `decisions` (pairwise disjoint), `jumps` and `conditions_met` are filled.
// For callers over a large space (diff over every packet) that combine the
// decisions themselves: accumulating the buckets decision by decision is
// quadratic in the number of decisions.
Evaluation evaluate_chain_decisions(const Policy& policy, std::string_view chain, const PacketSet& query,
                                    ConditionMode mode);

// 1-based position of `rule` in its chain (for "iptables -I CHAIN N").
int rule_position(const Chain& chain, const Rule* rule);

}  // namespace fwlint
