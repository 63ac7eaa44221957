// The requirement audit for Cisco ACLs: the same verdicts as for iptables
// (FW101-FW105, FW107), one per requirement and ACL on the flow's path
// (cisco_path.cpp), each naming its ACL and where it is applied, with a fix
// in the device's own syntax placed where it takes effect.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "analyze/cisco_path.hpp"
#include "analyze/acl_evaluate.hpp"
#include "analyze/remediation_cisco.hpp"

namespace fwlint {

namespace {

// The ACL (a real one, not an ASA interface+global combination) a rule is in.
const Policy* real_policy(const ParsedInput& in, const std::string& name, Family f) {
    for (const auto& p : in.policies)
        if (p.name == name && p.family == f) return &p;
    return nullptr;
}

class HopAudit {
public:
    HopAudit(const ParsedInput& in, const AclHop& hop, const ResolvedStatement& rs, const AuditOptions& o,
             std::vector<Finding>& out)
        : in_(in), hop_(hop), rs_(rs), options_(o), out_(out), policy_(*hop.acls.front()),
          chain_(policy_.chains.front()) {}

    // true: the requirement holds on this hop.
    bool run() {
        switch (rs_.statement->kind) {
            case StatementKind::require: return require();
            case StatementKind::forbid: return forbid();
            case StatementKind::limit: return limit();
            default: return true;
        }
    }

private:
    PacketSet space(const IntervalSet& ports) const {
        Box b = Box::all(policy_.family);
        b.dims[proto_dim] = rs_.protocols;
        b.dims[src_dim] = hop_.src;
        b.dims[dst_dim] = hop_.dst;
        b.dims[dport_dim] = ports;
        return PacketSet::of(policy_.family, b);
    }

    std::string flow_text() const {
        const FlowStatement& st = *rs_.statement;
        std::string text = fmt::format("{} -> {} {}", st.from, st.to, format_protocols(rs_.protocols));
        if (!rs_.ports.is_all(max_port)) text += " " + format_ports(rs_.ports);
        if (!st.description.empty()) text = st.description + ": " + text;
        return text;
    }

    Finding base(const char* check, const char* kind, Severity sev) const {
        const FlowStatement& st = *rs_.statement;
        Finding f;
        f.check = check;
        f.kind = kind;
        f.severity = sev;
        f.loc = SourceLocation{in_.file, 0, 0};
        f.requirement = options_.set->name + ": " + st.description;
        f.flow = FlowRef{st.from, st.to, format_protocols(rs_.protocols),
                         rs_.ports.is_all(max_port) ? "" : format_ports(rs_.ports)};
        return f;
    }

    std::string describe(const Decision& d) const {
        if (d.rule) return fmt::format("line {} of ACL {}", d.rule->loc.line, d.rule->chain);
        return fmt::format("the implicit deny at the end of ACL {}", hop_.name);
    }
    SourceLocation where(const Decision& d) const { return d.rule ? d.rule->loc : chain_.loc; }

    // "line 109 of ACL INSIDE-IN; also line 114": every entry that allows a
    // part, each once. Naming only the first blamed it for the whole part (an
    // entry that adds port 80 for 65,535 extra ports a later `permit ip any
    // any` allows).
    std::string describe_allows(const std::vector<const Decision*>& allows, const char* also) const {
        if (allows.empty()) return "?";
        const Decision& first = *allows.front();
        std::vector<int> same_acl;       // further lines of the first entry's ACL
        std::vector<std::string> other;  // entries of the hop's other ACLs (ASA global)
        for (std::size_t i = 1; i < allows.size(); ++i) {
            const Decision& d = *allows[i];
            if (!d.rule || !first.rule) continue;
            if (d.rule->chain == first.rule->chain) {
                int line = d.rule->loc.line;
                if (line != first.rule->loc.line && std::find(same_acl.begin(), same_acl.end(), line) == same_acl.end())
                    same_acl.push_back(line);
            } else if (std::string text = describe(d); std::find(other.begin(), other.end(), text) == other.end()) {
                other.push_back(std::move(text));
            }
        }
        std::vector<std::string> parts;
        if (!same_acl.empty())
            parts.push_back(fmt::format("line{} {}", same_acl.size() == 1 ? "" : "s", fmt::join(same_acl, ", ")));
        parts.insert(parts.end(), other.begin(), other.end());
        std::string out = describe(first);
        if (!parts.empty()) out += fmt::format("{} {}", also, fmt::join(parts, ", "));
        return out;
    }

