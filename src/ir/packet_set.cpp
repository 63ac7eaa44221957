#include "ir/packet_set.hpp"
#include "ir/packet_parts.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace fwlint {

u128 dim_max(Dim d, Family f) {
    switch (d) {
        case proto_dim: return max_proto;
        case src_dim:
        case dst_dim: return address_max(f);
        case sport_dim:
        case dport_dim: return max_port;
    }
    return 0;
}

Box Box::all(Family f) {
    Box b;
    for (std::size_t d = 0; d < dim_count; ++d) b.dims[d] = IntervalSet::range(0, dim_max(Dim(d), f));
    return b;
}

bool Box::empty() const {
    return std::any_of(dims.begin(), dims.end(), [](const IntervalSet& s) { return s.empty(); });
}

namespace {

// Whether every value of `a` is in `b`, without building a - b (the set
// operations below skip a dimension where it holds: nothing of it lies
// outside, and the intersection is `a` itself, interval for interval).
// An interval of `a` must lie in one interval of `b` (b's intervals are
// disjoint); one that does not, even where `b` holds touching intervals,
// only sends the caller to the general path.
bool within(const IntervalSet& a, const IntervalSet& b) {
    const IntervalList& as = a.intervals();
    const IntervalList& bs = b.intervals();
    if (as.size() == 0) return true;
    if (bs.size() == 0 || as.front().lo < bs.front().lo || as.back().hi > bs.back().hi) return false;
    std::size_t j = 0;
    for (const Interval& iv : as) {
        while (j < bs.size() && bs[j].hi < iv.lo) ++j;
        if (j == bs.size() || bs[j].lo > iv.lo || bs[j].hi < iv.hi) return false;
    }
    return true;
}

bool boxes_intersect(const Box& a, const Box& b) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (!a.dims[d].intersects(b.dims[d])) return false;
    return true;
}

// a \ b as disjoint boxes: peel one dimension at a time, keeping the part of
// a inside b on the dimensions already peeled.
void subtract_box(const Box& a, const Box& b, std::vector<Box>& out) {
    if (!boxes_intersect(a, b)) {
        out.push_back(a);
        return;
    }
    Box rest = a;
    for (std::size_t d = 0; d < dim_count; ++d) {
        if (within(rest.dims[d], b.dims[d])) continue;  // nothing outside; rest unchanged
        IntervalSet outside = rest.dims[d].subtract(b.dims[d]);
        if (!outside.empty()) {
            Box piece = rest;
            piece.dims[d] = std::move(outside);
            out.push_back(std::move(piece));
        }
        rest.dims[d] = rest.dims[d].intersect(b.dims[d]);
    }
}

using Boxes = std::span<const Box>;

std::vector<Box> to_vector(Boxes boxes) { return {boxes.begin(), boxes.end()}; }

std::vector<Box> subtract_lists(Boxes as, Boxes bs) {
    std::vector<Box> current = to_vector(as);
    std::vector<Box> next;
    for (const auto& b : bs) {
        if (current.empty()) break;
        next.clear();
        for (const auto& a : current) subtract_box(a, b, next);
        current.swap(next);
    }
    return current;
}

std::vector<Box> intersect_lists(Boxes as, Boxes bs) {
    std::vector<Box> out;
    for (const auto& a : as)
        for (const auto& b : bs) {
            if (!boxes_intersect(a, b)) continue;
            Box c;
            for (std::size_t d = 0; d < dim_count; ++d)
                c.dims[d] = within(a.dims[d], b.dims[d])   ? a.dims[d]
                            : within(b.dims[d], a.dims[d]) ? b.dims[d]
                                                           : a.dims[d].intersect(b.dims[d]);
            out.push_back(std::move(c));
        }
    return out;
}

bool lists_intersect(Boxes as, Boxes bs) {
    for (const auto& a : as)
        for (const auto& b : bs)
            if (boxes_intersect(a, b)) return true;
    return false;
}

