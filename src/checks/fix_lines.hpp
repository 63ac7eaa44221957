#pragma once
// Lint fixes in the syntax of the input they are for: an iptables command, a
// netsh and a PowerShell line for Windows, configuration lines for Cisco.
#include <string>
#include <string_view>
#include <vector>

#include "analyze/remediation_windows.hpp"

#include "ir/rule.hpp"

namespace fwlint {

enum class Dialect { iptables, windows, cisco_ios, cisco_asa, cisco_nxos, other };

inline bool is_cisco(Dialect d) {
    return d == Dialect::cisco_ios || d == Dialect::cisco_asa || d == Dialect::cisco_nxos;
}

// The dialect of a policy read from an input of `format` ("iptables-save",
// "cisco-asa", "netsh-show"...). Windows policies are known by their order.
Dialect dialect_of(std::string_view format, const Policy& policy);

// Lines that delete `rule` (in `chain` of `policy`).
std::vector<std::string> remove_rule_lines(Dialect dialect, const Policy& policy, const Chain& chain,
                                           const Rule& rule);

// Lines that restrict `rule`'s sources (the remote addresses of a Windows
// inbound rule) to the networks it is for, named TRUSTED_SOURCES.
std::vector<std::string> narrow_source_lines(Dialect dialect, const Policy& policy, const Chain& chain,
                                             const Rule& rule);

// powershell_quote: analyze/remediation_windows.hpp.

}  // namespace fwlint
