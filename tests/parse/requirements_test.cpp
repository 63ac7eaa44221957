// The requirement-set language: grammar, actions, resolution, bundled sets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/requirements.hpp"
#include "parse/requirements.hpp"

using namespace fwlint;

namespace {

std::string read_rules(const std::string& name) {
    std::ifstream f(std::string(FWLINT_SOURCE_DIR) + "/rules/" + name + ".fwreq", std::ios::binary);
    REQUIRE(f.good());
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

RequirementSet load(const std::string& name) {
    auto r = parse_requirement_set(read_rules(name), "rules/" + name + ".fwreq");
    for (const auto& d : r.diagnostics)
        UNSCOPED_INFO(d.loc.file << ":" << d.loc.line << ":" << d.loc.column << ": " << d.message);
    REQUIRE(r.diagnostics.empty());
    REQUIRE(r.set.has_value());
    return *r.set;
}

std::string render(const Diagnostic& d) {
    return d.loc.file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message;
}

std::string render_all(const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds) out += render(d) + "\n";
    return out;
}

IntervalSet ports(std::initializer_list<std::pair<unsigned, unsigned>> ranges) {
    IntervalSet s;
    for (auto [lo, hi] : ranges) s.add(lo, hi);
    return s;
}

std::vector<const FlowStatement*> find(const RequirementSet& set, StatementKind kind, const std::string& from,
                                       const std::string& to) {
    std::vector<const FlowStatement*> out;
    for (const auto& s : set.statements)
        if (s.kind == kind && s.from == from && s.to == to) out.push_back(&s);
    return out;
}

const ResolvedStatement* resolved_for(const std::vector<ResolvedStatement>& rs, StatementKind kind,
                                      const std::string& from, const std::string& to,
                                      const std::string& first_term = "") {
    for (const auto& r : rs) {
        const auto& s = *r.statement;
        if (s.kind != kind || s.from != from || s.to != to) continue;
        if (!first_term.empty() && (s.services.port_terms.empty() || s.services.port_terms[0] != first_term))
            continue;
        return &r;
    }
    return nullptr;
}

// A small set every error test starts from; the line under test is line 6.
const std::string kHeader =
    "set t \"test\"\n"
    "role a \"A\"\n"
    "role b \"B\"\n"
    "param p = 1000-2000 \"P\"\n"
    "param flag = no \"F\"\n";
const std::string kTrailer = "require a -> b tcp 22 \"after the bad line\"\n";

struct Outcome {
    RequirementParseResult result;
    std::size_t statements() const { return result.set ? result.set->statements.size() : 0; }
};

// Parses header + bad line + a good line; expects exactly one error.
Outcome one_error(const std::string& bad_line, int line, int column, const std::string& message_start) {
    Outcome o{parse_requirement_set(kHeader + bad_line + "\n" + kTrailer, "t.fwreq")};
    INFO(render_all(o.result.diagnostics));
    REQUIRE(o.result.diagnostics.size() == 1);
    const auto& d = o.result.diagnostics[0];
    CHECK(d.severity == Severity::error);
    CHECK(d.loc.file == "t.fwreq");
    CHECK(d.loc.line == line);
    CHECK(d.loc.column == column);
    CHECK(d.message.rfind(message_start, 0) == 0);
    // The good line after the bad one is still read.
    REQUIRE(o.result.set.has_value());
    REQUIRE(!o.result.set->statements.empty());
    CHECK(o.result.set->statements.back().description == "after the bad line");
    CHECK(o.result.set->statements.back().loc.line ==
          7 + static_cast<int>(std::count(bad_line.begin(), bad_line.end(), '\n')));
    return o;
}

}  // namespace

// ------------------------------------------------------------------ grammar

TEST_CASE("requirement grammar has no PEG loops or cycles", "[requirements][grammar]") {
    CHECK(tao::pegtl::analyze<grammar::requirements::file>(false) == 0);
}

// ------------------------------------------------------------------ bundled sets

