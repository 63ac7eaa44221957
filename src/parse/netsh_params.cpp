// The parameters of `netsh advfirewall firewall add rule` (FORMATS.md 2.3),
// as WindowsRuleSpec fields. `set rule ... new` uses the same function on the
// rules it selects.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "parse/netsh_commands.hpp"
#include "parse/windows_port_range.hpp"

namespace fwlint::netsh {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

void unknown_items(const std::vector<std::string>& items, const Param& p, const char* what,
                   std::vector<ParamProblem>& problems) {
    for (const auto& i : items)
        problems.push_back({Severity::warning, fmt::format("unknown {} '{}' in {}=: kept as a condition fwlint cannot "
                                                           "evaluate", what, i, p.tag)});
}

// protocol=tcp | 6 | any | icmpv4 | icmpv4:8,any | icmpv6:128,0
bool apply_protocol(WindowsRuleSpec& spec, const Param& p, std::vector<ParamProblem>& problems) {
    std::string_view v = p.value;
    auto colon = v.find(':');
    std::string_view name = v.substr(0, colon);
    if (!parse_windows_protocol(name, spec.protocol)) {
        problems.push_back({Severity::warning, fmt::format("unknown protocol '{}': kept as a condition fwlint cannot "
                                                           "evaluate", p.value)});
        spec.attributes.push_back({"protocol", p.value, {}});
        return true;
    }
    if (colon == std::string_view::npos) return true;
    // "8,any": the comma separates type and code here, not list items.
    std::string icmp(v.substr(colon + 1));
    std::replace(icmp.begin(), icmp.end(), ',', ':');
    spec.icmp.clear();
    // icmpv4:any,any: every type.
    if (is_windows_any(icmp.substr(0, icmp.find(':')))) return true;
    for (const auto& bad : parse_windows_icmp(icmp, spec.icmp)) {
        problems.push_back({Severity::warning, fmt::format("expected icmp type,code after '{}:', found '{}': kept as a "
                                                           "condition", name, bad)});
        spec.attributes.push_back({"icmp", bad, {}});
    }
    return true;
}

}  // namespace

std::string unexpanded_variable(std::string_view value, bool allow_env_vars) {
    // %%p: the variable of a batch `for` loop.
    if (auto loop = value.find("%%"); loop != std::string_view::npos && loop + 2 < value.size() &&
                                      std::isalpha(static_cast<unsigned char>(value[loop + 2])))
        return std::string(value.substr(loop, 3));
    for (char open : {'%', '!'}) {
        auto a = value.find(open);
        if (a == std::string_view::npos) continue;
        auto b = value.find(open, a + 1);
        if (b == std::string_view::npos || b == a + 1) continue;
        auto name = value.substr(a + 1, b - a - 1);
        bool identifier = std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '(' || c == ')';
        });
        // %ProgramFiles%, %SystemRoot%... in program paths: Windows expands them itself.
        if (identifier && !(allow_env_vars && open == '%')) return std::string(value.substr(a, b - a + 1));
    }
    auto dollar = value.find('$');
    if (dollar != std::string_view::npos && dollar + 1 < value.size() &&
        (std::isalpha(static_cast<unsigned char>(value[dollar + 1])) || value[dollar + 1] == '{' ||
         value[dollar + 1] == '_')) {
        auto end = dollar + 1;
        while (end < value.size() && (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_' ||
                                      value[end] == ':' || value[end] == '{' || value[end] == '}'))
            ++end;
        return std::string(value.substr(dollar, end - dollar));
    }
    return "";
}

bool apply_rule_param(WindowsRuleSpec& spec, const Param& p, std::vector<ParamProblem>& problems) {
    const std::string& t = p.tag;
    const std::string& v = p.value;
    auto bad_value = [&](const char* expected) {
        problems.push_back({Severity::error, fmt::format("expected {}={}, found '{}'", t, expected, v)});
    };
    // `localport=` with nothing after it (a line cut short, a variable that
    // expanded to nothing): netsh refuses it, fwlint must not read it as any.
    const bool value_required = t == "localip" || t == "remoteip" || t == "localport" || t == "remoteport" ||
                                t == "protocol" || t == "interfacetype";
    if (value_required && v.find_first_not_of(" \t") == std::string::npos) {
        problems.push_back({Severity::error, fmt::format("expected a value after {}=, found nothing (netsh refuses an "
                                                         "empty value; is the line cut short?)",
                                                         t)});
        return true;
    }
    if (t == "name") {
        spec.display_name = v;
    } else if (t == "dir") {
        if (auto d = parse_windows_direction(v)) spec.direction = *d;
        else bad_value("in or out");
    } else if (t == "action") {
        if (auto a = parse_windows_action(v)) spec.action = *a;
        else bad_value("allow, block or bypass");
    } else if (t == "enable") {
        if (auto e = parse_windows_bool(v)) spec.enabled = *e;
        else bad_value("yes or no");
    } else if (t == "profile") {
        if (auto pr = parse_windows_profiles(v)) spec.profiles = *pr;
        else bad_value("public, private, domain (comma list) or any");
    } else if (t == "program") {
        spec.program = is_windows_any(v) ? "" : v;
    } else if (t == "service") {
        spec.service = lower(v) == "any" ? "*" : v;
    } else if (t == "description") {
        spec.description = v;
    } else if (t == "group") {
        spec.group = v;
    } else if (t == "localip") {
        spec.local_addresses.clear();
        unknown_items(parse_windows_addresses(v, spec.local_addresses), p, "address", problems);
    } else if (t == "remoteip") {
        spec.remote_addresses.clear();
        unknown_items(parse_windows_addresses(v, spec.remote_addresses), p, "address", problems);
    } else if ((t == "localport" || t == "remoteport") && !out_of_range_ports(v).empty()) {
        problems.push_back({Severity::error, fmt::format("port '{}' in {}= is out of range 0-65535: netsh refuses it",
                                                         fmt::join(out_of_range_ports(v), "', '"), t)});
    } else if (t == "localport") {
        spec.local_ports.clear();
        unknown_items(parse_windows_ports(v, spec.local_ports), p, "port", problems);
    } else if (t == "remoteport") {
        spec.remote_ports.clear();
        unknown_items(parse_windows_ports(v, spec.remote_ports), p, "port", problems);
    } else if (t == "protocol") {
        spec.icmp.clear();
        return apply_protocol(spec, p, problems);
    } else if (t == "interfacetype") {
        spec.interface_types.clear();
        if (!is_windows_any(v)) spec.interface_types.push_back(v);
    } else if (t == "edge") {
        if (auto e = parse_windows_edge(lower(v) == "deferapp" ? "DeferToApp" : lower(v) == "deferuser" ? "DeferToUser" : v))
            spec.edge = *e;
        else bad_value("yes, no, deferapp or deferuser");
    } else if (t == "security") {
        spec.security = lower(v) == "notrequired" ? "" : v;
    } else if (t == "rmtcomputergrp" || t == "rmtusrgrp" || t == "localuser" || t == "rmtcomputer") {
        // Authorization lists (SDDL): they narrow the rule to some computers
        // or users, which no packet shows; kept as a condition.
        spec.attributes.erase(std::remove_if(spec.attributes.begin(), spec.attributes.end(),
                                             [&](const WindowsAttribute& a) { return a.name == t; }),
                              spec.attributes.end());
        spec.attributes.push_back({t, v, {}});
    } else {
        return false;
    }
    return true;
}

}  // namespace fwlint::netsh
