// Lint checks of Cisco configurations: FW401 (an ACL bound nowhere), FW403
// (a binding of an ACL that does not exist), and the generic FW201/FW202
// findings told in the device's terms: an ACL rather than a chain, the
// implicit deny rather than a chain policy, `no SEQ` rather than iptables -D.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

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

// Where a rule stands: its policy, chain and the rule, by (file, line).
struct Place {
    const Policy* policy;
    const Chain* chain;
    const Rule* rule;
};

std::string line_key(const SourceLocation& loc) { return fmt::format("{}\n{}", loc.file, loc.line); }

std::string finding_key(const Finding& f) {
    return fmt::format("{}\n{}\n{}\n{}\n{}", f.check, f.loc.file, f.loc.line, f.loc.column, f.message);
}

// FW201/FW202 on an entry of both families, found per family: found in
// both, it is said once for the entry (the family part dropped); found in one
// family only, the entry is not dead or redundant as a whole: removing it
// would change the other family's traffic, so no removal is offered.
void families_found(std::vector<Finding>& findings) {
    const Family families[] = {Family::v4, Family::v6};
    std::unordered_map<std::string, unsigned> found;  // check, file, line -> bit per family
    auto key = [](const Finding& f) { return fmt::format("{}\n{}\n{}", f.check, f.loc.file, f.loc.line); };
    for (const Finding& f : findings)
        for (unsigned k = 0; k < 2; ++k)
            if ((f.check == "FW201" || f.check == "FW202") &&
                f.message.find(family_part_text(families[k])) != std::string::npos)
                found[key(f)] |= 1u << k;
    if (found.empty()) return;
    for (Finding& f : findings) {
        auto it = found.find(key(f));
        if (it == found.end()) continue;
        for (unsigned k = 0; k < 2; ++k) {
            const std::string part = family_part_text(families[k]);
            if (f.message.find(part) == std::string::npos) continue;
            if (it->second == 3u) {
                replace_all(f.message, part, "");
                continue;
            }
            const char* other = families[k] == Family::v4 ? "IPv6" : "IPv4";
            f.message += fmt::format("; its {} part is still reached, so the entry stays: write it for {} only "
                                     "(any{}) if the {} part is not wanted",
                                     other, other, families[k] == Family::v4 ? "6" : "4",
                                     families[k] == Family::v4 ? "IPv4" : "IPv6");
            f.remediation.clear();
        }
    }
}

}  // namespace

const char* family_part_text(Family family) { return family == Family::v4 ? " (IPv4 part)" : " (IPv6 part)"; }

void lint_cisco(const ParsedInput& in, std::vector<Finding>& findings) {
    // The rules each finding's line may name, looked up by (file, line)
    // rather than by a walk over every rule per finding (a 50,000-entry ACL
    // has thousands of findings). Policy, chain and rule order is kept.
    std::unordered_map<std::string, std::vector<Place>> by_line;
    bool linted = std::any_of(findings.begin(), findings.end(),
                              [](const Finding& f) { return f.check == "FW201" || f.check == "FW202"; });
    if (linted)
        for (const Policy& p : in.policies)
            for (const Chain& c : p.chains)
                for (const Rule& r : c.rules) by_line[line_key(r.loc)].push_back(Place{&p, &c, &r});
    // The generic lints were written for iptables chains: an ACL is no chain.
    for (Finding& f : findings) {
        for (const Policy& p : in.policies)
            replace_all(f.message, "in chain " + p.name, "in ACL " + p.name);
        if (f.check != "FW201" && f.check != "FW202") continue;
        auto it = by_line.find(line_key(f.loc));
        if (it == by_line.end()) continue;
        for (const Place& at : it->second) {
            const Chain& c = *at.chain;
            f.remediation = cisco_remove(*at.policy, c, *at.rule);
            replace_all(f.message, fmt::format("the {} policy DROP", c.name), "the implicit deny of ACL " + c.name);
            replace_all(f.message, "(ACCEPT)", "(permit)");
            replace_all(f.message, "(DROP)", "(deny)");
            replace_all(f.message, "DROP, this rule", "deny, this rule");
            replace_all(f.message, "ACCEPT, this rule", "permit, this rule");
        }
    }
    families_found(findings);
    // ASA lists with IPv4 and IPv6 entries are two policies: an entry of
    // both is linted twice. And an explicit final "deny ip any any" (written
    // to log the drops) is redundant by design: no FW202 for it.
    std::vector<Finding> kept;
    std::unordered_set<std::string> seen;
    for (Finding& f : findings) {
        bool twice = !seen.insert(finding_key(f)).second;
        bool final_deny = false;
        if (f.check == "FW202") {
            auto it = by_line.find(line_key(f.loc));
            if (it != by_line.end())
                for (const Place& at : it->second) {
                    const Rule& r = *at.rule;
                    if (at.chain == &at.policy->chains.front() && r.loc == f.loc && r.action == Action::drop &&
                        r.conditions.empty() && PacketSet::all(at.policy->family).is_subset_of(r.match))
                        final_deny = true;
                }
        }
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
