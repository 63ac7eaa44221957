#pragma once
// The evaluation `diff` needs: two policies walked over the same part of the
// packet space, each in both ConditionModes, on the same cells, so that the
// two sides are compared cell by cell (never one large set against another).
//
// The region is cut into boxes (cells) that each meet only a few rules of
// either side: a box is split in two along the dimension and value that best
// separate the rules' bounds, until it meets at most `cell_rules` rule shapes
// that do not cover it whole. In a cell each side is walked exactly as
// evaluate_chain_decisions walks it (first match with jump, goto, RETURN,
// loops and the depth limit; Windows precedence by action class), but only
// over its rules that meet the cell, clipped to it: a chain of n rules costs
// about n log n instead of n times the pieces of the space.
//
// What keeps it linear on large chains: in a cell, a rule that covers the
// cell whole and ends its chain's walk there (an unconditional ACCEPT or
// DROP; a conditional DROP for the strict walk) drops the chain's later rules
// in the modes it ends; rules that take nothing in the modes still open drop
// out; user chains that no jump in the cell reaches drop out.
#include <cstddef>
#include <functional>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// One cell's four walks. Each Evaluation's decisions are pairwise disjoint
// and together the cell's share of the region; `accepted`, `denied` and
// `unknown` are filled; `jumps` as evaluate_chain records them.
struct CellWalks {
    Evaluation old_strict, old_lenient, new_strict, new_lenient;
};

struct CellStats {
    std::size_t cells = 0;
    std::size_t densest = 0;  // most rule shapes that do not cover their cell, in one cell
    std::size_t steps = 0;        // rules that took part of a walk's query
    std::size_t query_boxes = 0;  // boxes of the query at those rules
};

// Walks chain `old_chain` of `old_policy` and `new_chain` of `new_policy`
// (both built-in chains, or profiles, of policies of one family and one
// evaluation order) over `region` (packets of that family; its boxes, as a
// PacketSet keeps them, pairwise disjoint), calling `each` once per cell.
CellStats walk_cells(const Policy& old_policy, const Chain& old_chain, const Policy& new_policy,
                     const Chain& new_chain, const PacketSet& region,
                     const std::function<void(const CellWalks&)>& each, std::size_t cell_rules = 24);

}  // namespace fwlint
