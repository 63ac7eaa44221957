#pragma once
// Dead and redundant rules of a Windows Firewall policy, where rule order
// means nothing: an allow beats the default, a block beats every allow, an
// authenticated bypass beats every block. First-match shadowing
// (shadowing.hpp) does not apply; its Windows counterparts are:
//  - an allow whose every packet enabled block rules take is dead, whatever
//    the order of the rules (bypass rules are never overridden);
//  - a rule whose every packet other rules of the same action already take
//    is redundant: removing it changes nothing.
// Computed exactly with the packet-space algebra, per profile chain (see
// parse/windows_rule.hpp for the layout). A rule with an unmodelled
// condition (LocalSubnet, an interface type, a program-scoped block) never
// overrides or covers another: it may not hold.
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

struct WindowsOverride {
    SourceLocation loc;                   // the dead allow rule
    const Rule* rule = nullptr;           // one IR rule of it
    std::vector<const Rule*> by;          // rules that take all of its traffic, by line
    std::vector<std::string> profiles;    // where: "domain", "private", "public" (each once, in that order)
};

// Allow rules that never admit anything in some profile, because block rules
// take all their traffic. One entry per rule location, over every policy of
// the input with EvaluationOrder::windows_precedence.
std::vector<WindowsOverride> find_overridden_allows(const ParsedInput& input);

// Rules whose removal changes nothing in any profile they apply to: other
// rules with the same action (allow, block or bypass) take all of their
// traffic. Of two rules that duplicate each other, the later one is reported.
// Dead allows (find_overridden_allows) are not reported again.
std::vector<WindowsOverride> find_redundant_windows_rules(const ParsedInput& input,
                                                          const std::vector<WindowsOverride>& dead);

}  // namespace fwlint
