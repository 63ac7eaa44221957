// Windows Firewall policy from registry exports (FORMATS.md 3.1-3.3): which
// keys hold rules and profile settings (matched by path suffix, so exports of
// offline hives under ControlSet001 or a mount root read the same), the
// replay of a .reg file's deletions, and the merge of the local and GPO
// stores. The rule strings themselves are read by windows_rule_string.cpp.
#include "parse/registry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "parse/registry_text.hpp"
#include "parse/windows_rule.hpp"
#include "parse/windows_rule_string.hpp"

namespace fwlint {

namespace {

enum class Store { local, gpo, unknown };
enum class KeyKind { rules, profile, defaults, restricted, connection_security, other };

struct KeyInfo {
    KeyKind kind = KeyKind::other;
    Store store = Store::unknown;
    int profile = -1;  // 0 domain, 1 private, 2 public, 3 GPO StandardProfile
};

std::string normalized(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (char c : path) out += c == '/' ? '\\' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.pop_back();
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr std::string_view local_root = "\\services\\sharedaccess\\parameters\\firewallpolicy";
constexpr std::string_view gpo_root = "\\policies\\microsoft\\windowsfirewall";

KeyInfo classify_key(std::string_view path) {
    const std::string p = normalized(path);
    KeyInfo k;
    if (p.find("\\sharedaccess\\defaults\\") != std::string::npos) {
        k.kind = KeyKind::defaults;
        return k;
    }
    if (p.find("\\firewallpolicy\\restrictedservices") != std::string::npos) {
        k.kind = KeyKind::restricted;
        return k;
    }
    struct Root { std::string_view path; Store store; };
    for (const Root root : {Root{local_root, Store::local}, Root{gpo_root, Store::gpo}}) {
        auto at = p.rfind(root.path);
        if (at == std::string::npos) continue;
        std::string_view rest = std::string_view(p).substr(at + root.path.size());
        k.store = root.store;
        if (rest == "\\firewallrules") k.kind = KeyKind::rules;
        else if (rest == "\\consecrules") k.kind = KeyKind::connection_security;
        else if (rest == "\\domainprofile") k.kind = KeyKind::profile, k.profile = 0;
        else if (rest == "\\privateprofile") k.kind = KeyKind::profile, k.profile = 1;
        else if (rest == "\\publicprofile") k.kind = KeyKind::profile, k.profile = 2;
        // Local StandardProfile is Private; the GPO one applies to Private and
        // Public only when neither has its own key.
        else if (rest == "\\standardprofile") k.kind = KeyKind::profile, k.profile = root.store == Store::local ? 1 : 3;
        if (k.kind != KeyKind::other) return k;
    }
    if (ends_with(p, "\\firewallrules")) {
        k.kind = KeyKind::rules;
        k.store = Store::unknown;
    }
    return k;
}

// The DWORDs of one profile key that matter, with where they were set.
struct ProfileValues {
    std::optional<std::uint32_t> enable, inbound, outbound, shields_up, local_merge;
    SourceLocation loc;
};

struct RuleEntry {
    Store store;
    std::string key;  // normalized path of its key
    std::string id;
    std::optional<WindowsRuleSpec> spec;  // nullopt: deleted
};

class RegistryReader {
public:
    RegistryReader(std::shared_ptr<const std::string> source, const std::string& file)
        : source_(std::move(source)), file_(file) {
        const std::string_view text(*source_);
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts_.push_back(i + 1);
    }

    ParsedInput read() {
        RegistryText reg = read_registry_text(*source_, file_);
        diagnostics_ = std::move(reg.diagnostics);
        // Keys and values in file order: a [-KEY] deletes what came before it.
        std::size_t next_key = 0;
        for (const auto& v : reg.values) {
            while (next_key < reg.keys.size() && reg.keys[next_key].line <= v.line) key(reg.keys[next_key++]);
            value(v);
        }
        while (next_key < reg.keys.size()) key(reg.keys[next_key++]);
        report_ignored_keys();
        return finish(reg.format);
    }

private:
    std::shared_ptr<const std::string> source_;
    const std::string& file_;
    std::vector<std::size_t> line_starts_;
    Diagnostics diagnostics_;
    std::vector<RuleEntry> rules_;
    std::map<std::pair<Store, std::string>, std::size_t> by_id_;
    std::array<ProfileValues, 3> local_{};
    std::array<ProfileValues, 4> gpo_{};
    // Keys whose values are not active rules: path -> (line, kind, values).
    struct Ignored { int line; KeyKind kind; int values = 0; };
    std::map<std::string, Ignored> ignored_;
    bool warned_unknown_store_ = false;

    std::string_view line_text(int line) const {
        if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
        std::string_view text(*source_);
        std::size_t start = line_starts_[line - 1];
        std::size_t end = text.find('\n', start);
        auto s = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
        return s;
    }

    void note(const SourceLocation& at, Severity s, std::string message) {
        diagnostics_.push_back({at, s, std::move(message)});
    }

    void key(const RegistryKey& k) {
        KeyInfo info = classify_key(k.path);
        if (info.kind == KeyKind::defaults || info.kind == KeyKind::restricted ||
            info.kind == KeyKind::connection_security)
            ignored_.try_emplace(k.path, Ignored{k.line, info.kind});
        if (!k.deleted) return;
        // [-KEY]: the key and everything under it is gone.
        const std::string gone = normalized(k.path);
        for (auto& r : rules_)
            if (r.key == gone || r.key.starts_with(gone + "\\")) r.spec.reset();
        if (info.kind == KeyKind::profile) {
            if (info.store == Store::gpo) gpo_[info.profile] = {};
            else local_[info.profile] = {};
        }
    }

    void value(const RegistryValue& v) {
        KeyInfo info = classify_key(v.key);
        const SourceLocation at{file_, v.line, v.column};
        switch (info.kind) {
            case KeyKind::rules: rule_value(v, info.store, at); break;
            case KeyKind::profile: profile_value(v, info); break;
            case KeyKind::defaults:
            case KeyKind::restricted:
            case KeyKind::connection_security: {
                auto it = ignored_.find(v.key);
                if (it != ignored_.end()) ++it->second.values;
                break;
            }
            case KeyKind::other: break;  // other settings of the export: not firewall rules
        }
    }

    void rule_value(const RegistryValue& v, Store store, const SourceLocation& at) {
        if (store == Store::unknown && !warned_unknown_store_) {
            warned_unknown_store_ = true;
            note(at, Severity::warning,
                 fmt::format("key '{}' is not under the local (...\\SharedAccess\\Parameters\\FirewallPolicy) or the "
                             "GPO (...\\Policies\\Microsoft\\WindowsFirewall) store: its rules are read as local rules",
                             v.key));
        }
        auto existing = by_id_.find({store, v.name});
        if (v.deleted) {
            if (existing != by_id_.end()) rules_[existing->second].spec.reset();
            return;
        }
        if (v.type != "REG_SZ") {
            note(at, Severity::error,
                 fmt::format("value '{}' under a FirewallRules key is {}, not a rule string (REG_SZ): not read", v.name,
                             v.type));
            return;
        }
        if (v.name.empty()) {
            note(at, Severity::error, "the default value (@) of a FirewallRules key is not a rule: not read");
            return;
        }
        // The string starts after the opening quote in a .reg file.
        SourceLocation start = at;
        if (v.column > 0 && line_text(v.line).substr(static_cast<std::size_t>(v.column - 1), 1) == "\"") ++start.column;
        auto spec = windows_rule_from_string(v.data, start, diagnostics_);
        if (!spec) return;
        spec->id = v.name;
        spec->loc = start;
        spec->text = line_text(v.line);
        if (existing != by_id_.end()) {
            if (rules_[existing->second].spec)
                note(at, Severity::note,
                     fmt::format("rule '{}' was already set at line {}: this value replaces it", v.name,
                                 rules_[existing->second].spec->loc.line));
            rules_[existing->second].spec = std::move(spec);
            return;
        }
        by_id_[{store, v.name}] = rules_.size();
        rules_.push_back(RuleEntry{store, normalized(v.key), v.name, std::move(spec)});
    }

    void profile_value(const RegistryValue& v, const KeyInfo& info) {
        ProfileValues& p = info.store == Store::gpo ? gpo_[info.profile] : local_[info.profile];
        std::optional<std::uint32_t>* slot = nullptr;
        std::string name = normalized(v.name);
        if (name == "enablefirewall") slot = &p.enable;
        else if (name == "defaultinboundaction") slot = &p.inbound;
        else if (name == "defaultoutboundaction") slot = &p.outbound;
        else if (name == "donotallowexceptions") slot = &p.shields_up;
        else if (name == "allowlocalpolicymerge") slot = &p.local_merge;
        if (!slot) return;
        if (v.deleted) {
            slot->reset();
            return;
        }
        if (v.type != "REG_DWORD") {
            note({file_, v.line, v.column}, Severity::warning,
                 fmt::format("{} should be a DWORD, found {}: ignored", v.name, v.type));
            return;
        }
        *slot = v.dword;
        if (p.loc.line == 0) p.loc = {file_, v.line, 1};
    }

    void report_ignored_keys() {
        for (const auto& [path, k] : ignored_) {
            if (k.values == 0) continue;
            const char* why = k.kind == KeyKind::defaults ? "the factory defaults Windows restores on reset, not active policy"
                              : k.kind == KeyKind::restricted ? "service-hardening rules, which Windows applies apart from the rule list"
                                                               : "connection security (IPsec) rules, which fwlint does not evaluate";
            note({file_, k.line, 1}, Severity::note,
                 fmt::format("{} value{} under '{}' not read: {}", k.values, k.values == 1 ? "" : "s", path, why));
        }
    }

    // The effective setting of profile `i`: GPO over local, GPO StandardProfile
    // for Private/Public when those have no GPO key of their own.
    template <typename Field>
    std::optional<std::uint32_t> effective(int i, Field field, SourceLocation& loc) const {
        auto gpo_standard_applies = i != 0 && !gpo_[1].loc.line && !gpo_[2].loc.line;
        for (const ProfileValues* p : {&gpo_[i], gpo_standard_applies ? &gpo_[3] : nullptr, &local_[i]}) {
            if (p && (p->*field)) {
                loc = p->loc;
                return p->*field;
            }
        }
        return std::nullopt;
    }

    WindowsProfileDefaults defaults() const {
        WindowsProfileDefaults d;
        for (int i = 0; i < 3; ++i) {
            WindowsProfileState& s = d.profiles[i];
            SourceLocation loc;
            if (auto v = effective(i, &ProfileValues::enable, loc)) s.firewall_on = *v != 0, s.loc = loc;
            if (auto v = effective(i, &ProfileValues::inbound, loc)) {
                s.default_inbound = *v == 0 ? WindowsAction::allow : WindowsAction::block;
                s.loc = loc;
                d.assumed = false;
            }
            if (auto v = effective(i, &ProfileValues::outbound, loc)) {
                s.default_outbound = *v == 0 ? WindowsAction::allow : WindowsAction::block;
                s.loc = loc;
                d.assumed = false;
            }
            if (auto v = effective(i, &ProfileValues::shields_up, loc)) s.block_inbound_always = *v != 0;
        }
        return d;
    }

    ParsedInput finish(const std::string& format) {
        // A GPO with AllowLocalPolicyMerge=0 makes local rules inert in that profile.
        std::uint8_t no_local = 0;
        SourceLocation merge_loc;
        for (int i = 0; i < 3; ++i) {
            SourceLocation loc;
            auto gpo_standard_applies = i != 0 && !gpo_[1].loc.line && !gpo_[2].loc.line;
            for (const ProfileValues* p : {&gpo_[i], gpo_standard_applies ? &gpo_[3] : nullptr})
                if (p && p->local_merge && *p->local_merge == 0) {
                    no_local |= static_cast<std::uint8_t>(1u << i);
                    merge_loc = p->loc;
                    break;
                }
        }
        std::vector<WindowsRuleSpec> specs;
        for (auto& r : rules_) {
            if (!r.spec) continue;
            if (r.store != Store::gpo && (r.spec->profiles & no_local)) {
                r.spec->profiles = static_cast<std::uint8_t>(r.spec->profiles & ~no_local);
                if (r.spec->profiles == 0) {
                    note(r.spec->loc, Severity::note,
                         fmt::format("local rule '{}' has no effect: the GPO sets AllowLocalPolicyMerge=0 in all its profiles",
                                     r.id));
                    continue;
                }
            }
            specs.push_back(std::move(*r.spec));
        }
        if (no_local) {
            std::string profiles;
            for (int i = 0; i < 3; ++i)
                if (no_local & (1u << i)) profiles += (profiles.empty() ? "" : ", ") + std::string(windows_profile_name(i));
            note(merge_loc, Severity::note,
                 fmt::format("GPO AllowLocalPolicyMerge=0 ({}): local rules do not apply in {}", profiles,
                             no_local == all_profiles ? "any profile" : "these profiles"));
        }
        return windows_input(specs, defaults(), source_, file_, format, std::move(diagnostics_));
    }
};

}  // namespace

int registry_profile_key(std::string_view path) {
    KeyInfo k = classify_key(path);
    return k.kind == KeyKind::profile ? k.profile : -1;
}

bool registry_rules_key(std::string_view path) {
    KeyInfo k = classify_key(path);
    return k.kind == KeyKind::rules && k.store != Store::unknown;
}

ParsedInput parse_registry(std::shared_ptr<const std::string> text, const std::string& file) {
    return RegistryReader(std::move(text), file).read();
}

}  // namespace fwlint
