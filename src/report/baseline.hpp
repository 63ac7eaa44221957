#pragma once
// --baseline FILE: the findings a team has accepted, recorded by fingerprint
// so that a later run reports only new ones, even after lines have moved.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/finding.hpp"
#include "report/report.hpp"

namespace fwlint {

// The line as a fingerprint sees it: blanks collapsed, trimmed, packet
// counters ("[12:3456]") removed, since iptables-save rewrites them on every save.
std::string normalise_rule_text(std::string_view line);

// 16 hex digits (FNV-1a 64) of check id, file (lexically normal; relative to
// `base`, an absolute directory, when given), the normalised text of the line
// at fault (or the message when the finding has no line) and requirement.
// Not of the line number: it survives line moves; with `base` the baseline's
// directory, it does not depend on where fwlint runs either.
std::string finding_fingerprint(const Finding& finding, std::string_view line_text, const std::string& base = "");

struct BaselineEntry {
    std::string fingerprint;
    std::string check, file, requirement, message;  // for the humans reading the file
    int line = 0;                                   // where it was when recorded
    int entry_line = 0;  // the entry's own line in the baseline file (0: unknown)
};

// {"fwlint_baseline": 1, "findings": [{"fingerprint", "check", "file", "line", "requirement", "message"}]}
std::string render_baseline(const std::vector<Finding>& findings);

// nullopt (and `error`) when the file cannot be read or is not a baseline.
std::optional<std::vector<BaselineEntry>> load_baseline(const std::string& path, std::string& error);
std::optional<std::vector<BaselineEntry>> read_baseline(std::string_view json_text, std::string& error);

// Moves every finding whose fingerprint the baseline holds (as many times as
// it holds it) from report.findings to report.suppressed, by "baseline", with
// the entry's line in `path` as where, and the line the finding was recorded
// on in the reason.
// Returns how many baseline entries matched no finding (fixed since).
std::size_t apply_baseline(Report& report, const std::vector<BaselineEntry>& baseline, const std::string& path);

}  // namespace fwlint
