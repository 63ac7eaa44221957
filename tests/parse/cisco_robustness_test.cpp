// The Cisco reader on bad input: truncated and unknown lines, binary junk,
// huge lines, wrong encodings; and on every Cisco configuration of the
// shared corpus (../shared/corpus/{cisco-ios,cisco-asa,nxos}), where every
// ACE line must become a rule or a diagnostic naming the line.
#include <algorithm>
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>

#include "parse/input.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

TEST_CASE("cisco: a bad line is reported with what was expected, and the next line is still read", "[cisco][robust]") {
    auto p = parse("access-list 101 permit tcp any\n"
                   "access-list 101 permit\n"
                   "access-list 101 permit tcp host\n"
                   "access-list 101 permit tcp any any range 80\n"
                   "access-list 101 permit frob any any\n"
                   "access-list 101 permit tcp any any eq 80\n",
                   Dialect::ios);
    check_diagnostics(p, {{1, "expected a destination address"},
                          {2, "expected a protocol"},
                          {3, "expected an address after 'host'"},
                          {4, "expected two ports after 'range'"},
                          {5, "unknown protocol 'frob'"}});
    for (const auto& d : p.diagnostics) CHECK(d.severity == Severity::error);
    REQUIRE(rules(p, "101").size() == 1);
    CHECK(rules(p, "101")[0].loc.line == 6);
}

TEST_CASE("cisco: entries under a misspelt ACL header or a junk line are reported, not dropped", "[cisco][robust]") {
    auto p = parse("ip acess-list extended DMZ-OUT\n"
                   " 10 permit tcp any host 172.16.8.10 eq 443\n"
                   " deny ip any any\n"
                   "ip access-list extended EDGE\n"
                   " 10 permit tcp any any eq 22\n"
                   "x7#q\n"
                   " 20 deny ip any any\n"
                   "route-map RM permit 10\n"
                   " match ip address EDGE\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    check_diagnostics(p, {{2, "permit/deny entry outside an access list"},
                          {3, "permit/deny entry outside an access list"},
                          {7, "permit/deny entry outside an access list"},
                          {1, "'ip acess-list' looks like a misspelt 'ip access-list'"}});  // cisco_near_miss
    CHECK(p.diagnostics.size() == 4);  // the route-map's match line is no ACE, the junk line no ACL command
    REQUIRE(rules(p, "EDGE").size() == 1);
    CHECK(rules(p, "EDGE")[0].loc.line == 5);
}

TEST_CASE("cisco: unknown keywords are kept as unmodelled conditions with a warning", "[cisco][robust]") {
    auto p = parse("ip access-list extended X\n 10 permit tcp any any eq 80 frobnicate\n", Dialect::ios);
    REQUIRE(rules(p, "X").size() == 1);
    const Rule& r = rules(p, "X")[0];
    REQUIRE(r.conditions.size() == 1);
    CHECK(r.conditions[0].name == "unknown keyword 'frobnicate'");
    REQUIRE(p.diagnostics.size() == 1);
    CHECK(p.diagnostics[0].severity == Severity::warning);
    CHECK(p.diagnostics[0].loc.column == 30);
}

TEST_CASE("cisco: binary junk never crashes and lines with NUL bytes are reported", "[cisco][robust]") {
    std::string junk = "ip access-list extended X\n permit tcp any any eq 80\n";
    for (int i = 0; i < 4096; ++i) junk += char((i * 131 + 7) % 256);
    junk += "\naccess-list 10 permit any\n";
    for (Dialect d : {Dialect::ios, Dialect::asa, Dialect::nxos}) {
        auto p = parse(junk, d);
        CHECK(!p.diagnostics.empty());
        bool nul = false;
        for (const auto& diag : p.diagnostics) nul = nul || diag.message.find("NUL") != std::string::npos;
        CHECK(nul);
    }
    auto p = parse(junk, Dialect::ios);
    CHECK(rules(p, "X").size() == 1);
    CHECK(rules(p, "10").size() == 1);
}

