#include "analyze/diff_scope.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "analyze/evaluate_windows.hpp"

namespace fwlint {

namespace {

// The alignment searches a stretch between two anchors (entries found once
// on each side) for at most this many differences; beyond it the stretch's
// entries all count as differing (still exact: any common subsequence will
// do, a longest one only keeps the region small).
constexpr std::size_t max_search = 256;

// More differing entries than this share of all: the whole space is walked
// instead (the region would be most of it).
constexpr std::size_t whole_share = 2;  // 1/2

// An entry as the first-match walk sees it: what it takes and what it decides.
struct Entry {
    const Rule* rule = nullptr;
    std::uint64_t hash = 0;
    int kind = 0;  // action and condition class
};

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

std::uint64_t hash_match(const PacketSet& s, int kind) {
    std::uint64_t h = std::uint64_t(kind);
    for (Family f : {Family::v4, Family::v6})
        for (const Box& b : s.boxes(f)) {
            h = mix(h, 0xb0c5);
            for (const auto& dim : b.dims)
                for (const auto& iv : dim.intervals()) {
                    h = mix(h, std::uint64_t(iv.lo) ^ std::uint64_t(iv.lo >> 64));
                    h = mix(h, std::uint64_t(iv.hi) ^ std::uint64_t(iv.hi >> 64));
                }
        }
    return h;
}

bool same(const Entry& a, const Entry& b) {
    return a.hash == b.hash && a.kind == b.kind && a.rule->target == b.rule->target &&
           std::ranges::equal(a.rule->match.boxes(Family::v4), b.rule->match.boxes(Family::v4)) &&
           std::ranges::equal(a.rule->match.boxes(Family::v6), b.rule->match.boxes(Family::v6));
}

// The entries of `chain` that can decide or lead elsewhere, in order. A
// jump or goto is an entry like the others, compared by its target's name
// too (the targets' own entries are compared chain by chain).
void deciding_entries(const Chain& chain, std::vector<Entry>& out) {
    for (const Rule& r : chain.rules) {
        if (!r.enabled || !r.new_flows || r.action == Action::log || r.action == Action::none) continue;
        bool loopback = std::any_of(r.conditions.begin(), r.conditions.end(),
                                    [](const Condition& c) { return c.loopback_only; });
        if (loopback) continue;  // holds for no flow between two hosts: never takes part
        int kind = int(r.action) * 2 + (r.conditions.empty() ? 0 : 1);
        std::uint64_t h = hash_match(r.match, kind);
        if (r.action == Action::jump || r.action == Action::go_to)
            for (char c : r.target) h = mix(h, std::uint64_t(static_cast<unsigned char>(c)));
        out.push_back(Entry{&r, h, kind});
    }
}

// Myers' O((N+M)D) difference of a and b: marks the entries of a longest
// common subsequence in keep_a / keep_b. false when more than max_d entries
// differ.
bool common_subsequence(const std::vector<Entry>& a, const std::vector<Entry>& b, std::size_t max_d,
                        std::vector<char>& keep_a, std::vector<char>& keep_b) {
    const long n = long(a.size()), m = long(b.size()), off = long(max_d) + 1;
    keep_a.assign(a.size(), 0);
    keep_b.assign(b.size(), 0);
    std::vector<long> v(2 * off + 1, 0);
    std::vector<std::vector<long>> trace;
    for (long d = 0; d <= long(max_d); ++d) {
        trace.push_back(v);
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && same(a[x], b[y])) ++x, ++y;
            v[off + k] = x;
            if (x < n || y < m) continue;
            // Back from (n, m): the diagonal steps are the common entries.
            for (long e = d; e >= 0; --e) {
                const std::vector<long>& w = trace[e];
                long kk = x - y;
                long prev_k = (kk == -e || (kk != e && w[off + kk - 1] < w[off + kk + 1])) ? kk + 1 : kk - 1;
                long prev_x = w[off + prev_k], prev_y = prev_x - prev_k;
                while (x > prev_x && y > prev_y) {
                    --x, --y;
                    keep_a[x] = keep_b[y] = 1;
                }
                x = prev_x, y = prev_y;
            }
            return true;
        }
    }
    return false;
}