// Merges boxes that agree on every dimension but `d`. Sorting by the other
// dimensions brings mergeable boxes next to each other.
bool merge_along(std::vector<Box>& boxes, std::size_t d) {
    auto key_less = [d](const Box& x, const Box& y) {
        for (std::size_t k = 0; k < dim_count; ++k) {
            if (k == d) continue;
            if (x.dims[k] < y.dims[k]) return true;
            if (y.dims[k] < x.dims[k]) return false;
        }
        return false;
    };
    auto same_key = [d](const Box& x, const Box& y) {
        for (std::size_t k = 0; k < dim_count; ++k)
            if (k != d && !(x.dims[k] == y.dims[k])) return false;
        return true;
    };
    std::stable_sort(boxes.begin(), boxes.end(), key_less);
    std::vector<Box> out;
    bool merged = false;
    for (auto& b : boxes) {
        if (!out.empty() && same_key(out.back(), b)) {
            out.back().dims[d] = out.back().dims[d].unite(b.dims[d]);
            merged = true;
        } else {
            out.push_back(std::move(b));
        }
    }
    boxes.swap(out);
    return merged;
}

void compact_list(std::vector<Box>& boxes) {
    bool changed = true;
    while (changed && boxes.size() > 1) {
        changed = false;
        // Ports first: rules mostly differ in ports, then addresses.
        for (std::size_t d : {dport_dim, sport_dim, dst_dim, src_dim, proto_dim})
            changed = merge_along(boxes, d) || changed;
    }
    // Canonical order so renderings are deterministic.
    std::sort(boxes.begin(), boxes.end(), [](const Box& x, const Box& y) {
        for (std::size_t k = 0; k < dim_count; ++k) {
            if (x.dims[k] < y.dims[k]) return true;
            if (y.dims[k] < x.dims[k]) return false;
        }
        return false;
    });
}

// Lexicographic order of box lists (each box dimension by dimension).
struct BoxesLess {
    static bool box_less(const Box& x, const Box& y) {
        for (std::size_t k = 0; k < dim_count; ++k) {
            if (x.dims[k] < y.dims[k]) return true;
            if (y.dims[k] < x.dims[k]) return false;
        }
        return false;
    }
    bool operator()(const std::vector<Box>& a, const std::vector<Box>& b) const {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), box_less);
    }
};

// A decomposition that depends only on the set, not on how its boxes cut it
// (compact() alone keeps whatever cuts the construction order produced).
// The values of dimension d are grouped by their cross-section over the
// remaining dimensions; each group becomes one IntervalSet, and its
// cross-section is decomposed the same way. `boxes` are disjoint, so every
// cross-section is too. Dimensions below d are left empty in the result.
std::vector<Box> canonical_boxes(const std::vector<const Box*>& boxes, std::size_t d) {
    std::vector<Box> out;
    if (boxes.empty()) return out;
    if (d + 1 == dim_count) {
        std::vector<Interval> parts;
        for (const Box* b : boxes)
            parts.insert(parts.end(), b->dims[d].intervals().begin(), b->dims[d].intervals().end());
        std::sort(parts.begin(), parts.end(), [](const Interval& x, const Interval& y) { return x.lo < y.lo; });
        Box last;
        for (const auto& iv : parts) last.dims[d].add(iv.lo, iv.hi);
        out.push_back(std::move(last));
        return out;
    }
    // Sweep dimension d: between consecutive interval ends the boxes
    // containing a value (hence its cross-section) do not change.
    struct Event {
        u128 at;
        std::size_t box;
        bool opens;
    };
    std::vector<Event> events;
    for (std::size_t i = 0; i < boxes.size(); ++i)
        for (const auto& iv : boxes[i]->dims[d].intervals()) {
            events.push_back({iv.lo, i, true});
            if (iv.hi != ~u128{0}) events.push_back({iv.hi + 1, i, false});
        }
    std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.at < y.at; });
    std::map<std::vector<std::size_t>, IntervalSet> by_members;
    std::vector<std::size_t> active;  // sorted box indices
    for (std::size_t k = 0; k < events.size();) {
        u128 at = events[k].at;
        for (; k < events.size() && events[k].at == at; ++k) {
            auto pos = std::lower_bound(active.begin(), active.end(), events[k].box);
            if (events[k].opens)
                active.insert(pos, events[k].box);
            else
                active.erase(pos);
        }
        if (!active.empty()) by_members[active].add(at, k < events.size() ? events[k].at - 1 : ~u128{0});
    }
    // Different members can still make equal cross-sections; canonical
    // cross-sections are equal exactly when the sets are.
    // Equal cross-sections are found through an ordered index (a linear
    // search made a set of thousands of parts quadratic).
    std::vector<std::pair<IntervalSet, std::vector<Box>>> groups;
    std::map<std::vector<Box>, std::size_t, BoxesLess> group_of;
    for (const auto& [members, values] : by_members) {
        std::vector<const Box*> sub;
        for (std::size_t i : members) sub.push_back(boxes[i]);
        std::vector<Box> rest = canonical_boxes(sub, d + 1);
        auto same = group_of.find(rest);
        if (same != group_of.end()) {
            groups[same->second].first = groups[same->second].first.unite(values);
        } else {
            group_of.emplace(rest, groups.size());
            groups.emplace_back(values, std::move(rest));
        }
    }
    std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& [values, rest] : groups)
        for (auto& b : rest) {
            b.dims[d] = values;
            out.push_back(std::move(b));
        }
    return out;
}

}  // namespace

