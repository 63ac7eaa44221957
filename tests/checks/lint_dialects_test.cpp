// The lint checks run on every format, with fixes in the input's own syntax.
#include <catch2/catch.hpp>

#include <algorithm>

#include "checks/lint.hpp"
#include "parse/netsh_script.hpp"
#include "parse/netsh_show.hpp"
#include "parse/windows_rule.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

const Finding* find_check(const std::vector<Finding>& fs, const std::string& check, int line) {
    for (const auto& f : fs)
        if (f.check == check && f.loc.line == line) return &f;
    return nullptr;
}

PacketSet tcp_to(Family fam, const char* dst, unsigned lo, unsigned hi) {
    return fwlint_test::flow(proto_tcp, nullptr, dst, lo, hi, fam);  // from any source
}

}  // namespace

TEST_CASE("lint dialects: an ASA ACL gets shadowing and exposure findings with ASA fixes") {
    ParsedInput in;
    in.file = "asa.cfg";
    in.format = "cisco-asa";
    Policy acl;
    acl.name = "outside_in";
    acl.syntax = "asa";
    Chain c;
    c.name = "outside_in";
    c.policy = Action::drop;  // the implicit deny
    Rule wide, dead, telnet;
    wide.loc = {"asa.cfg", 10, 1};
    wide.text = "access-list outside_in extended deny tcp any host 10.0.1.10";
    wide.action = Action::drop;
    wide.match = tcp_to(Family::v4, "10.0.1.10", 0, 65535);
    dead.loc = {"asa.cfg", 11, 1};
    dead.text = "access-list outside_in extended permit tcp any host 10.0.1.10 eq https";
    dead.action = Action::accept;
    dead.match = tcp_to(Family::v4, "10.0.1.10", 443, 443);
    telnet.loc = {"asa.cfg", 12, 1};
    telnet.text = "access-list outside_in extended permit tcp any host 10.0.1.20 eq telnet";
    telnet.action = Action::accept;
    telnet.match = tcp_to(Family::v4, "10.0.1.20", 23, 23);
    c.rules = {wide, dead, telnet};
    acl.chains.push_back(std::move(c));
    in.policies.push_back(std::move(acl));

    auto findings = lint_policy(in);
    const Finding* shadowed = find_check(findings, "FW201", 11);
    REQUIRE(shadowed);
    CHECK(shadowed->message.find("dead") != std::string::npos);
    CHECK(shadowed->remediation ==
          std::vector<std::string>{"no access-list outside_in extended permit tcp any host 10.0.1.10 eq https"});
    const Finding* risky = find_check(findings, "FW205", 12);
    REQUIRE(risky);
    CHECK(risky->message.find("telnet") != std::string::npos);
    REQUIRE(risky->remediation.size() == 2);
    CHECK(risky->remediation[0] == "no access-list outside_in extended permit tcp any host 10.0.1.20 eq telnet");
    CHECK(risky->remediation[1].find("TRUSTED_SOURCES") != std::string::npos);
    CHECK(risky->remediation[1].find("access-list outside_in extended permit tcp any host 10.0.1.20 eq telnet") !=
          std::string::npos);
}

