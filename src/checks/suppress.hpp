#pragma once
// Applies the inline "fwlint: ignore ID reason" comments a reader recorded
// (ParsedInput::suppressions), whatever the input's format.
#include <functional>
#include <string_view>
#include <vector>

#include "analyze/finding.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// Moves out of `findings` every finding of a named check on the first rule or
// chain header after a comment of `input` (or on the line its reader aimed it
// at, SuppressionComment::target_line, plus that rule's list header when the
// header stands between them), and returns them. Appends an FW009
// warning to `findings` for each comment that cannot be read, names an id
// that is not a check, or names a check that ran (`ran(id)`) and found
// nothing there to silence.
std::vector<SuppressedFinding> apply_suppression_comments(const ParsedInput& input, std::vector<Finding>& findings,
                                                          const std::function<bool(std::string_view)>& ran);

}  // namespace fwlint
