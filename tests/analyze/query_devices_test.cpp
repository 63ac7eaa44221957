// query on Cisco ACL paths and Windows profiles: the deciding lines, the
// lines passed, precedence.
#include <catch2/catch.hpp>

#include "analyze/query_acl.hpp"
#include "parse/input.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

ParsedInput read(const std::string& text, const std::string& format, const std::string& file) {
    return fwlint_test::read_input(text, format, file, Severity::error);  // any diagnostic
}

IntervalSet addr(const char* a) { return parse_address(a)->values; }

using fwlint_test::tcp;

const char* router =
    "hostname R2\n"                                               // 1
    "interface GigabitEthernet0/0\n"                              // 2
    " ip address 10.50.0.1 255.255.0.0\n"                         // 3
    " ip access-group USERS-IN in\n"                              // 4
    "interface GigabitEthernet0/1\n"                              // 5
    " ip address 10.60.1.1 255.255.255.0\n"                       // 6
    " ip access-group APPS-OUT out\n"                             // 7
    "interface GigabitEthernet0/2\n"                              // 8
    " ip address 10.70.0.1 255.255.255.0\n"                       // 9
    "ip access-list extended USERS-IN\n"                          // 10
    " 10 permit udp 10.50.0.0 0.0.255.255 any eq 53\n"            // 11
    " 20 permit tcp 10.50.0.0 0.0.255.255 10.60.1.0 0.0.0.255 range 8000 8080\n"  // 12
    " 30 deny   tcp any any eq 8081\n"                            // 13
    " 40 permit tcp any 10.70.0.0 0.0.0.255\n"                    // 14
    "ip access-list extended APPS-OUT\n"                          // 15
    " 10 permit tcp any host 10.60.1.20 range 8000 8010\n";       // 16

}  // namespace

TEST_CASE("query_acl_path: both ACLs of the path, the entries that decide and the ones passed") {
    ParsedInput in = read(router, "ios", "r2.cfg");
    PacketSet flow = tcp("10.50.3.3", "10.60.1.20", 8005, 8005);
    AclQueryResult r = query_acl_path(in, Family::v4, addr("10.50.3.3"), addr("10.60.1.20"), flow, {});
    CHECK(r.verdict == "allowed");
    REQUIRE(r.hops.size() == 2);
    CHECK(r.hops[0].acl == "USERS-IN");
    CHECK(r.hops[0].where == "in on GigabitEthernet0/0");
    REQUIRE(r.hops[0].result.parts.size() == 1);
    CHECK(r.hops[0].result.parts[0].line.line == 12);
    CHECK(r.hops[0].result.parts[0].passed_lines == std::vector<int>{11});
    CHECK(r.hops[1].acl == "APPS-OUT");
    CHECK(r.hops[1].result.parts[0].line.line == 16);

    // A range: the outbound list allows 8000-8010 only; the implicit deny the rest.
    PacketSet range = tcp("10.50.3.3", "10.60.1.20", 8000, 8090);
    AclQueryResult p = query_acl_path(in, Family::v4, addr("10.50.3.3"), addr("10.60.1.20"), range, {});
    CHECK(p.verdict == "partial");
    CHECK(p.allowed == tcp("10.50.3.3", "10.60.1.20", 8000, 8010));
    CHECK(p.denied == tcp("10.50.3.3", "10.60.1.20", 8011, 8090));
    // APPS-OUT is reached only by what USERS-IN lets through (8000-8080).
    CHECK(p.hops[1].reached == tcp("10.50.3.3", "10.60.1.20", 8000, 8080));
    const QueryResult& out = p.hops[1].result;
    REQUIRE(out.parts.size() == 2);
    CHECK(out.parts[1].line.policy);
    CHECK(out.parts[1].line.label == "the implicit deny at the end of ACL APPS-OUT");
    CHECK(out.parts[1].passed_count == 1);
    // USERS-IN: 8081 by the explicit deny after two entries, 8082-8090 by the implicit deny.
    const QueryResult& first = p.hops[0].result;
    bool saw_deny = false;
    for (const auto& part : first.parts)
        if (part.line.line == 13) {
            saw_deny = true;
            CHECK(part.packets == tcp("10.50.3.3", "10.60.1.20", 8081, 8081));
            CHECK(part.passed_lines == std::vector<int>{11, 12});
        }
    CHECK(saw_deny);
}

