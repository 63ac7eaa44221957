// IntervalSet against a brute-force model: a 64-bit mask over the universe
// 0..63, plus edge cases at both ends of the u128 range.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "ir/interval_set.hpp"

using fwlint::Interval;
using fwlint::IntervalSet;
using fwlint::u128;

namespace {

constexpr u128 top = ~u128{0};
constexpr unsigned universe = 64;  // values 0..63

using Mask = std::uint64_t;

Mask bit(unsigned v) { return Mask{1} << v; }

Mask range_mask(unsigned lo, unsigned hi) {
    Mask m = 0;
    for (unsigned v = lo; v <= hi; ++v) m |= bit(v);
    return m;
}

// Sorted, non-empty, disjoint and non-adjacent intervals.
bool well_formed(const IntervalSet& s) {
    const auto& p = s.intervals();
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i].lo > p[i].hi) return false;
        if (i > 0 && (p[i - 1].hi == top || p[i].lo <= p[i - 1].hi + 1)) return false;
    }
    return true;
}

Mask to_mask(const IntervalSet& s) {
    Mask m = 0;
    for (const auto& iv : s.intervals()) {
        REQUIRE(iv.hi < universe);
        m |= range_mask(unsigned(iv.lo), unsigned(iv.hi));
    }
    return m;
}

struct Sample {
    IntervalSet set;
    Mask model = 0;
};

// A random set built from a few random ranges, half the time through add()
// and half the time through unite(), so both constructors get exercised.
Sample random_set(std::mt19937_64& rng) {
    Sample s;
    std::uniform_int_distribution<unsigned> count(0, 6);
    std::uniform_int_distribution<unsigned> value(0, universe - 1);
    std::uniform_int_distribution<unsigned> width(0, 12);
    bool use_add = rng() & 1;
    unsigned n = count(rng);
    for (unsigned i = 0; i < n; ++i) {
        unsigned lo = value(rng);
        unsigned hi = std::min(universe - 1, lo + width(rng));
        if (use_add)
            s.set.add(lo, hi);
        else
            s.set = s.set.unite(IntervalSet::range(lo, hi));
        s.model |= range_mask(lo, hi);
    }
    return s;
}

unsigned popcount(Mask m) {
    unsigned n = 0;
    for (; m; m &= m - 1) ++n;
    return n;
}

}  // namespace

TEST_CASE("IntervalSet matches a bitmask model on 0..63", "[interval_set]") {
    std::mt19937_64 rng(0x5eed1234);
    constexpr int cases = 5000;
    for (int c = 0; c < cases; ++c) {
        Sample a = random_set(rng);
        Sample b = random_set(rng);
        INFO("case " << c);
        REQUIRE(well_formed(a.set));
        REQUIRE(to_mask(a.set) == a.model);

        IntervalSet u = a.set.unite(b.set);
        IntervalSet i = a.set.intersect(b.set);
        IntervalSet d = a.set.subtract(b.set);
        IntervalSet comp = a.set.complement(universe - 1);
        unsigned small_max = unsigned(rng() % universe);
        IntervalSet comp_small = a.set.complement(small_max);
        for (const IntervalSet* s : {&u, &i, &d, &comp, &comp_small}) REQUIRE(well_formed(*s));

        CHECK(to_mask(u) == (a.model | b.model));
        CHECK(to_mask(i) == (a.model & b.model));
        CHECK(to_mask(d) == (a.model & ~b.model));
        CHECK(to_mask(comp) == ~a.model);
        CHECK(to_mask(comp_small) == (~a.model & range_mask(0, small_max)));
        CHECK(a.set.intersects(b.set) == ((a.model & b.model) != 0));
        CHECK(a.set.is_subset_of(b.set) == ((a.model & ~b.model) == 0));
        CHECK((a.set == b.set) == (a.model == b.model));
        CHECK(a.set.size() == popcount(a.model));
        CHECK(a.set.empty() == (a.model == 0));
        if (a.model != 0) {
            CHECK(a.set.min() == u128(__builtin_ctzll(a.model)));
            CHECK(a.set.max() == u128(63 - __builtin_clzll(a.model)));
        }
        for (unsigned v = 0; v < universe + 4; ++v)
            CHECK(a.set.contains(v) == (v < universe && (a.model & bit(v)) != 0));

        // Canonical representation: equal sets have identical interval lists,
        // however they were built.
        IntervalSet rebuilt;
        for (unsigned v = universe; v-- > 0;)
            if (a.model & bit(v)) rebuilt.add(v, v);
        CHECK(rebuilt.intervals() == a.set.intervals());
        // Copies share a long list until one of them changes: changing a
        // copy leaves the original (and the other copies) as they were.
        IntervalSet copy = a.set, assigned, moved_from = a.set;
        assigned = copy;
        unsigned v = unsigned(rng() % universe);
        copy.add(v, v);
        assigned.add(0, v);
        IntervalSet moved = std::move(moved_from);
        moved.add(v, universe - 1);
        CHECK(to_mask(a.set) == a.model);
        CHECK(to_mask(copy) == (a.model | bit(v)));
        CHECK(to_mask(assigned) == (a.model | range_mask(0, v)));
        CHECK(to_mask(moved) == (a.model | range_mask(v, universe - 1)));
        REQUIRE(well_formed(copy));
        // Algebraic identities.
        CHECK(u.subtract(b.set) == d);
        CHECK(d.unite(i) == a.set);
        CHECK(comp.complement(universe - 1) == a.set);
    }
}

