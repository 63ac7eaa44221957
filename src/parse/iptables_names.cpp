// The names iptables rules use: protocols, services, ICMP types, match
// modules, built-in chains and targets.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "parse/iptables_internal.hpp"

namespace fwlint::iptables_detail {

namespace {


std::optional<unsigned> parse_uint(std::string_view s, unsigned max) {
    unsigned v = 0;
    if (s.empty() || s.size() > 10) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > max) return std::nullopt;
    return v;
}

// IP protocol names iptables-save prints, and the /etc/protocols names older
// versions and hand-written files use.
constexpr std::pair<std::string_view, unsigned> protocol_names[] = {
    {"icmp", 1},      {"igmp", 2},       {"ipip", 4},    {"ipencap", 4},   {"tcp", 6},
    {"egp", 8},       {"udp", 17},       {"dccp", 33},   {"ipv6", 41},     {"rsvp", 46},
    {"gre", 47},      {"esp", 50},       {"ah", 51},     {"ipv6-icmp", 58}, {"icmpv6", 58},
    {"icmp6", 58},    {"ospf", 89},      {"pim", 103},   {"ipcomp", 108},  {"vrrp", 112},
    {"l2tp", 115},    {"sctp", 132},     {"mh", 135},    {"ipv6-mh", 135}, {"udplite", 136},
    {"ospfigp", 89},  {"encap", 98},
};

}  // namespace

std::optional<unsigned> protocol_number(std::string_view name) {
    if (name == "all") return 0u;
    if (name == "tcp") return 6u;  // the common ones first
    if (name == "udp") return 17u;
    // Every name starts with a letter.
    if (!name.empty() && name.front() >= '0' && name.front() <= '9') return parse_uint(name, 255);
    for (const auto& [n, v] : protocol_names)
        if (n == name) return v;
    return parse_uint(name, 255);
}

namespace {

// Service names hand-written rules use instead of port numbers.
constexpr std::pair<std::string_view, unsigned> service_names[] = {
    {"ftp-data", 20},   {"ftp", 21},          {"ssh", 22},          {"telnet", 23},      {"smtp", 25},
    {"whois", 43},      {"domain", 53},       {"bootps", 67},       {"bootpc", 68},      {"tftp", 69},
    {"gopher", 70},     {"finger", 79},       {"http", 80},         {"www", 80},         {"kerberos", 88},
    {"pop3", 110},      {"sunrpc", 111},      {"auth", 113},        {"ident", 113},      {"nntp", 119},
    {"ntp", 123},       {"epmap", 135},       {"loc-srv", 135},     {"netbios-ns", 137}, {"netbios-dgm", 138},
    {"netbios-ssn", 139}, {"imap", 143},      {"imap2", 143},       {"snmp", 161},       {"snmp-trap", 162},
    {"bgp", 179},       {"ldap", 389},        {"https", 443},       {"microsoft-ds", 445}, {"kpasswd", 464},
    {"smtps", 465},     {"submissions", 465}, {"isakmp", 500},      {"syslog", 514},     {"submission", 587},
    {"ldaps", 636},     {"domain-s", 853},    {"rsync", 873},       {"imaps", 993},      {"pop3s", 995},
    {"openvpn", 1194},  {"ms-sql-s", 1433},   {"nfs", 2049},        {"mysql", 3306},     {"ms-wbt-server", 3389},
    {"rdp", 3389},      {"ipsec-nat-t", 4500}, {"sip", 5060},       {"postgresql", 5432}, {"x11", 6000},
    {"http-alt", 8080}, {"squid", 3128},      {"webcache", 8080},
};

std::optional<unsigned> port_number(std::string_view s) {
    if (auto v = parse_uint(s, 65535)) return v;
    for (const auto& [n, v] : service_names)
        if (n == s) return v;
    return std::nullopt;
}

}  // namespace

// "22", "ssh", "1024:65535", ":1023", "1024:" (save prints numbers).
std::optional<IntervalSet> port_spec(std::string_view s) {
    auto colon = s.find(':');
    if (colon == std::string_view::npos) {
        auto p = port_number(s);
        if (!p) return std::nullopt;
        return IntervalSet::single(*p);
    }
    auto a = s.substr(0, colon), b = s.substr(colon + 1);
    auto lo = a.empty() ? std::optional<unsigned>{0} : port_number(a);
    auto hi = b.empty() ? std::optional<unsigned>{65535} : port_number(b);
    if (!lo || !hi || *lo > *hi) return std::nullopt;
    return IntervalSet::range(*lo, *hi);
}

