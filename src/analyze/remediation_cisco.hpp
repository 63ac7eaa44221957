#pragma once
// Fix lines in a Cisco device's own syntax (IOS/IOS-XE, ASA, NX-OS), for a
// Policy read from a Cisco configuration (Policy::syntax says which): ACEs
// for a set of packets, placed by sequence number (IOS, NX-OS) or `line N`
// (ASA) before the entry they must precede, and the removal of an entry.
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

// The ACE bodies ("permit tcp host 10.0.1.10 10.0.0.8 0.0.0.7 eq 445") for
// `packets` of the policy's family; at most `max_lines`, then a comment line
// saying how many more. `total`, when given, is set to the number of entries,
// the ones left out too.
std::vector<std::string> cisco_ace_bodies(const PacketSet& packets, const Policy& policy, bool permit,
                                          std::size_t max_lines = 8, std::size_t* total = nullptr);

// The configuration lines that add those ACEs to `chain` so that they come
// before `before` (nullptr: at the end, before the implicit deny).
std::vector<std::string> cisco_insert(const Policy& policy, const Chain& chain, const Rule* before,
                                      const PacketSet& packets, bool permit);

// The configuration lines that remove `rule`.
std::vector<std::string> cisco_remove(const Policy& policy, const Chain& chain, const Rule& rule);

}  // namespace fwlint
