// The IOS / IOS-XE reader on fixtures/cisco/ios-router.cfg, which has every
// construct of FORMATS.md 5.1 once, and on small inputs for the details.
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

const std::string& fixture_text() {
    static const std::string text = read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/ios-router.cfg");
    return text;
}
const ParsedInput& fixture() {
    static const ParsedInput p = parse_fixture("ios-router.cfg", Dialect::ios);
    return p;
}
int line(std::string_view needle) { return line_of(fixture_text(), needle); }

}  // namespace

TEST_CASE("ios fixture: every list is read, with no diagnostics", "[cisco][ios]") {
    const auto& p = fixture();
    INFO(diagnostics_text(p));
    CHECK(p.format == "cisco-ios");
    CHECK(p.diagnostics.empty());
    for (const char* name : {"CLIENTS-IN", "SERVERS-OUT", "SERVERS-IN", "MGMT-HOSTS", "UNUSED-LEGACY", "10", "120"})
        CHECK(acl(p, name) != nullptr);
    CHECK(acl(p, "CLIENTS6-IN", Family::v6) != nullptr);
    CHECK(acl(p, "1") == nullptr);  // the banner's text is not a list
    CHECK(rules(p, "SERVERS-IN").size() == 15);
    CHECK(rules(p, "10").size() == 2);
    CHECK(rules(p, "120").size() == 3);
    // the implicit deny at the end of each list
    CHECK(acl(p, "CLIENTS-IN")->chains.front().policy == Action::drop);
    CHECK(acl(p, "MGMT-HOSTS")->syntax == "ios-standard");
    CHECK(acl(p, "SERVERS-IN")->syntax == "ios-extended");
    CHECK(acl(p, "CLIENTS6-IN", Family::v6)->syntax == "ios-ipv6");
}

TEST_CASE("ios fixture: first match with object-groups, port names and ranges", "[cisco][ios]") {
    const auto& p = fixture();
    int l10 = line("10 permit tcp 10.20.0.0 0.0.255.255 object-group ENROLLMENT eq 443");
    int deny = line("50 deny   ip any any log-input");
    CHECK(decide(p, "CLIENTS-IN", 6, "10.20.5.5", "10.0.1.10", 443).line == l10);
    CHECK(decide(p, "CLIENTS-IN", 6, "10.20.5.5", "10.0.1.21", 443).permitted);  // range in the group
    CHECK(decide(p, "CLIENTS-IN", 6, "10.20.5.5", "10.0.1.22", 443).line == deny);
    CHECK_FALSE(decide(p, "CLIENTS-IN", 6, "10.21.5.5", "10.0.1.10", 443).permitted);  // wildcard 0.0.255.255
    CHECK(decide(p, "CLIENTS-IN", 17, "10.20.1.1", "10.0.0.9", 53).permitted);  // eq domain
    CHECK(decide(p, "CLIENTS-IN", 1, "10.20.1.1", "10.0.0.9", 8 * 256).permitted);  // echo
    CHECK_FALSE(decide(p, "CLIENTS-IN", 1, "10.20.1.1", "10.0.0.9", 0).permitted);  // echo-reply
    // "established" takes no new flow
    const Rule& est = rules(p, "CLIENTS-IN")[3];
    CHECK_FALSE(est.new_flows);
    CHECK(est.comment.empty());
    CHECK(rules(p, "CLIENTS-IN")[0].comment == "*** clients to the enrollment servers ***");

    // eq with several ports, ICMP type and code
    CHECK(decide(p, "SERVERS-OUT", 6, "10.20.1.1", "10.0.1.20", 8080).permitted);
    CHECK(decide(p, "SERVERS-OUT", 6, "10.20.1.1", "10.0.1.20", 80).permitted);
    CHECK_FALSE(decide(p, "SERVERS-OUT", 6, "10.20.1.1", "10.0.1.20", 81).permitted);
    CHECK(decide(p, "SERVERS-OUT", 1, "10.20.1.1", "10.0.1.20", 3 * 256 + 4).permitted);
    CHECK_FALSE(decide(p, "SERVERS-OUT", 1, "10.20.1.1", "10.0.1.20", 3 * 256 + 3).permitted);
}

