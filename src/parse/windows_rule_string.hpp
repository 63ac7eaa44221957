#pragma once
// Registry rule strings ("v2.33|Action=Allow|Dir=In|...|"), the form in which
// Windows stores each firewall rule under a FirewallRules key: split into
// fields by grammars/windows_rule_string.hpp.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "ir/diagnostic.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

struct RuleStringField {
    std::string key;     // as written ("LPort2_10"); keys are case-insensitive
    std::string value;
    std::size_t offset;  // of the key, in the string
};

struct RuleStringProblem {
    std::size_t offset;  // where in the string
    Severity severity;
    std::string message;
};

struct RuleStringFields {
    bool has_version = false;
    int major = 0, minor = 0;             // v2.33 -> 2, 33
    std::vector<RuleStringField> fields;  // in order; repeated keys repeat
    std::vector<RuleStringProblem> problems;
};

// Splits a rule string into its fields. Never throws: a piece that is not a
// KEY=VALUE field, a missing version and a missing trailing '|' are problems,
// and every readable field is still returned.
RuleStringFields read_rule_string(std::string_view text);

// Does `text` look like a rule string ("v2.33|...")?
bool looks_like_rule_string(std::string_view text);

// One rule string as a WindowsRuleSpec ([MS-GPFAS] 2.2.2.19 keys, case-
// insensitive; the versioned port and address keys LPort2_10, RA42 ... read
// generically). `at` is where the string starts (its first character), so
// each problem points at its field. An absent Active means disabled. Unknown
// keys are kept as attributes with a warning; keys Windows knows that narrow
// the rule in ways fwlint does not model (authorization lists, app packages,
// trust tuples) are kept as attributes without one. nullopt, with an error,
// when the string cannot be a rule: no version, no Action or no Dir.
// The caller sets the spec's id, loc and text.
std::optional<WindowsRuleSpec> windows_rule_from_string(std::string_view text, const SourceLocation& at,
                                                        Diagnostics& diagnostics);

}  // namespace fwlint
