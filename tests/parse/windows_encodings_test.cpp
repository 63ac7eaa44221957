// One netsh listing saved every way a Windows admin's tools save it: UTF-16
// in both byte orders, with and without a BOM, UTF-8 with a BOM, the OEM and
// ANSI code pages, and CRLF, LF, CR-only and CR CR LF line ends. Each must
// give the same rules, with the line numbers of the file (a diagnostic on
// the second block's unknown label still names line 31).
#include <string>

#include <catch2/catch.hpp>

#include "parse/input.hpp"
#include "parse/netsh_show.hpp"

using namespace fwlint;

namespace {

// Two rules; the first name has colons, the second rule has an ICMP table and
// an unknown label on line 31.
const std::string listing =
    "Rule Name:                            Web: HTTPS (alt: 8443)\n"
    "----------------------------------------------------------------------\n"
    "Enabled:                              Yes\n"
    "Direction:                            In\n"
    "Profiles:                             Domain,Private\n"
    "Grouping:\n"
    "LocalIP:                              Any\n"
    "RemoteIP:                             10.0.0.0/8,LocalSubnet\n"
    "Protocol:                             TCP\n"
    "LocalPort:                            443,8443-8445\n"
    "RemotePort:                           Any\n"
    "Edge traversal:                       No\n"
    "Program:                              C:\\apps\\web\\server.exe\n"
    "Service:                              Any\n"
    "InterfaceTypes:                       Any\n"
    "Security:                             NotRequired\n"
    "Rule source:                          Local Setting\n"
    "Action:                               Allow\n"
    "\n"
    "Rule Name:                            Block ping\n"
    "----------------------------------------------------------------------\n"
    "Enabled:                              Yes\n"
    "Direction:                            In\n"
    "Profiles:                             Public\n"
    "Grouping:\n"
    "LocalIP:                              Any\n"
    "RemoteIP:                             Any\n"
    "Protocol:                             ICMPv4\n"
    "                                      Type    Code\n"
    "                                      8       Any\n"
    "Remote machine group:                 O:LSD:(A;;CC;;;S-1-5-21)\n"
    "Edge traversal:                       No\n"
    "Program:                              Any\n"
    "Service:                              Any\n"
    "InterfaceTypes:                       Any\n"
    "Security:                             NotRequired\n"
    "Rule source:                          Local Setting\n"
    "Action:                               Block\n"
    "Ok.\n";

std::string with_line_ends(const std::string& text, const std::string& eol) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += eol;
        else out += c;
    }
    return out;
}

std::string utf16(const std::string& ascii, bool little_endian, bool bom) {
    std::string out;
    if (bom) out += little_endian ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : ascii) {
        if (little_endian) out += c, out += '\0';
        else out += '\0', out += c;
    }
    return out;
}

void check_listing(const std::string& bytes, const std::string& encoding) {
    DecodedText decoded = decode_text(bytes);
    INFO(encoding);
    CHECK(decoded.encoding == encoding);
    NetshShowResult r = read_netsh_show(decoded.text, "fw.txt");
    REQUIRE(r.specs.size() == 2);
    CHECK(r.specs[0].display_name == "Web: HTTPS (alt: 8443)");
    CHECK(r.specs[0].loc.line == 1);
    CHECK(r.specs[0].program == "C:\\apps\\web\\server.exe");
    CHECK(r.specs[0].local_ports.size() == 2);
    CHECK(r.specs[0].remote_addresses.size() == 2);
    CHECK(r.specs[1].display_name == "Block ping");
    CHECK(r.specs[1].loc.line == 20);
    REQUIRE(r.specs[1].icmp.size() == 1);
    CHECK(r.specs[1].icmp[0].type == 8);
    // The unknown label is kept, and its warning names line 31 of the file.
    bool warned = false;
    for (const auto& d : r.diagnostics)
        warned = warned || (d.loc.line == 31 && d.severity == Severity::warning &&
                            d.message.find("Remote machine group") != std::string::npos);
    CHECK(warned);
}

}  // namespace

TEST_CASE("windows encodings: UTF-16 in both byte orders, with and without a BOM") {
    const std::string crlf = with_line_ends(listing, "\r\n");
    check_listing(utf16(crlf, true, true), "UTF-16LE");
    check_listing(utf16(crlf, false, true), "UTF-16BE");
    check_listing(utf16(crlf, true, false), "UTF-16LE without BOM");
    check_listing(utf16(crlf, false, false), "UTF-16BE without BOM");
}

TEST_CASE("windows encodings: UTF-8 with a BOM, and CRLF, LF, CR-only and CR CR LF line ends") {
    check_listing("\xEF\xBB\xBF" + with_line_ends(listing, "\r\n"), "UTF-8 with BOM");
    check_listing(listing, "UTF-8");
    check_listing(with_line_ends(listing, "\r"), "UTF-8");
    // Text with CRLF written again in text mode on Windows: every line ends "\r\r\n".
    DecodedText doubled = decode_text(with_line_ends(listing, "\r\r\n"));
    NetshShowResult r = read_netsh_show(doubled.text, "fw.txt");
    REQUIRE(r.specs.size() == 2);
    CHECK(r.specs[0].display_name == "Web: HTTPS (alt: 8443)");
    CHECK(r.specs[1].icmp.size() == 1);
}

TEST_CASE("windows encodings: a German listing from cmd.exe (CP850) and from an ANSI editor (Windows-1252)") {
    const std::string de =
        "Regelname:                            Datei- und Druckerfreigabe (SMB eingehend)\r\n"
        "----------------------------------------------------------------------\r\n"
        "Aktiviert:                            Ja\r\n"
        "Richtung:                             Eingehend\r\n"
        "Profile:                              Dom\x84ne,Privat\r\n"
        "Gruppierung:                          Datei- und Druckerfreigabe\r\n"
        "LokaleIP:                             Beliebig\r\n"
        "RemoteIP:                             LocalSubnet\r\n"
        "Protokoll:                            TCP\r\n"
        "Lokaler Port:                         445\r\n"
        "Remoteport:                           Beliebig\r\n"
        "Edgeausnahme:                         Nein\r\n"
        "Programm:                             System\r\n"
        "Dienst:                               Beliebig\r\n"
        "Aktion:                               Zulassen\r\n"
        "OK.\r\n";
    DecodedText oem = decode_text(de);
    CHECK(oem.encoding == "CP850");
    NetshShowResult r = read_netsh_show(oem.text, "de.txt");
    CHECK(r.language == "de");
    REQUIRE(r.specs.size() == 1);
    CHECK(r.specs[0].profiles == (profile_domain | profile_private));
    CHECK(r.specs[0].enabled);
    CHECK(r.specs[0].action == WindowsAction::allow);
    // The same text in Windows-1252: "ä" is 0xE4 there.
    std::string ansi = de;
    ansi.replace(ansi.find('\x84'), 1, "\xE4");
    DecodedText ansi_decoded = decode_text(ansi);
    CHECK(ansi_decoded.encoding == "Windows-1252");
    NetshShowResult r2 = read_netsh_show(ansi_decoded.text, "de.txt");
    REQUIRE(r2.specs.size() == 1);
    CHECK(r2.specs[0].profiles == (profile_domain | profile_private));
}
