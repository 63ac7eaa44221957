#include "analyze/condition_clause.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "analyze/interfaces.hpp"

namespace fwlint {

namespace {

std::vector<std::string> names_of(const Rule& r, bool skip_interfaces) {
    std::vector<std::string> out;
    for (const auto& c : r.conditions) {
        if (c.loopback_only || (skip_interfaces && interface_match(c))) continue;
        if (std::find(out.begin(), out.end(), c.name) == out.end()) out.push_back(c.name);
    }
    return out;
}

std::string where(const Rule& r, bool name_files) {
    return name_files ? fmt::format("on {}:{}", r.loc.file, r.loc.line) : fmt::format("on line {}", r.loc.line);
}

// "A holds", "A and B hold"; for a drop "A does not hold", "A and B do not both hold".
std::string predicate(const std::vector<std::string>& names, bool admits) {
    std::string list = fmt::format("{}", fmt::join(names, " and "));
    if (admits) return list + (names.size() == 1 ? " holds" : " hold");
    if (names.size() == 1) return list + " does not hold";
    return list + (names.size() == 2 ? " do not both hold" : " do not all hold");
}

// The order a first-match walk of `chain` meets each rule (jumps followed
// where they are; a chain once).
void walk_order(const Policy& policy, const Chain& chain, std::map<const Rule*, std::size_t>& order,
                std::vector<const Chain*>& seen) {
    if (std::find(seen.begin(), seen.end(), &chain) != seen.end()) return;
    seen.push_back(&chain);
    for (const Rule& r : chain.rules) {
        order.emplace(&r, order.size());
        if (r.action == Action::jump || r.action == Action::go_to)
            if (const Chain* t = policy.find_chain(r.target)) walk_order(policy, *t, order, seen);
    }
}

}  // namespace

std::string condition_clause(const std::vector<ConditionStep>& steps, bool final_accept, bool name_files,
                             bool skip_interfaces) {
    // First match: the flow is accepted by the first admitting step whose
    // conditions hold, provided no drop before it held; or, with a final
    // accept, when no drop held at all.
    std::vector<std::string> alternatives, drops_so_far;
    for (const auto& s : steps) {
        auto names = names_of(*s.rule, skip_interfaces);
        if (names.empty()) continue;
        std::string text = fmt::format("{}, {}", where(*s.rule, name_files), predicate(names, s.admits));
        if (std::find(drops_so_far.begin(), drops_so_far.end(), text) != drops_so_far.end()) continue;
        if (!s.admits) {
            drops_so_far.push_back(text);
            continue;
        }
        std::string alt = text;
        for (const auto& d : drops_so_far) alt += ", and, " + d;
        if (std::find(alternatives.begin(), alternatives.end(), alt) == alternatives.end())
            alternatives.push_back(alt);
    }
    if (final_accept && !drops_so_far.empty())
        alternatives.push_back(fmt::format("{}", fmt::join(drops_so_far, ", and, ")));
    return fmt::format("{}", fmt::join(alternatives, ", or, "));
}

std::vector<ConditionStep> condition_steps(const Policy& policy, std::string_view chain,
                                           const std::vector<const Evaluation*>& evals, const PacketSet& part,
                                           bool skip_interfaces, bool* final_accept) {
    std::vector<ConditionStep> steps;
    if (final_accept) *final_accept = false;
    auto add = [&](const Rule* r, bool admits) {
        if (!r || names_of(*r, skip_interfaces).empty()) return;
        for (const auto& s : steps)
            if (s.rule == r) return;
        steps.push_back({r, admits});
    };
    for (const Evaluation* e : evals) {
        // A conditional jump counts where something it led to accepted (one
        // that only came back decided nothing), and what an unconditional
        // accept takes inside it is that jump's alternative, not a final one.
        PacketSet through_jumps;
        for (const auto& j : e->jumps) {
            if (!j.packets.intersects(part) || names_of(*j.rule, skip_interfaces).empty()) continue;
            PacketSet mine = j.packets.intersect(part);
            through_jumps = through_jumps.unite(mine);
            bool led = std::any_of(e->decisions.begin(), e->decisions.end(), [&](const Decision& d) {
                return d.verdict == Verdict::accept && d.chain != j.chain && d.packets.intersects(mine);
            });
            if (led) add(j.rule, true);
        }
        for (const auto& d : e->decisions) {
            if (!d.packets.intersects(part)) continue;
            bool open = d.rule && !names_of(*d.rule, skip_interfaces).empty();
            if (open) add(d.rule, d.verdict == Verdict::accept);
            else if (final_accept && d.verdict == Verdict::accept &&
                     !d.packets.intersect(part).subtract(through_jumps).empty())
                *final_accept = true;
        }
    }
    std::map<const Rule*, std::size_t> order;
    std::vector<const Chain*> seen;
    if (const Chain* start = policy.find_chain(chain); start && steps.size() > 1)
        walk_order(policy, *start, order, seen);
    auto pos = [&](const Rule* r) {
        auto it = order.find(r);
        return it == order.end() ? order.size() + std::size_t(r->loc.line) : it->second;
    };
    std::stable_sort(steps.begin(), steps.end(),
                     [&](const ConditionStep& a, const ConditionStep& b) { return pos(a.rule) < pos(b.rule); });
    // Windows: a block beats every allow whatever the order, so each allow
    // needs every block's conditions not to hold: blocks first.
    if (policy.order == EvaluationOrder::windows_precedence)
        std::stable_partition(steps.begin(), steps.end(), [](const ConditionStep& s) { return !s.admits; });
    return steps;
}

}  // namespace fwlint
