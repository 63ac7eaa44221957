#include "parse/codepages.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace fwlint {

namespace {

// Unicode code points of bytes 0x80-0xFF.
using HighHalf = std::array<char16_t, 128>;

constexpr HighHalf cp437 = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

// CP850 is CP437 with 47 of the box-drawing, Greek and symbol bytes given
// to the accented capitals and Latin-1 signs Western European languages need;
// the other 81 bytes are the same. Byte -> code point where they differ:
struct Change {
    unsigned char byte;
    char16_t code;
};
constexpr Change cp850_changes[] = {
    {0x9B, 0x00F8}, {0x9D, 0x00D8}, {0x9E, 0x00D7}, {0xA9, 0x00AE}, {0xB5, 0x00C1}, {0xB6, 0x00C2},
    {0xB7, 0x00C0}, {0xB8, 0x00A9}, {0xBD, 0x00A2}, {0xBE, 0x00A5}, {0xC6, 0x00E3}, {0xC7, 0x00C3},
    {0xCF, 0x00A4}, {0xD0, 0x00F0}, {0xD1, 0x00D0}, {0xD2, 0x00CA}, {0xD3, 0x00CB}, {0xD4, 0x00C8},
    {0xD5, 0x0131}, {0xD6, 0x00CD}, {0xD7, 0x00CE}, {0xD8, 0x00CF}, {0xDD, 0x00A6}, {0xDE, 0x00CC},
    {0xE0, 0x00D3}, {0xE2, 0x00D4}, {0xE3, 0x00D2}, {0xE4, 0x00F5}, {0xE5, 0x00D5}, {0xE7, 0x00FE},
    {0xE8, 0x00DE}, {0xE9, 0x00DA}, {0xEA, 0x00DB}, {0xEB, 0x00D9}, {0xEC, 0x00FD}, {0xED, 0x00DD},
    {0xEE, 0x00AF}, {0xEF, 0x00B4}, {0xF0, 0x00AD}, {0xF2, 0x2017}, {0xF3, 0x00BE}, {0xF4, 0x00B6},
    {0xF5, 0x00A7}, {0xF7, 0x00B8}, {0xF9, 0x00A8}, {0xFB, 0x00B9}, {0xFC, 0x00B3},
};

constexpr HighHalf changed(HighHalf table, const auto& changes) {
    for (const Change& c : changes) table[c.byte - 0x80] = c.code;
    return table;
}

constexpr HighHalf cp850 = changed(cp437, cp850_changes);

// 0x80-0x9F differ from Latin-1; the five unassigned bytes map to the C1
// controls, as Windows' own conversion does. 0xA0-0xFF are Latin-1.
constexpr std::array<char16_t, 32> cp1252_low = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

char16_t to_unicode(unsigned char b, CodePage cp) {
    if (b < 0x80) return b;
    switch (cp) {
        case CodePage::cp850: return cp850[b - 0x80];
        case CodePage::cp437: return cp437[b - 0x80];
        case CodePage::cp1252: return b < 0xA0 ? cp1252_low[b - 0x80] : char16_t(b);
    }
    return 0xFFFD;
}

void append_utf8(std::string& out, char16_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// How much a character looks like it belongs in German, French or Spanish
// text: the frequent accented letters count most, other letters a little.
int letter_weight(char16_t c) {
    constexpr std::u16string_view common = u"äöüÄÖÜßéèêàâçîôûëïÉáíóúñ";
    if (common.find(c) != std::u16string_view::npos) return 3;
    if (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) return 1;
    return 0;
}

}  // namespace

const char* code_page_name(CodePage cp) {
    switch (cp) {
        case CodePage::cp850: return "CP850";
        case CodePage::cp437: return "CP437";
        case CodePage::cp1252: return "Windows-1252";
    }
    return "?";
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // Configurations are mostly ASCII: 8 bytes at a time while no byte has its high bit.
        std::uint64_t word;
        while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
        if (i == s.size()) break;
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || (extra == 1 && c < 0xC2) || i + std::size_t(extra) >= s.size()) return false;
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        if (extra == 2) {
            unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        } else if (extra == 3) {
            unsigned cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
            if (cp < 0x10000 || cp > 0x10FFFF) return false;
        }
        i += std::size_t(extra) + 1;
    }
    return true;
}

std::string single_byte_to_utf8(std::string_view bytes, CodePage cp) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) append_utf8(out, to_unicode(static_cast<unsigned char>(ch), cp));
    return out;
}

CodePage guess_code_page(std::string_view bytes) {
    CodePage best = CodePage::cp850;
    int best_score = -1;
    for (CodePage cp : {CodePage::cp850, CodePage::cp437, CodePage::cp1252}) {
        int score = 0;
        for (char ch : bytes) {
            auto b = static_cast<unsigned char>(ch);
            if (b >= 0x80) score += letter_weight(to_unicode(b, cp));
        }
        if (score > best_score) {
            best = cp;
            best_score = score;
        }
    }
    return best;
}

}  // namespace fwlint
