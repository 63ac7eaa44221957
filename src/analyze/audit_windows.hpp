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

// The windows-rule statements of options.statements, once per input: FW101
// when no rule of the input has the ID (or one of the display names when the
// input has no IDs), FW106 when every such rule is disabled or outside the
// audited profile. Counts into `summary`.
void audit_windows_rule_statements(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary,
                                   std::vector<Finding>& out);

}  // namespace fwlint
