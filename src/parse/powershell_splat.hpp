#pragma once
// Hashtable splatting in PowerShell scripts: `$common = @{ Direction =
// 'Inbound'; Action = 'Allow' }` and later `New-NetFirewallRule @common
// -DisplayName x`. fwlint does not run the script, but a hashtable written
// as a literal before the command is as readable as the parameters
// themselves: the splat is replaced by one named argument per key. A splat
// of anything else stays an unknown value, with the reason for the message.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/powershell_internal.hpp"

namespace fwlint::powershell {

class SplatTables {
public:
    // Reads one statement as written (its text, starting at `line`,
    // `column`): an assignment to a variable records or forgets a hashtable.
    void statement(std::string_view text, int line, int column);

    // Replaces each `@name` argument of `c` whose variable holds a literal
    // hashtable by that hashtable's parameters; the others keep their value,
    // with the reason in Value::unknown_why.
    void expand(ScriptCommand& c) const;

private:
    struct Entry {
        std::string key;  // as written: "LocalPort"
        std::vector<Value> values;
        int line = 0, column = 0;
    };
    struct Table {
        bool literal = true;
        std::string why;  // when not literal: "$p is assigned at line 4 from an expression"
        std::vector<Entry> entries;
    };
    std::map<std::string, Table> tables_;  // by lower-case variable name
};

}  // namespace fwlint::powershell