    void point_at(Finding& f, const std::vector<const Decision*>& ds) const {
        for (const Decision* d : ds) {
            SourceLocation loc = where(*d);
            if (f.loc.line == 0) f.loc = loc;
            else if (loc.line != f.loc.line) f.related.push_back(RelatedLine{loc.file, loc.line});
        }
        if (f.loc.line == 0) f.loc = chain_.loc;
    }

    std::vector<const Decision*> decisions(const Evaluation& e, const PacketSet& part, bool accepts) const {
        std::vector<const Decision*> out;
        for (const auto& d : e.decisions)
            if ((d.verdict == Verdict::accept) == accepts && d.packets.intersects(part)) out.push_back(&d);
        return out;
    }

    // Lines that add `packets` (permit or deny) before the decision `d`
    // (nullptr or the implicit deny: at the end of the interface's own ACL).
    std::vector<std::string> insert(const PacketSet& packets, const Decision* d, bool permit) const {
        if (d && d->rule)
            if (const Policy* p = real_policy(in_, d->rule->chain, policy_.family))
                return cisco_insert(*p, p->chains.front(), d->rule, packets, permit);
        // At the end of the first list with entries (ASA: the interface ACL,
        // or the first global one when the interface's has none).
        const Policy* own = &policy_;
        for (const Policy* p : hop_.acls)
            if (!p->chains.front().rules.empty()) {
                if (const Policy* real = real_policy(in_, p->chains.front().rules.front().chain, policy_.family))
                    own = real;
                break;
            }
        return cisco_insert(*own, own->chains.front(), nullptr, packets, permit);
    }

    // "SERVERS-IN (in on GigabitEthernet0/1)"; ASA: "DMZ_IN then GLOBAL_ACL (in on dmz)"
    std::string at() const { return fmt::format("{} ({})", hop_.name, hop_.where); }

    // Every entry of the hop's lists, in order.
    template <typename F>
    void for_each_entry(F f) const {
        for (const Policy* p : hop_.acls)
            for (const Rule& r : p->chains.front().rules) f(r);
    }

