#pragma once
// Shared by the PowerShell readers (powershell.cpp: scripts and listings,
// powershell_export.cpp: CSV and JSON) and their tests.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parse/windows_rule.hpp"

namespace fwlint::powershell {

// A PowerShell value as written, and what it evaluates to when fwlint can
// tell without running the script.
struct Value {
    std::string raw;
    std::vector<std::string> items;  // 'a', "b", bare, @("a","b"), 80, 443: the literal items
    bool known = true;               // false: a variable, splatting, an expression or interpolation
    std::string unknown;             // what made it unknown ("$Group", "@params", "(Get-Date)")
    std::string unknown_why;         // why a splat is unknown ("$p is not assigned a literal hashtable ...")
};

// Evaluates one value's text: quoted strings (with their escapes), barewords,
// @( ... ) arrays, $true/$false/$null; anything else is unknown.
Value evaluate(std::string_view raw);

enum class Applied {
    ok,
    bad_value,  // a known property with a value it cannot take: `problem` says why
    ignored,    // a property that does not change which packets match (PolicyStore, Platform...)
    unknown,    // not a rule property fwlint knows
};

// Sets one rule property (a New-NetFirewallRule parameter or an export
// column, case-insensitive: "LocalPort", "Enabled", "PortFilter.Protocol"
// as "Protocol") from its items on `spec`. Unknown ports and addresses are
// kept as keywords; `problem` names them for a warning.
Applied apply_property(WindowsRuleSpec& spec, std::string_view name, const std::vector<std::string>& items,
                       std::string& problem);

std::string lower(std::string_view s);

// The index just past the quoted string starting at s[i] ('...' with '' inside,
// "..." with "" or a backtick escape inside), or npos when it is not closed.
std::size_t skip_string(std::string_view s, std::size_t i);

// One command of a script as read: `New-NetFirewallRule -DisplayName "x" -LocalPort 80, 443`.
struct ScriptArg {
    std::string name;     // parameter name, lower case; "" for a positional value
    std::string written;  // the name as written ("Acton"), for messages
    std::vector<Value> values;
    bool awaiting = false;  // a parameter that has not got its value yet
    int line = 0, column = 0;
};

// "-Acton": a parameter as the script writes it, for messages.
inline std::string spelled(const ScriptArg& a) { return "-" + (a.written.empty() ? a.name : a.written); }

struct ScriptCommand {
    std::string name;  // lower case: "new-netfirewallrule"
    std::vector<ScriptArg> args;
    int line = 0, column = 0;
    std::string_view text;  // the whole statement, in the source
};

// Replays the statements (each a pipeline of commands) in order
// (powershell_replay.cpp).
ParsedInput replay_script(const std::vector<std::vector<ScriptCommand>>& statements,
                          std::shared_ptr<const std::string> source, const std::string& file, Diagnostics diagnostics);

}  // namespace fwlint::powershell
