// Telling Cisco IOS / IOS-XE, ASA and NX-OS configurations apart by their
// content: lines only one platform prints (ASA `nameif`, `access-list X
// extended`; NX-OS `feature`, `object-group ip address`; IOS `ip access-list
// extended`, numbered lists). Each marker counts; the platform with the most
// wins, the ASA first on a tie (its lists are the most distinctive).
// Some markers are decisive on their own (the ASA's version line and
// `nameif`, NX-OS `feature` lines and its `!Command:` header, IOS `ip
// access-list standard|extended`, a RANCID content-type header): when only one
// platform shows any, it wins whatever the counts, so a file of lists that
// look NX-OS-like (`ip access-list NAME`, CIDR prefixes) under a config with
// IOS keywords is IOS, and an NX-OS list without `feature` lines but with
// RANCID's `cisco-nx` header is NX-OS. A line that looks like a misspelt ACL
// command (parse/cisco_near_miss.hpp) counts too, so a file of nothing else
// is still read as Cisco and the misspelling reported.
#include "parse/cisco.hpp"
#include "parse/cisco_near_miss.hpp"

namespace fwlint {

namespace {

bool starts(std::string_view line, std::string_view prefix) { return line.substr(0, prefix.size()) == prefix; }

bool has(std::string_view line, std::string_view part) { return line.find(part) != std::string_view::npos; }

// "access-list 101 permit", "access-list 10 deny"
bool numbered_list(std::string_view line) {
    if (!starts(line, "access-list ")) return false;
    std::size_t i = 12;
    std::size_t digits = 0;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i, ++digits;
    return digits > 0 && (line.substr(i, 8) == " permit " || line.substr(i, 6) == " deny " || line.substr(i, 8) == " remark ");
}

// "ip access-list extended", "ip access-list standard NAME": IOS keywords.
bool ios_list_kind(std::string_view line) {
    for (std::string_view kind : {"ip access-list extended", "ip access-list standard"})
        if (starts(line, kind) && (line.size() == kind.size() || line[kind.size()] == ' ')) return true;
    return false;
}

}  // namespace

std::string detect_cisco(std::string_view text) {
    int ios = 0, asa = 0, nxos = 0;
    bool ios_sure = false, asa_sure = false, nxos_sure = false;
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 5000; ++lines) {
        std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        bool indented = !line.empty() && (line.front() == ' ' || line.front() == '\t');
        std::string_view body = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
        if (starts(line, "ASA Version") || starts(line, "PIX Version") || starts(line, "FWSM Version") ||
            starts(line, ": Saved"))
            asa += 5, asa_sure = true;
        if (starts(body, "nameif ") || starts(body, "security-level ")) asa_sure = true;
        if (starts(line, "feature ") || starts(line, "!Command: show running-config") || starts(line, "vrf context ") ||
            has(line, "NX-OS") || starts(line, "!RANCID-CONTENT-TYPE: cisco-nx"))
            nxos_sure = true;
        if (ios_list_kind(line) || line == "!RANCID-CONTENT-TYPE: cisco") ios_sure = true;
        if (!indented && (has(line, " permit ") || has(line, " deny ") || starts(line, "ip") || starts(line, "iv")) &&
            cisco::acl_near_miss(cisco::NearMissContext::top, body)) {
            // "acess-list 101 permit ...", "acess-list OUT extended deny ...", "ip acess-list extended X"
            if (has(line, " extended ") && !starts(line, "ip") && !starts(line, "iv")) asa += 2;
            else ios += 2;
        }
        if (starts(line, "access-list ") && (has(line, " extended ") || has(line, " line ")))
            asa += 2;
        if (starts(line, "object network ") || starts(line, "object service ") || starts(line, "access-group ") ||
            starts(line, "same-security-traffic") || starts(body, "nameif ") || starts(body, "security-level ") ||
            starts(body, "network-object ") || starts(body, "port-object ") || starts(body, "service-object "))
            ++asa;
        if (starts(line, "feature ") || starts(line, "object-group ip ") || starts(body, "ip port access-group ") ||
            starts(line, "vrf context ") || has(line, "NX-OS") || starts(line, "!Command: show running-config"))
            nxos += 2;
        if (starts(line, "ip access-list ") && !ios_list_kind(line) && !starts(line, "ip access-list resequence") &&
            !starts(line, "ip access-list log"))
            ++nxos;
        if (indented && body.size() > 2 && body[0] >= '1' && body[0] <= '9' && has(body, " permit ") && has(body, "/"))
            ++nxos;
        if (ios_list_kind(line) || numbered_list(line))
            ios += 2;
        if (starts(body, "ip access-group ") || starts(body, "ipv6 traffic-filter ") || starts(line, "line vty ") ||
            starts(body, "access-class ") || starts(line, "object-group network ") ||
            starts(line, "object-group service ") || starts(line, "hostname ") || starts(line, "ipv6 access-list ") ||
            (starts(body, "ip address ") && indented))
            ++ios;
    }
    if (asa == 0 && ios == 0 && nxos == 0) return "";
    if (int(ios_sure) + int(asa_sure) + int(nxos_sure) == 1) return ios_sure ? "ios" : asa_sure ? "asa" : "nxos";
    // IOS markers (hostname, ip address) appear in every platform's config:
    // a clear ASA or NX-OS marker wins over them.
    if (asa >= 2 && asa >= nxos) return "asa";
    if (nxos >= 2 && nxos >= ios / 2) return "nxos";
    if (ios >= 2) return "ios";
    return "";
}

}  // namespace fwlint
