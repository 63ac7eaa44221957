// Replaying a PowerShell script: New-NetFirewallRule creates, Set-,
// Enable-, Disable- and Remove-NetFirewallRule change the rules created
// before them (selected by their own -Name/-DisplayName/-Group... or by a
// Get-NetFirewallRule earlier in the pipeline), Set-NetFirewallProfile sets
// the profiles. Variables and splatting are not evaluated: fwlint does not run
// the script; such values are kept as unknown and reported.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parse/powershell_internal.hpp"
#include "parse/powershell_parameters.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint::powershell {

namespace {

// "IIS-*", "*HTTP*": PowerShell's wildcards in -Name / -DisplayName.
bool glob(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) return text.empty();
    if (pattern[0] == '*') {
        for (std::size_t i = 0; i <= text.size(); ++i)
            if (glob(pattern.substr(1), text.substr(i))) return true;
        return false;
    }
    return !text.empty() && (pattern[0] == '?' || pattern[0] == text[0]) && glob(pattern.substr(1), text.substr(1));
}

struct ScriptRule {
    WindowsRuleSpec spec;
    bool live = true;
};

// The NetSecurity cmdlets a firewall script calls, and the verbs that exist
// for ...-NetFirewallRule.
constexpr const char* common_cmdlets[] = {
    "new-netfirewallrule",     "set-netfirewallrule",       "enable-netfirewallrule", "disable-netfirewallrule",
    "remove-netfirewallrule",  "get-netfirewallrule",       "copy-netfirewallrule",   "rename-netfirewallrule",
    "show-netfirewallrule",    "set-netfirewallprofile",    "get-netfirewallprofile", "set-netfirewallsetting",
    "get-netfirewallsetting",  "get-netfirewallportfilter", "set-netfirewallportfilter",
    "get-netfirewalladdressfilter", "set-netfirewalladdressfilter",
};

// Edit distance (insert, delete, substitute, swap two neighbours), given up past 3.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > b.size() + 3 || b.size() > a.size() + 3) return 4;
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// A command name that is no cmdlet but looks like a misspelt firewall one
// (New-NetFirewalRule, Add-NetFirewallRule): the cmdlet it was meant to be,
// or "" (also for the real ones).
std::string misspelt_cmdlet(const std::string& name) {
    std::string best;
    std::size_t best_distance = 3;
    for (const char* c : common_cmdlets) {
        if (name == c) return "";
        const std::size_t d = edit_distance(name, c);
        if (d < best_distance) best = c, best_distance = d;
    }
    if (best.empty() && name.ends_with("-netfirewallrule")) return "new-netfirewallrule";
    return best;
}

// "new-netfirewallrule" as Microsoft writes it.
std::string cmdlet_spelling(std::string name) {
    bool start = true;
    for (char& ch : name) {
        if (start) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        start = ch == '-';
    }
    for (const char* word : {"Firewall", "Rule", "Profile", "Setting", "Port", "Address", "Filter"}) {
        std::string l = lower(word);
        for (auto at = name.find(l); at != std::string::npos; at = name.find(l, at + 1)) name.replace(at, l.size(), word);
    }
    return name;
}

class Replayer {
public:
    Replayer(const std::string& file, Diagnostics diags) : file_(file), diags_(std::move(diags)) {}

