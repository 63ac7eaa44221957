// Lint fixes in each input's own syntax.
#include <catch2/catch.hpp>

#include "checks/fix_lines.hpp"

using namespace fwlint;

namespace {

Policy acl(std::string name, Family family = Family::v4) {
    Policy p;
    p.name = std::move(name);
    p.family = family;
    Chain c;
    c.name = p.name;
    c.policy = Action::drop;
    p.chains.push_back(std::move(c));
    return p;
}

Rule ace(int line, int sequence, std::string_view text) {
    Rule r;
    r.loc = {"r1.cfg", line, 1};
    r.sequence = sequence;
    r.text = text;
    r.action = Action::accept;
    return r;
}

}  // namespace

TEST_CASE("fix lines: the dialect comes from the format, Windows from the order") {
    Policy p = acl("X");
    CHECK(dialect_of("iptables-save", p) == Dialect::iptables);
    CHECK(dialect_of("ip6tables-save", p) == Dialect::iptables);
    CHECK(dialect_of("cisco-ios", p) == Dialect::cisco_ios);
    CHECK(dialect_of("cisco-asa", p) == Dialect::cisco_asa);
    CHECK(dialect_of("cisco-nxos", p) == Dialect::cisco_nxos);
    CHECK(dialect_of("nftables", p) == Dialect::other);
    p.order = EvaluationOrder::windows_precedence;
    CHECK(dialect_of("powershell", p) == Dialect::windows);
}

TEST_CASE("fix lines: narrowing a Cisco entry removes it and says what to add back") {
    Policy named = acl("WEB-IN");
    Rule r = ace(12, 30, " permit tcp any host 10.0.1.10 eq 443");
    named.chains[0].rules.push_back(r);
    auto lines = narrow_source_lines(Dialect::cisco_ios, named, named.chains[0], named.chains[0].rules[0]);
    REQUIRE(lines.size() >= 2);
    CHECK(lines.back() ==
          "# then add line 12 again with TRUSTED_SOURCES in place of its any source: permit tcp any host 10.0.1.10 eq 443");
    CHECK(std::vector<std::string>(lines.begin(), lines.end() - 1) ==
          remove_rule_lines(Dialect::cisco_ios, named, named.chains[0], named.chains[0].rules[0]));
}

TEST_CASE("fix lines: Windows fixes come as a netsh line and a PowerShell line") {
    Policy in = acl("inbound");
    in.order = EvaluationOrder::windows_precedence;
    Rule r;
    r.loc = {"fw.txt", 7, 1};
    r.display_name = "Remote Desktop - User Mode (TCP-In)";
    r.rule_id = "RemoteDesktop-UserMode-In-TCP";
    auto lines = remove_rule_lines(Dialect::windows, in, in.chains[0], r);
    CHECK(lines == std::vector<std::string>{
                       "netsh advfirewall firewall delete rule name=\"Remote Desktop - User Mode (TCP-In)\" dir=in",
                       "Remove-NetFirewallRule -Name \"RemoteDesktop-UserMode-In-TCP\""});
    r.rule_id.clear();  // netsh output shows no IDs
    CHECK(narrow_source_lines(Dialect::windows, in, in.chains[0], r).back() ==
          "Set-NetFirewallRule -DisplayName \"Remote Desktop - User Mode (TCP-In)\" -RemoteAddress TRUSTED_SOURCES");
}

TEST_CASE("fix lines: PowerShell quoting escapes what PowerShell would expand") {
    CHECK(powershell_quote("plain") == "\"plain\"");
    CHECK(powershell_quote("a \"b\" $env:x `c") == "\"a `\"b`\" `$env:x ``c\"");
}
