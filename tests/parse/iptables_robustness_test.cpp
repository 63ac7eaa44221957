// The iptables-save reader on bad, damaged and unusual input: every line is
// read or reported, parsing goes on after a bad line, nothing crashes or hangs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/iptables.hpp"

#include "iptables_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_iptables;

namespace {

// Line numbers (1-based) of the lines that are -A commands, after optional
// counters and blanks.
std::set<int> append_lines(std::string_view text) {
    std::set<int> lines;
    int n = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        ++n;
        std::size_t i = line.find_first_not_of(" \t");
        if (i != std::string_view::npos && line[i] == '[') {
            auto close = line.find(']', i);
            i = close == std::string_view::npos ? std::string_view::npos : line.find_first_not_of(" \t", close + 1);
        }
        if (i != std::string_view::npos && line.substr(i, 2) == "-A" &&
            (i + 2 == line.size() || line[i + 2] == ' ' || line[i + 2] == '\t' || line[i + 2] == '\r'))
            lines.insert(n);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

// Every -A line is a rule or an error diagnostic naming the line; no rule
// comes from a line that is not an -A line; no rule appears twice.
void check_accounted(const ParsedInput& p, std::string_view text) {
    auto expected = append_lines(text);
    std::set<int> rule_lines, error_lines;
    std::size_t rules = 0;
    for (const auto& policy : p.policies)
        for (const auto& c : policy.chains)
            for (const auto& r : c.rules) {
                rule_lines.insert(r.loc.line);
                ++rules;
            }
    for (const auto& d : p.diagnostics)
        if (d.severity == Severity::error) error_lines.insert(d.loc.line);
    CHECK(rules == rule_lines.size());
    std::size_t missing = 0, unreadable = 0;
    for (int line : expected) {
        if (rule_lines.count(line)) continue;
        if (error_lines.count(line)) ++unreadable;
        else {
            ++missing;
            UNSCOPED_INFO("line " << line << " is neither a rule nor an error");
        }
    }
    CHECK(missing == 0);
    CHECK(rules + unreadable == expected.size());
    for (int line : rule_lines) CHECK(expected.count(line) == 1);
}

}  // namespace

TEST_CASE("iptables: PEGTL's analyzer finds no rule that could loop without progress", "[iptables][robustness]") {
    CHECK(tao::pegtl::analyze<grammar::iptables::file>(1) == 0);
}

TEST_CASE("iptables: damaged lines are reported and the rest of the file is read", "[iptables][robustness]") {
    const auto text = read_fixture("bad_input.rules");
    auto p = parse_iptables_save(text, "bad_input.rules");
    check_accounted(p, text);
    const auto& input = chain(p, "filter", "INPUT").rules;

    // 7: "-A" with nothing after it
    CHECK(has_diagnostic(p, 7, Severity::error, "expected a chain name after -A, found the end of the line"));
    // 8: "--dport" without its value: the rule stays, with a condition
    CHECK(has_diagnostic(p, 8, Severity::error, "option '--dport' takes one value"));
    // 9: unknown option inside -m tcp
    CHECK(has_diagnostic(p, 9, Severity::warning, "unknown option '--frobnicate'"));
    // 10: unknown match module
    CHECK(has_diagnostic(p, 10, Severity::warning, "unknown match module 'geoip'"));
    // 11: unterminated quote: no rule
    CHECK(has_diagnostic(p, 11, Severity::error, "unterminated quoted string"));
    // 12, 13: bad address and port values
    CHECK(has_diagnostic(p, 12, Severity::error, "invalid source address '10.0.0.300'"));
    CHECK(has_diagnostic(p, 13, Severity::error, "invalid port '70000'"));
    // 14: target that is no chain
    CHECK(has_diagnostic(p, 14, Severity::error, "unknown target 'NO-SUCH-CHAIN'"));
    // 15: undeclared chain, created
    CHECK(has_diagnostic(p, 15, Severity::error, "chain 'UNDECLARED' is not declared"));
    CHECK(chain(p, "filter", "UNDECLARED").rules.size() == 1);
    // 16-17: loop, reported at the rule that closes it
    CHECK(has_diagnostic(p, 17, Severity::error, "jump loop: LOOP-A -> LOOP-B -> LOOP-A"));
    // 18: control bytes and a NUL inside a rule
    CHECK(has_diagnostic(p, 18, Severity::error, "found '\\x01\\x02\\x00junk'"));
    // 19: invalid UTF-8; 20: prose
    CHECK(has_diagnostic(p, 19, Severity::error, "expected a comment, a '*table' line"));
    CHECK(has_diagnostic(p, 20, Severity::error, "found 'this'"));
    // 21: read normally after all that
    REQUIRE_FALSE(input.empty());
    CHECK(input.back().loc.line == 21);
    CHECK(input.back().match.project(Family::v4, dport_dim) == IntervalSet::single(443));
    // no COMMIT at the end
    CHECK(has_diagnostic(p, 2, Severity::warning, "table 'filter' not closed by COMMIT"));

    std::set<int> rule_lines;
    for (const auto& c : p.policies.at(0).chains)
        for (const auto& r : c.rules) rule_lines.insert(r.loc.line);
    CHECK(rule_lines == std::set<int>{8, 9, 10, 12, 13, 14, 15, 16, 17, 21});
    // diagnostics come out in line order
    CHECK(std::is_sorted(p.diagnostics.begin(), p.diagnostics.end(),
                         [](const Diagnostic& a, const Diagnostic& b) { return a.loc.line < b.loc.line; }));
}

TEST_CASE("iptables: syntax errors name what was expected, at the right column", "[iptables][robustness]") {
    struct Case {
        const char* line;
        int column;
        const char* message;
    };
    const Case cases[] = {
        {"-A", 3, "expected a chain name after -A, found the end of the line"},
        {"-A -j ACCEPT", 4, "expected a chain name after -A, found '-j'"},
        {"-A INPUT -j", 12, "expected a target or chain name after -j"},
        {"-A INPUT -p tcp -g", 19, "expected a chain name after -g"},
        {"-A INPUT -s", 12, "expected an address after -s"},
        {"-A INPUT -d -j ACCEPT", 13, "expected an address after -d"},
        {"-A INPUT -i", 12, "expected an interface name after -i"},
        {"-A INPUT -p", 12, "expected a protocol"},
        {"-A INPUT -m", 12, "expected a match module name after -m"},
        {"-A INPUT ! ", 12, "expected an option after '!'"},
        {"-A INPUT 22 -j ACCEPT", 10, "expected an option (such as -s, -p, -m or -j) or the end of the line, found '22'"},
        {"-A INPUT -j LOG --log-prefix \"unterminated", 43, "unterminated quoted string"},
        {"[1:2 -A INPUT -j ACCEPT", 5, "expected packet and byte counters like [0:0]"},
        {"[1:2] INPUT -j ACCEPT", 7, "expected -A, -I, -N or -P after the counters"},
        {"-N", 3, "expected a chain name after -N"},
        {"-P INPUT", 9, "expected a policy (ACCEPT or DROP) after the chain name"},
        {":INPUT", 7, "expected a policy (ACCEPT, DROP, or - for a user-defined chain) after the chain name"},
        {":INPUT DROP [0:0] extra", 19, "expected [packets:bytes] counters or the end of the line"},
        {"COMMIT now", 8, "expected the end of the line after COMMIT"},
        {"-Q INPUT", 1, "expected a comment, a '*table' line, a ':CHAIN POLICY' line, a rule (-A CHAIN ...) or COMMIT"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        auto p = parse(std::string("*filter\n:INPUT DROP [0:0]\n") + c.line + "\nCOMMIT\n");
        REQUIRE(p.diagnostics.size() == 1);
        const auto& d = p.diagnostics[0];
        CHECK(d.severity == Severity::error);
        CHECK(d.loc.file == "test.rules");
        CHECK(d.loc.line == 3);
        CHECK(d.loc.column == c.column);
        CHECK(d.message.find(c.message) != std::string::npos);
        CHECK(p.rule_count() == 0);
    }
    auto table = parse("*broute\n");
    REQUIRE(table.diagnostics.size() == 1);
    CHECK(table.diagnostics[0].message.find("expected a table name (filter, nat, mangle, raw or security) after '*'") !=
          std::string::npos);
}

TEST_CASE("iptables: ports without a protocol are an error, the rule stays, its ports a condition", "[iptables][robustness]") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n-A INPUT --dport 3389 -j ACCEPT\n"
                   "-A INPUT -s 10.0.0.0/8 --sport 53 -j ACCEPT\n-A INPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n");
    REQUIRE(p.diagnostics.size() == 2);
    CHECK(p.diagnostics[0].severity == Severity::error);
    CHECK(p.diagnostics[0].loc.line == 3);
    CHECK(p.diagnostics[0].loc.column == 10);
    CHECK(p.diagnostics[0].message.find("'--dport' without a protocol: expected '-p tcp'") != std::string::npos);
    CHECK(p.diagnostics[1].loc.line == 4);
    CHECK(p.diagnostics[1].message.find("'--sport' without a protocol") != std::string::npos);
    const auto& rules = p.policies.at(0).find_chain("INPUT")->rules;
    REQUIRE(rules.size() == 3);
    REQUIRE(rules[0].conditions.size() == 1);
    CHECK(rules[0].conditions[0].name.find("ports without a protocol --dport") != std::string::npos);
    CHECK(rules[2].conditions.empty());
}

