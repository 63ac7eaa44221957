#include "checks/lint_interfaces.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <set>

#include "analyze/conditional_text.hpp"
#include "analyze/interfaces.hpp"

namespace fwlint {

namespace {

// `chain` as it reads for packets with the interfaces of `a` (as
// specialize_interfaces reads a policy), and for each of its rules the index
// of the rule it was in `chain`.
struct SpecialChain {
    Chain chain;
    std::vector<std::size_t> original;
};

SpecialChain specialize(const Chain& chain, const InterfaceAssignment& a) {
    SpecialChain out;
    out.chain.name = chain.name;
    out.chain.loc = chain.loc;
    out.chain.builtin = chain.builtin;
    out.chain.policy = chain.policy;
    for (std::size_t j = 0; j < chain.rules.size(); ++j) {
        const Rule& r = chain.rules[j];
        if (interface_excludes(r, a)) continue;
        Rule copy = r;
        std::erase_if(copy.conditions, [](const Condition& c) { return interface_match(c).has_value(); });
        out.chain.rules.push_back(std::move(copy));
        out.original.push_back(j);
    }
    return out;
}

void add_all(std::set<std::size_t>& to, const std::vector<std::size_t>& special, const std::vector<std::size_t>& map) {
    for (std::size_t k : special) to.insert(map[k]);
}

}  // namespace

InterfaceShadowing find_shadowing_per_interface(const Chain& chain, Family family, std::size_t limit) {
    auto assignments = chain_interface_assignments(chain, limit);
    if (!assignments || assignments->size() == 1) return {find_shadowing(chain, family), false};
    // Per rule: under how many assignments it can match, is dead, is redundant.
    struct Tally {
        std::size_t present = 0, dead = 0, redundant = 0;
        bool same_action = true, policy_decides = false;
        std::set<std::size_t> covering, deciders;
    };
    std::vector<Tally> tally(chain.rules.size());
    for (const auto& a : *assignments) {
        SpecialChain s = specialize(chain, a);
        for (std::size_t k : s.original) ++tally[k].present;
        ShadowingReport r = find_shadowing(s.chain, family);
        for (const auto& d : r.shadowed) {
            Tally& t = tally[s.original[d.rule]];
            ++t.dead;
            t.same_action = t.same_action && d.same_action;
            add_all(t.covering, d.covering, s.original);
        }
        for (const auto& d : r.redundant) {
            Tally& t = tally[s.original[d.rule]];
            ++t.redundant;
            t.policy_decides = t.policy_decides || d.policy_decides;
            add_all(t.deciders, d.deciders, s.original);
        }
    }
    InterfaceShadowing out;
    out.per_interface = true;
    for (std::size_t k = 0; k < tally.size(); ++k) {
        const Tally& t = tally[k];
        if (t.present == 0) continue;
        if (t.dead == t.present) {
            out.report.shadowed.push_back({k, {t.covering.begin(), t.covering.end()}, t.same_action});
        } else if (t.dead + t.redundant == t.present) {
            // Dead under some assignments, redundant under the others: the
            // later lines give its verdict where it is reached at all.
            out.report.redundant.push_back({k, {t.deciders.begin(), t.deciders.end()}, t.policy_decides});
        }
    }
    return out;
}

namespace {

// The pointers of an Exposure found in `special` (specialize_interfaces of
// `policy`) turned into pointers into `policy`.
class PointerMap {
public:
    PointerMap(const Policy& policy, const Policy& special, const InterfaceAssignment& a)
        : policy_(policy), special_(special) {
        for (const Chain& c : policy.chains) {
            std::vector<std::size_t> kept;
            for (std::size_t j = 0; j < c.rules.size(); ++j)
                if (!interface_excludes(c.rules[j], a)) kept.push_back(j);
            kept_.push_back(std::move(kept));
        }
    }

    const Chain* chain(const Chain* c) const {
        return c ? &policy_.chains[std::size_t(c - special_.chains.data())] : nullptr;
    }

    const Rule* rule(const Rule* r) const {
        if (!r) return nullptr;
        for (std::size_t ci = 0; ci < special_.chains.size(); ++ci) {
            const auto& rules = special_.chains[ci].rules;
            if (rules.empty() || r < rules.data() || r >= rules.data() + rules.size()) continue;
            return &policy_.chains[ci].rules[kept_[ci][std::size_t(r - rules.data())]];
        }
        return nullptr;
    }

    // The condition of the special rule `r` is the k-th of the original's
    // conditions that are not -i/-o matches.
    ConditionRef condition(const ConditionRef& c) const {
        const Rule* orig = rule(c.rule);
        std::size_t k = std::size_t(c.condition - c.rule->conditions.data());
        for (const Condition& oc : orig->conditions) {
            if (interface_match(oc)) continue;
            if (k-- == 0) return {orig, &oc};
        }
        return {orig, nullptr};
    }

    Exposure map(Exposure e) const {
        e.builtin = chain(e.builtin);
        e.chain = chain(e.chain);
        e.rule = rule(e.rule);
        for (auto& c : e.only_if) c = condition(c);
        for (auto& c : e.unless) c = condition(c);
        return e;
    }

private:
    const Policy& policy_;
    const Policy& special_;
    std::vector<std::vector<std::size_t>> kept_;  // per chain: the original index of each special rule
};

bool same_finding(const Finding& a, const Finding& b) {
    return a.check == b.check && a.kind == b.kind && a.severity == b.severity && a.loc == b.loc &&
           a.message == b.message && a.remediation == b.remediation && a.related == b.related;
}

}  // namespace

std::vector<Finding> exposures_per_interface(const Policy& policy, const Chain& entry, u128 max_open_ports,
                                             const std::function<Finding(const Exposure&)>& to_finding,
                                             std::size_t limit) {
    std::vector<Finding> out;
    auto assignments = interface_assignments(policy, entry.name, PacketSet::all(policy.family), limit);
    if (!assignments || assignments->size() == 1) {
        for (const Exposure& e : find_exposures(policy, {&entry}, max_open_ports)) out.push_back(to_finding(e));
        return out;
    }
    const std::size_t entry_index = std::size_t(&entry - policy.chains.data());
    struct Group {
        Finding finding;
        std::vector<InterfaceAssignment> members;
    };
    std::vector<Group> groups;
    // The groups by check, line and message: a chain may have thousands of findings.
    std::multimap<std::string, std::size_t> by_key;
    for (const auto& a : *assignments) {
        Policy special = specialize_interfaces(policy, a);
        PointerMap map(policy, special, a);
        for (const Exposure& found : find_exposures(special, {&special.chains[entry_index]}, max_open_ports)) {
            Exposure e = map.map(found);
            Finding f = to_finding(e);
            std::string key = f.check + '\n' + std::string(f.loc.file) + ':' + std::to_string(f.loc.line) + '\n' +
                              f.message;
            auto [lo, hi] = by_key.equal_range(key);
            auto g = std::find_if(lo, hi, [&](const auto& kv) { return same_finding(groups[kv.second].finding, f); });
            if (g == hi) {
                by_key.emplace(std::move(key), groups.size());
                groups.push_back({std::move(f), {a}});
            } else if (groups[g->second].members.back() != a) {
                groups[g->second].members.push_back(a);
            }
        }
    }
    for (auto& g : groups) {
        // Also when the rule's own -i/-o are all that limits it: the message
        // says on which interfaces the service is open.
        if (g.members != *assignments) g.finding.message += ", " + when_phrase(*assignments, g.members);
        out.push_back(std::move(g.finding));
    }
    return out;
}

}  // namespace fwlint
