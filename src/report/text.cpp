#include <fmt/format.h>

#include "parse/quoted_text.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

const char* colour_of(Severity s) {
    switch (s) {
        case Severity::error: return "\033[1;31m";
        case Severity::warning: return "\033[1;35m";
        case Severity::note: return "\033[1;36m";
    }
    return "";
}

std::string location(const SourceLocation& loc) {
    if (loc.line <= 0) return loc.file;
    return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column > 0 ? loc.column : 1);
}

}  // namespace

std::string render_text(const Report& report, bool color) {
    std::string out;
    int counts[3] = {0, 0, 0};
    for (const Finding& f : report.findings) {
        ++counts[int(f.severity)];
        std::string sev = severity_name(f.severity);
        if (color) sev = fmt::format("{}{}\033[0m", colour_of(f.severity), sev);
        // One finding per line: a rule name read from an export may hold a
        // line break or a tab (a CSV cell over two lines), shown as \x0a.
        out += fmt::format("{}: {}: {} [{}]\n", location(f.loc), sev, printable_text(f.message), f.check);
        for (const auto& line : f.remediation) out += fmt::format("    fix: {}\n", printable_text(line));
    }
    if (report.show_suppressed)
        for (const auto& s : report.suppressed) {
            const Finding& f = s.finding;
            out += fmt::format("{}: suppressed {}: {} [{}]\n", location(f.loc), severity_name(f.severity),
                               printable_text(f.message), f.check);
            if (s.by == "comment")
                out += fmt::format("    by: {}: fwlint: ignore{}\n", location(s.where),
                                   s.reason.empty() ? " (no reason given)" : ": " + s.reason);
            else if (s.by == "baseline")
                out += fmt::format("    by: {}: {}\n", location(s.where), s.reason);  // the baseline entry
            else
                out += fmt::format("    by: {}\n", s.reason);
        }
    for (const auto& note : report.notes) out += fmt::format("note: {}\n", note);
    std::string inputs;
    for (const auto& in : report.inputs) {
        if (!inputs.empty()) inputs += ", ";
        inputs += fmt::format("{} ({}, {} rule{})", in.file, in.format, in.rules, in.rules == 1 ? "" : "s");
    }
    std::string suppressed;
    if (!report.suppressed.empty())
        suppressed = fmt::format(" ({} suppressed{})", report.suppressed.size(),
                                 report.show_suppressed ? "" : ": --show-suppressed lists them");
    out += fmt::format("{} error{}, {} warning{}, {} note{}{} in {}", counts[2], counts[2] == 1 ? "" : "s", counts[1],
                       counts[1] == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s", suppressed,
                       inputs.empty() ? "no input" : inputs);
    if (!report.rule_sets.empty())
        out += fmt::format("; requirement set{} {}: {} checked, {} satisfied, {} not on this path",
                           report.rule_sets.size() == 1 ? "" : "s", fmt::join(report.rule_sets, ", "),
                           report.checked, report.satisfied, report.not_applicable);
    out += "\n";
    return out;
}

}  // namespace fwlint
