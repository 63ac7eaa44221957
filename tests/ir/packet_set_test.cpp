// PacketSet against a brute-force model. The model universe is
//   family {v4, v6} x proto {0..3} x src {0..7} x dst {0..7} x sport {0..7} x dport {0..7}
// (32768 packets, one bit each); every random set is restricted to it.
#include <catch2/catch.hpp>

#include <bitset>
#include <random>
#include <string>

#include "ir/packet_set.hpp"

using fwlint::Box;
using fwlint::Dim;
using fwlint::Family;
using fwlint::IntervalSet;
using fwlint::PacketSet;
using fwlint::u128;

namespace {

constexpr unsigned n_proto = 4, n_addr = 8, n_port = 8;
constexpr std::size_t n_points = 2 * n_proto * n_addr * n_addr * n_port * n_port;
using Model = std::bitset<n_points>;

constexpr unsigned dim_size[fwlint::dim_count] = {n_proto, n_addr, n_addr, n_port, n_port};

std::size_t index(Family f, unsigned p, unsigned s, unsigned d, unsigned sp, unsigned dp) {
    return ((((std::size_t(f == Family::v6) * n_proto + p) * n_addr + s) * n_addr + d) * n_port + sp) * n_port + dp;
}

IntervalSet range(u128 lo, u128 hi) { return IntervalSet::range(lo, hi); }

Box make_box(IntervalSet proto, IntervalSet src, IntervalSet dst, IntervalSet sport, IntervalSet dport) {
    Box b;
    b.dims = {std::move(proto), std::move(src), std::move(dst), std::move(sport), std::move(dport)};
    return b;
}

Box small_universe_box() {
    return make_box(range(0, n_proto - 1), range(0, n_addr - 1), range(0, n_addr - 1), range(0, n_port - 1),
                    range(0, n_port - 1));
}

const PacketSet& small_universe() {
    static const PacketSet u =
        PacketSet::of(Family::v4, small_universe_box()).unite(PacketSet::of(Family::v6, small_universe_box()));
    return u;
}

std::vector<unsigned> values(const IntervalSet& s, unsigned limit) {
    std::vector<unsigned> out;
    for (const auto& iv : s.intervals()) {
        REQUIRE(iv.hi < limit);  // the set stayed inside the small universe
        for (u128 v = iv.lo; v <= iv.hi; ++v) out.push_back(unsigned(v));
    }
    return out;
}

// The set's packets. Also checks that the boxes are pairwise disjoint and
// non-empty: the sum of box volumes must equal the number of packets.
Model model_of(const PacketSet& s) {
    Model m;
    std::size_t volume = 0;
    for (Family f : {Family::v4, Family::v6}) {
        for (const Box& b : s.boxes(f)) {
            REQUIRE_FALSE(b.empty());
            auto ps = values(b.dims[0], n_proto), ss = values(b.dims[1], n_addr), ds = values(b.dims[2], n_addr),
                 sps = values(b.dims[3], n_port), dps = values(b.dims[4], n_port);
            for (unsigned p : ps)
                for (unsigned src : ss)
                    for (unsigned dst : ds)
                        for (unsigned sp : sps)
                            for (unsigned dp : dps) {
                                m.set(index(f, p, src, dst, sp, dp));
                                ++volume;
                            }
        }
    }
    REQUIRE(volume == m.count());
    return m;
}

// Union over all packets of one family of the values in dimension d.
IntervalSet model_projection(const Model& m, Family f, Dim d) {
    IntervalSet out;
    for (unsigned p = 0; p < n_proto; ++p)
        for (unsigned s = 0; s < n_addr; ++s)
            for (unsigned t = 0; t < n_addr; ++t)
                for (unsigned sp = 0; sp < n_port; ++sp)
                    for (unsigned dp = 0; dp < n_port; ++dp)
                        if (m.test(index(f, p, s, t, sp, dp))) {
                            unsigned v[] = {p, s, t, sp, dp};
                            out.add(v[d], v[d]);
                        }
    return out;
}

IntervalSet random_dim(std::mt19937_64& rng, Dim d, Family f) {
    unsigned n = dim_size[d];
    switch (rng() % 8) {
        case 0: return range(0, fwlint::dim_max(d, f));  // "any": clipped by the universe later
        case 1: return range(0, n - 1);
        default: break;
    }
    IntervalSet s;
    unsigned parts = 1 + unsigned(rng() % 2);
    for (unsigned i = 0; i < parts; ++i) {
        unsigned lo = unsigned(rng() % n);
        unsigned hi = std::min(n - 1, lo + unsigned(rng() % 4));
        s.add(lo, hi);
    }
    return s;
}

Family random_family(std::mt19937_64& rng) { return rng() % 2 ? Family::v4 : Family::v6; }

PacketSet random_box_set(std::mt19937_64& rng) {
    Family f = random_family(rng);
    Box b;
    for (std::size_t d = 0; d < fwlint::dim_count; ++d) b.dims[d] = random_dim(rng, Dim(d), f);
    return PacketSet::of(f, b).intersect(small_universe());
}

PacketSet random_set(std::mt19937_64& rng) {
    PacketSet s;
    unsigned n = unsigned(rng() % 6);
    for (unsigned i = 0; i < n; ++i) {
        switch (rng() % 5) {
            case 0: s = s.subtract(random_box_set(rng)); break;
            case 1:
                if (!s.empty()) {
                    s = s.intersect(random_box_set(rng).unite(random_box_set(rng)).unite(random_box_set(rng)));
                    break;
                }
                [[fallthrough]];
            default: s = s.unite(random_box_set(rng)); break;
        }
    }
    return s;
}

const Dim all_dims[] = {fwlint::proto_dim, fwlint::src_dim, fwlint::dst_dim, fwlint::sport_dim, fwlint::dport_dim};

}  // namespace

