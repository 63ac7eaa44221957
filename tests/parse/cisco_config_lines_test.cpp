// The first step of the Cisco reader: which lines count, and the role each
// one gets from its indentation, first words and sub-mode.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "parse/cisco_config_lines.hpp"

using namespace fwlint;
using namespace fwlint::cisco;

namespace {

std::vector<LineRole> roles_of(const std::string& text, Dialect d, ParsedInput& out,
                               std::vector<ConfigLine>* lines_out = nullptr) {
    auto lines = split_config_lines(text, d, "r.cfg", out);
    auto roles = assign_line_roles(lines, d, "r.cfg", out.diagnostics);
    if (lines_out) *lines_out = lines;
    return roles;
}

}  // namespace

TEST_CASE("cisco lines: blank lines and comments are dropped, CRLF and a BOM are not part of a line", "[cisco]") {
    const std::string text = "\xEF\xBB\xBFhostname edge1\r\n"
                             "!\r\n"
                             "\r\n"
                             "! fwlint: ignore FW203 the lab's any-any\r\n"
                             "ip access-list extended LAB\r\n"
                             " permit ip any any\r\n";
    ParsedInput out;
    auto lines = split_config_lines(text, Dialect::ios, "r.cfg", out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].number == 1);
    CHECK(lines[0].text == "hostname edge1");
    CHECK(lines[1].number == 5);
    CHECK(lines[2].number == 6);
    CHECK(lines[2].indent == 1);
    CHECK(lines[2].body == "permit ip any any");
    REQUIRE(out.suppressions.size() == 1);
    CHECK(out.suppressions[0].loc.line == 4);
    CHECK(out.suppressions[0].checks == std::vector<std::string>{"FW203"});
}

TEST_CASE("cisco lines: ':' starts a comment on ASA only, a line with NUL bytes is an error", "[cisco]") {
    ParsedInput asa, ios;
    CHECK(split_config_lines(": Saved\nname 10.1.1.1 web\n", Dialect::asa, "r.cfg", asa).size() == 1);
    CHECK(split_config_lines(": Saved\nname 10.1.1.1 web\n", Dialect::ios, "r.cfg", ios).size() == 2);
    ParsedInput junk;
    auto lines = split_config_lines(std::string("access-list 1 permit any\nx\0y\n", 29), Dialect::ios, "r.cfg", junk);
    CHECK(lines.size() == 1);
    REQUIRE(junk.diagnostics.size() == 1);
    CHECK(junk.diagnostics[0].loc.line == 2);
    CHECK(junk.diagnostics[0].message.find("NUL bytes") != std::string::npos);
}

TEST_CASE("cisco lines: roles follow the sub-mode a line is in", "[cisco]") {
    ParsedInput out;
    auto roles = roles_of("ip access-list extended EDGE-IN\n"  // 1
                          " 10 permit tcp any any eq 443\n"    // 2
                          "object-group network SERVERS\n"     // 3
                          " host 10.0.0.5\n"                   // 4
                          "interface Vlan20\n"                 // 5
                          " ip access-group EDGE-IN in\n"      // 6
                          " description users\n"               // 7
                          "line vty 0 4\n"                     // 8
                          " access-class MGMT in\n"            // 9
                          "ip route 0.0.0.0 0.0.0.0 10.0.0.1\n"  // 10
                          "router ospf 1\n"                    // 11
                          "mac access-list extended M\n"       // 12
                          " permit any any\n",                 // 13
                          Dialect::ios, out);
    CHECK(roles == std::vector<LineRole>{LineRole::acl_header, LineRole::acl_entry, LineRole::group_header,
                                         LineRole::object_entry, LineRole::interface_header,
                                         LineRole::interface_command, LineRole::skip, LineRole::line_header,
                                         LineRole::line_command, LineRole::ip_route, LineRole::skip,
                                         LineRole::other_acl, LineRole::other_acl_entry});
    CHECK(out.diagnostics.empty());
}

TEST_CASE("cisco lines: an ASA's access-list, name and route, a banner's lines are skipped", "[cisco]") {
    ParsedInput out;
    auto roles = roles_of("name 10.1.1.1 web\n"
                          "banner motd ^C\n"
                          "access-list 101 permit ip any any\n"
                          "^C\n"
                          "access-list OUT extended permit tcp any host 10.1.1.1 eq 443\n"
                          "route outside 0.0.0.0 0.0.0.0 192.0.2.1 1\n"
                          "access-group OUT in interface outside\n",
                          Dialect::asa, out);
    CHECK(roles == std::vector<LineRole>{LineRole::asa_name, LineRole::skip, LineRole::skip, LineRole::skip,
                                         LineRole::asa_access_list, LineRole::asa_route, LineRole::asa_access_group});
}

TEST_CASE("cisco lines: an entry under no list and a misspelt ACL command are reported, not skipped", "[cisco]") {
    ParsedInput out;
    auto roles = roles_of("ip acess-list extended X\n"
                          " permit tcp any any eq 22\n",
                          Dialect::ios, out);
    CHECK(roles == std::vector<LineRole>{LineRole::skip, LineRole::skip});
    REQUIRE(out.diagnostics.size() == 2);
    CHECK(out.diagnostics[0].loc.line == 1);
    CHECK(out.diagnostics[0].severity == Severity::warning);
    CHECK(out.diagnostics[1].loc.line == 2);
    CHECK(out.diagnostics[1].loc.column == 2);
    CHECK(out.diagnostics[1].message.find("permit/deny entry outside an access list") != std::string::npos);
}

TEST_CASE("cisco lines: keywords are case-insensitive", "[cisco]") {
    CHECK(ieq("Access-List", "access-list"));
    CHECK_FALSE(ieq("access-lists", "access-list"));
    CHECK(first_words("  ip\taccess-list extended X").first == "");
    CHECK(first_words("ip\taccess-list extended X").second == "access-list");
    CHECK(is_number("010"));
    CHECK_FALSE(is_number(""));
    CHECK(to_int("65535") == 65535);
}
