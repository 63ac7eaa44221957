// Replaying a netsh script (FORMATS.md 2.3, 2.4): the rule set and profile
// settings the commands leave behind when run in order. `set rule` and
// `delete rule` act on the rules added before them; a selector that matches
// none of them acts on rules already on the host, which the script does not
// show, and is noted.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "parse/netsh_commands.hpp"
#include "parse/netsh_selector.hpp"
#include "parse/registry.hpp"
#include "parse/windows_rule.hpp"
#include "parse/windows_rule_string.hpp"

namespace fwlint {

namespace {

using namespace netsh;

// The commands of the advfirewall context that are no rule or profile
// command (`netsh advfirewall ?`): read past without a word.
bool known_advfirewall_command(std::string_view word) {
    for (std::string_view known : {"consec", "dump", "export", "firewall", "help", "?", "import", "mainmode",
                                   "monitor", "reset", "set", "show"})
        if (word == known) return true;
    return false;
}

struct ScriptRule {
    WindowsRuleSpec spec;
    std::map<std::string, std::string> written;  // tag -> value as last written (lower case), for selectors
    std::string legacy_key;                      // "tcp/3389", "program:c:\x.exe": legacy deletes
    bool live = true;
};

// netsh firewall (XP) service types as the ports they open.
struct LegacyService {
    const char* type;
    unsigned protocol;
    const char* ports;
};
constexpr LegacyService legacy_services[] = {
    {"fileandprint", 17, "137,138"}, {"fileandprint", 6, "139,445"}, {"remoteadmin", 6, "135,445"},
    {"remotedesktop", 6, "3389"},    {"upnp", 6, "2869"},            {"upnp", 17, "1900"},
};

class Replayer {
public:
    Replayer(const std::string& file, Diagnostics diagnostics) : file_(file), diags_(std::move(diagnostics)) {}

    void run(const Command& c, int line, std::string_view source) {
        line_ = line;
        source_ = source;
        cmd_ = &c;
        const std::string host = lower(c.remote_host);
        const bool remote = !host.empty() && host != "localhost" && host != "127.0.0.1" && host != "::1" && host != ".";
        const bool changes_firewall = c.kind == Kind::rule || c.kind == Kind::profile || c.kind == Kind::reset ||
                                      c.kind == Kind::legacy || c.kind == Kind::other_firewall ||
                                      c.kind == Kind::other_advfirewall;
        if (remote && changes_firewall) {
            // As PowerShell's -ComputerName: another host's firewall is not this one's.
            report(c.column, Severity::warning,
                   fmt::format("netsh -r {}: this command changes the firewall of another computer, not of the host "
                               "this script configures: not applied",
                               c.remote_host));
            return;
        }
        switch (c.kind) {
            case Kind::pushd: {
                std::string ctx;
                for (const auto& w : c.words) ctx += (ctx.empty() ? "" : " ") + lower(w.text);
                contexts_.push_back(context_);
                context_ = ctx;
                break;
            }
            case Kind::popd:
                if (!contexts_.empty()) context_ = contexts_.back(), contexts_.pop_back();
                break;
            case Kind::rule: rule_command(c); break;
            case Kind::profile: profile_command(c); break;
            case Kind::reset:
                for (auto& r : rules_) r.live = false;
                defaults_.profiles = WindowsProfileDefaults{}.profiles;
                report(c.column, Severity::note,
                       "advfirewall reset: the rules added before this line are gone and the profiles are back to "
                       "their defaults; the built-in rules a reset restores are not in this input");
                break;
            case Kind::legacy: legacy_command(c); break;
            case Kind::other_firewall:
                report(c.column, Severity::warning, "not an add, set, delete or show rule command: ignored");
                break;
            case Kind::other:
                if (c.name == "reg" || c.name == "reg.exe") reg_command(c);
                break;
            case Kind::other_advfirewall:
                // "netsh advfirewal firewall add rule ...": a misspelt word would otherwise drop the rule silently.
                if (!known_advfirewall_command(c.name))
                    report(c.column, Severity::warning,
                           fmt::format("advfirewall {}: expected firewall, consec, mainmode, monitor, set, show, "
                                       "export, import, dump or reset: ignored",
                                       c.name));
                break;
            case Kind::other_netsh:
                if (c.name.find("fire") != std::string::npos)
                    report(c.column, Severity::warning,
                           fmt::format("netsh {}: expected advfirewall or firewall: ignored", c.name));
                break;
            case Kind::none: break;
        }
    }