TEST_CASE("cisco: 1 MB lines are read in linear time with short messages", "[cisco][robust]") {
    std::string ports;
    for (int i = 0; i < 200000; ++i) ports += std::to_string(1 + i % 60000) + " ";
    std::string text = "access-list 101 remark " + std::string(1 << 20, 'x') + "\n" +
                       "access-list 101 permit tcp any any eq " + ports + "\n" +
                       "access-list 101 permit tcp any any eq 80 " + std::string(1 << 20, 'y') + "\n" +
                       "access-list 101 permit " + std::string(1 << 20, 'z') + " any any\n";
    auto p = parse(text, Dialect::ios);
    REQUIRE(rules(p, "101").size() == 2);
    CHECK(rules(p, "101")[0].comment.size() == (1u << 20));
    CHECK(decide(p, "101", 6, "1.1.1.1", "2.2.2.2", 59999).permitted);
    CHECK(has_diagnostic(p, 3, "unknown keyword"));
    CHECK(has_diagnostic(p, 4, "unknown protocol"));
    for (const auto& d : p.diagnostics) CHECK(d.message.size() < 400);
}

TEST_CASE("cisco: wrong encodings: UTF-16 without BOM is reported line by line, Latin-1 text is kept", "[cisco][robust]") {
    std::string utf8 = "access-list 10 permit any\naccess-list 10 deny any\n";
    std::string utf16;
    for (char c : utf8) {
        utf16 += c;
        utf16 += '\0';
    }
    auto p = parse(utf16, Dialect::ios);
    CHECK(p.policies.empty());
    CHECK(p.diagnostics.size() >= 2);
    // with its BOM it is decoded first
    auto decoded = decode_text("\xFF\xFE" + utf16);
    auto q = parse(decoded.text, Dialect::ios);
    CHECK(rules(q, "10").size() == 2);
    auto latin1 = parse("access-list 10 remark caf\xE9\naccess-list 10 permit any\n", Dialect::ios);
    REQUIRE(rules(latin1, "10").size() == 1);
    CHECK(latin1.diagnostics.empty());
}

TEST_CASE("cisco: the format is told by the content", "[cisco][detect]") {
    CHECK(detect_format(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/ios-router.cfg")) == "ios");
    CHECK(detect_format(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/asa-firewall.cfg")) == "asa");
    CHECK(detect_format(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/nxos-switch.cfg")) == "nxos");
    CHECK(detect_format("access-list 101 permit tcp any any eq 22\n") == "ios");
    CHECK(detect_format("access-list OUT extended permit tcp any any eq 22\n") == "asa");
    CHECK(detect_format("hello world\n") == "");
    CHECK(detect_format("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n") == "iptables");
}

namespace {

std::string lower_copy(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return s;
}

// Lines that are access-control entries: "access-list N permit|deny ...",
// "[SEQ] permit|deny ..." (in a list block).
bool ace_line(const std::string& body) {
    std::string b = lower_copy(body);
    if (b.rfind("access-list ", 0) == 0) {
        auto remark = b.find(" remark ");
        auto verb = std::min(b.find(" permit "), b.find(" deny "));
        return verb != std::string::npos && (remark == std::string::npos || verb < remark);
    }
    std::size_t i = 0;
    while (i < b.size() && b[i] >= '0' && b[i] <= '9') ++i;
    while (i < b.size() && b[i] == ' ') ++i;
    return b.compare(i, 7, "permit ") == 0 || b.compare(i, 5, "deny ") == 0;
}

void check_accounted(const ParsedInput& p, const std::string& text) {
    std::set<int> lines;
    for (const auto& pol : p.policies)
        for (const auto& c : pol.chains)
            for (const auto& r : c.rules) lines.insert(r.loc.line);
    for (const auto& d : p.diagnostics) lines.insert(d.loc.line);
    int number = 0, header = 0;
    std::size_t pos = 0;
    bool banner = false;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::string l = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        ++number;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        std::size_t indent = l.find_first_not_of(" \t");
        if (indent == std::string::npos) continue;
        std::string body = l.substr(indent);
        if (banner) {
            if (body.find("^C") != std::string::npos) banner = false;
            continue;
        }
        if (indent == 0 && body.rfind("banner ", 0) == 0 && body.find("^C") != std::string::npos &&
            body.find("^C", body.find("^C") + 2) == std::string::npos) {
            banner = true;
            continue;
        }
        if (indent == 0 && !ace_line(body)) header = number;
        if (!ace_line(body)) continue;
        INFO("line " << number << ": " << body);
        // An entry of a list whose header was reported (a MAC or ARP list,
        // a header that did not read) is accounted for by that report.
        CHECK((lines.count(number) || (indent > 0 && lines.count(header))));
    }
}

}  // namespace

TEST_CASE("cisco: every corpus configuration parses and accounts for every ACE", "[cisco][corpus]") {
    int files = for_each_corpus_config(
        [](const ParsedInput& p, const std::string& text) { check_accounted(p, text); });
    if (files < 0) return;
    CHECK(files > 0);
}
