#pragma once
// Where two first-match chains can decide differently at all, so that `diff`
// evaluates only that part of the packet space instead of all of it (the
// whole space through a 2,000-entry ACL is millions of boxes; a few changed
// entries are a few).
#include <optional>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// A set holding every packet that chain `old_chain` of `old_policy` and
// `new_chain` of `new_policy` may decide differently in either
// ConditionMode: the matches of the entries outside a longest common
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
// std::nullopt when that argument does not hold or does not pay: not both
// first-match policies of one family, different chain policies, or more
// than a few hundred differing entries in all (the whole space is then no
// dearer).
std::optional<PacketSet> differing_space(const Policy& old_policy, std::string_view old_chain,
                                         const Policy& new_policy, std::string_view new_chain);

}  // namespace fwlint
