// GitHub-flavoured Markdown for a pull-request comment: short, a summary table
// first, then only what needs attention. Text from configs goes through
// markdown_escape / markdown_code, so a rule comment cannot open a link, an
// HTML tag or a new table cell.
#include <fmt/format.h>

#include "report/escape.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

std::string md(std::string_view s) { return markdown_escape(s); }

std::string location(const SourceLocation& loc) {
    if (loc.line <= 0) return markdown_code(loc.file);
    return markdown_code(fmt::format("{}:{}", loc.file, loc.line));
}

std::string fixes(const Finding& f) {
    std::string out;
    for (const auto& line : f.remediation) out += (out.empty() ? "" : "<br>") + markdown_code(line);
    return out;
}

std::string plural(int n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

std::string render_markdown(const Report& report) {
    SeverityCounts c = count_severities(report.findings);
    std::string out = fmt::format("### fwlint: {}, {}, {}{}\n\n", plural(c.error, "error"), plural(c.warning, "warning"),
                                  plural(c.note, "note"),
                                  report.suppressed.empty() ? "" : fmt::format(" ({} suppressed)", report.suppressed.size()));
    if (report.inputs.empty()) out += "No input could be read.\n\n";
    for (const auto& in : report.inputs)
        out += fmt::format("- {} \\({}, {}\\)\n", markdown_code(in.file), md(in.format), plural(int(in.rules), "rule"));
    out += "\n";

    if (!report.rule_sets.empty()) {
        out += "| requirement set | checked | satisfied | failed | conditional | suppressed | not applicable |\n"
               "|---|--:|--:|--:|--:|--:|--:|\n";
        for (const auto& set : report.rule_sets) {
            VerdictCounts v = count_verdicts(report, set);
            auto title = report.rule_set_titles.find(set);
            std::string name = md(set);
            if (title != report.rule_set_titles.end() && !title->second.empty()) name += ": " + md(title->second);
            out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", name, v.checked(), v.satisfied,
                               v.error + v.warning, v.note, v.suppressed, v.not_applicable);
        }
        out += "\n";
    }

    std::string failed, lint;
    for (const Finding& f : report.findings) {
        std::string row = fmt::format("| {} | {} | {} | {} | {} |\n", severity_name(f.severity), f.check, location(f.loc),
                                      md(f.message), fixes(f));
        (f.requirement.empty() ? lint : failed) += row;
    }
    const char* header = "| severity | check | line | finding | fix |\n|---|---|---|---|---|\n";
    if (!failed.empty()) out += fmt::format("#### Requirements not met\n\n{}{}\n", header, failed);
    if (!lint.empty()) out += fmt::format("#### Lint and syntax findings\n\n{}{}\n", header, lint);
    if (report.findings.empty()) out += "No findings.\n\n";
    if (!report.suppressed.empty()) {
        // Accepted findings stay visible in the review, with who accepted them and why.
        out += "#### Suppressed\n\n| check | line | finding | suppressed by | reason |\n|---|---|---|---|---|\n";
        for (const SuppressedFinding& s : report.suppressed) {
            std::string by = s.by == "comment"    ? "comment " + location(s.where)
                             : s.by == "baseline" ? "baseline " + location(s.where)
                                                  : markdown_code("--ignore");
            out += fmt::format("| {} | {} | {} | {} | {} |\n", s.finding.check, location(s.finding.loc),
                               md(s.finding.message), by, md(suppression_reason(s)));
        }
        out += "\n";
    }
    for (const auto& note : report.notes) out += "- " + md(note) + "\n";
    if (!report.notes.empty()) out += "\n";
    out += fmt::format("<sub>fwlint {}; `fwlint explain ID` documents each check.</sub>\n", FWLINT_VERSION);
    return out;
}

}  // namespace fwlint