TEST_CASE("PacketSet matches a brute-force model", "[packet_set]") {
    std::mt19937_64 rng(20240611);
    constexpr int cases = 3000;
    int equal_pairs = 0, subset_pairs = 0, intersecting_pairs = 0;
    for (int c = 0; c < cases; ++c) {
        INFO("case " << c);
        PacketSet a = random_set(rng);
        PacketSet b = c % 7 == 0 ? a.subtract(random_box_set(rng)) : random_set(rng);
        if (c % 11 == 0) b = a.unite(PacketSet{});  // an equal set, possibly with other boxes
        Model ma = model_of(a), mb = model_of(b);

        PacketSet u = a.unite(b), i = a.intersect(b), d = a.subtract(b);
        CHECK(model_of(u) == (ma | mb));
        CHECK(model_of(i) == (ma & mb));
        CHECK(model_of(d) == (ma & ~mb));
        CHECK(a.empty() == ma.none());
        CHECK(d.empty() == (ma & ~mb).none());
        CHECK((a == b) == (ma == mb));
        CHECK(a.is_subset_of(b) == (ma & ~mb).none());
        CHECK(a.intersects(b) == (ma & mb).any());
        CHECK(b.intersects(a) == (ma & mb).any());
        equal_pairs += ma == mb;
        subset_pairs += (ma & ~mb).none();
        intersecting_pairs += (ma & mb).any();

        for (Family f : {Family::v4, Family::v6})
            for (Dim dim : all_dims) CHECK(a.project(f, dim) == model_projection(ma, f, dim));

        // The uncompacted difference and the disjoint sum keep every box
        // disjoint (model_of checks) and mean the same packets.
        PacketSet raw = a.subtract_uncompacted(b);
        CHECK(model_of(raw) == (ma & ~mb));
        PacketSet sum = d;
        sum.add_disjoint(i);
        CHECK(model_of(sum) == ma);

        PacketSet compacted = a;
        compacted.compact();
        CHECK(model_of(compacted) == ma);
        CHECK(compacted.box_count() <= a.box_count());
        CHECK(compacted == a);

        // Identities that also exercise operations on fragmented inputs.
        CHECK(model_of(u.subtract(d)) == mb);
        CHECK(model_of(d.unite(i)) == ma);
        CHECK(model_of(small_universe().subtract(a).subtract(small_universe().subtract(a))).none());
        CHECK(small_universe().subtract(small_universe().subtract(a)) == a);

        // Rendering depends on the set only, not on how it was built.
        if (ma == mb) CHECK(a.to_string() == b.to_string());
        CHECK(u.to_string() == b.unite(a).to_string());
        CHECK(a.to_string() == d.unite(i).to_string());
    }
    // The generator must produce a useful mix of outcomes.
    CHECK(equal_pairs > cases / 20);
    CHECK(subset_pairs > cases / 10);
    CHECK(intersecting_pairs > cases / 4);
    CHECK(intersecting_pairs < cases - cases / 10);
}

