#include "checks/lint.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <sstream>

#include <fmt/format.h>

#include "analyze/cisco_path.hpp"
#include "analyze/evaluate.hpp"
#include "analyze/exposure.hpp"
#include "analyze/exposure_space.hpp"
#include "analyze/interfaces.hpp"
#include "analyze/remediation.hpp"
#include "analyze/remediation_windows.hpp"
#include "analyze/shadowing.hpp"
#include "analyze/windows_overrides.hpp"
#include "checks/fix_lines.hpp"
#include "checks/lint_interfaces.hpp"

namespace fwlint {

namespace {

std::string target_name(const Rule& r) {
    if (r.action == Action::ret) return "RETURN";
    if (r.action == Action::go_to) return "goto " + r.target;
    if (r.action == Action::jump) return "jump to " + r.target;
    return r.target.empty() ? "no target" : r.target;
}

std::string lines_text(const Chain& chain, const std::vector<std::size_t>& rules) {
    std::vector<int> lines;
    for (std::size_t k : rules) lines.push_back(chain.rules[k].loc.line);
    return fmt::format("line{} {}", lines.size() == 1 ? "" : "s", fmt::join(lines, ", "));
}

// `skip_interfaces`: the chain was linted per interface assignment, so its
// -i/-o matches are no unknown conditions.
std::string conditions_text(const Rule& r, bool skip_interfaces) {
    std::vector<std::string> names;
    for (const auto& c : r.conditions)
        if (!skip_interfaces || !interface_match(c)) names.push_back(c.name);
    return fmt::format("{}", fmt::join(names, ", "));
}

Finding base(Dialect dialect, const Policy& policy, const Chain& chain, std::size_t index, const char* check,
             const char* kind, Severity severity) {
    const Rule& r = chain.rules[index];
    Finding f;
    f.check = check;
    f.kind = kind;
    f.severity = severity;
    f.loc = r.loc;
    f.remediation = remove_rule_lines(dialect, policy, chain, r);
    return f;
}

// An ASA entry of `any` is in its list's IPv4 policy and in its IPv6 one,
// each linted alone: what one family finds is said for that family's part
// (family_part_text), and lint_cisco merges the two or keeps the entry.
const char* family_part(Dialect dialect, const Policy& policy, const Rule& r) {
    if (!is_cisco(dialect)) return "";
    if (r.match.boxes(Family::v4).empty() || r.match.boxes(Family::v6).empty()) return "";
    return policy.family == Family::v4 ? family_part_text(Family::v4) : family_part_text(Family::v6);
}

void lint_chain(Dialect dialect, const Policy& policy, const Chain& chain, std::vector<Finding>& out) {
    // iptables -i/-o: one packet's interfaces, per assignment (lint_interfaces.hpp).
    InterfaceShadowing found = dialect == Dialect::iptables ? find_shadowing_per_interface(chain, policy.family)
                                                            : InterfaceShadowing{find_shadowing(chain, policy.family)};
    const auto& [shadowed, redundant] = found.report;
    const bool skip = found.per_interface;
    for (const auto& s : shadowed) {
        const Rule& r = chain.rules[s.rule];
        Finding f = base(dialect, policy, chain, s.rule, "FW201", "shadowed", Severity::warning);
        std::string earlier = lines_text(chain, s.covering);
        bool one = s.covering.size() == 1;
        const char* part = family_part(dialect, policy, r);
        if (s.same_action) {
            f.message = fmt::format("redundant: never reached{} in chain {}; earlier {} already {} the same", part,
                                    chain.name, earlier, one ? "does" : "do");
        } else {
            std::vector<std::string> theirs;
            for (std::size_t k : s.covering) {
                std::string t = target_name(chain.rules[k]);
                if (std::find(theirs.begin(), theirs.end(), t) == theirs.end()) theirs.push_back(t);
            }
            f.message = fmt::format(
                "dead: never reached{} in chain {}; earlier {} {} its traffic with a different action ({}, this rule "
                "{}) - probably a bug",
                part, chain.name, earlier, one ? "takes" : "take", fmt::join(theirs, ", "), target_name(r));
        }
        if (std::string own = conditions_text(r, skip); !own.empty())
            f.message += fmt::format(" (its own unmodelled conditions, {}, only narrow it)", own);
        for (std::size_t k : s.covering) f.related.push_back(RelatedLine{chain.rules[k].loc.file, chain.rules[k].loc.line});
        out.push_back(std::move(f));
    }

    for (const auto& red : redundant) {
        const Rule& r = chain.rules[red.rule];
        Finding f = base(dialect, policy, chain, red.rule, "FW202", "lint", Severity::note);
        std::string who;
        std::size_t n = red.deciders.size() + (red.policy_decides ? 1 : 0);
        if (!red.deciders.empty()) who = lines_text(chain, red.deciders);
        // A Cisco ACL's implicit deny is at its end, on no line: its
        // location is the list's header (IOS, NX-OS) or first entry (ASA).
        const bool cisco = is_cisco(dialect);
        if (red.policy_decides) {
            std::string pol = cisco ? fmt::format("the implicit deny at the end of ACL {}", chain.name)
                                    : fmt::format("the {} policy {}", chain.name,
                                                  chain.policy == Action::accept ? "ACCEPT" : "DROP");
            if (chain.loc.line > 0 && !cisco) pol += fmt::format(" (line {})", chain.loc.line);
            who = who.empty() ? pol : who + " and " + pol;
        }
        bool plural = n > 1 || red.deciders.size() > 1;
        f.message = fmt::format("redundant: removing line {} changes nothing{} in chain {}; {} {} the same verdict ({})",
                                r.loc.line, family_part(dialect, policy, r), chain.name, who,
                                plural ? "give" : "gives", target_name(r));
        if (std::string own = conditions_text(r, skip); !own.empty())
            f.message += fmt::format(" (whatever its unmodelled conditions, {}, are)", own);
        for (std::size_t k : red.deciders)
            f.related.push_back(RelatedLine{chain.rules[k].loc.file, chain.rules[k].loc.line});
        if (red.policy_decides && chain.loc.line > 0 && !cisco)
            f.related.push_back(RelatedLine{chain.loc.file, chain.loc.line});
        out.push_back(std::move(f));
    }
}

// ---- FW203-FW207: exposure ------------------------------------------------



// `both`: the finding stands for the same entry of a list's IPv4 and IPv6
// policies (an ASA `any`): every address is "any IPv4 and IPv6 address".
std::string addresses_text(u128 n, const IntervalSet& set, Family f, bool both = false) {
    if (both && set.is_all(address_max(f))) return "any IPv4 and IPv6 address";
    std::string head = n == ~u128{0} ? std::string("2^128 addresses")
                                     : fmt::format("{} address{}", format_count(n), n == 1 ? "" : "es");
    bool any = set.is_all(address_max(f));
    if (any) return head + " (any)";
    std::string list = format_address_set(set, f);
    if (list.size() <= 48) return fmt::format("{} ({})", head, list);
    return head;
}

std::string ports_text(const IntervalSet& ports) {
    u128 n = ports.size();
    return fmt::format("{} ({} port{})", format_ports(ports), format_count(n), n == 1 ? "" : "s");
}

std::string where_text(const Exposure& e) {
    if (!e.rule) {
        std::string pol = fmt::format("the {} policy ACCEPT", e.builtin->name);
        if (e.builtin->loc.line > 0) pol += fmt::format(" (line {})", e.builtin->loc.line);
        return pol;
    }
    std::string w = fmt::format("line {} in chain {}", e.rule->loc.line, e.chain->name);
    if (e.chain != e.builtin) w += fmt::format(" (from {})", e.builtin->name);
    return w;
}

// The drops a finding assumes not to match, any one of which would stop it:
// "A (line 14) holds, or B and C (line 15) hold" (a rule's own conditions
// all hold for it to match; one matching rule is enough).
std::string any_of_rules(const std::vector<ConditionRef>& refs) {
    constexpr std::size_t named = 5;
    std::vector<std::pair<const Rule*, std::vector<std::string>>> rules;
    for (const auto& c : refs) {
        auto at = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.first == c.rule; });
        if (at == rules.end()) at = rules.insert(rules.end(), {c.rule, {}});
        if (std::find(at->second.begin(), at->second.end(), c.condition->name) == at->second.end())
            at->second.push_back(c.condition->name);
    }
    std::vector<std::string> parts;
    for (const auto& [rule, names] : rules) {
        if (parts.size() == named && rules.size() > named + 1) {
            parts.push_back(fmt::format("the conditions of {} more earlier rules hold", format_count(rules.size() - named)));
            break;
        }
        parts.push_back(fmt::format("{} (line {}) {}", fmt::join(names, " and "), rule->loc.line,
                                    names.size() == 1 ? "holds" : "hold"));
    }
    return fmt::format("{}", fmt::join(parts, ", or "));
}

