#pragma once
// Blanks off the ends of a piece of text: the one trim the Windows readers
// and the fix lines share.
#include <string_view>

namespace fwlint {

// Spaces, tabs, CR, LF, form and vertical feeds off both ends.
inline std::string_view trim_blanks(std::string_view s) {
    constexpr std::string_view blanks = " \t\r\n\f\v";
    const auto first = s.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

}  // namespace fwlint