    void statement(const std::vector<ScriptCommand>& pipeline) {
        const ScriptCommand* selector = nullptr;  // a Get-NetFirewallRule feeding the next command
        const ScriptCommand* filter = nullptr;    // a Where-Object (or other command) between them
        for (const auto& c : pipeline) {
            if (std::string session = remote_session(c); !session.empty()) {
                // As netsh -r HOST: another computer's firewall is not this one's.
                if (c.name.find("netfirewall") != std::string::npos && c.name.rfind("get-", 0) != 0)
                    report(c.line, c.column, Severity::warning,
                           fmt::format("{} -CimSession {}: this command changes the firewall of another computer, "
                                       "not of the host this script configures: not applied",
                                       c.name, session));
                selector = filter = nullptr;
                continue;
            }
            if (std::string gpo = group_policy_store(c); !gpo.empty() && c.name.find("netfirewall") != std::string::npos &&
                                                         c.name.rfind("get-", 0) != 0)
                report(c.line, c.column, Severity::warning,
                       fmt::format("{} writes to the Group Policy object {}, not to this computer's own store: "
                                   "read as this host's, which holds only if that GPO applies to it",
                                   c.name, gpo));
            if (c.name == "get-netfirewallrule") {
                selector = &c;
                filter = nullptr;
                continue;
            }
            // Get-NetFirewallRule ... | Get-NetFirewallPortFilter | Set-NetFirewallPortFilter -LocalPort 443:
            // the filter objects of the rules selected before.
            if (selector && is_filter_getter(c.name)) continue;
            if (is_filter_setter(c.name)) {
                if (filter) unknown_filter(c, *filter);
                else change(c, selector, Change::set);
                selector = filter = nullptr;
                continue;
            }
            if (selector && !filter && !is_change(c.name)) {
                filter = &c;  // Where-Object { ... }, Select-Object -First 1...: fwlint cannot tell which rules pass
                continue;
            }
            if (filter && is_change(c.name)) {
                unknown_filter(c, *filter);
                selector = filter = nullptr;
                continue;
            }
            if (c.name == "new-netfirewallrule") create(c);
            else if (c.name == "set-netfirewallrule") change(c, selector, Change::set);
            else if (c.name == "enable-netfirewallrule") change(c, selector, Change::enable);
            else if (c.name == "disable-netfirewallrule") change(c, selector, Change::disable);
            else if (c.name == "remove-netfirewallrule") change(c, selector, Change::remove);
            else if (c.name == "set-netfirewallprofile") profile(c);
            else if (c.name == "netsh" || c.name == "netsh.exe")
                report(c.line, c.column, Severity::warning,
                       "a netsh command in a PowerShell script is not read here: check this file with "
                       "--input-format netsh-script as well");
            else if (auto meant = misspelt_cmdlet(c.name); !meant.empty())
                // PowerShell stops with "not recognized as the name of a cmdlet": nothing changes.
                report(c.line, c.column, Severity::error,
                       fmt::format("{}: no such cmdlet (did you mean {}?): PowerShell fails on this command, so no "
                                   "rule is created or changed",
                                   c.name, cmdlet_spelling(meant)));
            else if (c.name.find("netfirewall") != std::string::npos && c.name.rfind("get-", 0) != 0)
                report(c.line, c.column, Severity::note, fmt::format("{}: not modelled", c.name));
            selector = filter = nullptr;
        }
    }

    // The -CimSession a command runs through ("srv2", "$s"), or "" for this
    // computer (none, localhost, "." or 127.0.0.1).
    static std::string remote_session(const ScriptCommand& c) {
        for (const auto& a : c.args) {
            if (a.name != "cimsession" || a.values.empty()) continue;
            const std::string raw = a.values.front().raw;
            const std::string host = a.values.front().known && !a.values.front().items.empty()
                                         ? lower(a.values.front().items.front())
                                         : lower(raw);
            if (host == "localhost" || host == "." || host == "127.0.0.1" || host == "::1") return "";
            return raw;
        }
        return "";
    }

    // The GPO a command writes to (-PolicyStore "contoso.com\Servers", or
    // -GPOSession), or "" for this computer's own stores.
    static std::string group_policy_store(const ScriptCommand& c) {
        for (const auto& a : c.args) {
            if (a.values.empty()) continue;
            const Value& v = a.values.front();
            if (a.name == "gposession") return v.raw;
            // -PolicyStore $store: unknown, already reported as such.
            if (a.name != "policystore" || !v.known) continue;
            const std::string store = v.known && !v.items.empty() ? lower(v.items.front()) : lower(v.raw);
            for (const char* local : {"persistentstore", "activestore", "localhost", "rsop", "systemdefaults",
                                      "staticservicestore", "configurableservicestore", "."})
                if (store == local) return "";
            return v.known && !v.items.empty() ? v.items.front() : v.raw;
        }
        return "";
    }