    ParsedInput finish(std::shared_ptr<const std::string> source) {
        current_profile_note();
        std::vector<WindowsRuleSpec> specs;
        for (auto& r : rules_)
            if (r.live) specs.push_back(std::move(r.spec));
        return windows_input(specs, defaults_, std::move(source), file_, "netsh-script", std::move(diags_));
    }

private:
    const std::string& file_;
    Diagnostics diags_;
    std::vector<ScriptRule> rules_;
    WindowsProfileDefaults defaults_;
    std::string context_;
    std::vector<std::string> contexts_;
    int line_ = 0;
    std::string_view source_;
    const Command* cmd_ = nullptr;
    std::vector<int> current_profile_lines_;  // legacy commands for the current profile (no profile=)

    // One note for the legacy commands that name no profile (legacy_profiles()).
    void current_profile_note() {
        const auto& l = current_profile_lines_;
        if (l.empty()) return;
        const std::size_t shown = std::min<std::size_t>(l.size(), 10);
        std::string lines = fmt::format("{}", fmt::join(l.begin(), l.begin() + long(shown), ", "));
        if (shown < l.size()) lines += fmt::format(", ... ({} lines)", l.size());
        diags_.push_back({SourceLocation{file_, l.front(), 1}, Severity::note,
                          fmt::format("netsh firewall without profile= (or profile=CURRENT) changes the profile that "
                                      "is active when the script runs, which the script does not say: line{} {} {} "
                                      "applied to every profile (domain, private, public), as if the audited profile "
                                      "were the active one",
                                      l.size() == 1 ? "" : "s", lines, l.size() == 1 ? "is" : "are")});
    }

    SourceLocation at(int column) const { return {file_, line_, column}; }
    void report(int column, Severity s, std::string message) { diags_.push_back({at(column), s, std::move(message)}); }

    // ----------------------------------------------------------- advfirewall

    void rule_command(const Command& c) {
        if (!c.via_netsh && !c.has_context && context_ != "advfirewall firewall")
            report(c.column, Severity::warning,
                   fmt::format("'{} rule' outside 'netsh advfirewall firewall' or 'pushd advfirewall firewall': read as "
                               "if it were inside",
                               c.verb));
        if (c.verb == "add") add_rule(c);
        else if (c.verb == "set") set_rule(c);
        else if (c.verb == "delete") delete_rule(c);
    }

    // Applies params to a rule; reports problems (once: `quiet` for the 2nd, 3rd... rule a set changes).
    bool apply(ScriptRule& r, const Param& p, bool quiet) {
        std::vector<ParamProblem> problems;
        const bool known = apply_rule_param(r.spec, p, problems);
        const std::size_t attrs_before = r.spec.attributes.size();
        if (!known) {
            if (!quiet)
                report(p.column, Severity::warning,
                       fmt::format("unknown parameter '{}': kept as a condition fwlint cannot evaluate", p.tag));
            r.spec.attributes.push_back({p.tag, p.value, at(p.column)});
        }
        for (auto& a : r.spec.attributes)
            if (a.loc.line == 0) a.loc = at(p.column);
        (void)attrs_before;
        r.written[p.tag] = lower(p.value);
        bool ok = true;
        for (auto& pr : problems) {
            ok = ok && pr.severity != Severity::error;
            if (!quiet) report(p.column, pr.severity, std::move(pr.message));
        }
        if (!quiet) {
            auto var = unexpanded_variable(p.value, p.tag == "program");
            if (!var.empty())
                report(p.column, Severity::warning,
                       fmt::format("unexpanded variable {} in {}=: kept as an unknown value (fwlint does not run the "
                                   "script)",
                                   var, p.tag));
        }
        return ok;
    }

