#include "parse/quoted_text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fwlint {

namespace {

bool continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The length of the valid UTF-8 character starting at s[i] (1-4), or 0 when the
// bytes there are not one (stray continuation byte, overlong form, surrogate,
// beyond U+10FFFF, or cut short by the end of `s`).
std::size_t character_length(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) return 1;
    const std::size_t n = b >= 0xC2 && b <= 0xDF ? 2 : (b & 0xF0) == 0xE0 ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if (!continuation(static_cast<unsigned char>(s[i + k]))) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b == 0xED && b1 >= 0xA0) return 0;  // UTF-16 surrogate
    if (b == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b == 0xF4 && b1 >= 0x90) return 0;  // beyond U+10FFFF
    return n;
}

}  // namespace

std::string_view cut_at_character(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    // The character holding byte max_bytes starts at most 3 bytes before it.
    for (std::size_t back = 0; back <= 3 && back <= max_bytes; ++back) {
        const std::size_t start = max_bytes - back;
        if (continuation(static_cast<unsigned char>(s[start]))) continue;
        const std::size_t n = character_length(s, start);
        return s.substr(0, n != 0 && start + n > max_bytes ? start : max_bytes);
    }
    return s.substr(0, max_bytes);  // only stray continuation bytes there: each is shown as \xNN
}

std::string printable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = character_length(s, i);
        if (n == 0 || b < 0x20 || b == 0x7F) {
            out += fmt::format("\\x{:02x}", b);
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string found_quote(std::string_view rest, std::size_t max_bytes, std::string_view stop_at,
                        std::string_view end_words) {
    if (rest.empty() || rest.front() == '\n' || rest.front() == '\r') return fmt::format(", found {}", end_words);
    // At least the first byte: a quote of '' would say nothing about a stray ' ' or '|'.
    const std::string_view word = rest.substr(0, std::min(rest.find_first_of(stop_at, 1), rest.size()));
    const std::string_view shown = cut_at_character(word, max_bytes);
    return fmt::format(", found '{}{}'", printable_text(shown), shown.size() < word.size() ? "..." : "");
}

}  // namespace fwlint