    static bool is_change(const std::string& name) {
        return name == "set-netfirewallrule" || name == "enable-netfirewallrule" || name == "disable-netfirewallrule" ||
               name == "remove-netfirewallrule";
    }
    static bool is_filter_getter(const std::string& name) {
        return name == "get-netfirewallportfilter" || name == "get-netfirewalladdressfilter" ||
               name == "get-netfirewallapplicationfilter" || name == "get-netfirewallservicefilter" ||
               name == "get-netfirewallinterfacetypefilter";
    }
    static bool is_filter_setter(const std::string& name) {
        return name == "set-netfirewallportfilter" || name == "set-netfirewalladdressfilter" ||
               name == "set-netfirewallapplicationfilter" || name == "set-netfirewallservicefilter" ||
               name == "set-netfirewallinterfacetypefilter";
    }

    void unknown_filter(const ScriptCommand& c, const ScriptCommand& filter) {
        report(c.line, c.column, Severity::warning,
               fmt::format("{} gets its rules through {}, which fwlint does not run (fwlint does not run the "
                           "script): which rules it changes is unknown, no rule is changed",
                           c.name, filter.name));
    }

    ParsedInput finish(std::shared_ptr<const std::string> source) {
        std::vector<WindowsRuleSpec> specs;
        for (auto& r : rules_)
            if (r.live) specs.push_back(std::move(r.spec));
        return windows_input(specs, defaults_, std::move(source), file_, "powershell", std::move(diags_));
    }

private:
    enum class Change { set, enable, disable, remove };

    const std::string& file_;
    Diagnostics diags_;
    std::vector<ScriptRule> rules_;
    WindowsProfileDefaults defaults_;

    void report(int line, int column, Severity s, std::string message) {
        diags_.push_back({{file_, line, column}, s, std::move(message)});
    }

    // A value fwlint cannot know: reported, and true when the caller should
    // keep it as an unknown condition.
    bool unknown_value(const ScriptArg& a, const Value& v) {
        if (v.known) return false;
        const char* what = v.unknown.rfind("@", 0) == 0 && v.unknown.find('(') == std::string::npos ? "splatting"
                           : v.unknown.rfind("$", 0) == 0                                          ? "variable"
                           : v.unknown.rfind("\"", 0) == 0                                         ? "interpolated string"
                                                                                                    : "expression";
        if (!v.unknown_why.empty()) {
            // @name: which parameters it passes, and so which of the rule's
            // properties are not the defaults, is unknown.
            report(a.line, a.column, Severity::warning,
                   fmt::format("splatting {}: {}, so the parameters it passes are unknown (fwlint does not run the "
                               "script): the rule is kept with {} as a condition fwlint cannot evaluate",
                               v.unknown, v.unknown_why, v.unknown));
            return true;
        }
        report(a.line, a.column, Severity::warning,
               fmt::format("{} {} in {}: kept as an unknown value (fwlint does not run the script)", what, v.unknown,
                           a.name.empty() ? "a positional argument" : spelled(a)));
        return true;
    }

