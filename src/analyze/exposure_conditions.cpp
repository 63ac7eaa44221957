// The unmodelled conditions a finding depends on: those of its rule and of
// the jumps that lead to it (only if), and those of the drops and returns
// the lenient walk skipped (unless).
#include "analyze/exposure_chain.hpp"

namespace fwlint::exposure_detail {

void ChainExposure::conditions(Exposure& e) {
    // A Windows program or service scope narrows the rule to one process,
    // not the packets: the rule surely accepts them, but for that process
    // only, which the finding names.
    if (e.rule)
        for (const auto& c : e.rule->conditions)
            if (c.scope_only) e.only_if.push_back(ConditionRef{e.rule, &c});
    PacketSet maybe = maybe_part(e.packets);
    // Windows, no order: a conditional rule accepts all of its part only
    // if its condition holds, even where a program's allow also takes it.
    if (policy_.order != EvaluationOrder::first_match && e.rule && conditional(*e.rule)) maybe = e.packets;
    if (maybe.empty()) return;
    auto add = [&e](std::vector<ConditionRef>& v, const Rule* r) {
        for (const auto& c : r->conditions)
            if (!c.loopback_only && !(c.scope_only && r == e.rule)) v.push_back(ConditionRef{r, &c});
    };
    if (e.rule) add(e.only_if, e.rule);
    // Conditional rules on the walk from the built-in chain that meet the
    // uncertain part: jumps lead there only if they hold, drops and
    // returns were assumed not to hold.
    std::vector<const Chain*> todo{&builtin_}, seen;
    while (!todo.empty()) {
        const Chain* c = todo.back();
        todo.pop_back();
        if (!c || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
        seen.push_back(c);
        // In a chain that leads to the rule's, what comes after its last jump
        // there is evaluated after the rule on every path to it: such a
        // rule can make no exception (a drop in KUBE-FIREWALL, jumped to
        // after the chain that accepts).
        const Rule* last_path = nullptr;
        if (e.rule && c != e.chain && leads_to(c, e.chain))
            for (const Rule* rp : watched(*c))
                if ((rp->action == Action::jump || rp->action == Action::go_to) &&
                    leads_to(policy_.find_chain(rp->target), e.chain))
                    last_path = rp;
        for (const Rule* rp : watched(*c)) {
            const Rule& r = *rp;
            if (&r == e.rule || (c == e.chain && e.rule && &r > e.rule)) break;
            if (last_path && rp > last_path) break;
            if (!r.enabled || !r.new_flows || !r.match.intersects(maybe)) continue;
            // Only the chains the uncertain packets can enter.
            bool jumps = r.action == Action::jump || r.action == Action::go_to;
            if (jumps) todo.push_back(policy_.find_chain(r.target));
            if (r.conditions.empty()) continue;
            if (jumps) {
                if (e.chain != c && leads_to(policy_.find_chain(r.target), e.chain)) add(e.only_if, &r);
            } else if (r.action != Action::accept && r.action != Action::log && r.action != Action::none) {
                add(e.unless, &r);
            }
        }
    }
}

const std::vector<const Rule*>& ChainExposure::watched(const Chain& c) {
    for (const auto& [chain, rules] : watched_)
        if (chain == &c) return rules;
    std::vector<const Rule*> rules;
    for (const Rule& r : c.rules)
        if (r.action == Action::jump || r.action == Action::go_to || !r.conditions.empty()) rules.push_back(&r);
    watched_.emplace_back(&c, std::move(rules));
    return watched_.back().second;
}

bool ChainExposure::leads_to(const Chain* from, const Chain* to) {
    if (!from) return false;
    for (const auto& [a, b, yes] : leads_)
        if (a == from && b == to) return yes;
    auto chains = policy_.reachable_from(*from);
    bool yes = std::find(chains.begin(), chains.end(), to) != chains.end();
    leads_.emplace_back(from, to, yes);
    return yes;
}

}  // namespace fwlint::exposure_detail