std::string condition_suffix(const Exposure& e) {
    // The first few conditions by name (in the order met): a chain of thousands of `-m mark`
    // DROPs would make a message of thousands of clauses (the finding's
    // related lines name them all).
    constexpr std::size_t named = 5;
    auto names = [](const std::vector<ConditionRef>& refs) {
        std::vector<std::string> out;
        std::set<std::string> seen;
        for (const auto& c : refs) {
            std::string n = fmt::format("{} (line {})", c.condition->name, c.rule->loc.line);
            if (seen.insert(n).second) out.push_back(n);
        }
        std::string more;
        if (out.size() > named + 1) {
            more = fmt::format(" and {} more conditions of earlier rules", format_count(out.size() - named));
            out.resize(named);
        }
        return fmt::format("{}{} {}", fmt::join(out, " and "), more, seen.size() == 1 ? "holds" : "hold");
    };
    // A Windows program or service scope is no condition on the packets: the
    // rule accepts them for that process only.
    std::vector<ConditionRef> scope, only_if;
    for (const auto& c : e.only_if) (c.condition->scope_only && c.rule == e.rule ? scope : only_if).push_back(c);
    std::string out;
    if (!scope.empty()) {
        std::vector<std::string> parts;
        bool unknown = false;  // netsh show without `verbose`: no Program/Service lines
        for (const auto& c : scope) {
            if (c.condition->text.empty()) unknown = true;
            else parts.push_back(c.condition->name);
        }
        if (!parts.empty()) out += fmt::format(", limited to {} (line {})", fmt::join(parts, " and "), e.rule->loc.line);
        if (unknown) out += ", perhaps limited to a program or service (the input does not show them)";
    }
    if (!only_if.empty()) out += fmt::format(", only if {}", names(only_if));
    if (!e.unless.empty()) out += ", unless " + any_of_rules(e.unless);
    return out;
}

