// A WindowsRuleSpec as IR rules, and a list of specs as one ParsedInput
// (the layout is described in windows_rule.hpp).
#include "parse/windows_rule.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace fwlint {

namespace {

// One way a list condition can hold: concrete values, or the keywords of the
// list (dynamic sets) with the condition naming them.
struct Alternative {
    IntervalSet v4, v6;            // addresses per family; ports use v4 only
    std::optional<Condition> condition;
};

Condition condition(std::string name, std::string text, bool scope_only = false) {
    Condition c;
    c.name = std::move(name);
    c.text = std::move(text);
    c.scope_only = scope_only;
    return c;
}

// Known ports of a port keyword; nullopt when the keyword names no fixed port.
std::optional<IntervalSet> keyword_ports(const std::string& keyword) {
    if (keyword == "RPC") return IntervalSet::range(49152, 65535);  // the dynamic RPC range (Vista and later)
    if (keyword == "RPC-EPMap") return IntervalSet::single(135);
    if (keyword == "IPHTTPS" || keyword == "IPHTTPSOut") return IntervalSet::single(443);
    if (keyword == "mDNS") return IntervalSet::single(5353);
    return std::nullopt;
}

std::string keyword_note(const std::string& keyword) {
    if (keyword == "RPC") return "RPC (dynamic RPC endpoints, taken as 49152-65535)";
    if (keyword == "RPC-EPMap") return "RPC-EPMap (RPC endpoint mapper, 135)";
    if (keyword == "IPHTTPS" || keyword == "IPHTTPSOut") return keyword + " (IP-HTTPS, 443)";
    if (keyword == "mDNS") return "mDNS (5353)";
    return keyword;
}

std::vector<Alternative> port_alternatives(const std::vector<WindowsPort>& ports, const char* side) {
    Alternative all;
    all.v4 = IntervalSet::range(0, max_port);
    if (ports.empty()) return {all};
    Alternative concrete, keywords;
    std::vector<std::string> names, texts;
    bool unbounded = false;
    for (const auto& p : ports) {
        if (p.keyword.empty()) {
            concrete.v4.add(p.lo, p.hi);
            continue;
        }
        names.push_back(keyword_note(p.keyword));
        texts.push_back(p.text);
        if (auto known = keyword_ports(p.keyword))
            keywords.v4 = keywords.v4.unite(*known);
        else
            unbounded = true;
    }
    std::vector<Alternative> out;
    if (!concrete.v4.empty()) out.push_back(concrete);
    if (!names.empty()) {
        if (unbounded) keywords.v4 = IntervalSet::range(0, max_port);
        keywords.condition = condition(fmt::format("{} port {}", side, fmt::join(names, " or ")),
                                       fmt::format("{}Port={}", side == std::string("local") ? "Local" : "Remote",
                                                   fmt::join(texts, ",")));
        out.push_back(keywords);
    }
    return out;
}

std::vector<Alternative> address_alternatives(const std::vector<WindowsAddress>& addresses, const char* side) {
    Alternative all;
    all.v4 = IntervalSet::range(0, address_max(Family::v4));
    all.v6 = IntervalSet::range(0, address_max(Family::v6));
    if (addresses.empty()) return {all};
    Alternative concrete, keywords;
    std::vector<std::string> names;
    bool v4 = false, v6 = false;
    for (const auto& a : addresses) {
        if (a.set) {
            (a.set->family == Family::v4 ? concrete.v4 : concrete.v6) =
                (a.set->family == Family::v4 ? concrete.v4 : concrete.v6).unite(a.set->values);
            continue;
        }
        // RA4=LocalSubnet|RA6=LocalSubnet is one keyword for both families: named once.
        if (std::find(names.begin(), names.end(), a.keyword) == names.end()) names.push_back(a.keyword);
        // LocalSubnet4, RA4=LocalSubnet...: a keyword of one family matches only it.
        v4 = v4 || a.family != Family::v6;
        v6 = v6 || a.family != Family::v4;
    }
    std::vector<Alternative> out;
    if (!concrete.v4.empty() || !concrete.v6.empty()) out.push_back(concrete);
    if (!names.empty()) {
        if (v4) keywords.v4 = all.v4;
        if (v6) keywords.v6 = all.v6;
        std::string label = side == std::string("local") ? "LocalIP" : "RemoteIP";
        keywords.condition =
            condition(fmt::format("{} address {}", side, fmt::join(names, " or ")),
                      fmt::format("{}={}", label, fmt::join(names, ",")));
        out.push_back(keywords);
    }
    return out;
}

IntervalSet icmp_codes(const std::vector<WindowsIcmp>& icmp) {
    if (icmp.empty()) return IntervalSet::range(0, max_port);
    IntervalSet out;
    for (const auto& i : icmp) {
        u128 base = u128(i.type) * 256;
        if (i.code)
            out.add(base + *i.code, base + *i.code);
        else
            out.add(base, base + 255);
    }
    return out;
}

// "NotRequired" and its translations: no IPsec requirement.
bool one_word_none(const std::string& security) {
    std::string l;
    for (char c : security) l += char(std::tolower(static_cast<unsigned char>(c)));
    return l == "notrequired" || l == "nicht erforderlich" || l == "non requis" || l == "none" || l == "0";
}

const char* edge_option(EdgeTraversal e) {
    switch (e) {
        case EdgeTraversal::block: return "";
        case EdgeTraversal::allow: return "edge=yes";
        case EdgeTraversal::defer_to_app: return "edge=defer-app";
        case EdgeTraversal::defer_to_user: return "edge=defer-user";
    }
    return "";
}

// The conditions every IR rule of the spec carries.
std::vector<Condition> common_conditions(const WindowsRuleSpec& spec) {
    std::vector<Condition> out;
    if (!spec.program.empty() && !is_windows_any(spec.program))
        out.push_back(condition("program " + spec.program, "Program=" + spec.program, true));
    if (!spec.service.empty() && !is_windows_any(spec.service))
        out.push_back(condition("service " + spec.service, "Service=" + spec.service, true));
    if (spec.service == "*") out.push_back(condition("any service (services only)", "Service=*", true));
    if (!spec.scope_known)
        out.push_back(condition("program/service unknown (the input does not show them)", "", true));
    if (!spec.interface_types.empty())
        out.push_back(condition(fmt::format("interface type {}", fmt::join(spec.interface_types, " or ")),
                                fmt::format("InterfaceTypes={}", fmt::join(spec.interface_types, ","))));
    if (!spec.interfaces.empty())
        out.push_back(condition(fmt::format("interface {}", fmt::join(spec.interfaces, " or ")),
                                fmt::format("Interface={}", fmt::join(spec.interfaces, ","))));
    if (!spec.security.empty() && !one_word_none(spec.security))
        out.push_back(condition("IPsec " + spec.security, "Security=" + spec.security));
    for (const auto& a : spec.attributes)
        out.push_back(condition(a.name == "splat" ? fmt::format("what splatting {} passes (unknown)", a.value)
                                                  : fmt::format("unknown attribute {}={}", a.name, a.value),
                                fmt::format("{}: {}", a.name, a.value)));
    return out;
}

}  // namespace

