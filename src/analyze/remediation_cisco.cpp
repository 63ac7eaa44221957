// Cisco ACEs for packet sets. IOS writes addresses with wildcard masks
// ("10.0.0.8 0.0.0.7"), the ASA with netmasks ("10.0.0.8 255.255.255.248"),
// NX-OS as prefixes ("10.0.0.8/29"); all three say "host A" for one address
// (NX-OS: A/32) and "any" for all. A set that is not one block becomes one
// ACE per block.
#include "analyze/remediation_cisco.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fwlint {

namespace {

bool ios(const Policy& p) { return p.syntax.rfind("ios", 0) == 0; }
bool asa(const Policy& p) { return p.syntax == "asa"; }

unsigned width(Family f) { return f == Family::v4 ? 32 : 128; }

// Aligned prefix blocks covering [lo, hi] exactly: (base, prefix length).
std::vector<std::pair<u128, unsigned>> blocks(u128 lo, u128 hi, Family f) {
    std::vector<std::pair<u128, unsigned>> out;
    unsigned w = width(f);
    while (lo <= hi) {
        unsigned n = 0;
        while (n < w) {
            // The whole space first: for IPv6, 1 << 128 would be undefined (UBSan).
            if (n + 1 == w) {
                if (lo == 0 && hi == address_max(f)) ++n;
                break;
            }
            u128 size = u128{1} << (n + 1);
            if ((lo & (size - 1)) != 0 || lo + (size - 1) > hi || lo + (size - 1) < lo) break;
            ++n;
        }
        out.emplace_back(lo, w - n);
        u128 last = n == 128 ? ~u128{0} : lo + ((u128{1} << n) - 1);
        if (last >= hi) break;
        lo = last + 1;
    }
    return out;
}

std::string address_text(u128 base, unsigned len, const Policy& p) {
    Family f = p.family;
    unsigned w = width(f);
    if (len == 0) return asa(p) ? (f == Family::v4 ? "any4" : "any6") : "any";
    if (len == w && !(p.syntax.rfind("nxos", 0) == 0)) return "host " + format_address(base, f);
    if (f == Family::v6 || p.syntax.rfind("nxos", 0) == 0) return fmt::format("{}/{}", format_address(base, f), len);
    u128 mask = (u128{0xffffffffu} << (32 - len)) & 0xffffffffu;
    if (asa(p)) return format_address(base, f) + " " + format_address(mask, f);
    return format_address(base, f) + " " + format_address(~mask & 0xffffffffu, f);
}

std::vector<std::string> addresses(const IntervalSet& set, const Policy& p) {
    std::vector<std::string> out;
    for (const auto& iv : set.intervals())
        for (auto [base, len] : blocks(iv.lo, iv.hi, p.family)) out.push_back(address_text(base, len, p));
    return out;
}

std::vector<std::string> port_parts(const IntervalSet& ports) {
    if (ports.is_all(max_port)) return {""};
    std::vector<std::string> out;
    for (const auto& iv : ports.intervals()) {
        auto lo = unsigned(iv.lo), hi = unsigned(iv.hi);
        if (lo == hi) out.push_back(fmt::format(" eq {}", lo));
        else if (hi == 65535 && lo > 0) out.push_back(fmt::format(" gt {}", lo - 1));
        else if (lo == 0) out.push_back(fmt::format(" lt {}", hi + 1));
        else out.push_back(fmt::format(" range {} {}", lo, hi));
    }
    return out;
}

std::vector<std::string> icmp_parts(const IntervalSet& values) {
    if (values.is_all(max_port)) return {""};
    std::vector<std::string> out;
    for (const auto& iv : values.intervals())
        for (u128 v = iv.lo; v <= iv.hi && out.size() < 64; ++v) {
            unsigned type = unsigned(v >> 8), code = unsigned(v & 255);
            if (code == 0 && v + 255 <= iv.hi) {
                out.push_back(fmt::format(" {}", type));
                v += 255;
            } else {
                out.push_back(fmt::format(" {} {}", type, code));
            }
        }
    return out;
}

std::string protocol_text(unsigned proto, const Policy& p) {
    switch (proto) {
        case 6: return "tcp";
        case 17: return "udp";
        case 1: return "icmp";
        case 58: return asa(p) ? "icmp6" : "icmp";
        default: return std::to_string(proto);
    }
}

}  // namespace

