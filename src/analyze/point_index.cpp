#include "analyze/point_index.hpp"

#include <algorithm>
#include <bit>

namespace fwlint {

namespace {

// Destination ports use 16 bits of their key, addresses all 32: a port range
// of 1,000 is wide, an address range of 1,000 narrow.
constexpr std::array<unsigned, point_key_count> key_bits = {16, 32, 32};

std::size_t capacity_for(std::size_t cells) { return std::bit_ceil(std::max<std::size_t>(16, cells * 2)); }

std::size_t hash_of(std::uint64_t key, std::size_t capacity) {
    return std::size_t((key * 0x9E3779B97F4A7C15ull) >> (64 - std::countr_zero(capacity)));
}

// A rule's place in one key dimension: the finest level whose cells are at
// least as wide as its range, and the one or two cells it meets there.
struct Place {
    unsigned level;
    std::uint32_t lo, hi;  // the range's ends (as values; cells are derived)
};

Place place_of(std::uint32_t lo, std::uint32_t hi, unsigned level_bits, unsigned levels) {
    std::uint64_t span = std::uint64_t(hi) - lo + 1;
    unsigned level = 0;
    while (level + 1 < levels && (std::uint64_t{1} << (level * level_bits)) < span) ++level;
    return Place{level, lo, hi};
}

}  // namespace

PointIndex::PointIndex(const std::vector<Entry>& entries) {
    if (entries.empty()) return;
    // Pass 1: how crowded each dimension's natural cells are.
    table_.assign(capacity_for(entries.size() * point_key_count * 2), Cell{});
    std::vector<std::array<Place, point_key_count>> places(entries.size());
    auto for_cells = [&](std::size_t d, const Place& p, auto&& f) {
        std::uint64_t a = cell_key(d, p.level, p.lo), b = cell_key(d, p.level, p.hi);
        f(a);
        if (b != a) f(b);
    };
    for (std::size_t e = 0; e < entries.size(); ++e)
        for (std::size_t d = 0; d < point_key_count; ++d) {
            places[e][d] = place_of(entries[e].lo[d], entries[e].hi[d], level_bits, level_count);
            for_cells(d, places[e][d], [&](std::uint64_t k) { ++slot(k).end; });
        }
    // Each rule goes to the dimension with the fewest rules in its cells
    // (ties: the narrowest range relative to the dimension's size).
    std::vector<std::uint8_t> dim_of(entries.size());
    for (std::size_t e = 0; e < entries.size(); ++e) {
        std::size_t best = 0;
        std::uint64_t best_load = ~std::uint64_t{0};
        int best_width = 0;
        for (std::size_t d = 0; d < point_key_count; ++d) {
            std::uint64_t load = 0;
            for_cells(d, places[e][d], [&](std::uint64_t k) { load += find(k)->end; });
            int width = int(places[e][d].level * level_bits) - int(key_bits[d]);
            if (load < best_load || (load == best_load && width < best_width)) {
                best = d;
                best_load = load;
                best_width = width;
            }
        }
        dim_of[e] = std::uint8_t(best);
    }
    // Pass 2: the chosen cells, counted, then filled in rule order.
    std::size_t filed = 0;
    table_.assign(capacity_for(entries.size() * 2), Cell{});
    for (std::size_t e = 0; e < entries.size(); ++e) {
        std::size_t d = dim_of[e];
        levels_used_[d] |= 1u << places[e][d].level;
        for_cells(d, places[e][d], [&](std::uint64_t k) {
            ++slot(k).end;
            ++filed;
        });
    }
    std::uint32_t offset = 0;
    for (Cell& c : table_) {
        if (c.key == empty_key) continue;
        std::uint32_t n = c.end;
        c.begin = c.end = offset;
        offset += n;
    }
    items_.resize(filed);
    for (std::size_t e = 0; e < entries.size(); ++e) {
        std::size_t d = dim_of[e];
        for_cells(d, places[e][d], [&](std::uint64_t k) { items_[slot(k).end++] = entries[e]; });
    }
}

const PointIndex::Entry* PointIndex::lower_bound(const Entry* it, const Entry* end, std::size_t rule) {
    return std::lower_bound(it, end, rule, [](const Entry& e, std::size_t r) { return e.rule < r; });
}

const PointIndex::Cell* PointIndex::find(std::uint64_t key) const {
    if (table_.empty()) return nullptr;
    std::size_t mask = table_.size() - 1;
    for (std::size_t h = hash_of(key, table_.size());; h = (h + 1) & mask) {
        const Cell& c = table_[h];
        if (c.key == key) return &c;
        if (c.key == empty_key) return nullptr;
    }
}

PointIndex::Cell& PointIndex::slot(std::uint64_t key) {
    std::size_t mask = table_.size() - 1;
    for (std::size_t h = hash_of(key, table_.size());; h = (h + 1) & mask) {
        Cell& c = table_[h];
        if (c.key == key) return c;
        if (c.key == empty_key) {
            c.key = key;
            return c;
        }
    }
}

}  // namespace fwlint
