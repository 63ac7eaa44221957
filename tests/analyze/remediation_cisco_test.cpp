// Cisco fix lines for IPv6 packet sets: the address blocks of the whole space and
// of its upper half. Finding the block size used to compute 1 << 128 on the way
// (undefined; UBSan stopped `check --rules cep` on every IPv6 Cisco fixture).
#include <memory>
#include <string>
#include <string_view>

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

TEST_CASE("cisco_insert: a new entry never takes the sequence number of a remark above the entry (NX-OS)") {
    // Own NX-OS switch: "10 remark ..." right above "20 permit ...". The fix
    // for the CEP set's forbidden cep -> ca flow was " 10 deny ...": the
    // switch refuses a duplicate sequence number.
    auto source = std::make_shared<const std::string>(
        "ip access-list PKI-VLAN-IN\n"
        "  statistics per-entry\n"
        "  10 remark CEP/CES to the CA\n"
        "  20 permit tcp 10.30.1.20/31 host 10.10.0.15 eq 135\n"
        "  30 remark DNS\n"
        "  31 remark and Kerberos\n"
        "  40 permit udp 10.30.1.20/31 10.10.0.8/31 eq 53\n");
    Policy p;
    p.name = "PKI-VLAN-IN";
    p.syntax = "nxos";
    Chain c;
    c.name = "PKI-VLAN-IN";
    auto entry = [&](int line, int sequence, std::string_view needle) {
        Rule r;
        r.loc = SourceLocation{"nxos.cfg", line, 3};
        r.source = source;
        std::size_t at = source->find(needle);
        r.text = std::string_view(*source).substr(source->rfind('\n', at) + 1, source->find('\n', at) - source->rfind('\n', at) - 1);
        r.sequence = sequence;
        r.action = Action::accept;
        return r;
    };
    c.rules.push_back(entry(4, 20, "20 permit"));
    c.rules.push_back(entry(7, 40, "40 permit"));
    Box b = Box::all(Family::v4);
    b.dims[src_dim] = IntervalSet::single(0x0a1e0114);  // 10.30.1.20
    b.dims[dst_dim] = IntervalSet::single(0x0a0a000f);  // 10.10.0.15
    PacketSet deny = PacketSet::of(Family::v4, b);
    auto first = cisco_insert(p, c, &c.rules[0], deny, false);
    REQUIRE(first.size() == 2);
    CHECK(first[0] == "ip access-list PKI-VLAN-IN");
    CHECK(first[1] == " 11 deny ip 10.30.1.20/32 10.10.0.15/32");
    auto second = cisco_insert(p, c, &c.rules[1], deny, false);
    REQUIRE(second.size() == 2);
    CHECK(second[1] == " 29 deny ip 10.30.1.20/32 10.10.0.15/32");
    // Without remarks the number is the middle one, as before.
    c.rules[0].source.reset();
    auto middle = cisco_insert(p, c, &c.rules[0], deny, false);
    CHECK(middle[1] == " 10 deny ip 10.30.1.20/32 10.10.0.15/32");
}
