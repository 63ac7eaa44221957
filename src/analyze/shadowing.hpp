#pragma once
// Shadowed and redundant rules of one first-match chain, computed exactly
// with the packet-space algebra (PacketSet subtract/intersects), never with a
// second matcher. A cheap per-dimension bounding-box test only skips rules
// that cannot intersect; every verdict is an exact set operation.
//
// Both analyses reason about NEW flows, as Rule::match does. Two things the
// IR folds away are handled conservatively so no finding is wrong:
//  - unmodelled conditions: an earlier rule with a condition may not match,
//    so it never shadows; a later conditional rule with another verdict
//    makes a rule not redundant;
//  - connection-state matches (--ctstate/--state): a rule restricted to some
//    states only covers a rule restricted to the same states or fewer (a rule
//    without a state match also sees ESTABLISHED packets).
#include <cstddef>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

struct ShadowedRule {
    std::size_t rule = 0;               // index in chain.rules
    std::vector<std::size_t> covering;  // minimal set of earlier rules that take all its packets, ascending
    bool same_action = false;           // every covering rule has the dead rule's verdict class
};

// Rules of `chain` that can never match because earlier terminating rules
// (accept, drop, reject, RETURN, goto, unmodelled terminating targets; not
// LOG, not jumps) without conditions take all of their packets.
// Rules with new_flows == false or an empty match are not reported.
std::vector<ShadowedRule> find_shadowed(const Chain& chain, Family family);

struct RedundantRule {
    std::size_t rule = 0;
    std::vector<std::size_t> deciders;  // later rules that give the same verdict, ascending
    bool policy_decides = false;        // the built-in chain's policy decides part of it
};

// Accept/drop/reject rules of `chain` whose removal changes nothing: every
// packet they take would get the same verdict from the later rules and the
// chain's end (the policy of a built-in chain; RETURN for a user chain).
// Rules listed in `shadowed` are skipped (FW201 reports them). Jumps and gotos
// into other chains among the later rules are not followed: one that meets the
// rule's packets makes it not redundant.
std::vector<RedundantRule> find_redundant(const Chain& chain, Family family,
                                          const std::vector<ShadowedRule>& shadowed);

// Both analyses of one chain, sharing the per-rule bounds and index entries
// (what `check` runs: find_redundant needs find_shadowed's answer anyway).
struct ShadowingReport {
    std::vector<ShadowedRule> shadowed;
    std::vector<RedundantRule> redundant;
};
ShadowingReport find_shadowing(const Chain& chain, Family family);

}  // namespace fwlint
