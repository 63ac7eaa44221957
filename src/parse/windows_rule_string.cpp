// Actions of grammars/windows_rule_string.hpp: collect the fields of one rule
// string and the problems found on the way.
#include "parse/windows_rule_string.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammars/windows_rule_string.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::windows_rule_string;

struct State {
    const char* begin;
    RuleStringFields out;
    std::size_t offset(const char* p) const { return static_cast<std::size_t>(p - begin); }
};

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::major_version> {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        s.out.major = to_int(in.string_view());
    }
};
template <>
struct action<g::minor_version> {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        s.out.minor = to_int(in.string_view());
        s.out.has_version = true;
    }
};
template <>
struct action<g::key> {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        s.out.fields.push_back(RuleStringField{std::string(in.string_view()), {}, s.offset(in.begin())});
    }
};
template <>
struct action<g::value> {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        if (!s.out.fields.empty()) s.out.fields.back().value = in.string();
    }
};
template <>
struct action<g::missing_separator> {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        s.out.problems.push_back({s.offset(in.begin()), Severity::warning,
                                  "the rule string does not end with '|': Windows may treat the rule as unparsed"});
    }
};

// What stood where the expected thing should have been.
template <typename Input>
std::string found(const Input& in) {
    return found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 24, "|",
                       "the end of the string");
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, State& s) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        std::string message = g::error_message<Rule> + found(in);
        // A field whose key was read but whose '=' is missing is not a field.
        if (std::is_same_v<Rule, g::equals> && !s.out.fields.empty()) s.out.fields.pop_back();
        s.out.problems.push_back({s.offset(in.current()), Severity::error, message});
        throw pegtl::parse_error(message, in);
    }
};

}  // namespace

RuleStringFields read_rule_string(std::string_view text) {
    State s{text.data(), {}};
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "rule string");
    try {
        pegtl::parse<g::rule_string, action, control>(in, s);
    } catch (const pegtl::parse_error&) {
        // A bad version: reported by control; nothing after it is trusted.
    }
    return std::move(s.out);
}

bool looks_like_rule_string(std::string_view text) {
    if (text.size() < 5 || (text[0] != 'v' && text[0] != 'V')) return false;
    std::size_t i = 1;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == 1 || i >= text.size() || text[i] != '.') return false;
    std::size_t j = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > j && i < text.size() && text[i] == '|';
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "LPort", "LPort2_10", "LPort2_20", any later "LPort<major>_<minor>".
bool versioned(std::string_view key, std::string_view base) {
    if (!istarts_with(key, base)) return false;
    auto rest = key.substr(base.size());
    if (rest.empty()) return true;
    auto underscore = rest.find('_');
    return underscore != std::string_view::npos && all_digits(rest.substr(0, underscore)) &&
           all_digits(rest.substr(underscore + 1));
}

enum class Key {
    action, active, dir, protocol, profile, local_port, remote_port, local_address, remote_address, icmp,
    app, service, name, description, group, edge, defer, interface, interface_type, security,
    narrowing,  // known, narrows the rule in a way fwlint does not model: kept as an attribute
    ignored,    // known, does not change which packets match (flags, platform, versions)
    unknown,
};

