#include "analyze/diff_scope.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fwlint {

namespace {

// Entries that can differ beyond this many make the argument cost more than
// it saves: the whole space is walked instead.
constexpr std::size_t max_differing = 512;

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

}  // namespace

namespace {

// Adds to `parts` the matches of the entries of `old_chain` and `new_chain`
// (either may be null: no such chain, read as an empty one) outside a
// longest common subsequence of the two. false when more than
// max_differing entries differ.
bool differing_entries(const Chain* old_chain, const Chain* new_chain, std::vector<PacketSet>& parts,
                       std::size_t& budget) {
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
    if (!common_subsequence(mid_a, mid_b, budget, keep_a, keep_b)) return false;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < mid_a.size(); ++i)
        if (!keep_a[i]) parts.push_back(mid_a[i].rule->match), ++differing;
    for (std::size_t i = 0; i < mid_b.size(); ++i)
        if (!keep_b[i]) parts.push_back(mid_b[i].rule->match), ++differing;
    budget -= std::min(budget, differing);
    return true;
}

// The names of the chains reachable from `start` in `policy`.
void reachable_names(const Policy& policy, const Chain* start, std::vector<std::string>& names) {
    if (!start) return;
    for (const Chain* c : policy.reachable_from(*start))
        if (c && std::find(names.begin(), names.end(), c->name) == names.end()) names.push_back(c->name);
}

}  // namespace

std::optional<PacketSet> differing_space(const Policy& old_policy, std::string_view old_chain,
                                         const Policy& new_policy, std::string_view new_chain) {
    if (old_policy.order != EvaluationOrder::first_match || new_policy.order != EvaluationOrder::first_match ||
        old_policy.family != new_policy.family)
        return std::nullopt;
    const Chain* oc = old_policy.find_chain(old_chain);
    const Chain* nc = new_policy.find_chain(new_chain);
    if (!oc || !nc || oc->policy != nc->policy) return std::nullopt;
    std::vector<PacketSet> parts;
    std::size_t budget = max_differing;
    if (!differing_entries(oc, nc, parts, budget)) return std::nullopt;
    // User chains the entry chains reach (on either side), paired by name: a
    // packet no differing entry of any of them matches takes the same
    // entries, jumps and returns on both sides.
    std::vector<std::string> names;
    reachable_names(old_policy, oc, names);
    reachable_names(new_policy, nc, names);
    for (const std::string& name : names) {
        const Chain* a = old_policy.find_chain(name);
        const Chain* b = new_policy.find_chain(name);
        if (a == oc || b == nc) continue;  // the entry chains, compared above
        if ((a && a->builtin) || (b && b->builtin)) return std::nullopt;  // a jump to a built-in chain: not paired by name
        if (!differing_entries(a, b, parts, budget)) return std::nullopt;
    }
    if (parts.empty()) return PacketSet();
    // The differing entries' matches, united pairwise (not onto a growing total).
    while (parts.size() > 1) {
        std::vector<PacketSet> next;
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) next.push_back(parts[i].unite(parts[i + 1]));
        if (parts.size() % 2) next.push_back(std::move(parts.back()));
        parts.swap(next);
    }
    return parts.front().intersect(PacketSet::all(old_policy.family));
}

}  // namespace fwlint
