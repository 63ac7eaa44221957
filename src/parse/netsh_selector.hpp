#pragma once
// netsh `set rule` / `delete rule` selectors compared by value, as netsh
// reads them: protocol=6 selects a rule added with protocol=tcp,
// localport=443,80 one added with localport=80,443.
#include <optional>

#include "parse/netsh_commands.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint::netsh {

// Whether `rule` has the value selector `s` names (a tag other than name,
// group, dir and profile, which the replay compares itself). nullopt: the
// values cannot be compared (an unknown tag, an unreadable value, or ICMP
// types on either side: Microsoft does not document whether protocol=icmpv4
// selects a rule added with icmpv4:8,any), so the caller compares the text.
std::optional<bool> selector_matches(const WindowsRuleSpec& rule, const Param& s);

}  // namespace fwlint::netsh
