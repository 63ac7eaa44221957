#pragma once
// First-match evaluation of one access list (a Cisco ACL: a single chain of
// permit and deny entries, the implicit deny at its end), for the
// requirement audit of a device's ACL path.
#include <vector>

#include "analyze/evaluate.hpp"

namespace fwlint {

// What evaluate_chain(policy, the list's chain, query, mode) gives: the same
// decisions (each rule's part of the query, in order) and the same sets,
// though the boxes may cut them differently. Fast on lists of 50,000 entries
// with a query that many of them split: an entry that cannot meet the
// query's bounding box is passed over without a look at the query's
// fragments, the query is compacted only when its box count has doubled,
// and the accepted and denied parts are summed without subtraction (they
// are disjoint). A policy that is not such a list is given to evaluate_chain.
Evaluation evaluate_acl(const Policy& policy, const PacketSet& query, ConditionMode mode);

// Lists met one after the other, the implicit deny (the first list's chain
// policy) after the last: an ASA interface ACL then the global ones. The
// same as evaluate_acl of one list holding all their entries in order,
// without copying them; decisions point at each list's own entries and the
// implicit deny's at the first list's chain. Every list must be of one
// family and a plain list (one chain of permit and deny entries, as every
// Cisco ACL is): std::invalid_argument otherwise.
Evaluation evaluate_acl(const std::vector<const Policy*>& acls, const PacketSet& query, ConditionMode mode);

}  // namespace fwlint