namespace {

// ICMP type names as iptables and ip6tables list them; code -1 = every code.
struct IcmpName {
    std::string_view name;
    int type;
    int code;
};

constexpr IcmpName icmp_names[] = {
    {"echo-reply", 0, -1}, {"pong", 0, -1}, {"destination-unreachable", 3, -1},
    {"network-unreachable", 3, 0}, {"host-unreachable", 3, 1}, {"protocol-unreachable", 3, 2},
    {"port-unreachable", 3, 3}, {"fragmentation-needed", 3, 4}, {"source-route-failed", 3, 5},
    {"network-unknown", 3, 6}, {"host-unknown", 3, 7}, {"network-prohibited", 3, 9},
    {"host-prohibited", 3, 10}, {"tos-network-unreachable", 3, 11}, {"tos-host-unreachable", 3, 12},
    {"communication-prohibited", 3, 13}, {"host-precedence-violation", 3, 14}, {"precedence-cutoff", 3, 15},
    {"source-quench", 4, -1}, {"redirect", 5, -1}, {"network-redirect", 5, 0}, {"host-redirect", 5, 1},
    {"tos-network-redirect", 5, 2}, {"tos-host-redirect", 5, 3}, {"echo-request", 8, -1}, {"ping", 8, -1},
    {"router-advertisement", 9, -1}, {"router-solicitation", 10, -1}, {"time-exceeded", 11, -1},
    {"ttl-exceeded", 11, -1}, {"ttl-zero-during-transit", 11, 0}, {"ttl-zero-during-reassembly", 11, 1},
    {"parameter-problem", 12, -1}, {"ip-header-bad", 12, 0}, {"required-option-missing", 12, 1},
    {"timestamp-request", 13, -1}, {"timestamp-reply", 14, -1}, {"address-mask-request", 17, -1},
    {"address-mask-reply", 18, -1},
};

constexpr IcmpName icmpv6_names[] = {
    {"destination-unreachable", 1, -1}, {"no-route", 1, 0}, {"communication-prohibited", 1, 1},
    {"beyond-scope", 1, 2}, {"address-unreachable", 1, 3}, {"port-unreachable", 1, 4},
    {"failed-policy", 1, 5}, {"reject-route", 1, 6}, {"packet-too-big", 2, -1}, {"time-exceeded", 3, -1},
    {"ttl-exceeded", 3, -1}, {"ttl-zero-during-transit", 3, 0}, {"ttl-zero-during-reassembly", 3, 1},
    {"parameter-problem", 4, -1}, {"bad-header", 4, 0}, {"unknown-header-type", 4, 1}, {"unknown-option", 4, 2},
    {"echo-request", 128, -1}, {"ping", 128, -1}, {"echo-reply", 129, -1}, {"pong", 129, -1},
    {"router-solicitation", 133, -1}, {"router-advertisement", 134, -1}, {"neighbour-solicitation", 135, -1},
    {"neighbor-solicitation", 135, -1}, {"neighbour-advertisement", 136, -1}, {"neighbor-advertisement", 136, -1},
    {"redirect", 137, -1},
};

IntervalSet icmp_range(unsigned type, int code) {
    if (code < 0) return IntervalSet::range(type * 256u, type * 256u + 255u);
    return IntervalSet::single(type * 256u + static_cast<unsigned>(code));
}

// "any", "8", "3/4", "echo-request" -> type * 256 + code values.
template <std::size_t N>
std::optional<IntervalSet> icmp_spec(std::string_view s, const IcmpName (&names)[N]) {
    auto l = lower(s);
    if (l == "any") return IntervalSet::range(0, max_port);
    for (const auto& n : names)
        if (n.name == l) return icmp_range(static_cast<unsigned>(n.type), n.code);
    auto slash = s.find('/');
    auto type = parse_uint(s.substr(0, slash), 255);
    if (!type) return std::nullopt;
    if (slash == std::string_view::npos) return icmp_range(*type, -1);
    auto code = parse_uint(s.substr(slash + 1), 255);
    if (!code) return std::nullopt;
    return icmp_range(*type, static_cast<int>(*code));
}

}  // namespace

std::optional<IntervalSet> icmp_types(std::string_view s, bool v6) {
    return v6 ? icmp_spec(s, icmpv6_names) : icmp_spec(s, icmp_names);
}

