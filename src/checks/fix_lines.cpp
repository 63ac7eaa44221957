#include "checks/fix_lines.hpp"

#include <fmt/format.h>

#include "analyze/evaluate.hpp"
#include "analyze/remediation.hpp"
#include "analyze/remediation_cisco.hpp"
#include "analyze/remediation_windows.hpp"
#include "parse/text_trim.hpp"

namespace fwlint {

namespace {

std::string windows_dir(const Policy& policy) { return policy.name == "outbound" ? "out" : "in"; }

// How PowerShell names the rule: its unique ID when the input shows one.
std::string powershell_target(const Rule& rule) {
    if (!rule.rule_id.empty()) return "-Name " + powershell_quote(rule.rule_id);
    return "-DisplayName " + powershell_quote(windows_rule_name(rule));
}

// Windows fix lines, after a comment when the rule's name is a placeholder.
std::vector<std::string> windows_lines(const Rule& rule, std::string netsh, std::string powershell) {
    std::vector<std::string> out;
    if (auto note = windows_unnamed_note(rule); !note.empty()) out.push_back(std::move(note));
    out.push_back(netsh_can_name(windows_rule_name(rule)) ? std::move(netsh)
                                                          : netsh_cannot_name(windows_rule_name(rule), !rule.rule_id.empty()));
    out.push_back(std::move(powershell));
    return out;
}

}  // namespace

Dialect dialect_of(std::string_view format, const Policy& policy) {
    if (policy.order == EvaluationOrder::windows_precedence) return Dialect::windows;
    if (format == "iptables-save" || format == "ip6tables-save") return Dialect::iptables;
    if (format == "cisco-ios") return Dialect::cisco_ios;
    if (format == "cisco-asa") return Dialect::cisco_asa;
    if (format == "cisco-nxos") return Dialect::cisco_nxos;
    return Dialect::other;
}


std::vector<std::string> remove_rule_lines(Dialect dialect, const Policy& policy, const Chain& chain,
                                           const Rule& rule) {
    switch (dialect) {
        case Dialect::iptables:
            return {iptables_delete(policy.family, chain.name, rule_position(chain, &rule))};
        case Dialect::windows:
            // netsh deletes every rule of that display name; the ID is exact.
            return windows_lines(rule,
                                 fmt::format("netsh advfirewall firewall delete rule name={} dir={}",
                                             netsh_quote(windows_rule_name(rule)), windows_dir(policy)),
                                 "Remove-NetFirewallRule " + powershell_target(rule));
        case Dialect::cisco_ios:
        case Dialect::cisco_nxos:
        case Dialect::cisco_asa:
            return cisco_remove(policy, chain, rule);
        case Dialect::other:
            break;
    }
    return {fmt::format("# delete line {}: {}", rule.loc.line, trim_blanks(rule.text))};
}

std::vector<std::string> narrow_source_lines(Dialect dialect, const Policy& policy, const Chain& chain,
                                             const Rule& rule) {
    switch (dialect) {
        case Dialect::windows:
            return windows_lines(rule,
                                 fmt::format("netsh advfirewall firewall set rule name={} dir={} new "
                                             "remoteip=TRUSTED_SOURCES",
                                             netsh_quote(windows_rule_name(rule)), windows_dir(policy)),
                                 fmt::format("Set-NetFirewallRule {} -RemoteAddress TRUSTED_SOURCES",
                                             powershell_target(rule)));
        case Dialect::cisco_ios:
        case Dialect::cisco_nxos:
        case Dialect::cisco_asa: {
            auto lines = remove_rule_lines(dialect, policy, chain, rule);
            lines.push_back(fmt::format("# then add line {} again with TRUSTED_SOURCES in place of its any source: {}",
                                        rule.loc.line, trim_blanks(rule.text)));
            return lines;
        }
        case Dialect::iptables:
        case Dialect::other:
            break;
    }
    return {fmt::format("# restrict the sources of line {} to TRUSTED_SOURCES: {}", rule.loc.line, trim_blanks(rule.text))};
}

}  // namespace fwlint
