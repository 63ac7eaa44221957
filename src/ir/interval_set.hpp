#pragma once
// A set of unsigned values stored as sorted, disjoint, non-adjacent closed
// intervals. Every dimension of the packet space (protocol, addresses, ports)
// is one of these, so set operations are exact and cheap for the shapes
// firewall rules produce (a few ranges per dimension).
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "ir/interval_list.hpp"

namespace fwlint {


class IntervalSet {
public:
    IntervalSet() = default;
    static IntervalSet range(u128 lo, u128 hi) {
        IntervalSet s;
        if (lo <= hi) s.parts_.push_back({lo, hi});
        return s;
    }
    static IntervalSet single(u128 v) { return range(v, v); }

    bool empty() const { return parts_.empty(); }
    const IntervalList& intervals() const { return parts_; }
    // Number of values; saturates for the full IPv6 space.
    u128 size() const {
        u128 n = 0;
        for (const auto& p : parts_) {
            u128 w = p.hi - p.lo;  // values in p, minus one
            if (n + w < n || n + w == ~u128{0}) return ~u128{0};
            n += w + 1;
        }
        return n;
    }
    bool contains(u128 v) const {
        auto it = std::upper_bound(parts_.begin(), parts_.end(), v,
                                   [](u128 x, const Interval& i) { return x < i.lo; });
        return it != parts_.begin() && std::prev(it)->hi >= v;
    }
    // The whole range [0, max_value]: "any" port, address or protocol.
    bool is_all(u128 max_value) const {
        return parts_.size() == 1 && parts_.front().lo == 0 && parts_.front().hi == max_value;
    }
    u128 min() const { return parts_.front().lo; }
    u128 max() const { return parts_.back().hi; }

    void add(u128 lo, u128 hi);  // union with [lo, hi]

    IntervalSet unite(const IntervalSet& o) const;
    IntervalSet intersect(const IntervalSet& o) const;
    IntervalSet subtract(const IntervalSet& o) const;
    // Complement within [0, max_value].
    IntervalSet complement(u128 max_value) const;
    bool intersects(const IntervalSet& o) const;
    bool is_subset_of(const IntervalSet& o) const { return subtract(o).empty(); }

    friend bool operator==(const IntervalSet&, const IntervalSet&) = default;
    friend bool operator<(const IntervalSet& a, const IntervalSet& b) {
        return std::lexicographical_compare(
            a.parts_.begin(), a.parts_.end(), b.parts_.begin(), b.parts_.end(),
            [](const Interval& x, const Interval& y) {
                return x.lo != y.lo ? x.lo < y.lo : x.hi < y.hi;
            });
    }

private:
    IntervalList parts_;
};

}  // namespace fwlint
