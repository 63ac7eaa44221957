#include "parse/powershell_parameters.hpp"

#include <algorithm>
#include <cctype>

namespace fwlint::powershell {

namespace {

// New-NetFirewallRule's parameters (learn.microsoft.com, NetSecurity module),
// then the common parameters every cmdlet takes, spelt as documented.
constexpr std::string_view new_rule_parameters[] = {
    "PolicyStore", "GPOSession", "Name", "DisplayName", "Description", "Group", "Enabled", "Profile", "Platform",
    "Direction", "Action", "EdgeTraversalPolicy", "LooseSourceMapping", "LocalOnlyMapping", "Owner", "LocalAddress",
    "RemoteAddress", "Protocol", "LocalPort", "RemotePort", "IcmpType", "DynamicTarget", "Program", "Package",
    "Service", "InterfaceAlias", "InterfaceType", "LocalUser", "RemoteUser", "RemoteMachine", "Authentication",
    "Encryption", "OverrideBlockRules", "RemoteDynamicKeywordAddresses", "PolicyAppId", "CimSession",
    "ThrottleLimit", "AsJob", "WhatIf", "Confirm",
    // common parameters
    "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
    "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
};

struct Alias {
    std::string_view alias, parameter;
};

// Aliases bind by their exact name only (a prefix of an alias binds nothing).
constexpr Alias aliases[] = {
    {"id", "Name"},          {"vb", "Verbose"},          {"db", "Debug"},          {"ea", "ErrorAction"},
    {"wa", "WarningAction"}, {"infa", "InformationAction"}, {"proga", "ProgressAction"},
    {"ev", "ErrorVariable"}, {"wv", "WarningVariable"}, {"iv", "InformationVariable"}, {"ov", "OutVariable"},
    {"ob", "OutBuffer"},     {"pv", "PipelineVariable"}, {"wi", "WhatIf"},        {"cf", "Confirm"},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Levenshtein distance, for "did you mean" (names are short).
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

BoundParameter bind_new_rule_parameter(std::string_view given) {
    BoundParameter out;
    const std::string name = lower(given);
    if (name.empty()) return out;
    for (const auto& a : aliases)
        if (a.alias == name) {
            out.name = lower(a.parameter);
            return out;
        }
    for (auto p : new_rule_parameters) {
        std::string full = lower(p);
        if (full == name) {  // an exact name wins over the names it is a prefix of
            out.name = full;
            out.candidates = {full};
            return out;
        }
        if (full.compare(0, name.size(), name) == 0) out.candidates.push_back(full);
    }
    if (out.candidates.size() == 1) out.name = out.candidates.front();
    if (out.candidates.empty()) {
        std::size_t best = 3;  // at most two edits away
        for (auto p : new_rule_parameters) {
            std::size_t d = distance(name, lower(p));
            if (d < best) {
                best = d;
                out.suggestion = lower(p);
            }
        }
    }
    return out;
}

std::string parameter_spelling(std::string_view lower_name) {
    for (auto p : new_rule_parameters)
        if (lower(p) == lower_name) return "-" + std::string(p);
    return "-" + std::string(lower_name);
}

}  // namespace fwlint::powershell
