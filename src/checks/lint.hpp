#pragma once
// Vendor-independent lint checks over a parsed input: FW201 shadowed rules,
// FW202 redundant rules, FW203-FW207 exposure. `fwlint check` runs them on
// every input unless --no-lint.
#include <vector>

#include "analyze/finding.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// Runs every lint check on the first-match policies of `input` (the filter
// table of iptables-save / ip6tables-save). Findings are not sorted.
struct LintOptions {
    u128 max_open_ports = 1000;  // FW204: more ports than this open to any source
};

std::vector<Finding> lint_policy(const ParsedInput& input, const LintOptions& options = {});

}  // namespace fwlint
