#pragma once
// Inline suppressions: every reader passes the text of each comment it meets
// (without the comment marker: after "#", "!", "remark", "REM") to
// read_suppression_comment and keeps what it returns in
// ParsedInput::suppressions. Checking which finding it silences is
// analyze/suppress.hpp's job, the same for every format.
#include <optional>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

// "fwlint: ignore FW201 the reason", "fwlint: ignore FW201,FW202 reason"
// (case-insensitive keywords, leading blanks allowed). nullopt when the
// comment is not addressed to fwlint; a comment that is but cannot be read
// comes back with `error` set, so it is reported instead of ignored.
std::optional<SuppressionComment> read_suppression_comment(std::string_view comment, SourceLocation loc);

// Script readers (netsh, PowerShell): each comment applies to the first of
// `command_lines` (the lines of the script's firewall commands, any order)
// after it; sets target_line (-1 when no command follows).
void aim_at_next_command(std::vector<SuppressionComment>& comments, std::vector<int> command_lines);

}  // namespace fwlint
