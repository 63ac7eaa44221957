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
    // Pass 1: how crowded each dimension's natural cells are. Every entry
    // makes a cell or two in each of three dimensions, mostly its own: the
    // table starts about as large as it grew to (several grows per index on
    // 10,000-rule chains); the counts, and so the index, are the same.
    table_.assign(capacity_for(entries.size() * 2), Cell{});
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
    table_.assign(capacity_for(entries.size() / 4), Cell{});
    cells_ = 0;
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

void PointIndex::grow() {
    std::vector<Cell> old(table_.size() * 2, Cell{});
    old.swap(table_);
    std::size_t mask = table_.size() - 1;
    for (const Cell& c : old) {
        if (c.key == empty_key) continue;
        std::size_t h = hash_of(c.key, table_.size());
        while (table_[h].key != empty_key) h = (h + 1) & mask;
        table_[h] = c;
    }
}

PointIndex::Cell& PointIndex::slot(std::uint64_t key) {
    if ((cells_ + 1) * 2 > table_.size()) grow();
    std::size_t mask = table_.size() - 1;
    for (std::size_t h = hash_of(key, table_.size());; h = (h + 1) & mask) {
        Cell& c = table_[h];
        if (c.key == key) return c;
        if (c.key == empty_key) {
            c.key = key;
            ++cells_;
            return c;
        }
    }
}

RangeIndex::RangeIndex(const std::vector<PointIndex::Entry>& entries, std::size_t block_rules)
    : entries_(entries), block_rules_(block_rules) {
    std::size_t blocks = 1;
    if (block_rules_) {
        std::uint32_t top = 0;
        for (const auto& e : entries_) top = std::max(top, e.rule);
        blocks = entries_.empty() ? 0 : top / block_rules_ + 1;
    }
    blocks_.resize(blocks);
    for (std::size_t e = 0; e < entries_.size(); ++e) {
        Classes& classes = blocks_[block_rules_ ? entries_[e].rule / block_rules_ : 0];
        for (std::size_t d = 0; d < point_key_count; ++d) {
            Place p = place_of(entries_[e].lo[d], entries_[e].hi[d], level_bits, level_count);
            classes[d][p.level].push_back(Item{p.lo, std::uint32_t(e)});
        }
    }
    for (auto& classes : blocks_)
        for (auto& dim : classes)
            for (auto& items : dim)
                std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.lo < b.lo; });
}

void RangeIndex::meeting(const PointKeys& lo, const PointKeys& hi, std::size_t from,
                         std::vector<std::uint32_t>& out) const {
    out.clear();
    for (const Classes& classes : blocks_)  // blocks hold ascending rules
        collect(classes, lo, hi, from, out, shortest_dim(classes, lo, hi));
}

namespace {

// An item of class `level` is at most 16^level values wide: one that meets
// [lo, hi] starts at or after lo - 16^level + 1 (and at or before hi).
std::uint64_t run_start(std::uint32_t lo, unsigned level, unsigned level_bits) {
    std::uint64_t width = std::uint64_t{1} << (level * level_bits);
    return lo + std::uint64_t{1} > width ? lo + std::uint64_t{1} - width : 0;
}

}  // namespace

std::size_t RangeIndex::shortest_dim(const Classes& classes, const PointKeys& lo, const PointKeys& hi) {
    auto by_lo = [](const Item& i, std::uint64_t v) { return i.lo < v; };
    std::size_t best = 0, best_count = ~std::size_t{0};
    for (std::size_t d = 0; d < point_key_count; ++d) {
        std::size_t count = 0;
        for (unsigned level = 0; level < level_count; ++level) {
            const auto& items = classes[d][level];
            if (items.empty()) continue;
            const Item* end = items.data() + items.size();
            const Item* a = std::lower_bound(items.data(), end, run_start(lo[d], level, level_bits), by_lo);
            const Item* b = std::lower_bound(a, end, std::uint64_t(hi[d]) + 1, by_lo);
            count += std::size_t(b - a);
        }
        if (count < best_count) best = d, best_count = count;
    }
    return best;
}

void RangeIndex::collect(const Classes& classes, const PointKeys& lo, const PointKeys& hi, std::size_t from,
                         std::vector<std::uint32_t>& out, std::size_t dim) const {
    const std::size_t first_new = out.size();
    auto by_lo = [](const Item& i, std::uint64_t v) { return i.lo < v; };
    for (unsigned level = 0; level < level_count; ++level) {
        const auto& items = classes[dim][level];
        if (items.empty()) continue;
        const Item* end = items.data() + items.size();
        const Item* it = std::lower_bound(items.data(), end, run_start(lo[dim], level, level_bits), by_lo);
        for (; it != end && it->lo <= hi[dim]; ++it) {
            const PointIndex::Entry& e = entries_[it->entry];
            if (e.rule < from) continue;
            bool meets = true;
            for (std::size_t d = 0; d < point_key_count; ++d) meets = meets && e.lo[d] <= hi[d] && lo[d] <= e.hi[d];
            if (meets) out.push_back(e.rule);
        }
    }
    std::sort(out.begin() + std::ptrdiff_t(first_new), out.end());
    out.erase(std::unique(out.begin() + std::ptrdiff_t(first_new), out.end()), out.end());
}

}  // namespace fwlint
