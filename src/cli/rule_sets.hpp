#pragma once
#include <optional>
#include <string>

#include "ir/requirement.hpp"

namespace fwlint {

// A bundled set by name ("cep") or a .fwreq file by path. Errors (unknown
// name, unreadable file, syntax) go to `diags`; nullopt when unusable.
std::optional<RequirementSet> load_rule_set(const std::string& name_or_path, Diagnostics& diags);

}  // namespace fwlint
