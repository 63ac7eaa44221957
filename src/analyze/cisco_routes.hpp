#pragma once
// Which interface of a Cisco device a flow from or to an address outside
// every connected subnet crosses, by the device's static routes
// (ParsedInput::routes): the longest prefix that holds the address decides;
// its exit interface is the one the route names or, for a route via a
// gateway, the up interface whose connected subnet holds the gateway.
// A flow from such an address is taken to enter by the interface the route
// to it leaves by (the routes are symmetric; reverse-path checks assume it).
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

struct RoutedPart {
    const Interface* interface = nullptr;
    IntervalSet addresses;
    std::vector<int> lines;  // the route lines that decided, ascending
};

struct RouteChoice {
    std::vector<RoutedPart> parts;   // one per interface, in the order of in.interfaces
    IntervalSet undecided;           // addresses no usable route decides (unrouted among them)
    IntervalSet unrouted;            // addresses no route holds at all
    std::vector<std::string> notes;  // why a route that holds some of them decides nothing
    const RoutedPart* part_of(const Interface& i) const {
        for (const auto& p : parts)
            if (p.interface == &i) return &p;
        return nullptr;
    }
};

// `addresses` (family f) by the static routes; addresses of connected
// subnets are the caller's, not given here.
RouteChoice route_addresses(const ParsedInput& in, Family f, const IntervalSet& addresses);

// "route line 12", "route lines 12, 40"
std::string route_lines_text(const std::vector<int>& lines);

}  // namespace fwlint