TEST_CASE("ios fixture: service groups in the protocol position, neq, lt, gt, protocols by number", "[cisco][ios]") {
    const auto& p = fixture();
    int l10 = line("10 permit object-group AD-TCP");
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.9", 88).line == l10);
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.9", 3269).line == l10);
    CHECK(decide(p, "SERVERS-IN", 17, "10.0.1.10", "10.0.0.12", 53).line == l10);  // tcp-udp eq domain
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.12", 80).line == l10);   // "tcp www"
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.12", 389).line == line("20 deny   tcp any any eq 389"));
    CHECK(decide(p, "SERVERS-IN", 17, "10.0.1.10", "10.0.0.12", 389).line == line("40 permit udp"));
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.12", 50000).line == line("70 permit tcp"));
    CHECK(decide(p, "SERVERS-IN", 6, "10.0.1.10", "10.0.0.12", 49151).line == line("130 permit tcp any any neq telnet"));
    CHECK(decide(p, "SERVERS-IN", 47, "10.5.5.5", "10.6.6.6", 0).line == line("110 permit 47 any any"));
    CHECK(decide(p, "SERVERS-IN", 51, "10.5.5.5", "10.6.6.6", 0).line == line("120 permit ahp any any"));
    CHECK(decide(p, "SERVERS-IN", 6, "10.5.5.5", "10.6.6.6", 23).line == line("150 deny ip any any log"));
    CHECK(decide(p, "SERVERS-IN", 17, "10.5.5.5", "10.6.6.6", 9, 1023).line == line("140 permit udp any lt 1024 any"));
    CHECK(decide(p, "SERVERS-IN", 17, "10.5.5.5", "10.6.6.6", 9, 1024).line == line("150 deny ip any any log"));
    CHECK(rules(p, "SERVERS-IN")[2].sequence == 30);
}

TEST_CASE("ios fixture: standard lists, numbered lists, non-contiguous wildcards, IPv6", "[cisco][ios]") {
    const auto& p = fixture();
    CHECK(decide(p, "MGMT-HOSTS", 6, "10.9.9.9", "1.1.1.1", 22).permitted);
    CHECK(decide(p, "MGMT-HOSTS", 6, "10.9.8.77", "1.1.1.1", 22).permitted);
    CHECK_FALSE(decide(p, "MGMT-HOSTS", 6, "10.9.7.1", "1.1.1.1", 22).permitted);
    CHECK(rules(p, "MGMT-HOSTS")[2].sequence == 30);
    CHECK(decide(p, "10", 17, "10.9.8.3", "1.1.1.1", 22).permitted);
    CHECK(decide(p, "10", 17, "10.9.9.9", "1.1.1.1", 22).permitted);
    CHECK_FALSE(decide(p, "10", 17, "10.9.9.8", "1.1.1.1", 22).permitted);
    CHECK(rules(p, "10")[0].comment == "management stations");
    CHECK(decide(p, "120", 6, "10.0.1.20", "10.0.2.5", 50000).permitted);
    CHECK_FALSE(decide(p, "120", 6, "10.0.1.20", "10.0.2.5", 445).permitted);

    // 10.0.0.1 0.255.0.255 is 10.x.0.y: an exact set, not a prefix
    CHECK(decide(p, "UNUSED-LEGACY", 6, "10.5.0.7", "1.1.1.1", 23).permitted);
    CHECK_FALSE(decide(p, "UNUSED-LEGACY", 6, "10.5.1.7", "1.1.1.1", 23).permitted);
    const Rule& dscp = rules(p, "UNUSED-LEGACY")[1];
    REQUIRE(dscp.conditions.size() == 1);
    CHECK(dscp.conditions[0].name == "dscp ef");

    CHECK(decide(p, "CLIENTS6-IN", 6, "2001:db8:20::5", "2001:db8:1::10", 443).permitted);
    CHECK(decide(p, "CLIENTS6-IN", 58, "2001:db8:20::5", "2001:db8:1::10", 135 * 256).permitted);  // nd-ns
    CHECK_FALSE(decide(p, "CLIENTS6-IN", 6, "2001:db8:21::5", "2001:db8:1::10", 443).permitted);
    CHECK(rules(p, "CLIENTS6-IN", Family::v6).back().sequence == 100);
}