TEST_CASE("PacketSet keeps IPv4 and IPv6 apart", "[packet_set]") {
    PacketSet v4 = PacketSet::all(Family::v4), v6 = PacketSet::all(Family::v6);
    CHECK_FALSE(v4.intersects(v6));
    CHECK(v4.intersect(v6).empty());
    CHECK(v4.unite(v6) == PacketSet::all());
    CHECK(PacketSet::all().subtract(v4) == v6);
    CHECK(PacketSet::all().subtract(v6) == v4);
    CHECK(v4.boxes(Family::v6).empty());
    CHECK(v6.boxes(Family::v4).empty());
    CHECK_FALSE(v4 == v6);
    CHECK_FALSE(v4.is_subset_of(v6));

    // The same numeric box in both families: distinct sets.
    PacketSet a = PacketSet::of(Family::v4, small_universe_box());
    PacketSet b = PacketSet::of(Family::v6, small_universe_box());
    CHECK_FALSE(a.intersects(b));
    CHECK(a.subtract(b) == a);
    CHECK(a.unite(b).subtract(a) == b);

    // An IPv4 box is clipped to the IPv4 address space.
    Box wide = Box::all(Family::v6);
    wide.dims[fwlint::src_dim] = range(u128{0xfffffff0u}, u128{1} << 40);
    PacketSet clipped = PacketSet::of(Family::v4, wide);
    REQUIRE(clipped.box_count() == 1);
    CHECK(clipped.boxes(Family::v4)[0].dims[fwlint::src_dim] == range(0xfffffff0u, 0xffffffffu));
    wide.dims[fwlint::src_dim] = range(u128{1} << 33, u128{1} << 40);
    CHECK(PacketSet::of(Family::v4, wide).empty());
    // Ports and protocols are clipped too.
    Box big_ports = Box::all(Family::v4);
    big_ports.dims[fwlint::dport_dim] = range(65530, 70000);
    big_ports.dims[fwlint::proto_dim] = range(250, 300);
    PacketSet bp = PacketSet::of(Family::v4, big_ports);
    CHECK(bp.project(Family::v4, fwlint::dport_dim) == range(65530, 65535));
    CHECK(bp.project(Family::v4, fwlint::proto_dim) == range(250, 255));
    CHECK(PacketSet::of(Family::v4, Box{}).empty());
}

TEST_CASE("PacketSet full-space operations", "[packet_set]") {
    PacketSet all = PacketSet::all();
    CHECK_FALSE(all.empty());
    CHECK(all == all);
    CHECK(all.subtract(all).empty());
    CHECK(PacketSet{}.is_subset_of(all));
    CHECK(PacketSet{}.is_subset_of(PacketSet{}));
    CHECK(PacketSet{} == PacketSet{});
    CHECK_FALSE(PacketSet{}.intersects(all));
    // Punch a hole at the very top of the IPv6 space and fill it again.
    Box top_corner = Box::all(Family::v6);
    top_corner.dims[fwlint::dst_dim] = IntervalSet::single(~u128{0});
    top_corner.dims[fwlint::dport_dim] = IntervalSet::single(65535);
    PacketSet hole = PacketSet::of(Family::v6, top_corner);
    PacketSet holed = all.subtract(hole);
    CHECK_FALSE(holed == all);
    CHECK_FALSE(holed.intersects(hole));
    CHECK(holed.unite(hole) == all);
    CHECK(holed.project(Family::v6, fwlint::dst_dim) == range(0, ~u128{0}));
    CHECK(hole.project(Family::v6, fwlint::dst_dim) == IntervalSet::single(~u128{0}));
}

