// The text diagnostics quote (", found '...'"): cut at a character boundary, never
// half a UTF-8 character, whichever reader writes the message.
#include <catch2/catch.hpp>

#include <string>

#include "parse/codepages.hpp"
#include "parse/input.hpp"
#include "parse/quoted_text.hpp"

using namespace fwlint;

namespace {

// "é" is 2 bytes, "€" 3, "𝄞" 4.
const std::string e_acute = "\xC3\xA9";
const std::string euro = "\xE2\x82\xAC";
const std::string clef = "\xF0\x9D\x84\x9E";

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

// The messages of every diagnostic of `text` read as `format`.
std::vector<std::string> messages(const std::string& text, const std::string& format) {
    auto parsed = parse_input(text, format, "in.txt");
    REQUIRE(parsed);
    std::vector<std::string> out;
    for (const auto& d : parsed->diagnostics) out.push_back(d.message);
    return out;
}

// The message quoting `needle` (a start of what it quotes): found, valid UTF-8.
std::string message_quoting(const std::vector<std::string>& all, const std::string& needle) {
    for (const auto& m : all)
        if (m.find("found '" + needle) != std::string::npos) return m;
    std::string listed;
    for (const auto& m : all) listed += m + "\n";
    FAIL("no message quotes '" << needle << "' among:\n" << listed);
    return "";
}

}  // namespace

TEST_CASE("cut_at_character never ends inside a UTF-8 character") {
    const std::string s = "x" + repeat(e_acute, 20);  // byte 24 is the second byte of an é
    CHECK(cut_at_character(s, 24) == "x" + repeat(e_acute, 11));
    CHECK(cut_at_character(s, 25) == "x" + repeat(e_acute, 12));
    CHECK(cut_at_character(s, 100) == s);
    CHECK(cut_at_character("ab" + euro + "cd", 3) == "ab");
    CHECK(cut_at_character("ab" + euro + "cd", 4) == "ab");
    CHECK(cut_at_character("ab" + euro + "cd", 5) == "ab" + euro);
    CHECK(cut_at_character("a" + clef + "b", 4) == "a");
    CHECK(cut_at_character("a" + clef + "b", 5) == "a" + clef);
    CHECK(cut_at_character(clef, 0).empty());
    // Bytes that are no character are cut where they fall (and shown as \xNN).
    CHECK(cut_at_character("ab\xC3(cd", 3) == "ab\xC3");
    CHECK(cut_at_character(std::string(10, '\x80'), 4) == std::string(4, '\x80'));
}

TEST_CASE("printable_text escapes control bytes and bytes outside UTF-8 characters") {
    CHECK(printable_text("a" + e_acute + euro + clef) == "a" + e_acute + euro + clef);
    CHECK(printable_text(std::string("a\0b\x1b\x7f", 5)) == "a\\x00b\\x1b\\x7f");
    CHECK(printable_text("\xC3(") == "\\xc3(");             // lead byte without its continuation
    CHECK(printable_text("\xE9t\xE9") == "\\xe9t\\xe9");    // Latin-1 é
    CHECK(printable_text("\xC0\xAF") == "\\xc0\\xaf");      // overlong '/'
    CHECK(printable_text("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a UTF-16 surrogate
    CHECK(printable_text(e_acute.substr(0, 1)) == "\\xc3");
    CHECK(is_valid_utf8(printable_text("\xFF\xFE\xF5\x80 ok")));
}

TEST_CASE("found_quote quotes one word, says when it cut, and names the end") {
    CHECK(found_quote("", 24) == ", found the end of the line");
    CHECK(found_quote("\r\nnext", 24) == ", found the end of the line");
    CHECK(found_quote("", 24, "|", "the end of the string") == ", found the end of the string");
    CHECK(found_quote("bogus rest", 24, " ") == ", found 'bogus'");
    CHECK(found_quote("bogus rest", 24) == ", found 'bogus rest'");
    CHECK(found_quote(" stray", 24, " ") == ", found ' stray'");
    CHECK(found_quote("|Dir=In|", 24, "|") == ", found '|Dir=In'");
    CHECK(found_quote("x" + repeat(e_acute, 20), 24) == ", found 'x" + repeat(e_acute, 11) + "...'");
    CHECK(found_quote(repeat(euro, 20), 40) == ", found '" + repeat(euro, 13) + "...'");
    CHECK(found_quote(std::string("\x01\x02junk", 6), 24) == ", found '\\x01\\x02junk'");
}

// Each reader's quote of a bad line whose 24th (or 40th) byte falls inside a character:
// the quote stops before that character and says it was cut.
TEST_CASE("every reader's found quotes are valid UTF-8 when the cut falls inside a character") {
    const std::string e40 = repeat(e_acute, 40);
    const std::string cut_24 = repeat(e_acute, 11) + "...'";  // after 1 ASCII byte: 23 bytes, then '...'
    SECTION("iptables-save") {
        auto all = messages("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp x" + e40 + " -j ACCEPT\nCOMMIT\n",
                            "iptables");
        auto m = message_quoting(all, "x" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found 'x" + cut_24) != std::string::npos);
    }
    SECTION("netsh advfirewall show rule") {
        // netsh show quotes 40 bytes: "x" + 19 é, then the 20th would not fit.
        auto all = messages("\nRule Name:                            Web\n"
                            "----------------------------------------------------------------------\n"
                            "Enabled:                              Yes\n"
                            "Direction:                            In\n"
                            "x" + e40 + "\n"
                            "Profiles:                             Domain\n"
                            "Action:                               Allow\n",
                            "netsh-show");
        auto m = message_quoting(all, "x" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found 'x" + repeat(e_acute, 19) + "...'") != std::string::npos);
    }
    SECTION("netsh script") {
        auto all = messages("netsh advfirewall firewall add rule name=A dir=in action=allow protocol=TCP "
                            "localport=80\n<" + e40 + "\n",
                            "netsh-script");
        auto m = message_quoting(all, "<" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found '<" + cut_24) != std::string::npos);
    }
    SECTION("PowerShell") {
        auto all = messages("New-NetFirewallRule -DisplayName \"A\" -Direction Inbound -Action Allow )" + e40 + "\n",
                            "powershell");
        auto m = message_quoting(all, ")" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found ')" + cut_24) != std::string::npos);
    }
    SECTION("registry export") {
        auto all = messages("Windows Registry Editor Version 5.00\n\n"
                            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
                            "FirewallPolicy\\FirewallRules]\n"
                            "\"A\"=x" + e40 + "\n",
                            "reg");
        auto m = message_quoting(all, "x" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found 'x" + cut_24) != std::string::npos);
    }
    SECTION("Windows rule string") {
        auto all = messages("Windows Registry Editor Version 5.00\n\n"
                            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\"
                            "FirewallPolicy\\FirewallRules]\n"
                            "\"A\"=\"v2.30|Action=Allow|Active=TRUE|Dir=In|k-" + e40 + "|\"\n",
                            "reg");
        auto m = message_quoting(all, "-" + e_acute);
        CHECK(is_valid_utf8(m));
        CHECK(m.find("found '-" + cut_24) != std::string::npos);
    }
    SECTION("Cisco IOS ACE terms (60 bytes)") {
        auto all = messages("hostname r1\nip access-list extended EDGE\n permit tcp any any eq x" + e40 + "\n", "ios");
        REQUIRE(!all.empty());
        // 'x' + 28 é is 57 bytes: the 29th would not fit.
        CHECK(all[0].find("'x" + repeat(e_acute, 28) + "...'") != std::string::npos);
        for (const auto& m : all) CHECK(is_valid_utf8(m));
    }
}
