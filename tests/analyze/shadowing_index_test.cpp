// find_shadowed and find_redundant look their candidates up in a point index
// (analyze/point_index.hpp) instead of scanning every rule. These tests
// compare them, on many random chains, with a brute-force reference that
// walks every rule over every packet of a small universe: rules whose ranges
// end at a few values spread over the whole 32-bit (16-bit for ports) space,
// so the index files them at every cell size and in every dimension, and
// every packet class is one of a few representatives.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/point_index.hpp"
#include "analyze/shadowing.hpp"
#include "random_universe.hpp"

using namespace fwlint;

namespace {

using fwlint_test::holds;
using fwlint_test::Point;
using fwlint_test::Universe;

Universe make_universe(std::mt19937& rng, Family f) {
    Universe u;
    for (std::size_t d = 0; d < dim_count; ++d) {
        auto& ends = u.ends[d];
        if (d == proto_dim) {
            ends = {proto_tcp, proto_udp};
        } else if (d == sport_dim) {
            ends = {0};
        } else {
            // A few clustered values (rules close together) and a few spread.
            std::uint64_t span = d == dport_dim ? 65536 : (std::uint64_t{1} << 32);
            std::uint64_t base = rng() % span;
            for (int k = 0; k < 4; ++k) ends.push_back(u128((base + rng() % 64) % span));
            for (int k = 0; k < 4; ++k) ends.push_back(u128(rng() % span));
            if (f == Family::v6 && d != dport_dim)
                for (auto& e : ends) e <<= 96;  // the index keys v6 addresses by their top 32 bits
        }
        fwlint_test::sort_unique(ends);
    }
    fwlint_test::complete_universe(u, f, {0});
    return u;
}

// `pieces` > 0: a union of up to that many ranges (an object-group, a port
// list), so a rule is filed as many index entries, or as its bounds when
// there would be too many.
IntervalSet random_set(std::mt19937& rng, const Universe& u, Dim d, Family f, int pieces = 0) {
    const auto& ends = u.ends[d];
    if (pieces > 0 && rng() % 3 != 0) {
        IntervalSet s;
        for (int k = 1 + int(rng() % unsigned(pieces)); k > 0; --k) {
            std::size_t a = rng() % ends.size();
            s = s.unite(rng() % 2 ? IntervalSet::single(ends[a]) : fwlint_test::random_range(rng, u, d));
        }
        return s;
    }
    return fwlint_test::random_ranges(rng, u, d, f, 6);
}

PacketSet random_match(std::mt19937& rng, const Universe& u, Family f, int pieces = 0) {
    PacketSet out;
    int boxes = rng() % 5 == 0 ? 2 : 1;
    if (pieces > 0 && rng() % 4 == 0) boxes = 1 + int(rng() % 6);
    for (int b = 0; b < boxes; ++b) {
        Box box = Box::all(f);
        switch (rng() % 3) {
            case 0: box.dims[proto_dim] = IntervalSet::single(proto_tcp); break;
            case 1: box.dims[proto_dim] = IntervalSet::single(proto_udp); break;
            default: break;
        }
        box.dims[src_dim] = random_set(rng, u, src_dim, f, pieces);
        box.dims[dst_dim] = random_set(rng, u, dst_dim, f, pieces);
        box.dims[dport_dim] = random_set(rng, u, dport_dim, f, pieces);
        out = out.unite(PacketSet::of(f, box));
    }
    return out;
}

Chain random_chain(std::mt19937& rng, const Universe& u, Family f, std::size_t n, int pieces = 0) {
    Chain c;
    c.builtin = rng() % 2 == 0;
    c.name = c.builtin ? "FORWARD" : "ZONE";
    if (c.builtin) c.policy = rng() % 2 ? Action::drop : Action::accept;
    for (std::size_t i = 0; i < n; ++i) {
        Rule r;
        r.loc.line = int(i) + 1;
        r.match = random_match(rng, u, f, pieces);
        switch (rng() % 20) {
            case 0: r.action = Action::log, r.target = "LOG"; break;
            case 1: r.action = Action::jump, r.target = "OTHER"; break;
            case 2: r.action = Action::ret, r.target = "RETURN"; break;
            case 3:
            case 4: r.action = Action::reject, r.target = "REJECT", r.target_options = rng() % 2 ? "" : "--reject-with tcp-reset"; break;
            case 5:
            case 6:
            case 7:
            case 8: r.action = Action::drop, r.target = "DROP"; break;
            default: r.action = Action::accept, r.target = "ACCEPT"; break;
        }
        unsigned extra = rng() % 20;
        if (extra == 0) r.enabled = false;
        if (extra == 1 || extra == 2) r.conditions.push_back(Condition{"mark 0x1", "-m mark --mark 0x1"});
        if (extra == 3 || extra == 4) r.states = state_new;
        if (extra == 5) {  // replies only: takes no new flow
            r.states = state_established | state_related;
            r.new_flows = false;
            r.match = PacketSet();
        }
        c.rules.push_back(std::move(r));
    }
    return c;
}

// ---- the reference: every rule, every packet ------------------------------

using Bits = std::vector<bool>;

bool restricted(const Rule& r) { return r.states != all_conn_states || !r.states_exact; }
bool covers_states(const Rule& c, const Rule& s) {
    if (!restricted(c)) return true;
    return restricted(s) && (s.states & ~c.states) == 0;
}
bool states_overlap(const Rule& a, const Rule& b) {
    return !restricted(a) || !restricted(b) || (a.states & b.states) != 0;
}
bool terminating(Action a) { return a != Action::jump && a != Action::log && a != Action::none; }
bool plain(Action a) { return a == Action::accept || a == Action::drop || a == Action::reject; }
std::string exact_class(const Rule& r) {
    if (r.action == Action::accept) return "ACCEPT";
    if (r.action == Action::drop) return "DROP";
    if (r.action == Action::reject) return "REJECT " + r.target_options;
    return fmt::format("?{}", int(r.action));
}
int shadow_class(const Rule& r) { return r.action == Action::reject ? int(Action::drop) : int(r.action); }

struct Reference {
    std::vector<Bits> takes;          // per rule: the points of its match
    std::vector<bool> shadowed, covers;
};

Reference reference_shadowing(const Chain& c, Family f, const Universe& u) {
    std::size_t n = c.rules.size();
    Reference ref;
    ref.shadowed.assign(n, false);
    ref.covers.assign(n, false);
    for (const Rule& r : c.rules) {
        Bits b(u.points.size());
        for (std::size_t q = 0; q < u.points.size(); ++q) b[q] = holds(r.match, f, u.points[q]);
        ref.takes.push_back(std::move(b));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Rule& r = c.rules[i];
        bool any = std::find(ref.takes[i].begin(), ref.takes[i].end(), true) != ref.takes[i].end();
        if (!r.enabled || !r.new_flows || !any) continue;
        bool all_taken = true;
        for (std::size_t q = 0; q < u.points.size() && all_taken; ++q) {
            if (!ref.takes[i][q]) continue;
            bool taken = false;
            for (std::size_t j = 0; j < i && !taken; ++j)
                taken = ref.covers[j] && covers_states(c.rules[j], r) && ref.takes[j][q];
            all_taken = taken;
        }
        ref.shadowed[i] = all_taken;
        ref.covers[i] = !all_taken && r.conditions.empty() && terminating(r.action);
    }
    return ref;
}

// The walk of find_redundant over later rules, on sets of points.
struct Walk {
    bool redundant = false;
    std::vector<std::size_t> deciders;
    bool policy_decides = false;
};

Walk reference_walk(const Chain& c, const Reference& ref, const std::vector<ShadowedRule>& shadowed, std::size_t i) {
    Walk w;
    std::string chain_end = !c.builtin ? "?end" : c.policy == Action::accept ? "ACCEPT" : "DROP";
    const Rule& r = c.rules[i];
    std::string cls = exact_class(r);
    Bits rest = ref.takes[i];
    auto empty = [](const Bits& b) { return std::find(b.begin(), b.end(), true) == b.end(); };
    for (std::size_t k = i + 1; k < c.rules.size() && !empty(rest); ++k) {
        const Rule& l = c.rules[k];
        if (!l.enabled || l.action == Action::log || l.action == Action::none) continue;
        bool same = (l.action == Action::ret ? chain_end : exact_class(l)) == cls;
        // A dead (FW201) later rule: skipped when it stays dead without
        // rule i, and when it comes alive but gives the same verdict (FW201
        // has it removed, so it never makes rule i redundant).
        auto s = std::find_if(shadowed.begin(), shadowed.end(), [&](const ShadowedRule& x) { return x.rule == k; });
        if (s != shadowed.end() &&
            (std::find(s->covering.begin(), s->covering.end(), i) == s->covering.end() || same))
            continue;
        if (!l.new_flows) {
            if (!same && states_overlap(l, r)) return w;
            continue;
        }
        bool meets = false;
        for (std::size_t q = 0; q < rest.size() && !meets; ++q) meets = rest[q] && ref.takes[k][q];
        if (!meets) continue;
        bool hands_on = l.action == Action::jump || l.action == Action::go_to || l.action == Action::other;
        bool partial = !l.conditions.empty() || !covers_states(l, r);
        if (!same || hands_on) return w;  // blocked
        if (partial) continue;
        for (std::size_t q = 0; q < rest.size(); ++q) rest[q] = rest[q] && !ref.takes[k][q];
        w.deciders.push_back(k);
    }
    if (!empty(rest)) {
        if (chain_end != cls) return w;
        w.policy_decides = true;
    }
    w.redundant = true;
    return w;
}

bool covered(const Reference& ref, std::size_t i, const std::vector<std::size_t>& by) {
    for (std::size_t q = 0; q < ref.takes[i].size(); ++q) {
        if (!ref.takes[i][q]) continue;
        if (std::none_of(by.begin(), by.end(), [&](std::size_t j) { return bool(ref.takes[j][q]); })) return false;
    }
    return true;
}

struct Seen {
    int shadowed = 0, combined = 0, redundant = 0, policy = 0;
};

// find_shadowed, find_redundant and find_shadowing against the reference on
// `rounds` random chains.
void compare_with_reference(std::mt19937& rng, int rounds, int pieces, Seen& seen) {
    for (int round = 0; round < rounds; ++round) {
        Family f = round % 4 == 3 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Chain c = random_chain(rng, u, f, 8 + rng() % 40, pieces);
        INFO("round " << round);
        Reference ref = reference_shadowing(c, f, u);

        auto shadowed = find_shadowed(c, f);
        std::vector<bool> reported(c.rules.size(), false);
        for (const auto& s : shadowed) {
            reported[s.rule] = true;
            INFO("shadowed rule " << s.rule);
            REQUIRE(!s.covering.empty());
            CHECK(std::is_sorted(s.covering.begin(), s.covering.end()));
            for (std::size_t j : s.covering) {
                CHECK(j < s.rule);
                CHECK(ref.covers[j]);
                CHECK(covers_states(c.rules[j], c.rules[s.rule]));
            }
            CHECK(covered(ref, s.rule, s.covering));
            for (std::size_t drop = 0; drop < s.covering.size(); ++drop) {
                auto fewer = s.covering;
                fewer.erase(fewer.begin() + std::ptrdiff_t(drop));
                CHECK(!covered(ref, s.rule, fewer));
            }
            bool same = std::all_of(s.covering.begin(), s.covering.end(), [&](std::size_t j) {
                return shadow_class(c.rules[j]) == shadow_class(c.rules[s.rule]);
            });
            CHECK(s.same_action == same);
            ++seen.shadowed;
            if (s.covering.size() > 1) ++seen.combined;
        }
        for (std::size_t i = 0; i < c.rules.size(); ++i) {
            INFO("rule " << i);
            CHECK(reported[i] == ref.shadowed[i]);
        }

        auto redundant = find_redundant(c, f, shadowed);
        std::size_t next = 0;
        for (std::size_t i = 0; i < c.rules.size(); ++i) {
            const Rule& r = c.rules[i];
            INFO("rule " << i);
            bool candidate = !reported[i] && r.enabled && r.new_flows && plain(r.action) &&
                             std::find(ref.takes[i].begin(), ref.takes[i].end(), true) != ref.takes[i].end();
            Walk w = candidate ? reference_walk(c, ref, shadowed, i) : Walk{};
            bool found = next < redundant.size() && redundant[next].rule == i;
            REQUIRE(found == w.redundant);
            if (!found) continue;
            CHECK(redundant[next].deciders == w.deciders);
            CHECK(redundant[next].policy_decides == w.policy_decides);
            ++seen.redundant;
            if (w.policy_decides) ++seen.policy;
            ++next;
        }
        CHECK(next == redundant.size());

        // The shared analysis (what check runs) gives the same answers.
        auto both = find_shadowing(c, f);
        REQUIRE(both.shadowed.size() == shadowed.size());
        for (std::size_t k = 0; k < shadowed.size(); ++k) {
            CHECK(both.shadowed[k].rule == shadowed[k].rule);
            CHECK(both.shadowed[k].covering == shadowed[k].covering);
            CHECK(both.shadowed[k].same_action == shadowed[k].same_action);
        }
        REQUIRE(both.redundant.size() == redundant.size());
        for (std::size_t k = 0; k < redundant.size(); ++k) {
            CHECK(both.redundant[k].rule == redundant[k].rule);
            CHECK(both.redundant[k].deciders == redundant[k].deciders);
            CHECK(both.redundant[k].policy_decides == redundant[k].policy_decides);
        }
    }
}

}  // namespace

