#pragma once
// `check --format ... -o FILE`: renders the report in the chosen format and
// writes it to standard output or to a file.
#include <string>

#include "cli/commands.hpp"
#include "report/report.hpp"

namespace fwlint {

// The file's modification time, UTC, "2026-11-22T10:05:00Z"; "" when unknown.
std::string file_modified_utc(const std::string& path);

// The HTML report's date: --report-date when given, else the newest input's
// modification time (so the same inputs give the same bytes), else "unknown".
std::string report_date(const Report& report, const CheckOptions& options);

// false when the output file cannot be written (the reason is printed).
bool write_report(const Report& report, const CheckOptions& options, bool color);

}  // namespace fwlint
