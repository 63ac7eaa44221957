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
    // How the line reads in a message when `text` alone would not say it:
    // "implicit deny at the end of ACL CLIENTS-IN", "block rule 'Block SMB'",
    // "the domain profile's default inbound action Block". Empty for iptables.
    std::string label;
    std::string rule_id;  // Windows: the rule's unique ID, when the input shows one
    friend bool operator==(const LineRef&, const LineRef&) = default;
};

LineRef line_of(const Rule& rule);
LineRef policy_line(const Chain& chain);
// The rule, or the chain's policy when `d.rule` is null.
LineRef line_of(const Decision& d);
// As line_of(d), with the label the policy's kind calls for: a Cisco ACL's
// implicit deny, a Windows rule by action and name, a Windows profile default.
LineRef decision_line(const Policy& policy, const Decision& d);

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
    std::vector<std::string> conditions;  // conditional parts: "ipset trusted src (line 26)"
    // Conditional parts: what must hold, per rule and interface
    // (analyze/conditional_text.hpp): "on line 26, ipset trusted src holds, or, ..."
    std::string depends_on;
    // First-match policies: the enabled rules of the deciding chain before
    // the deciding one, which this part passed without matching (at most
    // max_passed_lines kept; passed_count has them all).
    std::vector<int> passed_lines;
    std::size_t passed_count = 0;
    int passed_last_line = 0;  // the last of them (the list may stop before it)
    // Windows precedence: other enabled rules of the winning class that match
    // this part too, the rules of weaker classes it overrides (an allow a
    // block beats), and disabled allow rules that would take a denied part.
    std::vector<LineRef> also, overrides, disabled;
};

inline constexpr std::size_t max_passed_lines = 100;

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
// `name_files`: "in-interface eth0 (old.rules:12)" instead of "(line 12)",
// for answers about two files (diff). `skip_interfaces`: leave out -i/-o
// matches (the walks were per interface assignment: they decided them).
std::vector<std::string> conditions_on(const std::vector<const Evaluation*>& evals, const PacketSet& part,
                                       bool name_files = false, bool skip_interfaces = false);

}  // namespace fwlint