const char* command_of(Family f) { return f == Family::v4 ? "iptables" : "ip6tables"; }

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

// The rule as an "iptables -R CHAIN POS ..." line, with `edit` applied to
// its words after "-A CHAIN". Empty when the text is not an -A line.
template <typename Edit>
std::string replace_line(const Exposure& e, Edit edit) {
    auto words = split_words(e.rule->text);
    if (words.size() < 2 || (words[0] != "-A" && words[0] != "--append")) return {};
    std::vector<std::string> rest(words.begin() + 2, words.end());
    if (!edit(rest)) return {};
    return fmt::format("{} -R {} {} {}", command_of(e.family), e.chain->name, rule_position(*e.chain, e.rule),
                       fmt::join(rest, " "));
}

// "-s TRUSTED_SOURCES" in place of the rule's any source.
std::vector<std::string> narrow_source_fix(const Exposure& e) {
    if (!e.rule)
        return {fmt::format("# {}: accept the flows it needs by rule first, then", e.builtin->name),
                fmt::format("{} -P {} DROP", command_of(e.family), e.builtin->name)};
    std::string line = replace_line(e, [](std::vector<std::string>& w) {
        for (std::size_t i = 0; i + 1 < w.size(); ++i)
            if (w[i] == "-s" || w[i] == "--source" || w[i] == "--src") {
                if (i > 0 && w[i - 1] == "!") return false;
                w[i + 1] = "TRUSTED_SOURCES";
                return true;
            }
        w.insert(w.begin(), {"-s", "TRUSTED_SOURCES"});
        return true;
    });
    std::vector<std::string> out{fmt::format("# TRUSTED_SOURCES: the networks line {} is for", e.rule->loc.line)};
    if (!line.empty()) out.push_back(line);
    return out;
}

