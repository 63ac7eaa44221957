#include "analyze/interfaces.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fwlint {

namespace {

constexpr std::string_view in_word = "in-interface ";
constexpr std::string_view out_word = "out-interface ";

bool is_wildcard(std::string_view name) { return !name.empty() && name.back() == '+'; }

// iptables: "eth+" matches every name that starts with "eth".
bool name_matches(std::string_view pattern, std::string_view value) {
    if (value.empty()) return false;  // an interface no rule names matches no pattern
    if (!is_wildcard(pattern)) return pattern == value;
    std::string_view prefix = pattern.substr(0, pattern.size() - 1);
    // A wildcard value stands for the names it matches that no rule names
    // exactly: they all start with its prefix.
    std::string_view v = is_wildcard(value) ? value.substr(0, value.size() - 1) : value;
    return v.substr(0, prefix.size()) == prefix;
}

void add_unique(std::vector<std::string>& to, const std::string& v) {
    if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

std::string value_name(const std::string& v) {
    if (v.empty()) return "an interface no rule names";
    if (is_wildcard(v)) return fmt::format("another {}* interface", v.substr(0, v.size() - 1));
    return v;
}

// "eth0, eth1 or an interface no rule names"
std::string either(const std::vector<std::string>& values) {
    std::vector<std::string> names;
    for (const auto& v : values) names.push_back(value_name(v));
    if (names.size() == 1) return names.front();
    std::string last = names.back();
    names.pop_back();
    return fmt::format("{} or {}", fmt::join(names, ", "), last);
}

// The values of `domain` whose assignments with `fixed` are all in `which`,
// per fixed value of the other axis.
struct AxisText {
    std::vector<std::string> phrases;
};

AxisText by_axis(const std::vector<std::string>& firsts, const std::vector<std::string>& seconds,
                 const std::vector<InterfaceAssignment>& which, bool first_is_in, bool base_form) {
    AxisText out;
    const char* enters = base_form ? "enter on" : "enters on";
    const char* leaves = base_form ? "leave on" : "leaves on";
    const char* first_verb = first_is_in ? enters : leaves;
    const char* second_verb = first_is_in ? leaves : enters;
    for (const auto& f : firsts) {
        std::vector<std::string> yes, no;
        for (const auto& s : seconds) {
            InterfaceAssignment a = first_is_in ? InterfaceAssignment{f, s} : InterfaceAssignment{s, f};
            (std::find(which.begin(), which.end(), a) != which.end() ? yes : no).push_back(s);
        }
        if (yes.empty()) continue;
        if (no.empty() || seconds.size() == 1)
            out.phrases.push_back(fmt::format("{} {}", first_verb, value_name(f)));
        else if (yes.size() > no.size() && std::find(no.begin(), no.end(), "") == no.end())
            out.phrases.push_back(fmt::format("{} {} and {} any interface but {}", first_verb, value_name(f),
                                              second_verb, either(no)));
        else
            out.phrases.push_back(fmt::format("{} {} and {} {}", first_verb, value_name(f), second_verb, either(yes)));
    }
    return out;
}

}  // namespace

std::optional<InterfaceMatch> interface_match(const Condition& c) {
    if (c.loopback_only) return std::nullopt;
    std::string_view n = c.name;
    InterfaceMatch m;
    if (n.substr(0, 4) == "not ") {
        m.negated = true;
        n.remove_prefix(4);
    }
    if (n.substr(0, in_word.size()) == in_word) {
        n.remove_prefix(in_word.size());
    } else if (n.substr(0, out_word.size()) == out_word) {
        m.out = true;
        n.remove_prefix(out_word.size());
    } else {
        return std::nullopt;
    }
    // The iptables reader writes "-i NAME"/"-o NAME" this way (iptables_matches.cpp);
    // make sure the condition is that and not another reader's look-alike.
    std::string_view t = c.text;
    if (t.find(m.out ? "-o" : "-i") == std::string_view::npos &&
        t.find(m.out ? "--out-interface" : "--in-interface") == std::string_view::npos)
        return std::nullopt;
    if (n.empty() || n.find(' ') != std::string_view::npos) return std::nullopt;
    m.name = std::string(n);
    return m;
}

bool interface_holds(const InterfaceMatch& m, const InterfaceAssignment& a) {
    bool match = name_matches(m.name, m.out ? a.out : a.in);
    return m.negated ? !match : match;
}

bool interface_excludes(const Rule& rule, const InterfaceAssignment& a) {
    for (const auto& c : rule.conditions)
        if (auto m = interface_match(c); m && !interface_holds(*m, a)) return true;
    return false;
}

bool has_open_conditions(const Rule& rule) {
    return std::any_of(rule.conditions.begin(), rule.conditions.end(),
                       [](const Condition& c) { return !interface_match(c); });
}

namespace {

// Whether interface_match(c) can hold, from the name's first words alone and
// without building the match: collect_names asks it of every condition of
// every reachable rule, once per audited flow (200,000-rule file: the -m mark
// and -m limit conditions of tens of thousands of rules, nine times).
bool names_an_interface(const Condition& c) {
    std::string_view n = c.name;
    if (n.starts_with("not ")) n.remove_prefix(4);
    return !c.loopback_only && (n.starts_with(in_word) || n.starts_with(out_word));
}

void collect_names(const Policy& policy, std::string_view chain, const PacketSet& query, std::vector<std::string>& ins,
                   std::vector<std::string>& outs) {
    const Chain* start = policy.find_chain(chain);
    if (!start || policy.order != EvaluationOrder::first_match) return;
    for (const Chain* c : policy.reachable_from(*start))
        for (const Rule& r : c->rules) {
            if (!r.enabled || r.conditions.empty()) continue;
            bool any = false;
            for (const auto& cond : r.conditions) any = any || (names_an_interface(cond) && interface_match(cond));
            if (!any || !r.match.intersects(query)) continue;
            for (const auto& cond : r.conditions)
                if (auto m = interface_match(cond)) add_unique(m->out ? outs : ins, m->name);
        }
}

std::optional<std::vector<InterfaceAssignment>> combine(std::vector<std::string> ins, std::vector<std::string> outs,
                                                        std::size_t limit) {
    std::sort(ins.begin(), ins.end());
    std::sort(outs.begin(), outs.end());
    ins.insert(ins.begin(), "");
    outs.insert(outs.begin(), "");
    if (ins.size() * outs.size() > limit) return std::nullopt;
    std::vector<InterfaceAssignment> out;
    for (const auto& i : ins)
        for (const auto& o : outs) out.push_back({i, o});
    return out;
}

}  // namespace

std::optional<std::vector<InterfaceAssignment>> interface_assignments(const Policy& policy, std::string_view chain,
                                                                      const PacketSet& query, std::size_t limit) {
    std::vector<std::string> ins, outs;
    collect_names(policy, chain, query, ins, outs);
    return combine(std::move(ins), std::move(outs), limit);
}

std::optional<std::vector<InterfaceAssignment>> chain_interface_assignments(const Chain& chain, std::size_t limit) {
    std::vector<std::string> ins, outs;
    for (const Rule& r : chain.rules) {
        if (!r.enabled) continue;
        for (const auto& cond : r.conditions)
            if (auto m = interface_match(cond)) add_unique(m->out ? outs : ins, m->name);
    }
    return combine(std::move(ins), std::move(outs), limit);
}

std::optional<std::vector<InterfaceAssignment>> interface_assignments(
    const std::vector<std::pair<const Policy*, std::string>>& chains, const PacketSet& query, std::size_t limit) {
    std::vector<std::string> ins, outs;
    for (const auto& [policy, chain] : chains) collect_names(*policy, chain, query, ins, outs);
    return combine(std::move(ins), std::move(outs), limit);
}

Policy specialize_interfaces(const Policy& policy, const InterfaceAssignment& a) {
    Policy out = policy;
    for (Chain& c : out.chains) {
        std::erase_if(c.rules, [&](const Rule& r) { return interface_excludes(r, a); });
        for (Rule& r : c.rules)
            std::erase_if(r.conditions, [](const Condition& cond) { return interface_match(cond).has_value(); });
    }
    return out;
}

std::vector<std::string> describe_assignments(const std::vector<InterfaceAssignment>& all,
                                              const std::vector<InterfaceAssignment>& which, bool base_form) {
    std::vector<std::string> ins, outs;
    for (const auto& a : all) {
        add_unique(ins, a.in);
        add_unique(outs, a.out);
    }
    if (ins.size() == 1 && outs.size() == 1) return {};
    AxisText by_in = by_axis(ins, outs, which, true, base_form);
    AxisText by_out = by_axis(outs, ins, which, false, base_form);
    if (outs.size() == 1) return by_in.phrases;
    if (ins.size() == 1) return by_out.phrases;
    return by_out.phrases.size() < by_in.phrases.size() ? by_out.phrases : by_in.phrases;
}

std::vector<InterfaceAssignment> InterfaceWalks::assignments() const {
    std::vector<InterfaceAssignment> out;
    for (const auto& w : walks) out.push_back(w.interfaces);
    return out;
}

InterfaceWalks evaluate_per_interface(const Policy& policy, std::string_view chain, const PacketSet& query) {
    InterfaceWalks out;
    auto assignments = interface_assignments(policy, chain, query);
    auto walk = [&](const InterfaceAssignment* a) {
        AssignedWalk w;
        if (a) w.interfaces = *a;
        w.strict = evaluate_chain(policy, chain, query, ConditionMode::strict, a);
        w.lenient = w.strict.conditions_met ? evaluate_chain(policy, chain, query, ConditionMode::lenient, a) : w.strict;
        out.walks.push_back(std::move(w));
    };
    if (!assignments) {
        out.independent = true;
        walk(nullptr);
    } else if (assignments->size() == 1) {
        walk(nullptr);  // no rule names an interface: the plain walk
    } else {
        for (const auto& a : *assignments) walk(&a);
    }
    return out;
}

}  // namespace fwlint
