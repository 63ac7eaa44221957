// CoverIndex (analyze/windows_cover.hpp) finds the rules that take all of a
// packet set through the bounds indexes; cover_by_scan tries every candidate
// in order. FW104/FW202 on Windows must not change with the method, so these
// tests hold the index to the scan on many small random chains: both the
// verdict (covered or not) and the exact list of covering rules.
#include <algorithm>
#include <random>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/windows_cover.hpp"

using namespace fwlint;

namespace {

// Range ends a chain's rules use, per dimension: a few close together and a
// few spread over the whole key space, so the index files rules at several
// cell sizes. IPv6 addresses differ in their top bits (what the index keys
// on) and in their low bits only (which the index cannot tell apart).
struct Ends {
    std::array<std::vector<u128>, dim_count> ends;
};

Ends make_ends(std::mt19937& rng, Family f) {
    Ends e;
    for (std::size_t d = 0; d < dim_count; ++d) {
        auto& v = e.ends[d];
        const u128 top = dim_max(Dim(d), f);
        if (d == proto_dim) {
            v = {proto_tcp, proto_udp};
        } else if (d == sport_dim) {
            v = {0, 1023, 1024, top};
        } else {
            std::uint64_t span = d == dport_dim ? 65536 : (std::uint64_t{1} << 32);
            std::uint64_t base = rng() % span;
            for (int k = 0; k < 3; ++k) v.push_back(u128((base + rng() % 40) % span));
            for (int k = 0; k < 3; ++k) v.push_back(u128(rng() % span));
            if (f == Family::v6 && d != dport_dim) {
                for (auto& x : v) x <<= 96;
                v.push_back(v.front() + 5);  // same index key as v.front()
            }
            v.push_back(0);
            v.push_back(top);
        }
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    return e;
}

Box random_box(std::mt19937& rng, const Ends& e, Family f) {
    Box b = Box::all(f);
    for (std::size_t d = 0; d < dim_count; ++d) {
        const auto& v = e.ends[d];
        // Often the whole dimension, as most rules leave most conditions open.
        if (rng() % 3 == 0) continue;
        u128 a = v[rng() % v.size()], c = v[rng() % v.size()];
        if (c < a) std::swap(a, c);
        b.dims[d] = IntervalSet::range(a, c);
    }
    return b;
}

PacketSet random_set(std::mt19937& rng, const std::array<Ends, 2>& ends, bool both_families) {
    PacketSet s;
    int boxes = 1 + int(rng() % 3);
    for (int k = 0; k < boxes; ++k) {
        Family f = both_families && rng() % 2 ? Family::v6 : Family::v4;
        s = s.unite(PacketSet::of(f, random_box(rng, ends[f == Family::v4 ? 0 : 1], f)));
    }
    return s;
}

struct Trial {
    int covered = 0, several = 0, dropped = 0, uncovered = 0;
};

void run_trials(unsigned seed, int chains, Trial& tally) {
    std::mt19937 rng(seed);
    for (int t = 0; t < chains; ++t) {
        const bool both = t % 4 == 3;
        std::array<Ends, 2> ends = {make_ends(rng, Family::v4), make_ends(rng, Family::v6)};
        Chain chain;
        const int n = 2 + int(rng() % 14);
        for (int i = 0; i < n; ++i) {
            Rule r;
            r.loc.line = i + 1;
            r.match = random_set(rng, ends, both);
            chain.rules.push_back(std::move(r));
        }
        std::vector<std::size_t> members;
        for (int i = 0; i < n; ++i)
            if (rng() % 5 != 0) members.push_back(std::size_t(i));
        const CoverIndex index(chain, members);
        for (int q = 0; q < 12; ++q) {
            // Some members left out of this query (as FW202 leaves out the
            // rule itself and the rules already found redundant).
            std::vector<char> out(std::size_t(n), 0);
            for (auto& o : out) o = rng() % 4 == 0;
            CoverIndex::Eligible eligible = [&](std::size_t j) { return !out[j]; };
            std::vector<const Rule*> candidates;
            for (std::size_t m : members)
                if (!out[m]) candidates.push_back(&chain.rules[m]);
            // Subjects the candidates often cover: a piece of a member, or of
            // the union of a few; and plain random ones.
            PacketSet subject;
            switch (q % 3) {
                case 0: subject = random_set(rng, ends, both); break;
                case 1:
                    subject = chain.rules[rng() % std::size_t(n)].match.intersect(random_set(rng, ends, both));
                    break;
                default:
                    for (int k = 0; k < 3; ++k) subject = subject.unite(chain.rules[rng() % std::size_t(n)].match);
                    if (rng() % 2) subject = subject.intersect(random_set(rng, ends, both));
            }
            auto expected = cover_by_scan(subject, candidates);
            auto got = index.cover(subject, eligible);
            INFO(fmt::format("seed {} chain {} query {}: subject {}", seed, t, q, subject.to_string()));
            REQUIRE(got == expected);
            if (expected.empty()) {
                ++tally.uncovered;
            } else {
                ++tally.covered;
                if (expected.size() > 1) ++tally.several;
                // Did the scan keep a rule it then dropped? (the third step)
                PacketSet rest = subject;
                std::size_t kept = 0;
                for (const Rule* c : candidates) {
                    if (rest.empty()) break;
                    if (!rest.intersects(c->match)) continue;
                    rest = rest.subtract(c->match);
                    ++kept;
                }
                if (kept > expected.size()) ++tally.dropped;
            }
        }
    }
}

}  // namespace

TEST_CASE("windows cover: the index finds exactly the rules the scan finds, on random chains") {
    Trial tally;
    for (unsigned seed : {1u, 7u, 2024u, 90210u}) run_trials(seed, 150, tally);
    // The random cases reached every branch: covered by one rule and by
    // several, a kept rule dropped again, and not covered at all.
    CHECK(tally.covered > 300);
    CHECK(tally.several > 50);
    CHECK(tally.dropped > 10);
    CHECK(tally.uncovered > 300);
}

TEST_CASE("windows cover: a set many small rules cut up is covered by the broad one only") {
    // 2,000 single-address blocks inside one broad block, all before it: the
    // scan keeps each small one and then drops them all.
    Chain chain;
    auto host_rule = [](u128 src_lo, u128 src_hi, int line) {
        Box b = Box::all(Family::v4);
        b.dims[src_dim] = IntervalSet::range(src_lo, src_hi);
        Rule r;
        r.loc.line = line;
        r.match = PacketSet::of(Family::v4, b);
        return r;
    };
    for (int i = 0; i < 2000; ++i) chain.rules.push_back(host_rule(0x0a000000u + 2u * u128(i), 0x0a000000u + 2u * u128(i), i + 1));
    chain.rules.push_back(host_rule(0x0a000000u, 0x0affffffu, 2001));
    std::vector<std::size_t> members(chain.rules.size());
    for (std::size_t i = 0; i < members.size(); ++i) members[i] = i;
    const CoverIndex index(chain, members);
    Box subject = Box::all(Family::v4);
    subject.dims[src_dim] = IntervalSet::range(0x0a000000u, 0x0a00ffffu);
    subject.dims[dport_dim] = IntervalSet::single(443);
    auto got = index.cover(PacketSet::of(Family::v4, subject), [](std::size_t) { return true; });
    REQUIRE(got.size() == 1);
    CHECK(got[0]->loc.line == 2001);
    // Without the broad rule nothing covers it.
    auto none = index.cover(PacketSet::of(Family::v4, subject), [](std::size_t j) { return j != 2000; });
    CHECK(none.empty());
}
