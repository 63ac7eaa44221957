#include "analyze/query.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/audit_windows.hpp"
#include "analyze/evaluate_windows.hpp"
#include "analyze/conditional_text.hpp"
#include "analyze/interfaces.hpp"

namespace fwlint {

LineRef line_of(const Rule& rule) {
    std::string text(rule.text);
    text.erase(0, std::min(text.size(), text.find_first_not_of(" \t")));
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return LineRef{rule.loc.file, rule.loc.line, rule.chain, std::move(text), false, {}, {}};
}

LineRef policy_line(const Chain& chain) {
    const char* name = !chain.policy ? "-" : *chain.policy == Action::accept ? "ACCEPT" : "DROP";
    return LineRef{chain.loc.file, chain.loc.line, chain.name, fmt::format(":{} {}", chain.name, name), true, {}, {}};
}

LineRef line_of(const Decision& d) {
    if (d.rule) {
        LineRef r = line_of(*d.rule);
        if (d.chain) r.chain = d.chain->name;
        return r;
    }
    return policy_line(*d.chain);
}

namespace {

// The first line of a rule's text, for rules written over several lines (a
// netsh `show rule` block, a PowerShell object); "" when it says nothing.
std::string first_line(std::string text) {
    auto nl = text.find('\n');
    if (nl != std::string::npos) text.resize(nl);
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.size() > 200) text = text.substr(0, 200) + "...";
    return text.size() < 3 ? std::string() : text;
}

std::string windows_rule_label(const Rule& r) {
    const char* kind = r.action != Action::accept ? "block" : r.target == "Bypass" ? "bypass" : "allow";
    std::string scope = windows_scope_text(r);
    // An indirect name ("@firewallapi.dll,-28502") is resolved on the host only: the ID reads better.
    bool indirect = r.display_name.empty() || r.display_name[0] == '@';
    std::string name = !indirect ? r.display_name : !r.rule_id.empty() ? r.rule_id : r.display_name;
    return fmt::format("{} rule '{}'{}{}{}", kind, name.empty() ? std::string("(no name)") : name,
                       scope.empty() ? "" : " (", scope, scope.empty() ? "" : ")");
}

}  // namespace

LineRef decision_line(const Policy& policy, const Decision& d) {
    LineRef l = line_of(d);
    if (policy.order == EvaluationOrder::windows_precedence) {
        if (d.rule) {
            l.text = first_line(l.text);
            l.label = windows_rule_label(*d.rule);
            l.rule_id = d.rule->rule_id;
        } else {
            l.text = fmt::format("{} profile default {}", d.chain->name, d.verdict == Verdict::accept ? "Allow" : "Block");
            l.label = fmt::format("the {} profile's default {} action {}{}", d.chain->name, policy.name,
                                  d.verdict == Verdict::accept ? "Allow" : "Block",
                                  d.chain->loc.line > 0 ? "" : " (assumed: the input does not state it)");
        }
    } else if (!policy.syntax.empty() && !d.rule) {
        l.text = "implicit deny";
        l.label = fmt::format("the implicit deny at the end of ACL {}", d.chain->name);
    }
    return l;
}

const char* flow_verdict_name(FlowVerdict v) {
    switch (v) {
        case FlowVerdict::allowed: return "allowed";
        case FlowVerdict::conditional: return "conditional";
        case FlowVerdict::denied: return "denied";
        case FlowVerdict::unknown: return "unknown";
    }
    return "denied";
}

