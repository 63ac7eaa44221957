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

// Double quotes cannot be escaped in a netsh name; keep the rest.
std::string quoted(const std::string& name) {
    std::string out;
    for (char c : name) out += c == '"' ? '\'' : c;
    return "\"" + out + "\"";
}

// PowerShell selects a rule by its unique Name when the input has one.
std::string ps_selector(const Rule& r) {
    if (!r.rule_id.empty()) return "-Name " + quoted(r.rule_id);
    return "-DisplayName " + quoted(windows_rule_name(r));
}

// The note, if any, before the fix lines of `r`, then `lines`.
std::vector<std::string> with_note(const Rule& r, std::vector<std::string> lines) {
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
                                         quoted(name), inbound ? "Inbound" : "Outbound", allow ? "Allow" : "Block",
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
            out.push_back(netsh);
            out.push_back(ps);
        }
    }
    if (total > max_rules) out.push_back(fmt::format("# ... and {} more rules like these", total - max_rules));
    return out;
}

std::vector<std::string> windows_enable_rule(const std::string& rule_id, const std::string& display_name) {
    std::vector<std::string> out;
    if (!display_name.empty())
        out.push_back(fmt::format("netsh advfirewall firewall set rule name={} new enable=yes", quoted(display_name)));
    out.push_back(rule_id.empty() ? fmt::format("Enable-NetFirewallRule -DisplayName {}", quoted(display_name))
                                  : fmt::format("Enable-NetFirewallRule -Name {}", quoted(rule_id)));
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