TEST_CASE("bundled rule sets are listed from the rules directory", "[requirements][bundled]") {
    const auto names = bundled_rule_set_names(std::string(FWLINT_SOURCE_DIR) + "/rules");
    CHECK(names == std::vector<std::string>{"ca-dcom", "cep", "ces", "domain-member"});
    CHECK(bundled_rule_set_names("/nonexistent/fwlint/rules").empty());
}

TEST_CASE("bundled_rules_dir honours FWLINT_RULES_DIR", "[requirements][bundled]") {
    const char* saved = std::getenv("FWLINT_RULES_DIR");
    const std::string saved_value = saved ? saved : "";
    ::unsetenv("FWLINT_RULES_DIR");
    CHECK(bundled_rules_dir() == std::string(FWLINT_SOURCE_DIR) + "/rules");
    ::setenv("FWLINT_RULES_DIR", "/tmp/my-rules", 1);
    CHECK(bundled_rules_dir() == "/tmp/my-rules");
    if (saved)
        ::setenv("FWLINT_RULES_DIR", saved_value.c_str(), 1);
    else
        ::unsetenv("FWLINT_RULES_DIR");
}

TEST_CASE("every bundled statement cites its seed", "[requirements][bundled]") {
    for (const std::string name : {"cep", "ces", "ca-dcom", "domain-member"}) {
        INFO(name);
        const auto set = load(name);
        CHECK(set.name == name);
        CHECK(!set.title.empty());
        CHECK((set.source == "cep-firewall-rules.txt" || set.source == "adcs-firewall-rules.txt"));
        for (const auto& s : set.statements) {
            INFO("line " << s.loc.line);
            CHECK(s.source.rfind(set.source + ": ", 0) == 0);
            CHECK((s.kind == StatementKind::windows_rule || !s.description.empty()));
        }
        Diagnostics errors;
        const auto resolved = resolve_requirements(set, {}, errors);
        CHECK(errors.empty());
        CHECK(resolved.size() == set.statements.size());
    }
}

