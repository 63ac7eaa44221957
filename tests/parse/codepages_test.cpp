// The single-byte code pages of Windows console and ANSI output
// (parse/codepages.hpp): every byte 0x80-0xFF of CP437 and CP850 decodes to
// the character the code page assigns it (the expected strings are the code
// pages' published tables), and the two tables share what they share.
#include <string>

#include <catch2/catch.hpp>

#include "parse/codepages.hpp"

using namespace fwlint;

namespace {

std::string high_bytes() {
    std::string out;
    for (int b = 0x80; b <= 0xFF; ++b) out += char(b);
    return out;
}

std::string utf8(const char8_t* s) { return std::string(reinterpret_cast<const char*>(s)); }

}  // namespace

TEST_CASE("codepages: every high byte of CP437 decodes as the code page defines") {
    CHECK(single_byte_to_utf8(high_bytes(), CodePage::cp437) ==
          utf8(
        u8"ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ"
        u8"áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
        u8"└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
        u8"αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0"));
}

TEST_CASE("codepages: every high byte of CP850 decodes as the code page defines") {
    CHECK(single_byte_to_utf8(high_bytes(), CodePage::cp850) ==
          utf8(
        u8"ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒ"
        u8"áíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐"
        u8"└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀"
        u8"ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0"));
}

TEST_CASE("codepages: CP437 and CP850 differ in 47 bytes, the accented capitals among them") {
    int differ = 0;
    for (int b = 0x80; b <= 0xFF; ++b) {
        std::string byte(1, char(b));
        if (single_byte_to_utf8(byte, CodePage::cp437) != single_byte_to_utf8(byte, CodePage::cp850)) ++differ;
    }
    CHECK(differ == 47);
    // "Domäne" and "Sécurité" are the same in both; "É" in capitals is not in CP437.
    CHECK(single_byte_to_utf8("Dom\x84ne S\x82" "curit\x82", CodePage::cp437) == utf8(u8"Domäne Sécurité"));
    CHECK(single_byte_to_utf8("Dom\x84ne S\x82" "curit\x82", CodePage::cp850) == utf8(u8"Domäne Sécurité"));
    CHECK(single_byte_to_utf8("\xD4", CodePage::cp850) == utf8(u8"È"));
    CHECK(single_byte_to_utf8("\xD4", CodePage::cp437) == utf8(u8"╘"));
}
