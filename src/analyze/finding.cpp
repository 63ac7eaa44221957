#include "analyze/finding.hpp"

#include <algorithm>
#include <tuple>

namespace fwlint {

void sort_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.loc.file, a.loc.line, a.loc.column, a.check, a.message) <
               std::tie(b.loc.file, b.loc.line, b.loc.column, b.check, b.message);
    });
}

}  // namespace fwlint