    bool require() {
        PacketSet q = space(rs_.ports);
        Evaluation strict = evaluate_acl(hop_.acls, q, ConditionMode::strict);
        PacketSet sure = strict.accepted.intersect(q);
        if (sure == q) return true;
        Evaluation lenient = strict.conditions_met ? evaluate_acl(hop_.acls, q, ConditionMode::lenient) : strict;
        PacketSet maybe = lenient.accepted.intersect(q);
        if (maybe == q) {
            Finding f = base("FW107", "partial", Severity::note);
            std::vector<const Decision*> involved;
            std::vector<std::string> names;
            for (const Evaluation* e : {&lenient, &strict})
                for (const auto& d : e->decisions)
                    if (d.rule && !d.rule->conditions.empty() && d.packets.intersects(q.subtract(sure))) {
                        involved.push_back(&d);
                        for (const auto& c : d.rule->conditions) {
                            std::string n = fmt::format("{} (line {})", c.name, d.rule->loc.line);
                            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
                        }
                    }
            f.message = fmt::format("{} is allowed by ACL {} only if {} holds", flow_text(), at(), fmt::join(names, " and "));
            point_at(f, involved);
            out_.push_back(std::move(f));
            return false;
        }
        PacketSet missing = q.subtract(maybe);
        auto blockers = decisions(lenient, missing, false);
        const Decision* first = blockers.empty() ? nullptr : blockers.front();
        std::vector<const Rule*> dead;
        for_each_entry([&](const Rule& r) {
            if (r.action == Action::accept && r.enabled && r.new_flows && r.match.intersects(missing) &&
                std::none_of(lenient.decisions.begin(), lenient.decisions.end(),
                             [&](const Decision& d) { return d.rule == &r && d.packets.intersects(q); }))
                dead.push_back(&r);
        });
        Finding f;
        std::string blocker = first ? describe(*first) : "nothing";
        if (!dead.empty()) {
            f = base("FW103", "shadowed", Severity::error);
            f.loc = dead.front()->loc;
            f.message = fmt::format("{} is not allowed by ACL {}: the permit at line {} never sees the traffic because "
                                    "{} takes it first",
                                    flow_text(), at(), dead.front()->loc.line, blocker);
            for (const Decision* b : blockers) f.related.push_back(RelatedLine{where(*b).file, where(*b).line});
        } else if (maybe.empty()) {
            f = base("FW101", "missing", Severity::error);
            f.message = fmt::format("{} is not allowed by ACL {}: {} drops it", flow_text(), at(), blocker);
            point_at(f, blockers);
            // An ASA `inactive` entry that would allow it: the likely fix.
            const Rule* inactive = nullptr;
            for_each_entry([&](const Rule& r) {
                if (!inactive && !r.enabled && r.action == Action::accept && r.match.intersects(missing)) inactive = &r;
            });
            if (inactive) {
                f.message += fmt::format("; the inactive entry at line {} would allow it", inactive->loc.line);
                f.related.push_back(RelatedLine{inactive->loc.file, inactive->loc.line});
            }
        } else {
            f = base("FW102", "partial", Severity::error);
            f.message = fmt::format("{} is only partly allowed by ACL {}; not allowed: {} ({} drops it)", flow_text(),
                                    at(), missing.to_string(), blocker);
            point_at(f, blockers);
        }
        missing.compact();
        f.remediation = insert(missing, first, true);
        out_.push_back(std::move(f));
        return false;
    }

    bool forbid() {
        PacketSet q = space(rs_.ports);
        Evaluation lenient = evaluate_acl(hop_.acls, q, ConditionMode::lenient);
        PacketSet allowed = lenient.accepted.intersect(q);
        if (allowed.empty()) return true;
        Finding f = base("FW105", "unneeded", Severity::warning);
        auto allows = decisions(lenient, q, true);
        point_at(f, allows);
        allowed.compact();
        f.message = fmt::format("{} is allowed by ACL {}, {}, although the set says this flow never happens; "
                                "allowed: {}",
                                flow_text(), at(), describe_allows(allows, " and"),
                                allowed == q ? "all of it" : allowed.to_string());
        const Decision* d = allows.empty() ? nullptr : allows.front();
        if (d && d->rule && d->rule->conditions.empty() && d->rule->match.is_subset_of(q) && allows.size() == 1) {
            if (const Policy* p = real_policy(in_, d->rule->chain, policy_.family))
                f.remediation = cisco_remove(*p, p->chains.front(), *d->rule);
        } else {
            f.remediation = insert(q, d, false);
        }
        out_.push_back(std::move(f));
        return false;
    }