std::vector<Rule> to_ir_rules(const WindowsRuleSpec& spec, const std::shared_ptr<const std::string>& source) {
    Rule base;
    base.loc = spec.loc;
    base.text = spec.text;
    base.source = source;
    base.chain = spec.direction == WindowsDirection::in ? "inbound" : "outbound";
    switch (spec.action) {
        case WindowsAction::allow: base.action = Action::accept; base.target = "Allow"; break;
        case WindowsAction::bypass: base.action = Action::accept; base.target = "Bypass"; break;
        case WindowsAction::block: base.action = Action::drop; base.target = "Block"; break;
    }
    base.target_options = edge_option(spec.edge);
    base.enabled = spec.enabled;
    base.comment = spec.description;
    base.rule_id = spec.id;
    base.display_name = spec.display_name;
    base.conditions = common_conditions(spec);

    IntervalSet protos = spec.protocol ? IntervalSet::single(*spec.protocol) : IntervalSet::range(0, max_proto);
    bool ported = spec.protocol && (*spec.protocol == proto_tcp || *spec.protocol == proto_udp);
    bool icmp = spec.protocol && (*spec.protocol == proto_icmp || *spec.protocol == proto_icmpv6);
    std::vector<WindowsPort> none;
    auto local_ports = port_alternatives(ported ? spec.local_ports : none, "local");
    auto remote_ports = port_alternatives(ported ? spec.remote_ports : none, "remote");
    auto local_addrs = address_alternatives(spec.local_addresses, "local");
    auto remote_addrs = address_alternatives(spec.remote_addresses, "remote");
    bool inbound = spec.direction == WindowsDirection::in;

    std::vector<Rule> out;
    for (const auto& la : local_addrs)
        for (const auto& ra : remote_addrs)
            for (const auto& lp : local_ports)
                for (const auto& rp : remote_ports) {
                    Rule r = base;
                    for (const auto* alt : {&la, &ra, &lp, &rp})
                        if (alt->condition) r.conditions.push_back(*alt->condition);
                    const Alternative& src = inbound ? ra : la;
                    const Alternative& dst = inbound ? la : ra;
                    const Alternative& sport = inbound ? rp : lp;
                    const Alternative& dport = inbound ? lp : rp;
                    for (Family f : {Family::v4, Family::v6}) {
                        const IntervalSet& s = f == Family::v4 ? src.v4 : src.v6;
                        const IntervalSet& d = f == Family::v4 ? dst.v4 : dst.v6;
                        if (s.empty() || d.empty()) continue;  // a v4-only list does not match v6
                        Box b = Box::all(f);
                        b.dims[proto_dim] = protos;
                        b.dims[src_dim] = s;
                        b.dims[dst_dim] = d;
                        b.dims[sport_dim] = sport.v4;
                        b.dims[dport_dim] = icmp ? icmp_codes(spec.icmp) : dport.v4;
                        r.match = r.match.unite(PacketSet::of(f, b));
                    }
                    out.push_back(std::move(r));
                }
    return out;
}

