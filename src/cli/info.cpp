// `fwlint rules` and `fwlint explain`: print what fwlint knows.
#include <fmt/format.h>

#include "checks/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/rule_sets.hpp"
#include "ir/packet_set.hpp"
#include "parse/requirements.hpp"

namespace fwlint {

namespace {

std::string services_text(const ServiceSpec& s) {
    if (s.to_required) {
        std::vector<std::string> protos;
        for (unsigned p : s.protocols) protos.push_back(protocol_name(p));
        return fmt::format("{} to required", fmt::join(protos, "+"));
    }
    if (s.protocols.empty() && s.port_terms.empty()) return "any";
    std::vector<std::string> protos;
    for (unsigned p : s.protocols) protos.push_back(protocol_name(p));
    std::string out = protos.empty() ? "any" : fmt::format("{}", fmt::join(protos, "+"));
    if (!s.port_terms.empty()) out += fmt::format(" {}", fmt::join(s.port_terms, ", "));
    return out;
}

}  // namespace

int run_rules(const std::string& name) {
    if (name.empty()) {
        auto names = bundled_rule_set_names(bundled_rules_dir());
        if (names.empty()) {
            fmt::print(stderr, "fwlint: error: no requirement sets found in {}\n", bundled_rules_dir());
            return 2;
        }
        for (const auto& n : names) {
            Diagnostics diags;
            auto set = load_rule_set(n, diags);
            fmt::print("{:<16} {}\n", n, set ? set->title : "(does not parse: run `fwlint rules " + n + "`)");
        }
        return 0;
    }
    Diagnostics diags;
    auto set = load_rule_set(name, diags);
    for (const auto& d : diags)
        fmt::print(stderr, "{}:{}:{}: {}: {}\n", d.loc.file, d.loc.line, d.loc.column, severity_name(d.severity),
                   d.message);
    if (!set) return 2;
    Diagnostics errors;
    auto resolved = resolve_requirements(*set, {}, errors);

    fmt::print("{}: {}\n", set->name, set->title);
    if (!set->source.empty()) fmt::print("source: {}\n", set->source);
    fmt::print("file: {}\n\nroles:\n", set->file);
    for (const auto& r : set->roles) fmt::print("  {:<12} {}\n", r.name, r.description);
    if (!set->params.empty()) {
        fmt::print("\nparameters (override with --set NAME=VALUE):\n");
        for (const auto& p : set->params)
            fmt::print("  {:<16} = {:<14} {}\n", p.name, p.default_value, p.description);
    }
    fmt::print("\nstatements:\n");
    for (const auto& rs : resolved) {
        const FlowStatement& st = *rs.statement;
        if (st.kind == StatementKind::windows_rule) {
            fmt::print("  windows-rule {} {} must be enabled", st.from, st.rule_id);
        } else {
            fmt::print("  {:<7} {} -> {} {}", statement_kind_name(st.kind), st.from, st.to, services_text(st.services));
            bool uses_param = st.services.to_required;
            for (const auto& t : st.services.port_terms) uses_param = uses_param || t.starts_with("$");
            if (uses_param) fmt::print(" (= {})", format_ports(rs.ports));
        }
        if (!st.description.empty()) fmt::print("  \"{}\"", st.description);
        fmt::print("\n");
        for (const auto& w : st.when) fmt::print("      when {}: {}\n", w.param, services_text(w.services));
        if (!st.source.empty()) fmt::print("      source: {}\n", st.source);
        for (const auto& n : st.notes) fmt::print("      note: {}\n", n);
    }
    return 0;
}

int run_explain(const std::string& id) {
    const CheckInfo* c = find_check(id);
    if (!c) {
        std::vector<std::string> ids;
        for (const auto& k : check_catalog()) ids.push_back(k.id);
        fmt::print(stderr, "fwlint: error: unknown check id '{}' (known: {})\n", id, fmt::join(ids, ", "));
        return 2;
    }
    fmt::print("{} [{}, {}]: {}\n\nWhat it detects:\n  {}\n\nWhy it matters:\n  {}\n\nExample:\n  {}\n\nHow to fix:\n  {}\n",
               c->id, c->kind, severity_name(c->severity), c->title, c->detects, c->why, c->example, c->fix);
    return 0;
}

}  // namespace fwlint