TEST_CASE("cep: the CEP table, row by row", "[requirements][bundled]") {
    const auto set = load("cep");
    CHECK(set.title == "Certificate Enrollment Policy Web Service (CEP)");
    REQUIRE(set.roles.size() == 4);
    CHECK(set.roles[0].name == "clients");
    CHECK(set.roles[1].name == "cep");
    CHECK(set.roles[2].name == "dc");
    CHECK(set.roles[3].name == "ca");
    REQUIRE(set.params.size() == 1);
    CHECK(set.params[0].name == "dc_rpc_dynamic");
    CHECK(set.params[0].default_value == "49152-65535");
    CHECK(set.statements.size() == 17);

    const auto https = find(set, StatementKind::require, "clients", "cep");
    REQUIRE(https.size() == 1);
    CHECK(https[0]->services.protocols == std::vector<unsigned>{6});
    CHECK(https[0]->services.port_terms == std::vector<std::string>{"443"});
    CHECK(https[0]->source == "cep-firewall-rules.txt: Clients to the CEP");

    const auto never = find(set, StatementKind::forbid, "cep", "ca");
    REQUIRE(never.size() == 1);
    CHECK(never[0]->services.protocols.empty());
    CHECK(never[0]->services.port_terms.empty());
    CHECK(never[0]->description == "the CEP never talks to the CA");
    CHECK(find(set, StatementKind::require, "cep", "ca").empty());

    const auto domain = find(set, StatementKind::require, "cep", "dc");
    REQUIRE(domain.size() == 10);
    CHECK(domain[0]->services.protocols == std::vector<unsigned>{6, 17});
    CHECK(domain[0]->services.port_terms == std::vector<std::string>{"53"});
    CHECK(domain[2]->services.protocols == std::vector<unsigned>{17});
    CHECK(domain[2]->services.port_terms == std::vector<std::string>{"123"});
    CHECK(domain[9]->services.port_terms == std::vector<std::string>{"$dc_rpc_dynamic"});

    Diagnostics errors;
    const auto rs = resolve_requirements(set, {}, errors);
    REQUIRE(errors.empty());
    // limit cep -> dc tcp to required: every TCP port of the table.
    const ResolvedStatement* tcp_limit = nullptr;
    const ResolvedStatement* udp_limit = nullptr;
    for (const auto& r : rs) {
        if (r.statement->kind != StatementKind::limit || r.statement->to != "dc") continue;
        (r.protocols.contains(6) ? tcp_limit : udp_limit) = &r;
    }
    REQUIRE(tcp_limit);
    REQUIRE(udp_limit);
    CHECK(tcp_limit->ports == ports({{53, 53}, {88, 88}, {135, 135}, {389, 389}, {445, 445}, {636, 636},
                                     {3268, 3269}, {49152, 65535}}));
    CHECK(udp_limit->protocols == IntervalSet::single(17));
    CHECK(udp_limit->ports == ports({{53, 53}, {123, 123}, {389, 389}}));
    const auto* forbid = resolved_for(rs, StatementKind::forbid, "cep", "ca");
    REQUIRE(forbid);
    CHECK(forbid->protocols == IntervalSet::range(0, 255));
    CHECK(forbid->ports == IntervalSet::range(0, 65535));

    // The IIS rules, with the display names Windows ships.
    std::vector<const FlowStatement*> win;
    for (const auto& s : set.statements)
        if (s.kind == StatementKind::windows_rule) win.push_back(&s);
    REQUIRE(win.size() == 2);
    CHECK(win[0]->from == "cep");
    CHECK(win[0]->rule_id == "IIS-WebServerRole-HTTP-In-TCP");
    CHECK(win[0]->display_names == std::vector<std::string>{"World Wide Web Services (HTTP Traffic-In)",
                                                            "WWW-Dienste (HTTP-Datenverkehr eingehend)",
                                                            "Services World Wide Web (trafic HTTP entrant)"});
    CHECK(win[1]->rule_id == "IIS-WebServerRole-HTTPS-In-TCP");
    CHECK(win[1]->display_names[0] == "World Wide Web Services (HTTPS Traffic-In)");
    CHECK(win[1]->notes == std::vector<std::string>{"Remediation: Enable-NetFirewallRule -Name \"IIS-WebServerRole-HTTPS-In-TCP\""});
    for (const auto& r : rs)
        if (r.statement->kind == StatementKind::windows_rule) {
            CHECK(r.protocols.empty());
            CHECK(r.ports.empty());
        }
}