std::vector<std::string> cisco_ace_bodies(const PacketSet& packets, const Policy& p, bool permit,
                                          std::size_t max_lines, std::size_t* total) {
    std::vector<std::string> out;
    std::size_t more = 0;
    const char* verb = permit ? "permit" : "deny";
    auto emit = [&](std::string line) {
        if (out.size() < max_lines) out.push_back(std::move(line));
        else ++more;
    };
    for (const Box& b : packets.boxes(p.family)) {
        auto srcs = addresses(b.dims[src_dim], p), dsts = addresses(b.dims[dst_dim], p);
        if (p.syntax == "ios-standard") {
            for (const auto& s : srcs) emit(fmt::format("{} {}", verb, s));
            continue;
        }
        std::vector<std::pair<std::string, bool>> protos;  // name, has ports
        if (b.dims[proto_dim].is_all(max_proto)) {
            protos.emplace_back(p.family == Family::v6 && !asa(p) ? "ipv6" : "ip", false);
        } else {
            for (const auto& iv : b.dims[proto_dim].intervals())
                for (u128 v = iv.lo; v <= iv.hi && protos.size() < 16; ++v)
                    protos.emplace_back(protocol_text(unsigned(v), p), v == 6 || v == 17);
        }
        for (const auto& [proto, ported] : protos) {
            bool icmp = proto == "icmp" || proto == "icmp6";
            auto sports = ported ? port_parts(b.dims[sport_dim]) : std::vector<std::string>{""};
            auto dports = ported ? port_parts(b.dims[dport_dim])
                          : icmp ? icmp_parts(b.dims[dport_dim])
                                 : std::vector<std::string>{""};
            for (const auto& s : srcs)
                for (const auto& sp : sports)
                    for (const auto& d : dsts)
                        for (const auto& dp : dports) emit(fmt::format("{} {} {}{} {}{}", verb, proto, s, sp, d, dp));
        }
    }
    if (total) *total = out.size() + more;
    if (more) out.push_back(fmt::format("! ... and {} more entr{} like these", more, more == 1 ? "y" : "ies"));
    return out;
}

namespace {

std::string list_header(const Policy& p, const Chain& c) {
    if (p.syntax == "ios-standard") return "ip access-list standard " + c.name;
    if (p.syntax == "ios-extended") return "ip access-list extended " + c.name;
    if (p.syntax == "ios-ipv6" || p.syntax == "nxos-ipv6") return "ipv6 access-list " + c.name;
    return "ip access-list " + c.name;
}

// NX-OS and IOS-XE number remarks too ("  10 remark CEP to the CA"). The
// remarks right above an entry (where the running-config shows them, in
// sequence order) hold numbers a new entry cannot take: the device refuses a
// duplicate sequence number, so a fix "10 deny ..." before entry 20 failed.
std::vector<int> remark_numbers_above(const Rule& entry) {
    std::vector<int> out;
    if (!entry.source) return out;
    const std::string& s = *entry.source;
    if (entry.text.data() < s.data() || entry.text.data() > s.data() + s.size()) return out;
    std::size_t start = std::size_t(entry.text.data() - s.data());  // the entry's line
    while (start > 0 && s[start - 1] == '\n') {
        std::size_t end = start - 1;
        std::size_t begin = end == 0 ? std::string::npos : s.rfind('\n', end - 1);
        begin = begin == std::string::npos ? 0 : begin + 1;
        std::string_view line(s.data() + begin, end - begin);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.size() > 9 && (line.substr(0, 9) == "sequence " || line.substr(0, 9) == "SEQUENCE "))
            line.remove_prefix(9);
        std::size_t digits = line.find_first_not_of("0123456789");
        if (digits == 0 || digits == std::string_view::npos || digits > 9) break;
        std::string_view rest = line.substr(digits);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        std::string word(rest.substr(0, 6));
        for (char& c : word) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (word != "remark" || (rest.size() > 6 && rest[6] != ' ' && rest[6] != '\t')) break;
        out.push_back(std::stoi(std::string(line.substr(0, digits))));
        start = begin;
    }
    return out;
}

}  // namespace

