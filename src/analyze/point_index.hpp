#pragma once
// A static index of rules' bounding boxes for point queries: "the lowest rule
// index in [from, to) whose box holds this point and that passes a test".
// The shadowing and redundancy lints ask it instead of scanning every earlier
// (or later) rule, so a chain of n rules costs about n queries of a few cells
// each rather than n^2 / 64 key comparisons.
//
// Boxes are kept in three 32-bit keys (destination port, destination and
// source address; IPv6 addresses by their top 32 bits, which keeps order).
// Each key dimension has grids of cells 1, 16, 256, ... values wide. A rule is
// filed under one dimension, in the one or two cells of the finest grid whose
// cells are at least as wide as its range there; of the three dimensions, the
// one whose cells are least crowded, so 10,000 rules for port 443 are filed
// by address and 10,000 rules for one host by port. A point query looks, for
// each grid in use, in the one cell that holds the point. The index only
// narrows the search: every rule whose box holds the point is found, and the
// caller's test decides exactly.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace fwlint {

inline constexpr std::size_t point_key_count = 3;
using PointKeys = std::array<std::uint32_t, point_key_count>;

class PointIndex {
public:
    struct Entry {
        std::uint32_t rule;  // ascending over the entries given to the constructor
        PointKeys lo, hi;    // lo <= hi in every key
    };
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

    PointIndex() = default;
    explicit PointIndex(const std::vector<Entry>& entries);

    // The lowest rule in [from, to) whose keys hold `point` and for which
    // accept(rule) is true; `none` when there is none.
    template <class Accept>
    std::size_t first(const PointKeys& point, std::size_t from, std::size_t to, Accept&& accept) const {
        std::size_t best = to;
        for (std::size_t d = 0; d < point_key_count; ++d)
            for (unsigned level = 0; level < level_count; ++level) {
                if (!(levels_used_[d] & (1u << level))) continue;
                const Cell* cell = find(cell_key(d, level, point[d]));
                if (!cell) continue;
                const Entry* it = items_.data() + cell->begin;
                const Entry* end = items_.data() + cell->end;
                if (from > 0) it = lower_bound(it, end, from);
                for (; it != end && it->rule < best; ++it) {
                    if (!holds(*it, point)) continue;
                    if (accept(std::size_t(it->rule))) {
                        best = it->rule;
                        break;
                    }
                }
            }
        return best == to ? none : best;
    }

private:
    static constexpr unsigned level_bits = 4;                  // cells grow 16-fold per level
    static constexpr unsigned level_count = 32 / level_bits + 1;  // 1 ... 2^32 values

    struct Cell {
        std::uint64_t key = empty_key;
        std::uint32_t begin = 0, end = 0;
    };
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};

    static std::uint64_t cell_key(std::size_t d, unsigned level, std::uint32_t value) {
        std::uint64_t cell = std::uint64_t(value) >> (level * level_bits);
        return cell | (std::uint64_t(level) << 33) | (std::uint64_t(d) << 40);
    }
    static bool holds(const Entry& e, const PointKeys& p) {
        return e.lo[0] <= p[0] && p[0] <= e.hi[0] && e.lo[1] <= p[1] && p[1] <= e.hi[1] && e.lo[2] <= p[2] &&
               p[2] <= e.hi[2];
    }
    static const Entry* lower_bound(const Entry* it, const Entry* end, std::size_t rule);
    const Cell* find(std::uint64_t key) const;
    Cell& slot(std::uint64_t key);

    void grow();

    std::vector<Cell> table_;    // open addressing, a power of two in size, at most half full
    std::size_t cells_ = 0;
    std::vector<Entry> items_;   // grouped by cell, ascending rule within a cell
    std::array<std::uint32_t, point_key_count> levels_used_{};  // bit per level with any cell
};

// The same boxes for range queries: "every entry whose box meets this box,
// from rule `from` on, in rule order". Each dimension keeps the entries in
// classes by width (at most 1, 16, 256, ... values), each class sorted by
// its low end, so the entries meeting [lo, hi] in one dimension are one run
// of each class; a query takes the dimension where those runs are shortest.
// With `block_rules` > 0 the entries are kept in blocks of that many
// consecutive rules, each with its own classes, so walk() can answer a block
// at a time and a walk that stops early never collects (and sorts) the
// thousands of later rules of a dense list that meet the box.
class RangeIndex {
public:
    explicit RangeIndex(const std::vector<PointIndex::Entry>& entries, std::size_t block_rules = 0);

    // Rules (ascending, each once) of the entries meeting the box, rule >= from.
    void meeting(const PointKeys& lo, const PointKeys& hi, std::size_t from, std::vector<std::uint32_t>& out) const;

    // The same rules, ascending, each once, given to visit(rule) until it
    // returns false. `scratch` is reused between calls. The dimension whose
    // runs are shortest is chosen once, in the first block, and kept for the
    // later blocks (of the same list, alike): choosing it costs two binary
    // searches per class, which per block cost more than the runs.
    template <class Visit>
    void walk(const PointKeys& lo, const PointKeys& hi, std::size_t from, std::vector<std::uint32_t>& scratch,
              Visit&& visit) const {
        std::size_t b = block_rules_ ? from / block_rules_ : 0;
        if (b >= blocks_.size()) return;
        const std::size_t dim = shortest_dim(blocks_[b], lo, hi);
        for (; b < blocks_.size(); ++b) {
            scratch.clear();
            collect(blocks_[b], lo, hi, from, scratch, dim);
            for (std::uint32_t rule : scratch)
                if (!visit(std::size_t(rule))) return;
        }
    }

private:
    static constexpr unsigned level_bits = 4;
    static constexpr unsigned level_count = 32 / level_bits + 1;
    struct Item {
        std::uint32_t lo;     // low end in this dimension
        std::uint32_t entry;  // into entries_
    };
    using Classes = std::array<std::array<std::vector<Item>, level_count>, point_key_count>;
    // The dimension in which the fewest entries of `classes` meet the box
    // there (the shortest runs to scan).
    static std::size_t shortest_dim(const Classes& classes, const PointKeys& lo, const PointKeys& hi);
    // Appends the rules (ascending, each once) of `classes` meeting the box,
    // found by scanning dimension `dim`'s runs.
    void collect(const Classes& classes, const PointKeys& lo, const PointKeys& hi, std::size_t from,
                 std::vector<std::uint32_t>& out, std::size_t dim) const;

    std::vector<PointIndex::Entry> entries_;
    std::size_t block_rules_ = 0;
    std::vector<Classes> blocks_;  // blocks_[b]: rules [b * block_rules_, (b + 1) * block_rules_)
};

}  // namespace fwlint
