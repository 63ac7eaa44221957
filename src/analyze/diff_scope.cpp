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
    return a.hash == b.hash && a.kind == b.kind &&
           std::ranges::equal(a.rule->match.boxes(Family::v4), b.rule->match.boxes(Family::v4)) &&
           std::ranges::equal(a.rule->match.boxes(Family::v6), b.rule->match.boxes(Family::v6));
}

// The entries of `chain` that can decide, in order; false when the chain
// jumps (its targets would count too).
bool deciding_entries(const Chain& chain, std::vector<Entry>& out) {
    for (const Rule& r : chain.rules) {
        if (r.action == Action::jump || r.action == Action::go_to) return false;
        if (!r.enabled || !r.new_flows || r.action == Action::log || r.action == Action::none) continue;
        bool loopback = std::any_of(r.conditions.begin(), r.conditions.end(),
                                    [](const Condition& c) { return c.loopback_only; });
        if (loopback) continue;  // holds for no flow between two hosts: never takes part
        int kind = int(r.action) * 2 + (r.conditions.empty() ? 0 : 1);
        out.push_back(Entry{&r, hash_match(r.match, kind), kind});
    }
    return true;
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

std::optional<PacketSet> differing_space(const Policy& old_policy, std::string_view old_chain,
                                         const Policy& new_policy, std::string_view new_chain) {
    if (old_policy.order != EvaluationOrder::first_match || new_policy.order != EvaluationOrder::first_match ||
        old_policy.family != new_policy.family)
        return std::nullopt;
    const Chain* oc = old_policy.find_chain(old_chain);
    const Chain* nc = new_policy.find_chain(new_chain);
    if (!oc || !nc || oc->policy != nc->policy) return std::nullopt;
    std::vector<Entry> a, b;
    if (!deciding_entries(*oc, a) || !deciding_entries(*nc, b)) return std::nullopt;
    // The common head and tail need no search.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && same(a[head], b[head])) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && same(a[a.size() - 1 - tail], b[b.size() - 1 - tail]))
        ++tail;
    std::vector<Entry> mid_a(a.begin() + long(head), a.end() - long(tail));
    std::vector<Entry> mid_b(b.begin() + long(head), b.end() - long(tail));
    std::vector<char> keep_a, keep_b;
    if (!common_subsequence(mid_a, mid_b, max_differing, keep_a, keep_b)) return std::nullopt;
    // The differing entries' matches, united pairwise (not onto a growing total).
    std::vector<PacketSet> parts;
    for (std::size_t i = 0; i < mid_a.size(); ++i)
        if (!keep_a[i]) parts.push_back(mid_a[i].rule->match);
    for (std::size_t i = 0; i < mid_b.size(); ++i)
        if (!keep_b[i]) parts.push_back(mid_b[i].rule->match);
    if (parts.empty()) return PacketSet();
    while (parts.size() > 1) {
        std::vector<PacketSet> next;
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) next.push_back(parts[i].unite(parts[i + 1]));
        if (parts.size() % 2) next.push_back(std::move(parts.back()));
        parts.swap(next);
    }
    return parts.front().intersect(PacketSet::all(old_policy.family));
}

}  // namespace fwlint
