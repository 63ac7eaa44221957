#pragma once
// Cutting a region of packet space into boxes that each meet a few rules: the
// pieces the exposure leaf walk (exposure_space_cut.cpp) and the diff's cell
// walk (diff_cells.cpp) share. Rules are filed as items by their bounds; the
// region asked about is a set of parts (its boxes).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "ir/packet_set.hpp"

namespace fwlint::region_cut {

using Corner = std::array<u128, dim_count>;

struct Region {
    Corner lo, hi;
};

template <class T>
bool meets(const T& it, const Region& r) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (it.hi[d] < r.lo[d] || r.hi[d] < it.lo[d]) return false;
    return true;
}

template <class T>
bool spans(const T& it, const Region& r) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (it.lo[d] > r.lo[d] || it.hi[d] < r.hi[d]) return false;
    return true;
}

// A box of the region asked about, by its bounds.
struct Part {
    Corner lo, hi;
    const Box* box = nullptr;
    bool solid = false;  // one interval per dimension: the bounds are the box
};

// The non-empty boxes of `set` in family `f`, as parts (pointing into `set`).
std::vector<Part> parts_of(const PacketSet& set, Family f);

// The smallest region that holds every part of `parts` named by `ids`.
Region hull_of(const std::vector<Part>& parts, const std::vector<std::uint32_t>& ids);

// The two sides of `region` cut in `dim` before `at`: [lo, at - 1] and [at, hi].
std::pair<Region, Region> split(const Region& region, std::size_t dim, u128 at);

// The ids of `ids` whose element of `all` meets `side`.
template <class T>
std::vector<std::uint32_t> meeting(const std::vector<T>& all, const std::vector<std::uint32_t>& ids,
                                   const Region& side) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t k : ids)
        if (meets(all[k], side)) out.push_back(k);
    return out;
}

// Items of one shape (equal bounds) cannot be separated by a cut, and items
// that span a region take all of a walk's query there or none: what a cut is
// judged by, and a cell's cost, is the number of distinct shapes among the
// items that meet the region without spanning it.
class Shapes {
public:
    template <class Item>
    void number(const std::vector<Item>& all, const std::vector<std::uint32_t>& ids) {
        std::vector<std::uint32_t> order = ids;
        auto key = [&](std::uint32_t k) { return std::tie(all[k].lo, all[k].hi); };
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
        shape_.assign(all.size(), 0);
        std::uint32_t id = 0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k > 0 && key(order[k]) != key(order[k - 1])) ++id;
            shape_[order[k]] = id;
        }
        seen_.assign(std::size_t(id) + 1, 0);  // stamped per shape
    }

    template <class Item>
    std::size_t count(const std::vector<Item>& all, const std::vector<std::uint32_t>& ids, const Region& r) {
        ++stamp_;
        std::size_t n = 0;
        for (std::uint32_t k : ids) {
            const Item& it = all[k];
            if (!meets(it, r) || spans(it, r) || seen_[shape_[k]] == stamp_) continue;
            seen_[shape_[k]] = stamp_;
            ++n;
        }
        return n;
    }

    struct Cut {
        std::size_t dim = 0;
        u128 at = 0;  // the right side starts here; region.lo < at <= region.hi
    };

    // The cut that leaves the fewer shapes on its busier side (the median of
    // the shapes' ends inside the region, tried in every dimension), when it
    // leaves at most n - max(1, n / 8) there (so the depth stays bounded);
    // `n`: count(all, ids, region).
    template <class Item>
    std::optional<Cut> best_cut(const std::vector<Item>& all, const std::vector<std::uint32_t>& ids,
                                const Region& region, std::size_t n) {
        std::size_t best_dim = dim_count, best_max = n, best_sum = 2 * n;
        u128 best_at = 0;
        std::vector<u128> ends;
        for (std::size_t d = 0; d < dim_count; ++d) {
            ends.clear();
            ++stamp_;
            for (std::uint32_t k : ids) {
                const Item& it = all[k];
                if (seen_[shape_[k]] == stamp_ || spans(it, region)) continue;
                seen_[shape_[k]] = stamp_;
                if (it.lo[d] > region.lo[d]) ends.push_back(it.lo[d]);
                if (it.hi[d] < region.hi[d]) ends.push_back(it.hi[d] + 1);
            }
            if (ends.empty()) continue;
            auto mid = ends.begin() + std::ptrdiff_t(ends.size() / 2);
            std::nth_element(ends.begin(), mid, ends.end());
            const u128 at = *mid;
            const auto [left, right] = split(region, d, at);
            std::size_t l = count(all, ids, left), r = count(all, ids, right);
            std::size_t most = std::max(l, r);
            if (most < best_max || (most == best_max && l + r < best_sum))
                best_dim = d, best_max = most, best_sum = l + r, best_at = at;
        }
        if (best_dim == dim_count || best_max + std::max<std::size_t>(1, n / 8) > n) return std::nullopt;
        return Cut{best_dim, best_at};
    }

private:
    std::vector<std::uint32_t> shape_;  // per item: equal bounds, equal shape
    std::vector<std::uint64_t> seen_;   // per shape: the stamp of the last count that met it
    std::uint64_t stamp_ = 0;
};

}  // namespace fwlint::region_cut
