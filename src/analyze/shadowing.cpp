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
#include <unordered_map>

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

// The index entries of one rule (analyze/point_index.hpp): one per box of its
// match in the family and, where a box holds several intervals in a key
// dimension (an object-group, a port list, a negation), one per interval,
// so a rule whose sources are 10.100.3.0/24 and 172.16.1.5 is not found for
// every packet between the two. At most `max_per_box` entries per box:
// beyond, the dimensions with the fewest intervals are taken whole (their
// bounds), which only widens what the index returns; the callers' exact
// tests decide.
constexpr std::size_t max_per_box = 64;
constexpr std::size_t max_per_rule = 256;

using KeyRange = std::pair<std::uint32_t, std::uint32_t>;
// One box's key ranges per key dimension; reused from rule to rule (three
// heap blocks per rule were a tenth of prepare()'s instructions).
using KeyLists = std::array<std::vector<KeyRange>, key_count>;

void entries_of(std::size_t rule, const PacketSet& match, Family f, const Bounds& b,
                std::vector<PointIndex::Entry>& out, KeyLists& lists) {
    const std::size_t start = out.size();
    const unsigned shift = f == Family::v6 ? 96 : 0;
    using Range = KeyRange;
    for (const Box& box : match.boxes(f)) {
        if (box.empty()) continue;
        std::size_t product = 1;
        for (std::size_t d = 0; d < key_count; ++d) {
            unsigned s = key_dims[d] == dport_dim ? 0 : shift;
            auto& list = lists[d];
            list.clear();
            for (const auto& iv : box.dims[key_dims[d]].intervals()) {
                Range r{std::uint32_t(iv.lo >> s), std::uint32_t(iv.hi >> s)};
                // Keys of IPv6 intervals may meet (the same top 32 bits).
                if (!list.empty() && r.first <= std::uint64_t(list.back().second) + 1)
                    list.back().second = std::max(list.back().second, r.second);
                else
                    list.push_back(r);
            }
            product *= list.size();
        }
        while (product > max_per_box) {
            // Take the dimension with the fewest (but several) intervals whole.
            std::size_t pick = key_count;
            for (std::size_t d = 0; d < key_count; ++d)
                if (lists[d].size() > 1 && (pick == key_count || lists[d].size() < lists[pick].size())) pick = d;
            product /= lists[pick].size();
            lists[pick] = {Range{lists[pick].front().first, lists[pick].back().second}};
        }
        for (const Range& a : lists[0])
            for (const Range& c : lists[1])
                for (const Range& e : lists[2])
                    out.push_back(PointIndex::Entry{std::uint32_t(rule), {a.first, c.first, e.first},
                                                    {a.second, c.second, e.second}});
        if (out.size() - start > max_per_rule) break;
    }
    if (out.size() - start > max_per_rule || out.size() == start) {
        // Too many pieces (or none in the key dimensions): the rule's bounds.
        out.resize(start);
        Probe k = probe_of(b, f);
        out.push_back(PointIndex::Entry{std::uint32_t(rule), k.lo, k.hi});
    }
}

// What FW201 and FW202 both need of every rule of the chain, computed once.
struct Prepared {
    std::vector<Bounds> bounds;
    std::vector<States> states;
    // The index entries of rule k: entries[first[k] .. first[k + 1]).
    std::vector<PointIndex::Entry> entries;
    std::vector<std::size_t> first;
    // Whether the redundancy walk looks at rule k at all (not disabled, LOG,
    // none or without packets), and whether it must look at it for every
    // rule (state-only: addresses unknown).
    std::vector<bool> walked, everywhere;
    // Every rule that takes new flows (FW202: which later rule a packet
    // meets first), and those of them without conditions and with a
    // terminating action (FW201's possible coverers, FW202's certain
    // deciders: each query's own test picks among them).
    PointIndex takers, decisive_own;
    bool all_decisive = false;  // every taker is decisive (a Cisco ACL): one index serves both
    const PointIndex& decisive() const { return all_decisive ? takers : decisive_own; }
};

