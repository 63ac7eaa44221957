#pragma once
// Which rules of one Windows profile chain take all of a packet set, found
// through the bounds indexes FW201/FW202 use (analyze/point_index.hpp) rather
// than by trying every rule of the chain.
//
// The answer is defined by cover_by_scan, the plain method: take the
// candidates in chain order, keep each that meets what is still uncovered,
// and if nothing is left, drop (latest first) every kept one the others make
// unnecessary. CoverIndex gives the same list, exactly, with these steps:
//  1. whether the candidates cover the set at all: a packet still uncovered
//     is looked up in the point index, the rule holding it subtracted, until
//     nothing is left (covered) or no rule holds the packet (not covered,
//     the usual answer, found after one or two lookups);
//  2. the kept ones: a candidate meets what is uncovered when it comes
//     exactly when its share of the set is not inside the earlier
//     candidates, so only candidates whose bounds meet the set's (the range
//     index) are tested, each with step 1 over the earlier ones;
//  3. the drops: a kept rule is unnecessary when its share of the set is
//     inside the other kept ones (step 1 over those).
// A set that many small rules cut up costs only the lookups its packets need,
// not a subtraction of every rule that meets it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analyze/point_index.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// The reference method (linear in the candidates, with set operations for
// each): kept for the tests that hold CoverIndex to it.
std::vector<const Rule*> cover_by_scan(const PacketSet& subject, const std::vector<const Rule*>& candidates);

class CoverIndex {
public:
    // Chain index -> whether that member may cover in this query.
    using Eligible = std::function<bool(std::size_t)>;

    // `members`: indices into chain.rules, ascending, of the rules that may
    // cover (each query narrows them with its own test). The chain must
    // outlive the index.
    CoverIndex(const Chain& chain, const std::vector<std::size_t>& members);

    // cover_by_scan(subject, every member m with eligible(m), in chain order).
    std::vector<const Rule*> cover(const PacketSet& subject, const Eligible& eligible) const;

private:
    struct FamilyIndex {
        PointIndex points;
        RangeIndex ranges;
        explicit FamilyIndex(const std::vector<PointIndex::Entry>& entries) : points(entries), ranges(entries) {}
    };
    using Point = std::array<u128, dim_count>;

    // Whether `rest` lies inside the members below `to` that pass `accept`.
    bool inside(PacketSet rest, std::size_t to, const Eligible& accept) const;
    std::size_t holder(Family f, const Point& p, std::size_t to, const Eligible& accept) const;

    const Chain* chain_;
    std::array<std::optional<FamilyIndex>, 2> families_;  // IPv4, IPv6
};

}  // namespace fwlint
