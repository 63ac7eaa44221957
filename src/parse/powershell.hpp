#pragma once
// Windows Firewall rules from PowerShell: scripts of the NetSecurity cmdlets
// (New-/Set-/Enable-/Disable-/Remove-NetFirewallRule, Set-NetFirewallProfile),
// exports of Get-NetFirewallRule with its filters (flattened CSV, JSON), and
// a plain Get-NetFirewallRule listing (FORMATS.md 3.4).
#include <memory>
#include <string>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// The export command the README recommends: every rule with its port,
// address, application and service filters, one flat row per rule.
extern const char* const powershell_export_command;

// A script replayed in order, or a plain `Get-NetFirewallRule` listing
// (Format-List text, which has no ports or addresses: its rules are read and a
// warning says port checks cannot be supported). Format "powershell".
ParsedInput parse_powershell(std::shared_ptr<const std::string> text, const std::string& file);
// Export-Csv of the flattened rules. Format "powershell-csv".
ParsedInput parse_powershell_csv(std::shared_ptr<const std::string> text, const std::string& file);
// ConvertTo-Json of the rules: an array or a bare object, flat or with nested
// filter objects, enums as names or integers. Format "powershell-json".
ParsedInput parse_powershell_json(std::shared_ptr<const std::string> text, const std::string& file);

// Format detection: "powershell", "powershell-csv", "powershell-json" or "".
std::string detect_powershell(std::string_view text);

}  // namespace fwlint