TEST_CASE("PacketSet rendering", "[packet_set]") {
    auto v4 = [](std::string_view text) { return fwlint::parse_address(text)->values; };
    auto any_ports = range(0, fwlint::max_port);
    auto any_v4 = range(0, 0xffffffffu);

    Box b = make_box(IntervalSet::single(fwlint::proto_tcp), v4("10.0.0.8/29"), v4("10.0.1.10"), any_ports,
                     range(1024, 49151));
    CHECK(PacketSet::of(Family::v4, b).to_string() == "tcp 10.0.0.8/29 -> 10.0.1.10 ports 1024-49151");

    b.dims[fwlint::sport_dim] = range(53, 53);
    CHECK(PacketSet::of(Family::v4, b).to_string() ==
          "tcp 10.0.0.8/29 -> 10.0.1.10 from ports 53 ports 1024-49151");

    Box r = make_box(IntervalSet::single(fwlint::proto_udp), v4("10.0.0.1-10.0.0.5"), any_v4, any_ports,
                     IntervalSet::single(53).unite(IntervalSet::single(88)));
    CHECK(PacketSet::of(Family::v4, r).to_string() == "udp 10.0.0.1-10.0.0.5 -> any ports 53,88");

    CHECK(PacketSet{}.to_string() == "nothing");
    CHECK(PacketSet::all(Family::v4).to_string() == "any protocol any -> any");
    CHECK(PacketSet::all().to_string() == "any protocol any -> any; any protocol any -> any");

    auto p6 = fwlint::parse_address("2001:db8::/32");
    REQUIRE(p6);
    Box six = Box::all(Family::v6);
    six.dims[fwlint::proto_dim] = IntervalSet::single(fwlint::proto_tcp).unite(IntervalSet::single(fwlint::proto_udp));
    six.dims[fwlint::src_dim] = p6->values;
    six.dims[fwlint::dport_dim] = IntervalSet::single(443);
    CHECK(PacketSet::of(Family::v6, six).to_string() == "tcp+udp 2001:db8::/32 -> any ports 443");

    // ICMP: the destination-port dimension is type * 256 + code.
    Box icmp = Box::all(Family::v4);
    icmp.dims[fwlint::proto_dim] = IntervalSet::single(fwlint::proto_icmp);
    CHECK(PacketSet::of(Family::v4, icmp).to_string() == "icmp any -> any");
    icmp.dims[fwlint::dport_dim] = range(8 * 256, 8 * 256 + 255);
    CHECK(PacketSet::of(Family::v4, icmp).to_string() == "icmp any -> any type 8");
    icmp.dims[fwlint::dport_dim] = IntervalSet::single(3 * 256 + 4);
    CHECK(PacketSet::of(Family::v4, icmp).to_string() == "icmp any -> any type 3/4");
    icmp.dims[fwlint::dport_dim] = range(0, 8 * 256 + 255);
    CHECK(PacketSet::of(Family::v4, icmp).to_string() == "icmp any -> any type 0-8");
    icmp.dims[fwlint::dport_dim] = range(0, 255).unite(range(8 * 256, 8 * 256 + 255));
    CHECK(PacketSet::of(Family::v4, icmp).to_string() == "icmp any -> any type 0,8");
    Box icmp6 = Box::all(Family::v6);
    icmp6.dims[fwlint::proto_dim] = IntervalSet::single(fwlint::proto_icmpv6);
    icmp6.dims[fwlint::dport_dim] = range(128 * 256, 128 * 256 + 255);
    CHECK(PacketSet::of(Family::v6, icmp6).to_string() == "icmpv6 any -> any type 128");

    CHECK(fwlint::format_ports(IntervalSet::single(53).unite(IntervalSet::single(88))) == "53,88");
    CHECK(fwlint::format_ports(range(1024, 65535)) == "1024-65535");
    CHECK(fwlint::format_ports(IntervalSet::single(443)) == "443");
    CHECK(fwlint::format_ports(range(0, 0).unite(range(5, 7))) == "0,5-7");
    CHECK(fwlint::format_protocols(range(0, 255)) == "any protocol");
    CHECK(fwlint::format_protocols(IntervalSet::single(47)) == "gre");
    CHECK(fwlint::format_protocols(IntervalSet::single(99)) == "proto 99");
    CHECK(fwlint::format_protocols(range(100, 200)) == "proto 100-200");
    CHECK(fwlint::protocol_name(6) == "tcp");
    CHECK(fwlint::protocol_name(58) == "icmpv6");
}

