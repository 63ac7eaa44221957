#include "analyze/audit_windows.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "analyze/remediation_windows.hpp"
#include "analyze/requirement_result.hpp"

namespace fwlint {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

const char* action_word(const Rule& r) {
    if (r.target == "Bypass") return "bypass";
    return r.action == Action::accept ? "allow" : "block";
}

}  // namespace

bool is_windows_format(std::string_view format) {
    for (std::string_view prefix : {"netsh", "reg", "powershell", "windows", "ps-"})
        if (format.substr(0, prefix.size()) == prefix) return true;
    return false;
}

std::string windows_chain_for(const Policy& policy, const FlowStatement& st, const AuditOptions& options) {
    if (!options.host_role) return "";
    const std::string& host = *options.host_role;
    if (st.to == host && st.from != host && policy.name == "inbound") return options.windows_profile;
    if (st.from == host && st.to != host && policy.name == "outbound") return options.windows_profile;
    return "";
}

std::string windows_scope_text(const Rule& rule) {
    std::vector<std::string> parts;
    for (const auto& c : rule.conditions)
        if (c.scope_only) parts.push_back(c.name);
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string windows_decision_text(const Decision& d, const Policy& policy) {
    if (d.rule) {
        std::string scope = windows_scope_text(*d.rule);
        return fmt::format("line {} ({} rule '{}'{}{})", d.rule->loc.line, action_word(*d.rule), d.rule->display_name,
                           scope.empty() ? "" : ", ", scope);
    }
    // The defaults may come from a profiles file of their own (netsh_profiles.hpp): then say which.
    std::string where = d.chain->loc.line > 0 ? fmt::format("line {}", d.chain->loc.line) : std::string("assumed");
    for (const Chain& c : policy.chains)
        if (!c.rules.empty()) {
            if (d.chain->loc.line > 0 && c.rules.front().loc.file != d.chain->loc.file)
                where = fmt::format("{}:{}", d.chain->loc.file, d.chain->loc.line);
            break;
        }
    return fmt::format("the {} profile's default {} action {} ({})", d.chain->name, policy.name,
                       d.verdict == Verdict::accept ? "Allow" : "Block", where);
}

std::vector<const Rule*> disabled_allows(const Chain& chain, const PacketSet& packets) {
    std::vector<const Rule*> out;
    for (const Rule& r : chain.rules)
        if (!r.enabled && r.action == Action::accept && r.match.intersects(packets)) out.push_back(&r);
    return out;
}

namespace {

// The part of `set` in family `f`.
PacketSet of_family(const PacketSet& set, Family f) {
    PacketSet out;
    for (const Box& b : set.boxes(f)) out = out.unite(PacketSet::of(f, b));
    return out;
}

// A rule netsh/PowerShell can narrow by its port list alone: none of the IR
// rules of its spec (same location) carries a condition other than its
// program/service scope (keywords such as RPC, interface types, IPsec...).
bool plainly_narrowable(const Chain& chain, const Rule& rule) {
    for (const Rule& r : chain.rules) {
        if (!(r.loc == rule.loc)) continue;
        for (const auto& c : r.conditions)
            if (!c.scope_only) return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> windows_limit_fix(const std::vector<const Decision*>& allows, const PacketSet& excess,
                                           const PacketSet& whole, const IntervalSet& bound, const Policy& policy,
                                           const std::string& profile, const std::string& name) {
    const Family family = policy.family;
    const bool inbound = policy.name == "inbound";
    // The local side of a host's rule is the host itself: a rule with local
    // address Any serves only this flow as long as its remote side does.
    PacketSet flow;
    for (Box b : whole.boxes(family)) {
        b.dims[inbound ? dst_dim : src_dim] = IntervalSet::range(0, address_max(family));
        flow = flow.unite(PacketSet::of(family, b));
    }
    std::vector<std::string> out;
    std::vector<SourceLocation> done;
    PacketSet rest;
    bool by_default = false;
    for (const Decision* d : allows) {
        PacketSet part = d->packets.intersect(excess);
        if (part.empty()) continue;
        const Rule* r = d->rule;
        if (!r) {
            by_default = true;
            rest = rest.unite(part);
            continue;
        }
        if (std::find(done.begin(), done.end(), r->loc) != done.end()) continue;
        if (!plainly_narrowable(*d->chain, *r) || !of_family(r->match, family).is_subset_of(flow)) {
            rest = rest.unite(part);
            continue;
        }
        done.push_back(r->loc);
        IntervalSet needed = r->match.project(family, dport_dim).intersect(bound);
        if (needed.empty()) {
            out.push_back(fmt::format("# line {} ('{}') allows none of the required ports: remove it", r->loc.line,
                                      r->display_name));
            for (auto& line : windows_delete_rule(*r)) out.push_back(std::move(line));
        } else {
            out.push_back(fmt::format("# narrow line {} ('{}') to the required ports:", r->loc.line, r->display_name));
            for (auto& line : windows_narrow_ports(*r, needed, inbound)) out.push_back(std::move(line));
        }
    }
    if (rest.empty()) return out;
    if (!out.empty() || by_default)
        out.push_back(by_default ? fmt::format("# the {} profile's default {} action allows the rest: block it",
                                               profile, policy.name)
                                 : std::string("# the rest is allowed by rules that serve other flows too: block it"));
    for (auto& line : windows_add_rules(rest, family, inbound, false, profile, name)) out.push_back(std::move(line));
    if (by_default && !inbound) {
        // Windows allows outbound by default: the tidy fix is to block it and
        // allow the required flows. (An inbound default Allow is an FW203 of its own.)
        std::string p = profile;
        if (!p.empty()) p[0] = char(std::toupper(static_cast<unsigned char>(p[0])));
        out.push_back(fmt::format("# or make the {} profile block outbound by default, after allowing every "
                                  "required outbound flow by rule:",
                                  profile));
        out.push_back(fmt::format("netsh advfirewall set {}profile firewallpolicy blockinbound,blockoutbound", profile));
        out.push_back(fmt::format("Set-NetFirewallProfile -Profile {} -DefaultOutboundAction Block", p));
    }
    return out;
}

void drop_repeated_windows_findings(std::vector<Finding>& findings, std::size_t first) {
    std::vector<Finding> kept;
    for (std::size_t i = first; i < findings.size(); ++i) {
        Finding& f = findings[i];
        auto same = std::find_if(kept.begin(), kept.end(), [&](const Finding& k) {
            return k.check == f.check && k.loc == f.loc && k.message == f.message;
        });
        if (same == kept.end()) {
            kept.push_back(std::move(f));
            continue;
        }
        for (const auto& r : f.related)
            if (std::find(same->related.begin(), same->related.end(), r) == same->related.end()) same->related.push_back(r);
        for (auto& line : f.remediation)
            if (std::find(same->remediation.begin(), same->remediation.end(), line) == same->remediation.end())
                same->remediation.push_back(std::move(line));
    }
    findings.erase(findings.begin() + std::ptrdiff_t(first), findings.end());
    for (auto& f : kept) findings.push_back(std::move(f));
}

void count_windows_statements_once(AuditSummary& summary, const AuditCounts& before) {
    std::vector<RequirementResult> added(std::make_move_iterator(summary.results.begin() + std::ptrdiff_t(before.results)),
                                         std::make_move_iterator(summary.results.end()));
    summary.results.erase(summary.results.begin() + std::ptrdiff_t(before.results), summary.results.end());
    summary.checked = before.checked;
    summary.satisfied = before.satisfied;
    summary.not_applicable = before.not_applicable;
    // Statements in the order they were first audited.
    std::vector<std::vector<RequirementResult*>> groups;
    for (auto& r : added) {
        auto same = [&](const std::vector<RequirementResult*>& g) {
            return g.front()->set == r.set && g.front()->statement_loc == r.statement_loc &&
                   g.front()->description == r.description;
        };
        auto it = std::find_if(groups.begin(), groups.end(), same);
        if (it == groups.end()) groups.push_back({&r});
        else it->push_back(&r);
    }
    for (auto& g : groups) {
        auto na = [](const RequirementResult* r) { return r->verdict == "not applicable"; };
        if (std::all_of(g.begin(), g.end(), na)) {
            ++summary.not_applicable;
            // "a role has no IPv6 address" says more than "not on this host's path".
            auto telling = std::find_if(g.begin(), g.end(),
                                        [](const RequirementResult* r) { return r->reason != "not on this host's path"; });
            summary.results.push_back(std::move(**(telling == g.end() ? g.begin() : telling)));
            continue;
        }
        ++summary.checked;
        bool all_satisfied = true;
        for (RequirementResult* r : g) {
            if (na(r)) continue;
            all_satisfied = all_satisfied && r->verdict == "satisfied";
            summary.results.push_back(std::move(*r));
        }
        if (all_satisfied) ++summary.satisfied;
    }
}

void audit_windows_rule_statements(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary,
                                   std::vector<Finding>& out) {
    // Every inbound rule once (a rule sits in each profile chain it applies to).
    std::vector<const Rule*> rules;
    std::vector<std::pair<const Rule*, std::string>> placements;  // rule, profile
    bool has_ids = false;
    for (const Policy& p : input.policies) {
        if (!is_windows_policy(p) || p.name != "inbound") continue;
        for (const Chain& c : p.chains)
            for (const Rule& r : c.rules) {
                has_ids = has_ids || !r.rule_id.empty();
                placements.emplace_back(&r, c.name);
                bool seen = std::any_of(rules.begin(), rules.end(), [&](const Rule* x) { return x->loc == r.loc; });
                if (!seen) rules.push_back(&r);
            }
    }
    for (const ResolvedStatement& rs : options.statements) {
        const FlowStatement& st = *rs.statement;
        if (st.kind != StatementKind::windows_rule) continue;
        // One verdict per statement, for the reports that list them all (JUnit, HTML, Markdown).
        RequirementResult result = requirement_result(options.set->name, rs, input.file, Family::v4);
        result.family = "Windows";
        result.chain = options.windows_profile + " profile";
        auto not_applicable = [&](std::string reason) {
            result.verdict = "not applicable";
            result.reason = std::move(reason);
            summary.results.push_back(std::move(result));
        };
        if (options.host_role && *options.host_role != st.from) {
            ++summary.not_applicable;
            not_applicable(fmt::format("a rule of the {} host, not of --host {}", st.from, *options.host_role));
            continue;
        }
        ++summary.checked;
        auto matches = [&](const Rule* r) {
            if (has_ids) return iequals(r->rule_id, st.rule_id);
            return std::any_of(st.display_names.begin(), st.display_names.end(),
                               [&](const std::string& n) { return iequals(n, r->display_name); });
        };
        std::vector<const Rule*> found;
        for (const Rule* r : rules)
            if (matches(r)) found.push_back(r);
        std::string name = st.display_names.empty() ? st.rule_id : st.display_names.front();
        // A script (netsh, PowerShell) shows only the rules it changes, not
        // those already on the host: a rule it does not name is not missing.
        bool script = input.format == "netsh-script" || input.format == "powershell";
        if (found.empty() && script) {
            --summary.checked;
            ++summary.not_applicable;
            not_applicable("a script shows only the rules it changes, and this one does not name the rule");
            continue;
        }
        const std::size_t findings_before = out.size();
        Finding f;
        f.requirement = options.set->name + ": " + (st.description.empty() ? st.rule_id : st.description);
        f.loc = SourceLocation{input.file, 0, 0};
        if (found.empty()) {
            f.check = "FW101";
            f.kind = "missing";
            f.severity = Severity::error;
            f.message = fmt::format("the Windows rule {} (\"{}\") must be enabled on the {} host, but the input has no "
                                    "rule {}",
                                    st.rule_id, name, st.from,
                                    has_ids ? "with this ID" : "with this display name (English, German or French)");
            f.remediation = windows_enable_rule(st.rule_id, name);
            f.remediation.push_back("# if the rule was deleted, re-create it (or reinstall the role's rules)");
            out.push_back(std::move(f));
            settle_result(result, out, findings_before);
            summary.results.push_back(std::move(result));
            continue;
        }
        const std::string& profile = options.windows_profile;
        bool active = std::any_of(placements.begin(), placements.end(), [&](const auto& pl) {
            return pl.first->enabled && pl.second == profile && matches(pl.first);
        });
        if (active) {
            ++summary.satisfied;
            result.verdict = "satisfied";
            for (const auto& [r, where] : placements)
                if (r->enabled && r->loc.line > 0 && where == profile && matches(r) &&
                    std::none_of(result.evidence.begin(), result.evidence.end(),
                                 [&](const RelatedLine& e) { return e.line == r->loc.line; }))
                    result.evidence.push_back(RelatedLine{r->loc.file, r->loc.line});
            summary.results.push_back(std::move(result));
            continue;
        }
        const Rule* r = found.front();
        std::string shown = r->display_name.empty() || r->display_name[0] == '@' ? name : r->display_name.str();
        bool any_enabled = std::any_of(found.begin(), found.end(), [](const Rule* x) { return x->enabled; });
        f.check = "FW106";
        f.kind = "disabled";
        f.severity = Severity::error;
        f.loc = r->loc;
        for (std::size_t i = 1; i < found.size(); ++i) f.related.push_back(RelatedLine{found[i]->loc.file, found[i]->loc.line});
        if (!any_enabled) {
            f.message = fmt::format("the Windows rule {} (\"{}\") must be enabled on the {} host, but it is disabled",
                                    st.rule_id, shown, st.from);
            f.remediation = windows_enable_rule(st.rule_id, shown);
        } else {
            f.message = fmt::format("the Windows rule {} (\"{}\") must be enabled on the {} host, but it does not "
                                    "apply in the {} profile",
                                    st.rule_id, shown, st.from, profile);
            f.remediation = {
                fmt::format("netsh advfirewall firewall set rule name=\"{}\" new profile=any", shown),
                fmt::format("Set-NetFirewallRule -Name \"{}\" -Profile Any", st.rule_id)};
        }
        out.push_back(std::move(f));
        settle_result(result, out, findings_before);
        summary.results.push_back(std::move(result));
    }
}

}  // namespace fwlint
