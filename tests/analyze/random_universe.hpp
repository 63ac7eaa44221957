#pragma once
// Shared by the randomized tests that compare an analysis with a brute-force
// walk of single packets (exposure_space_test, exposure_reference_test,
// shadowing_index_test): random rules' ranges end at a few values per
// dimension, so one packet per class of values (0, the top, each end and
// the value after it) stands for them all.
#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <random>
#include <vector>

#include "ir/packet_set.hpp"

namespace fwlint_test {

using Point = std::array<fwlint::u128, fwlint::dim_count>;

struct Universe {
    std::array<std::vector<fwlint::u128>, fwlint::dim_count> ends;    // range ends rules use, per dimension
    std::array<std::vector<fwlint::u128>, fwlint::dim_count> values;  // one representative of each class of values
    std::vector<Point> points;                                        // every combination of them
};

inline void sort_unique(std::vector<fwlint::u128>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Fills `values` and `points` from the `ends` (sorted, unique); the source
// port of every point is one of `sports` (the tests' rules rarely match on it).
inline void complete_universe(Universe& u, fwlint::Family f, std::initializer_list<fwlint::u128> sports) {
    using namespace fwlint;
    for (std::size_t d = 0; d < dim_count; ++d) {
        const u128 top = dim_max(Dim(d), f);
        auto& vals = u.values[d];
        vals = {0, top};
        for (u128 e : u.ends[d]) {
            vals.push_back(e);
            if (e < top) vals.push_back(e + 1);
        }
        sort_unique(vals);
    }
    for (u128 p : u.values[proto_dim])
        for (u128 s : u.values[src_dim])
            for (u128 t : u.values[dst_dim])
                for (u128 sp : sports)
                    for (u128 q : u.values[dport_dim]) u.points.push_back(Point{p, s, t, sp, q});
}

// One range between two of the dimension's ends.
inline fwlint::IntervalSet random_range(std::mt19937& rng, const Universe& u, fwlint::Dim d) {
    const auto& ends = u.ends[d];
    std::size_t a = rng() % ends.size(), b = rng() % ends.size();
    if (a > b) std::swap(a, b);
    return fwlint::IntervalSet::range(ends[a], ends[b]);
}

// Out of `choices` chances: any value (2), two ranges between ends united (a
// list or a negation, 1), one range between two ends (the rest).
inline fwlint::IntervalSet random_ranges(std::mt19937& rng, const Universe& u, fwlint::Dim d, fwlint::Family f,
                                         unsigned choices) {
    using fwlint::IntervalSet;
    auto one = [&]() { return random_range(rng, u, d); };
    switch (rng() % choices) {
        case 0:
        case 1: return IntervalSet::range(0, fwlint::dim_max(d, f));
        case 2: return one().unite(one());
        default: return one();
    }
}

// The reference's own membership test (not the one the analyses use).
inline bool holds(const fwlint::PacketSet& s, fwlint::Family f, const Point& p) {
    for (const fwlint::Box& b : s.boxes(f)) {
        bool in = true;
        for (std::size_t d = 0; d < fwlint::dim_count && in; ++d) in = b.dims[d].contains(p[d]);
        if (in) return true;
    }
    return false;
}

}  // namespace fwlint_test
