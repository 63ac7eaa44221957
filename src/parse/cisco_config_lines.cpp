// Splits a Cisco running-config into lines and gives each line its role
// (see cisco_config_lines.hpp).
#include "parse/cisco_config_lines.hpp"

#include <algorithm>
#include <charconv>

#include "parse/cisco_near_miss.hpp"
#include "parse/suppression.hpp"

namespace fwlint::cisco {

namespace {

// "permit ...", "deny ...", "10 permit ...": the first words of an ACE.
bool ace_words(std::string_view w1, std::string_view w2) {
    if (is_number(w1)) w1 = w2;
    return ieq(w1, "permit") || ieq(w1, "deny");
}

SourceLocation at(const std::string& file, const ConfigLine& l) { return SourceLocation{file, l.number, l.indent + 1}; }

}  // namespace

std::pair<std::string_view, std::string_view> first_words(std::string_view body) {
    auto end1 = body.find_first_of(" \t");
    std::string_view w1 = body.substr(0, end1);
    if (end1 == std::string_view::npos) return {w1, {}};
    auto start2 = body.find_first_not_of(" \t", end1);
    if (start2 == std::string_view::npos) return {w1, {}};
    auto end2 = body.find_first_of(" \t", start2);
    return {w1, body.substr(start2, end2 == std::string_view::npos ? std::string_view::npos : end2 - start2)};
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::vector<ConfigLine> split_config_lines(std::string_view text, Dialect dialect, const std::string& file,
                                           ParsedInput& out) {
    std::vector<ConfigLine> lines;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int number = 0;
    std::size_t pos = 0;
    lines.reserve(std::count(text.begin(), text.end(), '\n') + 1);
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++number;
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        std::size_t indent = l.find_first_not_of(" \t");
        if (indent == std::string_view::npos) continue;  // blank
        ConfigLine line{number, int(indent), l, l.substr(indent)};
        if (l.find('\0') != std::string_view::npos) {
            // UTF-16 without a byte-order mark, or binary junk: never
            // guess what such a line says.
            out.diagnostics.push_back(
                Diagnostic{at(file, line), Severity::error,
                           "the line contains NUL bytes (a UTF-16 file without a byte-order mark, or binary data): "
                           "not read"});
            continue;
        }
        if (line.body.front() == '!' || (line.body.front() == ':' && dialect == Dialect::asa) ||
            line.body.front() == '#') {
            // "! fwlint: ignore ID reason" (ASA also ": fwlint: ...") silences
            // the check on the next ACE line of the file.
            if (line.body.front() != '#')
                if (auto s = read_suppression_comment(line.body.substr(1), at(file, line)))
                    out.suppressions.push_back(std::move(*s));
            continue;  // comments
        }
        lines.push_back(line);
    }
    return lines;
}

std::vector<LineRole> assign_line_roles(const std::vector<ConfigLine>& lines, Dialect dialect,
                                        const std::string& file, Diagnostics& diagnostics) {
    std::vector<LineRole> roles(lines.size(), LineRole::skip);
    auto diagnose = [&](const ConfigLine& l, Severity s, std::string message) {
        diagnostics.push_back(Diagnostic{at(file, l), s, std::move(message)});
    };
    auto near_miss = [&](const ConfigLine& l, NearMissContext where) {
        if (auto message = acl_near_miss(where, l.body)) diagnose(l, Severity::warning, std::move(*message));
    };
    enum class Ctx { none, acl, group, object, interface, line, other_acl, banner } ctx = Ctx::none;
    std::string_view banner_end;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const ConfigLine& l = lines[k];
        if (ctx == Ctx::banner) {
            if (l.text.find(banner_end) != std::string_view::npos) ctx = Ctx::none;
            continue;
        }
        auto [w1, w2] = first_words(l.body);
        bool sub = l.indent > 0;
        if (sub || ctx == Ctx::acl || ctx == Ctx::group || ctx == Ctx::object) {
            LineRole r = LineRole::skip;
            switch (ctx) {
                case Ctx::acl:
                    if (sub || ieq(w1, "permit") || ieq(w1, "deny") || ieq(w1, "remark") || is_number(w1))
                        r = LineRole::acl_entry;
                    break;
                case Ctx::group:
                case Ctx::object:
                    if (sub || ieq(w1, "network-object") || ieq(w1, "port-object") || ieq(w1, "service-object") ||
                        ieq(w1, "group-object") || ieq(w1, "icmp-object") || ieq(w1, "protocol-object") ||
                        ieq(w1, "description"))
                        r = LineRole::object_entry;
                    break;
                case Ctx::interface:
                    if (ieq(w1, "ip") || ieq(w1, "ipv6") || ieq(w1, "nameif") || ieq(w1, "shutdown"))
                        r = LineRole::interface_command;
                    near_miss(l, NearMissContext::interface);
                    break;
                case Ctx::line:
                    if (ieq(w1, "access-class") || (ieq(w1, "ipv6") && ieq(w2, "access-class")))
                        r = LineRole::line_command;
                    else
                        near_miss(l, NearMissContext::line);
                    break;
                case Ctx::other_acl: r = LineRole::other_acl_entry; break;
                default: break;
            }
            // An ACE under a header fwlint does not know ("ip acess-list
            // extended X", a line of junk above it) is not silently dropped.
            if (r == LineRole::skip && sub && ctx != Ctx::other_acl && ace_words(w1, w2))
                diagnose(l, Severity::error,
                         "permit/deny entry outside an access list: expected it under an 'ip access-list' or "
                         "'ipv6 access-list' line: not read");
            if (r != LineRole::skip || sub) {
                roles[k] = r;
                continue;
            }
        }
        ctx = Ctx::none;
        if (ieq(w1, "access-list")) {
            roles[k] = dialect == Dialect::asa ? LineRole::asa_access_list : LineRole::numbered_acl;
        } else if (dialect == Dialect::asa && ieq(w1, "ipv6") && ieq(w2, "access-list")) {
            // ASA before 9.0: one line per entry, as access-list, for IPv6.
            roles[k] = LineRole::asa_ipv6_access_list;
        } else if ((ieq(w1, "ip") || ieq(w1, "ipv6")) && ieq(w2, "access-list")) {
            roles[k] = LineRole::acl_header;
            ctx = Ctx::acl;
        } else if ((ieq(w1, "mac") || ieq(w1, "arp")) && ieq(w2, "access-list")) {
            roles[k] = LineRole::other_acl;
            ctx = Ctx::other_acl;
        } else if (ieq(w1, "object-group")) {
            roles[k] = LineRole::group_header;
            ctx = Ctx::group;
        } else if (ieq(w1, "object") && (ieq(w2, "network") || ieq(w2, "service"))) {
            roles[k] = LineRole::object_header;
            ctx = Ctx::object;
        } else if (dialect == Dialect::asa && ieq(w1, "name")) {
            roles[k] = LineRole::asa_name;
        } else if (ieq(w1, "access-group")) {
            roles[k] = LineRole::asa_access_group;
        } else if (ieq(w1, "interface")) {
            roles[k] = LineRole::interface_header;
            ctx = Ctx::interface;
        } else if (ieq(w1, "line") && !w2.empty()) {
            roles[k] = LineRole::line_header;
            ctx = Ctx::line;
        } else if (dialect == Dialect::asa && (ieq(w1, "route") || (ieq(w1, "ipv6") && ieq(w2, "route")))) {
            roles[k] = LineRole::asa_route;
        } else if (dialect != Dialect::asa && (ieq(w1, "ip") || ieq(w1, "ipv6")) && ieq(w2, "route")) {
            roles[k] = LineRole::ip_route;
        } else if (ieq(w1, "banner") && !w2.empty()) {
            // "banner motd ^C ... ^C": the delimiter is the first
            // character (or the "^C" pair) after the banner's type.
            std::size_t start = l.body.find(w2) + w2.size();
            std::size_t d = l.body.find_first_not_of(" \t", start);
            if (d == std::string_view::npos) continue;
            banner_end = l.body.substr(d, l.body.substr(d, 2) == "^C" ? 2 : 1);
            if (l.body.find(banner_end, d + banner_end.size()) == std::string_view::npos) ctx = Ctx::banner;
        } else {
            near_miss(l, NearMissContext::top);  // skipped by design, unless it is a misspelt ACL command
        }
    }
    return roles;
}

}  // namespace fwlint::cisco
