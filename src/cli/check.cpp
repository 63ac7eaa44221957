// `fwlint check`: read inputs, load requirement sets, audit, report.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "analyze/audit.hpp"
#include "checks/lint.hpp"
#include "cli/commands.hpp"
#include "cli/rule_sets.hpp"
#include "parse/input.hpp"
#include "parse/requirements.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

void print_diagnostic(const Diagnostic& d) {
    if (d.loc.line > 0)
        fmt::print(stderr, "{}:{}:{}: {}: {}\n", d.loc.file, d.loc.line, d.loc.column > 0 ? d.loc.column : 1,
                   severity_name(d.severity), d.message);
    else
        fmt::print(stderr, "{}: {}: {}\n", d.loc.file, severity_name(d.severity), d.message);
}

void usage_error(const std::string& message) { fmt::print(stderr, "fwlint: error: {}\n", message); }

Finding finding_from(const Diagnostic& d) {
    Finding f;
    f.check = d.severity == Severity::error ? "FW001" : "FW002";
    f.kind = "syntax";
    f.severity = d.severity;
    f.loc = d.loc;
    f.message = d.message;
    return f;
}

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    return isatty(fileno(stdout)) && std::getenv("NO_COLOR") == nullptr;
}

int severity_rank(const std::string& name) {
    if (name == "note") return int(Severity::note);
    if (name == "warning") return int(Severity::warning);
    if (name == "error") return int(Severity::error);
    return 99;  // never
}

struct LoadedSet {
    RequirementSet set;
    std::vector<ResolvedStatement> statements;
};

}  // namespace

