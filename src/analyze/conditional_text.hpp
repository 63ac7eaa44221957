#pragma once
// What follows "allowed only if" in a verdict over interface walks
// (analyze/interfaces.hpp): the interfaces the flow must avoid, each with the
// line that stops it there, and per interface the unmodelled conditions that
// must hold (condition_clause.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "analyze/interfaces.hpp"

namespace fwlint {

struct ConditionalText {
    std::string text;  // "" when every walk accepts all of `part` whatever the conditions
    // The decisions the text rests on (accepts first, then what stops the
    // flow): pointers into the walks.
    std::vector<const Decision*> involved;
};

// `part`: the packets in question. `name_files`: lines as "file:line" (diff).
ConditionalText allowed_only_if(const Policy& policy, std::string_view chain, const InterfaceWalks& walks,
                                const PacketSet& part, bool name_files = false);

// "when it enters on eth1", or "unless it enters on br-apps" when that is
// shorter: the assignments of `all` in `members`.
std::string when_phrase(const std::vector<InterfaceAssignment>& all, const std::vector<InterfaceAssignment>& members);

// The same after "only if": "it enters on eth1", "it does not enter on br-apps".
std::string if_phrase(const std::vector<InterfaceAssignment>& all, const std::vector<InterfaceAssignment>& members);

// "only if, on line 17, A holds", "only if it enters on eth2", or the text
// itself when it starts with "unless": how every message puts the clause.
std::string only_if(const std::string& text);

// Accepted whatever the interfaces and conditions: in every walk, in both modes.
PacketSet surely_accepted(const InterfaceWalks& walks, const PacketSet& part);
// Accepted for some interfaces or conditions: in any walk, in either mode.
PacketSet possibly_accepted(const InterfaceWalks& walks, const PacketSet& part);

}  // namespace fwlint
