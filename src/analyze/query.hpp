#pragma once
// `query`: is a flow allowed through a chain, and by which line(s)? Answered
// by evaluate_chain in both ConditionModes; never prints.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// A line of the configuration, copied out so results outlive nothing:
// a rule, or a built-in chain's policy (its header line).
struct LineRef {
    std::string file;
    int line = 0;
    std::string chain;
    std::string text;     // the rule as written, or ":FORWARD DROP" for a policy
    bool policy = false;  // the chain policy decided
    friend bool operator==(const LineRef&, const LineRef&) = default;
};

LineRef line_of(const Rule& rule);
LineRef policy_line(const Chain& chain);
// The rule, or the chain's policy when `d.rule` is null.
LineRef line_of(const Decision& d);

enum class FlowVerdict {
    allowed,      // accepted whatever the unmodelled conditions are
    conditional,  // accepted only if some condition holds (or does not)
    denied,       // dropped or rejected in either mode
    unknown,      // decided by a target fwlint does not model (QUEUE, DNAT in filter)
};
const char* flow_verdict_name(FlowVerdict v);

struct QueryPart {
    PacketSet packets;  // compacted
    FlowVerdict verdict = FlowVerdict::denied;
    LineRef line;       // the rule or policy that decides this part
    std::vector<std::string> conditions;  // conditional parts: "in-interface eth2 (line 26)"
};

struct QueryResult {
    std::string chain;
    Family family = Family::v4;
    PacketSet flow;  // the question, in the policy's family
    // "allowed" | "denied" | "partial" | "conditional"
    std::string verdict;
    PacketSet allowed, conditional, denied;  // a partition of `flow`
    std::vector<QueryPart> parts;  // allowed parts, then conditional, then denied/unknown; evaluation order within
    std::vector<LineRef> path;     // jumps and gotos taken by the flow, in evaluation order
};

// Evaluates `flow` (one family) through built-in chain `chain` of `policy`.
// A chain absent from the policy: nullopt.
std::optional<QueryResult> query_flow(const Policy& policy, std::string_view chain, const PacketSet& flow);

// The conditions (with their lines) of rules with unmodelled matches that
// decided or jumped on part of `part` in any of `evals`.
std::vector<std::string> conditions_on(const std::vector<const Evaluation*>& evals, const PacketSet& part);

}  // namespace fwlint