PacketSet::PacketSet(const PacketSet& o)
    : one_(o.one_), many_(o.many_ ? std::make_unique<Lists>(*o.many_) : nullptr), shape_(o.shape_) {}

PacketSet::PacketSet(PacketSet&& o) noexcept
    : one_(std::move(o.one_)), many_(std::move(o.many_)), shape_(o.shape_) {
    o.shape_ = Shape::none;
}

PacketSet& PacketSet::operator=(const PacketSet& o) {
    if (this != &o) *this = PacketSet(o);
    return *this;
}

PacketSet& PacketSet::operator=(PacketSet&& o) noexcept {
    if (this != &o) {
        one_ = std::move(o.one_);
        many_ = std::move(o.many_);
        shape_ = o.shape_;
        o.shape_ = Shape::none;
    }
    return *this;
}

void PacketSet::assign(std::vector<Box>&& v4, std::vector<Box>&& v6) {
    many_.reset();
    if (v4.size() + v6.size() == 0) {
        shape_ = Shape::none;
    } else if (v4.size() + v6.size() == 1) {
        shape_ = v4.empty() ? Shape::one_v6 : Shape::one_v4;
        one_ = std::move(v4.empty() ? v6.front() : v4.front());
    } else {
        many_ = std::make_unique<Lists>(Lists{std::move(v4), std::move(v6)});
        shape_ = Shape::many;
    }
}

PacketSet::Lists& PacketSet::lists() {
    if (shape_ != Shape::many) {
        auto fresh = std::make_unique<Lists>();
        if (shape_ == Shape::one_v4) fresh->v4.push_back(std::move(one_));
        if (shape_ == Shape::one_v6) fresh->v6.push_back(std::move(one_));
        one_ = Box{};
        many_ = std::move(fresh);
        shape_ = Shape::many;
    }
    return *many_;
}

PacketSet PacketSet::all() {
    PacketSet s;
    s.assign({Box::all(Family::v4)}, {Box::all(Family::v6)});
    return s;
}

PacketSet PacketSet::all(Family f) { return of(f, Box::all(f)); }

PacketSet PacketSet::of(Family f, Box box) {
    PacketSet s;
    if (box.empty()) return s;
    // Clip to the family's universe so an IPv4 box never holds IPv6 values
    // (sets are sorted, so only the largest value needs a look).
    for (std::size_t d = 0; d < dim_count; ++d) {
        u128 top = dim_max(Dim(d), f);
        if (box.dims[d].max() > top) box.dims[d] = box.dims[d].intersect(IntervalSet::range(0, top));
    }
    if (box.empty()) return s;
    s.one_ = std::move(box);
    s.shape_ = f == Family::v4 ? Shape::one_v4 : Shape::one_v6;
    return s;
}

PacketSet PacketSet::unite(const PacketSet& o) const {
    std::vector<Box> v4 = to_vector(boxes(Family::v4)), v6 = to_vector(boxes(Family::v6));
    for (auto& b : subtract_lists(o.boxes(Family::v4), boxes(Family::v4))) v4.push_back(std::move(b));
    for (auto& b : subtract_lists(o.boxes(Family::v6), boxes(Family::v6))) v6.push_back(std::move(b));
    PacketSet s;
    s.assign(std::move(v4), std::move(v6));
    if (s.box_count() > 8) s.compact();
    return s;
}

PacketSet PacketSet::intersect(const PacketSet& o) const {
    PacketSet s;
    s.assign(intersect_lists(boxes(Family::v4), o.boxes(Family::v4)),
             intersect_lists(boxes(Family::v6), o.boxes(Family::v6)));
    return s;
}

PacketSet PacketSet::subtract(const PacketSet& o) const {
    PacketSet s = subtract_uncompacted(o);
    if (s.box_count() > 8) s.compact();
    return s;
}