std::vector<std::string> conditions_on(const std::vector<const Evaluation*>& evals, const PacketSet& part,
                                       bool name_files, bool skip_interfaces) {
    std::vector<std::string> names;
    auto add = [&](const Rule* r) {
        if (!r) return;
        for (const auto& c : r->conditions) {
            if (c.loopback_only || (skip_interfaces && interface_match(c))) continue;
            std::string n = name_files ? fmt::format("{} ({}:{})", c.name, r->loc.file, r->loc.line)
                                       : fmt::format("{} (line {})", c.name, r->loc.line);
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
    };
    for (const Evaluation* e : evals) {
        for (const auto& d : e->decisions)
            if (d.rule && !d.rule->conditions.empty() && d.packets.intersects(part)) add(d.rule);
        for (const auto& j : e->jumps)
            if (!j.rule->conditions.empty() && j.packets.intersects(part)) add(j.rule);
    }
    return names;
}

namespace {

// Adds `packets` to the part decided by `line` with `verdict`, or makes one.
void add_part(std::vector<QueryPart>& parts, const LineRef& line, FlowVerdict verdict, const PacketSet& packets) {
    if (packets.empty()) return;
    for (auto& p : parts)
        if (p.verdict == verdict && p.line == line) {
            p.packets = p.packets.unite(packets);
            return;
        }
    QueryPart p;
    p.packets = packets;
    p.verdict = verdict;
    p.line = line;
    parts.push_back(std::move(p));
}

// The rule `line` names in `chain`, or null (a policy line, another chain).
const Rule* rule_at(const Chain& chain, const LineRef& line) {
    if (line.policy || line.chain != chain.name) return nullptr;
    for (const Rule& r : chain.rules)
        if (r.loc.line == line.line && r.loc.file == line.file) return &r;
    return nullptr;
}

// What a reader of the answer asks next: first match, which lines did the
// part pass; Windows, which other rules match it and which it overrides.
void explain_part(const Policy& policy, const Chain& entry, QueryPart& p) {
    if (policy.order == EvaluationOrder::first_match) {
        const Chain* chain = p.line.policy ? &entry : policy.find_chain(p.line.chain);
        if (!chain) return;
        const Rule* decider = rule_at(*chain, p.line);
        for (const Rule& r : chain->rules) {
            if (&r == decider || (decider && r.loc.line == decider->loc.line && r.loc.file == decider->loc.file)) break;
            // One line read as several rules (an object group, a split list) is passed once.
            if (!r.enabled || (p.passed_count > 0 && r.loc.line == p.passed_last_line)) continue;
            if (p.passed_lines.size() < max_passed_lines) p.passed_lines.push_back(r.loc.line);
            ++p.passed_count;
            p.passed_last_line = r.loc.line;
        }
        return;
    }
    const Rule* decider = rule_at(entry, p.line);
    int cls = decider ? windows_precedence_class(*decider) : 3;
    auto add = [&](std::vector<LineRef>& to, const Rule& r) {
        if (to.size() >= 20) return;
        Decision d{&r, &entry, r.action == Action::accept ? Verdict::accept : Verdict::deny, {}};
        LineRef l = decision_line(policy, d);
        // One rule read as several (a list of addresses and keywords): the same line.
        if (l == p.line) return;
        if (std::find(to.begin(), to.end(), l) == to.end()) to.push_back(std::move(l));
    };
    for (const Rule& r : entry.rules) {
        if (&r == decider || !r.new_flows || !r.match.intersects(p.packets)) continue;
        if (!r.enabled) {
            if (p.verdict != FlowVerdict::allowed && r.action == Action::accept) add(p.disabled, r);
            continue;
        }
        int c = windows_precedence_class(r);
        if (c == cls) add(p.also, r);
        else if (c > cls) add(p.overrides, r);
    }
}

}  // namespace

std::optional<QueryResult> query_flow(const Policy& policy, std::string_view chain, const PacketSet& flow) {
    if (!policy.find_chain(chain)) return std::nullopt;
    QueryResult out;
    out.chain = std::string(chain);
    out.family = policy.family;
    out.flow = flow.intersect(PacketSet::all(policy.family));
    const PacketSet& q = out.flow;

    // Once per interface assignment when rules name interfaces (a packet
    // enters and leaves on one interface each: analyze/interfaces.hpp), in
    // both modes. Accepted in every walk: whatever the interfaces and
    // conditions. In some only: it depends on them (a conditional jump into a
    // chain that drops can make strict accept what lenient does not, so both
    // directions count).
    InterfaceWalks walks = evaluate_per_interface(policy, chain, q);
    out.allowed = surely_accepted(walks, q);
    PacketSet possible = possibly_accepted(walks, q);
    out.conditional = possible.subtract(out.allowed);
    out.denied = q.subtract(possible);

    std::vector<QueryPart> allowed, conditional, denied;
    for (const auto& w : walks.walks)
        for (const auto& d : w.strict.decisions)
            if (d.verdict == Verdict::accept) add_part(allowed, decision_line(policy, d), FlowVerdict::allowed, d.packets.intersect(out.allowed));
    if (!out.conditional.empty())
        for (const auto& w : walks.walks)
            for (const Evaluation* e : {&w.lenient, &w.strict})
                for (const auto& d : e->decisions)
                    if (d.verdict == Verdict::accept)
                        add_part(conditional, decision_line(policy, d), FlowVerdict::conditional, d.packets.intersect(out.conditional));
    for (const auto& w : walks.walks)
        for (const Evaluation* e : {&w.lenient, &w.strict})
            for (const auto& d : e->decisions)
                if (d.verdict != Verdict::accept) {
                    FlowVerdict v = d.verdict == Verdict::deny ? FlowVerdict::denied : FlowVerdict::unknown;
                    // Each denied packet is told once: by the first walk that decided it.
                    PacketSet mine = d.packets.intersect(out.denied);
                    for (const auto& p : denied) mine = mine.subtract(p.packets);
                    add_part(denied, decision_line(policy, d), v, mine);
                }
    std::vector<const Evaluation*> evals;
    for (const auto& w : walks.walks) {
        evals.push_back(&w.lenient);
        evals.push_back(&w.strict);
    }
    for (auto& p : conditional) {
        p.conditions = conditions_on(evals, p.packets, false, !walks.independent);
        p.depends_on = allowed_only_if(policy, chain, walks, p.packets).text;
    }
    const Chain* entry = policy.find_chain(chain);
    for (auto* group : {&allowed, &conditional, &denied})
        for (auto& p : *group) explain_part(policy, *entry, p);
    for (auto* group : {&allowed, &conditional, &denied})
        for (auto& p : *group) {
            p.packets.compact();
            out.parts.push_back(std::move(p));
        }

    for (const Evaluation* e : evals)
        for (const auto& j : e->jumps) {
            LineRef l = line_of(*j.rule);
            l.chain = j.chain->name;
            if (std::find(out.path.begin(), out.path.end(), l) == out.path.end()) out.path.push_back(l);
        }

    if (out.allowed == q && !q.empty())
        out.verdict = "allowed";
    else if (possible.empty())
        out.verdict = "denied";
    else if (out.denied.empty())
        out.verdict = "conditional";
    else
        out.verdict = "partial";
    out.allowed.compact();
    out.conditional.compact();
    out.denied.compact();
    return out;
}

}  // namespace fwlint
