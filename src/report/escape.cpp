#include "report/escape.hpp"

#include <cstdint>

namespace fwlint {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 character at s[i]; returns its length, or 0 when the bytes
// there are not a valid (shortest-form, non-surrogate) UTF-8 character.
std::size_t utf8_char(std::string_view s, std::size_t i, std::uint32_t& cp) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    std::size_t len;
    if (b < 0x80) {
        cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        len = 2, cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, cp = b & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

// Calls emit(cp, bytes) for each character, with U+FFFD for invalid bytes.
template <typename Emit>
void for_each_char(std::string_view s, Emit emit) {
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t cp = 0;
        std::size_t len = utf8_char(s, i, cp);
        if (len == 0) {
            emit(0xFFFD, replacement);
            ++i;
        } else {
            emit(cp, s.substr(i, len));
            i += len;
        }
    }
}

bool ascii_punctuation(std::uint32_t c) {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

}  // namespace

std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for_each_char(s, [&](std::uint32_t, std::string_view bytes) { out += bytes; });
    return out;
}

std::string xml_escape(std::string_view s, bool attribute) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for_each_char(s, [&](std::uint32_t c, std::string_view bytes) {
        switch (c) {
            case '&': out += "&amp;"; return;
            case '<': out += "&lt;"; return;
            case '>': out += "&gt;"; return;
            case '"': out += "&quot;"; return;
            case '\'': out += "&#39;"; return;
            case '\t': out += attribute ? "&#9;" : "\t"; return;
            case '\n': out += attribute ? "&#10;" : "\n"; return;
            case '\r': out += "&#13;"; return;  // a bare CR in text would be read as a line end
            default: break;
        }
        if (c < 0x20 || c == 0x7F || c == 0xFFFE || c == 0xFFFF)
            out += replacement;  // not allowed in XML 1.0 (DEL is allowed but invisible; HTML forbids it)
        else
            out += bytes;
    });
    return out;
}

std::string markdown_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for_each_char(s, [&](std::uint32_t c, std::string_view bytes) {
        if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7F) {
            // dropped: invisible, and some renderers refuse them
        } else if (ascii_punctuation(c)) {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += bytes;
        }
    });
    return out;
}

std::string markdown_code(std::string_view s) {
    std::string body;
    std::size_t run = 0, longest = 0;
    for_each_char(s, [&](std::uint32_t c, std::string_view bytes) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
        if (c == '\n' || c == '\r' || c == '\t')
            body += ' ';
        else if (c < 0x20 || c == 0x7F)
            return;
        else if (c == '|')
            body += "\\|";  // GFM splits table cells before it reads code spans
        else
            body += bytes;
    });
    std::string fence(longest + 1, '`');
    // A space on each side keeps a leading or trailing backtick out of the fence
    // (CommonMark strips one space on each side when both are there).
    bool pad = !body.empty() && (body.front() == '`' || body.back() == '`' || body.front() == ' ');
    if (pad) body = " " + body + " ";
    if (body.empty()) body = " ";
    return fence + body + fence;
}

}  // namespace fwlint
