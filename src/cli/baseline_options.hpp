#pragma once
#include <string>

#include "cli/commands.hpp"
#include "report/report.hpp"

namespace fwlint {

// The absolute directory of --write-baseline's file, else of --baseline's
// ("" with neither): check_files names files in fingerprints relative to it.
std::string baseline_directory(const CheckOptions& options);

// check's --write-baseline, --baseline and --show-suppressed, on the sorted
// findings: writes the baseline, moves the findings it holds to
// report.suppressed, sorts those. false after printing an error (exit 2).
bool apply_baseline_options(const CheckOptions& options, Report& report);

}  // namespace fwlint
