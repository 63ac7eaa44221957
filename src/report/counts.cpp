#include "report/report.hpp"

namespace fwlint {

SeverityCounts count_severities(const std::vector<Finding>& findings) {
    SeverityCounts c;
    for (const Finding& f : findings) {
        switch (f.severity) {
            case Severity::error: ++c.error; break;
            case Severity::warning: ++c.warning; break;
            case Severity::note: ++c.note; break;
        }
    }
    return c;
}

VerdictCounts count_verdicts(const Report& report, const std::string& set) {
    VerdictCounts c;
    SuppressedIndex suppressed(report.suppressed);
    for (const RequirementResult& r : report.requirements) {
        if (!set.empty() && r.set != set) continue;
        if (r.verdict == "not applicable")
            ++c.not_applicable;
        else if (!r.finding)
            ++c.satisfied;
        else if (suppressed.find(*r.finding))
            ++c.suppressed;
        else if (r.finding->severity == Severity::error)
            ++c.error;
        else if (r.finding->severity == Severity::warning)
            ++c.warning;
        else
            ++c.note;
    }
    return c;
}

}  // namespace fwlint
