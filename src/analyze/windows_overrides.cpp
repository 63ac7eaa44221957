#include "analyze/windows_overrides.hpp"

#include "analyze/windows_cover.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <tuple>

namespace fwlint {

namespace {

enum class WindowsVerdict { allow, block, bypass, other };

WindowsVerdict verdict_of(const Rule& r) {
    if (r.action == Action::drop || r.action == Action::reject) return WindowsVerdict::block;
    if (r.action == Action::accept) return r.target == "Bypass" ? WindowsVerdict::bypass : WindowsVerdict::allow;
    return WindowsVerdict::other;
}

constexpr std::array<const char*, 3> profile_names = {"domain", "private", "public"};

int profile_index(const std::string& chain) {
    for (std::size_t i = 0; i < profile_names.size(); ++i)
        if (chain == profile_names[i]) return static_cast<int>(i);
    return -1;
}

// One rule as Windows shows it may be several IR rules (one per family and
// profile, and a split when a list mixes addresses and keywords); they share
// the location of the rule's text.
using LocKey = std::tuple<std::string, int, int>;
LocKey key_of(const Rule& r) { return {r.loc.file, r.loc.line, r.loc.column}; }

bool can_cover(const Rule& r) { return r.enabled && r.conditions.empty() && !r.match.empty(); }

void add_unique(std::vector<const Rule*>& to, const std::vector<const Rule*>& from) {
    for (const Rule* r : from)
        if (std::none_of(to.begin(), to.end(), [&](const Rule* t) { return t->loc == r->loc; })) to.push_back(r);
}

// What one rule location comes to over the chains (profiles and families)
// where it is enabled.
struct Tally {
    const Rule* rule = nullptr;
    std::array<bool, 3> present{};  // enabled in this profile (in some family)
    std::array<bool, 3> holds{};    // and the finding holds there (in every family)
    std::array<bool, 3> broken{};   // some family where it does not hold
    std::vector<const Rule*> by;