TEST_CASE("ios fixture: interfaces keep their addresses and bindings, lines their access-class", "[cisco][ios]") {
    const auto& p = fixture();
    REQUIRE(p.interfaces.size() == 4);
    const Interface& g0 = p.interfaces[0];
    CHECK(g0.name == "GigabitEthernet0/0");
    REQUIRE(g0.addresses.size() == 2);
    CHECK(format_address_set(g0.addresses[0].values, Family::v4) == "10.20.0.1");
    CHECK(format_address_set(g0.connected[0].values, Family::v4) == "10.20.0.0/16");
    CHECK(g0.connected[1].family == Family::v6);
    REQUIRE(g0.bindings.size() == 2);
    CHECK(g0.bindings[0].acl == "CLIENTS-IN");
    CHECK(g0.bindings[0].direction == BindDirection::in);
    CHECK(g0.bindings[0].family == Family::v4);
    CHECK(g0.bindings[1].acl == "CLIENTS6-IN");
    CHECK(g0.bindings[1].family == Family::v6);
    CHECK(p.interfaces[1].bindings[1].direction == BindDirection::out);
    REQUIRE(p.line_acls.size() == 1);
    CHECK(p.line_acls[0].line == "vty 0 4");
    CHECK(p.line_acls[0].binding.acl == "10");
}

TEST_CASE("ios: sequence numbers order a named list, and numbering continues by 10", "[cisco][ios]") {
    auto p = parse("ip access-list extended X\n 30 deny ip any any\n 10 permit tcp any any eq 22\n permit udp any any\n",
                   Dialect::ios);
    const auto& r = rules(p, "X");
    REQUIRE(r.size() == 3);
    CHECK(r[0].sequence == 10);
    CHECK(r[1].sequence == 30);
    CHECK(r[2].sequence == 40);
    CHECK(decide(p, "X", 6, "1.1.1.1", "2.2.2.2", 22).permitted);
}

TEST_CASE("ios: port names are the IOS ones (no https, ssh, cmd is 514)", "[cisco][ios]") {
    auto p = parse("access-list 101 permit tcp any any eq https\n"
                   "access-list 101 permit tcp any any eq cmd\n"
                   "access-list 101 permit udp any any eq netbios-ss\n"
                   "access-list 101 permit tcp any any eq ssh\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    check_diagnostics(p, {{1, "'https' is not a tcp port name on IOS"}, {4, "'ssh' is not a tcp port name on IOS"}});
    REQUIRE(rules(p, "101").size() == 2);
    CHECK(decide(p, "101", 6, "1.1.1.1", "2.2.2.2", 514).permitted);
    CHECK(decide(p, "101", 17, "1.1.1.1", "2.2.2.2", 139).permitted);
}

TEST_CASE("ios: numbered lists outside the IP ranges are reported, not read", "[cisco][ios]") {
    auto p = parse("access-list 700 permit 0000.0c00.0000 0000.00ff.ffff\naccess-list 1 permit any\n", Dialect::ios);
    CHECK(has_diagnostic(p, 1, "not an IP access list"));
    CHECK(acl(p, "700") == nullptr);
    CHECK(rules(p, "1").size() == 1);
}