TEST_CASE("iptables: a jump loop is reported and does not hang", "[iptables][robustness]") {
    auto p = parse(filter_with(":A - [0:0]\n:B - [0:0]\n:C - [0:0]\n:SELF - [0:0]\n"
                               "-A INPUT -j A\n-A A -j B\n-A B -g C\n-A C -j A\n-A SELF -j SELF\n"));
    CHECK(has_diagnostic(p, 12, Severity::error, "jump loop: A -> B -> C -> A"));
    CHECK(has_diagnostic(p, 13, Severity::error, "jump loop: SELF -> SELF"));
    CHECK(count(p.diagnostics, Severity::error) == 2);
    CHECK(p.rule_count() == 5);

    // A long chain of jumps: deep, but no recursion.
    std::string body;
    for (int i = 0; i < 5000; ++i) body += fmt::format(":C{} - [0:0]\n", i);
    for (int i = 0; i < 5000; ++i) body += fmt::format("-A C{} -j C{}\n", i, (i + 1) % 5000);
    auto deep = parse(filter_with(body));
    CHECK(deep.rule_count() == 5000);
    CHECK(count(deep.diagnostics, Severity::error) == 1);
}

TEST_CASE("iptables: CRLF line ends read like LF", "[iptables][robustness]") {
    const auto lf = read_fixture("host.rules");
    std::string crlf;
    for (char c : lf) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    auto a = parse_iptables_save(lf, "host.rules");
    auto b = parse_iptables_save(crlf, "host.rules");
    CHECK(b.diagnostics.empty());
    REQUIRE(a.rule_count() == b.rule_count());
    const auto& ra = chain(a, "filter", "INPUT").rules;
    const auto& rb = chain(b, "filter", "INPUT").rules;
    REQUIRE(ra.size() == rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
        CHECK(ra[i].text == rb[i].text);
        CHECK(ra[i].loc == rb[i].loc);
        CHECK(ra[i].match == rb[i].match);
        CHECK(ra[i].action == rb[i].action);
    }
    CHECK(rb.back().text.find('\r') == std::string::npos);
}

