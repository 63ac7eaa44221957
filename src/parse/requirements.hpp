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

}  // namespace fwlint
