#pragma once
// The lints FW201-FW207 with iptables' -i/-o read as one packet's interfaces
// (analyze/interfaces.hpp), as the audit, query and diff read them: a chain
// whose rules name interfaces is linted once per interface assignment (each
// named interface, plus "any other"), in a copy of it where every -i/-o match
// is decided, and the answers are put together:
//  - FW201: a rule is dead when it is dead under every assignment it can
//    match under; the lines that take its traffic are those of every
//    assignment. `-i eth0 -j DROP` shadows `-i eth0 -p tcp -j ACCEPT` (it did
//    not: the DROP's "in-interface eth0" was an unknown condition that might
//    not hold), and never `-i eth1 -p tcp -j ACCEPT`.
//  - FW202: removing the rule changes nothing under every assignment (dead
//    under some, redundant under the others).
//  - FW203-FW207: a finding found under some assignments only says which
//    ("telnet ... open to any source, when it enters on eth1"), and never
//    names an -i/-o match as a condition that may or may not hold.
// Over `interface_limit` assignments, the -i/-o matches stay independent
// unknown conditions, as they were (the README says so).
#include <functional>
#include <vector>

#include "analyze/exposure.hpp"
#include "analyze/finding.hpp"
#include "analyze/shadowing.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// The most assignments the lints enumerate for one chain (each costs one
// lint of the chain): 7 in-interfaces by 7 out-interfaces with "any other".
inline constexpr std::size_t lint_interface_limit = 64;

struct InterfaceShadowing {
    ShadowingReport report;     // indices into chain.rules
    bool per_interface = false; // evaluated per assignment: -i/-o are not conditions in the wording
};

// find_shadowing of `chain`, per interface assignment of its own rules.
InterfaceShadowing find_shadowing_per_interface(const Chain& chain, Family family,
                                                std::size_t limit = lint_interface_limit);

// Exposure findings of `entry` (a built-in chain of `policy`) per interface
// assignment of the rules reachable from it. `to_finding` writes one
// Exposure as a Finding (its pointers are into `policy`). Findings equal under
// several assignments are one, with ", when it enters on eth1" (or "unless
// it enters on eth0") added when they do not hold under every assignment
// (also when the rule's own -i is what limits it). With no interface named (or over `limit`), simply
// find_exposures of the chain, each written by `to_finding`.
std::vector<Finding> exposures_per_interface(const Policy& policy, const Chain& entry, u128 max_open_ports,
                                             const std::function<Finding(const Exposure&)>& to_finding,
                                             std::size_t limit = lint_interface_limit);

}  // namespace fwlint
