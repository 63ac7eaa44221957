// iptables fix lines for a packet set whose addresses are scattered (a Cisco
// non-contiguous wildcard such as 0.255.255.0: 65,536 single addresses): at
// most max_lines lines are written and the rest counted. Every combination of
// source and destination used to be formatted (65,536 x 65,536 here), so
// `fwlint check` on a three-line IOS list never ended.
#include <catch2/catch.hpp>


#include "analyze/remediation.hpp"

using namespace fwlint;

namespace {

// 10.x.y.0 for every x, y: what "10.0.0.0 0.255.255.0" matches.
IntervalSet scattered() {
    IntervalSet s;
    for (u128 xy = 0; xy < 65536; ++xy) {
        u128 a = (u128{10} << 24) | (xy << 8);
        s.add(a, a);
    }
    return s;
}

}  // namespace

TEST_CASE("iptables_rules_for: scattered sources and destinations give max_lines lines and a count") {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(6);
    b.dims[src_dim] = scattered();
    b.dims[dst_dim] = scattered();
    b.dims[dport_dim] = IntervalSet::single(22);
    auto lines = iptables_rules_for(PacketSet::of(Family::v4, b), Family::v4, "FORWARD", 3, "DROP");
    REQUIRE(lines.size() == 9);
    CHECK(lines[0] == "iptables -I FORWARD 3 -s 10.0.0.0/32 -d 10.0.0.0/32 -p tcp -m tcp --dport 22 -j DROP");
    CHECK(lines[1] == "iptables -I FORWARD 3 -s 10.0.0.0/32 -d 10.0.1.0/32 -p tcp -m tcp --dport 22 -j DROP");
    CHECK(lines[8] == "# ... and 4294967288 more rules like these");  // 65,536 x 65,536 - 8
}

TEST_CASE("iptables_rules_for: a few boxes are written whole, as before") {
    Box a = Box::all(Family::v4);
    a.dims[proto_dim] = IntervalSet::single(17);
    a.dims[src_dim] = IntervalSet::range((u128{10} << 24), (u128{10} << 24) + 255);
    a.dims[dport_dim] = IntervalSet::single(53);
    auto lines = iptables_rules_for(PacketSet::of(Family::v4, a), Family::v4, "INPUT", 0, "ACCEPT");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "iptables -A INPUT -s 10.0.0.0/24 -p udp -m udp --dport 53 -j ACCEPT");
}