Finding exposure_finding(const Exposure& e, u128 max_open_ports, bool both_families = false) {
    Finding f;
    f.kind = "lint";
    f.loc = e.rule ? e.rule->loc : e.builtin->loc;
    const Family fam = e.family;
    std::string dst = addresses_text(e.destinations, e.packets.project(fam, dst_dim), fam, both_families);
    std::string by = where_text(e);
    std::string cond = condition_suffix(e);
    // `permit udp any eq 123 any`: what it opens, it opens to packets from
    // that source port only, which every message says.
    const IntervalSet sports = e.packets.project(fam, sport_dim);
    const std::string from = sports.is_all(max_port) || sports.empty()
                                 ? std::string()
                                 : fmt::format(" from source port{} {}", sports.size() == 1 ? "" : "s",
                                               format_ports(sports));
    switch (e.kind) {
        case ExposureKind::not_evaluated:
            f.check = "FW203";
            f.severity = Severity::note;
            if (!e.skipped.empty()) {
                f.message = fmt::format("exposure checks {} not run on chain {}: more than {} of its rules (with "
                                        "the user chains it reaches) meet the part of the packet space they need "
                                        "({}), the most one evaluation takes",
                                        e.skipped, e.builtin->name, format_count(max_space_rules),
                                        e.packets.box_count() == 1 ? e.packets.to_string() : "several parts");
                f.remediation.push_back(fmt::format("# no fix: review what chain {} accepts by hand", e.builtin->name));
                return f;
            }
            f.message = fmt::format("exposure checks FW203-FW207 not run on chain {}: of its {} rules (with the user "
                                    "chains it reaches), more than {} meet one slice of the packet space",
                                    e.builtin->name, format_count(e.reachable_rules), format_count(max_exposure_slice_rules));
            f.remediation.push_back(fmt::format("# no fix: review what chain {} accepts by hand", e.builtin->name));
            return f;
        case ExposureKind::any_to_any:
            f.check = "FW203";
            f.severity = Severity::warning;
            f.message = fmt::format("allow any to any: {} from any source{} to any destination ({}, {} ports) "
                                    "is accepted by {}{}",
                                    e.all_protocols ? "every protocol" : "every tcp and udp port", from,
                                    both_families && e.packets.project(fam, dst_dim).is_all(address_max(fam))
                                        ? std::string("any IPv4 and IPv6 address")
                                                  : fmt::format("{} address{}",
                                                                e.destinations == ~u128{0} ? "2^128"
                                                                                           : format_count(e.destinations),
                                                                e.destinations == 1 ? "" : "es"),
                                    format_count(e.ports.size()), by, cond);
            f.remediation = narrow_source_fix(e);
            break;
        case ExposureKind::wide_ports:
            f.check = "FW204";
            f.severity = Severity::warning;
            f.message = fmt::format("wide port range open to any source: {} ports {}{}, more than {}, to {} accepted "
                                    "by {}{}",
                                    protocol_name(e.proto), ports_text(e.ports), from, format_count(max_open_ports), dst,
                                    by, cond);
            f.remediation = narrow_source_fix(e);
            break;
        case ExposureKind::risky_service: {
            f.check = "FW205";
            f.severity = Severity::warning;
            std::vector<std::pair<std::string, std::vector<std::string>>> named;
            for (const RiskyService* s : e.services) {
                IntervalSet open = e.packets.intersect(PacketSet::all(fam))
                                       .project(fam, dport_dim)
                                       .intersect(IntervalSet::range(s->lo, s->hi));
                std::string part = fmt::format("{} {}", protocol_name(s->proto), format_ports(open));
                auto it = std::find_if(named.begin(), named.end(), [&](const auto& p) { return p.first == s->name; });
                if (it == named.end())
                    named.push_back({s->name, {part}});
                else if (std::find(it->second.begin(), it->second.end(), part) == it->second.end())
                    it->second.push_back(part);
            }
            std::vector<std::string> items;
            for (const auto& [name, parts] : named) items.push_back(fmt::format("{} ({})", name, fmt::join(parts, ", ")));
            f.message = fmt::format("risky service open to any source: {} ({} port{}){} to {} accepted by {}{}",
                                    fmt::join(items, ", "), format_count(e.ports.size()), e.ports.size() == 1 ? "" : "s",
                                    from, dst, by, cond);
            if (e.rule) {
                f.remediation = iptables_rules_for(e.packets, fam, e.chain->name, rule_position(*e.chain, e.rule), "DROP");
                for (auto& l : narrow_source_fix(e)) f.remediation.push_back(std::move(l));
            } else {
                f.remediation = narrow_source_fix(e);
            }
            break;
        }
        case ExposureKind::rpc_range: {
            f.check = "FW206";
            f.severity = Severity::note;
            std::string src = addresses_text(e.sources, e.packets.project(fam, src_dim), fam, both_families);
            f.message = fmt::format("RPC dynamic range wider than 49152-65535: tcp ports {}{} accepted by {} from {} "
                                    "to {}; {} port{} in {} beyond the dynamic range{}",
                                    format_ports(e.ports), from, by, src, dst, format_count(e.excess.size()),
                                    e.excess.size() == 1 ? "" : "s", format_ports(e.excess), cond);
            std::string line;
            if (e.rule) {
                std::string from = fmt::format("{}:65535", unsigned(e.ports.min()));
                line = replace_line(e, [&](std::vector<std::string>& w) {
                    for (auto& word : w) {
                        auto at = word.find(from);
                        if (at == std::string::npos) continue;
                        bool starts = at == 0 || word[at - 1] == ',';
                        bool ends = at + from.size() == word.size() || word[at + from.size()] == ',';
                        if (!starts || !ends) continue;
                        word.replace(at, from.size(), fmt::format("{}:65535", rpc_dynamic_lo));
                        return true;
                    }
                    return false;
                });
            }
            f.remediation.push_back("# unless Windows 2003/XP peers remain: RPC dynamic ports are 49152-65535");
            if (!line.empty())
                f.remediation.push_back(line);
            else
                f.remediation.push_back(
                    fmt::format("# narrow the tcp range {} of {} to 49152-65535", format_ports(e.ports), by));
            break;
        }
        case ExposureKind::mistaken_port: {
            f.check = "FW207";
            f.severity = Severity::note;
            std::string src = addresses_text(e.sources, e.packets.project(fam, src_dim), fam, both_families);
            f.message = fmt::format("commonly mistaken port: {} 440{} accepted by {} from {} to {}; Kerberos is 88 "
                                    "and 464, 440 was a documented mistake in AD CS firewall tables{}",
                                    e.proto ? protocol_name(e.proto) : std::string("tcp+udp"), from, by, src, dst, cond);
            bool only_440 = false;
            if (e.rule) {
                IntervalSet ported = IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp));
                Box b = Box::all(fam);
                b.dims[proto_dim] = ported;
                PacketSet ported_part = e.rule->match.intersect(PacketSet::of(fam, b));
                only_440 = !ported_part.empty() && ported_part.project(fam, dport_dim) == IntervalSet::single(440) &&
                           e.rule->match.is_subset_of(PacketSet::of(fam, b));
            }
            std::string line;
            if (e.rule && !only_440)
                line = replace_line(e, [](std::vector<std::string>& w) {
                    for (auto& word : w) {
                        std::vector<std::string> items;
                        std::string item;
                        std::istringstream in(word);
                        while (std::getline(in, item, ',')) items.push_back(item);
                        auto it = std::find(items.begin(), items.end(), "440");
                        if (items.size() < 2 || it == items.end()) continue;
                        items.erase(it);
                        word = fmt::format("{}", fmt::join(items, ","));
                        return true;
                    }
                    return false;
                });
            if (only_440)
                f.remediation.push_back(iptables_delete(fam, e.chain->name, rule_position(*e.chain, e.rule)));
            else if (!line.empty())
                f.remediation.push_back(line);
            else
                f.remediation.push_back(fmt::format("# remove port 440 from {}; Kerberos: 88, 464", by));
            break;
        }
    }
    for (const auto& c : e.only_if)
        if (c.rule != e.rule) f.related.push_back(RelatedLine{c.rule->loc.file, c.rule->loc.line});
    for (const auto& c : e.unless) f.related.push_back(RelatedLine{c.rule->loc.file, c.rule->loc.line});
    return f;
}

