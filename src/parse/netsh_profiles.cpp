// `show allprofiles` output as a file of its own, and its use for the rule
// listing of the same host (the pairing of files: src/cli/windows_companions).
#include "parse/netsh_profiles.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "parse/netsh_show.hpp"

namespace fwlint {

std::optional<WindowsProfileDefaults> read_profiles_only(std::string_view text, const std::string& file) {
    if (!looks_like_netsh_show(text)) return std::nullopt;
    NetshShowResult r = read_netsh_show(text, file);
    if (r.rule_blocks > 0 || r.profile_sections == 0) return std::nullopt;
    for (auto& p : r.defaults.profiles) p.loc.file = file;
    return r.defaults;
}

namespace {

int profile_index(const std::string& chain) {
    for (int i = 0; i < 3; ++i)
        if (chain == windows_profile_name(i)) return i;
    return -1;
}

}  // namespace

bool apply_profile_companion(ParsedInput& input, const WindowsProfileDefaults& defaults, const std::string& from_file) {
    // Profiles (bit per index) this input leaves to the defaults: line 0 in
    // every chain of that profile.
    unsigned assumed = 0;
    bool windows = false;
    for (const Policy& p : input.policies) {
        if (p.order != EvaluationOrder::windows_precedence) continue;
        windows = true;
        for (const Chain& c : p.chains)
            if (int i = profile_index(c.name); i >= 0 && c.loc.line == 0) assumed |= 1u << i;
    }
    unsigned stated = 0;  // profiles the companion states
    for (int i = 0; i < 3; ++i)
        if (defaults.profiles[std::size_t(i)].loc.line > 0) stated |= 1u << i;
    const unsigned still_assumed = assumed & ~stated;
    assumed &= stated;
    if (!windows || assumed == 0) return false;
    for (Policy& p : input.policies) {
        if (p.order != EvaluationOrder::windows_precedence) continue;
        bool inbound = p.name == "inbound";
        for (Chain& c : p.chains) {
            int i = profile_index(c.name);
            if (i < 0 || !(assumed & (1u << i))) continue;
            const WindowsProfileState& state = defaults.profiles[std::size_t(i)];
            c.loc = state.loc;
            c.loc.file = from_file;
            WindowsAction def = inbound ? state.default_inbound : state.default_outbound;
            c.policy = !state.firewall_on || def != WindowsAction::block ? Action::accept : Action::drop;
            // As windows_input does: a profile whose firewall is off applies no
            // rule; shields up ignores every inbound rule but the blocks.
            if (!state.firewall_on) c.rules.clear();
            else if (inbound && state.block_inbound_always)
                std::erase_if(c.rules, [](const Rule& r) { return r.target != "Block"; });
        }
    }
    if (still_assumed == 0)
        std::erase_if(input.diagnostics, [](const Diagnostic& d) {
            return d.severity == Severity::note && d.message == windows_defaults_assumed_note;
        });
    auto note = [&](SourceLocation loc, std::string message) {
        input.diagnostics.push_back(Diagnostic{std::move(loc), Severity::note, std::move(message)});
    };
    std::vector<std::string> names;
    for (int i = 0; i < 3; ++i)
        if (assumed & (1u << i)) names.push_back(windows_profile_name(i));
    note(SourceLocation{input.file, 0, 0},
         fmt::format("the per-profile state and default actions ({} profile{}) are taken from {}, the `netsh "
                     "advfirewall show allprofiles` output given with this file",
                     fmt::join(names, ", "), names.size() == 1 ? "" : "s", from_file));
    // "The firewall is off in the public profile" and the like are said once,
    // by the profiles file itself (it is an input of the same check).
    return true;
}

}  // namespace fwlint