Prepared prepare(const Chain& chain, Family family) {
    Prepared p;
    std::size_t n = chain.rules.size();
    p.bounds.reserve(n);
    p.states.reserve(n);
    p.first.reserve(n + 1);
    p.walked.reserve(n);
    p.everywhere.reserve(n);
    KeyLists lists;
    p.entries.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        const Rule& r = chain.rules[k];
        p.bounds.push_back(bounds_of(r.match, family));
        p.states.push_back(states_of(r));
        const Bounds& b = p.bounds.back();
        p.first.push_back(p.entries.size());
        bool walked = !(!r.enabled || r.action == Action::log || r.action == Action::none || (r.new_flows && b.empty));
        p.walked.push_back(walked);
        p.everywhere.push_back(walked && !r.new_flows);
        if (walked && r.new_flows) entries_of(k, r.match, family, b, p.entries, lists);
    }
    p.first.push_back(p.entries.size());
    p.takers = PointIndex(p.entries);
    std::vector<PointIndex::Entry> decisive;
    for (const auto& e : p.entries) {
        const Rule& r = chain.rules[e.rule];
        if (r.conditions.empty() && terminating(r.action)) decisive.push_back(e);
    }
    p.all_decisive = decisive.size() == p.entries.size();
    if (!p.all_decisive) p.decisive_own = PointIndex(decisive);
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

