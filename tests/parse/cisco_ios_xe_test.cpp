// An IOS-XE running-config writes the entries of an IPv6 list with a leading
// "sequence N" (" sequence 10 permit tcp ..."). Each such line was an FW001
// "expected permit, deny or remark", so the list had no entries and its
// implicit deny took every IPv6 flow through the interface it filters.
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

TEST_CASE("cisco ios-xe: own branch router, 'sequence N permit' entries of an IPv6 list are read", "[cisco]") {
    auto p = parse_fixture("iosxe-branch.cfg", Dialect::ios);
    INFO(diagnostics_text(p));
    for (const auto& d : p.diagnostics) CHECK(d.severity != Severity::error);
    const auto& v6 = rules(p, "LAN-IN-V6", Family::v6);
    REQUIRE(v6.size() == 4);
    CHECK(v6[0].loc.line == 110);
    CHECK(v6[0].sequence == 10);
    CHECK(v6[3].sequence == 40);
    CHECK(v6[3].action == Action::drop);
    auto https = decide(p, "LAN-IN-V6", proto_tcp, "2001:db8:70:10::25", "2001:db8:30::20", 443);
    CHECK(https.permitted);
    CHECK(https.line == 110);
    auto ssh = decide(p, "LAN-IN-V6", proto_tcp, "2001:db8:70:10::25", "2001:db8:30::20", 22);
    CHECK_FALSE(ssh.permitted);
    CHECK(ssh.line == 113);
    // The IPv4 lists of the same file are unchanged: "10 permit ...".
    CHECK(rules(p, "LAN-IN").size() == 8);
    CHECK(decide(p, "WAN-IN", proto_udp, "10.10.0.8", "10.70.20.5", 40000, 53).permitted);
}

TEST_CASE("cisco ios-xe: the sequence numbers order the list, 'sequence' with no number is still an error", "[cisco]") {
    auto p = parse("ipv6 access-list V6\n"
                   " sequence 20 deny ipv6 any any\n"
                   " sequence 10 permit tcp any any eq 443\n"
                   " sequence permit tcp any any eq 22\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    const auto& r = rules(p, "V6", Family::v6);
    REQUIRE(r.size() == 2);
    CHECK(r[0].loc.line == 3);
    CHECK(r[1].loc.line == 2);
    CHECK(has_diagnostic(p, 4, "expected permit, deny or remark"));
    CHECK(decide(p, "V6", proto_tcp, "2001:db8::1", "2001:db8::2", 443).permitted);
}
