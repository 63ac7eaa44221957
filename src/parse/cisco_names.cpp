// Port, protocol and ICMP names of Cisco IOS/IOS-XE, ASA and NX-OS ACLs
// (FORMATS.md 7.1-7.5). Each platform has its own table: a name valid on one
// can be unknown or a different port on another (`kerberos` is 750 on the
// ASA and no name at all on IOS; `https` exists only on the ASA).
#include "parse/cisco_names.hpp"

#include <charconv>
#include <span>
#include <string>

namespace fwlint::cisco {

namespace {

struct PortName {
    std::string_view name;
    unsigned port;
};

// 7.1: IOS / IOS-XE TCP (msrpc, onep-* are IOS-XE 16+; drip NX-OS and some
// IOS trains; syslog is an alias of cmd on 15.x+).
constexpr PortName ios_tcp[] = {
    {"bgp", 179},     {"chargen", 19},   {"cmd", 514},      {"daytime", 13},     {"discard", 9},
    {"domain", 53},   {"drip", 3949},    {"echo", 7},       {"exec", 512},       {"finger", 79},
    {"ftp", 21},      {"ftp-data", 20},  {"gopher", 70},    {"hostname", 101},   {"ident", 113},
    {"irc", 194},     {"klogin", 543},   {"kshell", 544},   {"login", 513},      {"lpd", 515},
    {"msrpc", 135},   {"nntp", 119},     {"onep-plain", 15001}, {"onep-tls", 15002}, {"pim-auto-rp", 496},
    {"pop2", 109},    {"pop3", 110},     {"smtp", 25},      {"sunrpc", 111},     {"syslog", 514},
    {"tacacs", 49},   {"talk", 517},     {"telnet", 23},    {"time", 37},        {"uucp", 540},
    {"whois", 43},    {"www", 80},
};

// 7.2: IOS / IOS-XE UDP (ripv6 IOS-XE 16+).
constexpr PortName ios_udp[] = {
    {"biff", 512},       {"bootpc", 68},      {"bootps", 67},       {"discard", 9},      {"dnsix", 195},
    {"domain", 53},      {"echo", 7},         {"isakmp", 500},      {"mobile-ip", 434},  {"nameserver", 42},
    {"netbios-dgm", 138}, {"netbios-ns", 137}, {"netbios-ss", 139},  {"non500-isakmp", 4500}, {"ntp", 123},
    {"pim-auto-rp", 496}, {"rip", 520},       {"ripv6", 521},       {"snmp", 161},       {"snmptrap", 162},
    {"sunrpc", 111},     {"syslog", 514},     {"tacacs", 49},       {"talk", 517},       {"tftp", 69},
    {"time", 37},        {"who", 513},        {"xdmcp", 177},
};

// NX-OS 9.3: TCP = IOS minus msrpc, onep-plain, onep-tls, syslog (drip kept);
// UDP = IOS minus ripv6.
bool nxos_lacks(unsigned proto, std::string_view name) {
    if (proto == 6) return name == "msrpc" || name == "onep-plain" || name == "onep-tls" || name == "syslog";
    return name == "ripv6";
}

// 7.3: ASA. Protocols: t = TCP, u = UDP, b = both.
struct AsaName {
    std::string_view name;
    char proto;
    unsigned port;
};
constexpr AsaName asa_ports[] = {
    {"aol", 't', 5190},         {"bgp", 't', 179},          {"biff", 'u', 512},         {"bootpc", 'u', 68},
    {"bootps", 'u', 67},        {"chargen", 't', 19},       {"cifs", 'b', 3020},        {"citrix-ica", 't', 1494},
    {"cmd", 't', 514},          {"ctiqbe", 't', 2748},      {"daytime", 't', 13},       {"discard", 'b', 9},
    {"dnsix", 'u', 195},        {"domain", 'b', 53},        {"echo", 'b', 7},           {"exec", 't', 512},
    {"finger", 't', 79},        {"ftp", 't', 21},           {"ftp-data", 't', 20},      {"gopher", 't', 70},
    {"h323", 't', 1720},        {"hostname", 't', 101},     {"http", 'b', 80},          {"https", 't', 443},
    {"ident", 't', 113},        {"imap4", 't', 143},        {"irc", 't', 194},          {"isakmp", 'u', 500},
    {"kerberos", 'b', 750},     {"klogin", 't', 543},       {"kshell", 't', 544},       {"ldap", 't', 389},
    {"ldaps", 't', 636},        {"login", 't', 513},        {"lotusnotes", 't', 1352},  {"lpd", 't', 515},
    {"mobile-ip", 'u', 434},    {"nameserver", 'u', 42},    {"netbios-dgm", 'u', 138},  {"netbios-ns", 'u', 137},
    {"netbios-ssn", 't', 139},  {"nfs", 'b', 2049},         {"nntp", 't', 119},         {"ntp", 'u', 123},
    {"pcanywhere-data", 't', 5631}, {"pcanywhere-status", 'u', 5632}, {"pim-auto-rp", 'b', 496}, {"pop2", 't', 109},
    {"pop3", 't', 110},         {"pptp", 't', 1723},        {"radius", 'u', 1645},      {"radius-acct", 'u', 1646},
    {"rip", 'u', 520},          {"rsh", 't', 514},          {"rtsp", 't', 554},         {"secureid-udp", 'u', 5510},
    {"sip", 'b', 5060},         {"smtp", 't', 25},          {"snmp", 'u', 161},         {"snmptrap", 'u', 162},
    {"sqlnet", 't', 1521},      {"ssh", 't', 22},           {"sunrpc", 'b', 111},       {"syslog", 'u', 514},
    {"tacacs", 'b', 49},        {"talk", 'b', 517},         {"telnet", 't', 23},        {"tftp", 'u', 69},
    {"time", 'u', 37},          {"uucp", 't', 540},         {"vxlan", 'u', 4789},       {"who", 'u', 513},
    {"whois", 't', 43},         {"www", 'b', 80},           {"xdmcp", 'u', 177},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::optional<unsigned> number(std::string_view s, unsigned max) {
    unsigned v = 0;
    if (s.empty() || s.size() > 6) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > max) return std::nullopt;
    return v;
}

template <std::size_t N>
std::optional<unsigned> find(const PortName (&table)[N], std::string_view name) {
    for (const auto& p : table)
        if (p.name == name) return p.port;
    return std::nullopt;
}

}  // namespace

const char* dialect_name(Dialect d) {
    switch (d) {
        case Dialect::ios: return "ios";
        case Dialect::asa: return "asa";
        case Dialect::nxos: return "nxos";
    }
    return "ios";
}

std::optional<unsigned> port_number(Dialect d, unsigned proto, std::string_view text) {
    if (auto n = number(text, 65535)) return n;
    std::string name = lower(text);
    if (d == Dialect::asa) {
        // FWSM's `dns` meant dnsix (195), never 53: refused, like the ASA does.
        for (const auto& p : asa_ports) {
            if (p.name != name) continue;
            bool ok = p.proto == 'b' || (p.proto == 't' && (proto == 6 || proto == 132)) || (p.proto == 'u' && proto == 17);
            return ok ? std::optional<unsigned>(p.port) : std::nullopt;
        }
        return std::nullopt;
    }
    if (d == Dialect::nxos && nxos_lacks(proto, name)) return std::nullopt;
    if (proto == 6 || proto == 132) return find(ios_tcp, name);
    if (proto == 17) return find(ios_udp, name);
    return std::nullopt;
}

std::optional<unsigned> protocol_number(Dialect d, std::string_view text) {
    if (auto n = number(text, 255)) return n;
    std::string name = lower(text);
    if (name == "ip") return any_protocol;
    if (name == "tcp") return 6u;
    if (name == "udp") return 17u;
    if (name == "icmp") return 1u;
    struct P {
        std::string_view name;
        unsigned number;
        char where;  // a: all, i: IOS/NX-OS, s: ASA
    };
    static constexpr P table[] = {
        {"igmp", 2, 'a'},  {"ipinip", 4, 'a'}, {"igrp", 9, 's'},   {"gre", 47, 'a'},   {"pptp", 47, 's'},
        {"esp", 50, 'a'},  {"ipsec", 50, 's'}, {"ahp", 51, 'i'},   {"ah", 51, 'a'},    {"icmp6", 58, 's'},
        {"icmpv6", 58, 'a'}, {"eigrp", 88, 'a'}, {"ospf", 89, 'a'}, {"nos", 94, 'a'},   {"pim", 103, 'a'},
        {"pcp", 108, 'a'}, {"snp", 109, 's'},  {"vrrp", 112, 'i'}, {"sctp", 132, 'a'}, {"ipv4", any_protocol, 's'},
    };
    for (const auto& p : table) {
        if (p.name != name) continue;
        if (p.where == 'a' || (p.where == 's') == (d == Dialect::asa)) return p.number;
        return std::nullopt;
    }
    return std::nullopt;
}

IntervalSet icmp_values(unsigned type, int code) {
    if (code < 0) return IntervalSet::range(u128{type} * 256, u128{type} * 256 + 255);
    return IntervalSet::single(u128{type} * 256 + unsigned(code));
}

std::optional<IntervalSet> icmp_message(std::string_view text, bool v6) {
    struct M {
        std::string_view name;
        int type;
        int code;
    };
    // 7.4 (IOS names the codes; the ASA uses the type names).
    static constexpr M v4[] = {
        {"echo-reply", 0, -1}, {"unreachable", 3, -1}, {"net-unreachable", 3, 0}, {"host-unreachable", 3, 1},
        {"protocol-unreachable", 3, 2}, {"port-unreachable", 3, 3}, {"packet-too-big", 3, 4},
        {"source-route-failed", 3, 5}, {"network-unknown", 3, 6}, {"host-unknown", 3, 7}, {"host-isolated", 3, 8},
        {"dod-net-prohibited", 3, 9}, {"dod-host-prohibited", 3, 10}, {"net-tos-unreachable", 3, 11},
        {"host-tos-unreachable", 3, 12}, {"administratively-prohibited", 3, 13},
        {"host-precedence-unreachable", 3, 14}, {"precedence-unreachable", 3, 15}, {"source-quench", 4, -1},
        {"redirect", 5, -1}, {"net-redirect", 5, 0}, {"host-redirect", 5, 1}, {"net-tos-redirect", 5, 2},
        {"host-tos-redirect", 5, 3}, {"alternate-address", 6, -1}, {"echo", 8, -1},
        {"router-advertisement", 9, -1}, {"router-solicitation", 10, -1}, {"time-exceeded", 11, -1},
        {"ttl-exceeded", 11, 0}, {"reassembly-timeout", 11, 1}, {"parameter-problem", 12, -1},
        {"general-parameter-problem", 12, 0}, {"option-missing", 12, 1}, {"no-room-for-option", 12, 2},
        {"timestamp-request", 13, -1}, {"timestamp-reply", 14, -1}, {"information-request", 15, -1},
        {"information-reply", 16, -1}, {"mask-request", 17, -1}, {"mask-reply", 18, -1}, {"traceroute", 30, -1},
        {"conversion-error", 31, -1}, {"mobile-redirect", 32, -1},
    };
    // IOS ipv6 access-list and ASA icmp6 names.
    static constexpr M v6names[] = {
        {"unreachable", 1, -1}, {"no-admin", 1, 1}, {"destination-unreachable", 1, -1}, {"packet-too-big", 2, -1},
        {"time-exceeded", 3, -1}, {"hop-limit", 3, 0}, {"parameter-problem", 4, -1}, {"echo", 128, -1},
        {"echo-request", 128, -1}, {"echo-reply", 129, -1}, {"mld-query", 130, -1}, {"membership-query", 130, -1},
        {"mld-report", 131, -1}, {"membership-report", 131, -1}, {"mld-reduction", 132, -1},
        {"membership-reduction", 132, -1}, {"router-solicitation", 133, -1}, {"router-advertisement", 134, -1},
        {"nd-ns", 135, -1}, {"neighbor-solicitation", 135, -1}, {"nd-na", 136, -1},
        {"neighbor-advertisement", 136, -1}, {"redirect", 137, -1}, {"neighbor-redirect", 137, -1},
        {"router-renumbering", 138, -1}, {"mldv2", 143, -1},
    };
    std::string name = lower(text);
    for (const auto& m : v6 ? std::span<const M>(v6names) : std::span<const M>(v4))
        if (m.name == name) return icmp_values(unsigned(m.type), m.code);
    return std::nullopt;
}

}  // namespace fwlint::cisco