// Exposure fixes for inputs other than iptables: the same advice in the
// input's own syntax, or in words where no single command does it.
void fix_in_dialect(Finding& f, const Exposure& e, Dialect dialect, const Policy& policy) {
    if (dialect == Dialect::iptables || e.kind == ExposureKind::not_evaluated) return;
    if (!e.rule) {
        f.remediation = {fmt::format("# make the default of {} block, then allow by rule only the flows it needs",
                                     e.builtin->name)};
        return;
    }
    const std::string by = fmt::format("line {}", e.rule->loc.line);
    // Windows: the rule's own ports less `drop`, as netsh and PowerShell lines
    // (a rule has one protocol; no port left: delete it).
    auto windows_ports_without = [&](const IntervalSet& drop, unsigned proto) {
        Box b = Box::all(e.family);
        b.dims[proto_dim] = IntervalSet::single(proto);
        IntervalSet own = e.rule->match.intersect(PacketSet::of(e.family, b)).project(e.family, dport_dim);
        IntervalSet kept = own.subtract(drop);
        return kept.empty() ? windows_delete_rule(*e.rule)
                            : windows_narrow_ports(*e.rule, kept, policy.name != "outbound");
    };
    switch (e.kind) {
        case ExposureKind::rpc_range:
            f.remediation = {"# unless Windows 2003/XP peers remain: RPC dynamic ports are 49152-65535"};
            if (dialect == Dialect::windows)
                for (auto& line : windows_ports_without(e.excess, proto_tcp)) f.remediation.push_back(std::move(line));
            else
                f.remediation.push_back(
                    fmt::format("# narrow the tcp range {} of {} to 49152-65535", format_ports(e.ports), by));
            break;
        case ExposureKind::mistaken_port:
            if (dialect == Dialect::windows && e.proto)
                f.remediation = windows_ports_without(IntervalSet::single(mistaken_kerberos_port), e.proto);
            else
                f.remediation = {fmt::format("# remove port 440 from {}; Kerberos: 88, 464", by)};
            break;
        default:
            f.remediation = narrow_source_lines(dialect, policy, *e.chain, *e.rule);
            break;
    }
}

