#include "analyze/query_acl.hpp"

#include <algorithm>
#include <deque>

#include "analyze/cisco_path.hpp"

namespace fwlint {

namespace {

PacketSet restrict_to(const PacketSet& flow, Family f, const IntervalSet& src, const IntervalSet& dst) {
    Box b = Box::all(f);
    b.dims[src_dim] = src;
    b.dims[dst_dim] = dst;
    return flow.intersect(PacketSet::of(f, b));
}

}  // namespace

std::vector<std::string> acl_names(const ParsedInput& input, Family f) {
    std::vector<std::string> out;
    for (const auto& p : input.policies)
        if (p.family == f && !p.chains.empty()) out.push_back(p.name);
    return out;
}

AclQueryResult query_acl_path(const ParsedInput& input, Family f, const IntervalSet& src, const IntervalSet& dst,
                              const PacketSet& flow, const std::vector<std::string>& acls) {
    AclQueryResult out;
    out.family = f;
    out.flow = flow.intersect(PacketSet::all(f));
    std::deque<Policy> storage;  // ASA interface + global combinations
    AclPath path = acl_path(input, f, src, dst, acls);
    // A routed flow meets the inbound ACLs before the outbound ones, whatever
    // the order of the interfaces in the file.
    if (acls.empty())
        std::stable_partition(path.hops.begin(), path.hops.end(),
                               [](const AclHop& h) { return h.where.rfind("in ", 0) == 0; });
    out.notes = path.unknown;
    if (acls.empty()) {
        Box b = Box::all(f);
        b.dims[src_dim] = path.src_unknown;
        PacketSet unknown = out.flow.intersect(PacketSet::of(f, b));
        b = Box::all(f);
        b.dims[dst_dim] = path.dst_unknown;
        out.unknown_path = unknown.unite(out.flow.intersect(PacketSet::of(f, b)));
    }
    auto ask = [&](const Policy& p, const std::string& where, const PacketSet& part) {
        if (part.empty() || p.chains.empty()) return;
        if (auto r = query_flow(p, p.chains.front().name, part)) out.hops.push_back(AclQueryHop{p.name, where, *r});
    };
    if (path.hops.empty() && !out.unknown_path.empty()) {
        // Nothing known about the path: answer for each ACL, none combined.
        out.path_known = false;
        for (const auto& p : input.policies)
            if (p.family == f) ask(p, "path unknown: this ACL asked alone", out.flow);
        out.verdict = "unknown";
        out.unknown_path = out.flow;
        return out;
    }
    for (const AclHop& hop : path.hops)
        ask(hop_policy(hop, storage), hop.where, restrict_to(out.flow, f, hop.src, hop.dst));
    PacketSet denied_before;
    for (auto& h : out.hops) {
        h.reached = h.result.flow.subtract(denied_before);
        h.reached.compact();
        denied_before = denied_before.unite(h.result.denied);
    }
    PacketSet crossed;
    for (const auto& h : out.hops) crossed = crossed.unite(h.result.flow);
    out.no_acl = out.flow.subtract(crossed).subtract(out.unknown_path);
    if (acls.empty() && input.format == "cisco-asa") {
        // No access-group: the ASA's security levels decide (not modelled).
        out.unknown_path = out.unknown_path.unite(out.no_acl);
        out.no_acl = PacketSet();
    }
    // A packet is allowed when every ACL it crosses allows it.
    for (const auto& h : out.hops) {
        out.denied = out.denied.unite(h.result.denied);
        out.conditional = out.conditional.unite(h.result.conditional);
    }
    out.unknown_path = out.unknown_path.subtract(out.denied);
    out.conditional = out.conditional.subtract(out.denied).subtract(out.unknown_path);
    out.allowed = out.flow.subtract(out.denied).subtract(out.conditional).subtract(out.unknown_path);
    if (!out.flow.empty() && out.allowed == out.flow)
        out.verdict = "allowed";
    else if (out.denied == out.flow)
        out.verdict = "denied";
    else if (out.allowed.empty() && out.denied.empty() && out.conditional.empty())
        out.verdict = "unknown";
    else if (out.denied.empty() && out.unknown_path.empty())
        out.verdict = "conditional";
    else
        out.verdict = "partial";
    for (auto* s : {&out.no_acl, &out.allowed, &out.conditional, &out.denied, &out.unknown_path}) s->compact();
    return out;
}

}  // namespace fwlint