TEST_CASE("PacketSet rendering does not depend on construction order", "[packet_set]") {
    auto addr = [](std::string_view text) { return fwlint::parse_address(text)->values; };
    auto any_ports = range(0, fwlint::max_port);
    auto tcp = IntervalSet::single(fwlint::proto_tcp);
    auto udp = IntervalSet::single(fwlint::proto_udp);

    PacketSet web = PacketSet::of(Family::v4, make_box(tcp, addr("10.0.0.0/24"), addr("10.0.1.10"), any_ports,
                                                       IntervalSet::single(80).unite(IntervalSet::single(443))));
    PacketSet dns = PacketSet::of(Family::v4, make_box(udp, addr("10.0.0.0/24"), addr("10.0.1.53"), any_ports,
                                                       IntervalSet::single(53)));
    PacketSet ssh = PacketSet::of(Family::v4, make_box(tcp, addr("10.0.0.5"), addr("10.0.1.0/28"), any_ports,
                                                       IntervalSet::single(22)));
    PacketSet v6 = PacketSet::of(Family::v6, make_box(tcp, addr("2001:db8::/32"), addr("2001:db8:1::1"), any_ports,
                                                      IntervalSet::single(443)));
    // Overlapping pieces: the same set, cut differently.
    PacketSet wide = PacketSet::of(Family::v4, make_box(tcp, addr("10.0.0.0/24"), addr("10.0.1.10"), any_ports,
                                                        range(1, 1023)));

    PacketSet one = web.unite(dns).unite(ssh).unite(v6).unite(wide);
    PacketSet two = wide.unite(v6).unite(ssh).unite(dns).unite(web);
    PacketSet three = v6.unite(wide.subtract(web)).unite(ssh).unite(web.unite(dns));
    REQUIRE(one == two);
    REQUIRE(one == three);
    CHECK(one.to_string() == two.to_string());
    CHECK(one.to_string() == three.to_string());

    // An L shape: ports 1-10 from .1, ports 1-5 from .2; built as two
    // different box decompositions.
    auto box = [&](std::string_view src, u128 lo, u128 hi) {
        return PacketSet::of(Family::v4, make_box(tcp, addr(src), addr("10.0.1.1"), any_ports, range(lo, hi)));
    };
    PacketSet l1 = box("10.0.0.1", 1, 10).unite(box("10.0.0.2", 1, 5));
    PacketSet l2 = box("10.0.0.1-10.0.0.2", 1, 5).unite(box("10.0.0.1", 6, 10));
    REQUIRE(l1 == l2);
    CHECK(l1.to_string() == "tcp 10.0.0.1 -> 10.0.1.1 ports 1-10; tcp 10.0.0.2 -> 10.0.1.1 ports 1-5");
    CHECK(l2.to_string() == l1.to_string());
}

