#include "cli/app.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyze/audit.hpp"
#include "checks/catalog.hpp"
#include "cli/commands.hpp"
#include "parse/input.hpp"
#include "parse/requirements.hpp"
#include "report/report.hpp"

namespace fwlint {

int run_cli(int argc, char** argv) {
    CLI::App app{"fwlint: audit and lint firewall configurations", "fwlint"};
    app.set_version_flag("--version", std::string("fwlint ") + FWLINT_VERSION);
    app.require_subcommand(1);

    CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "audit configurations against requirement sets and lint them");
    check_cmd->add_option("files", check.files, "configuration files (iptables-save / ip6tables-save)")->required();
    check_cmd->add_option("--rules", check.rule_sets, "requirement set: a bundled name (see `fwlint rules`) or a .fwreq path; repeatable");
    check_cmd->add_option("--role", check.roles, "bind a role to addresses: NAME=ADDR[,ADDR...] (IPv4/IPv6 address, prefix or a-b range); repeatable");
    check_cmd->add_option("--set", check.params, "override a requirement-set parameter: NAME=VALUE; repeatable");
    check_cmd->add_option("--host", check.host_role, "audit ROLE's own host firewall (INPUT for flows to it, OUTPUT for flows from it) instead of a gateway's FORWARD chain");
    check_cmd->add_option("--format", check.format, "output format")->check(CLI::IsMember({"text", "json"}))->default_val("text");
    check_cmd->add_option("--fail-on", check.fail_on, "exit 1 when a finding has at least this severity")
        ->check(CLI::IsMember({"error", "warning", "note", "never"}))
        ->default_val("warning");
    check_cmd->add_option("--input-format", check.input_format, "input format; default: detected from the content")
        ->check(CLI::IsMember({"auto", "iptables"}))
        ->default_val("auto");
    check_cmd->add_option("--color", check.color, "colour the text output")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_val("auto");

    std::string rules_name;
    auto* rules_cmd = app.add_subcommand("rules", "list the bundled requirement sets, or print one");
    rules_cmd->add_option("name", rules_name, "a bundled set name or a .fwreq path");

    std::string explain_id;
    auto* explain_cmd = app.add_subcommand("explain", "print the documentation of a check id (e.g. FW101)");
    explain_cmd->add_option("id", explain_id, "check id")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*check_cmd) return run_check(check);
    if (*rules_cmd) return run_rules(rules_name);
    if (*explain_cmd) return run_explain(explain_id);
    return 2;
}

}  // namespace fwlint