// FW201 / FW202 for Windows: no rule order, a block beats an allow.
void lint_windows(const ParsedInput& input, std::vector<Finding>& out) {
    auto chain_of = [&](const Rule* r) -> std::pair<const Policy*, const Chain*> {
        for (const Policy& p : input.policies)
            for (const Chain& c : p.chains)
                if (!c.rules.empty() && r >= &c.rules.front() && r <= &c.rules.back()) return {&p, &c};
        return {nullptr, nullptr};
    };
    auto lines_of = [](const std::vector<const Rule*>& rules) {
        std::vector<int> lines;
        for (const Rule* r : rules) lines.push_back(r->loc.line);
        return fmt::format("line{} {}", lines.size() == 1 ? "" : "s", fmt::join(lines, ", "));
    };
    auto profiles_of = [](const WindowsOverride& o) {
        return fmt::format("profile{} {}", o.profiles.size() == 1 ? "" : "s", fmt::join(o.profiles, ", "));
    };
    auto finding = [&](const WindowsOverride& o, const char* check, const char* kind, Severity sev) {
        Finding f;
        f.check = check;
        f.kind = kind;
        f.severity = sev;
        f.loc = o.loc;
        auto [policy, chain] = chain_of(o.rule);
        if (policy) f.remediation = remove_rule_lines(Dialect::windows, *policy, *chain, *o.rule);
        for (const Rule* r : o.by) f.related.push_back(RelatedLine{r->loc.file, r->loc.line});
        return f;
    };
    auto dead = find_overridden_allows(input);
    for (const auto& o : dead) {
        Finding f = finding(o, "FW201", "shadowed", Severity::warning);
        f.message = fmt::format("dead: this allow never admits anything in {}; block rule{} at {} take{} all of its "
                                "traffic, and on Windows a block beats an allow whatever the order - probably a bug",
                                profiles_of(o), o.by.size() == 1 ? "" : "s", lines_of(o.by),
                                o.by.size() == 1 ? "s" : "");
        out.push_back(std::move(f));
    }
    for (const auto& o : find_redundant_windows_rules(input, dead)) {
        Finding f = finding(o, "FW202", "lint", Severity::note);
        f.message = fmt::format("redundant: removing line {} changes nothing in {}; {} already {} all of its traffic",
                                o.loc.line, profiles_of(o), lines_of(o.by),
                                fmt::format("{}{}", o.rule->action == Action::drop ? "block" : "allow",
                                            o.by.size() == 1 ? "s" : ""));
        out.push_back(std::move(f));
    }
}

