#pragma once
// Renders findings; never decides anything.
#include <string>
#include <vector>

#include "analyze/finding.hpp"

namespace fwlint {

struct InputSummary {
    std::string file;
    std::string format;
    std::size_t rules = 0;
    std::size_t diagnostics = 0;
};

struct Report {
    std::vector<InputSummary> inputs;
    std::vector<Finding> findings;  // sorted
    // Silenced by an inline "fwlint: ignore" comment or the --baseline file, sorted
    // like findings. Text prints a count (and each one with show_suppressed); JSON
    // lists them all in "suppressed".
    std::vector<SuppressedFinding> suppressed;
    bool show_suppressed = false;
    std::vector<std::string> notes; // summary-level facts: unbound roles, assumptions
    std::vector<std::string> rule_sets;
    int checked = 0;
    int satisfied = 0;
    int not_applicable = 0;
};

// Compiler style: "file:line:col: severity: message [ID]", fix lines indented
// below, then a summary. `color` adds ANSI colours to the severities.
std::string render_text(const Report& report, bool color);

// The JSON contract: {"fwlint", "inputs", "findings"} (see docs/json.md).
std::string render_json(const Report& report);

}  // namespace fwlint