// A common subsequence of a and b, marked in keep_a / keep_b: the entries
// found exactly once on each side, in the same order on both (a longest
// increasing run of their positions), anchor it; the stretches between
// anchors are aligned by common_subsequence (Myers), or left unmatched when
// they differ in more than max_search entries.
void align(const std::vector<Entry>& a, const std::vector<Entry>& b, std::vector<char>& keep_a,
           std::vector<char>& keep_b) {
    keep_a.assign(a.size(), 0);
    keep_b.assign(b.size(), 0);
    if (a.empty() || b.empty()) return;
    // (hash, side, position) sorted: a hash seen once on each side, with equal entries, is an anchor candidate.
    std::vector<std::tuple<std::uint64_t, int, std::size_t>> keys;
    keys.reserve(a.size() + b.size());
    for (std::size_t i = 0; i < a.size(); ++i) keys.emplace_back(a[i].hash, 0, i);
    for (std::size_t j = 0; j < b.size(); ++j) keys.emplace_back(b[j].hash, 1, j);
    std::sort(keys.begin(), keys.end());
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (position in a, position in b)
    for (std::size_t k = 0; k + 1 < keys.size();) {
        std::size_t e = k;
        while (e < keys.size() && std::get<0>(keys[e]) == std::get<0>(keys[k])) ++e;
        if (e - k == 2 && std::get<1>(keys[k]) == 0 && std::get<1>(keys[k + 1]) == 1 &&
            same(a[std::get<2>(keys[k])], b[std::get<2>(keys[k + 1])]))
            pairs.emplace_back(std::get<2>(keys[k]), std::get<2>(keys[k + 1]));
        k = e;
    }
    std::sort(pairs.begin(), pairs.end());
    // Longest increasing run of b positions (patience sorting).
    std::vector<std::size_t> tails, prev(pairs.size(), ~std::size_t(0));
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        auto it = std::lower_bound(tails.begin(), tails.end(), pairs[i].second,
                                   [&](std::size_t t, std::size_t v) { return pairs[t].second < v; });
        if (it != tails.begin()) prev[i] = *(it - 1);
        if (it == tails.end())
            tails.push_back(i);
        else
            *it = i;
    }
    std::vector<std::pair<std::size_t, std::size_t>> anchors;
    for (std::size_t i = tails.empty() ? ~std::size_t(0) : tails.back(); i != ~std::size_t(0); i = prev[i])
        anchors.push_back(pairs[i]);
    std::reverse(anchors.begin(), anchors.end());
    anchors.emplace_back(a.size(), b.size());  // the end, as an anchor
    std::size_t x = 0, y = 0;
    std::vector<char> ka, kb;
    for (const auto& [ax, by] : anchors) {
        std::vector<Entry> sa(a.begin() + long(x), a.begin() + long(ax)), sb(b.begin() + long(y), b.begin() + long(by));
        if (common_subsequence(sa, sb, std::min(max_search, sa.size() + sb.size()), ka, kb)) {
            for (std::size_t i = 0; i < sa.size(); ++i) keep_a[x + i] = ka[i];
            for (std::size_t j = 0; j < sb.size(); ++j) keep_b[y + j] = kb[j];
        }
        if (ax < a.size()) keep_a[ax] = keep_b[by] = 1;
        x = ax + 1, y = by + 1;
    }
}

}  // namespace

