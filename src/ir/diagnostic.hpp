#pragma once
#include <string>
#include <vector>

#include "ir/file_name.hpp"

namespace fwlint {

struct SourceLocation {
    FileName file;   // a shared copy of the name (ir/file_name.hpp)
    int line = 0;    // 1-based; 0 = no single line
    int column = 0;  // 1-based
    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class Severity { note, warning, error };

inline const char* severity_name(Severity s) {
    switch (s) {
        case Severity::note: return "note";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

// A problem with the input itself (syntax, unknown option, jump loop).
// Rendered "file:line:col: severity: message".
struct Diagnostic {
    SourceLocation loc;
    Severity severity = Severity::error;
    std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace fwlint
