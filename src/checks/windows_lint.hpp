#pragma once
// Lint checks of Windows Firewall inputs (FW3xx). `fwlint check` runs them on
// every Windows input unless --no-lint.
#include <vector>

#include "analyze/finding.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// FW301: an enabled inbound allow (or bypass) with edge traversal allowed.
// Findings are not sorted; each rule once, whatever profiles it is in.
std::vector<Finding> lint_windows(const ParsedInput& input);

}  // namespace fwlint
