#pragma once
// Where two chains (first-match, or Windows profiles) can decide differently at all, so that `diff`
// evaluates only that part of the packet space instead of all of it (the
// whole space through a 2,000-entry ACL is millions of boxes; a few changed
// entries are a few).
#include <optional>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// A set holding every packet that chain `old_chain` of `old_policy` and
// `new_chain` of `new_policy` may decide differently in either
// ConditionMode: the matches of the entries outside a common
// subsequence of the two entry lists (an entry is compared by what decides:
// its match box for box, action, whether it has unmodelled or loopback-only
// conditions; entries that never decide, disabled or not terminating, are
// left out of both lists first).
//
// Why that is exact: a packet no such entry matches is matched, on both
// sides, only by common entries, which come in the same order, so the first
// of them that takes it is the same entry (or none: the chains' policies,
// which must be equal) and so is its verdict. Every decision, accepted set
// and line `diff` reports lies inside the set, restricted to it.
//
// Jumps and gotos are entries too, compared by target name as well; the
// user chains the two chains reach (on either side) are compared the same
// way, paired by name (a chain one side lacks is read as empty, which is
// what a jump to a missing chain does), and their differing entries count:
// a packet none of them matches takes the same entries, jumps and returns
// on both sides, so it ends at the same entry or chain policy.
//
// The alignment need not be longest for this: any common subsequence will
// do. It anchors on entries found once on each side, in the same order, and
// searches the stretches between anchors (Myers); a stretch that differs in
// more than a few hundred entries is taken as differing whole.
//
// Different end policies: the packets that can reach either policy are
// added (reaching_end: those no unconditional terminal rule of the built-in
// chain itself takes).
//
// Windows profiles (no rule order; bypass > block > allow > default): the
// matches of the rules one side has and the other lacks (a rule compared by
// its match, its class and the modes it takes part in): a packet none of
// them matches is matched by the same kinds of rules on both sides.
//
// std::nullopt when the argument does not hold or does not pay: policies of
// different families or orders, a chain or user chain missing where it must
// be paired, end policies that differ where the packets reaching them are
// not bounded cheaply (a goto or RETURN in the built-in chain, a rest of
// more than 256 boxes), or most entries differing (the whole space is then
// walked, in cells).
std::optional<PacketSet> differing_space(const Policy& old_policy, std::string_view old_chain,
                                         const Policy& new_policy, std::string_view new_chain);

}  // namespace fwlint
