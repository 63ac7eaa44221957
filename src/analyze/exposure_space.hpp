#pragma once
// The evaluation the exposure lints (FW203-FW207) need: a first-match
// policy walked from one built-in chain over every packet of its family, in
// both condition modes. The space is cut into boxes (leaves) that each meet
// only a few rules: a box is split in two along the dimension and value that
// best separate the rules' bounds until it meets at most `leaf_rules` rules
// (or no cut helps). Each leaf is walked exactly as evaluate_chain walks,
// but only over the rules whose boxes meet the leaf (a rule that meets no
// packet of the leaf takes none and changes nothing there), so the remainder
// a walk carries stays small and a chain of n rules costs about n log n
// rather than the square of the rules per protocol and port block.
//
// Exact: the leaves partition the space, and each leaf's walk is the same
// first-match walk (jump, goto, RETURN, loops, depth limit, condition modes)
// over the rules that can take any of its packets.
#include <cstddef>
#include <vector>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

struct SpaceEvaluation {
    // The ConditionMode::lenient walk's decisions, leaf by leaf; within a
    // leaf in evaluation order. Pairwise disjoint, together the family space.
    std::vector<Decision> decisions;
    // What the lenient walk accepts and the strict one does not: accepted
    // only if some unmodelled condition holds.
    PacketSet unsure;
    // A leaf that could not be cut met more than the limit of rules: the
    // evaluation was stopped and the other fields are incomplete.
    bool too_dense = false;
    std::size_t densest_leaf = 0;  // the most rules one leaf met
};

// `builtin` must be a chain of `policy` (a first-match policy). A leaf that
// cannot be cut and meets more than `max_leaf_rules` rules stops the
// evaluation (too_dense).
SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, std::size_t max_leaf_rules,
                               std::size_t leaf_rules = 24);

}  // namespace fwlint
