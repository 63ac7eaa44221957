// IOS reflexive access lists: "reflect NAME [timeout N]" on a permit changes
// none of its verdicts; "evaluate NAME" admits only replies of sessions opened
// the other way, so it is no rule and a note (it was an FW001 error, and the
// timeout two "unknown keyword" warnings).
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

TEST_CASE("cisco ios: reflect with a timeout and evaluate are read as IOS means them", "[cisco]") {
    auto p = parse("ip access-list extended OUT\n"
                   " permit tcp 10.70.0.0 0.0.255.255 any reflect REFL timeout 300\n"
                   " 20 permit udp 10.70.0.0 0.0.255.255 any eq domain reflect REFL\n"
                   " deny ip any any\n"
                   "ip access-list extended IN\n"
                   " 10 evaluate REFL\n"
                   " evaluate  REFL2 \n"
                   " permit tcp any host 10.70.0.80 eq 443\n"
                   " evaluate\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    const auto& out = rules(p, "OUT");
    REQUIRE(out.size() == 3);
    CHECK(out[0].conditions.empty());  // reflect ... timeout 300: no condition, no warning
    CHECK(out[1].conditions.empty());
    CHECK(decide(p, "OUT", proto_tcp, "10.70.1.1", "192.0.2.1", 443).permitted);
    const auto& in = rules(p, "IN");
    REQUIRE(in.size() == 1);
    CHECK(in[0].loc.line == 8);
    check_diagnostics(p, {{6, "evaluate REFL: the reflexive list REFL admits only the replies"},
                          {7, "evaluate REFL2:"},
                          {9, "expected permit, deny or remark"}});
    for (const auto& d : p.diagnostics) {
        if (d.loc.line == 6 || d.loc.line == 7) CHECK(d.severity == Severity::note);
        CHECK(d.loc.line != 2);
        CHECK(d.loc.line != 3);
    }
}

TEST_CASE("cisco ios: own fixture, an edge router with reflexive lists", "[cisco]") {
    auto p = parse_fixture("ios-edge-reflexive.cfg", Dialect::ios);
    INFO(diagnostics_text(p));
    check_diagnostics(p, {{26, "evaluate OUTBOUND-REFL"}, {54, "access-list 2700 is not an IP access list"}});
    for (const auto& d : p.diagnostics) CHECK(d.severity != Severity::error);
    CHECK(rules(p, "EDGE-IN").size() == 20);
    CHECK(rules(p, "EDGE-OUT").size() == 4);
    // Return traffic aside, nothing from outside reaches 10.70.0.0/16 but the two web ports and mail.
    CHECK_FALSE(decide(p, "EDGE-IN", proto_tcp, "192.0.2.7", "10.70.0.80", 22).permitted);
    CHECK(decide(p, "EDGE-IN", proto_tcp, "192.0.2.7", "10.70.0.80", 443).permitted);
}

TEST_CASE("cisco ios: a lock-and-key (dynamic) entry applies only after access-enable: a condition", "[cisco]") {
    auto p = parse_fixture("ios-edge-reflexive.cfg", Dialect::ios);
    const auto& r = rules(p, "101");
    REQUIRE(r.size() == 2);
    REQUIRE(r[0].conditions.size() == 1);
    CHECK(r[0].conditions[0].name == "dynamic LOCKKEY (lock-and-key, after access-enable)");
    // Without the template active, telnet to the router is decided by line 51.
    auto o = decide(p, "101", proto_tcp, "192.0.2.7", "198.51.100.2", 23);
    CHECK(o.permitted);
    CHECK(o.line == 51);
}