TEST_CASE("ces: rows, the mistaken port 440 and the RPC parameters", "[requirements][bundled]") {
    const auto set = load("ces");
    REQUIRE(set.roles.size() == 4);
    REQUIRE(set.params.size() == 2);
    CHECK(set.params[0].name == "legacy_rpc");
    CHECK(set.params[0].default_value == "no");
    CHECK(set.params[1].name == "rpc_dynamic");
    CHECK(set.params[1].default_value == "49152-65535");
    CHECK(set.statements.size() == 9);

    const auto wrong = find(set, StatementKind::forbid, "ces", "dc");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0]->services.port_terms == std::vector<std::string>{"440"});
    const auto to_dc = find(set, StatementKind::require, "ces", "dc");
    REQUIRE(to_dc.size() == 3);
    const auto to_ca = find(set, StatementKind::require, "ces", "ca");
    REQUIRE(to_ca.size() == 2);
    CHECK(to_ca[0]->services.port_terms == std::vector<std::string>{"135"});
    REQUIRE(to_ca[1]->when.size() == 1);
    CHECK(to_ca[1]->when[0].param == "legacy_rpc");
    CHECK(to_ca[1]->when[0].services.port_terms == std::vector<std::string>{"1024-65535"});
    CHECK(to_ca[1]->notes.size() == 2);

    SECTION("defaults: 49152-65535") {
        Diagnostics errors;
        const auto rs = resolve_requirements(set, {}, errors);
        REQUIRE(errors.empty());
        const auto* rpc = resolved_for(rs, StatementKind::require, "ces", "ca", "$rpc_dynamic");
        REQUIRE(rpc);
        CHECK(rpc->protocols == IntervalSet::single(6));
        CHECK(rpc->ports == IntervalSet::range(49152, 65535));
        CHECK(rpc->notes.empty());
        const auto* limit = resolved_for(rs, StatementKind::limit, "ces", "ca");
        REQUIRE(limit);
        CHECK(limit->protocols == IntervalSet::single(6));
        CHECK(limit->ports == ports({{135, 135}, {49152, 65535}}));
    }
    SECTION("a static DCOM port") {
        Diagnostics errors;
        const auto rs = resolve_requirements(set, {{"rpc_dynamic", "50000"}}, errors);
        REQUIRE(errors.empty());
        CHECK(resolved_for(rs, StatementKind::require, "ces", "ca", "$rpc_dynamic")->ports ==
              IntervalSet::single(50000));
        CHECK(resolved_for(rs, StatementKind::limit, "ces", "ca")->ports == ports({{135, 135}, {50000, 50000}}));
    }
    SECTION("2003/XP peers") {
        Diagnostics errors;
        const auto rs = resolve_requirements(set, {{"legacy_rpc", "yes"}}, errors);
        REQUIRE(errors.empty());
        const auto* rpc = resolved_for(rs, StatementKind::require, "ces", "ca", "$rpc_dynamic");
        CHECK(rpc->ports == IntervalSet::range(1024, 65535));
        CHECK(rpc->notes == std::vector<std::string>{"legacy_rpc=yes: tcp 1024-65535"});
        CHECK(resolved_for(rs, StatementKind::limit, "ces", "ca")->ports == ports({{135, 135}, {1024, 65535}}));
    }
    SECTION("output order is statement order") {
        Diagnostics errors;
        const auto rs = resolve_requirements(set, {}, errors);
        REQUIRE(rs.size() == set.statements.size());
        for (std::size_t i = 0; i < rs.size(); ++i) CHECK(rs[i].statement == &set.statements[i]);
    }
}

TEST_CASE("ca-dcom and domain-member", "[requirements][bundled]") {
    const auto dcom = load("ca-dcom");
    REQUIRE(dcom.roles.size() == 2);
    CHECK(dcom.roles[0].description == "DCOM enrollment clients: CES servers, XP clients");
    CHECK(dcom.statements.size() == 3);
    Diagnostics errors;
    auto rs = resolve_requirements(dcom, {{"legacy_rpc", "yes"}, {"rpc_dynamic", "50000"}}, errors);
    REQUIRE(errors.empty());
    // legacy_rpc wins over the static port: the when-clause replaces the services.
    CHECK(rs[2].ports == ports({{135, 135}, {1024, 65535}}));

    const auto member = load("domain-member");
    CHECK(member.roles.size() == 2);
    CHECK(find(member, StatementKind::require, "member", "dc").size() == 10);
    CHECK(find(member, StatementKind::limit, "member", "dc").size() == 2);
}

// ------------------------------------------------------------------ language

