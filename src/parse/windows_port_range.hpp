#pragma once
// Port numbers above 65535 in a netsh or PowerShell port list ("99999",
// "5000-70000"): netsh and New-NetFirewallRule refuse the command. They were
// read as unknown port keywords, so the rule matched every port "only if" the
// keyword held, and the exposure lints reported 65,536 open ports.
#include <string>
#include <string_view>
#include <vector>

namespace fwlint {

// The items of the comma list `list` that are a number or a range a-b of
// numbers with a value above 65535, as written.
std::vector<std::string> out_of_range_ports(std::string_view list);

}  // namespace fwlint
