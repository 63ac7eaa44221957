#include "analyze/remediation.hpp"

#include <fmt/format.h>

namespace fwlint {

namespace {

// How many option strings address_options gives for `set`.
std::size_t address_option_count(const IntervalSet& set, Family f) {
    return set.is_all(address_max(f)) ? 1 : set.intervals().size();
}

// One option string per interval: "-s 10.0.0.0/8" or "-m iprange --src-range a-b";
// the first `limit` of them (a non-contiguous Cisco wildcard is millions of intervals).
std::vector<std::string> address_options(const IntervalSet& set, Family f, const char* flag, const char* range_flag,
                                         std::size_t limit) {
    if (set.is_all(address_max(f))) return {""};
    std::vector<std::string> out;
    for (const auto& iv : set.intervals()) {
        if (out.size() >= limit) break;
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
    // Lines past max_lines are only counted, option by option: writing each
    // (a source set of millions of scattered addresses times a destination
    // set of as many) never ended.
    u128 total = 0;
    for (const Box& box : compacted.boxes(family)) {
        std::vector<std::string> protos;
        if (box.dims[proto_dim].is_all(max_proto)) {
            protos.push_back("");
        } else {
            for (const auto& iv : box.dims[proto_dim].intervals())
                for (u128 p = iv.lo; p <= iv.hi; ++p) protos.push_back(protocol_name(unsigned(p)));
        }
        const u128 addresses = u128(address_option_count(box.dims[src_dim], family)) *
                               u128(address_option_count(box.dims[dst_dim], family));
        struct ProtocolOptions {
            std::string p;
            std::vector<std::string> sports{""}, dports{""};
        };
        std::vector<ProtocolOptions> per_protocol;
        for (const auto& proto : protos) {
            ProtocolOptions o;
            o.p = proto.empty() ? "" : " -p " + (proto.rfind("proto ", 0) == 0 ? proto.substr(6) : proto);
            if (proto == "tcp" || proto == "udp" || proto == "sctp") {
                o.sports = port_options(box.dims[sport_dim], "--sport", "--sports", proto);
                o.dports = port_options(box.dims[dport_dim], "--dport", "--dports", proto);
            }
            total += addresses * u128(o.sports.size()) * u128(o.dports.size());
            per_protocol.push_back(std::move(o));
        }
        if (lines.size() >= max_lines) continue;
        const std::size_t room = max_lines - lines.size();
        for (const auto& src : address_options(box.dims[src_dim], family, "-s", "--src-range", room))
            for (const auto& dst : address_options(box.dims[dst_dim], family, "-d", "--dst-range", room))
                for (const auto& o : per_protocol)
                    for (const auto& sp : o.sports)
                        for (const auto& dp : o.dports) {
                            if (lines.size() >= max_lines) break;
                            lines.push_back(fmt::format("{}{}{}{}{}{} -j {}", head, src, dst, o.p, sp, dp, target));
                        }
    }
    if (total > lines.size()) {
        const u128 more = total - lines.size();
        lines.push_back(fmt::format("# ... and {} more rules like these",
                                    more <= u128(~0ull) ? fmt::format("{}", static_cast<unsigned long long>(more))
                                                        : format_count(more)));
    }
    return lines;
}

std::string iptables_delete(Family family, const std::string& chain, int position) {
    return fmt::format("{} -D {} {}", command(family), chain, position);
}

}  // namespace fwlint