TEST_CASE("a complete statement parses into the IR", "[requirements][language]") {
    const std::string text =
        "\xEF\xBB\xBF# comment line\r\n"
        "set demo \"Demo \\\"set\\\"\"   # trailing comment\r\n"
        "  source \"seed.txt\"\r\n"
        "\r\n"
        "role clients \"hosts\"\r\n"
        "role srv\r\n"
        "param legacy = no \"old peers\"\r\n"
        "param dyn = 135, 49152-65535\r\n"
        "require clients -> srv tcp+udp 53, $dyn \"DNS\"\r\n"
        "  source \"seed.txt: section\"\r\n"
        "  note \"first\"\r\n"
        "  note \"second\"\r\n"
        "  when legacy: tcp 1024-65535\r\n"
        "forbid clients->srv icmp\r\n"
        "limit clients -> srv 47 \"GRE\"\r\n"
        "limit clients -> srv tcp any\r\n"
        "windows-rule srv \"Some-Rule\"\r\n";
    const auto r = parse_requirement_set(text, "demo.fwreq");
    INFO(render_all(r.diagnostics));
    REQUIRE(r.diagnostics.empty());
    const auto& set = *r.set;
    CHECK(set.name == "demo");
    CHECK(set.title == "Demo \"set\"");
    CHECK(set.source == "seed.txt");
    CHECK(set.file == "demo.fwreq");
    REQUIRE(set.roles.size() == 2);
    CHECK(set.roles[1].description.empty());
    CHECK(set.roles[0].loc == SourceLocation{"demo.fwreq", 5, 6});
    REQUIRE(set.params.size() == 2);
    CHECK(set.params[1].default_value == "135, 49152-65535");
    REQUIRE(set.statements.size() == 5);
    const auto& req = set.statements[0];
    CHECK(req.kind == StatementKind::require);
    CHECK(req.loc == SourceLocation{"demo.fwreq", 9, 1});
    CHECK(req.services.protocols == std::vector<unsigned>{6, 17});
    CHECK(req.services.port_terms == std::vector<std::string>{"53", "$dyn"});
    CHECK(req.services.loc == SourceLocation{"demo.fwreq", 9, 24});
    CHECK(req.source == "seed.txt: section");
    CHECK(req.notes == std::vector<std::string>{"first", "second"});
    REQUIRE(req.when.size() == 1);
    CHECK(req.when[0].loc == SourceLocation{"demo.fwreq", 13, 8});
    CHECK(set.statements[1].kind == StatementKind::forbid);
    CHECK(set.statements[1].services.protocols == std::vector<unsigned>{1});
    CHECK(set.statements[3].services.port_terms.empty());
    CHECK(set.statements[4].rule_id == "Some-Rule");
    CHECK(set.statements[4].display_names.empty());

    Diagnostics errors;
    const auto rs = resolve_requirements(set, {}, errors);
    REQUIRE(errors.empty());
    CHECK(rs[0].protocols == ports({{6, 6}, {17, 17}}));
    CHECK(rs[0].ports == ports({{53, 53}, {135, 135}, {49152, 65535}}));
    CHECK(rs[1].protocols == IntervalSet::single(1));
    CHECK(rs[1].ports == IntervalSet::range(0, 65535));  // icmp: ports are irrelevant
    CHECK(rs[2].protocols == IntervalSet::single(47));
    CHECK(rs[3].ports == IntervalSet::range(0, 65535));
}

TEST_CASE("line ends: CR only, and no final line break", "[requirements][language]") {
    const auto r = parse_requirement_set("set m \"mac\"\rrole a\rrequire a -> a tcp 1 \"x\\ty\"", "m.fwreq");
    INFO(render_all(r.diagnostics));
    REQUIRE(r.diagnostics.empty());
    REQUIRE(r.set->statements.size() == 1);
    CHECK(r.set->statements[0].loc.line == 3);
    CHECK(r.set->statements[0].description == "x\ty");

    const auto t = parse_requirement_set("set m \"m\"\nrole a\nrequire a ->", "t.fwreq");
    REQUIRE(t.diagnostics.size() == 1);
    CHECK(render(t.diagnostics[0]) == "t.fwreq:3:13: expected the destination role name after '->'");
}

TEST_CASE("limit to required only counts requires with the same roles and protocols", "[requirements][language]") {
    const std::string text =
        "set x \"x\"\n"
        "role a\nrole b\nrole c\n"
        "require a -> b tcp 80\n"
        "require a -> b udp 53\n"
        "require a -> c tcp 443\n"
        "require b -> a tcp 22\n"
        "limit a -> b tcp to required\n"
        "limit a -> b icmp to required\n";
    const auto r = parse_requirement_set(text, "x.fwreq");
    REQUIRE(r.diagnostics.empty());
    Diagnostics errors;
    const auto rs = resolve_requirements(*r.set, {}, errors);
    CHECK(rs[4].ports == IntervalSet::single(80));
    CHECK(rs[4].protocols == IntervalSet::single(6));
    CHECK(rs[5].ports.empty());
}

