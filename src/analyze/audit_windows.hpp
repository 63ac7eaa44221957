#pragma once
// The Windows side of the requirement audit: which profile chain a flow is
// checked in, how Windows decisions read in messages, the windows-rule
// statements (FW106), and the program/service scope note (FW302).
#include <string>
#include <vector>

#include "analyze/audit.hpp"
#include "analyze/evaluate.hpp"

namespace fwlint {

inline bool is_windows_policy(const Policy& p) { return p.order == EvaluationOrder::windows_precedence; }

// A ParsedInput::format of a Windows reader ("netsh-show"; the netsh-script,
// registry and PowerShell readers' names too: they start "netsh", "reg",
// "powershell" or "windows").
bool is_windows_format(std::string_view format);

// The profile chain of `policy` a flow of `st` is checked in, or "" when the
// flow is not on this policy's path: flows to the --host role in "inbound",
// flows from it in "outbound". Without --host nothing is on the path.
std::string windows_chain_for(const Policy& policy, const FlowStatement& st, const AuditOptions& options);

// "line 40 (block rule 'Block SMB')", "the domain profile's default inbound
// action Block (line 3)" / "(assumed)".
std::string windows_decision_text(const Decision& d, const Policy& policy);

// "program C:\x.exe, service W3SVC" for a rule's scope-only conditions; "".
std::string windows_scope_text(const Rule& rule);

// Allow rules of `chain` that are disabled and would take part of `packets`.
std::vector<const Rule*> disabled_allows(const Chain& chain, const PacketSet& packets);

// A Windows input has four policies (inbound and outbound, each for IPv4 and
// IPv6), and every flow statement is on the path of at most two of them: the
// counts and results the policy audits added past `results_before` (counts
// `before`) are recounted once per statement. Checked when some policy checked
// it (its not-applicable results in the others are dropped), satisfied when
// every policy that checked it found it satisfied, not applicable (one
// result, the most telling reason) when no policy could check it.
struct AuditCounts {
    int checked = 0, satisfied = 0, not_applicable = 0;
    std::size_t results = 0;
};
inline AuditCounts counts_of(const AuditSummary& s) {
    return {s.checked, s.satisfied, s.not_applicable, s.results.size()};
}
void count_windows_statements_once(AuditSummary& summary, const AuditCounts& before);

// The fix of a Windows FW104 (a flow allowed beyond its bound). Each allow
// rule taking part of `excess` that serves only this flow (its packets lie in
// `whole`: the roles' addresses, the statement's protocols, every port) and
// has no keyword or other condition is narrowed to the ports it needs
// (`bound` and its own ports), as a netsh `set rule ... new localport=` (or
// remoteport=) line and a Set-NetFirewallRule line; deleted when it needs
// none. The rest of the excess (rules that also serve other flows, the
// profile's default Allow) gets a block rule, which beats every allow; a
// default Allow also gets the profile change.
std::vector<std::string> windows_limit_fix(const std::vector<const Decision*>& allows, const PacketSet& excess,
                                           const PacketSet& whole, const IntervalSet& bound, const Policy& policy,
                                           const std::string& profile, const std::string& name);

// The IPv4 and IPv6 policies of a Windows input often say the same thing
// (roles unbound, or bound to both families): a finding of `findings` (past
// `first`) with the check, line and message of an earlier one is dropped.
void drop_repeated_windows_findings(std::vector<Finding>& findings, std::size_t first);

// The windows-rule statements of options.statements, once per input: FW101
// when no rule of the input has the ID (or one of the display names when the
// input has no IDs), FW106 when every such rule is disabled or outside the
// audited profile. Counts into `summary`.
void audit_windows_rule_statements(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary,
                                   std::vector<Finding>& out);

}  // namespace fwlint