namespace {

// Match modules the engine keeps as opaque conditions without complaint.
constexpr std::string_view opaque_modules[] = {
    "addrtype", "ah", "bpf", "cgroup", "cluster", "connbytes", "connlabel", "connlimit", "connmark", "cpu",
    "devgroup", "dscp", "dst", "ecn", "esp", "frag", "hashlimit", "hbh", "helper", "hl", "ipv6header",
    "ipvs", "length", "limit", "mac", "mark", "mh", "nfacct", "osf", "owner", "physdev", "pkttype",
    "policy", "quota", "rateest", "realm", "recent", "rpfilter", "rt", "set", "socket", "statistic",
    "string", "tcpmss", "time", "tos", "ttl", "u32",
};

}  // namespace

bool is_opaque_module(std::string_view m) {
    return std::find(std::begin(opaque_modules), std::end(opaque_modules), m) != std::end(opaque_modules);
}

bool is_builtin(std::string_view table, std::string_view chain) {
    auto any = [&](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), chain) != names.end();
    };
    if (table == "filter" || table == "security") return any({"INPUT", "FORWARD", "OUTPUT"});
    if (table == "nat") return any({"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"});
    if (table == "mangle") return any({"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"});
    if (table == "raw") return any({"PREROUTING", "OUTPUT"});
    return false;
}

bool is_builtin_anywhere(std::string_view chain) { return is_builtin("mangle", chain); }

std::optional<Action> builtin_target(std::string_view t) {
    // A switch on the first letter, then the few names that start with it.
    if (t.empty()) return std::nullopt;
    switch (t.front()) {
        case 'A':
            if (t == "ACCEPT") return Action::accept;
            if (t == "AUDIT") return Action::log;
            return std::nullopt;
        case 'C':
            if (t == "CONNMARK") return Action::none;
            if (t == "CT") return Action::none;
            if (t == "CLASSIFY") return Action::none;
            if (t == "CONNSECMARK") return Action::none;
            if (t == "CHECKSUM") return Action::none;
            if (t == "CLUSTERIP") return Action::none;
            return std::nullopt;
        case 'D':
            if (t == "DROP") return Action::drop;
            if (t == "DSCP") return Action::none;
            if (t == "DNPT") return Action::none;
            if (t == "DNAT") return Action::other;
            return std::nullopt;
        case 'E':
            if (t == "ECN") return Action::none;
            return std::nullopt;
        case 'H':
            if (t == "HL") return Action::none;
            if (t == "HMARK") return Action::none;
            return std::nullopt;
        case 'I':
            if (t == "IDLETIMER") return Action::none;
            return std::nullopt;
        case 'L':
            if (t == "LOG") return Action::log;
            if (t == "LED") return Action::none;
            return std::nullopt;
        case 'M':
            if (t == "MARK") return Action::none;
            if (t == "MASQUERADE") return Action::other;
            if (t == "MIRROR") return Action::other;
            return std::nullopt;
        case 'N':
            if (t == "NFLOG") return Action::log;
            if (t == "NOTRACK") return Action::none;
            if (t == "NETMAP") return Action::other;
            if (t == "NFQUEUE") return Action::other;
            return std::nullopt;
        case 'Q':
            if (t == "QUEUE") return Action::other;
            return std::nullopt;
        case 'R':
            if (t == "REJECT") return Action::reject;
            if (t == "RETURN") return Action::ret;
            if (t == "RATEEST") return Action::none;
            if (t == "REDIRECT") return Action::other;
            return std::nullopt;
        case 'S':
            if (t == "SECMARK") return Action::none;
            if (t == "SET") return Action::none;
            if (t == "SNPT") return Action::none;
            if (t == "SNAT") return Action::other;
            if (t == "SYNPROXY") return Action::other;
            if (t == "SAME") return Action::other;
            return std::nullopt;
        case 'T':
            if (t == "TCPMSS") return Action::none;
            if (t == "TOS") return Action::none;
            if (t == "TTL") return Action::none;
            if (t == "TRACE") return Action::none;
            if (t == "TEE") return Action::none;
            if (t == "TCPOPTSTRIP") return Action::none;
            if (t == "TPROXY") return Action::other;
            return std::nullopt;
        case 'U':
            if (t == "ULOG") return Action::log;
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace fwlint::iptables_detail