TEST_CASE("lint dialects: a Windows allow under a block is dead, fixed with netsh and PowerShell") {
    WindowsRuleSpec allow, block;
    allow.display_name = "SMB In";
    allow.id = "Custom-SMB-In";
    allow.protocol = proto_tcp;
    parse_windows_ports("445", allow.local_ports);
    allow.loc = {"fw.ps1", 3, 1};
    block.display_name = "Block SMB";
    block.action = WindowsAction::block;
    block.protocol = proto_tcp;
    parse_windows_ports("139,445", block.local_ports);
    block.loc = {"fw.ps1", 9, 1};
    auto in = windows_input({allow, block}, WindowsProfileDefaults{}, std::make_shared<const std::string>(""),
                            "fw.ps1", "powershell", {});
    auto findings = lint_policy(in);
    const Finding* dead = find_check(findings, "FW201", 3);
    REQUIRE(dead);
    CHECK(dead->kind == "shadowed");
    CHECK(dead->message.find("profiles domain, private, public") != std::string::npos);
    CHECK(dead->message.find("line 9") != std::string::npos);
    REQUIRE(dead->related.size() == 1);
    CHECK(dead->related[0].line == 9);
    CHECK(dead->remediation == std::vector<std::string>{"netsh advfirewall firewall delete rule name=\"SMB In\" dir=in",
                                                        "Remove-NetFirewallRule -Name \"Custom-SMB-In\""});
    // Reported once, not once per profile and family.
    CHECK(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "FW201"; }) == 1);
}

TEST_CASE("lint dialects: RDP open to any on a Windows host is reported once, with Windows fixes") {
    WindowsRuleSpec rdp;
    rdp.display_name = "Remote Desktop - User Mode (TCP-In)";
    rdp.id = "RemoteDesktop-UserMode-In-TCP";
    rdp.protocol = proto_tcp;
    parse_windows_ports("3389", rdp.local_ports);
    rdp.loc = {"host.ps1", 4, 1};
    WindowsRuleSpec admins = rdp;  // restricted to a management network: not exposed
    admins.id = "Admin-SMB-In";
    admins.display_name = "Admin SMB";
    admins.local_ports.clear();
    parse_windows_ports("445", admins.local_ports);
    parse_windows_addresses("10.9.0.0/24", admins.remote_addresses);
    admins.loc = {"host.ps1", 8, 1};
    auto in = windows_input({rdp, admins}, WindowsProfileDefaults{}, std::make_shared<const std::string>(""),
                            "host.ps1", "powershell", {});
    auto findings = lint_policy(in);
    CHECK(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "FW205"; }) == 1);
    const Finding* risky = find_check(findings, "FW205", 4);
    REQUIRE(risky);
    CHECK(risky->message.find("RDP") != std::string::npos);
    CHECK(risky->message.find("in the domain profile") != std::string::npos);
    CHECK(risky->remediation == std::vector<std::string>{
                                    "netsh advfirewall firewall set rule name=\"Remote Desktop - User Mode (TCP-In)\" "
                                    "dir=in new remoteip=TRUSTED_SOURCES",
                                    "Set-NetFirewallRule -Name \"RemoteDesktop-UserMode-In-TCP\" -RemoteAddress "
                                    "TRUSTED_SOURCES"});
    CHECK_FALSE(find_check(findings, "FW205", 8));
}

TEST_CASE("lint dialects: Windows has no rule order: an open port is blamed on the rule that opens it to everyone") {
    auto lint_script = [](const std::string& text) {
        return lint_policy(parse_netsh_script(std::make_shared<const std::string>(text), "legacy.cmd"));
    };
    // Line 1 opens SNMP to the local subnet only; line 2 to every source.
    auto findings = lint_script("netsh firewall add portopening UDP 161 SNMP ENABLE SUBNET\n"
                                "netsh firewall add portopening UDP 161-162 SNMPTRAP ENABLE\n");
    CHECK_FALSE(find_check(findings, "FW205", 1));
    const Finding* open = find_check(findings, "FW205", 2);
    REQUIRE(open);
    CHECK(open->message.find("SNMP (udp 161-162)") != std::string::npos);
    CHECK(open->message.find("only if") == std::string::npos);

    // A program allowed everything (legacy allowedprogram) beside it: FW203 on that line, for that program;
    // the SUBNET rule (for every program) keeps its part, with its condition.
    findings = lint_script("netsh firewall add portopening UDP 161 SNMP ENABLE SUBNET\n"
                           "netsh firewall add allowedprogram C:\\tools\\agent.exe Agent ENABLE\n");
    const Finding* snmp = find_check(findings, "FW205", 1);
    REQUIRE(snmp);
    CHECK(snmp->message.find("only if remote address LocalSubnet (line 1) holds") != std::string::npos);
    const Finding* any = find_check(findings, "FW203", 2);
    REQUIRE(any);
    // The program scope narrows the rule to one process, not the packets: named, not an "only if".
    CHECK(any->message.find("accepted by line 2 in the domain profile, limited to program C:\\tools\\agent.exe "
                            "(line 2)") != std::string::npos);
    CHECK(any->message.find("only if") == std::string::npos);

    // Alone, the SUBNET rule is still reported with its condition.
    findings = lint_script("netsh firewall add portopening UDP 161 SNMP ENABLE SUBNET\n");
    const Finding* subnet = find_check(findings, "FW205", 1);
    REQUIRE(subnet);
    CHECK(subnet->message.find("only if remote address LocalSubnet (line 1) holds") != std::string::npos);
}