    void add_rule(const Command& c) {
        ScriptRule r;
        r.spec.loc = at(c.column);
        r.spec.text = source_;
        bool valid = true;
        for (const auto& p : c.params) valid = apply(r, p, false) && valid;
        for (const auto& w : c.words) {
            report(w.column, Severity::warning,
                   fmt::format("'{}' is not a tag=value parameter: kept as a condition fwlint cannot evaluate", w.text));
            r.spec.attributes.push_back({"word", w.text, at(w.column)});
        }
        std::vector<std::string> missing;
        for (const char* t : {"name", "dir", "action"})
            if (!r.written.count(t)) missing.push_back(t);
        if (!missing.empty()) {
            report(c.column, Severity::error,
                   fmt::format("add rule without {}=: netsh refuses it, no rule is added", fmt::join(missing, "=, ")));
            return;
        }
        if (!valid) {
            report(c.column, Severity::error, "add rule with an invalid value (see above): netsh refuses it, no rule is added");
            return;
        }
        const bool has_ports = !r.spec.local_ports.empty() || !r.spec.remote_ports.empty();
        if (has_ports && r.spec.protocol != 6u && r.spec.protocol != 17u) {
            report(c.column, Severity::error,
                   "localport/remoteport need protocol=tcp or udp: netsh refuses this command, no rule is added");
            return;
        }
        if (std::string refused = refused_by_netsh(r); !refused.empty()) {
            report(c.column, Severity::error, refused + ": netsh refuses this command, no rule is added");
            return;
        }
        rules_.push_back(std::move(r));
    }

    // What FORMATS.md 2.3 says netsh refuses in an add rule, or "".
    static std::string refused_by_netsh(const ScriptRule& r) {
        if (lower(r.spec.display_name) == "all") return "a rule cannot be named 'all' (name=all selects every rule)";
        const std::string security = lower(r.spec.security);
        const bool secured = !security.empty() && security != "notrequired";
        if (r.spec.action == WindowsAction::bypass && !secured)
            return "action=bypass needs security=authenticate, authenc, authdynenc or authnoencap";
        if (r.spec.action == WindowsAction::bypass && r.spec.direction == WindowsDirection::in &&
            !r.written.count("rmtcomputergrp"))
            return "an inbound action=bypass needs rmtcomputergrp= (the computers allowed to bypass)";
        if (security == "authdynenc" && r.spec.direction == WindowsDirection::out)
            return "security=authdynenc is for inbound rules only";
        return "";
    }

    // The rules an ordered list of selector params picks.
    std::vector<ScriptRule*> select(const std::vector<const Param*>& selectors) {
        std::vector<ScriptRule*> out;
        for (auto& r : rules_) {
            if (!r.live) continue;
            bool all = true;
            for (const Param* s : selectors) {
                const std::string v = lower(s->value);
                if (s->tag == "name") all = v == "all" || v == lower(r.spec.display_name);
                else if (s->tag == "group") all = v == lower(r.spec.group);
                else if (s->tag == "dir") all = parse_windows_direction(v) == r.spec.direction;
                else if (s->tag == "profile") {
                    auto p = parse_windows_profiles(v);
                    all = p && (*p & r.spec.profiles);
                } else if (auto by_value = selector_matches(r.spec, *s)) {
                    all = *by_value;  // protocol=6 selects a rule added with protocol=tcp
                } else {
                    // As written: see selector_matches for when values cannot be compared.
                    auto w = r.written.find(s->tag);
                    all = w == r.written.end() ? is_windows_any(v) : w->second == v;
                }
                if (!all) break;
            }
            if (all) out.push_back(&r);
        }
        return out;
    }