    bool limit() {
        PacketSet whole = space(IntervalSet::range(0, max_port));
        PacketSet bound = space(rs_.ports);
        Evaluation lenient = evaluate_acl(hop_.acls, whole, ConditionMode::lenient);
        PacketSet excess = lenient.accepted.intersect(whole).subtract(bound);
        if (excess.empty()) return true;
        const FlowStatement& st = *rs_.statement;
        Finding f = base("FW104", "broad", Severity::warning);
        auto allows = decisions(lenient, excess, true);
        point_at(f, allows);
        IntervalSet extra = excess.project(policy_.family, dport_dim);
        f.message = fmt::format("{} -> {} {} is allowed by ACL {} beyond the required {}: {} extra port{} in {} ({})",
                                st.from, st.to, format_protocols(rs_.protocols), at(),
                                rs_.ports.empty() ? "nothing" : format_ports(rs_.ports), format_count(extra.size()),
                                extra.size() == 1 ? "" : "s", format_ports(extra), describe_allows(allows, "; also"));
        excess.compact();
        f.remediation = insert(excess, allows.empty() ? nullptr : allows.front(), false);
        out_.push_back(std::move(f));
        return false;
    }

    const ParsedInput& in_;
    const AclHop& hop_;
    const ResolvedStatement& rs_;
    const AuditOptions& options_;
    std::vector<Finding>& out_;
    const Policy& policy_;
    const Chain& chain_;
};

}  // namespace

std::vector<Finding> audit_acl_device(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary) {
    std::vector<Finding> out;
    std::set<std::string> noted;
    bool has_v6 = std::any_of(input.policies.begin(), input.policies.end(),
                              [](const Policy& p) { return p.family == Family::v6; });
    // One RequirementResult per statement and ACL on its path, for the reports
    // that list every verdict (JUnit, HTML, Markdown).
    auto not_applicable = [&](const ResolvedStatement& rs, Family f, std::string reason) {
        RequirementResult r = requirement_result(options.set->name, rs, input.file, f);
        r.verdict = "not applicable";
        r.reason = std::move(reason);
        summary.results.push_back(std::move(r));
    };
    for (const ResolvedStatement& rs : options.statements) {
        const FlowStatement& st = *rs.statement;
        if (st.kind == StatementKind::windows_rule) {
            ++summary.not_applicable;
            not_applicable(rs, Family::v4, "a Windows rule: a Cisco configuration cannot show it");
            continue;
        }
        for (Family f : {Family::v4, Family::v6}) {
            if (f == Family::v6 && !has_v6) continue;
            auto role = [&](const std::string& name) -> IntervalSet {
                auto it = options.roles.find(name);
                if (it == options.roles.end()) {
                    if (std::find(summary.unbound_roles.begin(), summary.unbound_roles.end(), name) ==
                        summary.unbound_roles.end())
                        summary.unbound_roles.push_back(name);
                    return IntervalSet::range(0, address_max(f));
                }
                return f == Family::v4 ? it->second.v4 : it->second.v6;
            };
            IntervalSet src = role(st.from), dst = role(st.to);
            if (src.empty() || dst.empty()) {
                if (f == Family::v4) {
                    ++summary.not_applicable;
                    not_applicable(rs, f, "a role has no IPv4 address");
                }
                continue;
            }
            AclPath path = acl_path(input, f, src, dst, options.acls);
            for (const auto& note : path.unknown) {
                if (!noted.insert(note).second) continue;
                Finding n;
                n.check = "FW402";
                n.kind = "path";
                n.severity = Severity::note;
                n.loc = SourceLocation{input.file, 0, 0};
                n.message = fmt::format("{} -> {}: {}", st.from, st.to, note);
                out.push_back(std::move(n));
            }
            if (path.hops.empty()) {
                ++summary.not_applicable;
                not_applicable(rs, f, "no ACL on the flow's path");
                continue;
            }
            for (const AclHop& hop : path.hops) {
                ++summary.checked;
                std::size_t findings_before = out.size();
                if (HopAudit(input, hop, rs, options, out).run()) ++summary.satisfied;
                RequirementResult r = requirement_result(options.set->name, rs, input.file, f);
                r.chain = hop.name + " (" + hop.where + ")";
                settle_result(r, out, findings_before);
                summary.results.push_back(std::move(r));
            }
        }
    }
    return out;
}

}  // namespace fwlint
