#include "parse/diagnostic_cap.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace fwlint {

namespace {

struct LineCount {
    std::size_t kept = 0;
    std::size_t summary = 0;          // index of the "more on this line" diagnostic; valid when left_out[...] > 0
    std::size_t left_out[3] = {};     // by Severity: note, warning, error
    std::size_t total_left_out() const { return left_out[0] + left_out[1] + left_out[2]; }
};

std::string left_out_message(const LineCount& c, std::size_t max_per_line) {
    std::vector<std::string> parts;
    auto part = [&](std::size_t n, const char* one, const char* many) {
        if (n) parts.push_back(fmt::format("{} {}", n, n == 1 ? one : many));
    };
    part(c.left_out[2], "error", "errors");
    part(c.left_out[1], "warning", "warnings");
    part(c.left_out[0], "note", "notes");
    const std::size_t n = c.total_left_out();
    return fmt::format("{} more diagnostic{} on this line ({}) {} not shown: fwlint reports at most {} per line", n,
                       n == 1 ? "" : "s", fmt::join(parts, ", "), n == 1 ? "is" : "are", max_per_line);
}

}  // namespace

void cap_diagnostics_per_line(Diagnostics& diagnostics, std::size_t max_per_line) {
    // Almost always one file (a FileName compares by pointer when equal).
    std::map<FileName, std::map<int, LineCount>> counts;
    Diagnostics kept;
    kept.reserve(diagnostics.size());
    for (auto& d : diagnostics) {
        if (d.loc.line <= 0) {
            kept.push_back(std::move(d));
            continue;
        }
        LineCount& c = counts[d.loc.file][d.loc.line];
        if (c.kept < max_per_line) {
            ++c.kept;
            kept.push_back(std::move(d));
            continue;
        }
        if (c.total_left_out() == 0) {
            c.summary = kept.size();
            kept.push_back(Diagnostic{d.loc, d.severity, ""});
        }
        ++c.left_out[static_cast<int>(d.severity)];
        Diagnostic& summary = kept[c.summary];
        summary.severity = std::max(summary.severity, d.severity);
    }
    for (const auto& [file, lines] : counts)
        for (const auto& [line, c] : lines)
            if (c.total_left_out() > 0) kept[c.summary].message = left_out_message(c, max_per_line);
    diagnostics = std::move(kept);
}

}  // namespace fwlint