    void unmatched(const Command& c, const char* verb) {
        report(c.column, Severity::note,
               fmt::format("{} rule matches no rule added earlier in this script: it changes rules already on the "
                           "host, which this input does not show",
                           verb));
    }

    void set_rule(const Command& c) {
        std::vector<const Param*> selectors;
        std::vector<const Param*> changes;
        for (const auto& p : c.params) (p.after_new ? changes : selectors).push_back(&p);
        const bool by_name = std::any_of(selectors.begin(), selectors.end(),
                                         [](const Param* p) { return p->tag == "name" || p->tag == "group"; });
        if (!c.has_new || !by_name) {
            report(c.column, Severity::error,
                   !by_name ? "set rule needs name= or group= to select rules: netsh refuses it"
                            : "set rule needs 'new' before the new values: netsh refuses it");
            return;
        }
        const bool by_group = std::any_of(selectors.begin(), selectors.end(), [](const Param* p) { return p->tag == "group"; });
        for (const Param* p : changes)
            if (by_group && p->tag != "enable") {
                report(p->column, Severity::error,
                       fmt::format("only enable= can be set on a group: netsh refuses {}=, no rule is changed", p->tag));
                return;
            }
        // The new values, checked (and their problems reported) once: netsh
        // refuses the whole command when one of them is invalid.
        ScriptRule scratch;
        bool valid = true;
        for (const Param* p : changes) valid = apply(scratch, *p, false) && valid;
        if (!valid) {
            report(c.column, Severity::error, "set rule with an invalid value (see above): netsh refuses it, no rule is changed");
            return;
        }
        auto matched = select(selectors);
        if (matched.empty()) {
            unmatched(c, "set");
            return;
        }
        for (ScriptRule* r : matched)
            for (const Param* p : changes) apply(*r, *p, true);
    }

    void delete_rule(const Command& c) {
        std::vector<const Param*> selectors;
        for (const auto& p : c.params) selectors.push_back(&p);
        if (std::none_of(selectors.begin(), selectors.end(), [](const Param* p) { return p->tag == "name"; })) {
            report(c.column, Severity::error, "delete rule needs name= (name=all for every rule): netsh refuses it");
            return;
        }
        auto matched = select(selectors);
        for (ScriptRule* r : matched) r->live = false;
        if (matched.empty()) unmatched(c, "delete");
    }

    // set allprofiles|domainprofile|privateprofile|publicprofile|currentprofile state|firewallpolicy ...
    void profile_command(const Command& c) {
        std::uint8_t which = all_profiles;
        if (c.profile == "domainprofile") which = profile_domain;
        else if (c.profile == "privateprofile") which = profile_private;
        else if (c.profile == "publicprofile") which = profile_public;
        else if (c.profile == "currentprofile")
            report(c.column, Severity::note,
                   "currentprofile: the script does not say which profile is current; applied to every profile");
        auto each = [&](auto&& f) {
            for (int i = 0; i < 3; ++i)
                if (which & (1u << i)) {
                    f(defaults_.profiles[i]);
                    defaults_.profiles[i].loc = at(c.column);
                }
        };
        if (c.setting == "state") {
            auto on = parse_windows_bool(c.setting_value);
            if (!on) {
                report(c.column, Severity::error, fmt::format("expected state on or off, found '{}'", c.setting_value));
                return;
            }
            each([&](WindowsProfileState& s) { s.firewall_on = *on; });
        } else if (c.setting == "firewallpolicy") {
            auto comma = c.setting_value.find(',');
            std::string in = c.setting_value.substr(0, comma);
            std::string out = comma == std::string::npos ? "" : c.setting_value.substr(comma + 1);
            const bool in_ok = in == "blockinbound" || in == "blockinboundalways" || in == "allowinbound" || in == "notconfigured";
            const bool out_ok = out == "allowoutbound" || out == "blockoutbound" || out == "notconfigured";
            if (!in_ok || !out_ok) {
                report(c.column, Severity::error,
                       fmt::format("expected firewallpolicy <blockinbound|blockinboundalways|allowinbound|notconfigured>,"
                                   "<allowoutbound|blockoutbound|notconfigured>, found '{}'",
                                   c.setting_value));
                return;
            }
            each([&](WindowsProfileState& s) {
                if (in != "notconfigured") {
                    s.default_inbound = in == "allowinbound" ? WindowsAction::allow : WindowsAction::block;
                    s.block_inbound_always = in == "blockinboundalways";
                }
                if (out != "notconfigured")
                    s.default_outbound = out == "allowoutbound" ? WindowsAction::allow : WindowsAction::block;
            });
            defaults_.assumed = false;
        }
        // Other settings (logging, settings, ...) do not change what is filtered.
    }

