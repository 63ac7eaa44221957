// Which accepted packets are open to any source (and destination): from
// the non-accepted boxes widened to every source, through an index of their
// bounds (leaf walk), or from the whole accepted set (slice walk).
#include <algorithm>

#include "analyze/exposure_chain.hpp"

namespace fwlint::exposure_detail {

// Every packet of family f with the given protocols and destination ports.
PacketSet proto_ports(Family f, const IntervalSet& protos, const IntervalSet& ports) {
    Box b = Box::all(f);
    b.dims[proto_dim] = protos;
    b.dims[dport_dim] = ports;
    return PacketSet::of(f, b);
}

PacketSet proto_all(Family f, unsigned proto) {
    return proto_ports(f, IntervalSet::single(proto), IntervalSet::range(0, max_port));
}

// The part of `packets` that holds, for each of its tuples of the other
// dimensions, every value of the dimensions in `dims`.
PacketSet universal_part(const PacketSet& packets, Family f, std::initializer_list<Dim> dims) {
    for (Dim d : dims)
        if (!packets.project(f, d).is_all(dim_max(d, f))) return {};
    PacketSet all = PacketSet::all(f);
    PacketSet missing = all.subtract(packets);
    PacketSet widened;
    for (Box b : missing.boxes(f)) {
        for (Dim d : dims) b.dims[d] = IntervalSet::range(0, dim_max(d, f));
        widened = widened.unite(PacketSet::of(f, b));
    }
    return all.subtract(widened);
}

PacketSet ChainExposure::open_part(const PacketSet& p, bool dst_too) {
    if (!space_) return p.intersect(dst_too ? open_src_dst_ : open_src_);
    Widened& w = dst_too ? widened_src_dst_ : widened_src_;
    if (!w.index) w.build(not_accepted_, policy_.family, dst_too);
    return w.open_part(p, policy_.family);
}

PacketSet ChainExposure::strict_open_part(const PacketSet& p, bool dst_too) {
    if (p.empty()) return {};
    if (!space_) return p.intersect(dst_too ? sure_src_dst_ : sure_src_);
    Widened& w = dst_too ? strict_src_dst_ : strict_src_;
    if (!w.index) {
        std::vector<Box> closing = not_accepted_;
        closing.insert(closing.end(), not_sure_.begin(), not_sure_.end());
        w.build(closing, policy_.family, dst_too);
    }
    return w.open_part(p, policy_.family);
}

PacketSet ChainExposure::Widened::open_part(const PacketSet& p, Family f) const {
    const Widened& w = *this;
    PacketSet out;
    std::vector<std::uint32_t> meeting;
    for (const Box& b : p.boxes(f)) {
        PacketSet piece = PacketSet::of(f, b);
        PointKeys lo, hi;
        keys_of(b, f, lo, hi);
        w.index->meeting(lo, hi, 0, meeting);
        for (std::uint32_t k : meeting) {
            if (piece.empty()) break;
            PacketSet cut = PacketSet::of(f, w.boxes[k]);
            if (piece.intersects(cut)) piece = piece.subtract(cut);
        }
        out.add_disjoint(piece);
    }
    if (out.box_count() > 1) out.compact();
    return out;
}

void ChainExposure::keys_of(const Box& b, Family f, PointKeys& lo, PointKeys& hi) {
    const unsigned shift = f == Family::v6 ? 96 : 0;
    const std::array<Dim, point_key_count> dims = {dport_dim, dst_dim, src_dim};
    for (std::size_t d = 0; d < point_key_count; ++d) {
        unsigned s = dims[d] == dport_dim ? 0 : shift;
        lo[d] = std::uint32_t(b.dims[dims[d]].min() >> s);
        hi[d] = std::uint32_t(b.dims[dims[d]].max() >> s);
    }
}

void ChainExposure::Widened::build(const std::vector<Box>& not_accepted, Family f, bool dst_too) {
    boxes = not_accepted;
    for (Box& b : boxes) {
        b.dims[src_dim] = IntervalSet::range(0, address_max(f));
        if (dst_too) b.dims[dst_dim] = IntervalSet::range(0, address_max(f));
    }
    auto less = [](const Box& x, const Box& y) {
        for (std::size_t k = 0; k < dim_count; ++k) {
            if (x.dims[k] < y.dims[k]) return true;
            if (y.dims[k] < x.dims[k]) return false;
        }
        return false;
    };
    std::sort(boxes.begin(), boxes.end(), less);
    boxes.erase(std::unique(boxes.begin(), boxes.end()), boxes.end());
    std::vector<PointIndex::Entry> entries;
    entries.reserve(boxes.size());
    for (std::size_t k = 0; k < boxes.size(); ++k) {
        PointIndex::Entry e{std::uint32_t(k), {}, {}};
        keys_of(boxes[k], f, e.lo, e.hi);
        entries.push_back(e);
    }
    index.emplace(entries);
}

}  // namespace fwlint::exposure_detail
