// "no SEQ" under a list (a pasted change script) removes that entry, as the
// device does; "no permit ..." is not applied and says so. Both were skipped
// without a word, so a removed entry (here the mistaken port 440) was still
// checked and reported.
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

TEST_CASE("cisco ios: own change script, 'no 20' removes entry 20", "[cisco]") {
    auto p = parse_fixture("ios-change-script.cfg", Dialect::ios);
    INFO(diagnostics_text(p));
    check_diagnostics(p, {{8, "no 20: entry 20 of ACL PKI-IN (line 4) is removed here"},
                          {10, "no 90: ACL PKI-IN has no entry 90 above this line: nothing is removed"},
                          {11, "'no permit udp host 10.1.5.20 10.1.0.10 0.0.0.1 eq 123' removes the entry of ACL "
                               "PKI-IN written that way: fwlint does not apply it"}});
    const auto& r = rules(p, "PKI-IN");
    REQUIRE(r.size() == 4);
    CHECK(r[0].sequence == 10);
    CHECK(r[1].sequence == 25);
    CHECK(r[1].loc.line == 9);
    CHECK(r[2].sequence == 30);
    CHECK_FALSE(decide(p, "PKI-IN", proto_tcp, "10.1.5.20", "10.1.0.10", 440).permitted);
    CHECK(decide(p, "PKI-IN", proto_tcp, "10.1.5.20", "10.1.0.11", 464).permitted);
    CHECK(decide(p, "PKI-IN", proto_udp, "10.1.5.20", "10.1.0.10", 123).permitted);  // "no permit ..." not applied
}

TEST_CASE("cisco nx-os: 'no 10' removes the entry numbered 10", "[cisco]") {
    auto p = parse("ip access-list MGMT\n"
                   "  10 permit tcp 10.60.250.0/24 any eq 22\n"
                   "  20 permit tcp any any eq 23\n"
                   "  no 20\n",
                   Dialect::nxos);
    INFO(diagnostics_text(p));
    REQUIRE(rules(p, "MGMT").size() == 1);
    CHECK(has_diagnostic(p, 4, "no 20: entry 20 of ACL MGMT (line 3) is removed here"));
}
