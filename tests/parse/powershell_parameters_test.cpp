// New-NetFirewallRule binds parameters as PowerShell does: a unique prefix
// ("-Dir") is the parameter, a name that binds nothing ("-Acton") or several
// ("-Re") makes PowerShell refuse the whole command: no rule.
#include <catch2/catch.hpp>

#include <algorithm>

#include "parse/powershell.hpp"
#include "parse/powershell_parameters.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

namespace {
ParsedInput ps(const std::string& text) { return parse_powershell(std::make_shared<const std::string>(text), "t.ps1"); }
}  // namespace

TEST_CASE("powershell parameters: full names, unique prefixes, aliases, typos, ambiguous prefixes",
          "[powershell]") {
    using powershell::bind_new_rule_parameter;
    CHECK(bind_new_rule_parameter("Direction").name == "direction");
    CHECK(bind_new_rule_parameter("dir").name == "direction");
    CHECK(bind_new_rule_parameter("LOCALP").name == "localport");
    CHECK(bind_new_rule_parameter("ID").name == "name");
    CHECK(bind_new_rule_parameter("ea").name == "erroraction");
    CHECK(bind_new_rule_parameter("Name").name == "name");  // exact, though no other starts with it
    auto typo = bind_new_rule_parameter("Acton");
    CHECK(typo.name.empty());
    CHECK(typo.suggestion == "action");
    auto ambiguous = bind_new_rule_parameter("Re");
    CHECK(ambiguous.name.empty());
    CHECK(ambiguous.candidates.size() == 5);  // RemoteAddress, RemoteDynamicKeywordAddresses, RemoteMachine, RemotePort, RemoteUser
    CHECK(bind_new_rule_parameter("Frobnicate").suggestion.empty());
}

TEST_CASE("powershell: New-NetFirewallRule with a misspelt parameter creates no rule", "[powershell]") {
    auto p = ps("New-NetFirewallRule -DisplayName Typo -Direction Inbound -Protocol TCP -LocalPort 8080 -Acton Allow\n"
                "New-NetFirewallRule -DisplayName Short -Dir Outbound -Act Block -Prot UDP -RemoteP 53 -RemoteA 10.1.0.10\n"
                "New-NetFirewallRule -DisplayName Vague -Direction Inbound -Protocol TCP -Re 10.0.0.0/8\n"
                "New-NetFirewallRule -DisplayName Quiet -Direction Inbound -Protocol TCP -LocalPort 22 "
                "-ErrorAction Stop -WarningAction SilentlyContinue -ea 0\n");
    CHECK(find_rules(p, "Typo").empty());
    CHECK(has_diagnostic(p, 1, "New-NetFirewallRule has no parameter -Acton (did you mean -Action?): PowerShell refuses",
                         Severity::error));
    REQUIRE_FALSE(find_rules(p, "Short").empty());
    const Rule* s = find_rules(p, "Short").front();
    CHECK(s->action == Action::drop);
    CHECK(s->match.project(Family::v4, proto_dim) == IntervalSet::single(proto_udp));
    CHECK(s->match.project(Family::v4, dport_dim) == IntervalSet::single(53));
    const Chain* out = profile_chain(p, "outbound", "domain");
    REQUIRE(out != nullptr);
    CHECK(std::any_of(out->rules.begin(), out->rules.end(), [](const Rule& r) { return r.display_name == "Short"; }));
    CHECK(find_rules(p, "Vague").empty());
    CHECK(has_diagnostic(p, 3, "-Re is ambiguous for New-NetFirewallRule: it could be -RemoteAddress,", Severity::error));
    REQUIRE_FALSE(find_rules(p, "Quiet").empty());
    CHECK(find_rules(p, "Quiet").front()->conditions.empty());  // common parameters are no condition
    CHECK(count(p, Severity::error) == 2);
    CHECK(count(p, Severity::warning) == 0);
}

TEST_CASE("powershell: own fixture, a CEP server baseline script with a typo in one rule", "[powershell]") {
    auto p = load(fixture("cep01-baseline.ps1"), "cep01-baseline.ps1");
    CHECK(p.rule_count() == 7);
    CHECK(find_rules(p, "Typo rule").empty());
    CHECK(has_diagnostic(p, 30, "no parameter -Acton (did you mean -Action?)", Severity::error));
    REQUIRE_FALSE(find_rules(p, "WinRM HTTPS from jump hosts").empty());
    // Set-NetFirewallRule of line 29 widened it to 5985 and 5986.
    CHECK(find_rules(p, "WinRM HTTPS from jump hosts").front()->match.project(Family::v4, dport_dim) ==
          IntervalSet::range(5985, 5986));
}