TEST_CASE("query_acl_path: a flow between unbound interfaces crosses no ACL, an unknown source is said") {
    ParsedInput in = read(router, "ios", "r2.cfg");
    // 10.70.0.0/24 to 10.60.1.0/24: Gi0/2 has no inbound list, APPS-OUT applies.
    PacketSet f = tcp("10.70.0.5", "10.60.1.20", 22, 22);
    AclQueryResult r = query_acl_path(in, Family::v4, addr("10.70.0.5"), addr("10.60.1.20"), f, {});
    CHECK(r.verdict == "denied");
    REQUIRE(r.hops.size() == 1);
    CHECK(r.hops[0].acl == "APPS-OUT");

    // From the Internet: no interface holds the source; the outbound hop is known.
    PacketSet g = tcp("198.51.100.1", "10.60.1.20", 8005, 8005);
    AclQueryResult u = query_acl_path(in, Family::v4, addr("198.51.100.1"), addr("10.60.1.20"), g, {});
    CHECK(u.verdict == "unknown");
    CHECK(u.unknown_path == g);
    CHECK_FALSE(u.notes.empty());

    // Named with --acl: that path only, in order.
    AclQueryResult n = query_acl_path(in, Family::v4, addr("198.51.100.1"), addr("10.70.0.9"),
                                      tcp("198.51.100.1", "10.70.0.9", 443, 443), {"USERS-IN"});
    CHECK(n.verdict == "allowed");
    REQUIRE(n.hops.size() == 1);
    CHECK(n.hops[0].where == "named with --acl");
    CHECK(n.hops[0].result.parts[0].line.line == 14);
    CHECK(n.hops[0].result.parts[0].passed_lines == std::vector<int>{11, 12, 13});

    // Both ends off the device: no ACL is known to apply; each is answered alone.
    AclQueryResult w = query_acl_path(in, Family::v4, addr("198.51.100.1"), addr("203.0.113.9"),
                                      tcp("198.51.100.1", "203.0.113.9", 443, 443), {});
    CHECK_FALSE(w.path_known);
    CHECK(w.verdict == "unknown");
    CHECK(w.hops.size() == 2);
}

TEST_CASE("query on a Windows profile: bypass beats block beats allow beats the default") {
    ParsedInput in = read(
        "netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound\n"                          // 1
        "netsh advfirewall firewall add rule name=\"SQL\" dir=in action=allow protocol=TCP localport=1433\n"       // 2
        "netsh advfirewall firewall add rule name=\"SQL from guests\" dir=in action=block protocol=TCP "
        "localport=1433 remoteip=10.30.0.0/16\n"                                                                  // 3
        "netsh advfirewall firewall add rule name=\"SQL also\" dir=in action=allow protocol=TCP localport=1400-1500\n"  // 4
        "netsh advfirewall firewall add rule name=\"Reports\" dir=in action=allow protocol=TCP localport=8080 "
        "enable=no\n",                                                                                            // 5
        "netsh-script", "db.cmd");
    const Policy* inbound = nullptr;
    for (const auto& p : in.policies)
        if (p.name == "inbound" && p.family == Family::v4) inbound = &p;
    REQUIRE(inbound);

    auto guest = query_flow(*inbound, "domain", tcp("10.30.4.4", "10.10.0.5", 1433, 1433));
    REQUIRE(guest);
    CHECK(guest->verdict == "denied");
    REQUIRE(guest->parts.size() == 1);
    const QueryPart& b = guest->parts[0];
    CHECK(b.line.line == 3);
    CHECK(b.line.label == "block rule 'SQL from guests'");
    REQUIRE(b.overrides.size() == 2);  // both allows lose to the block
    CHECK(b.overrides[0].line == 2);
    CHECK(b.overrides[1].line == 4);
    CHECK(b.passed_count == 0);  // no rule order on Windows

    auto staff = query_flow(*inbound, "domain", tcp("10.20.4.4", "10.10.0.5", 1433, 1433));
    CHECK(staff->verdict == "allowed");
    CHECK(staff->parts[0].line.line == 2);
    REQUIRE(staff->parts[0].also.size() == 1);
    CHECK(staff->parts[0].also[0].line == 4);

    auto reports = query_flow(*inbound, "public", tcp("10.20.4.4", "10.10.0.5", 8080, 8080));
    CHECK(reports->verdict == "denied");
    const QueryPart& d = reports->parts[0];
    CHECK(d.line.policy);
    CHECK(d.line.line == 1);
    CHECK(d.line.label == "the public profile's default inbound action Block");
    REQUIRE(d.disabled.size() == 1);
    CHECK(d.disabled[0].line == 5);
}

TEST_CASE("query on a Windows profile: an authenticated bypass overrides a block, only if its IPsec condition holds") {
    ParsedInput in = read(
        "New-NetFirewallRule -Name \"RDP-Block\" -DisplayName \"Block RDP\" -Direction Inbound -Action Block "
        "-Protocol TCP -LocalPort 3389\n"                                                                          // 1
        "New-NetFirewallRule -Name \"RDP-Admins\" -DisplayName \"RDP for admins\" -Direction Inbound -Action Allow "
        "-Protocol TCP -LocalPort 3389 -OverrideBlockRules $true -Authentication Required\n",                      // 2
        "powershell", "rdp.ps1");
    const Policy* inbound = nullptr;
    for (const auto& p : in.policies)
        if (p.name == "inbound" && p.family == Family::v4) inbound = &p;
    REQUIRE(inbound);
    auto r = query_flow(*inbound, "domain", tcp("10.20.4.4", "10.10.0.5", 3389, 3389));
    REQUIRE(r);
    CHECK(r->verdict == "conditional");
    bool saw_bypass = false;
    for (const auto& p : r->parts)
        if (p.verdict == FlowVerdict::conditional) {
            saw_bypass = true;
            CHECK(p.line.line == 2);
            CHECK(p.line.label.rfind("bypass rule 'RDP for admins'", 0) == 0);
            REQUIRE(p.overrides.size() == 1);
            CHECK(p.overrides[0].line == 1);
            REQUIRE_FALSE(p.conditions.empty());
        }
    CHECK(saw_bypass);
}