    // ------------------------------------------------------------- reg add

    // `reg add KEY /v NAME /t TYPE /d DATA /f` on a firewall profile key or a
    // FirewallRules key: hardening scripts set the defaults (and add rules)
    // this way as well as with netsh.
    void reg_command(const Command& c) {
        if (c.words.size() < 2 || lower(c.words[0].text) != "add") return;
        const std::string& key = c.words[1].text;
        std::string name, data;
        int data_column = c.column;
        for (std::size_t i = 2; i + 1 < c.words.size(); ++i) {
            const std::string flag = lower(c.words[i].text);
            if (flag == "/v") name = c.words[++i].text;
            else if (flag == "/d") data = c.words[++i].text, data_column = c.words[i].column;
            else if (flag == "/t") ++i;
        }
        if (name.empty()) return;
        if (registry_rules_key(key)) {
            auto spec = windows_rule_from_string(data, at(data_column), diags_);
            if (!spec) return;
            spec->id = name;
            spec->loc = at(c.column);
            spec->text = source_;
            for (auto& r : rules_)
                if (r.live && r.spec.id == name) r.live = false;  // the value is replaced
            ScriptRule r;
            r.spec = std::move(*spec);
            rules_.push_back(std::move(r));
            return;
        }
        const int profile = registry_profile_key(key);
        if (profile < 0) return;
        const std::string n = lower(name);
        if (n != "enablefirewall" && n != "defaultinboundaction" && n != "defaultoutboundaction" &&
            n != "donotallowexceptions")
            return;
        unsigned long value = 0;
        try {
            value = std::stoul(data, nullptr, 0);
        } catch (const std::exception&) {
            report(data_column, Severity::warning, fmt::format("reg add {}: expected a number, found '{}': ignored", name, data));
            return;
        }
        const std::uint8_t which = profile == 3 ? (profile_private | profile_public) : static_cast<std::uint8_t>(1u << profile);
        for (int i = 0; i < 3; ++i) {
            if (!(which & (1u << i))) continue;
            WindowsProfileState& s = defaults_.profiles[i];
            s.loc = at(c.column);
            if (n == "enablefirewall") s.firewall_on = value != 0;
            else if (n == "donotallowexceptions") s.block_inbound_always = value != 0;
            else {
                (n == "defaultinboundaction" ? s.default_inbound : s.default_outbound) =
                    value == 0 ? WindowsAction::allow : WindowsAction::block;
                defaults_.assumed = false;
            }
        }
    }

    // ---------------------------------------------------------------- legacy

    // Positional arguments in the documented order, overridden by tag=value.
    std::map<std::string, Param> legacy_args(const Command& c, std::initializer_list<const char*> order) {
        std::map<std::string, Param> args;
        for (const auto& p : c.params) args[p.tag] = p;
        std::size_t next = 0;
        for (const auto& w : c.words) {
            while (next < order.size() && args.count(*(order.begin() + next))) ++next;
            if (next == order.size()) {
                report(w.column, Severity::warning, fmt::format("unexpected word '{}': ignored", w.text));
                continue;
            }
            args[*(order.begin() + next)] = Param{*(order.begin() + next), w.text, w.column, false};
        }
        return args;
    }