TEST_CASE("iptables: a UTF-8 BOM and a last line without a line end", "[iptables][robustness]") {
    auto p = parse("\xEF\xBB\xBF*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT");
    CHECK(p.diagnostics.empty());
    CHECK(p.rule_count() == 1);
}

TEST_CASE("iptables: missing COMMIT, rules outside a table, tables not closed", "[iptables][robustness]") {
    auto truncated = parse_iptables_save(read_fixture("truncated.rules"), "truncated.rules");
    CHECK(truncated.rule_count() == 2);
    REQUIRE(truncated.diagnostics.size() == 1);
    CHECK(truncated.diagnostics[0].severity == Severity::warning);
    CHECK(truncated.diagnostics[0].message.find("table 'filter' not closed by COMMIT") != std::string::npos);

    auto outside = parse("-A INPUT -j ACCEPT\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n-A INPUT -j DROP\nCOMMIT\n");
    CHECK(outside.rule_count() == 0);
    CHECK(has_diagnostic(outside, 1, Severity::error, "rule outside a table"));
    CHECK(has_diagnostic(outside, 5, Severity::error, "rule outside a table"));
    CHECK(has_diagnostic(outside, 6, Severity::warning, "COMMIT without an open table"));

    auto unclosed = parse("*nat\n:PREROUTING ACCEPT [0:0]\n*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n");
    CHECK(has_diagnostic(unclosed, 3, Severity::warning, "table 'nat' (line 1) not closed by COMMIT"));
    CHECK(unclosed.policies.size() == 2);
    CHECK(unclosed.rule_count() == 1);

    auto twice = parse("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\n-A INPUT -j DROP\nCOMMIT\n");
    CHECK(twice.policies.size() == 1);
    CHECK(twice.rule_count() == 2);
    CHECK(has_diagnostic(twice, 5, Severity::warning, "table 'filter' appears again"));
}

