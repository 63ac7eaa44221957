#pragma once
// The evaluation the exposure lints (FW203-FW207) and `diff` need: a policy
// walked from one built-in chain (an iptables chain, a Cisco ACL, a Windows
// profile) over a region of its family's packets (all of them, or the part a
// caller asks about), in both condition modes. The region is cut into boxes
// (leaves) that each meet only a few rules: a box is split in two along the
// dimension and value that best separate the rules' bounds until it meets at
// most `leaf_rules` rules of distinct bounds that do not cover it whole (or
// no cut helps). Each leaf is walked exactly as evaluate_chain walks, but
// only over the rules whose boxes meet the leaf, so the remainder a walk
// carries stays small and a chain of n rules costs about n log n rather than
// the square of the rules per protocol and port block.
//
// What keeps it linear on large chains: a rule that covers a box whole and
// takes every packet of it in a condition mode (an unconditional DROP or
// ACCEPT, the first `-m mark` DROP of a chain for the strict mode) ends that
// chain's walk inside the box in that mode, so the chain's later rules are
// dropped from the box and all boxes inside it; rules that take nothing in
// the modes still open (a conditional DROP once the lenient walk is all that
// is left) are dropped too, and so are the rules of user chains that no jump
// still in the box leads to.
//
// Exact: the leaves partition the region, and each leaf's walk is the same
// walk (first match with jump, goto, RETURN, loops, the depth limit; Windows
// precedence by action class) over the rules that can take any of its
// packets in some mode.
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

struct SpaceEvaluation {
    // The ConditionMode::lenient walk's decisions, leaf by leaf; within a
    // leaf in evaluation order. Pairwise disjoint, together the region. On
    // a Windows profile, packets both walks accept are the strict walk's
    // (an unconditional allow's, not a conditional one's); where the strict
    // walk's allow is limited to a program, the lenient walk's conditional
    // allow keeps them too (those two decisions overlap).
    std::vector<Decision> decisions;
    // What the lenient walk accepts and the strict one does not: accepted
    // only if some unmodelled condition holds.
    PacketSet unsure;
    // First-match policies: the rules (nullptr: the built-in chain's policy;
    // sorted, each once) that accept in the strict walk packets the lenient
    // walk accepts by another rule: an earlier conditional ACCEPT takes
    // them if its condition holds, and this rule surely does when it does
    // not. For them, `strict` holds the strict walk's accept decisions,
    // within what the lenient walk accepts, where the two walks may differ
    // (the leaves a conditional rule met); those leaves' lenient decisions
    // are `decisions[strict_leaves[k].first, .second)`, and elsewhere the
    // strict walk decides as the lenient one.
    std::vector<const Rule*> diverging;
    std::vector<Decision> strict;
    std::vector<std::pair<std::size_t, std::size_t>> strict_leaves;
    // For tests and benchmarks: leaves walked, and the most rules of
    // distinct bounds that did not cover their leaf (what a walk may cut
    // the query by) in one leaf.
    std::size_t leaves = 0;
    std::size_t densest_leaf = 0;
    std::size_t work = 0;  // rules looked at in cuts, plus boxes of the query at each rule a walk applied
    // The rules that meet the region (after those no packet of it reaches
    // are set aside: rules after one that takes all of it, chains no jump in
    // it leads to). Over the limit, nothing is evaluated: `complete` is
    // false and the other fields are empty.
    std::size_t region_rules = 0;
    bool complete = true;
};

// The safety net: a region that more rules than this meet is not evaluated
// (SpaceEvaluation::complete). The leaf walk's cost grows faster than the
// rules when they overlap everywhere (object-groups of scattered hosts with
// ranges on to 65535 in every entry: 48,000 such ACL entries take about 10 s
// of CPU), and no chain of the corpus comes near it (6,149 rules is the
// most; about 0.3 s).
inline constexpr std::size_t max_space_rules = 10000;

// A built-in chain read once (its rules and those of the user chains it
// reaches, in walk order, with their bounds) for evaluations of several
// regions: a region costs about the rules that meet it, not the chain.
class ChainSpace {
public:
    // `builtin` must be a chain of `policy`, which must outlive this. `visit`
    // (optional) is called for every rule of the reachable chains, in chain
    // order, while the rule is read anyway.
    ChainSpace(const Policy& policy, const Chain& builtin,
               const std::function<void(const Chain&, const Rule&)>& visit = {});
    ~ChainSpace();
    ChainSpace(const ChainSpace&) = delete;
    ChainSpace& operator=(const ChainSpace&) = delete;

    // `region`: packets of the policy's family; its boxes, as a PacketSet
    // keeps them, are pairwise disjoint.
    SpaceEvaluation evaluate(const PacketSet& region, std::size_t leaf_rules = 24,
                             std::size_t max_rules = max_space_rules) const;
    // The chains reachable from the built-in one, it first.
    const std::vector<const Chain*>& chains() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The whole family space. `builtin` must be a chain of `policy`.
SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, std::size_t leaf_rules = 24);

// Only `region` (packets of the policy's family; its boxes, as a PacketSet
// keeps them, are pairwise disjoint).
SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, const PacketSet& region,
                               std::size_t leaf_rules = 24);

}  // namespace fwlint
