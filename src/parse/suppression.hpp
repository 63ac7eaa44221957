#pragma once
// Inline suppressions: every reader passes the text of each comment it meets
// (without the comment marker: after "#", "!", "remark", "REM") to
// read_suppression_comment and keeps what it returns in
// ParsedInput::suppressions. Checking which finding it silences is
// analyze/suppress.hpp's job, the same for every format.
#include <optional>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// "fwlint: ignore FW201 the reason", "fwlint: ignore FW201,FW202 reason"
// (case-insensitive keywords, leading blanks allowed). nullopt when the
// comment is not addressed to fwlint; a comment that is but cannot be read
// comes back with `error` set, so it is reported instead of ignored.
std::optional<SuppressionComment> read_suppression_comment(std::string_view comment, SourceLocation loc);

}  // namespace fwlint
