// PowerShell values and rule properties: what `-LocalPort 80, 443`,
// `@("10.0.0.0/8", "LocalSubnet")` or a CSV cell "Domain, Private" mean for a
// WindowsRuleSpec. Shared by the script reader and the export readers.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "parse/powershell_internal.hpp"
#include "parse/windows_port_range.hpp"
#include "parse/text_trim.hpp"

namespace fwlint::powershell {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t skip_string(std::string_view s, std::size_t i) {
    const char q = s[i];
    for (++i; i < s.size(); ++i) {
        if (q == '"' && s[i] == '`') ++i;
        else if (s[i] == q) {
            if (i + 1 < s.size() && s[i + 1] == q) ++i;  // '' or "" inside
            else return i + 1;
        }
    }
    return std::string_view::npos;
}

namespace {

constexpr auto trim = trim_blanks;

// Splits the inside of @( ... ) at top-level commas, semicolons and line
// ends; `#` comments dropped.
std::vector<std::string_view> split_items(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0, i = 0;
    int depth = 0;
    auto push = [&](std::size_t end) {
        auto item = trim(s.substr(start, end - start));
        if (!item.empty()) out.push_back(item);
    };
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            auto next = skip_string(s, i);
            i = next == std::string_view::npos ? s.size() : next;
            continue;
        }
        if (c == '(' || c == '{' || c == '[') ++depth;
        else if ((c == ')' || c == '}' || c == ']') && depth > 0) --depth;
        else if (depth == 0 && c == '#') {
            push(i);
            while (i < s.size() && s[i] != '\n') ++i;
            start = i;
            continue;
        } else if (depth == 0 && (c == ',' || c == ';' || c == '\n')) {
            push(i);
            start = i + 1;
        } else if (c == '`' && i + 1 < s.size()) {
            ++i;
        }
        ++i;
    }
    push(s.size());
    return out;
}

// One scalar: a quoted string, a bareword or a variable.
void evaluate_scalar(std::string_view raw, Value& v) {
    raw = trim(raw);
    if (raw.empty()) return;
    const char q = raw.front();
    if ((q == '\'' || q == '"') && skip_string(raw, 0) == raw.size()) {
        std::string text;
        for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
            char c = raw[i];
            if (q == '"' && c == '`' && i + 2 < raw.size()) {
                char e = raw[++i];
                text += e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e;
                continue;
            }
            if (c == q && i + 2 < raw.size() && raw[i + 1] == q) ++i;
            if (q == '"' && c == '$' && i + 2 < raw.size() &&
                (std::isalpha(static_cast<unsigned char>(raw[i + 1])) || raw[i + 1] == '(' || raw[i + 1] == '{' ||
                 raw[i + 1] == '_')) {
                v.known = false;
                v.unknown = std::string(raw);  // "$var" inside "...": interpolation
            }
            text += c;
        }
        v.items.push_back(std::move(text));
        return;
    }
    if (q == '$') {
        std::string name = lower(raw.substr(1));
        if (name == "true" || name == "false") {
            v.items.push_back(name == "true" ? "True" : "False");
        } else if (name == "null") {
            // nothing
        } else {
            v.known = false;
            v.unknown = std::string(raw);
            v.items.push_back(std::string(raw));
        }
        return;
    }
    if (q == '@' || q == '(' || q == '{' || q == '[' || raw.find('$') != std::string_view::npos ||
        raw.find_first_of("'\"") != std::string_view::npos) {
        v.known = false;
        v.unknown = std::string(raw);
        v.items.push_back(std::string(raw));
        return;
    }
    std::string text;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '`' && i + 1 < raw.size()) ++i;
        text += raw[i];
    }
    v.items.push_back(std::move(text));
}

}  // namespace

Value evaluate(std::string_view raw) {
    Value v;
    v.raw = std::string(raw);
    raw = trim(raw);
    if (raw.size() >= 3 && raw.substr(0, 2) == "@(" && raw.back() == ')') {
        for (auto item : split_items(raw.substr(2, raw.size() - 3))) evaluate_scalar(item, v);
        return v;
    }
    // `-LocalPort 80, 443` arrives here item by item; a comma list in one
    // value (CSV cells, "80,443") is split by the port/address readers.
    evaluate_scalar(raw, v);
    return v;
}

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
}

// Properties that do not change which packets a rule matches: where it is
// stored, how the cmdlet runs, status and CIM bookkeeping in exports.
bool ignored_property(std::string_view name) {
    static const char* const names[] = {
        "platform", "policystore", "gposession", "cimsession", "throttlelimit", "asjob", "erroraction",
        "confirm", "whatif", "force", "passthru", "verbose", "loosesourcemapping", "primarystatus", "status",
        "enforcementstatus", "policystoresource", "policystoresourcetype", "instanceid", "elementname",
        "caption", "rulegroup", "creationclassname", "systemname", "systemcreationclassname", "commonname",
        "policydecisionstrategy", "conditionlisttype", "executionstrategy", "mandatory", "priority",
        "sequencing", "remotedynamickeywordaddresses", "pscomputername", "cimclass", "cimsystemproperties",
        "ciminstanceproperties", "displaygroupname", "errorvariable", "outvariable",
        // the other common parameters: how the command reports, not what it does
        "debug", "warningaction", "informationaction", "progressaction", "warningvariable",
        "informationvariable", "outbuffer", "pipelinevariable",
    };
    return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return name == n; });
}

}  // namespace