// A rule whose addresses, ports, programs and services its input does not
// show (a plain Get-NetFirewallRule listing; a PowerShell export without
// filters): the reader gives it the condition "filters: not in ...". Its
// exposure is what it would be without such filters, which the input cannot
// tell: a note that says so, not a warning (the file's own warning already
// says port checks are impossible).
void honest_about_missing_filters(const Rule& rule, Finding& f) {
    for (const auto& c : rule.conditions) {
        if (c.text.rfind("filters: ", 0) != 0) continue;
        const std::string missing = c.text.substr(9);
        replace_all(f.message, fmt::format(", only if {} (line {}) holds", c.name, rule.loc.line),
                    fmt::format(", if the rule has no address or port filters ({})", missing));
        replace_all(f.message, fmt::format("{} (line {})", c.name, rule.loc.line),
                    fmt::format("no address or port filters ({})", missing));
        f.message = "cannot be told from this input: " + f.message;
        f.severity = Severity::note;
        return;
    }
}

// FW203-FW207 on a Windows inbound policy: what each profile admits from
// anywhere. A rule in several profiles (and both families) is reported once,
// for the first profile where it is exposed.
void windows_exposures(const Policy& policy, const LintOptions& options, std::vector<Finding>& out) {
    std::vector<const Chain*> profiles;
    for (const Chain& chain : policy.chains) profiles.push_back(&chain);
    for (const Exposure& e : find_exposures(policy, profiles, options.max_open_ports)) {
        Finding f = exposure_finding(e, options.max_open_ports);
        fix_in_dialect(f, e, Dialect::windows, policy);
        const std::string profile = e.builtin->name;
        replace_all(f.message, fmt::format("in chain {}", profile), "in the " + profile + " profile");
        replace_all(f.message, fmt::format("the {} policy ACCEPT", profile), "the " + profile + " profile's default (allow)");
        if (e.rule) honest_about_missing_filters(*e.rule, f);
        bool seen = std::any_of(out.begin(), out.end(), [&](const Finding& o) {
            return o.check == f.check && o.loc == f.loc && o.kind == f.kind;
        });
        if (!seen) out.push_back(std::move(f));
    }
}

}  // namespace

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

namespace {

// Of iptables' tables only filter decides what is allowed; Windows policies
// are linted apart (windows_precedence).
bool first_match_linted(const Policy& policy, Dialect dialect) {
    return policy.order == EvaluationOrder::first_match && (dialect != Dialect::iptables || policy.name == "filter");
}

// FW203-FW207 of a first-match policy, from its entry chains: iptables' INPUT
// and FORWARD; an ACL: its one chain, ended by the implicit deny.
std::vector<Exposure> policy_exposure_list(Dialect dialect, const Policy& policy, const LintOptions& options) {
    std::vector<const Chain*> entries;
    for (const Chain& chain : policy.chains)
        if (dialect == Dialect::iptables ? chain.builtin && (chain.name == "INPUT" || chain.name == "FORWARD")
                                         : chain.policy.has_value())
            entries.push_back(&chain);
    return find_exposures(policy, entries, options.max_open_ports);
}

// `twin`: the other family's policy of the same ACL (an ASA list holding
// `any`, which is both families, is read as an IPv4 and an IPv6 policy).
// An entry found in both with the same finding but for the family's
// address count is reported once, for "any IPv4 and IPv6 address", as a
// Windows rule of both families is.
void policy_exposures(Dialect dialect, const Policy& policy, const Policy* twin, const LintOptions& options,
                      std::vector<Finding>& out) {
    auto finding = [&](const Exposure& e, const Policy& p, bool both) {
        Finding f = exposure_finding(e, options.max_open_ports, both);
        fix_in_dialect(f, e, dialect, p);
        return f;
    };
    if (dialect == Dialect::iptables) {
        // -i/-o as one packet's interfaces (lint_interfaces.hpp).
        for (const Chain& chain : policy.chains)
            if (chain.builtin && (chain.name == "INPUT" || chain.name == "FORWARD"))
                for (Finding& f : exposures_per_interface(policy, chain, options.max_open_ports,
                                                          [&](const Exposure& e) { return finding(e, policy, false); }))
                    out.push_back(std::move(f));
        return;
    }
    const std::vector<Exposure> mine = policy_exposure_list(dialect, policy, options);
    std::vector<Exposure> theirs;
    if (twin) theirs = policy_exposure_list(dialect, *twin, options);
    // The twin's findings by (line, check): a list of 50,000 entries has thousands.
    auto key = [](const Exposure& e) {
        return std::make_tuple(std::string(e.rule->loc.file), e.rule->loc.line, int(e.kind), e.proto);
    };
    std::multimap<std::tuple<std::string, int, int, unsigned>, std::size_t> by_line;
    for (std::size_t k = 0; k < theirs.size(); ++k)
        if (theirs[k].rule && theirs[k].kind != ExposureKind::not_evaluated) by_line.emplace(key(theirs[k]), k);
    std::vector<bool> merged(theirs.size(), false);
    for (const Exposure& e : mine) {
        Finding f = finding(e, policy, false);
        if (e.rule && e.kind != ExposureKind::not_evaluated) {
            auto [lo, hi] = by_line.equal_range(key(e));
            for (auto it = lo; it != hi; ++it) {
                if (merged[it->second]) continue;
                Finding a = finding(e, policy, true), b = finding(theirs[it->second], *twin, true);
                if (a.message != b.message || a.remediation != b.remediation || a.related != b.related) continue;
                f = std::move(a);
                merged[it->second] = true;
                break;
            }
        }
        out.push_back(std::move(f));
    }
    for (std::size_t k = 0; k < theirs.size(); ++k)
        if (!merged[k]) out.push_back(finding(theirs[k], *twin, false));
}

// The other family's policy of the same name (Cisco lists only).
const Policy* twin_of(const ParsedInput& input, const Policy& policy) {
    for (const Policy& p : input.policies)
        if (&p != &policy && p.name == policy.name && p.family != policy.family && p.order == policy.order) return &p;
    return nullptr;
}

}  // namespace