Key classify(std::string_view k) {
    struct Name { const char* text; Key key; };
    static const Name names[] = {
        {"Action", Key::action}, {"Active", Key::active}, {"Dir", Key::dir}, {"Protocol", Key::protocol},
        {"Profile", Key::profile}, {"LA4", Key::local_address}, {"LA6", Key::local_address},
        {"RA4", Key::remote_address}, {"RA6", Key::remote_address}, {"ICMP4", Key::icmp}, {"ICMP6", Key::icmp},
        {"App", Key::app}, {"Svc", Key::service}, {"Name", Key::name}, {"Desc", Key::description},
        {"EmbedCtxt", Key::group}, {"Edge", Key::edge}, {"Defer", Key::defer}, {"IF", Key::interface},
        {"IFType", Key::interface_type}, {"Security", Key::security}, {"Security2", Key::security},
        {"Security2_9", Key::security},
        {"RMAuth", Key::narrowing}, {"RUAuth", Key::narrowing}, {"LUAuth", Key::narrowing},
        {"LUOwn", Key::narrowing}, {"AppPkgId", Key::narrowing}, {"PFN", Key::narrowing},
        {"AuthByPassOut", Key::ignored}, {"LSM", Key::ignored}, {"LOM", Key::ignored}, {"PCross", Key::ignored},
        {"Platform", Key::ignored}, {"Platform2", Key::ignored}, {"SkipVer", Key::ignored}, {"NNm", Key::ignored},
        {"SecurityRealmId", Key::ignored},
    };
    for (const auto& n : names)
        if (iequals(k, n.text)) return n.key;
    if (versioned(k, "LPort")) return Key::local_port;
    if (versioned(k, "RPort")) return Key::remote_port;
    if (versioned(k, "LUAuth") || versioned(k, "TTK")) return Key::narrowing;
    // RA42, RA62 and later two-digit address keyword extensions.
    if (k.size() == 4 && istarts_with(k, "RA") && all_digits(k.substr(2))) return Key::remote_address;
    if (k.size() == 4 && istarts_with(k, "LA") && all_digits(k.substr(2))) return Key::local_address;
    return Key::unknown;
}

// The family of an address key: LA4, RA4, RA42 (IPv4); LA6, RA6, RA62 (IPv6).
std::optional<Family> key_family(std::string_view k) {
    if (k.size() < 3) return std::nullopt;
    if (k[2] == '4') return Family::v4;
    if (k[2] == '6') return Family::v6;
    return std::nullopt;
}

