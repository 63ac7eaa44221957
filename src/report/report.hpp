#pragma once
// Renders findings; never decides anything.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "analyze/evidence.hpp"
#include "analyze/finding.hpp"
#include "analyze/requirement_result.hpp"

namespace fwlint {

struct InputSummary {
    std::string file;
    std::string format;
    std::size_t rules = 0;
    std::size_t diagnostics = 0;
    std::string sha256;    // of the file's bytes as read (HTML report)
    std::string modified;  // the file's mtime, UTC, "2026-11-22T10:05:00Z" (HTML report)
};

struct Report {
    std::vector<InputSummary> inputs;
    std::vector<Finding> findings;  // sorted
    // Silenced by an inline "fwlint: ignore" comment, the --baseline file or
    // --ignore, sorted like findings. Text prints a count (and each one with
    // show_suppressed); every other format lists them with who silenced them and why.
    std::vector<SuppressedFinding> suppressed;
    bool show_suppressed = false;
    std::vector<std::string> notes; // summary-level facts: unbound roles, assumptions
    std::vector<std::string> rule_sets;
    int checked = 0;
    int satisfied = 0;
    int not_applicable = 0;
    // For the reports that list every verdict (JUnit, HTML, Markdown):
    std::vector<RequirementResult> requirements;  // in audit order
    std::map<std::string, std::string> rule_set_titles;  // name -> title
    QuotedLines quoted;  // the text of the lines findings and verdicts name
};

// Compiler style: "file:line:col: severity: message [ID]", fix lines indented
// below, then a summary. `color` adds ANSI colours to the severities.
std::string render_text(const Report& report, bool color);

// The JSON contract: {"fwlint", "inputs", "findings"} (see docs/json.md).
std::string render_json(const Report& report);

// SARIF 2.1.0 for code-scanning tools (docs/reports.md): the check catalogue
// as tool.driver.rules, one result per finding, partialFingerprints that do
// not depend on line numbers. `base_dir`: file paths are made relative to it.
std::string render_sarif(const Report& report, const std::string& base_dir);


// JUnit XML for CI dashboards: one testcase per requirement verdict, per
// input read, and per lint or syntax finding. A finding at or above `fail_on`
// (nullopt: never) is a <failure>; below it the testcase passes and carries
// the message in <system-out>.
std::string render_junit(const Report& report, std::optional<Severity> fail_on);

// One self-contained HTML page (inline CSS and SVG, no script, no network)
// for an auditor: summary, inputs with SHA-256, one table per requirement
// set, lint findings. `date` is printed as the report's date.
std::string render_html(const Report& report, const std::string& date);

// GitHub-flavoured Markdown for a pull-request comment: summary table, then
// the findings; every config string escaped.
std::string render_markdown(const Report& report);

// Who silenced a suppressed finding: "comment at gw.rules:11", "baseline
// FILE", "--ignore"; and why: the reason, or "no reason given".
std::string suppression_origin(const SuppressedFinding& s);
std::string suppression_reason(const SuppressedFinding& s);

// Finds the suppressed entry of a requirement verdict's finding (the verdict
// holds a copy of the finding), or nullptr when it was not suppressed.
class SuppressedIndex {
public:
    explicit SuppressedIndex(const std::vector<SuppressedFinding>& suppressed);
    const SuppressedFinding* find(const Finding& f) const;
    using Key = std::tuple<std::string, int, int, std::string, std::string, std::string>;

private:
    std::map<Key, const SuppressedFinding*> index_;
};

// "N errors, N warnings, N notes": counts of the findings by severity.
struct SeverityCounts {
    int error = 0, warning = 0, note = 0;
};
SeverityCounts count_severities(const std::vector<Finding>& findings);

// Requirement verdicts of one set (or of all when `set` is empty); a failed
// verdict counts under its finding's severity, or as suppressed when its
// finding is in report.suppressed.
struct VerdictCounts {
    int satisfied = 0, error = 0, warning = 0, note = 0, suppressed = 0, not_applicable = 0;
    int checked() const { return satisfied + error + warning + note + suppressed; }
};
VerdictCounts count_verdicts(const Report& report, const std::string& set = "");

}  // namespace fwlint
