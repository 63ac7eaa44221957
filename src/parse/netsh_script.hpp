#pragma once
// Scripts of netsh commands: .bat/.cmd files, `netsh -f` script files and
// PowerShell scripts that call netsh (FORMATS.md 2).
#include <memory>
#include <string>

#include "ir/rule.hpp"

namespace fwlint {

// Replays the script in order: `add rule` adds, `set rule ... new` and
// `delete rule` change or remove the rules added before them, `set
// <profile> state|firewallpolicy` and the legacy `netsh firewall` forms set
// the profiles. Every netsh command line becomes a rule, a change to earlier
// rules or a diagnostic naming the line. Format "netsh-script".
ParsedInput parse_netsh_script(std::shared_ptr<const std::string> text, const std::string& file);

// Does the text hold netsh firewall commands (netsh advfirewall firewall,
// netsh firewall, or `pushd advfirewall firewall`)?
bool looks_like_netsh_script(std::string_view text);

}  // namespace fwlint
