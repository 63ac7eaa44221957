#include "analyze/remediation_windows.hpp"

#include <fmt/format.h>

namespace fwlint {

namespace {

std::string port_list(const IntervalSet& ports) {
    std::string out;
    for (const auto& iv : ports.intervals()) {
        if (!out.empty()) out += ",";
        out += iv.lo == iv.hi ? fmt::format("{}", unsigned(iv.lo))
                              : fmt::format("{}-{}", unsigned(iv.lo), unsigned(iv.hi));
    }
    return out;
}

std::string capitalized(const std::string& profile) {
    std::string p = profile;
    if (!p.empty()) p[0] = char(std::toupper(static_cast<unsigned char>(p[0])));
    return p;
}

std::string quoted(const std::string& name) { return netsh_quote(name); }

// PowerShell selects a rule by its unique Name when the input has one.
std::string ps_selector(const Rule& r) {
    if (!r.rule_id.empty()) return "-Name " + powershell_quote(r.rule_id);
    return "-DisplayName " + powershell_quote(windows_rule_name(r));
}

// The note, if any, before the fix lines of `r`, then `lines` (a netsh line
// first, then PowerShell; the netsh line becomes a comment when netsh cannot
// name the rule).
std::vector<std::string> with_note(const Rule& r, std::vector<std::string> lines) {
    if (!lines.empty() && !netsh_can_name(windows_rule_name(r))) lines.front() = netsh_cannot_name(windows_rule_name(r), !r.rule_id.empty());
    std::string note = windows_unnamed_note(r);
    if (!note.empty()) lines.insert(lines.begin(), std::move(note));
    return lines;
}

std::string protocol_word(unsigned p) {
    switch (p) {
        case 6: return "TCP";
        case 17: return "UDP";
        case 1: return "ICMPv4";
        case 58: return "ICMPv6";
    }
    return fmt::format("{}", p);
}

}  // namespace

std::string netsh_quote(const std::string& name) { return "\"" + name + "\""; }

bool netsh_indirect_name(const std::string& name) { return !name.empty() && name.front() == '@'; }

bool netsh_can_name(const std::string& name) {
    return name.find('"') == std::string::npos && !netsh_indirect_name(name);
}

std::string netsh_cannot_name() {
    return "# no netsh line: the rule's name holds a double quote, which netsh's name= cannot carry (netsh documents no "
           "escape for it); use the PowerShell line";
}

std::string netsh_cannot_name(const std::string& name, bool has_id) {
    if (!netsh_indirect_name(name)) return netsh_cannot_name();
    // @FirewallAPI.dll,-28775: Windows shows the string that resource holds,
    // in the system's language, and netsh's name= selects by what it shows.
    return fmt::format("# no netsh line: the rule's name {} is an indirect string, which Windows shows translated "
                       "(netsh show rule, wf.msc) and netsh's name= selects by the translated name, which this input "
                       "does not hold; {}",
                       name,
                       has_id ? "use the PowerShell line, which selects the rule by its ID (-Name)"
                              : "change the rule in wf.msc, or by its shown name");
}

std::string powershell_quote(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"' || c == '`' || c == '$') out += '`';
        // U+201C, U+201D, U+201E (E2 80 9C/9D/9E): PowerShell ends a string on them too.
        if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
            (text[i + 2] == '\x9C' || text[i + 2] == '\x9D' || text[i + 2] == '\x9E'))
            out += '`';
        out += c;
    }
    return out + "\"";
}

std::string windows_rule_name(const Rule& r) {
    if (!r.display_name.empty()) return r.display_name;
    if (!r.rule_id.empty()) return r.rule_id;
    return fmt::format("NAME_OF_RULE_AT_LINE_{}", r.loc.line);
}

std::string windows_unnamed_note(const Rule& r) {
    if (!r.display_name.empty() || !r.rule_id.empty()) return "";
    return fmt::format("# line {} gives this rule its name through a variable or splatting (@params), which fwlint "
                       "does not evaluate: put the rule's -DisplayName in place of NAME_OF_RULE_AT_LINE_{}",
                       r.loc.line, r.loc.line);
}

std::string windows_address_list(const IntervalSet& set, Family family) {
    if (set.is_all(address_max(family))) return "";
    std::string text = format_address_set(set, family);
    std::string out;
    for (char c : text)
        if (c != ' ') out += c;
    return out;
}

