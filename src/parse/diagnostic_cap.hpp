#pragma once
// At most a few diagnostics per input line. A 1 MB line that repeats one bad option
// gives one diagnostic per repetition (137,000 for one Cisco line): the report would
// be that line's diagnostics and nothing else. The first few say what is wrong; one
// more says how many were left out and how severe they were.
#include <cstddef>

#include "ir/diagnostic.hpp"

namespace fwlint {

inline constexpr std::size_t max_diagnostics_per_line = 10;

// Keeps the first `max_per_line` diagnostics of each (file, line), in their order,
// and puts in place of the rest one diagnostic at the first left-out one's location:
// "K more diagnostics on this line (E errors, W warnings, N notes) are not shown...",
// as severe as the most severe of them (exit codes and --fail-on do not change).
// Diagnostics of no single line (line 0) are all kept.
void cap_diagnostics_per_line(Diagnostics& diagnostics, std::size_t max_per_line = max_diagnostics_per_line);

}  // namespace fwlint
