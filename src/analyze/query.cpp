#include "analyze/query.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fwlint {

LineRef line_of(const Rule& rule) {
    std::string text(rule.text);
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return LineRef{rule.loc.file, rule.loc.line, rule.chain, std::move(text), false};
}

LineRef policy_line(const Chain& chain) {
    const char* name = !chain.policy ? "-" : *chain.policy == Action::accept ? "ACCEPT" : "DROP";
    return LineRef{chain.loc.file, chain.loc.line, chain.name, fmt::format(":{} {}", chain.name, name), true};
}

LineRef line_of(const Decision& d) {
    if (d.rule) {
        LineRef r = line_of(*d.rule);
        if (d.chain) r.chain = d.chain->name;
        return r;
    }
    return policy_line(*d.chain);
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

std::vector<std::string> conditions_on(const std::vector<const Evaluation*>& evals, const PacketSet& part) {
    std::vector<std::string> names;
    auto add = [&](const Rule* r) {
        if (!r) return;
        for (const auto& c : r->conditions) {
            if (c.loopback_only) continue;
            std::string n = fmt::format("{} (line {})", c.name, r->loc.line);
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
    parts.push_back(QueryPart{packets, verdict, line, {}});
}

}  // namespace

std::optional<QueryResult> query_flow(const Policy& policy, std::string_view chain, const PacketSet& flow) {
    if (!policy.find_chain(chain)) return std::nullopt;
    QueryResult out;
    out.chain = std::string(chain);
    out.family = policy.family;
    out.flow = flow.intersect(PacketSet::all(policy.family));
    const PacketSet& q = out.flow;

    Evaluation strict = evaluate_chain(policy, chain, q, ConditionMode::strict);
    Evaluation lenient = strict.conditions_met ? evaluate_chain(policy, chain, q, ConditionMode::lenient) : strict;
    // Accepted in both modes: whatever the conditions. In one mode only: it
    // depends on them (a conditional jump into a chain that drops can make
    // strict accept what lenient does not, so both directions count).
    PacketSet s_acc = strict.accepted.intersect(q), l_acc = lenient.accepted.intersect(q);
    out.allowed = s_acc.intersect(l_acc);
    PacketSet possible = s_acc.unite(l_acc);
    out.conditional = possible.subtract(out.allowed);
    out.denied = q.subtract(possible);

    std::vector<QueryPart> allowed, conditional, denied;
    for (const auto& d : strict.decisions)
        if (d.verdict == Verdict::accept) add_part(allowed, line_of(d), FlowVerdict::allowed, d.packets.intersect(out.allowed));
    if (!out.conditional.empty())
        for (const Evaluation* e : {&lenient, &strict})
            for (const auto& d : e->decisions)
                if (d.verdict == Verdict::accept)
                    add_part(conditional, line_of(d), FlowVerdict::conditional, d.packets.intersect(out.conditional));
    for (const Evaluation* e : {&lenient, &strict})
        for (const auto& d : e->decisions)
            if (d.verdict != Verdict::accept) {
                FlowVerdict v = d.verdict == Verdict::deny ? FlowVerdict::denied : FlowVerdict::unknown;
                // Each denied packet is told once: by the lenient walk, then what only strict decided.
                PacketSet mine = d.packets.intersect(out.denied);
                for (const auto& p : denied) mine = mine.subtract(p.packets);
                add_part(denied, line_of(d), v, mine);
            }
    for (auto& p : conditional) p.conditions = conditions_on({&lenient, &strict}, p.packets);
    for (auto* group : {&allowed, &conditional, &denied})
        for (auto& p : *group) {
            p.packets.compact();
            out.parts.push_back(std::move(p));
        }

    for (const Evaluation* e : {&lenient, &strict})
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