TEST_CASE("iptables: binary junk never crashes", "[iptables][robustness]") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + 13) % 256);
    auto p = parse(junk);
    CHECK(p.rule_count() == 0);
    CHECK_FALSE(p.diagnostics.empty());

    // NULs and invalid UTF-8 inside otherwise good files
    std::string text = filter_with("-A INPUT -j ACCEPT\n");
    text.insert(text.find("-A"), std::string("\0\0\xC3\x28\n", 5));
    auto q = parse(text);
    CHECK(q.rule_count() == 1);
    CHECK(has_diagnostic(q, 5, Severity::error, "found '\\x00\\x00\\xc3('"));
    const char nul_in_quotes[] = "-A INPUT -m comment --comment \"a\0b\" -j ACCEPT\n";
    auto in_quotes = parse(filter_with(std::string(nul_in_quotes, sizeof nul_in_quotes - 1)));
    CHECK(in_quotes.rule_count() == 0);
    CHECK(has_diagnostic(in_quotes, 5, Severity::error, "unterminated quoted string"));
    // valid UTF-8 in a quoted comment is fine
    auto utf8 = input_rule("-A INPUT -m comment --comment \"caf\xC3\xA9 \xE2\x9C\x93\" -j ACCEPT");
    CHECK(utf8.comment == "caf\xC3\xA9 \xE2\x9C\x93");

    // every prefix of a good file: no crash, every -A line accounted for
    const auto good = read_fixture("every_match.rules");
    for (std::size_t n = 0; n < good.size(); n += 97) {
        auto prefix = good.substr(0, n);
        auto r = parse(prefix);
        check_accounted(r, prefix);
    }
}