LintPieces::LintPieces(const ParsedInput& input, const LintOptions& options)
    : input_(input), options_(options), acls_(is_acl_device(input)) {
    std::size_t total = 0;
    for (const Policy& policy : input.policies) {
        if (policy.order == EvaluationOrder::windows_precedence) windows_ = true;
        for (const Chain& chain : policy.chains) total += chain.rules.size();
    }
    // A Windows exposure is reported once over the policies, against the
    // findings before it: Windows inputs (small) stay one piece.
    if (windows_) {
        pieces_.push_back({Kind::everything, nullptr, nullptr, total});
        return;
    }
    for (const Policy& policy : input.policies) {
        if (!first_match_linted(policy, dialect_of(input.format, policy))) continue;
        std::size_t rules = 0;
        for (const Chain& chain : policy.chains) {
            pieces_.push_back({Kind::chain, &policy, &chain, chain.rules.size()});
            rules += chain.rules.size();
        }
        // An ACL's IPv4 and IPv6 policies: one piece, the first one's.
        const Policy* twin = acls_ ? twin_of(input, policy) : nullptr;
        if (twin && twin < &policy) continue;
        if (twin)
            for (const Chain& chain : twin->chains) rules += chain.rules.size();
        pieces_.push_back({Kind::exposures, &policy, nullptr, rules, twin});
    }
}

void LintPieces::run(std::size_t i, std::vector<Finding>& out) const {
    const Piece& piece = pieces_[i];
    if (piece.kind == Kind::chain)
        return lint_chain(dialect_of(input_.format, *piece.policy), *piece.policy, *piece.chain, out);
    if (piece.kind == Kind::exposures)
        return policy_exposures(dialect_of(input_.format, *piece.policy), *piece.policy, piece.twin, options_, out);
    for (const Policy& policy : input_.policies) {
        const Dialect dialect = dialect_of(input_.format, policy);
        if (policy.order == EvaluationOrder::windows_precedence) {
            if (policy.name == "inbound") windows_exposures(policy, options_, out);
            continue;
        }
        if (!first_match_linted(policy, dialect)) continue;
        for (const Chain& chain : policy.chains) lint_chain(dialect, policy, chain, out);
        policy_exposures(dialect, policy, nullptr, options_, out);
    }
}

void LintPieces::finish(std::vector<Finding>& findings) const {
    if (windows_) lint_windows(input_, findings);
    if (acls_) lint_cisco(input_, findings);  // FW401, FW403; Cisco wording and fixes for FW201/FW202
}

std::vector<Finding> lint_policy(const ParsedInput& input, const LintOptions& options) {
    LintPieces pieces(input, options);
    std::vector<Finding> out;
    for (std::size_t i = 0; i < pieces.size(); ++i) pieces.run(i, out);
    pieces.finish(out);
    return out;
}

}  // namespace fwlint
