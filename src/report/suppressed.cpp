// How the reports show a suppressed finding: who silenced it and why, and
// which requirement verdicts it belongs to.
#include <fmt/format.h>

#include "report/report.hpp"

namespace fwlint {

std::string suppression_origin(const SuppressedFinding& s) {
    if (s.by == "comment")
        return s.where.line > 0 ? fmt::format("comment at {}:{}", s.where.file, s.where.line)
                                : fmt::format("comment in {}", s.where.file);
    if (s.by == "baseline")
        return s.where.line > 0 ? fmt::format("baseline {}:{}", s.where.file, s.where.line) : "baseline " + s.where.file;
    if (s.by == "ignore") return "--ignore";
    return s.by;
}

std::string suppression_reason(const SuppressedFinding& s) {
    return s.reason.empty() ? "no reason given" : s.reason;
}

namespace {

SuppressedIndex::Key key_of(const Finding& f) {
    return {f.loc.file, f.loc.line, f.loc.column, f.check, f.requirement, f.message};
}

}  // namespace

SuppressedIndex::SuppressedIndex(const std::vector<SuppressedFinding>& suppressed) {
    for (const auto& s : suppressed) index_.emplace(key_of(s.finding), &s);
}

const SuppressedFinding* SuppressedIndex::find(const Finding& f) const {
    auto it = index_.find(key_of(f));
    return it == index_.end() ? nullptr : it->second;
}

}  // namespace fwlint
