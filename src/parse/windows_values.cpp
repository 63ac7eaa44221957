// The value spellings of Windows Firewall inputs: netsh (English, German,
// French), registry rule strings and PowerShell (enum names and integers).
// One table per value kind, so every reader agrees on what a word means.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "parse/text_trim.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

namespace {

constexpr auto trim = trim_blanks;

// ASCII case-blind; bytes >= 0x80 (UTF-8 of ä, é) must match exactly, and
// the tables spell both cases where Windows uses them.
bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        unsigned char x = a[i], y = b[i];
        if (x < 0x80 && y < 0x80 && std::tolower(x) == std::tolower(y)) continue;
        if (x != y) return false;
    }
    return true;
}

bool one_of(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return iequals(text, w); });
}

std::optional<unsigned> number(std::string_view s, unsigned max) {
    unsigned v = 0;
    if (s.empty() || s.size() > 6) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v > max) return std::nullopt;
    return v;
}

// Splits on `sep`, trims items, skips empty ones.
std::vector<std::string_view> split(std::string_view list, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        auto pos = list.find(sep);
        auto item = trim(list.substr(0, pos));
        if (!item.empty()) out.push_back(item);
        if (pos == std::string_view::npos) break;
        list.remove_prefix(pos + 1);
    }
    return out;
}

struct Keyword {
    const char* canonical;
    std::initializer_list<const char*> aliases;
};

// FORMATS.md 0.2: port keywords (netsh, registry LPort/RPort and the
// versioned keys, PowerShell).
const Keyword port_keywords[] = {
    {"RPC", {"RPC"}},
    {"RPC-EPMap", {"RPC-EPMap", "RPCEPMap"}},
    {"IPHTTPS", {"IPHTTPS", "IPHTTPSIn", "IPTLSIn"}},
    {"IPHTTPSOut", {"IPHTTPSOut", "IPTLSOut"}},
    {"Teredo", {"Teredo", "Edge"}},
    {"DHCP", {"DHCP"}},
    {"PlayToDiscovery", {"PlayToDiscovery", "Ply2Disc"}},
    {"mDNS", {"mDNS"}},
    {"CortanaOut", {"CortanaOut"}},
    {"TcpCDPSvc", {"TcpCDPSvc"}},
};

// Address keywords: dynamic sets resolved on the host.
const Keyword address_keywords[] = {
    {"LocalSubnet", {"LocalSubnet"}},   {"LocalSubnet4", {"LocalSubnet4"}},
    {"LocalSubnet6", {"LocalSubnet6"}}, {"DNS", {"DNS"}},
    {"DNS4", {"DNS4"}},                 {"DNS6", {"DNS6"}},
    {"DHCP", {"DHCP"}},                 {"DHCP4", {"DHCP4"}},
    {"DHCP6", {"DHCP6"}},               {"WINS", {"WINS"}},
    {"WINS4", {"WINS4"}},               {"WINS6", {"WINS6"}},
    {"DefaultGateway", {"DefaultGateway"}}, {"DefaultGateway4", {"DefaultGateway4"}},
    {"DefaultGateway6", {"DefaultGateway6"}}, {"Intranet", {"Intranet"}},
    {"Internet", {"Internet"}},
    {"IntranetRemoteAccess", {"IntranetRemoteAccess", "RmtIntrAnet"}},
    {"PlayToDevice", {"PlayToDevice", "Ply2Renders", "PlayToRenderers"}},
    {"CaptivePortal", {"CaptivePortal"}},
};

template <std::size_t N>
const char* canonical(const Keyword (&table)[N], std::string_view text) {
    for (const auto& k : table)
        for (const char* a : k.aliases)
            if (iequals(text, a)) return k.canonical;
    return nullptr;
}

}  // namespace

const char* windows_profile_name(int index) {
    static const char* names[] = {"domain", "private", "public"};
    return index >= 0 && index < 3 ? names[index] : "?";
}

bool is_windows_any(std::string_view text) {
    text = trim(text);
    return text.empty() || one_of(text, {"Any", "*", "Beliebig", "Tout", "Toutes", "Alle", "Cualquiera"});
}

std::optional<WindowsAction> parse_windows_action(std::string_view text) {
    text = trim(text);
    if (one_of(text, {"Allow", "Zulassen", "Autoriser", "Permitir", "2"})) return WindowsAction::allow;
    if (one_of(text, {"Block", "Blockieren", "Bloquer", "Bloquear", "4"})) return WindowsAction::block;
    if (one_of(text, {"Bypass", "AllowBypass", "Umgehen", "Contourner"})) return WindowsAction::bypass;
    return std::nullopt;
}

std::optional<WindowsDirection> parse_windows_direction(std::string_view text) {
    text = trim(text);
    if (one_of(text, {"In", "Inbound", "Eingehend", "Ein", "Entrant", "Entrée", "Entrada", "1"}))
        return WindowsDirection::in;
    if (one_of(text, {"Out", "Outbound", "Ausgehend", "Aus", "Sortant", "Sortie", "Salida", "2"}))
        return WindowsDirection::out;
    return std::nullopt;
}

std::optional<bool> parse_windows_bool(std::string_view text) {
    text = trim(text);
    if (one_of(text, {"Yes", "True", "Ja", "Oui", "Sí", "Si", "1", "On", "Ein"})) return true;
    if (one_of(text, {"No", "False", "Nein", "Non", "2", "0", "Off", "Aus"})) return false;
    return std::nullopt;
}