    // Sets the properties of one command's parameters on `spec`; false when
    // one of them has a value the cmdlet would refuse.
    bool apply(WindowsRuleSpec& spec, const ScriptCommand& c, const ScriptArg& a) {
        std::vector<std::string> items;
        bool unknown = false;
        for (const auto& v : a.values) {
            unknown = unknown_value(a, v) || unknown;
            items.insert(items.end(), v.items.begin(), v.items.end());
        }
        if (a.name.empty()) {
            // @name fwlint could not read: a condition on what it passes.
            const bool splat = a.values.size() == 1 && !a.values.front().unknown_why.empty();
            spec.attributes.push_back({splat ? "splat" : "argument", a.values.empty() ? "" : a.values.front().raw,
                                       {file_, a.line, a.column}});
            if (!unknown)
                report(a.line, a.column, Severity::warning,
                       fmt::format("{} takes no positional argument here: kept as a condition fwlint cannot evaluate",
                                   c.name));
            return true;
        }
        if (a.awaiting) {
            report(a.line, a.column, Severity::warning, fmt::format("{} has no value: ignored", spelled(a)));
            return true;
        }
        std::string problem;
        const std::size_t before = spec.attributes.size();
        Applied r = apply_property(spec, a.name, items, problem);
        if (unknown && r == Applied::bad_value) {
            // -Direction $Direction: keep the default, and the unknown as a condition.
            spec.attributes.push_back({a.name, a.values.front().raw, {}});
            r = Applied::ok;
            problem.clear();
        }
        for (std::size_t i = before; i < spec.attributes.size(); ++i)
            if (spec.attributes[i].loc.line == 0) spec.attributes[i].loc = {file_, a.line, a.column};
        switch (r) {
            case Applied::ok:
                if (!problem.empty() && !unknown) report(a.line, a.column, Severity::warning, problem);
                return true;
            case Applied::ignored: return true;
            case Applied::bad_value:
                report(a.line, a.column, Severity::error, problem);
                return false;
            case Applied::unknown:
                report(a.line, a.column, Severity::warning,
                       fmt::format("unknown parameter {} of {}: kept as a condition fwlint cannot evaluate", spelled(a),
                                   c.name));
                spec.attributes.push_back({a.name, items.empty() ? "" : items.front(), {file_, a.line, a.column}});
                return true;
        }
        return true;
    }

    // Binds each named argument to its full parameter name as PowerShell
    // does; false (reported) when one binds none or several: then PowerShell
    // runs nothing of the command.
    bool bind_parameters(ScriptCommand& c) {
        bool bound = true;
        for (auto& a : c.args) {
            if (a.name.empty()) continue;
            BoundParameter p = bind_new_rule_parameter(a.name);
            if (!p.name.empty()) {
                a.name = p.name;
                continue;
            }
            bound = false;
            if (p.candidates.size() > 1) {
                std::vector<std::string> names;
                for (const auto& n : p.candidates) names.push_back(parameter_spelling(n));
                report(a.line, a.column, Severity::error,
                       fmt::format("{} is ambiguous for New-NetFirewallRule: it could be {}; PowerShell refuses "
                                   "the command, no rule is created",
                                   spelled(a), fmt::join(names, ", ")));
            } else {
                report(a.line, a.column, Severity::error,
                       fmt::format("New-NetFirewallRule has no parameter {}{}: PowerShell refuses the command (\"A "
                                   "parameter cannot be found that matches parameter name\"), no rule is created",
                                   spelled(a),
                                   p.suggestion.empty() ? "" : fmt::format(" (did you mean {}?)", parameter_spelling(p.suggestion))));
            }
        }
        return bound;
    }