TEST_CASE("lint dialects: a Windows RPC range or port 440 is narrowed by netsh and PowerShell lines") {
    auto findings = lint_policy(parse_netsh_script(
        std::make_shared<const std::string>(
            "netsh advfirewall firewall add rule name=\"CA RPC\" dir=in action=allow protocol=TCP "
            "localport=135,1024-65535 remoteip=10.0.0.0/8\n"
            "netsh advfirewall firewall add rule name=\"Kerberos\" dir=in action=allow protocol=UDP "
            "localport=88,440,464 remoteip=10.0.0.0/8\n"
            "netsh advfirewall firewall add rule name=\"Only 440\" dir=in action=allow protocol=TCP localport=440 "
            "remoteip=10.0.0.0/8\n"),
        "dc.cmd"));
    const Finding* rpc = find_check(findings, "FW206", 1);
    REQUIRE(rpc);
    CHECK(rpc->remediation ==
          std::vector<std::string>{"# unless Windows 2003/XP peers remain: RPC dynamic ports are 49152-65535",
                                   "netsh advfirewall firewall set rule name=\"CA RPC\" dir=in new localport=135,49152-65535",
                                   "Set-NetFirewallRule -DisplayName \"CA RPC\" -LocalPort 135,49152-65535"});
    const Finding* kerberos = find_check(findings, "FW207", 2);
    REQUIRE(kerberos);
    CHECK(kerberos->remediation ==
          std::vector<std::string>{"netsh advfirewall firewall set rule name=\"Kerberos\" dir=in new localport=88,464",
                                   "Set-NetFirewallRule -DisplayName \"Kerberos\" -LocalPort 88,464"});
    const Finding* only = find_check(findings, "FW207", 3);
    REQUIRE(only);
    CHECK(only->remediation == std::vector<std::string>{"netsh advfirewall firewall delete rule name=\"Only 440\"",
                                                         "Remove-NetFirewallRule -DisplayName \"Only 440\""});
}

TEST_CASE("lint dialects: a Windows finding on netsh output without verbose says the rule may be one program's") {
    const std::string text =
        "Rule Name:                            RDP\n"
        "----------------------------------------------------------------------\n"
        "Enabled:                              Yes\n"
        "Direction:                            In\n"
        "Profiles:                             Domain,Private,Public\n"
        "Grouping:\n"
        "LocalIP:                              Any\n"
        "RemoteIP:                             Any\n"
        "Protocol:                             TCP\n"
        "LocalPort:                            3389\n"
        "RemotePort:                           Any\n"
        "Edge traversal:                       No\n"
        "Action:                               Allow\n";
    auto findings = lint_policy(parse_netsh_show(std::make_shared<const std::string>(text), "show.txt"));
    const Finding* rdp = find_check(findings, "FW205", 1);
    REQUIRE(rdp);
    CHECK(rdp->message.find("accepted by line 1 in the domain profile, perhaps limited to a program or service (the "
                            "input does not show them)") != std::string::npos);
}