// A second packet to test before any set operation: the high corner of the
// last non-empty box (every dimension's largest value is in the box). A
// rule is shadowed (FW201) or redundant (FW202) only if every one of its
// packets passes the witness test, so one that fails settles the rule as
// the whole test would; the low corner and this one are far apart (the
// other end of an object-group, of a port range), so a rule that is only
// partly covered is mostly found here rather than after subtractions.
bool last_witness(const PacketSet& match, Family f, Point& out) {
    auto boxes = match.boxes(f);
    for (auto it = boxes.rbegin(); it != boxes.rend(); ++it)
        if (!it->empty()) {
            for (std::size_t d = 0; d < dim_count; ++d) out[d] = it->dims[d].max();
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
                        std::vector<std::pair<std::size_t, Point>>* used) {
    while (!rest.empty()) {
        Point witness = low_corner(rest.boxes(family).front());
        std::size_t k = find(witness);
        if (k == PointIndex::none) break;
        rest = rest.subtract(chain.rules[k].match);
        if (used) used->emplace_back(k, witness);
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

// Appends rule k's index entries.
void add_entries(const Prepared& p, std::size_t k, std::vector<PointIndex::Entry>& out) {
    out.insert(out.end(), p.entries.begin() + std::ptrdiff_t(p.first[k]), p.entries.begin() + std::ptrdiff_t(p.first[k + 1]));
}

std::vector<ShadowedRule> shadowed_rules(const Chain& chain, Family family, const Prepared& p) {
    std::vector<ShadowedRule> out;
    PacketSet family_space = PacketSet::all(family);
    const std::size_t n = chain.rules.size();
    // Earlier live, unconditional, terminating rules cover; which of the
    // possible ones do is known only in order (a shadowed rule does not):
    // covers[j] says, and implies may_cover(j).
    auto may_cover = [&](std::size_t j) {
        const Rule& r = chain.rules[j];
        return usable(r, p.bounds[j]) && r.conditions.empty() && terminating(r.action);
    };
    const PointIndex& index = p.decisive();
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
        std::size_t first_pick = PointIndex::none;
        bool shadowed = first_witness(r.match, family, first) && (first_pick = find(first)) != PointIndex::none;
        Point last;
        if (shadowed && last_witness(r.match, family, last) && last != first)
            shadowed = find(last) != PointIndex::none;
        std::vector<std::pair<std::size_t, Point>> picked;  // rule and the packet it was picked for
        // witness_cover starts with the same packet: its answer is known.
        auto find_next = [&](const Point& point) { return point == first ? first_pick : find(point); };
        if (shadowed)
            shadowed = witness_cover(chain, family, r.match.intersect(family_space), find_next, &picked).empty();
        if (!shadowed) {
            covers[i] = may_cover(i);
            continue;
        }
        std::sort(picked.begin(), picked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::size_t> used;
        std::vector<Point> witness;
        for (auto& [k, w] : picked) used.push_back(k), witness.push_back(w);
        // Minimal: drop every rule the others cover without. Dropping only
        // shrinks the set, so a rule kept once stays necessary. A rule whose
        // witness packet (of the rule's own packets) no other rule still in
        // the set takes is necessary without a set operation. The set
        // covers the subject, so the others do exactly when they cover the
        // part of it this rule takes (a box, where the subject is one).
        PacketSet subject = r.match.intersect(family_space);
        for (std::size_t k = 0; k < used.size();) {
            bool alone = true;
            for (std::size_t m = 0; m < used.size() && alone; ++m)
                alone = m == k || !contains(chain.rules[used[m]].match, family, witness[k]);
            if (used.size() > 1 && !alone &&
                covered_by(chain, subject.intersect(chain.rules[used[k]].match), used, k)) {
                used.erase(used.begin() + std::ptrdiff_t(k));
                witness.erase(witness.begin() + std::ptrdiff_t(k));
            } else {
                ++k;
            }
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

std::vector<RedundantRule> redundant_rules(const Chain& chain, Family family, const Prepared& p,
                                           const std::vector<ShadowedRule>& shadowed) {
    std::vector<RedundantRule> out;
    std::vector<bool> dead(chain.rules.size(), false);
    std::vector<const ShadowedRule*> shadow_of(chain.rules.size(), nullptr);
    for (const auto& s : shadowed) dead[s.rule] = true, shadow_of[s.rule] = &s;
    PacketSet family_space = PacketSet::all(family);
    // Verdict classes as small numbers (compared for every candidate rule;
    // the strings only name them).
    std::unordered_map<std::string, int> class_ids;
    auto class_id = [&](std::string name) { return class_ids.emplace(std::move(name), int(class_ids.size())).first->second; };
    int chain_end;  // the verdict at the end of the chain
    if (chain.builtin && chain.policy == Action::accept) chain_end = class_id("ACCEPT");
    else if (chain.builtin && chain.policy == Action::drop) chain_end = class_id("DROP");
    else chain_end = class_id("?end");  // RETURN to the caller, or no known policy

    std::vector<int> classes;
    classes.reserve(chain.rules.size());
    for (const Rule& r : chain.rules) classes.push_back(class_id(exact_class(r)));
    // The verdict a later rule gives (RETURN: the chain's end).
    auto verdict_of = [&](std::size_t k) { return chain.rules[k].action == Action::ret ? chain_end : classes[k]; };

    // Whether the walk for rule i passes over a dead (FW201) later rule k.
    // One that stays dead without rule i (i does not cover it) never
    // matches. One that rule i covers comes alive without it: it counts
    // when it gives another verdict (it would change what rule i's packets
    // get), but not when it gives the same one: FW201 reports it to be
    // removed, so it is never what makes rule i redundant (else following
    // both findings, e.g. for two equal rules, would remove both).
    auto dead_without = [&](std::size_t k, std::size_t i) {
        if (!dead[k]) return false;
        const auto& cov = shadow_of[k]->covering;
        if (!std::binary_search(cov.begin(), cov.end(), i)) return true;
        return verdict_of(k) == classes[i];
    };

    // The later rules a walk can meet: p.takers holds every rule that takes
    // new flows; the certain cover below asks it for those that can give a
    // verdict for certain (unconditional accept, drop, reject).
    const std::size_t n = chain.rules.size();
    const PointIndex& taker_index = p.takers;
    std::optional<RangeIndex> walk_index;  // built for the first rule that needs a walk
    constexpr std::size_t walk_block = 2048;
    std::vector<std::uint32_t> later;

    for (std::size_t i = 0; i < n; ++i) {
        const Rule& r = chain.rules[i];
        if (dead[i] || !usable(r, p.bounds[i])) continue;
        if (r.action != Action::accept && r.action != Action::drop && r.action != Action::reject) continue;
        const int cls = classes[i];
        const Bounds& bi = p.bounds[i];
        Point first;
        if (!first_witness(r.match, family, first)) continue;  // not usable
        // Necessary: the first later rule (that matters) to take a packet
        // of the rule gives its verdict (one that gives another or hands it
        // on blocks the walk below, which meets it with the packet still in
        // its remainder), and, when the chain's end gives another verdict,
        // there is one.
        auto decides = [&](std::size_t k) {
            const Rule& l = chain.rules[k];
            return verdict_of(k) == cls && l.action != Action::jump && l.action != Action::go_to &&
                   l.action != Action::other;
        };
        if (chain_end != cls) {
            // Every packet must meet such a rule: a witness test (the lowest
            // one for a packet not yet taken, until none is left) rules
            // most rules out without a walk. Removing its packets keeps the
            // test necessary: the walk removes them too, from a rule at or
            // before it. Asked of the rules that decide for certain (no
            // conditions, so not the many conditional rules of the same
            // verdict that only pass packets on): the lowest one holding the
            // packet, if it gives another verdict, blocks the walk too.
            auto find = [&](const Point& point) {
                std::size_t k = p.decisive().first(point_keys(point, family), i + 1, n, [&](std::size_t k) {
                    if (dead_without(k, i) || !contains(chain.rules[k].match, family, point)) return false;
                    return !decides(k) || covers_states(p.states[k], p.states[i]);
                });
                return k != PointIndex::none && decides(k) ? k : PointIndex::none;
            };
            const std::size_t first_pick = find(first);
            if (first_pick == PointIndex::none) continue;
            Point last;
            if (last_witness(r.match, family, last) && last != first && find(last) == PointIndex::none) continue;
            auto find_next = [&](const Point& point) { return point == first ? first_pick : find(point); };
            if (!witness_cover(chain, family, r.match.intersect(family_space), find_next, nullptr).empty()) continue;
        } else {
            // The first packet's taker among every rule that takes new flows
            // (a same-verdict conditional rule only passes it on); then the
            // last corner's.
            auto blocked_at = [&](const Point& point) {
                std::size_t meets = taker_index.first(point_keys(point, family), i + 1, n, [&](std::size_t k) {
                    const Rule& l = chain.rules[k];
                    if (dead_without(k, i) || !contains(l.match, family, point)) return false;
                    bool partial = !l.conditions.empty() || !covers_states(p.states[k], p.states[i]);
                    return !decides(k) || !partial;
                });
                return meets != PointIndex::none && !decides(meets);
            };
            if (blocked_at(first)) continue;
            Point last;
            if (last_witness(r.match, family, last) && last != first && blocked_at(last)) continue;
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
                if (p.everywhere[k])
                    keyed.push_back(PointIndex::Entry{std::uint32_t(k), {0, 0, 0}, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}});
                else if (p.walked[k])
                    add_entries(p, k, keyed);
            }
            walk_index.emplace(keyed, walk_block);
        }
        // A block of later rules at a time: the walk mostly stops within
        // a few rules (blocked, or nothing left).
        walk_index->walk(probe.lo, probe.hi, i + 1, later, [&](std::size_t k) {
            visit_later(k);
            return !blocked && !rest.empty();
        });
        if (blocked) continue;
        if (!rest.empty()) {
            if (chain_end != cls) continue;
            red.policy_decides = true;
        }
        out.push_back(std::move(red));
    }
    return out;
}

}  // namespace

std::vector<ShadowedRule> find_shadowed(const Chain& chain, Family family) {
    return shadowed_rules(chain, family, prepare(chain, family));
}

std::vector<RedundantRule> find_redundant(const Chain& chain, Family family,
                                          const std::vector<ShadowedRule>& shadowed) {
    return redundant_rules(chain, family, prepare(chain, family), shadowed);
}

ShadowingReport find_shadowing(const Chain& chain, Family family) {
    Prepared p = prepare(chain, family);
    ShadowingReport report;
    report.shadowed = shadowed_rules(chain, family, p);
    report.redundant = redundant_rules(chain, family, p, report.shadowed);
    return report;
}

}  // namespace fwlint