namespace {

// Adds to `parts` the matches of the entries of `old_chain` and `new_chain`
// (either may be null: no such chain, read as an empty one) outside a
// longest common subsequence of the two. false when more than
// max_differing entries differ.
bool differing_entries(const Chain* old_chain, const Chain* new_chain, std::vector<PacketSet>& parts,
                       std::size_t& total) {
    std::vector<Entry> a, b;
    if (old_chain) deciding_entries(*old_chain, a);
    if (new_chain) deciding_entries(*new_chain, b);
    // The common head and tail need no search.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && same(a[head], b[head])) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && same(a[a.size() - 1 - tail], b[b.size() - 1 - tail]))
        ++tail;
    std::vector<Entry> mid_a(a.begin() + long(head), a.end() - long(tail));
    std::vector<Entry> mid_b(b.begin() + long(head), b.end() - long(tail));
    std::vector<char> keep_a, keep_b;
    align(mid_a, mid_b, keep_a, keep_b);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < mid_a.size(); ++i)
        if (!keep_a[i]) parts.push_back(mid_a[i].rule->match), ++differing;
    for (std::size_t i = 0; i < mid_b.size(); ++i)
        if (!keep_b[i]) parts.push_back(mid_b[i].rule->match), ++differing;
    total += a.size() + b.size();
    if (differing * whole_share > total && differing > max_search) return false;
    return true;
}

// The differing entries' matches, united pairwise (not onto a growing total).
PacketSet unite_parts(std::vector<PacketSet> parts, Family f) {
    if (parts.empty()) return PacketSet();
    while (parts.size() > 1) {
        std::vector<PacketSet> next;
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) next.push_back(parts[i].unite(parts[i + 1]));
        if (parts.size() % 2) next.push_back(std::move(parts.back()));
        parts.swap(next);
    }
    return parts.front().intersect(PacketSet::all(f));
}

// The end policies' rest: at most this many boxes are worth the bound below.
constexpr std::size_t max_end_boxes = 256;

// A set holding every packet that can reach the end of built-in chain
// `chain` (its policy, or a profile's default action) in either mode: the
// packets no unconditional ACCEPT, DROP or REJECT of the chain itself takes
// (Windows: no rule without a condition). A packet that reaches the end has
// passed each of them, so it is outside their matches. std::nullopt when the
// chain has a goto or RETURN (their packets go to the policy from the middle
// of the chain) or the rest is more than max_end_boxes boxes: the whole space
// is walked instead. Empty for a chain that ends in a catch-all rule.
std::optional<PacketSet> reaching_end(const Policy& policy, const Chain& chain) {
    const bool windows = policy.order == EvaluationOrder::windows_precedence;
    PacketSet rest = PacketSet::all(policy.family);
    for (const Rule& r : chain.rules) {
        if (rest.empty()) break;
        if (!r.enabled || !r.new_flows) continue;
        if (windows) {
            if (windows_has_real_condition(r)) continue;
        } else {
            if (r.action == Action::go_to || r.action == Action::ret) return std::nullopt;
            bool terminal = r.action == Action::accept || r.action == Action::drop || r.action == Action::reject ||
                            r.action == Action::other;
            if (!terminal || !r.conditions.empty()) continue;
        }
        rest = rest.subtract(r.match);
        if (rest.box_count() > max_end_boxes) return std::nullopt;
    }
    return rest;
}

// The names of the chains reachable from `start` in `policy`.
void reachable_names(const Policy& policy, const Chain* start, std::vector<std::string>& names) {
    if (!start) return;
    for (const Chain* c : policy.reachable_from(*start))
        if (c && std::find(names.begin(), names.end(), c->name) == names.end()) names.push_back(c->name);
}

// Windows: a rule as precedence sees it (its class, the modes it takes part
// in), with no order. A packet that no rule present on one side only matches
// is matched by the same kinds of rules on both sides, so it gets the same
// verdict in each mode.
void windows_entries(const Chain& chain, std::vector<Entry>& out) {
    for (const Rule& r : chain.rules) {
        if (!r.enabled || !r.new_flows) continue;
        int takes = 0;
        for (ConditionMode m : {ConditionMode::strict, ConditionMode::lenient})
            if (windows_takes_part(r, m)) takes |= 1 << int(m);
        if (!takes) continue;
        int kind = windows_precedence_class(r) * 4 + takes;
        out.push_back(Entry{&r, hash_match(r.match, kind), kind});
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.hash < b.hash; });
}