TEST_CASE("IntervalSet add merges overlapping and adjacent ranges", "[interval_set]") {
    std::mt19937_64 rng(42);
    for (int c = 0; c < 2000; ++c) {
        IntervalSet s;
        Mask model = 0;
        unsigned n = unsigned(rng() % 10);
        for (unsigned k = 0; k < n; ++k) {
            unsigned lo = unsigned(rng() % universe), hi = unsigned(rng() % universe);
            s.add(lo, hi);  // reversed ranges are ignored
            if (lo <= hi) model |= range_mask(lo, hi);
            REQUIRE(well_formed(s));
            REQUIRE(to_mask(s) == model);
        }
    }
    IntervalSet s;
    s.add(1, 2);
    s.add(4, 5);
    s.add(3, 3);  // bridges two neighbours
    CHECK(s.intervals() == std::vector<Interval>{{1, 5}});
    s.add(7, 9);
    s.add(0, 0);
    CHECK(s.intervals() == std::vector<Interval>{{0, 5}, {7, 9}});
    CHECK(IntervalSet::range(5, 4).empty());
}

TEST_CASE("IntervalSet handles 0 and the top of the u128 range", "[interval_set]") {
    SECTION("add at the top does not overflow") {
        IntervalSet s;
        s.add(top, top);
        CHECK(s.intervals() == std::vector<Interval>{{top, top}});
        s.add(top - 1, top - 1);  // adjacent below the top
        CHECK(s.intervals() == std::vector<Interval>{{top - 1, top}});
        s.add(0, 0);
        CHECK(s.intervals() == std::vector<Interval>{{0, 0}, {top - 1, top}});
        s.add(5, top - 10);
        CHECK(s.intervals() == std::vector<Interval>{{0, 0}, {5, top - 10}, {top - 1, top}});
        s.add(1, top);
        CHECK(s.intervals() == std::vector<Interval>{{0, top}});
        s.add(top, top);
        s.add(0, 0);
        CHECK(s.intervals() == std::vector<Interval>{{0, top}});
        CHECK(s.contains(0));
        CHECK(s.contains(top));
    }
    SECTION("add a range ending at the top into a set that has one") {
        IntervalSet s = IntervalSet::range(top - 3, top);
        s.add(top - 100, top);
        CHECK(s.intervals() == std::vector<Interval>{{top - 100, top}});
        s.add(10, 20);
        CHECK(s.intervals() == std::vector<Interval>{{10, 20}, {top - 100, top}});
    }
    SECTION("unite at the top") {
        IntervalSet a = IntervalSet::range(top - 5, top);
        IntervalSet b = IntervalSet::single(top - 6);
        CHECK(a.unite(b).intervals() == std::vector<Interval>{{top - 6, top}});
        CHECK(b.unite(a).intervals() == std::vector<Interval>{{top - 6, top}});
        IntervalSet full = IntervalSet::range(0, top);
        CHECK(full.unite(a) == full);
        CHECK(a.unite(full) == full);
        CHECK(full.unite(IntervalSet::single(0)) == full);
        // A set ending at the top followed by nothing: the merge test must not
        // compute top + 1.
        IntervalSet c = IntervalSet::range(0, top).unite(IntervalSet::range(top, top));
        CHECK(c == full);
        IntervalSet lowhigh = IntervalSet::single(0).unite(IntervalSet::single(top));
        CHECK(lowhigh.intervals() == std::vector<Interval>{{0, 0}, {top, top}});
    }
    SECTION("complement at both ends") {
        IntervalSet empty;
        CHECK(empty.complement(top) == IntervalSet::range(0, top));
        CHECK(IntervalSet::range(0, top).complement(top).empty());
        CHECK(IntervalSet::single(0).complement(top) == IntervalSet::range(1, top));
        CHECK(IntervalSet::single(top).complement(top) == IntervalSet::range(0, top - 1));
        IntervalSet ends = IntervalSet::single(0).unite(IntervalSet::single(top));
        CHECK(ends.complement(top) == IntervalSet::range(1, top - 1));
        CHECK(IntervalSet::range(1, top - 1).complement(top) == ends);
        CHECK(IntervalSet::single(0).complement(0).empty());
        CHECK(empty.complement(0) == IntervalSet::single(0));
    }
    SECTION("subtract and intersect at the top") {
        IntervalSet full = IntervalSet::range(0, top);
        CHECK(full.subtract(IntervalSet::range(top - 1, top)) == IntervalSet::range(0, top - 2));
        CHECK(full.subtract(IntervalSet::range(0, 1)) == IntervalSet::range(2, top));
        CHECK(full.intersect(IntervalSet::single(top)) == IntervalSet::single(top));
        CHECK(full.intersects(IntervalSet::single(top)));
        CHECK_FALSE(IntervalSet::range(0, top - 1).intersects(IntervalSet::single(top)));
    }
    SECTION("size of large sets") {
        CHECK(IntervalSet::range(0, top - 1).size() == top);
        CHECK(IntervalSet::range(1, top).size() == top);
        CHECK(IntervalSet::range(0, 0xffffffffu).size() == (u128{1} << 32));
        // The full u128 space has 2^128 values; size() saturates.
        CHECK(IntervalSet::range(0, top).size() == top);
        IntervalSet two = IntervalSet::range(0, top - 2).unite(IntervalSet::single(top));
        CHECK(two.size() == top);
    }
}

TEST_CASE("IntervalSet::intersects of one interval against many (a binary search) matches the model", "[interval_set]") {
    std::mt19937_64 rng(0x1a7e5);
    for (int c = 0; c < 5000; ++c) {
        Sample many = random_set(rng);
        unsigned lo = unsigned(rng() % universe), hi = lo + unsigned(rng() % (universe - lo));
        IntervalSet one = IntervalSet::range(lo, hi);
        INFO("case " << c << " [" << lo << ", " << hi << "]");
        const bool expected = (many.model & range_mask(lo, hi)) != 0;
        CHECK(one.intersects(many.set) == expected);
        CHECK(many.set.intersects(one) == expected);
    }
}