const char* const windows_defaults_assumed_note =
    "the per-profile defaults are not in this input: the Windows defaults are assumed (firewall on, inbound block, "
    "outbound allow in every profile); give `netsh advfirewall show allprofiles` output (in this file, or as a "
    "file of its own next to this one) to use the host's own";

ParsedInput windows_input(const std::vector<WindowsRuleSpec>& specs, const WindowsProfileDefaults& defaults,
                          std::shared_ptr<const std::string> source, const std::string& file,
                          const std::string& format, Diagnostics diagnostics) {
    ParsedInput input;
    input.file = file;
    input.format = format;
    input.diagnostics = std::move(diagnostics);

    std::vector<std::vector<Rule>> rules;
    rules.reserve(specs.size());
    for (const auto& spec : specs) rules.push_back(to_ir_rules(spec, source));

    for (WindowsDirection dir : {WindowsDirection::in, WindowsDirection::out})
        for (Family f : {Family::v4, Family::v6}) {
            Policy p;
            p.name = dir == WindowsDirection::in ? "inbound" : "outbound";
            p.family = f;
            p.order = EvaluationOrder::windows_precedence;
            for (int i = 0; i < 3; ++i) {
                const WindowsProfileState& state = defaults.profiles[std::size_t(i)];
                Chain c;
                c.name = windows_profile_name(i);
                c.loc = state.loc;
                c.loc.file = file;
                c.builtin = true;
                WindowsAction def = dir == WindowsDirection::in ? state.default_inbound : state.default_outbound;
                c.policy = !state.firewall_on || def != WindowsAction::block ? Action::accept : Action::drop;
                if (state.firewall_on)
                    for (std::size_t s = 0; s < specs.size(); ++s) {
                        const WindowsRuleSpec& spec = specs[s];
                        if (spec.direction != dir || !(spec.profiles & (1u << i))) continue;
                        bool shields_up = dir == WindowsDirection::in && state.block_inbound_always;
                        if (shields_up && spec.action != WindowsAction::block) continue;
                        for (const Rule& r : rules[s]) {
                            // A rule with no packets of this family stays out of it,
                            // unless it has none at all (then IPv4 keeps it visible).
                            bool here = !r.match.boxes(f).empty() || (r.match.empty() && f == Family::v4);
                            if (!here) continue;
                            Rule copy = r;
                            copy.chain = c.name;
                            c.rules.push_back(std::move(copy));
                        }
                    }
                p.chains.push_back(std::move(c));
            }
            input.policies.push_back(std::move(p));
        }

    auto note = [&](SourceLocation loc, std::string message) {
        loc.file = file;
        input.diagnostics.push_back(Diagnostic{loc, Severity::note, std::move(message)});
    };
    if (defaults.assumed)
        note({}, windows_defaults_assumed_note);
    // The rules a profile leaves out are named, so that none goes unseen (a
    // script that turns shields up reads as 0 rules otherwise).
    auto left_out = [&](int i, bool only_inbound_allows) {
        std::vector<int> lines;
        for (const auto& spec : specs) {
            if (!(spec.profiles & (1u << i))) continue;
            if (only_inbound_allows && (spec.direction != WindowsDirection::in || spec.action == WindowsAction::block))
                continue;
            if (lines.empty() || lines.back() != spec.loc.line) lines.push_back(spec.loc.line);
        }
        if (lines.empty()) return std::string();
        std::vector<std::string> shown;
        for (std::size_t k = 0; k < lines.size() && k < 10; ++k) shown.push_back(std::to_string(lines[k]));
        return fmt::format(" ({} rule{}, line{} {}{})", lines.size(), lines.size() == 1 ? "" : "s",
                           lines.size() == 1 ? "" : "s", fmt::join(shown, ", "),
                           lines.size() > 10 ? fmt::format(" and {} more", lines.size() - 10) : "");
    };
    for (int i = 0; i < 3; ++i) {
        const WindowsProfileState& state = defaults.profiles[std::size_t(i)];
        if (!state.firewall_on)
            note(state.loc, fmt::format("the firewall is off in the {} profile: every flow is allowed there, and its "
                                        "rules are not applied{}",
                                        windows_profile_name(i), left_out(i, false)));
        else if (state.block_inbound_always)
            note(state.loc, fmt::format("the {} profile blocks all inbound connections (BlockInboundAlways): "
                                        "its inbound allow rules are ignored{}",
                                        windows_profile_name(i), left_out(i, true)));
    }
    return input;
}

}  // namespace fwlint
