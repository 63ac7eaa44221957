#include "cli/app.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyze/audit.hpp"
#include "checks/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "parse/input.hpp"
#include "parse/requirements.hpp"
#include "report/report.hpp"

namespace fwlint {

int run_cli(int argc, char** argv) {
    CLI::App app{"fwlint: audit and lint firewall configurations", "fwlint"};
    app.set_version_flag("--version", std::string("fwlint ") + FWLINT_VERSION);
    app.require_subcommand(1);
    add_config_options(app, argc, argv);  // .fwlint.toml, --config, --no-config

    CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "audit configurations against requirement sets and lint them");
    check_cmd->add_option("files", check.files, "configuration files (iptables-save / ip6tables-save, netsh show rule, Cisco IOS/ASA/NX-OS), or directories to walk")->required();
    check_cmd->add_option("--rules", check.rule_sets, "requirement set: a bundled name (see `fwlint rules`) or a .fwreq path; repeatable")
        ->allow_extra_args(false);  // one value per use, else `--rules cep a.rules b.rules` takes a.rules as a set
    check_cmd->add_option("--role", check.roles, "bind a role to addresses: NAME=ADDR[,ADDR...] (IPv4/IPv6 address, prefix or a-b range); repeatable")
        ->allow_extra_args(false);
    check_cmd->add_option("--set", check.params, "override a requirement-set parameter: NAME=VALUE; repeatable")
        ->allow_extra_args(false);
    check_cmd->add_option("--host", check.host_role, "audit ROLE's own host firewall (INPUT for flows to it, OUTPUT for flows from it) instead of a gateway's FORWARD chain");
    check_cmd->add_option("--profile", check.windows_profile,
                          "Windows inputs: the profile the host's network is in (a rule applies only in its profiles)")
        ->check(CLI::IsMember({"domain", "private", "public"}))
        ->default_val("domain");
    check_cmd->add_option("--format", check.format, "output format (docs/reports.md)")
        ->check(CLI::IsMember({"text", "json", "sarif", "junit", "html", "markdown"}))
        ->default_val("text");
    check_cmd->add_option("-o,--output", check.output, "write the report to FILE instead of standard output");
    check_cmd->add_option("--report-date", check.report_date,
                          "the HTML report's date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: the newest input's mtime)")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                static const std::regex date(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?)");
                return std::regex_match(value, date) ? "" : "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
            },
            "DATE"));
    check_cmd->add_option("--fail-on", check.fail_on, "exit 1 when a finding has at least this severity")
        ->check(CLI::IsMember({"error", "warning", "note", "never"}))
        ->default_val("warning");
    check_cmd->add_option("--input-format", check.input_format, "input format; default: detected from the content")
        ->check(CLI::IsMember({"auto", "iptables", "netsh-show", "netsh-script", "reg", "reg-query", "powershell",
                                      "powershell-csv", "powershell-json", "ios", "asa", "nxos"}))
        ->default_val("auto");
    check_cmd->add_option("--acl", check.acls,
                          "Cisco: audit flows through these ACLs, in order, instead of the path found from the "
                          "interfaces' subnets; repeatable")
        ->allow_extra_args(false);
    check_cmd->add_flag("!--no-lint", check.lint,
                        "skip the lint checks (FW2xx): only syntax and the requirement audit, for very large rule sets");
    check_cmd->add_option("--max-open-ports", check.max_open_ports,
                          "FW204: report more than this many tcp or udp ports open to any source")
        ->check(CLI::Range(1u, 65535u))
        ->default_val(1000);
    check_cmd->add_option("--baseline", check.baseline,
                          "report only findings not recorded in this file (written by --write-baseline); the others "
                          "are listed as suppressed");
    check_cmd->add_option("--write-baseline", check.write_baseline,
                          "record the current findings in this file (JSON), to be used with --baseline");
    check_cmd->add_option("--ignore", check.ignores,
                          "do not report this check (listed as suppressed): ID or ID,ID...; repeatable")
        ->delimiter(',')
        ->allow_extra_args(false);
    check_cmd->add_flag("--skip-unknown", check.skip_unknown,
                        "skip named files whose format is not detected (with a note) instead of failing, as for files "
                        "found in a directory: for hooks that pass every changed file");
    check_cmd->add_flag("--show-suppressed", check.show_suppressed,
                        "list the findings silenced by 'fwlint: ignore' comments or the baseline");
    check_cmd->add_option("--color", check.color, "colour the text output")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_val("auto");

    std::string rules_name;
    auto* rules_cmd = app.add_subcommand("rules", "list the bundled requirement sets, or print one");
    rules_cmd->add_option("name", rules_name, "a bundled set name or a .fwreq path");

    std::string explain_id;
    auto* explain_cmd = app.add_subcommand("explain", "print the documentation of a check id (e.g. FW101)");
    explain_cmd->add_option("id", explain_id, "check id")->required();

    QueryOptions query;
    auto* query_cmd = app.add_subcommand("query", "is a flow allowed through a chain, and by which line(s)?");
    query_cmd->add_option("file", query.file, "configuration file (any format `check` reads)")->required();
    query_cmd->add_option("--from", query.from, "source: ADDR[,ADDR...] (IPv4/IPv6 address, prefix or a-b range) or any")->required();
    query_cmd->add_option("--to", query.to, "destination: ADDR[,ADDR...] or any")->required();
    query_cmd->add_option("--proto", query.proto, "tcp, udp, icmp, a protocol number or any (default: tcp with --port/--sport, else any)");
    query_cmd->add_option("--port", query.port, "destination ports: P, P-Q, P,Q...");
    query_cmd->add_option("--sport", query.sport, "source ports: P, P-Q, P,Q...");
    query_cmd->add_option("--chain", query.chain, "iptables: the built-in chain the flow crosses (default FORWARD); Cisco: as --acl");
    query_cmd->add_option("--acl", query.acls, "Cisco: the ACLs the flow crosses, in order, instead of the path found from the interfaces; repeatable")
        ->allow_extra_args(false);
    query_cmd->add_option("--direction", query.direction, "Windows: in (the host receives the flow; the default) or out")
        ->check(CLI::IsMember({"in", "out"}));
    query_cmd->add_option("--profile", query.profile, "Windows: the profile the host's network is in (default: domain)")
        ->check(CLI::IsMember({"domain", "private", "public"}));
    query_cmd->add_option("--format", query.format, "output format")->check(CLI::IsMember({"text", "json"}))->default_val("text");
    query_cmd->add_option("--input-format", query.input_format, "input format; default: detected from the content")
        ->check(CLI::IsMember({"auto", "iptables", "netsh-show", "netsh-script", "reg", "reg-query", "powershell",
                               "powershell-csv", "powershell-json", "ios", "asa", "nxos"}))
        ->default_val("auto");

    DiffOptions diff;
    auto* diff_cmd = app.add_subcommand("diff", "what NEW allows or denies that OLD did not (exit 1 when anything is newly allowed)");
    diff_cmd->add_option("old", diff.old_file, "the configuration before")->required();
    diff_cmd->add_option("new", diff.new_file, "the configuration after")->required();
    diff_cmd->add_option("--chain", diff.chains, "iptables: compare only this chain; repeatable (default: INPUT, FORWARD, OUTPUT)")
        ->allow_extra_args(false);
    diff_cmd->add_option("--acl", diff.acls, "Cisco: compare ACL OLD of the old file with ACL NEW of the new (OLD:NEW), or only ACL NAME; repeatable (default: every ACL, paired by name)")
        ->allow_extra_args(false);
    diff_cmd->add_option("--direction", diff.direction, "Windows: compare only in or out (default: both)")
        ->check(CLI::IsMember({"in", "out"}));
    diff_cmd->add_option("--profile", diff.profile, "Windows: compare only this profile (default: domain, private and public)")
        ->check(CLI::IsMember({"domain", "private", "public"}));
    diff_cmd->add_option("--format", diff.format, "output format")->check(CLI::IsMember({"text", "json"}))->default_val("text");
    diff_cmd->add_option("--max-parts", diff.max_parts, "write at most N parts of each change's packets (then a summary with exact counts) and, in text, at most N lines per change; 0: all")
        ->check(CLI::NonNegativeNumber)
        ->default_val(50);
    diff_cmd->add_option("--input-format", diff.input_format, "input format of both files; default: detected from each file's content")
        ->check(CLI::IsMember({"auto", "iptables", "netsh-show", "netsh-script", "reg", "reg-query", "powershell",
                               "powershell-csv", "powershell-json", "ios", "asa", "nxos"}))
        ->default_val("auto");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*check_cmd) return run_check(check);
    if (*rules_cmd) return run_rules(rules_name);
    if (*explain_cmd) return run_explain(explain_id);
    if (*query_cmd) return run_query(query);
    if (*diff_cmd) return run_diff(diff);
    return 2;
}

}  // namespace fwlint