    void create(const ScriptCommand& written) {
        ScriptCommand c = written;
        if (!bind_parameters(c)) return;
        ScriptRule r;
        r.spec.loc = {file_, c.line, c.column};
        r.spec.text = c.text;
        bool valid = true, named = false;
        for (const auto& a : c.args) {
            valid = apply(r.spec, c, a) && valid;
            // A splatted hashtable may hold -DisplayName: fwlint cannot tell.
            named = named || a.name == "displayname" ||
                    std::any_of(a.values.begin(), a.values.end(), [](const Value& v) { return !v.known; });
        }
        if (!named) {
            report(c.line, c.column, Severity::error,
                   "New-NetFirewallRule without -DisplayName: the cmdlet refuses it, no rule is created");
            return;
        }
        if (!valid) {
            report(c.line, c.column, Severity::error,
                   "New-NetFirewallRule with an invalid value (see above): the cmdlet refuses it, no rule is created");
            return;
        }
        // Ports need -Protocol TCP or UDP (unless the protocol is a variable fwlint cannot know).
        const bool protocol_unknown = std::any_of(c.args.begin(), c.args.end(), [](const ScriptArg& a) {
            return std::any_of(a.values.begin(), a.values.end(), [](const Value& v) { return !v.known; }) &&
                   (a.name == "protocol" || a.name.empty());
        });
        // As netsh's action=bypass: an override of block rules needs IPsec authentication.
        const bool security_unknown = std::any_of(c.args.begin(), c.args.end(), [](const ScriptArg& a) {
            return std::any_of(a.values.begin(), a.values.end(), [](const Value& v) { return !v.known; }) &&
                   (a.name == "authentication" || a.name == "encryption" || a.name.empty());
        });
        if (r.spec.action == WindowsAction::bypass && r.spec.security.empty() && !security_unknown) {
            report(c.line, c.column, Severity::error,
                   "-OverrideBlockRules needs -Authentication Required (or -Encryption): the cmdlet refuses this "
                   "rule, no rule is created");
            return;
        }
        const bool has_ports = !r.spec.local_ports.empty() || !r.spec.remote_ports.empty();
        if (has_ports && !protocol_unknown && r.spec.protocol != 6u && r.spec.protocol != 17u) {
            report(c.line, c.column, Severity::error,
                   "-LocalPort/-RemotePort need -Protocol TCP or UDP: the cmdlet refuses this rule, no rule is created");
            return;
        }
        rules_.push_back(std::move(r));
    }

    static bool is_selector(std::string_view name, Change change) {
        if (name == "name" || name == "displayname" || name == "group" || name == "displaygroup") return true;
        // Enable-/Disable-/Remove- filter by any property; Set- changes them.
        return change != Change::set && (name == "direction" || name == "action" || name == "enabled" ||
                                         name == "profile" || name == "description");
    }

    // Does rule `r` pass selector `a`?
    bool selects(const ScriptRule& r, const ScriptArg& a) {
        std::vector<std::string> items;
        for (const auto& v : a.values) items.insert(items.end(), v.items.begin(), v.items.end());
        std::string text;
        for (const auto& i : items) text += (text.empty() ? "" : ",") + i;
        const std::string name = a.name.empty() ? "name" : a.name;  // the first positional is -Name
        auto any_glob = [&](const std::string& field) {
            return std::any_of(items.begin(), items.end(), [&](const std::string& i) { return glob(lower(i), lower(field)); });
        };
        if (name == "name") return any_glob(r.spec.id);
        if (name == "displayname") return any_glob(r.spec.display_name);
        if (name == "group" || name == "displaygroup") return any_glob(r.spec.group);
        if (name == "direction") return parse_windows_direction(text) == r.spec.direction;
        if (name == "action") return parse_windows_action(text) == r.spec.action;
        if (name == "enabled") return parse_windows_bool(text) == r.spec.enabled;
        if (name == "profile") {
            auto p = parse_windows_profiles(text);
            return p && (*p & r.spec.profiles);
        }
        if (name == "description") return any_glob(r.spec.description);
        return true;
    }

