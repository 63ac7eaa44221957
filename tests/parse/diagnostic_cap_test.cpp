// At most max_diagnostics_per_line diagnostics per input line, then one that counts
// the rest: a 1 MB line that repeats a bad option no longer fills a report.
#include <catch2/catch.hpp>

#include <string>

#include "parse/diagnostic_cap.hpp"
#include "parse/input.hpp"

using namespace fwlint;

namespace {

Diagnostic at(std::string file, int line, Severity s, std::string message) {
    return Diagnostic{SourceLocation{std::move(file), line, 1}, s, std::move(message)};
}

std::size_t count_on(const Diagnostics& ds, int line) {
    std::size_t n = 0;
    for (const auto& d : ds) n += d.loc.line == line;
    return n;
}

}  // namespace

TEST_CASE("cap_diagnostics_per_line keeps the first ones of a line and counts the rest") {
    Diagnostics ds;
    ds.push_back(at("a.rules", 1, Severity::error, "first line"));
    for (int i = 0; i < 5; ++i) ds.push_back(at("a.rules", 2, Severity::warning, "w" + std::to_string(i)));
    ds.push_back(at("a.rules", 3, Severity::note, "third line"));
    ds.push_back(at("a.rules", 2, Severity::error, "late error"));
    ds.push_back(at("a.rules", 2, Severity::note, "late note"));
    ds.push_back(at("b.rules", 2, Severity::note, "other file, same line"));
    ds.push_back(at("a.rules", 0, Severity::note, "no line"));
    ds.push_back(at("a.rules", 0, Severity::note, "no line either"));
    cap_diagnostics_per_line(ds, 3);

    REQUIRE(ds.size() == 9);
    CHECK(ds[0].message == "first line");
    CHECK(ds[1].message == "w0");
    CHECK(ds[3].message == "w2");
    // In place of the first one left out, as severe as the worst of them.
    CHECK(ds[4].loc.line == 2);
    CHECK(ds[4].severity == Severity::error);
    CHECK(ds[4].message ==
          "4 more diagnostics on this line (1 error, 2 warnings, 1 note) are not shown: fwlint reports at most 3 per "
          "line");
    CHECK(ds[5].message == "third line");
    CHECK(ds[6].message == "other file, same line");
    CHECK(ds[7].message == "no line");
    CHECK(ds[8].message == "no line either");
}

TEST_CASE("cap_diagnostics_per_line leaves lines at or under the cap as they are") {
    Diagnostics ds;
    for (int i = 0; i < 3; ++i) ds.push_back(at("a.rules", 7, Severity::warning, "w"));
    ds.push_back(at("a.rules", 8, Severity::warning, "x"));
    ds.push_back(at("a.rules", 8, Severity::warning, "y"));
    cap_diagnostics_per_line(ds, 3);
    CHECK(ds.size() == 5);
    CHECK(ds[4].message == "y");

    Diagnostics one_more = ds;
    one_more.push_back(at("a.rules", 7, Severity::warning, "fourth"));
    cap_diagnostics_per_line(one_more, 3);
    REQUIRE(one_more.size() == 6);
    CHECK(one_more[5].severity == Severity::warning);
    CHECK(one_more[5].message ==
          "1 more diagnostic on this line (1 warning) is not shown: fwlint reports at most 3 per line");
}

TEST_CASE("a 1 MB iptables line repeating a rule gives a handful of diagnostics, not 40,000") {
    std::string line;
    while (line.size() < (1u << 20)) line += "-A INPUT -i lo -j ACCEPT ";
    auto parsed = parse_input("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n" + line +
                                  "\n-A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n",
                              "iptables", "huge.rules");
    REQUIRE(parsed);
    REQUIRE(count_on(parsed->diagnostics, 4) == max_diagnostics_per_line + 1);
    const Diagnostic* last = nullptr;
    for (const auto& d : parsed->diagnostics)
        if (d.loc.line == 4) last = &d;
    CHECK(last->severity == Severity::error);
    CHECK(last->message.find("more diagnostics on this line (") != std::string::npos);
    CHECK(last->message.find("errors) are not shown: fwlint reports at most 10 per line") != std::string::npos);
    // The lines after it are still read.
    CHECK(parsed->find_policy("filter")->chains.size() >= 1);
    CHECK(parsed->rule_count() >= 2);
}

TEST_CASE("a 1 MB Cisco ACE repeating itself gives a handful of warnings, not one per word") {
    // Each word after the first ACE is an unknown keyword kept as a condition (FW002).
    std::string ace;
    while (ace.size() < (1u << 20)) ace += " permit tcp any any eq 443";
    auto parsed = parse_input("hostname r1\nip access-list extended EDGE\n permit tcp any any eq 22\n" + ace +
                                  "\n permit tcp any any eq 80\ninterface Gi0/0\n ip access-group EDGE in\n",
                              "ios", "r1.cfg");
    REQUIRE(parsed);
    REQUIRE(count_on(parsed->diagnostics, 4) == max_diagnostics_per_line + 1);
    const Diagnostic& last = parsed->diagnostics[max_diagnostics_per_line];
    CHECK(last.loc.line == 4);
    CHECK(last.severity == Severity::warning);
    CHECK(last.message.find("warnings) are not shown") != std::string::npos);
    CHECK(parsed->rule_count() == 3);  // the ACEs before and after it are read
}