// Keys Windows allows once; a second one is reported (the last one counts).
bool single(Key k) {
    switch (k) {
        case Key::action: case Key::active: case Key::dir: case Key::protocol: case Key::app: case Key::service:
        case Key::name: case Key::description: case Key::group: case Key::edge: case Key::defer:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::optional<WindowsRuleSpec> windows_rule_from_string(std::string_view text, const SourceLocation& at,
                                                        Diagnostics& diagnostics) {
    auto where = [&](std::size_t offset) {
        SourceLocation l = at;
        l.column = at.column + static_cast<int>(offset);
        return l;
    };
    auto report = [&](std::size_t offset, Severity s, std::string message) {
        diagnostics.push_back({where(offset), s, std::move(message)});
    };

    RuleStringFields read = read_rule_string(text);
    for (auto& p : read.problems) report(p.offset, p.severity, std::move(p.message));
    if (!read.has_version) return std::nullopt;

    WindowsRuleSpec spec;
    spec.enabled = false;  // absent Active = disabled
    spec.profiles = 0;
    bool has_action = false, has_dir = false;
    std::vector<std::string> seen_single;
    for (const auto& f : read.fields) {
        const Key key = classify(f.key);
        const std::size_t value_at = f.offset + f.key.size() + 1;
        auto keep_as_attribute = [&] { spec.attributes.push_back({f.key, f.value, where(f.offset)}); };
        auto warn_unknown_values = [&](const std::vector<std::string>& unknown, const char* what) {
            for (const auto& u : unknown)
                report(value_at, Severity::warning,
                       fmt::format("unknown {} '{}' in {}: kept as a condition fwlint cannot evaluate", what, u, f.key));
        };
        if (single(key)) {
            std::string lower;
            for (char c : f.key) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (std::find(seen_single.begin(), seen_single.end(), lower) != seen_single.end())
                report(f.offset, Severity::warning, fmt::format("{} appears twice in the rule string: the last one is used", f.key));
            seen_single.push_back(lower);
        }
        switch (key) {
            case Key::action:
                if (auto a = parse_windows_action(f.value)) {
                    spec.action = *a;
                    has_action = true;
                } else {
                    report(value_at, Severity::error, fmt::format("expected Action=Allow, Block or ByPass, found '{}'", f.value));
                }
                break;
            case Key::active:
                if (iequals(f.value, "TRUE")) spec.enabled = true;
                else if (iequals(f.value, "FALSE")) spec.enabled = false;
                else report(value_at, Severity::warning, fmt::format("expected Active=TRUE or FALSE, found '{}': taken as FALSE (disabled)", f.value));
                break;
            case Key::dir:
                if (auto d = parse_windows_direction(f.value)) {
                    spec.direction = *d;
                    has_dir = true;
                } else {
                    report(value_at, Severity::error, fmt::format("expected Dir=In or Out, found '{}'", f.value));
                }
                break;
            case Key::protocol:
                if (!parse_windows_protocol(f.value, spec.protocol)) {
                    report(value_at, Severity::warning,
                           fmt::format("expected Protocol=0-255, found '{}': kept as a condition fwlint cannot evaluate", f.value));
                    keep_as_attribute();
                }
                break;
            case Key::profile:
                if (auto p = parse_windows_profiles(f.value)) spec.profiles |= *p;
                else {
                    report(value_at, Severity::warning, fmt::format("unknown profile '{}': ignored", f.value));
                }
                break;
            case Key::local_port: warn_unknown_values(parse_windows_ports(f.value, spec.local_ports), "port"); break;
            case Key::remote_port: warn_unknown_values(parse_windows_ports(f.value, spec.remote_ports), "port"); break;
            case Key::local_address:
            case Key::remote_address: {
                auto& list = key == Key::local_address ? spec.local_addresses : spec.remote_addresses;
                const std::size_t first = list.size();
                warn_unknown_values(parse_windows_addresses(f.value, list), "address");
                // LA4/RA4/RA42 hold IPv4 entries, LA6/RA6/RA62 IPv6 ones: a keyword
                // there covers that family only (RA4=LocalSubnet does not match IPv6).
                if (auto family = key_family(f.key))
                    for (std::size_t i = first; i < list.size(); ++i) {
                        WindowsAddress& a = list[i];
                        if (!a.set) a.family = *family;
                        else if (a.set->family != *family)
                            report(value_at, Severity::warning,
                                   fmt::format("{} holds IPv{} entries, found '{}': used as written", f.key,
                                               *family == Family::v4 ? 4 : 6, a.text));
                    }
                break;
            }
            case Key::icmp:
                for (const auto& bad : parse_windows_icmp(f.value, spec.icmp)) {
                    report(value_at, Severity::warning,
                           fmt::format("expected an ICMP type:code in {}, found '{}': kept as a condition", f.key, bad));
                    keep_as_attribute();
                }
                break;
            case Key::app: spec.program = f.value; break;
            case Key::service: spec.service = f.value; break;
            case Key::name: spec.display_name = f.value; break;
            case Key::description: spec.description = f.value; break;
            case Key::group: spec.group = f.value; break;
            case Key::edge:
            case Key::defer:
                // Edge=TRUE allows; Defer=App / Defer=User defers (with or without Edge=TRUE).
                if (key == Key::edge && iequals(f.value, "FALSE")) break;
                if (auto e = parse_windows_edge(f.value)) {
                    if (key == Key::edge && spec.edge != EdgeTraversal::block) break;  // a Defer came first
                    spec.edge = *e;
                } else {
                    report(value_at, Severity::warning, fmt::format("unknown {} value '{}': ignored", f.key, f.value));
                }
                break;
            case Key::interface: spec.interfaces.push_back(f.value); break;
            case Key::interface_type: spec.interface_types.push_back(f.value); break;
            case Key::security: spec.security = f.value; break;
            case Key::narrowing: keep_as_attribute(); break;
            case Key::ignored: break;
            case Key::unknown:
                report(f.offset, Severity::warning,
                       fmt::format("unknown key '{}' in the rule string: kept as a condition fwlint cannot evaluate", f.key));
                keep_as_attribute();
                break;
        }
    }
    if (!has_action || !has_dir) {
        report(0, Severity::error,
               fmt::format("the rule string has no valid {}: the rule cannot be evaluated",
                           !has_action && !has_dir ? "Action and Dir" : !has_action ? "Action" : "Dir"));
        return std::nullopt;
    }
    if (spec.profiles == 0) spec.profiles = all_profiles;
    return spec;
}

}  // namespace fwlint
