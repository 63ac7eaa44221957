// How `diff` writes a change's packets: whole when small, a bounded summary
// with exact counts when huge (cli/diff_packets.hpp, ir/packet_parts.hpp).
#include <string>

#include <catch2/catch.hpp>

#include "cli/diff_packets.hpp"
#include "ir/packet_parts.hpp"

namespace {

using namespace fwlint;

u128 v4(unsigned a, unsigned b, unsigned c, unsigned d) { return (u128(a) << 24) | (u128(b) << 16) | (c << 8) | d; }

// tcp from `src_lo`-`src_hi` to `dst` port `port`.
PacketSet flow(u128 src_lo, u128 src_hi, u128 dst, unsigned port) {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(proto_tcp);
    b.dims[src_dim] = IntervalSet::range(src_lo, src_hi);
    b.dims[dst_dim] = IntervalSet::single(dst);
    b.dims[dport_dim] = IntervalSet::single(port);
    return PacketSet::of(Family::v4, b);
}

// A zone (10.60.0.0/16, any protocol) minus `holes` flows, each from a /24
// of its own to a host of its own: what a flipped zone-wide DROP leaves.
PacketSet zone_minus(unsigned holes) {
    Box zone = Box::all(Family::v4);
    zone.dims[src_dim] = IntervalSet::range(v4(10, 60, 0, 0), v4(10, 60, 255, 255));
    PacketSet taken;
    for (unsigned i = 0; i < holes; ++i)
        taken.add_disjoint(flow(v4(10, 60, i, 0), v4(10, 60, i, 255), v4(172, 16, i, 1 + i % 200), 1000 + i));
    PacketSet rest = PacketSet::of(Family::v4, zone).subtract(taken);
    rest.compact();
    return rest;
}

// The union of the parts packet_parts gives.
PacketSet united(const PacketParts& p) {
    PacketSet out;
    for (const auto& fam : p.families)
        for (const auto& b : fam.boxes) out = out.unite(PacketSet::of(fam.family, b));
    return out;
}

}  // namespace

TEST_CASE("diff packets: a small set is written whole, exactly as to_string writes it") {
    PacketSet s = flow(v4(10, 0, 0, 0), v4(10, 0, 0, 255), v4(172, 16, 0, 5), 443)
                      .unite(flow(v4(10, 0, 1, 0), v4(10, 0, 1, 255), v4(172, 16, 0, 6), 22));
    ShownPackets shown = show_packets(s, 50);
    CHECK(shown.text == s.to_string());
    CHECK(shown.parts == 2);
    CHECK(shown.shown == 2);
    CHECK_FALSE(shown.truncated);
    CHECK(show_packets(PacketSet(), 50).text == "nothing");
}

TEST_CASE("diff packets: a zone minus hundreds of holes is summarized with exact counts") {
    const PacketSet s = zone_minus(200);
    const PacketParts parts = packet_parts(s);
    REQUIRE(parts.total > 50);
    CHECK(united(parts) == s);  // the parts are the set, whatever is shown

    ShownPackets shown = show_packets(s, 50);
    INFO(shown.text);
    CHECK(shown.truncated);
    CHECK(shown.parts == parts.total);
    CHECK(shown.shown == 8);
    CHECK(shown.text.rfind(format_count(parts.total) + " parts, all within any protocol 10.60.0.0/16 -> any "
                                                          "(65,536 source and 4,294,967,296 destination addresses); the first 8: ",
                           0) == 0);
    CHECK(shown.text.find("... and " + format_count(parts.total - 8) + " more parts (--max-parts 0 lists all)") !=
          std::string::npos);
    CHECK(shown.text.size() < 4000);

    // --max-parts 0: every part, nothing cut; the same text to_string gives.
    ShownPackets all = show_packets(s, 0);
    CHECK_FALSE(all.truncated);
    CHECK(all.shown == parts.total);
    CHECK(all.text == s.to_string());
}

TEST_CASE("diff packets: a set of more boxes than are worth a canonical form is still exact and bounded") {
    const PacketSet s = zone_minus(256);
    REQUIRE(s.box_count() > 256);
    const PacketParts parts = packet_parts(s);
    CHECK_FALSE(parts.canonical);
    CHECK(parts.total == s.box_count());
    CHECK(united(parts) == s);
    ShownPackets shown = show_packets(s, 50);
    CHECK(shown.truncated);
    CHECK(shown.text.size() < 4000);
    CHECK(show_packets(s, 50).text == shown.text);  // deterministic
}

TEST_CASE("diff packets: one part of thousands of destination ranges is cut at 64 and says how many it has") {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(proto_tcp);
    b.dims[dst_dim] = IntervalSet();
    for (unsigned i = 0; i < 1000; ++i) b.dims[dst_dim].add(v4(172, 16, i / 4, (i % 4) * 64), v4(172, 16, i / 4, (i % 4) * 64 + 9));
    const PacketSet s = PacketSet::of(Family::v4, b);
    ShownPackets shown = show_packets(s, 50);
    INFO(shown.text);
    CHECK(shown.parts == 1);
    CHECK(shown.truncated);
    CHECK(shown.text.find("172.16.15.192-172.16.15.201 (the first 64 of its 1,000 destination ranges)") !=
          std::string::npos);
    CHECK(shown.text.find("172.16.16.0-172.16.16.9") == std::string::npos);
    CHECK(shown.text.find("(--max-parts 0 lists every range)") != std::string::npos);
    CHECK(show_packets(s, 0).text == s.to_string());
}
