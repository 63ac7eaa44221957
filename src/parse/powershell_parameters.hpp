#pragma once
// The parameters New-NetFirewallRule binds, as PowerShell binds them: by full
// name, by a prefix that names exactly one of them ("-Dir" is -Direction), or
// by an alias. A name that binds none (a typo such as "-Acton") makes the
// whole command fail ("A parameter cannot be found that matches parameter
// name ..."), so no rule is created.
#include <string>
#include <string_view>
#include <vector>

namespace fwlint::powershell {

struct BoundParameter {
    std::string name;                     // lower case full name; "" when none or several match
    std::vector<std::string> candidates;  // the full names a prefix matches (several: ambiguous)
    std::string suggestion;               // for a name that matches none: the closest parameter, if close
};

// `given` is the name as written, without the dash, any case.
BoundParameter bind_new_rule_parameter(std::string_view given);

// "-Direction" for "direction": the documented spelling, for messages.
std::string parameter_spelling(std::string_view lower_name);

}  // namespace fwlint::powershell