PacketSet PacketSet::subtract_uncompacted(const PacketSet& o) const {
    const bool meet4 = lists_intersect(boxes(Family::v4), o.boxes(Family::v4));
    const bool meet6 = lists_intersect(boxes(Family::v6), o.boxes(Family::v6));
    if (!meet4 && !meet6) return *this;
    auto minus = [&](Family f, bool meet) {
        return meet ? subtract_lists(boxes(f), o.boxes(f)) : to_vector(boxes(f));
    };
    PacketSet s;
    s.assign(minus(Family::v4, meet4), minus(Family::v6, meet6));
    return s;
}

void PacketSet::add_disjoint(const PacketSet& o) {
    if (o.empty()) return;
    if (empty()) {
        *this = o;
        return;
    }
    auto o4 = o.boxes(Family::v4), o6 = o.boxes(Family::v6);
    if (&o == this) {  // appending to our own lists: copy first
        add_disjoint(PacketSet(o));
        return;
    }
    Lists& l = lists();
    l.v4.insert(l.v4.end(), o4.begin(), o4.end());
    l.v6.insert(l.v6.end(), o6.begin(), o6.end());
}

bool PacketSet::intersects(const PacketSet& o) const {
    return lists_intersect(boxes(Family::v4), o.boxes(Family::v4)) ||
           lists_intersect(boxes(Family::v6), o.boxes(Family::v6));
}

IntervalSet PacketSet::project(Family f, Dim d) const {
    IntervalSet out;
    for (const auto& b : boxes(f)) out = out.unite(b.dims[d]);
    return out;
}

void PacketSet::compact() {
    if (shape_ != Shape::many) return;  // one box or none: nothing to merge
    compact_list(many_->v4);
    compact_list(many_->v6);
}

std::string protocol_name(unsigned proto) {
    switch (proto) {
        case 1: return "icmp";
        case 2: return "igmp";
        case 6: return "tcp";
        case 17: return "udp";
        case 47: return "gre";
        case 50: return "esp";
        case 51: return "ah";
        case 58: return "icmpv6";
        case 132: return "sctp";
        default: return fmt::format("proto {}", proto);
    }
}

std::string format_protocols(const IntervalSet& protos) {
    if (protos.empty()) return "no protocol";
    if (protos.is_all(max_proto)) return "any protocol";
    std::string out;
    for (const auto& iv : protos.intervals()) {
        if (iv.hi - iv.lo > 16) {
            if (!out.empty()) out += "+";
            out += fmt::format("proto {}-{}", unsigned(iv.lo), unsigned(iv.hi));
            continue;
        }
        for (u128 p = iv.lo; p <= iv.hi; ++p) {
            if (!out.empty()) out += "+";
            out += protocol_name(unsigned(p));
        }
    }
    return out;
}

std::string format_count(u128 n) {
    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + unsigned(n % 10)));
        n /= 10;
    } while (n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_ports(const IntervalSet& ports) {
    std::string out;
    for (const auto& iv : ports.intervals()) {
        if (!out.empty()) out += ",";
        if (iv.lo == iv.hi)
            out += fmt::format("{}", unsigned(iv.lo));
        else
            out += fmt::format("{}-{}", unsigned(iv.lo), unsigned(iv.hi));
    }
    return out;
}

namespace {

bool is_icmp_only(const IntervalSet& protos) {
    for (const auto& iv : protos.intervals())
        for (u128 p = iv.lo; p <= iv.hi; ++p)
            if (p != proto_icmp && p != proto_icmpv6) return false;
    return true;
}

std::string format_icmp_types(const IntervalSet& codes) {
    std::string out;
    for (const auto& iv : codes.intervals()) {
        if (!out.empty()) out += ",";
        unsigned lo = unsigned(iv.lo), hi = unsigned(iv.hi);
        if ((lo & 0xff) == 0 && (hi & 0xff) == 0xff) {
            out += lo >> 8 == hi >> 8 ? fmt::format("{}", lo >> 8) : fmt::format("{}-{}", lo >> 8, hi >> 8);
        } else if (lo == hi) {
            out += fmt::format("{}/{}", lo >> 8, lo & 0xff);
        } else {
            out += fmt::format("{}/{}-{}/{}", lo >> 8, lo & 0xff, hi >> 8, hi & 0xff);
        }
    }
    return out;
}

std::string format_box(const Box& b, Family f) {
    std::string out = format_protocols(b.dims[proto_dim]);
    out += " " + format_address_set(b.dims[src_dim], f);
    out += " -> " + format_address_set(b.dims[dst_dim], f);
    if (is_icmp_only(b.dims[proto_dim])) {
        if (!b.dims[dport_dim].is_all(max_port)) out += " type " + format_icmp_types(b.dims[dport_dim]);
        return out;
    }
    if (!b.dims[sport_dim].is_all(max_port)) out += " from ports " + format_ports(b.dims[sport_dim]);
    if (!b.dims[dport_dim].is_all(max_port)) out += " ports " + format_ports(b.dims[dport_dim]);
    return out;
}

}  // namespace

std::string PacketSet::to_string() const {
    if (empty()) return "nothing";
    std::vector<Box> c4, c6;
    for (Family f : {Family::v4, Family::v6}) {
        std::vector<const Box*> boxes;
        for (const auto& b : this->boxes(f)) boxes.push_back(&b);
        (f == Family::v4 ? c4 : c6) = canonical_boxes(boxes, 0);
    }
    PacketSet c;
    c.assign(std::move(c4), std::move(c6));
    c.compact();
    std::string out;
    for (Family f : {Family::v4, Family::v6})
        for (const auto& b : c.boxes(f)) {
            if (!out.empty()) out += "; ";
            out += format_box(b, f);
        }
    return out;
}

}  // namespace fwlint

