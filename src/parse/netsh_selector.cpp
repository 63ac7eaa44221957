#include "parse/netsh_selector.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ir/interval_set.hpp"

namespace fwlint::netsh {

namespace {

// A port list as a value: the numbers as one set, the keywords by name.
bool same_ports(const std::vector<WindowsPort>& a, const std::vector<WindowsPort>& b) {
    auto value = [](const std::vector<WindowsPort>& ports) {
        IntervalSet numbers;
        std::set<std::string> keywords;
        for (const auto& p : ports)
            if (p.keyword.empty())
                numbers.add(p.lo, p.hi);
            else
                keywords.insert(lower(p.keyword));
        return std::make_pair(numbers, keywords);
    };
    return value(a) == value(b);
}

// An address list as a value: the addresses of each family as one set, the
// keywords (with the family they are limited to) by name.
bool same_addresses(const std::vector<WindowsAddress>& a, const std::vector<WindowsAddress>& b) {
    auto value = [](const std::vector<WindowsAddress>& list) {
        IntervalSet v4, v6;
        std::set<std::pair<std::string, int>> keywords;
        for (const auto& item : list) {
            if (item.set)
                (item.set->family == Family::v4 ? v4 : v6) = (item.set->family == Family::v4 ? v4 : v6).unite(item.set->values);
            else
                keywords.insert({lower(item.keyword), item.family ? int(*item.family) : -1});
        }
        return std::make_tuple(v4, v6, keywords);
    };
    return value(a) == value(b);
}

}  // namespace

std::optional<bool> selector_matches(const WindowsRuleSpec& rule, const Param& s) {
    WindowsRuleSpec wanted;  // the selector's value, read as add rule reads it
    std::vector<ParamProblem> problems;
    if (!apply_rule_param(wanted, s, problems)) return std::nullopt;  // not a netsh rule parameter
    for (const auto& p : problems)
        if (p.severity != Severity::note) return std::nullopt;  // a value fwlint cannot read
    if (!wanted.attributes.empty()) return std::nullopt;
    const std::string& t = s.tag;
    if (t == "protocol") {
        if (!wanted.icmp.empty() || !rule.icmp.empty()) return std::nullopt;
        return wanted.protocol == rule.protocol;
    }
    if (t == "localport") return same_ports(wanted.local_ports, rule.local_ports);
    if (t == "remoteport") return same_ports(wanted.remote_ports, rule.remote_ports);
    if (t == "localip") return same_addresses(wanted.local_addresses, rule.local_addresses);
    if (t == "remoteip") return same_addresses(wanted.remote_addresses, rule.remote_addresses);
    if (t == "action") return wanted.action == rule.action;
    if (t == "enable") return wanted.enabled == rule.enabled;
    if (t == "edge") return wanted.edge == rule.edge;
    if (t == "program") return lower(wanted.program) == lower(rule.program);
    if (t == "service") return lower(wanted.service) == lower(rule.service);
    if (t == "security") return lower(wanted.security) == lower(rule.security);
    return std::nullopt;
}

}  // namespace fwlint::netsh
