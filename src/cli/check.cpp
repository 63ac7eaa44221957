// `fwlint check`: read inputs, load requirement sets, audit, report.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "analyze/audit.hpp"
#include "analyze/audit_windows.hpp"
#include "checks/lint.hpp"
#include "cli/baseline_options.hpp"
#include "cli/check_files.hpp"
#include "cli/commands.hpp"
#include "cli/report_output.hpp"
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

// "skipped 2 files of no detected format: a, b" (the first ten named).
std::string skipped_note(const std::vector<std::string>& files) {
    std::size_t shown = std::min<std::size_t>(files.size(), 10);
    std::vector<std::string> names(files.begin(), files.begin() + shown);
    return fmt::format("skipped {} file{} that {} empty or of no detected format: {}{}", files.size(),
                       files.size() == 1 ? "" : "s", files.size() == 1 ? "is" : "are", fmt::join(names, ", "),
                       files.size() > shown ? fmt::format(" and {} more", files.size() - shown) : "");
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
    for (const auto& s : sets) {
        report.rule_sets.push_back(s.set.name);
        report.rule_set_titles[s.set.name] = s.set.title;
    }
    AuditSummary summary;
    // Files and directories (walked, sorted); checked on all cores, merged in input order.
    std::vector<std::string> walk_errors;
    std::vector<InputFile> inputs = expand_inputs(options.files, walk_errors);
    if (options.skip_unknown)
        for (auto& in : inputs) in.from_walk = true;
    for (const auto& e : walk_errors) fmt::print(stderr, "{}\n", e);
    input_error = !walk_errors.empty();
    FileCheckOptions per_file;
    per_file.input_format = options.input_format;
    per_file.lint = options.lint;
    per_file.lint_options = LintOptions{options.max_open_ports};
    per_file.fingerprint_base = baseline_directory(options);
    per_file.digest = options.format == "html";
    for (const auto& s : sets) {
        AuditOptions audit;
        audit.set = &s.set;
        audit.statements = s.statements;
        audit.roles = roles;
        if (!options.host_role.empty()) audit.host_role = options.host_role;
        audit.acls = options.acls;
        audit.windows_profile = options.windows_profile;
        per_file.audits.push_back(std::move(audit));
    }
    std::vector<std::string> skipped;
    for (auto& checked : check_files(inputs, per_file)) {
        for (const auto& e : checked.errors) fmt::print(stderr, "{}\n", e);
        input_error = input_error || !checked.errors.empty();
        if (checked.skipped) skipped.push_back(checked.file);
        if (checked.input) report.inputs.push_back(*checked.input);
        for (auto& f : checked.findings) report.findings.push_back(std::move(f));
        for (auto& s : checked.suppressed) report.suppressed.push_back(std::move(s));
        report.quoted.text.merge(checked.quoted.text);
        summary.add(checked.summary);
    }
    if (!skipped.empty())
        report.notes.push_back(skipped_note(skipped));
    if (report.inputs.empty() && !input_error && !options.skip_unknown) {
        usage_error("no configuration file found to check (no file in the named directories has a detected format)");
        input_error = true;
    }
    int windows_inputs = 0;
    for (const auto& in : report.inputs) windows_inputs += is_windows_format(in.format);
    report.checked = summary.checked;
    report.satisfied = summary.satisfied;
    report.not_applicable = summary.not_applicable;
    report.requirements = std::move(summary.results);
    if (!summary.unbound_roles.empty())
        report.notes.push_back(fmt::format("role{} {} not bound with --role: checked for any address",
                                           summary.unbound_roles.size() == 1 ? "" : "s",
                                           fmt::join(summary.unbound_roles, ", ")));
    for (const auto& s : sets)
        for (const auto& st : s.set.statements)
            if (st.kind == StatementKind::windows_rule && windows_inputs == 0) {
                report.notes.push_back(fmt::format(
                    "{}: the Windows rule {} must be enabled on the {} host; this input cannot show it",
                    s.set.name, st.rule_id, st.from));
            }
    if (sets.empty())
        report.notes.push_back("no requirement set selected: only the syntax and the lint checks were run (add --rules NAME; "
                               "`fwlint rules` lists them)");
    if (windows_inputs > 0 && !sets.empty())
        report.notes.push_back(
            options.host_role.empty()
                ? std::string("a Windows input is one host's own firewall: add --host ROLE (e.g. --host cep) to audit "
                              "its flows")
                : fmt::format("Windows host firewall of {}: flows to it checked against the inbound rules, flows from "
                              "it against the outbound rules, in the {} profile (--profile)",
                              options.host_role, options.windows_profile));
    if (!options.host_role.empty() && windows_inputs < int(report.inputs.size()))
        report.notes.push_back(fmt::format("host firewall of {}: flows to it checked in INPUT, flows from it in "
                                           "OUTPUT, other flows are not on this host's path",
                                           options.host_role));
    sort_findings(report.findings);
    if (!apply_baseline_options(options, report)) return 2;

    if (!write_report(report, options, options.output.empty() && use_color(options.color))) return 2;

    if (input_error) return 2;
    int threshold = severity_rank(options.fail_on);
    for (const auto& f : report.findings)
        if (int(f.severity) >= threshold) return 1;
    return 0;
}

}  // namespace fwlint
