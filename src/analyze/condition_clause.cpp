#include "analyze/condition_clause.hpp"

#include <algorithm>
#include <functional>
#include <utility>

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

// Where a first-match walk of `chain` meets each of `wanted`'s rules (jumps
// followed where they are; a chain once): wanted[i].second is set to how many
// rules the walk met before wanted[i].first. `wanted` is sorted by the rule's
// address (std::less), so the few rules of one chain are found by a search of
// its address range: a 200,000-rule policy is walked without an index of
// every rule (the std::map it built cost a third of the audit's instructions).
// Returns the count of rules the walk met.
void walk_positions(const Policy& policy, const Chain& chain,
                    std::vector<std::pair<const Rule*, std::size_t>>& wanted, std::vector<const Chain*>& seen,
                    std::size_t& met) {
    if (std::find(seen.begin(), seen.end(), &chain) != seen.end()) return;
    seen.push_back(&chain);
    const std::less<const Rule*> before;
    const Rule* first = chain.rules.data();
    const Rule* last = first + chain.rules.size();
    auto by_rule = [&](const std::pair<const Rule*, std::size_t>& w, const Rule* r) { return before(w.first, r); };
    auto it = std::lower_bound(wanted.begin(), wanted.end(), first, by_rule);
    auto end = std::lower_bound(it, wanted.end(), last, by_rule);
    for (const Rule& r : chain.rules) {
        while (it != end && it->first == &r) (it++)->second = met;
        ++met;
        if (r.action == Action::jump || r.action == Action::go_to)
            if (const Chain* t = policy.find_chain(r.target)) walk_positions(policy, *t, wanted, seen, met);
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
    if (steps.size() > 1) {
        // A step the walk does not meet goes after every rule it meets, by line
        // (all of them, by line, when the chain is not there).
        std::vector<std::pair<const Rule*, std::size_t>> wanted;
        for (const auto& s : steps) wanted.emplace_back(s.rule, std::size_t(-1));
        std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
            return std::less<const Rule*>()(a.first, b.first);
        });
        std::vector<const Chain*> seen;
        std::size_t met = 0;
        if (const Chain* start = policy.find_chain(chain)) walk_positions(policy, *start, wanted, seen, met);
        auto pos = [&](const Rule* r) {
            auto it = std::lower_bound(wanted.begin(), wanted.end(), r, [](const auto& w, const Rule* x) {
                return std::less<const Rule*>()(w.first, x);
            });
            return it->second != std::size_t(-1) ? it->second : met + std::size_t(r->loc.line);
        };
        std::stable_sort(steps.begin(), steps.end(),
                         [&](const ConditionStep& a, const ConditionStep& b) { return pos(a.rule) < pos(b.rule); });
    }
    // Windows: a block beats every allow whatever the order, so each allow
    // needs every block's conditions not to hold: blocks first.
    if (policy.order == EvaluationOrder::windows_precedence)
        std::stable_partition(steps.begin(), steps.end(), [](const ConditionStep& s) { return !s.admits; });
    return steps;
}

}  // namespace fwlint