// ------------------------------------------------------------------ errors

TEST_CASE("errors point at the line and column of the mistake", "[requirements][errors]") {
    SECTION("unknown statement keyword") {
        auto o = one_error("requir a -> b tcp 443", 6, 1, "unknown statement 'requir'");
        CHECK(o.result.diagnostics[0].message ==
              "unknown statement 'requir'; expected set, role, param, require, forbid, limit or windows-rule");
    }
    SECTION("missing arrow") {
        auto o = one_error("require a b tcp 443", 6, 11, "expected '->' between the two role names");
        CHECK(o.statements() == 1);
    }
    SECTION("undeclared role") {
        auto o = one_error("require a -> c tcp 443", 6, 14, "undeclared role 'c'");
        CHECK(o.statements() == 1);  // the statement is dropped, the next one kept
    }
    SECTION("undeclared role in a windows-rule") { one_error("windows-rule host \"X\"", 6, 14, "undeclared role 'host'"); }
    SECTION("undefined parameter") { one_error("require a -> b tcp $q", 6, 20, "undefined parameter '$q'"); }
    SECTION("boolean parameter used as ports") { one_error("require a -> b tcp $flag", 6, 20, "parameter 'flag' is yes/no"); }
    SECTION("port out of range") {
        auto o = one_error("require a -> b tcp 443, 70000", 6, 25, "port 70000 is out of range");
        CHECK(o.result.diagnostics[0].message == "port 70000 is out of range; ports are 0-65535");
    }
    SECTION("end of range out of range") { one_error("require a -> b tcp 10-70000", 6, 23, "port 70000 is out of range"); }
    SECTION("empty range") { one_error("require a -> b tcp 10-5", 6, 20, "empty port range 10-5"); }
    SECTION("absurdly long port number") {
        one_error("require a -> b tcp " + std::string(5000, '9'), 6, 20, "port 99999");
    }
    SECTION("protocol number out of range") { one_error("require a -> b 300 \"x\"", 6, 16, "protocol number 300 is out of range"); }
    SECTION("unterminated quote") {
        auto o = one_error("require a -> b tcp 443 \"HTTPS", 6, 24, "unterminated string");
        CHECK(o.statements() == 1);
    }
    SECTION("truncated line") {
        one_error("require a ->", 6, 13, "expected the destination role name after '->'");
    }
    SECTION("truncated after the roles") { one_error("require a -> b", 6, 15, "expected the services"); }
    SECTION("tcp without ports") { one_error("require a -> b tcp \"x\"", 6, 19, "expected ports after 'tcp'"); }
    SECTION("trailing comma") { one_error("require a -> b tcp 443,", 6, 24, "expected a port, a range"); }
    SECTION("missing protocol after +") { one_error("require a -> b tcp+ 443", 6, 20, "expected a protocol after '+'"); }
    SECTION("junk after the services") { one_error("require a -> b tcp 443 https", 6, 24, "expected a quoted description"); }
    SECTION("junk after the description") { one_error("require a -> b tcp 443 \"x\" y", 6, 28, "expected the end of the line"); }
    SECTION("to required outside limit") {
        one_error("require a -> b tcp to required", 6, 20, "'to required' is only allowed in limit statements");
    }
    SECTION("to without required") { one_error("limit a -> b tcp to requ", 6, 21, "expected 'required' after 'to'"); }
    SECTION("bad escape") { one_error("require a -> b tcp 1 \"a\\qb\"", 6, 24, "unknown escape '\\q'"); }
    SECTION("invalid UTF-8 in a string") {
        auto o = one_error("require a -> b tcp 443 \"bad \xff here\"", 6, 29, "invalid UTF-8 byte 0xff");
        CHECK(o.result.diagnostics[0].message == "invalid UTF-8 byte 0xff in a quoted string");
    }
    SECTION("truncated UTF-8 sequence in a string") {
        one_error("role c \"caf\xc3\"", 6, 12, "invalid UTF-8 byte 0xc3");
    }
    SECTION("control character in a string") { one_error("role c \"a\x01\"", 6, 10, "control character 0x01"); }
    SECTION("binary junk") {
        auto o = one_error(std::string("\x01\x02\xff\xfe\x00junk", 9), 6, 1, "unknown statement '\\x01\\x02\\xff\\xfe\\x00junk'");
        CHECK(o.statements() == 1);
    }
    SECTION("a huge line") {
        auto o = one_error(std::string(1 << 20, 'x'), 6, 1, "unknown statement 'xxxxxxxx");
        CHECK(o.result.diagnostics[0].message.size() < 200);
    }
    SECTION("a huge line with a bad port at its end") {
        std::string line = "require a -> b tcp 1";
        while (line.size() < (1u << 20)) line += ", 1";
        const int col = static_cast<int>(line.size()) + 3;
        line += ", 99999";
        one_error(line, 6, col, "port 99999 is out of range");
    }
    SECTION("when on a port-list parameter") {
        one_error("require a -> b tcp 1\n  when p: tcp 2", 7, 8, "parameter 'p' is a port list");
    }
    SECTION("when on an undefined parameter") {
        one_error("require a -> b tcp 1\n  when nope: tcp 2", 7, 8, "undefined parameter 'nope'");
    }
    SECTION("when without a colon") {
        one_error("require a -> b tcp 1\n  when flag tcp 2", 7, 13, "expected ':' after the parameter name");
    }
    SECTION("duplicate role") { one_error("role a \"again\"", 6, 6, "role 'a' is already declared at line 2"); }
    SECTION("duplicate parameter") { one_error("param p = 1", 6, 7, "parameter 'p' is already declared at line 4"); }
    SECTION("bad parameter value") { one_error("param q = maybe", 6, 11, "expected the parameter's value"); }
    SECTION("parameter name") { one_error("param Q = 1", 6, 7, "expected a parameter name"); }
    SECTION("second set") { one_error("set u \"again\"", 6, 1, "second 'set' statement"); }
    SECTION("indented statement") {
        one_error("  require a -> b tcp 1", 6, 3, "'require' starts a statement and must begin at column 1");
    }
    SECTION("unknown sub-line") { one_error("  nite \"x\"", 6, 3, "unknown sub-line 'nite'; expected source, note or when"); }
    SECTION("note under a role") { one_error("role c\n  note \"x\"", 7, 3, "'note' does not belong under a 'role' statement"); }
    SECTION("when under a windows-rule") {
        one_error("windows-rule a \"X\"\n  when flag: tcp 1", 7, 3, "'when' does not belong under a 'windows-rule'");
    }
    SECTION("two sources") {
        one_error("require a -> b tcp 1\n  source \"x\"\n  source \"y\"", 8, 3, "a second 'source'");
    }
}