    void change(const ScriptCommand& c, const ScriptCommand* get, Change change) {
        std::vector<const ScriptArg*> selectors, values;
        bool unknown_selector = false, all = false;
        for (const auto* cmd : {get, &c}) {
            if (!cmd) continue;
            for (const auto& a : cmd->args) {
                if (a.name == "all") {
                    all = true;
                    continue;
                }
                const bool sel = cmd == get || a.name.empty() || is_selector(a.name, change);
                if (!sel) {
                    values.push_back(&a);
                    continue;
                }
                if (ignored_selector(a.name)) continue;
                for (const auto& v : a.values)
                    if (unknown_value(a, v)) unknown_selector = true;
                selectors.push_back(&a);
            }
        }
        if (unknown_selector) {
            report(c.line, c.column, Severity::warning,
                   fmt::format("{} selects rules by a value fwlint cannot know: no rule is changed", c.name));
            return;
        }
        if (selectors.empty() && !all && !get) {
            // Piped from a variable or another command ($rules | Disable-NetFirewallRule): unknown rules.
            report(c.line, c.column, Severity::warning,
                   fmt::format("{} names no rule (no -Name, -DisplayName, -Group, -All or Get-NetFirewallRule before "
                               "it): which rules it changes is unknown, no rule is changed",
                               c.name));
            return;
        }
        int matched = 0;
        for (auto& r : rules_) {
            if (!r.live) continue;
            if (!std::all_of(selectors.begin(), selectors.end(), [&](const ScriptArg* a) { return selects(r, *a); }))
                continue;
            ++matched;
            switch (change) {
                case Change::enable: r.spec.enabled = true; break;
                case Change::disable: r.spec.enabled = false; break;
                case Change::remove: r.live = false; break;
                case Change::set:
                    for (const ScriptArg* a : values) apply(r.spec, c, *a);
                    break;
            }
        }
        if (matched == 0)
            report(c.line, c.column, Severity::note,
                   fmt::format("{} matches no rule created earlier in this script: it changes rules already on the "
                               "host, which this input does not show",
                               c.name));
    }

    static bool ignored_selector(std::string_view name) {
        return name == "policystore" || name == "gposession" || name == "cimsession" || name == "erroraction" ||
               name == "confirm" || name == "whatif" || name == "passthru" || name == "asjob" || name == "force" ||
               name == "throttlelimit" || name == "verbose";
    }

    // Set-NetFirewallProfile -Profile Domain,Private -Enabled True -DefaultInboundAction Block ...
    void profile(const ScriptCommand& c) {
        std::uint8_t which = all_profiles;
        struct Setting { const ScriptArg* arg; std::string value; };
        std::vector<Setting> settings;
        for (const auto& a : c.args) {
            std::string text;
            bool unknown = false;
            for (const auto& v : a.values) {
                unknown = unknown_value(a, v) || unknown;
                for (const auto& i : v.items) text += (text.empty() ? "" : ",") + i;
            }
            if (unknown) continue;
            if (a.name == "profile" || a.name == "name" || a.name.empty()) {
                if (auto p = parse_windows_profiles(text)) which = *p;
                else report(a.line, a.column, Severity::error, fmt::format("expected a profile, found '{}'", text));
            } else {
                settings.push_back({&a, lower(text)});
            }
        }
        for (const auto& s : settings) {
            const std::string& n = s.arg->name;
            for (int i = 0; i < 3; ++i) {
                if (!(which & (1u << i))) continue;
                WindowsProfileState& st = defaults_.profiles[i];
                st.loc = {file_, c.line, c.column};
                if (n == "enabled") {
                    if (auto b = parse_windows_bool(s.value)) st.firewall_on = *b;
                } else if (n == "defaultinboundaction" && s.value != "notconfigured") {
                    if (auto a = parse_windows_action(s.value)) st.default_inbound = *a, defaults_.assumed = false;
                } else if (n == "defaultoutboundaction" && s.value != "notconfigured") {
                    if (auto a = parse_windows_action(s.value)) st.default_outbound = *a, defaults_.assumed = false;
                } else if (n == "allowinboundrules" && s.value != "notconfigured") {
                    if (auto b = parse_windows_bool(s.value)) st.block_inbound_always = !*b;
                }
            }
        }
    }
};

}  // namespace

ParsedInput replay_script(const std::vector<std::vector<ScriptCommand>>& statements,
                          std::shared_ptr<const std::string> source, const std::string& file, Diagnostics diagnostics) {
    Replayer r(file, std::move(diagnostics));
    for (const auto& s : statements) r.statement(s);
    return r.finish(std::move(source));
}

}  // namespace fwlint::powershell
