#pragma once
// The commands of a netsh script as the grammar reads them, before they are
// replayed (netsh_script.cpp) and their parameters turned into rule fields
// (netsh_params.cpp). Internal to those two files and their tests.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostic.hpp"
#include "ir/rule.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint::netsh {

// ASCII lower case: netsh keywords, tags and values are case-blind.
std::string lower(std::string_view s);

struct Param {
    std::string tag;    // lower case
    std::string value;  // quotes removed
    int column = 0;
    bool after_new = false;  // set rule: after the `new` keyword
};

struct Word {
    std::string text;  // quotes removed
    int column = 0;
};

enum class Kind {
    none,            // blank line, comment
    rule,            // [advfirewall firewall] add|set|delete|show rule ...
    profile,         // [advfirewall] set <profile> <setting> <value>
    reset,           // advfirewall reset
    legacy,          // firewall add portopening ... (XP-era context)
    pushd, popd,
    other_firewall,  // advfirewall firewall <not a rule command>
    other_advfirewall,  // advfirewall <not a rule or profile command>
    other_netsh,     // netsh <a context other than advfirewall or firewall>
    other,           // not netsh
};

struct Command {
    Kind kind = Kind::none;
    bool via_netsh = false;   // started with netsh
    bool has_context = false; // "advfirewall" / "firewall" written on the line (or netsh -c)
    std::string verb;         // add, set, delete, show (lower case)
    std::string object;       // legacy: portopening, allowedprogram, opmode, service, icmpsetting
    std::string profile, setting, setting_value;  // profile commands
    std::vector<Param> params;
    std::vector<Word> words;  // positional words
    bool has_new = false;
    int column = 1;
    std::string name;         // other commands: the first word, lower case ("echo", "if", "reg"; "export", "interface")
    std::string remote_host;  // netsh -r HOST: the command changes another computer
};

// Sets one add-rule parameter (tag=value) on `spec`: true when the tag is a
// netsh rule parameter. `report` receives problems with the value.
struct ParamProblem {
    Severity severity;
    std::string message;
};
bool apply_rule_param(WindowsRuleSpec& spec, const Param& p, std::vector<ParamProblem>& problems);

// Unexpanded %VAR%, !VAR! or $var in a value: the variable's text, or "".
std::string unexpanded_variable(std::string_view value, bool allow_env_vars);

// A command with the line it was read from (its first line, and all its
// physical lines when continued).
struct LocatedCommand {
    Command command;
    int line = 0;
    std::string_view source;
};

// Runs the commands in order (netsh_replay.cpp).
ParsedInput replay(const std::vector<LocatedCommand>& commands, std::shared_ptr<const std::string> source,
                   const std::string& file, Diagnostics diagnostics);

}  // namespace fwlint::netsh
