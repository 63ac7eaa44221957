#pragma once
// Fix lines for Windows Firewall findings: each fix as a netsh line and the
// PowerShell line that does the same (FORMATS.md 2.3 and 3.4 spellings).
#include <string>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

// New rules for `packets` of one family: one netsh + one PowerShell line per
// box (at most `max_rules` boxes, then a "# ... N more" line). `inbound`:
// remote = source, ports are local ports; outbound: remote = destination,
// ports are remote ports. `allow` false makes block rules.
std::vector<std::string> windows_add_rules(const PacketSet& packets, Family family, bool inbound, bool allow,
                                           const std::string& profile, const std::string& name,
                                           std::size_t max_rules = 4);

// `rule_id` when known (the unique name), else the display name.
std::vector<std::string> windows_enable_rule(const std::string& rule_id, const std::string& display_name);
std::vector<std::string> windows_disable_rule(const Rule& rule);
std::vector<std::string> windows_delete_rule(const Rule& rule);
// Narrow an allow to `ports` (local ports inbound, remote ports outbound).
std::vector<std::string> windows_narrow_ports(const Rule& rule, const IntervalSet& ports, bool inbound);
std::vector<std::string> windows_edge_block(const Rule& rule);

// The name netsh selects `rule` by: its display name, else its ID, else a
// placeholder NAME_OF_RULE_AT_LINE_<n> (a PowerShell rule named through
// splatting or a variable) ...
std::string windows_rule_name(const Rule& rule);
// ... which this comment line (or "" when the rule has a name) explains.
std::string windows_unnamed_note(const Rule& rule);

// A rule name in a netsh line: name="...". netsh documents no way to write a
// double quote inside a quoted value, so a name holding one cannot be given
// to netsh at all; nor can an indirect string (@FirewallAPI.dll,-28775, the
// built-in rules' names in the registry), since name= selects by the
// translated name Windows shows. Then netsh_can_name is false, and
// netsh_cannot_name is the comment that stands for the netsh line (the
// PowerShell line does it, by the rule's ID when `has_id`).
std::string netsh_quote(const std::string& name);
bool netsh_can_name(const std::string& name);
std::string netsh_cannot_name();  // the double quote's
std::string netsh_cannot_name(const std::string& name, bool has_id);
// A quoted argument for PowerShell: double quotes, with the characters it
// expands or ends on escaped with a backtick: " ` $ and the typographic
// double quotes PowerShell also takes as quotes (U+201C, U+201D, U+201E).
std::string powershell_quote(std::string_view text);

// "10.0.0.8/29,10.0.1.1-10.0.1.5" (netsh and PowerShell both take it); "" for any.
std::string windows_address_list(const IntervalSet& set, Family family);

}  // namespace fwlint
