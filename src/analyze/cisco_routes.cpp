#include "analyze/cisco_routes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ir/address.hpp"

namespace fwlint {

namespace {

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        char x = a[k], y = b[k];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

IntervalSet block_of(const StaticRoute& r) {
    const unsigned bits = r.family == Family::v4 ? 32 : 128;
    unsigned host = bits - r.prefix_length;
    u128 span = host >= 128 ? ~u128{0} : (u128{1} << host) - 1;
    return IntervalSet::range(r.network, r.network | span);
}

std::string route_text(const StaticRoute& r) {
    std::string net = r.prefix_length == 0 ? "the default route"
                                           : fmt::format("the route to {}/{}", format_address(r.network, r.family), r.prefix_length);
    return fmt::format("{} (line {})", net, r.loc.line);
}

// The up interface a route leaves by, or nullptr with `why` set.
const Interface* exit_of(const ParsedInput& in, const StaticRoute& r, std::string& why) {
    if (!r.interface.empty()) {
        for (const Interface& i : in.interfaces)
            if (same_name(i.name, r.interface) || (!i.nameif.empty() && i.nameif == r.interface)) {
                if (i.shutdown) {
                    why = fmt::format("{} leaves by interface {}, which is shut down", route_text(r), r.interface);
                    return nullptr;
                }
                return &i;
            }
        if (same_name(r.interface.substr(0, 4), "null"))
            why = fmt::format("{} sends it to {}: the device discards it", route_text(r), r.interface);
        else
            why = fmt::format("{} names interface {}, which the configuration does not define", route_text(r),
                              r.interface);
        return nullptr;
    }
    if (r.gateway) {
        for (const Interface& i : in.interfaces) {
            if (i.shutdown) continue;
            for (const auto& a : i.connected)
                if (a.family == r.family && a.values.contains(*r.gateway)) return &i;
        }
        why = fmt::format("{} goes via {}, which no up interface's connected subnet holds", route_text(r),
                          format_address(*r.gateway, r.family));
        return nullptr;
    }
    why = fmt::format("{} names neither an interface nor a gateway", route_text(r));
    return nullptr;
}

}  // namespace

RouteChoice route_addresses(const ParsedInput& in, Family f, const IntervalSet& addresses) {
    RouteChoice out;
    std::vector<const StaticRoute*> routes;
    for (const auto& r : in.routes)
        if (r.family == f) routes.push_back(&r);
    // Longest prefix first; among equal prefixes the first line of the file.
    std::stable_sort(routes.begin(), routes.end(),
                     [](const StaticRoute* a, const StaticRoute* b) { return a->prefix_length > b->prefix_length; });
    IntervalSet left = addresses;
    for (const StaticRoute* r : routes) {
        if (left.empty()) break;
        IntervalSet part = left.intersect(block_of(*r));
        if (part.empty()) continue;
        left = left.subtract(part);
        std::string why;
        const Interface* exit = exit_of(in, *r, why);
        if (!exit) {
            out.undecided = out.undecided.unite(part);
            out.notes.push_back(fmt::format("{}: {}", format_address_set(part, f), why));
            continue;
        }
        auto it = std::find_if(out.parts.begin(), out.parts.end(), [&](const RoutedPart& p) { return p.interface == exit; });
        if (it == out.parts.end()) {
            out.parts.push_back(RoutedPart{exit, {}, {}});
            it = out.parts.end() - 1;
        }
        it->addresses = it->addresses.unite(part);
        it->lines.push_back(r->loc.line);
    }
    out.unrouted = left;
    out.undecided = out.undecided.unite(left);
    for (auto& p : out.parts) std::sort(p.lines.begin(), p.lines.end());
    std::sort(out.parts.begin(), out.parts.end(),
              [](const RoutedPart& a, const RoutedPart& b) { return a.interface < b.interface; });
    return out;
}

std::string route_lines_text(const std::vector<int>& lines) {
    return fmt::format("route line{} {}", lines.size() == 1 ? "" : "s", fmt::join(lines, ", "));
}

}  // namespace fwlint