namespace fwlint {

namespace {

// Sets of more boxes than this are rendered as cut: the canonical
// decomposition's cost grows much faster than the box count (a set of
// 3,000 boxes took seconds).
constexpr std::size_t canonical_box_limit = 256;

// The union of dimension d over `boxes`: every interval gathered, sorted once.
IntervalSet projection(const std::vector<Box>& boxes, std::size_t d) {
    std::vector<Interval> parts;
    for (const auto& b : boxes) parts.insert(parts.end(), b.dims[d].intervals().begin(), b.dims[d].intervals().end());
    std::sort(parts.begin(), parts.end(), [](const Interval& x, const Interval& y) { return x.lo < y.lo; });
    IntervalSet out;
    for (const auto& iv : parts) out.add(iv.lo, iv.hi);
    return out;
}

}  // namespace

std::string format_part(const Box& b, Family f, std::size_t max_ranges, bool& cut) {
    static const char* const dim_names[dim_count] = {"protocol", "source", "destination", "source port",
                                                     "destination port"};
    if (!max_ranges) return format_box(b, f);
    Box first = b;
    std::string notes;
    for (std::size_t d = 0; d < dim_count; ++d) {
        const auto& ivs = b.dims[d].intervals();
        if (ivs.size() <= max_ranges) continue;
        IntervalSet kept;
        for (std::size_t k = 0; k < max_ranges; ++k) kept.add(ivs.begin()[k].lo, ivs.begin()[k].hi);
        first.dims[d] = std::move(kept);
        notes += fmt::format(" (the first {} of its {} {} ranges)", max_ranges, format_count(ivs.size()), dim_names[d]);
        cut = true;
    }
    return format_box(first, f) + notes;
}

PacketParts packet_parts(const PacketSet& set) {
    PacketParts out;
    out.canonical = set.box_count() <= canonical_box_limit;
    for (Family f : {Family::v4, Family::v6}) {
        std::vector<Box> boxes;
        if (out.canonical) {
            std::vector<const Box*> ptrs;
            for (const auto& b : set.boxes(f)) ptrs.push_back(&b);
            boxes = canonical_boxes(ptrs, 0);
            compact_list(boxes);
        } else {
            // As cut (a set diff or query made is compacted already), in
            // to_string()'s order.
            boxes = to_vector(set.boxes(f));
            std::sort(boxes.begin(), boxes.end(), BoxesLess::box_less);
        }
        if (boxes.empty()) continue;
        out.total += boxes.size();
        Box hull;
        for (std::size_t d = 0; d < dim_count; ++d) hull.dims[d] = projection(boxes, d);
        PacketParts::Hull h;
        h.sources = hull.dims[src_dim].size();
        h.destinations = hull.dims[dst_dim].size();
        for (auto& dim : hull.dims)
            if (dim.intervals().size() > 16) dim = IntervalSet::range(dim.min(), dim.max());
        h.text = format_box(hull, f);
        out.hulls.push_back(std::move(h));
        out.families.push_back(PacketParts::Boxes{f, std::move(boxes)});
    }
    return out;
}

}  // namespace fwlint
