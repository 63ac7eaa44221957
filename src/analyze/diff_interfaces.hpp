#pragma once
// diff over chains whose rules name interfaces (-i/-o): both sides compared
// once per interface assignment (analyze/interfaces.hpp), on copies of the
// policies specialised to it, so that contradictory interface matches are
// never assumed together (`-i docker0 ! -o docker0 -j ACCEPT` in one mode and
// `-i eth0 -o docker0 -j DROP` in the other hid an edit of a later rule).
#include <string>
#include <vector>

#include "analyze/diff.hpp"

namespace fwlint {

// Appends the changes as diff_chains does and returns true; false (nothing
// done) when no rule of either chain names an interface, the policies are
// not first match, or there are too many interfaces to enumerate (then the
// -i/-o matches stay independent conditions).
// A change found for every assignment with the same packets is told once; one
// found only for some (or with other packets for others) is conditional and
// its `conditions` start with the interfaces: "when it enters on eth0".
bool diff_chains_per_interface(const Policy& old_policy, const std::string& old_chain, const Policy& new_policy,
                               const std::string& new_chain, const std::string& label, std::vector<DiffChange>& out,
                               bool whole_space);

}  // namespace fwlint
