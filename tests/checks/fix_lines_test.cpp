// Lint fixes in each input's own syntax.
#include <catch2/catch.hpp>

#include "analyze/remediation_windows.hpp"
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

TEST_CASE("fix lines: a Windows rule named through splatting gets a placeholder name and a line saying so") {
    Policy in = acl("inbound");
    in.order = EvaluationOrder::windows_precedence;
    Rule r;  // New-NetFirewallRule @params: no display name, no ID
    r.loc = {"fw.ps1", 12, 1};
    const std::string note =
        "# line 12 gives this rule its name through a variable or splatting (@params), which fwlint does not "
        "evaluate: put the rule's -DisplayName in place of NAME_OF_RULE_AT_LINE_12";
    CHECK(narrow_source_lines(Dialect::windows, in, in.chains[0], r) ==
          std::vector<std::string>{
              note,
              "netsh advfirewall firewall set rule name=\"NAME_OF_RULE_AT_LINE_12\" dir=in new remoteip=TRUSTED_SOURCES",
              "Set-NetFirewallRule -DisplayName \"NAME_OF_RULE_AT_LINE_12\" -RemoteAddress TRUSTED_SOURCES"});
    CHECK(remove_rule_lines(Dialect::windows, in, in.chains[0], r).front() == note);
    for (const auto& lines : {windows_delete_rule(r), windows_disable_rule(r), windows_edge_block(r),
                              windows_narrow_ports(r, IntervalSet::single(443), true)}) {
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == note);
        CHECK(lines[1].find("name=\"NAME_OF_RULE_AT_LINE_12\"") != std::string::npos);
        CHECK(lines[2].find("-DisplayName \"NAME_OF_RULE_AT_LINE_12\"") != std::string::npos);
    }
    // A named rule keeps its name and gets no note.
    r.display_name = "Web";
    CHECK(windows_unnamed_note(r).empty());
    CHECK(windows_delete_rule(r) == std::vector<std::string>{"netsh advfirewall firewall delete rule name=\"Web\"",
                                                             "Remove-NetFirewallRule -DisplayName \"Web\""});
}

TEST_CASE("fix lines: PowerShell quoting escapes what PowerShell would expand") {
    CHECK(powershell_quote("plain") == "\"plain\"");
    CHECK(powershell_quote("a \"b\" $env:x `c") == "\"a `\"b`\" `$env:x ``c\"");
}

TEST_CASE("fix lines: a Windows rule name holding a double quote gets no netsh line, only PowerShell") {
    // netsh has no escape for a double quote inside name="..." (Microsoft
    // documents none): name="RDP "jump" hosts" would name another rule or fail.
    Policy in = acl("domain");
    in.name = "inbound";
    in.order = EvaluationOrder::windows_precedence;
    Rule r = ace(7, 0, "netsh advfirewall firewall add rule ...");
    r.display_name = "RDP \"jump\" hosts $admins";
    const std::string ps_name = "\"RDP `\"jump`\" hosts `$admins\"";
    const std::string no_netsh = netsh_cannot_name();
    CHECK(no_netsh.rfind("# no netsh line: the rule's name holds a double quote", 0) == 0);
    CHECK(remove_rule_lines(Dialect::windows, in, in.chains[0], r) ==
          std::vector<std::string>{no_netsh, "Remove-NetFirewallRule -DisplayName " + ps_name});
    CHECK(narrow_source_lines(Dialect::windows, in, in.chains[0], r) ==
          std::vector<std::string>{no_netsh, "Set-NetFirewallRule -DisplayName " + ps_name + " -RemoteAddress TRUSTED_SOURCES"});
    for (const auto& lines : {windows_delete_rule(r), windows_disable_rule(r), windows_edge_block(r),
                              windows_narrow_ports(r, IntervalSet::single(443), true)}) {
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == no_netsh);
        CHECK(lines[1].find("-DisplayName " + ps_name) != std::string::npos);
        for (const auto& l : lines) CHECK(l.find("name=\"RDP") == std::string::npos);
    }
    CHECK(windows_enable_rule("", r.display_name) ==
          std::vector<std::string>{no_netsh, "Enable-NetFirewallRule -DisplayName " + ps_name});
    // With its unique Name, PowerShell selects it by that.
    r.rule_id = "{RDP-\"jump\"}";
    CHECK(windows_disable_rule(r).back() == "Disable-NetFirewallRule -Name \"{RDP-`\"jump`\"}\"");
    // Typographic double quotes end a PowerShell string too.
    CHECK(powershell_quote("a \xE2\x80\x9C" "b\xE2\x80\x9D") == "\"a `\xE2\x80\x9C" "b`\xE2\x80\x9D\"");
}