std::optional<std::uint8_t> parse_windows_profiles(std::string_view text) {
    text = trim(text);
    if (is_windows_any(text) || one_of(text, {"All", "Tous"})) return all_profiles;
    if (auto n = number(text, 0xffff)) {
        if (*n == 0) return all_profiles;  // PowerShell: 0 = Any
        if (*n > all_profiles) return std::nullopt;
        return std::uint8_t(*n);
    }
    std::uint8_t bits = 0;
    for (auto item : split(text, ',')) {
        if (one_of(item, {"Domain", "Domäne", "Domaine", "Dominio"}))
            bits |= profile_domain;
        else if (one_of(item, {"Private", "Privat", "Privé", "Privée", "Privado", "Standard"}))
            bits |= profile_private;
        else if (one_of(item, {"Public", "Publique", "Öffentlich", "Público", "Publico"}))
            bits |= profile_public;
        else if (one_of(item, {"Any", "All"}))
            bits |= all_profiles;
        else
            return std::nullopt;
    }
    if (bits == 0) return std::nullopt;
    return bits;
}

std::optional<EdgeTraversal> parse_windows_edge(std::string_view text) {
    text = trim(text);
    if (one_of(text, {"No", "Block", "False", "Nein", "Non", "0"})) return EdgeTraversal::block;
    if (one_of(text, {"Yes", "Allow", "True", "Ja", "Oui", "1"})) return EdgeTraversal::allow;
    if (one_of(text, {"Defer to application", "DeferToApp", "App", "3", "An Anwendung zurückstellen",
                      "Anwendung zurückstellen", "Différer à l'application"}))
        return EdgeTraversal::defer_to_app;
    if (one_of(text, {"Defer to user", "DeferToUser", "User", "2", "Benutzer zurückstellen",
                      "An Benutzer zurückstellen", "Différer à l'utilisateur"}))
        return EdgeTraversal::defer_to_user;
    return std::nullopt;
}

bool parse_windows_protocol(std::string_view text, std::optional<unsigned>& protocol) {
    text = trim(text);
    if (is_windows_any(text) || text == "256") {
        protocol.reset();
        return true;
    }
    if (auto n = number(text, 255)) {
        protocol = *n;
        return true;
    }
    static const std::pair<const char*, unsigned> names[] = {
        {"TCP", 6},       {"UDP", 17},       {"ICMPv4", 1},     {"ICMP", 1},       {"ICMPv6", 58},
        {"IGMP", 2},      {"GRE", 47},       {"ESP", 50},       {"AH", 51},        {"IPv6", 41},
        {"IPv6-Route", 43}, {"IPv6-Frag", 44}, {"IPv6-NoNxt", 59}, {"IPv6-Opts", 60}, {"HOPOPT", 0},
        {"VRRP", 112},    {"PGM", 113},      {"L2TP", 115},     {"SCTP", 132},     {"IPv4", 4},
    };
    for (const auto& [name, n] : names)
        if (iequals(text, name)) {
            protocol = n;
            return true;
        }
    return false;
}

std::vector<std::string> parse_windows_ports(std::string_view list, std::vector<WindowsPort>& out) {
    std::vector<std::string> unknown;
    if (is_windows_any(list)) return unknown;
    for (auto item : split(list, ',')) {
        if (is_windows_any(item)) continue;
        WindowsPort p;
        p.text = std::string(item);
        auto dash = item.find('-');
        if (auto n = number(item, 65535)) {
            p.lo = p.hi = *n;
        } else if (dash != std::string_view::npos && number(trim(item.substr(0, dash)), 65535) &&
                   number(trim(item.substr(dash + 1)), 65535)) {
            p.lo = *number(trim(item.substr(0, dash)), 65535);
            p.hi = *number(trim(item.substr(dash + 1)), 65535);
            if (p.lo > p.hi) std::swap(p.lo, p.hi);
        } else if (const char* k = canonical(port_keywords, item)) {
            p.keyword = k;
        } else {
            p.keyword = std::string(item);
            unknown.push_back(std::string(item));
        }
        out.push_back(std::move(p));
    }
    return unknown;
}

std::vector<std::string> parse_windows_addresses(std::string_view list, std::vector<WindowsAddress>& out) {
    std::vector<std::string> unknown;
    if (is_windows_any(list)) return unknown;
    for (auto item : split(list, ',')) {
        if (is_windows_any(item)) continue;
        WindowsAddress a;
        a.text = std::string(item);
        if (auto set = parse_address(item)) {
            a.set = std::move(*set);
        } else if (const char* k = canonical(address_keywords, item)) {
            a.keyword = k;
            // LocalSubnet4, DNS6...: the family-restricted forms.
            if (a.keyword.back() == '4') a.family = Family::v4;
            if (a.keyword.back() == '6') a.family = Family::v6;
        } else {
            a.keyword = std::string(item);
            unknown.push_back(std::string(item));
        }
        out.push_back(std::move(a));
    }
    return unknown;
}

std::vector<std::string> parse_windows_icmp(std::string_view list, std::vector<WindowsIcmp>& out) {
    std::vector<std::string> bad;
    if (is_windows_any(list)) return bad;
    for (auto item : split(list, ',')) {
        if (is_windows_any(item)) continue;
        auto colon = item.find(':');
        auto type = number(trim(item.substr(0, colon)), 255);
        std::string_view code_text = colon == std::string_view::npos ? "" : trim(item.substr(colon + 1));
        std::optional<unsigned> code;
        bool ok = bool(type);
        if (ok && !is_windows_any(code_text)) {
            code = number(code_text, 255);
            ok = bool(code);
        }
        if (!ok) {
            bad.push_back(std::string(item));
            continue;
        }
        out.push_back(WindowsIcmp{*type, code, std::string(item)});
    }
    return bad;
}

}  // namespace fwlint