int run_check(const CheckOptions& options) {
    bool input_error = false;

    // --set NAME=VALUE, shared by every selected set that declares NAME.
    std::map<std::string, std::string> params;
    for (const auto& p : options.params) {
        auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            usage_error(fmt::format("expected NAME=VALUE in --set '{}'", p));
            return 2;
        }
        params[p.substr(0, eq)] = p.substr(eq + 1);
    }

    if (options.rule_sets.empty() && (!options.roles.empty() || !options.params.empty() || !options.host_role.empty())) {
        usage_error("--role, --set and --host apply to a requirement set: add --rules NAME (see `fwlint rules`)");
        return 2;
    }

    std::vector<LoadedSet> sets;
    for (const auto& name : options.rule_sets) {
        Diagnostics diags;
        auto set = load_rule_set(name, diags);
        for (const auto& d : diags) print_diagnostic(d);
        if (!set) return 2;
        sets.push_back(LoadedSet{std::move(*set), {}});
    }
    for (const auto& [name, value] : params) {
        bool known = false;
        for (const auto& s : sets) known = known || s.set.find_param(name);
        if (!known) {
            std::string declared;
            for (const auto& s : sets)
                for (const auto& p : s.set.params) declared += (declared.empty() ? "" : ", ") + p.name;
            usage_error(fmt::format("--set {}: no selected requirement set has a parameter '{}'{}", name, name,
                                    declared.empty() ? "" : " (parameters: " + declared + ")"));
            return 2;
        }
    }
    for (auto& s : sets) {
        std::map<std::string, std::string> mine;
        for (const auto& [name, value] : params)
            if (s.set.find_param(name)) mine[name] = value;
        Diagnostics errors;
        s.statements = resolve_requirements(s.set, mine, errors);
        for (const auto& d : errors) print_diagnostic(d);
        if (!errors.empty()) return 2;
    }

    auto declared_role = [&](const std::string& role) {
        for (const auto& s : sets)
            if (s.set.find_role(role)) return true;
        return false;
    };
    auto role_list = [&] {
        std::string out;
        for (const auto& s : sets)
            for (const auto& r : s.set.roles)
                if (out.find(r.name) == std::string::npos) out += (out.empty() ? "" : ", ") + r.name;
        return out;
    };
    std::map<std::string, RoleBinding> roles;
    for (const auto& text : options.roles) {
        std::string error;
        auto b = parse_role_binding(text, error);
        if (!b) {
            usage_error(error);
            return 2;
        }
        if (!sets.empty() && !declared_role(b->name)) {
            usage_error(fmt::format("--role {}: no selected requirement set declares this role (roles: {})", b->name,
                                    role_list()));
            return 2;
        }
        if (roles.count(b->name)) {
            RoleBinding& existing = roles[b->name];
            existing.v4 = existing.v4.unite(b->v4);
            existing.v6 = existing.v6.unite(b->v6);
            existing.text += "," + b->text;
        } else {
            roles[b->name] = *b;
        }
    }
    if (!options.host_role.empty() && !sets.empty() && !declared_role(options.host_role)) {
        usage_error(fmt::format("--host {}: no selected requirement set declares this role (roles: {})",
                                options.host_role, role_list()));
        return 2;
    }

    Report report;
    for (const auto& s : sets) report.rule_sets.push_back(s.set.name);
    AuditSummary summary;
    for (const auto& file : options.files) {
        std::string error;
        auto bytes = read_file_bytes(file, error);
        if (!bytes) {
            fmt::print(stderr, "{}: error: {}\n", file, error);
            input_error = true;
            continue;
        }
        DecodedText decoded = decode_text(std::move(*bytes));
        std::string format = options.input_format == "auto" ? detect_format(decoded.text) : options.input_format;
        if (decoded.text.find_first_not_of(" \t\r\n") == std::string::npos) {
            fmt::print(stderr, "{}: error: the file is empty: nothing to check\n", file);
            input_error = true;
            continue;
        }
        if (format.empty()) {
            fmt::print(stderr,
                       "{}: error: cannot tell the input format (expected iptables-save, ip6tables-save or netsh advfirewall show output); "
                       "use --input-format\n",
                       file);
            input_error = true;
            continue;
        }
        auto parsed = parse_input(std::move(decoded.text), format, file);
        if (!parsed) {
            fmt::print(stderr, "{}: error: unsupported input format '{}'\n", file, format);
            input_error = true;
            continue;
        }
        report.inputs.push_back(InputSummary{file, parsed->format, parsed->rule_count(), parsed->diagnostics.size()});
        for (const auto& d : parsed->diagnostics) report.findings.push_back(finding_from(d));
        if (options.lint)
            for (auto& f : lint_policy(*parsed, LintOptions{options.max_open_ports})) report.findings.push_back(std::move(f));
        for (const auto& s : sets) {
            AuditOptions audit;
            audit.set = &s.set;
            audit.statements = s.statements;
            audit.roles = roles;
            if (!options.host_role.empty()) audit.host_role = options.host_role;
            for (auto& f : audit_requirements(*parsed, audit, summary)) report.findings.push_back(std::move(f));
        }
    }
    report.checked = summary.checked;
    report.satisfied = summary.satisfied;
    report.not_applicable = summary.not_applicable;
    if (!summary.unbound_roles.empty())
        report.notes.push_back(fmt::format("role{} {} not bound with --role: checked for any address",
                                           summary.unbound_roles.size() == 1 ? "" : "s",
                                           fmt::join(summary.unbound_roles, ", ")));
    for (const auto& s : sets)
        for (const auto& st : s.set.statements)
            if (st.kind == StatementKind::windows_rule) {
                report.notes.push_back(fmt::format(
                    "{}: the Windows rule {} must be enabled on the {} host; iptables inputs cannot show it",
                    s.set.name, st.rule_id, st.from));
            }
    if (sets.empty())
        report.notes.push_back("no requirement set selected: only the syntax and the lint checks were run (add --rules NAME; "
                               "`fwlint rules` lists them)");
    if (!options.host_role.empty())
        report.notes.push_back(fmt::format("host firewall of {}: flows to it checked in INPUT, flows from it in "
                                           "OUTPUT, other flows are not on this host's path",
                                           options.host_role));
    sort_findings(report.findings);

    if (options.format == "json")
        fmt::print("{}", render_json(report));
    else
        fmt::print("{}", render_text(report, use_color(options.color)));
    std::fflush(stdout);

    if (input_error) return 2;
    int threshold = severity_rank(options.fail_on);
    for (const auto& f : report.findings)
        if (int(f.severity) >= threshold) return 1;
    return 0;
}

}  // namespace fwlint
