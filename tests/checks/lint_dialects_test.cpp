// The lint checks run on every format, with fixes in the input's own syntax.
#include <catch2/catch.hpp>

#include <algorithm>

#include "checks/lint.hpp"
#include "parse/windows_rule.hpp"

using namespace fwlint;

namespace {

const Finding* find_check(const std::vector<Finding>& fs, const std::string& check, int line) {
    for (const auto& f : fs)
        if (f.check == check && f.loc.line == line) return &f;
    return nullptr;
}

PacketSet tcp_to(Family fam, const char* dst, unsigned lo, unsigned hi) {
    Box b = Box::all(fam);
    b.dims[proto_dim] = IntervalSet::single(proto_tcp);
    b.dims[dst_dim] = parse_address(dst)->values;
    b.dims[dport_dim] = IntervalSet::range(lo, hi);
    return PacketSet::of(fam, b);
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