TEST_CASE("randomized: the indexed shadowing and redundancy agree with a brute-force walk") {
    std::mt19937 rng(20261123);
    Seen seen;
    compare_with_reference(rng, 400, 0, seen);
    // The generator must exercise every kind of answer.
    CHECK(seen.shadowed > 300);
    CHECK(seen.combined > 30);
    CHECK(seen.redundant > 200);
    CHECK(seen.policy > 30);
}

TEST_CASE("randomized: rules of many intervals and boxes (object-groups) are filed per piece, answers unchanged") {
    // Up to 6 ranges per dimension and 6 boxes: a rule is filed as one
    // index entry per piece, capped per box (64) and per rule (256).
    std::mt19937 rng(4242);
    Seen seen;
    compare_with_reference(rng, 300, 6, seen);
    CHECK(seen.shadowed > 100);
    CHECK(seen.combined > 20);
    CHECK(seen.redundant > 50);
}

TEST_CASE("point index: every entry whose box holds the point is found, the lowest first") {
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::vector<PointIndex::Entry> entries;
        std::size_t n = 1 + rng() % 300;
        std::uint32_t base = std::uint32_t(rng());
        for (std::size_t i = 0; i < n; ++i) {
            if (rng() % 3 == 0) continue;  // not every rule is indexed
            PointIndex::Entry e{std::uint32_t(i), {}, {}};
            for (std::size_t d = 0; d < point_key_count; ++d) {
                std::uint32_t top = d == 0 ? 65535u : ~std::uint32_t{0};
                std::uint32_t a = rng() % 4 ? std::uint32_t(base + rng() % 4096) & top : std::uint32_t(rng()) & top;
                std::uint32_t width = std::uint32_t(1) << (rng() % (d == 0 ? 17 : 33 - 1));
                std::uint32_t b = std::uint32_t(std::min<std::uint64_t>(top, std::uint64_t(a) + rng() % width));
                if (rng() % 8 == 0) a = 0, b = top;
                e.lo[d] = a, e.hi[d] = b;
            }
            entries.push_back(e);
        }
        PointIndex index(entries);
        for (int q = 0; q < 50; ++q) {
            const auto& near = entries.empty() ? PointIndex::Entry{} : entries[rng() % entries.size()];
            PointKeys p;
            for (std::size_t d = 0; d < point_key_count; ++d)
                p[d] = rng() % 2 ? near.lo[d] + std::uint32_t(rng() % (std::uint64_t(near.hi[d]) - near.lo[d] + 1))
                                 : std::uint32_t(rng()) & (d == 0 ? 65535u : ~0u);
            std::size_t from = rng() % (n + 1), to = from + rng() % (n + 1 - from);
            std::uint32_t skip = std::uint32_t(rng() % 3);  // accept only every rule with rule % 3 != skip
            std::size_t expect = PointIndex::none;
            for (const auto& e : entries) {
                bool holds = true;
                for (std::size_t d = 0; d < point_key_count; ++d) holds = holds && e.lo[d] <= p[d] && p[d] <= e.hi[d];
                if (holds && e.rule >= from && e.rule < to && e.rule % 3 != skip) {
                    expect = e.rule;
                    break;
                }
            }
            CHECK(index.first(p, from, to, [&](std::size_t r) { return r % 3 != skip; }) == expect);
        }
    }
}

