#include "cli/baseline_options.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "checks/catalog.hpp"
#include "report/baseline.hpp"

namespace fwlint {

std::string baseline_directory(const CheckOptions& options) {
    const std::string& file = !options.write_baseline.empty() ? options.write_baseline : options.baseline;
    if (file.empty()) return "";
    std::error_code ec;
    auto abs = std::filesystem::absolute(file, ec);
    return ec ? std::string() : abs.lexically_normal().parent_path().string();
}

bool apply_baseline_options(const CheckOptions& options, Report& report) {
    report.show_suppressed = options.show_suppressed;
    // --ignore ID (or ignore = [...] in .fwlint.toml): the check is not reported.
    std::set<std::string> ignored;
    for (auto id : options.ignores) {
        for (char& c : id) c = char(std::toupper(static_cast<unsigned char>(c)));
        if (!find_check(id)) {
            fmt::print(stderr, "fwlint: error: --ignore {}: not a check id (`fwlint explain ID`, docs/checks.md)\n", id);
            return false;
        }
        ignored.insert(id);
    }
    if (!ignored.empty()) {
        std::vector<Finding> kept;
        for (auto& f : report.findings) {
            if (ignored.count(f.check)) {
                std::string reason = "--ignore " + f.check + " (command line or .fwlint.toml)";
                report.suppressed.push_back(SuppressedFinding{std::move(f), "ignore", SourceLocation{}, std::move(reason)});
            } else
                kept.push_back(std::move(f));
        }
        report.findings = std::move(kept);
    }
    std::vector<BaselineEntry> baseline;
    std::string path;
    // --write-baseline replaces the baseline: the old one (say, from
    // .fwlint.toml) is not read, and need not exist yet.
    if (!options.baseline.empty() && options.write_baseline.empty()) {
        std::string error;
        auto loaded = load_baseline(options.baseline, error);
        if (!loaded) {
            fmt::print(stderr, "fwlint: error: --baseline {}: {}\n", options.baseline, error);
            return false;
        }
        baseline = std::move(*loaded);
        path = options.baseline;
    }
    if (!options.write_baseline.empty()) {
        // Recording accepts what is reported now: this run already shows the
        // result of the next one, every finding listed as suppressed.
        std::string written = render_baseline(report.findings);
        std::ofstream out(options.write_baseline, std::ios::binary | std::ios::trunc);
        out << written;
        out.close();
        if (!out) {
            fmt::print(stderr, "fwlint: error: --write-baseline {}: cannot write the file\n", options.write_baseline);
            return false;
        }
        fmt::print(stderr, "fwlint: recorded {} finding{} in {}\n", report.findings.size(),
                   report.findings.size() == 1 ? "" : "s", options.write_baseline);
        // Read back what was written, so the reports point at its entries' lines.
        std::string error;
        baseline = read_baseline(written, error).value_or(std::vector<BaselineEntry>{});
        path = options.write_baseline;
    }
    if (!path.empty()) {
        std::size_t gone = apply_baseline(report, baseline, path);
        if (gone > 0)
            report.notes.push_back(fmt::format("{} finding{} recorded in the baseline {} {} no longer reported (fixed, "
                                               "or the rule changed); --write-baseline {} records the current ones",
                                               gone, gone == 1 ? "" : "s", path, gone == 1 ? "is" : "are", path));
    }
    std::stable_sort(report.suppressed.begin(), report.suppressed.end(),
                     [](const SuppressedFinding& a, const SuppressedFinding& b) {
                         const Finding& x = a.finding;
                         const Finding& y = b.finding;
                         return std::tie(x.loc.file, x.loc.line, x.loc.column, x.check, x.message) <
                                std::tie(y.loc.file, y.loc.line, y.loc.column, y.check, y.message);
                     });
    return true;
}

}  // namespace fwlint