TEST_CASE("iptables: a 1 MB line", "[iptables][robustness]") {
    std::string big(1 << 20, 'x');
    auto comment = parse(filter_with("-A INPUT -m comment --comment \"" + big + "\" -j ACCEPT\n-A INPUT -j DROP\n"));
    CHECK(comment.diagnostics.empty());
    REQUIRE(comment.rule_count() == 2);
    CHECK(chain(comment, "filter", "INPUT").rules[0].comment.size() == big.size());

    auto junk = parse(filter_with(big + "\n-A INPUT -j DROP\n"));
    CHECK(junk.rule_count() == 1);
    CHECK(has_diagnostic(junk, 5, Severity::error, "found 'xxxxxxxxxxxxxxxxxxxxxxxx...'"));

    std::string many_options = "-A INPUT";
    while (many_options.size() < (1u << 20)) many_options += " -m mark --mark 0x1";
    auto options = parse(filter_with(many_options + " -j ACCEPT\n"));
    CHECK(options.rule_count() == 1);

    std::string many_addresses = "-A INPUT -s 10.0.0.1";
    for (unsigned i = 2; many_addresses.size() < (1u << 20); ++i)
        many_addresses += fmt::format(",10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255);
    auto addresses = parse(filter_with(many_addresses + " -j ACCEPT\n"));
    CHECK(addresses.rule_count() == 1);
    CHECK(addresses.diagnostics.empty());

}

TEST_CASE("iptables: every corpus file parses and accounts for every -A line", "[iptables][corpus]") {
    namespace fs = std::filesystem;
    const fs::path dir = FWLINT_SOURCE_DIR "/../shared/corpus/iptables";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        WARN("no corpus at " << dir.string() << ": skipped");
        SUCCEED();
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    CHECK_FALSE(files.empty());
    for (const auto& path : files) {
        INFO(path.filename().string());
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
        auto p = parse_iptables_save(text, path.filename().string());
        CHECK(p.file == path.filename().string());
        check_accounted(p, text);
    }
}

TEST_CASE("targets resolve alike when more names than the resolver keeps alternate") {
    // Twelve user chains, the built-in targets, an unknown name and built-in chains, in turn over 200
    // rules: the resolver keeps the last eight names it looked up, so names keep leaving and coming back.
    std::string body;
    for (int c = 0; c < 12; ++c) body += fmt::format(":C{} - [0:0]\n", c);
    const std::vector<std::string> targets = {"C0", "ACCEPT", "C1", "C2", "DROP", "C3", "C4", "C5", "REJECT",
                                              "C6", "C7", "NOWHERE", "C8", "C9", "INPUT", "C10", "LOG", "C11"};
    for (int i = 0; i < 200; ++i) body += fmt::format("-A FORWARD -p tcp --dport {} -j {}\n", i + 1, targets[i % targets.size()]);
    body += "-A FORWARD -g ACCEPT\n";
    auto p = parse(filter_with(body));
    const auto& rules = chain(p, "filter", "FORWARD").rules;
    REQUIRE(rules.size() == 201);
    const int first_rule_line = rules.front().loc.line;
    for (int i = 0; i < 200; ++i) {
        const std::string& t = targets[i % targets.size()];
        INFO("rule " << i << " -j " << t);
        CHECK(rules[i].target == t);
        Action want = t[0] == 'C' ? Action::jump
                      : t == "ACCEPT" ? Action::accept
                      : t == "DROP" ? Action::drop
                      : t == "REJECT" ? Action::reject
                      : t == "LOG" ? Action::log
                                   : Action::other;  // NOWHERE, the built-in chain INPUT
        CHECK(rules[i].action == want);
        if (t == "NOWHERE") CHECK(has_diagnostic(p, first_rule_line + i, Severity::error, "unknown target 'NOWHERE'"));
        if (t == "INPUT") CHECK(has_diagnostic(p, first_rule_line + i, Severity::error, "built-in chain 'INPUT'"));
    }
    CHECK(rules[200].action == Action::other);  // a goto to a built-in target
    CHECK(has_diagnostic(p, first_rule_line + 200, Severity::error, "goto target 'ACCEPT' is not a chain"));
    CHECK(count(p.diagnostics, Severity::error) == 2 * 11 + 1);  // 200 rules: NOWHERE and INPUT 11 times each
}