TEST_CASE("PacketSet: a dimension inside the other set's is kept as it is, at the ends of every range",
          "[packet_set]") {
    // intersect and subtract take a dimension that lies inside the other
    // box's without building it again; the result must be the same set and
    // the same intervals as the general path gives (FW201/FW202 output
    // depends on the boxes' order and shape).
    for (Family f : {Family::v4, Family::v6}) {
        INFO((f == Family::v4 ? "IPv4" : "IPv6"));
        const u128 top = fwlint::address_max(f);
        IntervalSet any_addr = range(0, top);            // /0 (any4 / any6)
        IntervalSet host_lo = range(0, 0), host_hi = range(top, top);  // /32 (/128) at both ends
        IntervalSet scattered;                           // a non-contiguous wildcard mask: 10.0.x.1
        for (u128 x = 0; x < 4; ++x) scattered.add((u128(10) << 24) + x * 256 + 1, (u128(10) << 24) + x * 256 + 1);
        IntervalSet ports_edges;                         // 0 and 65535 (and 1-1023)
        ports_edges.add(0, 0);
        ports_edges.add(1, 1023);
        ports_edges.add(65535, 65535);
        IntervalSet all_ports = range(0, 65535);
        IntervalSet tcp = range(fwlint::proto_tcp, fwlint::proto_tcp), udp = range(fwlint::proto_udp, fwlint::proto_udp);
        IntervalSet ip = range(0, 255);

        Box narrow = make_box(tcp, scattered, host_hi, all_ports, ports_edges);
        Box broad = make_box(ip, any_addr, any_addr, all_ports, all_ports);
        PacketSet a = PacketSet::of(f, narrow), b = PacketSet::of(f, broad);

        // a inside b in every dimension: a ∩ b is a, interval for interval; a - b is empty.
        PacketSet i = a.intersect(b);
        REQUIRE(i.boxes(f).size() == 1);
        for (std::size_t d = 0; d < fwlint::dim_count; ++d)
            CHECK(i.boxes(f)[0].dims[d].intervals().size() == narrow.dims[d].intervals().size());
        CHECK(i.boxes(f)[0] == narrow);
        CHECK(b.intersect(a).boxes(f)[0] == narrow);
        CHECK(a.subtract(b).empty());
        CHECK(a.is_subset_of(b));

        // Inside in every dimension but the protocol (udp against tcp): nothing in common.
        PacketSet other = PacketSet::of(f, make_box(udp, any_addr, any_addr, all_ports, all_ports));
        CHECK(!a.intersects(other));
        CHECK(a.subtract(other) == a);

        // Inside in every dimension but dport: the difference is a's box with
        // the ports b lacks, the edges 0 and 65535 included.
        PacketSet mid = PacketSet::of(f, make_box(ip, any_addr, any_addr, all_ports, range(1, 65534)));
        PacketSet rest = a.subtract(mid);
        REQUIRE(rest.boxes(f).size() == 1);
        IntervalSet edges;
        edges.add(0, 0);
        edges.add(65535, 65535);
        Box expected = narrow;
        expected.dims[fwlint::dport_dim] = edges;
        CHECK(rest.boxes(f)[0] == expected);
        CHECK(a.intersect(mid).boxes(f)[0].dims[fwlint::dport_dim] == range(1, 1023));

        // Hosts at the two ends of the space against any and against each other.
        PacketSet lo = PacketSet::of(f, make_box(ip, host_lo, any_addr, all_ports, all_ports));
        PacketSet hi = PacketSet::of(f, make_box(ip, host_hi, any_addr, all_ports, all_ports));
        PacketSet everything = PacketSet::of(f, broad);
        CHECK(lo.subtract(everything).empty());
        CHECK(everything.intersect(hi) == hi);
        CHECK(lo.intersect(hi).empty());
        CHECK(everything.subtract(lo).subtract(hi).intersects(lo) == false);
        CHECK(everything.subtract(lo).subtract(hi).boxes(f).size() == 1);
    }
}