Applied apply_property(WindowsRuleSpec& spec, std::string_view name_in, const std::vector<std::string>& items,
                       std::string& problem) {
    std::string name = lower(name_in);
    // Nested export objects: "PortFilter.Protocol", "AddressFilter.RemoteAddress".
    if (auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    const std::string value = joined(items);
    auto bad = [&](const char* expected) {
        problem = fmt::format("expected {} for {}, found '{}'", expected, name_in, value);
        return Applied::bad_value;
    };
    auto unknown_items = [&](const std::vector<std::string>& u, const char* what) {
        if (!u.empty())
            problem = fmt::format("unknown {} '{}' in {}: kept as a condition fwlint cannot evaluate", what,
                                  fmt::join(u, "', '"), name_in);
        return Applied::ok;
    };
    if (name == "name" || name == "id") {
        spec.id = value;
    } else if (name == "displayname" || name == "newdisplayname") {
        spec.display_name = value;
    } else if (name == "description") {
        spec.description = value;
    } else if (name == "group" || name == "displaygroup") {
        if (name == "group" || spec.group.empty()) spec.group = value;
    } else if (name == "enabled") {
        auto b = parse_windows_bool(value);
        if (!b) return bad("True or False");
        spec.enabled = *b;
    } else if (name == "direction") {
        auto d = parse_windows_direction(value);
        if (!d) return bad("Inbound or Outbound");
        spec.direction = *d;
    } else if (name == "action") {
        auto a = parse_windows_action(value);
        if (!a) return bad("Allow or Block");
        spec.action = *a;
    } else if (name == "overrideblockrules") {
        auto b = parse_windows_bool(value);
        if (!b) return bad("True or False");
        if (*b) spec.action = WindowsAction::bypass;
    } else if (name == "profile") {
        auto p = parse_windows_profiles(value);
        if (!p) return bad("Any, Domain, Private, Public or a list of them");
        spec.profiles = *p;
    } else if (name == "edgetraversalpolicy") {
        auto e = parse_windows_edge(value);
        if (!e) return bad("Block, Allow, DeferToUser or DeferToApp");
        spec.edge = *e;
    } else if (name == "protocol") {
        if (!parse_windows_protocol(value, spec.protocol)) return bad("TCP, UDP, ICMPv4, ICMPv6, Any or 0-255");
    } else if ((name == "localport" || name == "remoteport") && !out_of_range_ports(value).empty()) {
        problem = fmt::format("port '{}' in {} is out of range 0-65535", fmt::join(out_of_range_ports(value), "', '"),
                              name_in);
        return Applied::bad_value;
    } else if (name == "localport") {
        spec.local_ports.clear();
        return unknown_items(parse_windows_ports(value, spec.local_ports), "port");
    } else if (name == "remoteport") {
        spec.remote_ports.clear();
        return unknown_items(parse_windows_ports(value, spec.remote_ports), "port");
    } else if (name == "localaddress") {
        spec.local_addresses.clear();
        return unknown_items(parse_windows_addresses(value, spec.local_addresses), "address");
    } else if (name == "remoteaddress") {
        spec.remote_addresses.clear();
        return unknown_items(parse_windows_addresses(value, spec.remote_addresses), "address");
    } else if (name == "icmptype") {
        spec.icmp.clear();
        auto bad_items = parse_windows_icmp(value, spec.icmp);
        if (!bad_items.empty()) {
            for (const auto& b : bad_items) spec.attributes.push_back({"IcmpType", b, {}});
            problem = fmt::format("expected IcmpType type or type:code, found '{}': kept as a condition",
                                  fmt::join(bad_items, "', '"));
        }
    } else if (name == "program") {
        spec.program = is_windows_any(value) ? "" : value;
    } else if (name == "service") {
        spec.service = is_windows_any(value) && lower(value) != "*" ? "" : value;
    } else if (name == "interfacetype") {
        spec.interface_types.clear();
        for (const auto& i : items)
            if (!is_windows_any(i)) spec.interface_types.push_back(i);
    } else if (name == "interfacealias") {
        spec.interfaces.clear();
        for (const auto& i : items)
            if (!is_windows_any(i)) spec.interfaces.push_back(i);
    } else if (name == "authentication" || name == "encryption") {
        if (!is_windows_any(value) && lower(value) != "notrequired" && lower(value) != "0")
            spec.security = fmt::format("{} {}", name_in, value);
    } else if (name == "localuser" || name == "remoteuser" || name == "remotemachine" || name == "package" ||
               name == "owner" || name == "dynamictarget" || name == "localonlymapping") {
        // They narrow the rule to some users, machines, app packages or local
        // traffic, which no packet shows: a condition when set.
        const std::string v = lower(value);
        if (!is_windows_any(value) && v != "false" && v != "none" && v != "0")
            spec.attributes.push_back({std::string(name_in), value, {}});
    } else if (ignored_property(name)) {
        return Applied::ignored;
    } else {
        return Applied::unknown;
    }
    return Applied::ok;
}

}  // namespace fwlint::powershell