TEST_CASE("missing set and orphan sub-lines", "[requirements][errors]") {
    SECTION("no set statement") {
        const auto r = parse_requirement_set("role a\nrole b\nrequire a -> b tcp 1\n", "rules/foo.fwreq");
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(render(r.diagnostics[0]) ==
              "rules/foo.fwreq:1:1: missing 'set NAME \"TITLE\"' statement; every requirement set has one");
        REQUIRE(r.set.has_value());
        CHECK(r.set->name == "foo");
        CHECK(r.set->statements.size() == 1);
    }
    SECTION("nothing usable") {
        const auto r = parse_requirement_set("# only a comment\n", "empty.fwreq");
        CHECK(!r.set.has_value());
        CHECK(r.diagnostics.size() == 1);
    }
    SECTION("a sub-line before any statement") {
        const auto r = parse_requirement_set("  note \"x\"\nset s \"t\"\n", "s.fwreq");
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(render(r.diagnostics[0]) ==
              "s.fwreq:1:3: 'note' is indented under no statement; statements start at column 1");
    }
}

TEST_CASE("recovery: a bad line in the middle does not lose the rest", "[requirements][errors]") {
    const std::string text =
        "set r \"recovery\"\n"
        "role a\n"
        "role b \"unterminated\n"                    // 3: role b is reported once
        "require a -> b tcp 1 \"uses b\"\n"          // 4: dropped quietly (b failed above)
        "require a -> a tcp 2 \"kept\"\n"            // 5
        "require a -> a tcp 99999 \"bad port\"\n"    // 6
        "  note \"belongs to the dropped line\"\n"  // 7: ignored quietly
        "  when nope: tcp 1\n"                      // 8: still checked
        "bogus\n"                                   // 9
        "forbid a -> a udp 3 \"also kept\"\n"       // 10
        "  note \"attached\"\n";
    const auto r = parse_requirement_set(text, "r.fwreq");
    INFO(render_all(r.diagnostics));
    REQUIRE(r.diagnostics.size() == 4);
    CHECK(render(r.diagnostics[0]) == "r.fwreq:3:8: unterminated string; expected a closing '\"' before the end of the line");
    CHECK(render(r.diagnostics[1]) == "r.fwreq:6:20: port 99999 is out of range; ports are 0-65535");
    CHECK(render(r.diagnostics[2]).rfind("r.fwreq:8:8: undefined parameter 'nope'", 0) == 0);
    CHECK(render(r.diagnostics[3]).rfind("r.fwreq:9:1: unknown statement 'bogus'", 0) == 0);
    REQUIRE(r.set.has_value());
    REQUIRE(r.set->statements.size() == 2);
    CHECK(r.set->statements[0].description == "kept");
    CHECK(r.set->statements[0].notes.empty());
    CHECK(r.set->statements[1].description == "also kept");
    CHECK(r.set->statements[1].notes == std::vector<std::string>{"attached"});
}

