#pragma once
// Vendor-independent lint checks over a parsed input: FW201 shadowed rules,
// FW202 redundant rules. `fwlint check` runs them on every input.
#include <vector>

#include "analyze/finding.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// Runs every lint check on the first-match policies of `input` (the filter
// table of iptables-save / ip6tables-save). Findings are not sorted.
std::vector<Finding> lint_policy(const ParsedInput& input);

}  // namespace fwlint
