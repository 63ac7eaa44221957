#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/requirement.hpp"

namespace fwlint {

struct RequirementParseResult {
    std::optional<RequirementSet> set;  // nullopt only when nothing usable was read
    Diagnostics diagnostics;            // file:line:col errors; the rest of the file is still read
};

RequirementParseResult parse_requirement_set(std::string_view text, const std::string& file);

// Applies parameter defaults and command-line overrides (--set name=value).
// Unknown parameters and malformed values are reported in `errors`.
std::vector<ResolvedStatement> resolve_requirements(const RequirementSet& set,
                                                    const std::map<std::string, std::string>& overrides,
                                                    Diagnostics& errors);

// Names of the bundled requirement sets: dir/*.fwreq without the extension, sorted.
// A missing or unreadable directory gives an empty list.
std::vector<std::string> bundled_rule_set_names(const std::string& dir);

// Where the bundled sets live: $FWLINT_RULES_DIR if set and non-empty, else
// <prefix>/share/fwlint/rules beside an installed <prefix>/bin/fwlint, else the
// FWLINT_RULES_DIR compile definition (<repo>/rules, for the build tree).
std::string bundled_rules_dir();

}  // namespace fwlint
