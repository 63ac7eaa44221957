// Which ACLs a flow crosses on a Cisco device. A routed flow enters by the
// interface whose connected subnet holds its source and leaves by the one
// whose subnet holds its destination; it meets the inbound ACL of the first
// (on the ASA, then the global ACLs: the interface ACL first, the global one
// for what it does not match, the implicit deny after both) and the outbound
// ACL of the second. An address outside every connected subnet goes by the
// static routes (analyze/cisco_routes.hpp: the longest prefix, its exit
// interface or the interface that holds its gateway), and the hop names the
// route lines. An address that neither decides has no known path: that hop
// is reported as unknown, never guessed.
#include "analyze/cisco_path.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/cisco_routes.hpp"

namespace fwlint {

namespace {

const Policy* find_acl(const ParsedInput& in, const std::string& name, Family f) {
    for (const auto& p : in.policies)
        if (p.name == name && p.family == f) return &p;
    return nullptr;
}

bool defined_any_family(const ParsedInput& in, const std::string& name) {
    for (const auto& p : in.policies)
        if (p.name == name) return true;
    return false;
}

IntervalSet connected(const Interface& i, Family f) {
    IntervalSet net;
    for (const auto& a : i.connected)
        if (a.family == f) net = net.unite(a.values);
    return net;
}

const AclBinding* bound(const Interface& i, BindDirection d, Family f) {
    for (const auto& b : i.bindings)
        if (b.direction == d && (!b.family || *b.family == f)) return &b;
    return nullptr;
}

std::string interface_label(const Interface& i) { return i.nameif.empty() ? i.name : i.nameif; }

// ASA: the interface ACL, then every global ACL, then the implicit deny.
std::vector<const Policy*> with_globals(const ParsedInput& in, const Policy* own, Family f) {
    std::vector<const Policy*> parts;
    if (own) parts.push_back(own);
    for (const auto& g : in.global_acls)
        if (const Policy* p = find_acl(in, g.acl, f)) parts.push_back(p);
    return parts;
}

std::string hop_name(const std::vector<const Policy*>& parts) {
    std::vector<std::string> names;
    for (const Policy* p : parts) names.push_back(p->name);
    return fmt::format("{}", fmt::join(names, " then "));
}

}  // namespace

bool is_acl_device(const ParsedInput& input) { return input.format.rfind("cisco-", 0) == 0; }

const Policy& hop_policy(const AclHop& hop, std::deque<Policy>& storage) {
    if (hop.acls.size() == 1) return *hop.acls.front();
    Family f = hop.acls.front()->family;
    for (const Policy& p : storage)
        if (p.name == hop.name && p.family == f) return p;
    Policy combined = *hop.acls.front();
    combined.name = hop.name;
    Chain& chain = combined.chains.front();
    chain.name = hop.name;
    for (std::size_t k = 1; k < hop.acls.size(); ++k)
        for (const Rule& r : hop.acls[k]->chains.front().rules) chain.rules.push_back(r);
    storage.push_back(std::move(combined));
    return storage.back();
}

AclPath acl_path(const ParsedInput& in, Family f, const IntervalSet& src, const IntervalSet& dst,
                 const std::vector<std::string>& acls) {
    AclPath path;
    if (!acls.empty()) {
        for (const auto& name : acls)
            if (const Policy* p = find_acl(in, name, f)) path.hops.push_back(AclHop{{p}, p->name, "named with --acl", src, dst});
        return path;
    }
    bool asa = in.format == "cisco-asa";
    // Addresses outside every connected subnet go by the static routes.
    IntervalSet src_off = src, dst_off = dst;
    for (const Interface& i : in.interfaces) {
        if (i.shutdown) continue;
        IntervalSet net = connected(i, f);
        src_off = src_off.subtract(net);
        dst_off = dst_off.subtract(net);
    }
    RouteChoice src_routes = route_addresses(in, f, src_off), dst_routes = route_addresses(in, f, dst_off);
    for (const Interface& i : in.interfaces) {
        if (i.shutdown) continue;
        IntervalSet net = connected(i, f);
        // The flow's addresses behind this interface: in its subnet, or
        // routed out of it.
        IntervalSet in_part = src.intersect(net), out_part = dst.intersect(net);
        const RoutedPart* src_routed = src_routes.part_of(i);
        const RoutedPart* dst_routed = dst_routes.part_of(i);
        if (src_routed) in_part = in_part.unite(src_routed->addresses);
        if (dst_routed) out_part = out_part.unite(dst_routed->addresses);
        if (in_part.empty() && out_part.empty()) continue;
        // A flow between two addresses behind one interface never crosses the device.
        IntervalSet onward = dst.subtract(out_part), from_elsewhere = src.subtract(in_part);
        if (!in_part.empty() && !onward.empty()) {
            const AclBinding* b = bound(i, BindDirection::in, f);
            const Policy* own = b ? find_acl(in, b->acl, f) : nullptr;
            std::vector<const Policy*> parts = asa ? with_globals(in, own, f) : std::vector<const Policy*>{};
            if (!asa && own) parts.push_back(own);
            if (!parts.empty()) {
                std::string where = fmt::format("in on {}", interface_label(i));
                if (src_routed) where += fmt::format(" ({})", route_lines_text(src_routed->lines));
                path.hops.push_back(AclHop{parts, hop_name(parts), where, in_part, onward});
            } else if (b && !defined_any_family(in, b->acl)) {
                // IOS: an undefined ACL bound to an interface permits everything.
            } else if (asa) {
                path.unknown.push_back(fmt::format(
                    "no access-group on interface {}: the ASA's security levels decide for {} (not modelled)",
                    interface_label(i), format_address_set(in_part, f)));
            }
        }
        if (!out_part.empty() && !from_elsewhere.empty()) {
            const AclBinding* b = bound(i, BindDirection::out, f);
            if (const Policy* p = b ? find_acl(in, b->acl, f) : nullptr) {
                std::string where = fmt::format("out on {}", interface_label(i));
                if (dst_routed) where += fmt::format(" ({})", route_lines_text(dst_routed->lines));
                path.hops.push_back(AclHop{{p}, p->name, where, from_elsewhere, out_part});
            }
        }
    }
    path.src_unknown = src_routes.undecided;
    path.dst_unknown = dst_routes.undecided;
    for (const auto& note : src_routes.notes) path.unknown.push_back("path unknown: source " + note);
    for (const auto& note : dst_routes.notes) path.unknown.push_back("path unknown: destination " + note);
    bool routes = std::any_of(in.routes.begin(), in.routes.end(), [&](const StaticRoute& r) { return r.family == f; });
    const char* nor_route = routes ? " and no static route covers it" : "";
    if (!src_routes.unrouted.empty())
        path.unknown.push_back(fmt::format("path unknown: no interface's connected subnet holds the source {}{}, so "
                                           "the inbound ACL it meets is not known (name the path with --acl)",
                                           format_address_set(src_routes.unrouted, f), nor_route));
    if (!dst_routes.unrouted.empty())
        path.unknown.push_back(fmt::format("path unknown: no interface's connected subnet holds the destination {}{}, "
                                           "so the outbound ACL it meets is not known (name the path with --acl)",
                                           format_address_set(dst_routes.unrouted, f), nor_route));
    return path;
}

}  // namespace fwlint
