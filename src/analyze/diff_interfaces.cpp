#include "analyze/diff_interfaces.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/conditional_text.hpp"
#include "analyze/interfaces.hpp"

namespace fwlint {

namespace {

// A change without its packets: what is the same when it shows for several
// interface assignments.
bool same_change(const DiffChange& a, const DiffChange& b) {
    return a.chain == b.chain && a.newly_allowed == b.newly_allowed && a.conditional == b.conditional &&
           a.conditions == b.conditions && a.depends_on == b.depends_on && a.now == b.now && a.before == b.before;
}

struct Seen {
    DiffChange change;  // packets: of the first assignment
    std::vector<std::pair<InterfaceAssignment, PacketSet>> by_assignment;
};

}  // namespace

bool diff_chains_per_interface(const Policy& old_policy, const std::string& old_chain, const Policy& new_policy,
                               const std::string& new_chain, const std::string& label, std::vector<DiffChange>& out,
                               bool whole_space) {
    if (old_policy.order != EvaluationOrder::first_match || new_policy.order != EvaluationOrder::first_match)
        return false;
    const PacketSet all = PacketSet::all(old_policy.family);
    // Each assignment walks both files again: keep the count modest.
    auto assignments = interface_assignments({{&old_policy, old_chain}, {&new_policy, new_chain}}, all, 64);
    if (!assignments || assignments->size() < 2) return false;
    std::vector<Seen> seen;
    for (const auto& a : *assignments) {
        Policy o = specialize_interfaces(old_policy, a);
        Policy n = specialize_interfaces(new_policy, a);
        std::vector<DiffChange> changes;
        diff_chains(o, old_chain, n, new_chain, label, changes, whole_space);
        for (auto& c : changes) {
            auto it = std::find_if(seen.begin(), seen.end(), [&](const Seen& s) { return same_change(s.change, c); });
            if (it == seen.end()) {
                seen.push_back(Seen{c, {}});
                it = seen.end() - 1;
            }
            it->by_assignment.emplace_back(a, std::move(c.packets));
        }
    }
    // As diff_chains orders them: newly allowed first, each by its accepting line.
    auto accepting = [](const DiffChange& c) -> const LineRef& { return c.newly_allowed ? c.now.front() : c.before.front(); };
    std::stable_sort(seen.begin(), seen.end(), [&](const Seen& a, const Seen& b) {
        if (a.change.newly_allowed != b.change.newly_allowed) return a.change.newly_allowed;
        const LineRef& la = accepting(a.change);
        const LineRef& lb = accepting(b.change);
        if (la.policy != lb.policy) return lb.policy;
        return la.line < lb.line;
    });
    for (auto& s : seen) {
        // Group the assignments by the packets they change.
        std::vector<std::pair<PacketSet, std::vector<InterfaceAssignment>>> groups;
        for (auto& [a, packets] : s.by_assignment) {
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == packets; });
            if (g == groups.end()) groups.emplace_back(std::move(packets), std::vector<InterfaceAssignment>{a});
            else g->second.push_back(a);
        }
        for (auto& [packets, members] : groups) {
            DiffChange c = s.change;
            c.packets = std::move(packets);
            if (members.size() < assignments->size()) {
                c.conditional = true;
                std::string when = if_phrase(*assignments, members);
                c.conditions.insert(c.conditions.begin(), when);
                c.depends_on = c.depends_on.empty() ? when : when + ", and " + c.depends_on;
            }
            out.push_back(std::move(c));
        }
    }
    return true;
}

}  // namespace fwlint
