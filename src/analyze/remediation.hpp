#pragma once
// Fix lines in iptables syntax for the packets a finding is about.
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

// "iptables -I FORWARD 3 -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m tcp --dport 443 -j ACCEPT"
// One line per box of `packets` (at most `max_lines`, then a "# ... N more" line).
// position 0 appends (-A); otherwise inserts (-I) at that 1-based position.
std::vector<std::string> iptables_rules_for(const PacketSet& packets, Family family, const std::string& chain,
                                            int position, const std::string& target, std::size_t max_lines = 8);

std::string iptables_delete(Family family, const std::string& chain, int position);

}  // namespace fwlint
