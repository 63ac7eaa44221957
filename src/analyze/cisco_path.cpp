// Which ACLs a flow crosses on a Cisco device. A routed flow enters by the
// interface whose connected subnet holds its source and leaves by the one
// whose subnet holds its destination; it meets the inbound ACL of the first
// (on the ASA, then the global ACLs: the interface ACL first, the global one
// for what it does not match, the implicit deny after both) and the outbound
// ACL of the second. An address no interface holds has no known path: that
// hop is reported as unknown, never guessed (a default route could send it
// anywhere).
#include "analyze/cisco_path.hpp"

#include <fmt/format.h>

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
    IntervalSet src_left = src, dst_left = dst;
    for (const Interface& i : in.interfaces) {
        if (i.shutdown) continue;
        IntervalSet net = connected(i, f);
        if (net.empty()) continue;
        IntervalSet in_part = src.intersect(net), out_part = dst.intersect(net);
        src_left = src_left.subtract(net);
        dst_left = dst_left.subtract(net);
        // A flow between two hosts of one subnet never crosses the device.
        IntervalSet onward = dst.subtract(net), from_elsewhere = src.subtract(net);
        if (!in_part.empty() && !onward.empty()) {
            const AclBinding* b = bound(i, BindDirection::in, f);
            const Policy* own = b ? find_acl(in, b->acl, f) : nullptr;
            std::vector<const Policy*> parts = asa ? with_globals(in, own, f) : std::vector<const Policy*>{};
            if (!asa && own) parts.push_back(own);
            if (!parts.empty()) {
                path.hops.push_back(
                    AclHop{parts, hop_name(parts), fmt::format("in on {}", interface_label(i)), in_part, onward});
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
            if (const Policy* p = b ? find_acl(in, b->acl, f) : nullptr)
                path.hops.push_back(
                    AclHop{{p}, p->name, fmt::format("out on {}", interface_label(i)), from_elsewhere, out_part});
        }
    }
    if (!src_left.empty())
        path.unknown.push_back(fmt::format("path unknown: no interface's connected subnet holds the source {}, so "
                                           "the inbound ACL it meets is not known (name the path with --acl)",
                                           format_address_set(src_left, f)));
    if (!dst_left.empty())
        path.unknown.push_back(fmt::format("path unknown: no interface's connected subnet holds the destination {}, "
                                           "so the outbound ACL it meets is not known (name the path with --acl)",
                                           format_address_set(dst_left, f)));
    return path;
}

}  // namespace fwlint
