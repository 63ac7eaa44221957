#include "analyze/audit_windows.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "analyze/remediation_windows.hpp"

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
    return fmt::format("the {} profile's default {} action {} ({})", d.chain->name, policy.name,
                       d.verdict == Verdict::accept ? "Allow" : "Block",
                       d.chain->loc.line > 0 ? fmt::format("line {}", d.chain->loc.line) : std::string("assumed"));
}

std::vector<const Rule*> disabled_allows(const Chain& chain, const PacketSet& packets) {
    std::vector<const Rule*> out;
    for (const Rule& r : chain.rules)
        if (!r.enabled && r.action == Action::accept && r.match.intersects(packets)) out.push_back(&r);
    return out;
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
        if (options.host_role && *options.host_role != st.from) {
            ++summary.not_applicable;
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
            continue;
        }
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
            continue;
        }
        const std::string& profile = options.windows_profile;
        bool active = std::any_of(placements.begin(), placements.end(), [&](const auto& pl) {
            return pl.first->enabled && pl.second == profile && matches(pl.first);
        });
        if (active) {
            ++summary.satisfied;
            continue;
        }
        const Rule* r = found.front();
        std::string shown = r->display_name.empty() || r->display_name[0] == '@' ? name : r->display_name;
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
    }
}

}  // namespace fwlint