TEST_CASE("range index: meeting and walk find every entry meeting the box, in rule order, in blocks") {
    std::mt19937 rng(99);
    for (int round = 0; round < 200; ++round) {
        std::vector<PointIndex::Entry> entries;
        std::size_t n = 1 + rng() % 400;
        std::uint32_t base = std::uint32_t(rng());
        for (std::size_t i = 0; i < n; ++i) {
            // Some rules are not indexed, some have several entries (pieces).
            for (int pieces = rng() % 3 == 0 ? 0 : 1 + int(rng() % 3); pieces > 0; --pieces) {
                PointIndex::Entry e{std::uint32_t(i), {}, {}};
                for (std::size_t d = 0; d < point_key_count; ++d) {
                    std::uint32_t top = d == 0 ? 65535u : ~std::uint32_t{0};
                    std::uint32_t a = rng() % 4 ? std::uint32_t(base + rng() % 4096) & top : std::uint32_t(rng()) & top;
                    std::uint32_t width = std::uint32_t(1) << (rng() % (d == 0 ? 17 : 32));
                    std::uint32_t b = std::uint32_t(std::min<std::uint64_t>(top, std::uint64_t(a) + rng() % width));
                    if (rng() % 8 == 0) a = 0, b = top;
                    e.lo[d] = a, e.hi[d] = b;
                }
                entries.push_back(e);
            }
        }
        std::size_t block = 1 + rng() % 64;
        RangeIndex whole(entries), blocked(entries, block);
        for (int q = 0; q < 30; ++q) {
            PointKeys lo, hi;
            for (std::size_t d = 0; d < point_key_count; ++d) {
                std::uint32_t top = d == 0 ? 65535u : ~std::uint32_t{0};
                lo[d] = std::uint32_t(base + rng() % 4096) & top;
                hi[d] = std::uint32_t(std::min<std::uint64_t>(top, std::uint64_t(lo[d]) + rng() % 2048));
            }
            std::size_t from = rng() % (n + 1);
            std::vector<std::uint32_t> expect;
            for (const auto& e : entries) {
                bool meets = e.rule >= from;
                for (std::size_t d = 0; d < point_key_count; ++d) meets = meets && e.lo[d] <= hi[d] && lo[d] <= e.hi[d];
                if (meets && (expect.empty() || expect.back() != e.rule)) expect.push_back(e.rule);
            }
            std::vector<std::uint32_t> got, got_blocked, walked, scratch;
            whole.meeting(lo, hi, from, got);
            blocked.meeting(lo, hi, from, got_blocked);
            blocked.walk(lo, hi, from, scratch, [&](std::size_t r) {
                walked.push_back(std::uint32_t(r));
                return true;
            });
            CHECK(got == expect);
            CHECK(got_blocked == expect);
            CHECK(walked == expect);
            // Stopped after `stop` rules: exactly the first `stop` of them.
            std::size_t stop = expect.empty() ? 0 : rng() % expect.size();
            std::vector<std::uint32_t> prefix;
            blocked.walk(lo, hi, from, scratch, [&](std::size_t r) {
                prefix.push_back(std::uint32_t(r));
                return prefix.size() < stop;
            });
            CHECK(prefix.size() == std::min(expect.size(), std::max<std::size_t>(stop, 1)));
            CHECK(std::equal(prefix.begin(), prefix.end(), expect.begin()));
        }
    }
}