// The matches of the rules of `a` with no equal rule in `b` (both sorted by hash).
void unmatched(const std::vector<Entry>& a, const std::vector<Entry>& b, std::vector<PacketSet>& parts) {
    for (const Entry& e : a) {
        auto it = std::lower_bound(b.begin(), b.end(), e.hash, [](const Entry& x, std::uint64_t h) { return x.hash < h; });
        bool found = false;
        for (; it != b.end() && it->hash == e.hash && !found; ++it) found = same(e, *it);
        if (!found) parts.push_back(e.rule->match);
    }
}

}  // namespace

std::optional<PacketSet> differing_space(const Policy& old_policy, std::string_view old_chain,
                                         const Policy& new_policy, std::string_view new_chain) {
    if (old_policy.order != new_policy.order || old_policy.family != new_policy.family) return std::nullopt;
    const Chain* oc = old_policy.find_chain(old_chain);
    const Chain* nc = new_policy.find_chain(new_chain);
    if (!oc || !nc) return std::nullopt;
    std::vector<PacketSet> parts;
    // Different end policies: the packets that can reach them differ too.
    if (oc->policy != nc->policy) {
        auto old_end = reaching_end(old_policy, *oc), new_end = reaching_end(new_policy, *nc);
        if (!old_end || !new_end) return std::nullopt;
        parts.push_back(std::move(*old_end));
        parts.push_back(std::move(*new_end));
    }
    if (old_policy.order == EvaluationOrder::windows_precedence) {
        std::vector<Entry> a, b;
        windows_entries(*oc, a);
        windows_entries(*nc, b);
        unmatched(a, b, parts);
        unmatched(b, a, parts);
        if (parts.size() * whole_share > a.size() + b.size() + 2 && parts.size() > max_search) return std::nullopt;
        return unite_parts(std::move(parts), old_policy.family);
    }
    if (old_policy.order != EvaluationOrder::first_match) return std::nullopt;
    std::size_t total = 0;
    if (!differing_entries(oc, nc, parts, total)) return std::nullopt;
    // User chains the entry chains reach (on either side), paired by name: a
    // packet no differing entry of any of them matches takes the same
    // entries, jumps and returns on both sides.
    std::vector<std::string> names;
    reachable_names(old_policy, oc, names);
    reachable_names(new_policy, nc, names);
    std::vector<const Rule*> jumps;  // of both policies, read once
    for (const std::string& name : names) {
        const Chain* a = old_policy.find_chain(name);
        const Chain* b = new_policy.find_chain(name);
        if (a == oc || b == nc) continue;  // the entry chains, compared above
        if ((a && a->builtin) || (b && b->builtin)) return std::nullopt;  // a jump to a built-in chain: not paired by name
        std::size_t first = parts.size();
        if (!differing_entries(a, b, parts, total)) return std::nullopt;
        if (first == parts.size()) continue;
        // A packet enters a user chain only through a jump or goto to it, so
        // only the packets some jump to it (on either side) matches can be
        // decided differently by its entries: one zone's chain is one zone's
        // sources, not every packet.
        if (jumps.empty())
            for (const Policy* p : {&old_policy, &new_policy})
                for (const Chain& c : p->chains)
                    for (const Rule& r : c.rules)
                        if (r.action == Action::jump || r.action == Action::go_to) jumps.push_back(&r);
        PacketSet reach;
        for (const Rule* r : jumps)
            if (r->target == name) reach = reach.unite(r->match);
        for (std::size_t k = first; k < parts.size(); ++k) parts[k] = parts[k].intersect(reach);
    }
    return unite_parts(std::move(parts), old_policy.family);
}

}  // namespace fwlint
