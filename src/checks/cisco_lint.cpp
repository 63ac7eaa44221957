// Lint checks of Cisco configurations: FW401 (an ACL bound nowhere), FW403
// (a binding of an ACL that does not exist), and the generic FW201/FW202
// findings told in the device's terms: an ACL rather than a chain, the
// implicit deny rather than a chain policy, `no SEQ` rather than iptables -D.
#include <algorithm>

#include <fmt/format.h>

#include "analyze/remediation_cisco.hpp"
#include "checks/lint.hpp"

namespace fwlint {

namespace {

struct Use {
    const AclBinding* binding;
    std::string where;  // "in on GigabitEthernet0/0", "on line vty 0 4", "global"
};

std::vector<Use> uses(const ParsedInput& in) {
    std::vector<Use> out;
    for (const auto& i : in.interfaces)
        for (const auto& b : i.bindings)
            out.push_back(Use{&b, fmt::format("{} on {}", b.direction == BindDirection::in ? "in" : "out",
                                              i.nameif.empty() ? i.name : i.nameif)});
    for (const auto& l : in.line_acls) out.push_back(Use{&l.binding, "on line " + l.line});
    for (const auto& g : in.global_acls) out.push_back(Use{&g, "global"});
    return out;
}

bool defined(const ParsedInput& in, const AclBinding& b) {
    for (const auto& p : in.policies)
        if (p.name == b.acl && (!b.family || *b.family == p.family)) return true;
    return false;
}

}  // namespace

void lint_cisco(const ParsedInput& in, std::vector<Finding>& findings) {
    // The generic lints were written for iptables chains: an ACL is no chain.
    for (Finding& f : findings) {
        for (const Policy& p : in.policies)
            replace_all(f.message, "in chain " + p.name, "in ACL " + p.name);
        if (f.check != "FW201" && f.check != "FW202") continue;
        for (const Policy& p : in.policies)
            for (const Chain& c : p.chains)
                for (const Rule& r : c.rules)
                    if (r.loc.line == f.loc.line && r.loc.file == f.loc.file) {
                        f.remediation = cisco_remove(p, c, r);
                        replace_all(f.message, fmt::format("the {} policy DROP", c.name),
                                    "the implicit deny of ACL " + c.name);
                        replace_all(f.message, "(ACCEPT)", "(permit)");
                        replace_all(f.message, "(DROP)", "(deny)");
                        replace_all(f.message, "DROP, this rule", "deny, this rule");
                        replace_all(f.message, "ACCEPT, this rule", "permit, this rule");
                    }
    }
    // ASA lists with IPv4 and IPv6 entries are two policies: an entry of
    // both is linted twice. And an explicit final "deny ip any any" (written
    // to log the drops) is redundant by design: no FW202 for it.
    std::vector<Finding> kept;
    for (Finding& f : findings) {
        bool twice = std::any_of(kept.begin(), kept.end(), [&](const Finding& k) {
            return k.check == f.check && k.loc == f.loc && k.message == f.message;
        });
        bool final_deny = false;
        if (f.check == "FW202")
            for (const Policy& p : in.policies)
                for (const Rule& r : p.chains.front().rules)
                    if (r.loc == f.loc && r.action == Action::drop && r.conditions.empty() &&
                        PacketSet::all(p.family).is_subset_of(r.match))
                        final_deny = true;
        if (!twice && !final_deny) kept.push_back(std::move(f));
    }
    findings = std::move(kept);
    auto all = uses(in);
    for (const Use& u : all) {
        if (defined(in, *u.binding)) continue;
        Finding f;
        f.check = "FW403";
        f.kind = "lint";
        f.severity = Severity::warning;
        f.loc = u.binding->loc;
        f.message = fmt::format("access list {} is bound {} but not defined{}", u.binding->acl, u.where,
                                in.format == "cisco-ios" ? ": IOS permits all traffic there" : "");
        findings.push_back(std::move(f));
    }
    std::vector<std::string> done;
    for (const Policy& p : in.policies) {
        if (std::find(done.begin(), done.end(), p.name) != done.end()) continue;
        done.push_back(p.name);
        bool applied = std::any_of(all.begin(), all.end(), [&](const Use& u) { return u.binding->acl == p.name; });
        if (applied) continue;
        Finding f;
        f.check = "FW401";
        f.kind = "lint";
        f.severity = Severity::note;
        f.loc = p.chains.front().loc;
        f.message = fmt::format("ACL {} is not applied to any interface, line or global access-group: it filters "
                                "nothing (it is still linted)",
                                p.name);
        findings.push_back(std::move(f));
    }
}

}  // namespace fwlint
