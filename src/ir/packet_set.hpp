#pragma once
// The packet-space algebra: exact sets of packets over
//   protocol x source address x destination address x source port x destination port
// kept separately for IPv4 and IPv6. A set is a list of pairwise disjoint
// boxes; each box is a product of one IntervalSet per dimension.
//
// ICMP and ICMPv6 have no ports: for them the destination-port dimension holds
// type * 256 + code, so "--icmp-type 8" is a set like any other.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ir/address.hpp"

namespace fwlint {

enum Dim : std::size_t { proto_dim = 0, src_dim = 1, dst_dim = 2, sport_dim = 3, dport_dim = 4 };
inline constexpr std::size_t dim_count = 5;

inline constexpr u128 max_proto = 255;
inline constexpr u128 max_port = 65535;

inline constexpr unsigned proto_icmp = 1;
inline constexpr unsigned proto_tcp = 6;
inline constexpr unsigned proto_udp = 17;
inline constexpr unsigned proto_icmpv6 = 58;

u128 dim_max(Dim d, Family f);

struct Box {
    std::array<IntervalSet, dim_count> dims;

    // Every packet of family f.
    static Box all(Family f);
    bool empty() const;
    friend bool operator==(const Box&, const Box&) = default;
};

class PacketSet {
public:
    PacketSet() = default;  // the empty set
    PacketSet(const PacketSet& o);
    PacketSet(PacketSet&& o) noexcept;
    PacketSet& operator=(const PacketSet& o);
    PacketSet& operator=(PacketSet&& o) noexcept;
    ~PacketSet() = default;

    static PacketSet all();              // every IPv4 and IPv6 packet
    static PacketSet all(Family f);      // every packet of one family
    static PacketSet of(Family f, Box box);

    bool empty() const { return box_count() == 0; }
    // The boxes of one family, in a stable order (a view into this set).
    std::span<const Box> boxes(Family f) const {
        if (shape_ == Shape::many) return f == Family::v4 ? many_->v4 : many_->v6;
        return {&one_, shape_ == (f == Family::v4 ? Shape::one_v4 : Shape::one_v6) ? 1u : 0u};
    }

    PacketSet unite(const PacketSet& o) const;
    PacketSet intersect(const PacketSet& o) const;
    PacketSet subtract(const PacketSet& o) const;
    // subtract() without its compaction (a sort of every box): for a loop
    // that subtracts many times and compacts when the box count has grown.
    PacketSet subtract_uncompacted(const PacketSet& o) const;
    // Union with a set known to be disjoint from this one (not checked): the
    // boxes are appended, with neither the subtraction nor the compaction
    // unite() does. For sums of the disjoint parts of one evaluation.
    void add_disjoint(const PacketSet& o);
    bool intersects(const PacketSet& o) const;
    bool is_subset_of(const PacketSet& o) const { return subtract(o).empty(); }
    bool operator==(const PacketSet& o) const { return is_subset_of(o) && o.is_subset_of(*this); }

    // Union of one dimension over all boxes of a family (e.g. every
    // destination port the set touches).
    IntervalSet project(Family f, Dim d) const;

    // Exact number of packets' (proto, src, dst, sport, dport) tuples is
    // astronomically large; this counts how many boxes hold the set.
    std::size_t box_count() const {
        switch (shape_) {
            case Shape::none: return 0;
            case Shape::one_v4:
            case Shape::one_v6: return 1;
            case Shape::many: return many_->v4.size() + many_->v6.size();
        }
        return 0;
    }

    // "tcp 10.0.0.8/29 -> 10.0.1.10 ports 1024-49151", one line per box,
    // joined with "; ". Deterministic.
    std::string to_string() const;

    // Merge boxes that differ in one dimension only, so renderings and box
    // counts stay small. Does not change the set.
    void compact();

private:
    // A rule's match is almost always one box of one family: it is kept
    // inline, so a 200,000-rule policy makes no heap block per rule for it.
    // Larger sets keep a list per family on the heap.
    enum class Shape : std::uint8_t { none, one_v4, one_v6, many };
    struct Lists {
        std::vector<Box> v4, v6;
    };
    void assign(std::vector<Box>&& v4, std::vector<Box>&& v6);
    Lists& lists();  // switches to Shape::many, keeping the boxes

    Box one_;                      // Shape::one_v4 / one_v6
    std::unique_ptr<Lists> many_;  // Shape::many
    Shape shape_ = Shape::none;
};

// "443", "1024-65535", "53,88" (no spaces, as the JSON contract wants).
std::string format_ports(const IntervalSet& ports);
// "48,128": counts of ports and addresses, with thousands separators.
std::string format_count(u128 n);
// "tcp", "udp", "icmp", "proto 47", "any protocol".
std::string format_protocols(const IntervalSet& protos);
std::string protocol_name(unsigned proto);

}  // namespace fwlint