    static std::string value(const std::map<std::string, Param>& args, const char* tag, const char* fallback = "") {
        auto it = args.find(tag);
        return it == args.end() ? fallback : lower(it->second.value);
    }

    // The profiles a legacy `profile=` names. netsh's help (Vista and later):
    // CURRENT (the default) is the profile active when the command runs,
    // DOMAIN the domain profile, STANDARD the private profile, ALL domain and
    // private but "does not apply to the public profile". Which profile is
    // current the script cannot say: fwlint takes it to be the one audited,
    // i.e. applies the command to every profile, and finish() names the lines.
    std::uint8_t legacy_profiles(const std::map<std::string, Param>& args) {
        const std::string profile = value(args, "profile", "current");
        if (profile == "domain") return profile_domain;
        if (profile == "standard") return profile_private;
        if (profile == "all") return profile_domain | profile_private;
        if (profile != "current") {
            const auto& p = args.at("profile");
            report(p.column, Severity::warning,
                   fmt::format("expected profile=CURRENT, DOMAIN, STANDARD or ALL, found '{}': read as CURRENT", p.value));
        }
        if (current_profile_lines_.empty() || current_profile_lines_.back() != line_) current_profile_lines_.push_back(line_);
        return all_profiles;
    }

    // mode, scope, addresses, profile: shared by every legacy exception.
    void legacy_common(ScriptRule& r, const std::map<std::string, Param>& args) {
        r.spec.direction = WindowsDirection::in;
        r.spec.action = WindowsAction::allow;
        r.spec.enabled = value(args, "mode", "enable") != "disable";
        const std::string scope = value(args, "scope", "all");
        if (scope == "subnet") {
            parse_windows_addresses("LocalSubnet", r.spec.remote_addresses);
        } else if (scope == "custom") {
            auto it = args.find("addresses");
            if (it != args.end())
                for (const auto& u : parse_windows_addresses(it->second.value, r.spec.remote_addresses))
                    report(it->second.column, Severity::warning,
                           fmt::format("unknown address '{}': kept as a condition fwlint cannot evaluate", u));
        }
        r.spec.profiles = legacy_profiles(args);
        r.spec.loc = at(cmd_->column);
        r.spec.text = source_;
    }

