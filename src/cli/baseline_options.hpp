#pragma once
#include "cli/commands.hpp"
#include "report/report.hpp"

namespace fwlint {

// check's --write-baseline, --baseline and --show-suppressed, on the sorted
// findings: writes the baseline, moves the findings it holds to
// report.suppressed, sorts those. false after printing an error (exit 2).
bool apply_baseline_options(const CheckOptions& options, Report& report);

}  // namespace fwlint
