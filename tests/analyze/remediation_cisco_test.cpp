// Cisco fix lines for IPv6 packet sets: the address blocks of the whole space and
// of its upper half. Finding the block size used to compute 1 << 128 on the way
// (undefined; UBSan stopped `check --rules cep` on every IPv6 Cisco fixture).
#include <catch2/catch.hpp>

#include "analyze/remediation_cisco.hpp"

using namespace fwlint;

namespace {

Policy ios_v6() {
    Policy p;
    p.name = "EDGE6";
    p.family = Family::v6;
    p.syntax = "ios";
    return p;
}

}  // namespace

TEST_CASE("cisco_ace_bodies: every IPv6 packet is 'permit ipv6 any any'") {
    auto lines = cisco_ace_bodies(PacketSet::all(Family::v6), ios_v6(), true);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "permit ipv6 any any");
}

TEST_CASE("cisco_ace_bodies: the upper half of the IPv6 space is one /1 block") {
    Box b = Box::all(Family::v6);
    b.dims[src_dim] = IntervalSet::range(u128{1} << 127, ~u128{0});
    auto lines = cisco_ace_bodies(PacketSet::of(Family::v6, b), ios_v6(), false);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "deny ipv6 8000::/1 any");
}
