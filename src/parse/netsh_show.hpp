#pragma once
// Reader of `netsh advfirewall firewall show rule name=all [verbose]` output
// (English, German and French labels) and of `netsh advfirewall show
// allprofiles` output (per-profile state and default actions), alone or
// both in one file.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

struct NetshShowResult {
    std::vector<WindowsRuleSpec> specs;
    WindowsProfileDefaults defaults;  // assumed unless allprofiles sections were read
    Diagnostics diagnostics;
    std::string language;             // "en", "de", "fr", "es" from the first rule label; "" when no rule
    int rule_blocks = 0;              // "Rule Name:" lines seen (each is a spec or an error)
    int profile_sections = 0;         // allprofiles sections read
};

// Reads the text (UTF-8, line ends LF or CRLF). Every rule block becomes a
// spec or an error naming its line; unknown labels are kept as attributes
// with a warning. `text` must outlive the specs (their `text` views it).
NetshShowResult read_netsh_show(std::string_view text, const std::string& file);

// read_netsh_show, then windows_input (format "netsh-show").
ParsedInput parse_netsh_show(std::shared_ptr<const std::string> text, const std::string& file);

// True when the first meaningful lines are a rule block header (a rule-name
// label and a line of dashes), "No rules match", or an allprofiles section.
bool looks_like_netsh_show(std::string_view text);

}  // namespace fwlint