    void record(int profile, bool holds_here, const std::vector<const Rule*>& covering) {
        present[profile] = true;
        if (holds_here) {
            holds[profile] = true;
            add_unique(by, covering);
        } else {
            broken[profile] = true;
        }
    }
    bool holds_in(int p) const { return present[p] && holds[p] && !broken[p]; }
};

template <typename Each>
void for_each_profile_chain(const ParsedInput& input, Each each) {
    for (const Policy& policy : input.policies) {
        if (policy.order != EvaluationOrder::windows_precedence) continue;
        for (const Chain& chain : policy.chains) {
            int p = profile_index(chain.name);
            if (p >= 0) each(chain, p);
        }
    }
}

// Rules of `chain` grouped by location, in line order.
std::map<LocKey, std::vector<const Rule*>> by_location(const Chain& chain) {
    std::map<LocKey, std::vector<const Rule*>> out;
    for (const Rule& r : chain.rules)
        if (r.enabled) out[key_of(r)].push_back(&r);
    return out;
}

std::vector<WindowsOverride> to_findings(const std::map<LocKey, Tally>& tallies, bool all_profiles) {
    std::vector<WindowsOverride> out;
    for (const auto& [key, t] : tallies) {
        WindowsOverride o;
        bool everywhere = true;
        for (int p = 0; p < 3; ++p) {
            if (!t.present[p]) continue;
            if (t.holds_in(p)) o.profiles.push_back(profile_names[p]);
            else everywhere = false;
        }
        if (o.profiles.empty() || (all_profiles && !everywhere)) continue;
        o.loc = t.rule->loc;
        o.rule = t.rule;
        o.by = t.by;
        std::sort(o.by.begin(), o.by.end(), [](const Rule* a, const Rule* b) { return a->loc.line < b->loc.line; });
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

std::vector<WindowsOverride> find_overridden_allows(const ParsedInput& input) {
    std::map<LocKey, Tally> tallies;
    for_each_profile_chain(input, [&](const Chain& chain, int profile) {
        std::vector<std::size_t> blocks;
        for (std::size_t i = 0; i < chain.rules.size(); ++i)
            if (verdict_of(chain.rules[i]) == WindowsVerdict::block && can_cover(chain.rules[i])) blocks.push_back(i);
        const CoverIndex index(chain, blocks);
        const CoverIndex::Eligible every_block = [](std::size_t) { return true; };
        for (const auto& [key, rules] : by_location(chain)) {
            if (verdict_of(*rules.front()) != WindowsVerdict::allow) continue;
            bool dead = true;
            std::vector<const Rule*> covering;
            for (const Rule* r : rules) {
                if (r->match.empty()) continue;
                auto c = index.cover(r->match, every_block);
                if (c.empty()) {
                    dead = false;
                    break;
                }
                add_unique(covering, c);
            }
            Tally& t = tallies[key];
            if (!t.rule) t.rule = rules.front();
            t.record(profile, dead && !covering.empty(), covering);
        }
    });
    return to_findings(tallies, false);
}

std::vector<WindowsOverride> find_redundant_windows_rules(const ParsedInput& input,
                                                          const std::vector<WindowsOverride>& dead) {
    struct Place {
        const Chain* chain;
        int profile;
        std::vector<const Rule*> rules;  // the location's enabled rules in that chain
    };
    std::map<LocKey, std::vector<Place>> places;
    // Every location gets a number (dead ones too: a dead allow still
    // covers other allows), and each chain's rules their location's number.
    std::map<LocKey, int> location_ids;
    std::map<const Chain*, std::vector<int>> ids_of_chain;
    for_each_profile_chain(input, [&](const Chain& chain, int profile) {
        std::vector<int>& ids = ids_of_chain[&chain];
        ids.reserve(chain.rules.size());
        for (const Rule& r : chain.rules)
            ids.push_back(location_ids.emplace(key_of(r), int(location_ids.size())).first->second);
        for (auto& [key, rules] : by_location(chain)) places[key].push_back(Place{&chain, profile, std::move(rules)});
    });
    for (const auto& d : dead) places.erase(key_of(*d.rule));

    // One index per chain and verdict: the rules that may cover others.
    std::map<std::pair<const Chain*, WindowsVerdict>, std::unique_ptr<CoverIndex>> indexes;
    auto index_of = [&](const Chain& chain, WindowsVerdict v) -> const CoverIndex& {
        auto& slot = indexes[{&chain, v}];
        if (!slot) {
            std::vector<std::size_t> members;
            for (std::size_t i = 0; i < chain.rules.size(); ++i)
                if (verdict_of(chain.rules[i]) == v && can_cover(chain.rules[i])) members.push_back(i);
            slot = std::make_unique<CoverIndex>(chain, members);
        }
        return *slot;
    };

    // Latest first, so that of two duplicates the later one is found
    // redundant; a redundant rule no longer covers the ones before it.
    std::vector<char> removed(location_ids.size(), 0);
    std::map<LocKey, Tally> tallies;
    for (auto it = places.rbegin(); it != places.rend(); ++it) {
        const auto& [key, where] = *it;
        const WindowsVerdict v = verdict_of(*where.front().rules.front());
        if (v == WindowsVerdict::other) continue;
        const int self = location_ids.at(key);
        Tally t;
        t.rule = where.front().rules.front();
        for (const Place& place : where) {
            const std::vector<int>& ids = ids_of_chain.at(place.chain);
            const CoverIndex::Eligible other_live = [&](std::size_t j) {
                return ids[j] != self && !removed[std::size_t(ids[j])];
            };
            const CoverIndex& index = index_of(*place.chain, v);
            bool covered = true;
            std::vector<const Rule*> covering;
            for (const Rule* r : place.rules) {
                if (r->match.empty()) continue;
                auto c = index.cover(r->match, other_live);
                if (c.empty()) {
                    covered = false;
                    break;
                }
                add_unique(covering, c);
            }
            t.record(place.profile, covered && !covering.empty(), covering);
        }
        bool everywhere = true;
        for (int p = 0; p < 3; ++p) everywhere = everywhere && (!t.present[p] || t.holds_in(p));
        if (!everywhere) continue;
        removed[std::size_t(self)] = 1;
        tallies[key] = std::move(t);
    }
    return to_findings(tallies, true);
}

}  // namespace fwlint