std::vector<std::string> cisco_insert(const Policy& p, const Chain& c, const Rule* before, const PacketSet& packets,
                                      bool permit) {
    std::size_t n = 0;  // every entry, the ones "... and K more" stands for too: each needs a number
    auto bodies = cisco_ace_bodies(packets, p, permit, 8, &n);
    std::vector<std::string> out;
    if (asa(p)) {
        for (const auto& b : bodies) {
            if (b.rfind("!", 0) == 0) out.push_back(b);
            else if (before) out.push_back(fmt::format("access-list {} line {} extended {}", c.name, before->sequence, b));
            else out.push_back(fmt::format("access-list {} extended {}", c.name, b));
        }
        return out;
    }
    out.push_back(list_header(p, c));
    int prev = 0, next = 0;
    std::vector<int> taken;  // numbers of the remarks above `before`
    if (before) {
        next = before->sequence;
        for (const Rule& r : c.rules) {
            if (&r == before) break;
            prev = r.sequence;
        }
        for (int t : remark_numbers_above(*before))
            if (t > prev && t < next) taken.push_back(t);
        if (next - prev - 1 - int(taken.size()) < int(n)) {
            taken.clear();  // resequencing renumbers the remarks too
            // A step that leaves room for all n between two entries: 10 for up to 9.
            const int step = 10 * (int(n) / 10 + 1);
            // NX-OS: `resequence ip access-list NAME START STEP`; IOS: `ip access-list resequence ...`.
            const bool nxos = p.syntax.rfind("nxos", 0) == 0;
            const std::string command =
                nxos ? fmt::format("resequence {} access-list {} {} {}", p.family == Family::v6 ? "ipv6" : "ip", c.name,
                                   step, step)
                     : fmt::format("ip access-list resequence {} {} {}", c.name, step, step);
            out.push_back(fmt::format("! no free sequence numbers before {} for {} entries: renumber first with "
                                      "`{}`, then",
                                      next, n, command));
            int index = 0;
            for (const Rule& r : c.rules) {
                ++index;
                if (&r == before) break;
            }
            prev = step * (index - 1);
            next = step * index;
        }
    } else {
        prev = c.rules.empty() ? 0 : c.rules.back().sequence;
    }
    std::size_t k = 0;
    for (const auto& b : bodies) {
        if (b.rfind("!", 0) == 0) {
            out.push_back(" " + b);
            continue;
        }
        ++k;
        int seq = before ? prev + int(k) * (next - prev) / int(n + 1) : prev + 10 * int(k);
        // The nearest number between prev and next that no remark holds
        // and no line above took (there are enough: see the count above).
        for (int d = 1; before && std::find(taken.begin(), taken.end(), seq) != taken.end(); ++d) {
            if (seq + d < next && std::find(taken.begin(), taken.end(), seq + d) == taken.end()) seq += d;
            else if (seq - d > prev && std::find(taken.begin(), taken.end(), seq - d) == taken.end()) seq -= d;
            else if (seq + d >= next && seq - d <= prev) break;
        }
        taken.push_back(seq);
        if (p.syntax == "ios-ipv6")
            out.push_back(fmt::format(" {} sequence {}", b, seq));
        else
            out.push_back(fmt::format(" {} {}", seq, b));
    }
    return out;
}

std::vector<std::string> cisco_remove(const Policy& p, const Chain& c, const Rule& rule) {
    if (asa(p)) return {"no " + std::string(rule.text.substr(rule.text.find_first_not_of(" \t")))};
    if (p.syntax == "ios-ipv6") return {list_header(p, c), fmt::format(" no sequence {}", rule.sequence)};
    return {list_header(p, c), fmt::format(" no {}", rule.sequence)};
}

}  // namespace fwlint