TEST_CASE("binary input never crashes and reports every line", "[requirements][errors]") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 131 + 7) & 0xff);
    const auto r = parse_requirement_set(junk, "junk.bin");
    CHECK(!r.diagnostics.empty());
    for (const auto& d : r.diagnostics) {
        CHECK(d.loc.line >= 1);
        CHECK(d.loc.column >= 1);
        CHECK(d.message.size() < 300);
    }
}

// ------------------------------------------------------------------ overrides

TEST_CASE("parameter overrides are checked", "[requirements][resolve]") {
    const auto set = load("ces");
    auto check_error = [&](const std::map<std::string, std::string>& overrides, const std::string& message_start) {
        Diagnostics errors;
        const auto rs = resolve_requirements(set, overrides, errors);
        INFO(render_all(errors));
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].loc.file == "--set");
        CHECK(errors[0].loc.line == 0);
        CHECK(errors[0].severity == Severity::error);
        CHECK(errors[0].message.rfind(message_start, 0) == 0);
        // The bad override is ignored: the defaults still apply.
        CHECK(resolved_for(rs, StatementKind::require, "ces", "ca", "$rpc_dynamic")->ports ==
              IntervalSet::range(49152, 65535));
    };
    check_error({{"nope", "1"}}, "unknown parameter 'nope' for requirement set 'ces' (known: legacy_rpc, rpc_dynamic)");
    check_error({{"legacy_rpc", "maybe"}}, "legacy_rpc=maybe: 'legacy_rpc' is yes or no");
    check_error({{"rpc_dynamic", "abc"}}, "rpc_dynamic=abc: 'rpc_dynamic' is a port list");
    check_error({{"rpc_dynamic", "70000"}}, "rpc_dynamic=70000:");
    check_error({{"rpc_dynamic", "5-1"}}, "rpc_dynamic=5-1:");
    check_error({{"rpc_dynamic", "yes"}}, "rpc_dynamic=yes:");
    check_error({{"rpc_dynamic", ""}}, "rpc_dynamic=:");

    Diagnostics errors;
    const auto rs = resolve_requirements(set, {{"rpc_dynamic", "135, 50000-50010"}}, errors);
    CHECK(errors.empty());
    CHECK(resolved_for(rs, StatementKind::require, "ces", "ca", "$rpc_dynamic")->ports ==
          ports({{135, 135}, {50000, 50010}}));
}