std::vector<std::string> windows_add_rules(const PacketSet& packets, Family family, bool inbound, bool allow,
                                           const std::string& profile, const std::string& name,
                                           std::size_t max_rules) {
    PacketSet compacted = packets;
    compacted.compact();
    std::vector<std::string> out;
    std::size_t total = 0;
    for (const Box& box : compacted.boxes(family)) {
        std::vector<std::string> protos;
        if (box.dims[proto_dim].is_all(max_proto))
            protos.push_back("any");
        else
            for (const auto& iv : box.dims[proto_dim].intervals())
                for (u128 p = iv.lo; p <= iv.hi && protos.size() < 8; ++p) protos.push_back(protocol_word(unsigned(p)));
        std::string remote = windows_address_list(box.dims[inbound ? src_dim : dst_dim], family);
        for (const auto& proto : protos) {
            ++total;
            if (total > max_rules) continue;
            bool ported = proto == "TCP" || proto == "UDP";
            std::string ports = ported && !box.dims[dport_dim].is_all(max_port) ? port_list(box.dims[dport_dim]) : "";
            std::string netsh = fmt::format("netsh advfirewall firewall add rule name={} dir={} action={} protocol={}",
                                            quoted(name), inbound ? "in" : "out", allow ? "allow" : "block", proto);
            std::string ps = fmt::format("New-NetFirewallRule -DisplayName {} -Direction {} -Action {} -Protocol {}",
                                         powershell_quote(name), inbound ? "Inbound" : "Outbound", allow ? "Allow" : "Block",
                                         proto == "any" ? "Any" : proto);
            if (!ports.empty()) {
                netsh += fmt::format(" {}={}", inbound ? "localport" : "remoteport", ports);
                ps += fmt::format(" {} {}", inbound ? "-LocalPort" : "-RemotePort", ports);
            }
            if (!remote.empty()) {
                netsh += " remoteip=" + remote;
                ps += " -RemoteAddress " + remote;
            }
            netsh += " profile=" + profile;
            ps += " -Profile " + capitalized(profile);
            // A new rule: netsh names it as written, '@' or not.
            out.push_back(name.find('"') == std::string::npos ? netsh : netsh_cannot_name());
            out.push_back(ps);
        }
    }
    if (total > max_rules) out.push_back(fmt::format("# ... and {} more rules like these", total - max_rules));
    return out;
}

std::vector<std::string> windows_enable_rule(const std::string& rule_id, const std::string& display_name) {
    std::vector<std::string> out;
    if (!display_name.empty())
        out.push_back(netsh_can_name(display_name)
                          ? fmt::format("netsh advfirewall firewall set rule name={} new enable=yes", quoted(display_name))
                          : netsh_cannot_name(display_name, !rule_id.empty()));
    out.push_back(rule_id.empty() ? fmt::format("Enable-NetFirewallRule -DisplayName {}", powershell_quote(display_name))
                                  : fmt::format("Enable-NetFirewallRule -Name {}", powershell_quote(rule_id)));
    return out;
}

std::vector<std::string> windows_disable_rule(const Rule& r) {
    return with_note(r, {fmt::format("netsh advfirewall firewall set rule name={} new enable=no",
                                     quoted(windows_rule_name(r))),
                         fmt::format("Disable-NetFirewallRule {}", ps_selector(r))});
}

std::vector<std::string> windows_delete_rule(const Rule& r) {
    return with_note(r, {fmt::format("netsh advfirewall firewall delete rule name={}", quoted(windows_rule_name(r))),
                         fmt::format("Remove-NetFirewallRule {}", ps_selector(r))});
}

std::vector<std::string> windows_narrow_ports(const Rule& r, const IntervalSet& ports, bool inbound) {
    std::string list = port_list(ports);
    // dir=: display names are not unique, an inbound rule may share this one's.
    return with_note(r, {fmt::format("netsh advfirewall firewall set rule name={} dir={} new {}={}",
                                     quoted(windows_rule_name(r)), inbound ? "in" : "out",
                                     inbound ? "localport" : "remoteport", list),
                         fmt::format("Set-NetFirewallRule {} {} {}", ps_selector(r),
                                     inbound ? "-LocalPort" : "-RemotePort", list)});
}

std::vector<std::string> windows_edge_block(const Rule& r) {
    return with_note(r, {fmt::format("netsh advfirewall firewall set rule name={} new edge=no",
                                     quoted(windows_rule_name(r))),
                         fmt::format("Set-NetFirewallRule {} -EdgeTraversalPolicy Block", ps_selector(r))});
}

}  // namespace fwlint
