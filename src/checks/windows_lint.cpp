#include "checks/windows_lint.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/remediation_windows.hpp"

namespace fwlint {

std::vector<Finding> lint_windows(const ParsedInput& input) {
    std::vector<Finding> out;
    std::vector<SourceLocation> seen;
    for (const Policy& p : input.policies) {
        if (p.order != EvaluationOrder::windows_precedence || p.name != "inbound") continue;
        for (const Chain& c : p.chains)
            for (const Rule& r : c.rules) {
                if (!r.enabled || r.action != Action::accept || r.target_options != "edge=yes") continue;
                if (std::find(seen.begin(), seen.end(), r.loc) != seen.end()) continue;
                seen.push_back(r.loc);
                Finding f;
                f.check = "FW301";
                f.kind = "lint";
                f.severity = Severity::warning;
                f.loc = r.loc;
                f.message = fmt::format("edge traversal allowed: the inbound {} '{}' also admits unsolicited traffic "
                                        "from the Internet that reaches the host through NAT (Teredo)",
                                        r.target == "Bypass" ? "bypass" : "allow", r.display_name);
                f.remediation = windows_edge_block(r);
                out.push_back(std::move(f));
            }
    }
    return out;
}

}  // namespace fwlint
