#pragma once
// What every analysis produces and every report renders.
#include <optional>
#include <string>
#include <vector>

#include "ir/diagnostic.hpp"

namespace fwlint {

struct FlowRef {
    std::string from;      // role name
    std::string to;
    std::string protocol;  // "tcp", "tcp+udp", "any protocol"
    std::string ports;     // "443", "1024-65535", "53,88"; empty when any
};

struct RelatedLine {
    std::string file;
    int line = 0;
    friend bool operator==(const RelatedLine&, const RelatedLine&) = default;
};

struct Finding {
    std::string check;     // stable id, e.g. "FW101"
    std::string kind;      // missing, partial, shadowed, broad, unneeded, disabled, lint, syntax
    Severity severity = Severity::error;
    SourceLocation loc;    // loc.line == 0: no single line is at fault
    std::string message;
    std::string requirement;  // "cep: HTTPS enrollment" or empty
    std::optional<FlowRef> flow;
    std::vector<RelatedLine> related;
    std::vector<std::string> remediation;  // lines in the config's own syntax
    // Stable across line moves: check id, file, the normalised text of the
    // line at fault, requirement (report/baseline.hpp). Empty until computed.
    std::string fingerprint;
};

// A finding an inline "fwlint: ignore" comment or the --baseline file silenced:
// not counted, not in the exit code, listed as suppressed with the reason.
struct SuppressedFinding {
    Finding finding;
    std::string by;        // "comment" or "baseline"
    SourceLocation where;  // the comment, or the baseline file (line 0)
    std::string reason;
};

// Sorted by file, line, column, check, message: the same input always gives
// the same bytes.
void sort_findings(std::vector<Finding>& findings);

}  // namespace fwlint