    void legacy_command(const Command& c) {
        const std::string what = c.verb + " " + c.object;
        if (what == "add portopening" || what == "set portopening") {
            auto args = legacy_args(c, {"protocol", "port", "name", "mode", "scope", "addresses", "profile", "interface"});
            const std::string proto = value(args, "protocol"), port = value(args, "port");
            if (port.empty() || (proto != "tcp" && proto != "udp" && proto != "all")) {
                report(c.column, Severity::error, "expected portopening protocol=TCP|UDP|ALL port=N name=...: no rule is added");
                return;
            }
            for (unsigned p : {6u, 17u}) {
                if ((proto == "tcp" && p != 6) || (proto == "udp" && p != 17)) continue;
                const std::string key = fmt::format("{}/{}", p, port);
                for (auto& r : rules_)
                    if (r.legacy_key == key) r.live = false;  // a portopening replaces the one before it
                ScriptRule r;
                r.legacy_key = key;
                r.spec.display_name = args.count("name") ? args["name"].value : port;
                r.spec.protocol = p;
                for (const auto& u : parse_windows_ports(port, r.spec.local_ports))
                    report(args["port"].column, Severity::warning, fmt::format("unknown port '{}'", u));
                legacy_common(r, args);
                rules_.push_back(std::move(r));
            }
        } else if (what == "add allowedprogram" || what == "set allowedprogram") {
            auto args = legacy_args(c, {"program", "name", "mode", "scope", "addresses", "profile"});
            if (!args.count("program")) {
                report(c.column, Severity::error, "expected allowedprogram program=PATH name=...: no rule is added");
                return;
            }
            ScriptRule r;
            r.legacy_key = "program:" + lower(args["program"].value);
            for (auto& old : rules_)
                if (old.legacy_key == r.legacy_key) old.live = false;
            r.spec.program = args["program"].value;
            r.spec.display_name = args.count("name") ? args["name"].value : r.spec.program;
            legacy_common(r, args);
            rules_.push_back(std::move(r));
        } else if (what == "delete portopening" || what == "delete allowedprogram") {
            auto args = c.object == "portopening" ? legacy_args(c, {"protocol", "port", "profile", "interface"})
                                                  : legacy_args(c, {"program", "profile"});
            int removed = 0;
            for (auto& r : rules_) {
                if (!r.live) continue;
                const std::string proto = value(args, "protocol", "all");
                bool hit = c.object == "portopening"
                               ? ((proto == "all" || (proto == "tcp" && r.spec.protocol == 6u) ||
                                   (proto == "udp" && r.spec.protocol == 17u)) &&
                                  r.legacy_key.ends_with("/" + value(args, "port")))
                               : r.legacy_key == "program:" + value(args, "program");
                if (hit) r.live = false, ++removed;
            }
            if (!removed) unmatched(c, "delete");
        } else if (what == "set opmode") {
            auto args = legacy_args(c, {"mode", "exceptions", "profile", "interface"});
            const std::uint8_t which = legacy_profiles(args);
            for (int i = 0; i < 3; ++i) {
                if (!(which & (1u << i))) continue;
                auto& s = defaults_.profiles[i];
                if (args.count("mode")) s.firewall_on = value(args, "mode") != "disable";
                if (args.count("exceptions")) s.block_inbound_always = value(args, "exceptions") == "disable";
                s.loc = at(c.column);
            }
        } else if (what == "set service") {
            auto args = legacy_args(c, {"type", "mode", "scope", "addresses", "profile", "interface"});
            const std::string type = value(args, "type");
            bool any = false;
            for (const auto& s : legacy_services) {
                if (type != s.type && type != "all") continue;
                any = true;
                ScriptRule r;
                r.legacy_key = fmt::format("service:{}/{}", s.type, s.protocol);
                for (auto& old : rules_)
                    if (old.legacy_key == r.legacy_key) old.live = false;
                r.spec.display_name = fmt::format("{} (netsh firewall service)", s.type);
                r.spec.protocol = s.protocol;
                parse_windows_ports(s.ports, r.spec.local_ports);
                legacy_common(r, args);
                rules_.push_back(std::move(r));
            }
            if (!any)
                report(c.column, Severity::error,
                       fmt::format("expected service type FILEANDPRINT, REMOTEADMIN, REMOTEDESKTOP, UPNP or ALL, found "
                                   "'{}'",
                                   type));
        } else if (what == "set icmpsetting") {
            auto args = legacy_args(c, {"type", "mode", "profile", "interface"});
            const std::string type = value(args, "type");
            ScriptRule r;
            r.spec.protocol = 1;
            r.spec.display_name = "ICMP " + type + " (netsh firewall icmpsetting)";
            if (type != "all" && !parse_windows_icmp(type, r.spec.icmp).empty()) {
                report(c.column, Severity::error, fmt::format("expected an ICMP type number or ALL, found '{}'", type));
                return;
            }
            legacy_common(r, args);
            rules_.push_back(std::move(r));
        } else if (c.verb == "show") {
            // Prints; changes nothing.
        } else {
            report(c.column, Severity::note,
                   fmt::format("netsh firewall {}: not modelled (it does not add or remove an exception)", what));
        }
    }
};

}  // namespace

ParsedInput netsh::replay(const std::vector<LocatedCommand>& commands, std::shared_ptr<const std::string> source,
                          const std::string& file, Diagnostics diagnostics) {
    Replayer r(file, std::move(diagnostics));
    for (const auto& c : commands) r.run(c.command, c.line, c.source);
    return r.finish(std::move(source));
}

}  // namespace fwlint
