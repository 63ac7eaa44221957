#include "analyze/shadowing.hpp"

#include "analyze/packet_point.hpp"
#include "analyze/point_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fwlint {

namespace {

// ---- connection states ---------------------------------------------------
// A rule restricted to some states (Rule::states) does not take the
// ESTABLISHED packets a rule without a state match takes.

struct States {
    bool restricted = false;  // has a --ctstate / --state match
    bool known = true;        // the states are exact (no negated or unknown list)
    unsigned mask = 0;        // states every match allows
};

States states_of(const Rule& r) {
    States st;
    st.restricted = r.states != all_conn_states || !r.states_exact;
    st.known = r.states_exact;
    st.mask = r.states;
    return st;
}

// Whether every packet state the subject can see is one `coverer` can take.
bool covers_states(const States& coverer, const States& subject) {
    if (!coverer.restricted) return true;
    if (!subject.restricted || !subject.known || !coverer.known) return false;
    return (subject.mask & ~coverer.mask) == 0;
}

// Whether two rules can both see a packet of some state (false only when
// both lists are known and disjoint).
bool states_overlap(const States& a, const States& b) {
    if (!a.restricted || !b.restricted || !a.known || !b.known) return true;
    return (a.mask & b.mask) != 0;
}

// ---- bounding boxes -------------------------------------------------------

struct Bounds {
    bool empty = true;
    std::array<u128, dim_count> lo{}, hi{};
};

Bounds bounds_of(const PacketSet& s, Family f) {
    Bounds b;
    for (const Box& box : s.boxes(f)) {
        if (box.empty()) continue;
        for (std::size_t d = 0; d < dim_count; ++d) {
            u128 lo = box.dims[d].min(), hi = box.dims[d].max();
            if (b.empty || lo < b.lo[d]) b.lo[d] = lo;
            if (b.empty || hi > b.hi[d]) b.hi[d] = hi;
        }
        b.empty = false;
    }
    return b;
}

bool overlap(const Bounds& a, const Bounds& b) {
    if (a.empty || b.empty) return false;
    // Ports and destinations first: the dimensions rules differ in most.
    static constexpr std::array<std::size_t, dim_count> order = {dport_dim, dst_dim, src_dim, proto_dim, sport_dim};
    for (std::size_t d : order)
        if (a.hi[d] < b.lo[d] || b.hi[d] < a.lo[d]) return false;
    return true;
}

// ---- verdicts -----------------------------------------------------------

bool terminating(Action a) {
    switch (a) {
        case Action::accept:
        case Action::drop:
        case Action::reject:
        case Action::ret:
        case Action::go_to:
        case Action::other: return true;
        case Action::jump:  // may come back: not followed
        case Action::log:
        case Action::none: return false;
    }
    return false;
}

// Verdict class for the "same action" wording of FW201: DROP and REJECT both
// deny; a goto or an unmodelled target is the same only with the same target.
std::string shadow_class(const Rule& r) {
    switch (r.action) {
        case Action::accept: return "accept";
        case Action::drop:
        case Action::reject: return "deny";
        case Action::ret: return "return";
        case Action::go_to: return "goto " + r.target;
        case Action::jump: return "jump " + r.target;
        case Action::other: return "other " + r.target;
        case Action::log: return "log";
        case Action::none: return "none";
    }
    return "";
}

// For FW202 "changes nothing" is exact: DROP and REJECT differ (a reset or an
// ICMP error against silence), and REJECTs must reject the same way.
std::string exact_class(const Rule& r) {
    switch (r.action) {
        case Action::accept: return "ACCEPT";
        case Action::drop: return "DROP";
        case Action::reject: return "REJECT " + r.target_options;
        default: return "?" + shadow_class(r);
    }
}

// Per-rule keys for the indexes (analyze/point_index.hpp): the bounds of the
// destination port, destination and source address (the dimensions rules
// differ in most), each as 32 bits (IPv6 addresses by their top 32 bits:
// monotone, so disjoint keys still mean disjoint rules).
constexpr std::size_t key_count = 3;
constexpr std::array<Dim, key_count> key_dims = {dport_dim, dst_dim, src_dim};

struct Keys {
    std::array<std::vector<std::uint32_t>, key_count> lo, hi;
    void push(const std::array<std::uint32_t, key_count>& l, const std::array<std::uint32_t, key_count>& h) {
        for (std::size_t d = 0; d < key_count; ++d) lo[d].push_back(l[d]), hi[d].push_back(h[d]);
    }
};

struct Probe {
    std::array<std::uint32_t, key_count> lo, hi;
};

Probe probe_of(const Bounds& b, Family f) {
    unsigned shift = f == Family::v6 ? 96 : 0;
    Probe p;
    for (std::size_t d = 0; d < key_count; ++d) {
        unsigned s = key_dims[d] == dport_dim ? 0 : shift;
        p.lo[d] = std::uint32_t(b.lo[key_dims[d]] >> s);
        p.hi[d] = std::uint32_t(b.hi[key_dims[d]] >> s);
    }
    return p;
}

struct Prepared {
    std::vector<Bounds> bounds;
    std::vector<States> states;
    // A rule that must always be looked at (state-only) gets the full range;
    // one never to be looked at (disabled, LOG, no packets) an empty one.
    Keys keys;
};

Prepared prepare(const Chain& chain, Family family) {
    Prepared p;
    std::size_t n = chain.rules.size();
    p.bounds.reserve(n);
    p.states.reserve(n);
    for (const Rule& r : chain.rules) {
        p.bounds.push_back(bounds_of(r.match, family));
        p.states.push_back(states_of(r));
        const Bounds& b = p.bounds.back();
        Probe k;
        k.lo.fill(0);
        k.hi.fill(~std::uint32_t{0});
        if (!r.enabled || r.action == Action::log || r.action == Action::none || (r.new_flows && b.empty)) {
            k.lo.fill(1);
            k.hi.fill(0);
        } else if (r.new_flows) {
            k = probe_of(b, family);
        }
        p.keys.push(k.lo, k.hi);
    }
    return p;
}

using Point = std::array<u128, dim_count>;

Point low_corner(const Box& box) {
    Point p;
    for (std::size_t d = 0; d < dim_count; ++d) p[d] = box.dims[d].min();
    return p;
}

// The first packet witness_cover looks at for a rule: the low corner of the
// first non-empty box of its match in the family (what intersecting the
// match with the family's space leaves first). Found without building that
// intersection, so a rule no index entry holds this packet for costs no set
// operation at all.
bool first_witness(const PacketSet& match, Family f, Point& out) {
    for (const Box& box : match.boxes(f))
        if (!box.empty()) {
            out = low_corner(box);
            return true;
        }
    return false;
}

// The index keys of a point (as probe_of makes them of bounds).
PointKeys point_keys(const Point& point, Family f) {
    unsigned shift = f == Family::v6 ? 96 : 0;
    PointKeys k;
    for (std::size_t d = 0; d < key_count; ++d)
        k[d] = std::uint32_t(point[key_dims[d]] >> (key_dims[d] == dport_dim ? 0 : shift));
    return k;
}

PointIndex::Entry entry_of(std::size_t rule, const Bounds& b, Family f) {
    Probe k = probe_of(b, f);
    return PointIndex::Entry{std::uint32_t(rule), k.lo, k.hi};
}

// Witness-driven subtraction: take a packet still uncovered (the low corner
// of the remainder's first box); find(point) names the rule to subtract (the
// lowest candidate holding it) or PointIndex::none, and then it stops.
// Returns what is left (empty: covered); `used` gets the rules subtracted.
// Only rules that take an uncovered packet are subtracted, so a broad rule
// with many small rules inside it costs one lookup, not hundreds of
// fragmenting subtractions. A rule already subtracted holds no uncovered
// packet, so it is never found twice.
template <class Find>
PacketSet witness_cover(const Chain& chain, Family family, PacketSet rest, Find&& find,
                        std::vector<std::size_t>* used) {
    while (!rest.empty()) {
        std::size_t k = find(low_corner(rest.boxes(family).front()));
        if (k == PointIndex::none) break;
        rest = rest.subtract(chain.rules[k].match);
        if (used) used->push_back(k);
    }
    return rest;
}

bool usable(const Rule& r, const Bounds& b) { return r.enabled && r.new_flows && !b.empty; }

// Whether `subject` is covered by the union of `rules` (indices into chain).
bool covered_by(const Chain& chain, const PacketSet& subject, const std::vector<std::size_t>& rules,
                std::size_t skip) {
    PacketSet rest = subject;
    for (std::size_t k = 0; k < rules.size(); ++k) {
        if (k == skip) continue;
        const PacketSet& m = chain.rules[rules[k]].match;
        if (!rest.intersects(m)) continue;
        rest = rest.subtract(m);
        if (rest.empty()) return true;
    }
    return rest.empty();
}

}  // namespace

