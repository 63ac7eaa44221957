#include "analyze/remediation.hpp"

#include <fmt/format.h>

namespace fwlint {

namespace {

// One option string per interval: "-s 10.0.0.0/8" or "-m iprange --src-range a-b".
std::vector<std::string> address_options(const IntervalSet& set, Family f, const char* flag, const char* range_flag) {
    if (set.is_all(address_max(f))) return {""};
    std::vector<std::string> out;
    for (const auto& iv : set.intervals()) {
        std::string text = format_address_set(IntervalSet::range(iv.lo, iv.hi), f);
        if (text.find('-') != std::string::npos && text.find(',') == std::string::npos)
            out.push_back(fmt::format(" -m iprange {} {}", range_flag, text));
        else if (text.find(", ") == std::string::npos)
            out.push_back(fmt::format(" {} {}{}", flag, text, text.find('/') == std::string::npos ? (f == Family::v4 ? "/32" : "/128") : ""));
        else
            out.push_back(fmt::format(" -m iprange {} {}-{}", range_flag, format_address(iv.lo, f), format_address(iv.hi, f)));
    }
    return out;
}

std::string port_list(const IntervalSet& ports) {
    std::string out;
    for (const auto& iv : ports.intervals()) {
        if (!out.empty()) out += ",";
        out += iv.lo == iv.hi ? fmt::format("{}", unsigned(iv.lo)) : fmt::format("{}:{}", unsigned(iv.lo), unsigned(iv.hi));
    }
    return out;
}

// multiport takes at most 15 ports, a range counting two.
std::vector<std::string> port_options(const IntervalSet& ports, const char* single, const char* multi, const std::string& proto) {
    if (ports.is_all(max_port)) return {""};
    std::vector<std::string> out;
    if (ports.intervals().size() == 1)
        return {fmt::format(" -m {} {} {}", proto, single, port_list(ports))};
    IntervalSet chunk;
    int weight = 0;
    for (const auto& iv : ports.intervals()) {
        int w = iv.lo == iv.hi ? 1 : 2;
        if (weight + w > 15) {
            out.push_back(fmt::format(" -m multiport {} {}", multi, port_list(chunk)));
            chunk = IntervalSet();
            weight = 0;
        }
        chunk.add(iv.lo, iv.hi);
        weight += w;
    }
    out.push_back(fmt::format(" -m multiport {} {}", multi, port_list(chunk)));
    return out;
}

const char* command(Family f) { return f == Family::v4 ? "iptables" : "ip6tables"; }

}  // namespace

std::vector<std::string> iptables_rules_for(const PacketSet& packets, Family family, const std::string& chain,
                                            int position, const std::string& target, std::size_t max_lines) {
    PacketSet compacted = packets;
    compacted.compact();
    std::string head = position > 0 ? fmt::format("{} -I {} {}", command(family), chain, position)
                                    : fmt::format("{} -A {}", command(family), chain);
    std::vector<std::string> lines;
    std::size_t total = 0;
    for (const Box& box : compacted.boxes(family)) {
        std::vector<std::string> protos;
        if (box.dims[proto_dim].is_all(max_proto)) {
            protos.push_back("");
        } else {
            for (const auto& iv : box.dims[proto_dim].intervals())
                for (u128 p = iv.lo; p <= iv.hi; ++p) protos.push_back(protocol_name(unsigned(p)));
        }
        for (const auto& src : address_options(box.dims[src_dim], family, "-s", "--src-range"))
            for (const auto& dst : address_options(box.dims[dst_dim], family, "-d", "--dst-range"))
                for (const auto& proto : protos) {
                    bool ported = proto == "tcp" || proto == "udp" || proto == "sctp";
                    std::string p = proto.empty() ? "" : " -p " + (proto.rfind("proto ", 0) == 0 ? proto.substr(6) : proto);
                    std::vector<std::string> sports{""}, dports{""};
                    if (ported) {
                        sports = port_options(box.dims[sport_dim], "--sport", "--sports", proto);
                        dports = port_options(box.dims[dport_dim], "--dport", "--dports", proto);
                    }
                    for (const auto& sp : sports)
                        for (const auto& dp : dports) {
                            ++total;
                            if (lines.size() < max_lines)
                                lines.push_back(fmt::format("{}{}{}{}{}{} -j {}", head, src, dst, p, sp, dp, target));
                        }
                }
    }
    if (total > lines.size()) lines.push_back(fmt::format("# ... and {} more rules like these", total - lines.size()));
    return lines;
}

std::string iptables_delete(Family family, const std::string& chain, int position) {
    return fmt::format("{} -D {} {}", command(family), chain, position);
}

}  // namespace fwlint
