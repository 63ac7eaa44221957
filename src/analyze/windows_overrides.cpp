#include "analyze/windows_overrides.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
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

// The fewest of `candidates` (by line) whose matches take all of `subject`,
// or nothing when they do not.
std::vector<const Rule*> cover_of(const PacketSet& subject, const std::vector<const Rule*>& candidates) {
    std::vector<const Rule*> used;
    PacketSet rest = subject;
    for (const Rule* c : candidates) {
        if (rest.empty()) break;
        if (!rest.intersects(c->match)) continue;
        rest = rest.subtract(c->match);
        used.push_back(c);
    }
    if (!rest.empty()) return {};
    // Drop the ones the others make unnecessary, latest first.
    for (std::size_t i = used.size(); i-- > 0;) {
        PacketSet left = subject;
        for (std::size_t j = 0; j < used.size(); ++j)
            if (j != i) left = left.subtract(used[j]->match);
        if (left.empty()) used.erase(used.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return used;
}

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
        std::vector<const Rule*> blocks;
        for (const Rule& r : chain.rules)
            if (verdict_of(r) == WindowsVerdict::block && can_cover(r)) blocks.push_back(&r);
        for (const auto& [key, rules] : by_location(chain)) {
            if (verdict_of(*rules.front()) != WindowsVerdict::allow) continue;
            bool dead = true;
            std::vector<const Rule*> covering;
            for (const Rule* r : rules) {
                if (r->match.empty()) continue;
                auto c = cover_of(r->match, blocks);
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
    for_each_profile_chain(input, [&](const Chain& chain, int profile) {
        for (auto& [key, rules] : by_location(chain)) places[key].push_back(Place{&chain, profile, std::move(rules)});
    });
    for (const auto& d : dead) places.erase(key_of(*d.rule));

    // Latest first, so that of two duplicates the later one is found
    // redundant; a redundant rule no longer covers the ones before it.
    std::set<LocKey> removed;  // a set: a linear search here made large exports cubic
    std::map<LocKey, Tally> tallies;
    for (auto it = places.rbegin(); it != places.rend(); ++it) {
        const auto& [key, where] = *it;
        const WindowsVerdict v = verdict_of(*where.front().rules.front());
        if (v == WindowsVerdict::other) continue;
        Tally t;
        t.rule = where.front().rules.front();
        for (const Place& place : where) {
            std::vector<const Rule*> others;
            for (const Rule& r : place.chain->rules) {
                // The cheap tests first: a location key copies the file name.
                if (verdict_of(r) != v || !can_cover(r)) continue;
                LocKey k = key_of(r);
                if (k == key || removed.count(k)) continue;
                others.push_back(&r);
            }
            bool covered = true;
            std::vector<const Rule*> covering;
            for (const Rule* r : place.rules) {
                if (r->match.empty()) continue;
                auto c = cover_of(r->match, others);
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
        removed.insert(key);
        tallies[key] = std::move(t);
    }
    return to_findings(tallies, true);
}

}  // namespace fwlint