std::vector<ShadowedRule> find_shadowed(const Chain& chain, Family family) {
    std::vector<ShadowedRule> out;
    Prepared p = prepare(chain, family);
    PacketSet family_space = PacketSet::all(family);
    const std::size_t n = chain.rules.size();
    // Earlier live, unconditional, terminating rules cover; which of the
    // possible ones do is known only in order (a shadowed rule does not).
    auto may_cover = [&](std::size_t j) {
        const Rule& r = chain.rules[j];
        return usable(r, p.bounds[j]) && r.conditions.empty() && terminating(r.action);
    };
    std::vector<PointIndex::Entry> entries;
    for (std::size_t j = 0; j < n; ++j)
        if (may_cover(j)) entries.push_back(entry_of(j, p.bounds[j], family));
    const PointIndex index(entries);
    std::vector<bool> covers(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const Rule& r = chain.rules[i];
        if (!usable(r, p.bounds[i])) continue;
        // The lowest earlier coverer that takes `point` and every state the
        // rule sees: the candidate witness_cover subtracts.
        auto find = [&](const Point& point) {
            return index.first(point_keys(point, family), 0, i, [&](std::size_t j) {
                return covers[j] && covers_states(p.states[j], p.states[i]) &&
                       contains(chain.rules[j].match, family, point);
            });
        };
        Point first;
        bool shadowed = first_witness(r.match, family, first) && find(first) != PointIndex::none;
        std::vector<std::size_t> used;
        if (shadowed) shadowed = witness_cover(chain, family, r.match.intersect(family_space), find, &used).empty();
        if (!shadowed) {
            covers[i] = may_cover(i);
            continue;
        }
        std::sort(used.begin(), used.end());
        // Minimal: drop every rule the others cover without. Dropping only
        // shrinks the set, so a rule kept once stays necessary.
        PacketSet subject = r.match.intersect(family_space);
        for (std::size_t k = 0; k < used.size();) {
            if (used.size() > 1 && covered_by(chain, subject, used, k))
                used.erase(used.begin() + std::ptrdiff_t(k));
            else
                ++k;
        }
        ShadowedRule s;
        s.rule = i;
        s.covering = used;
        std::string cls = shadow_class(r);
        s.same_action = std::all_of(used.begin(), used.end(),
                                    [&](std::size_t j) { return shadow_class(chain.rules[j]) == cls; });
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<RedundantRule> find_redundant(const Chain& chain, Family family,
                                          const std::vector<ShadowedRule>& shadowed) {
    std::vector<RedundantRule> out;
    Prepared p = prepare(chain, family);
    std::vector<bool> dead(chain.rules.size(), false);
    std::vector<const ShadowedRule*> shadow_of(chain.rules.size(), nullptr);
    for (const auto& s : shadowed) dead[s.rule] = true, shadow_of[s.rule] = &s;
    // A dead later rule stays dead without rule i unless i is one of the
    // rules that cover it: then it is looked at like any other.
    auto dead_without = [&](std::size_t k, std::size_t i) {
        if (!dead[k]) return false;
        const auto& cov = shadow_of[k]->covering;
        return !std::binary_search(cov.begin(), cov.end(), i);
    };
    PacketSet family_space = PacketSet::all(family);
    std::string chain_end;  // the verdict at the end of the chain
    if (chain.builtin && chain.policy == Action::accept) chain_end = "ACCEPT";
    else if (chain.builtin && chain.policy == Action::drop) chain_end = "DROP";
    else chain_end = "?end";  // RETURN to the caller, or no known policy

    std::vector<std::string> classes;
    classes.reserve(chain.rules.size());
    for (const Rule& r : chain.rules) classes.push_back(exact_class(r));

    // Two indexes of the later rules a walk can meet: those that can give a
    // verdict for certain (the necessary cover below), and every rule that
    // takes new flows (which one a packet meets first).
    const std::size_t n = chain.rules.size();
    std::vector<PointIndex::Entry> certain, takers;
    for (std::size_t k = 0; k < n; ++k) {
        const Rule& l = chain.rules[k];
        if (!l.enabled || l.action == Action::log || l.action == Action::none || !l.new_flows || p.bounds[k].empty)
            continue;
        takers.push_back(entry_of(k, p.bounds[k], family));
        if (l.conditions.empty() && (l.action == Action::accept || l.action == Action::drop || l.action == Action::reject))
            certain.push_back(entry_of(k, p.bounds[k], family));
    }
    const PointIndex certain_index(certain), taker_index(takers);
    std::optional<RangeIndex> walk_index;  // built for the first rule that needs a walk
    std::vector<std::uint32_t> later;

    for (std::size_t i = 0; i < n; ++i) {
        const Rule& r = chain.rules[i];
        if (dead[i] || !usable(r, p.bounds[i])) continue;
        if (r.action != Action::accept && r.action != Action::drop && r.action != Action::reject) continue;
        const std::string& cls = classes[i];
        const Bounds& bi = p.bounds[i];
        Point first;
        if (!first_witness(r.match, family, first)) continue;  // not usable
        if (chain_end != cls) {
            // Necessary: later same-verdict rules that take packets for
            // certain must cover it. A witness test rules most rules out
            // without a walk.
            auto find = [&](const Point& point) {
                return certain_index.first(point_keys(point, family), i + 1, n, [&](std::size_t k) {
                    return classes[k] == cls && covers_states(p.states[k], p.states[i]) &&
                           contains(chain.rules[k].match, family, point);
                });
            };
            if (find(first) == PointIndex::none) continue;
            if (!witness_cover(chain, family, r.match.intersect(family_space), find, nullptr).empty()) continue;
        }
        // Also necessary: the first later rule (that matters) to take the
        // first packet does not give another verdict or hand it on. The walk
        // below would meet that rule with the packet still in its remainder.
        std::size_t meets = taker_index.first(point_keys(first, family), i + 1, n, [&](std::size_t k) {
            const Rule& l = chain.rules[k];
            if (dead_without(k, i) || !contains(l.match, family, first)) return false;
            bool same = (l.action == Action::ret ? chain_end : classes[k]) == cls;
            bool hands_on = l.action == Action::jump || l.action == Action::go_to || l.action == Action::other;
            bool partial = !l.conditions.empty() || !covers_states(p.states[k], p.states[i]);
            return !same || hands_on || !partial;  // a same-verdict partial rule only passes it on
        });
        if (meets != PointIndex::none) {
            const Rule& l = chain.rules[meets];
            bool same = (l.action == Action::ret ? chain_end : classes[meets]) == cls;
            if (!same || l.action == Action::jump || l.action == Action::go_to || l.action == Action::other) continue;
        }
        PacketSet rest = r.match.intersect(family_space);
        RedundantRule red;
        red.rule = i;
        bool blocked = false;
        const Probe probe = probe_of(bi, family);
        auto visit_later = [&](std::size_t k) {
            const Rule& l = chain.rules[k];
            if (!l.enabled || l.action == Action::log || l.action == Action::none) return;
            if (dead_without(k, i)) return;  // never matches, with or without rule i
            if (l.new_flows && !overlap(p.bounds[k], bi)) return;
            bool same = (l.action == Action::ret ? chain_end : classes[k]) == cls;
            if (!l.new_flows) {
                // Takes packets of other states, addresses unknown: harmless
                // only with the same verdict or when the states cannot meet.
                if (!same && states_overlap(p.states[k], p.states[i])) blocked = true;
                return;
            }
            if (!rest.intersects(l.match)) return;
            bool partial = !l.conditions.empty() || !covers_states(p.states[k], p.states[i]);
            if (partial || l.action == Action::jump || l.action == Action::go_to || l.action == Action::other) {
                // Takes some of the packets, or hands them to another chain:
                // harmless only when it gives the same verdict for certain.
                if (!same || l.action == Action::jump || l.action == Action::go_to || l.action == Action::other)
                    blocked = true;
                return;
            }
            if (!same) {
                blocked = true;
                return;
            }
            rest = rest.subtract(l.match);
            red.deciders.push_back(k);
        };
        // The later rules the walk looks at: those whose keys meet the
        // rule's (a state-only rule's keys are the whole range), in order.
        if (!walk_index) {
            std::vector<PointIndex::Entry> keyed;
            for (std::size_t k = 0; k < n; ++k) {
                PointIndex::Entry e{std::uint32_t(k), {}, {}};
                bool valid = true;
                for (std::size_t d = 0; d < key_count; ++d) {
                    e.lo[d] = p.keys.lo[d][k], e.hi[d] = p.keys.hi[d][k];
                    valid = valid && e.lo[d] <= e.hi[d];
                }
                if (valid) keyed.push_back(e);
            }
            walk_index.emplace(keyed);
        }
        walk_index->meeting(probe.lo, probe.hi, i + 1, later);
        for (std::size_t k : later) {
            visit_later(k);
            if (blocked || rest.empty()) break;
        }
        if (blocked) continue;
        if (!rest.empty()) {
            if (chain_end != cls) continue;
            red.policy_decides = true;
        }
        out.push_back(std::move(red));
    }
    return out;
}

}  // namespace fwlint
