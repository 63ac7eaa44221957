// evaluate_space (the leaf-by-leaf walk the exposure lints use) against a
// brute-force first-match walk of single packets (and a Windows precedence
// walk), on many random policies (exposure_random_policies.hpp).
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/exposure.hpp"
#include "analyze/evaluate_windows.hpp"
#include "analyze/exposure_space.hpp"
#include "exposure_random_policies.hpp"
#include "random_universe.hpp"

using namespace fwlint;

namespace {

using fwlint_test::holds;
using fwlint_test::make_universe;
using fwlint_test::Point;
using fwlint_test::random_policy;
using fwlint_test::random_windows_policy;
using fwlint_test::Universe;

// ---- the reference: one packet at a time -----------------------------------

struct Outcome {
    const Rule* rule = nullptr;  // nullptr: the policy
    Verdict verdict = Verdict::unknown;
    bool decided = false;  // false: fell off a user chain or RETURNed
};

Outcome walk_point(const Policy& p, const Chain& c, const Point& pt, ConditionMode mode,
                   std::vector<const Chain*>& stack) {
    if (stack.size() > 64 || std::find(stack.begin(), stack.end(), &c) != stack.end()) return {};
    stack.push_back(&c);
    Outcome out;
    for (const Rule& r : c.rules) {
        if (!r.enabled || !r.new_flows || !holds(r.match, p.family, pt)) continue;
        bool loopback = std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& k) { return k.loopback_only; });
        bool admits = r.action == Action::accept || r.action == Action::jump || r.action == Action::go_to;
        bool takes = r.conditions.empty() || (!loopback && (mode == ConditionMode::lenient) == admits);
        if (!takes) continue;
        if (r.action == Action::log || r.action == Action::none) continue;
        if (r.action == Action::ret) break;
        if (r.action == Action::jump || r.action == Action::go_to) {
            const Chain* t = p.find_chain(r.target);
            if (!t) continue;
            Outcome o = walk_point(p, *t, pt, mode, stack);
            if (o.decided) {
                out = o;
                break;
            }
            if (r.action == Action::go_to) break;  // resumes in our caller
            continue;
        }
        out.rule = &r;
        out.decided = true;
        out.verdict = r.action == Action::accept ? Verdict::accept
                      : r.action == Action::other ? Verdict::unknown
                                                  : Verdict::deny;
        break;
    }
    stack.pop_back();
    return out;
}

Outcome evaluate_point(const Policy& p, const Chain& builtin, const Point& pt, ConditionMode mode) {
    std::vector<const Chain*> stack;
    Outcome o = walk_point(p, builtin, pt, mode, stack);
    if (o.decided) return o;
    o.rule = nullptr;
    o.decided = true;
    o.verdict = !builtin.policy ? Verdict::unknown : builtin.policy == Action::accept ? Verdict::accept : Verdict::deny;
    return o;
}


Outcome evaluate_windows_point(const Policy& p, const Chain& c, const Point& pt, ConditionMode mode) {
    for (int cls = 0; cls < 3; ++cls)
        for (const Rule& r : c.rules) {
            if (!r.enabled || !r.new_flows || windows_precedence_class(r) != cls || !holds(r.match, p.family, pt))
                continue;
            bool real = std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& k) { return !k.scope_only; });
            bool admits = r.action == Action::accept;
            if (real && (mode == ConditionMode::lenient) != admits) continue;
            return Outcome{&r, admits ? Verdict::accept : Verdict::deny, true};
        }
    return Outcome{nullptr, !c.policy ? Verdict::unknown : c.policy == Action::accept ? Verdict::accept : Verdict::deny, true};
}

// A few random boxes of the universe, as one set (disjoint boxes).
PacketSet random_region(std::mt19937& rng, const Universe& u, Family f) {
    PacketSet out;
    for (int k = 1 + int(rng() % 4); k > 0; --k) {
        Box b = Box::all(f);
        for (Dim d : {proto_dim, src_dim, dst_dim, dport_dim})
            if (rng() % 2) b.dims[d] = fwlint_test::random_ranges(rng, u, d, f, 5);
        out = out.unite(PacketSet::of(f, b));
    }
    return out;
}

// Every point of `region` is decided once, as `expected` decides it, and
// is in `unsure` iff the lenient walk accepts it and the strict one does not.
template <class Expected>
void check_points(const SpaceEvaluation& ev, const Universe& u, Family f, const PacketSet& region, Expected expected,
                  int round) {
    REQUIRE(ev.complete);
    for (const Point& pt : u.points) {
        INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]),
                         std::uint64_t(pt[1] >> 64 ? pt[1] >> 96 : pt[1]), std::uint64_t(pt[2] >> 64 ? pt[2] >> 96 : pt[2]),
                         unsigned(pt[3]), unsigned(pt[4])));
        const bool inside = holds(region, f, pt);
        Outcome lenient = expected(pt, ConditionMode::lenient);
        Outcome strict = expected(pt, ConditionMode::strict);
        int found = 0;
        for (const Decision& d : ev.decisions) {
            if (!holds(d.packets, f, pt)) continue;
            ++found;
            CHECK(d.rule == lenient.rule);
            CHECK(d.verdict == lenient.verdict);
        }
        CHECK(found == (inside ? 1 : 0));
        bool unsure = inside && lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
        CHECK(holds(ev.unsure, f, pt) == unsure);
    }
}

}  // namespace

TEST_CASE("evaluate_space decides every packet as a brute-force first-match walk does") {
    std::mt19937 rng(20261123);
    for (int round = 0; round < 60; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        const Chain& input = p.chains.front();
        // Small leaves so the cuts are exercised on small chains too.
        SpaceEvaluation ev = evaluate_space(p, input, 1 + rng() % 4);
        for (const Point& pt : u.points) {
            INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]), std::uint64_t(pt[1] >> 64 ? pt[1] >> 96 : pt[1]),
                             std::uint64_t(pt[2] >> 64 ? pt[2] >> 96 : pt[2]), unsigned(pt[3]), unsigned(pt[4])));
            Outcome lenient = evaluate_point(p, input, pt, ConditionMode::lenient);
            Outcome strict = evaluate_point(p, input, pt, ConditionMode::strict);
            int found = 0;
            for (const Decision& d : ev.decisions) {
                if (!holds(d.packets, f, pt)) continue;
                ++found;
                CHECK(d.rule == lenient.rule);
                CHECK(d.verdict == lenient.verdict);
            }
            CHECK(found == 1);
            bool unsure = lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
            CHECK(holds(ev.unsure, f, pt) == unsure);
        }
    }
}

TEST_CASE("evaluate_space of a region decides its packets and no others") {
    std::mt19937 rng(77);
    for (int round = 0; round < 40; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        const Chain& input = p.chains.front();
        PacketSet region = random_region(rng, u, f);
        ChainSpace space(p, input);
        SpaceEvaluation ev = space.evaluate(region, 1 + rng() % 4);
        check_points(ev, u, f, region,
                     [&](const Point& pt, ConditionMode m) { return evaluate_point(p, input, pt, m); }, round);
    }
}

TEST_CASE("evaluate_space on a Windows profile decides as Windows precedence does") {
    std::mt19937 rng(1995);
    for (int round = 0; round < 50; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_windows_policy(rng, u, f);
        const Chain& profile = p.chains.front();
        PacketSet region = round % 2 ? random_region(rng, u, f) : PacketSet::all(f);
        SpaceEvaluation ev = evaluate_space(p, profile, region, 1 + rng() % 4);
        // Packets both modes accept are the strict walk's (the unconditional
        // allow's); where that allow is limited to a program, the lenient
        // walk's rule keeps them too.
        REQUIRE(ev.complete);
        for (const Point& pt : u.points) {
            INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]), std::uint64_t(pt[1]),
                             std::uint64_t(pt[2]), unsigned(pt[3]), unsigned(pt[4])));
            const bool inside = holds(region, f, pt);
            Outcome lenient = evaluate_windows_point(p, profile, pt, ConditionMode::lenient);
            Outcome strict = evaluate_windows_point(p, profile, pt, ConditionMode::strict);
            std::set<std::pair<const Rule*, Verdict>> expected, found;
            if (inside) {
                const bool scoped = strict.rule && std::any_of(strict.rule->conditions.begin(), strict.rule->conditions.end(),
                                                               [](const Condition& c) { return c.scope_only; });
                if (strict.verdict == Verdict::accept) expected.insert({strict.rule, strict.verdict});
                if (strict.verdict != Verdict::accept || scoped) expected.insert({lenient.rule, lenient.verdict});
            }
            for (const Decision& d : ev.decisions)
                if (holds(d.packets, f, pt)) found.insert({d.rule, d.verdict});
            CHECK(found == expected);
            bool unsure = inside && lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
            CHECK(holds(ev.unsure, f, pt) == unsure);
        }
    }
}

TEST_CASE("evaluate_space stops at its safety net and says how many rules met the region") {
    std::mt19937 rng(3);
    Universe u = make_universe(rng, Family::v4);
    Policy p = random_policy(rng, u, Family::v4);
    Chain& input = p.chains.front();
    input.rules.clear();
    for (int i = 0; i < 30; ++i) {
        Rule r;
        r.chain = "INPUT";
        r.action = Action::accept;
        Box b = Box::all(Family::v4);
        b.dims[src_dim] = IntervalSet::single(u128(i) * 7);
        r.match = PacketSet::of(Family::v4, b);
        input.rules.push_back(std::move(r));
    }
    ChainSpace space(p, input);
    SpaceEvaluation over = space.evaluate(PacketSet::all(Family::v4), 24, 29);
    CHECK_FALSE(over.complete);
    CHECK(over.decisions.empty());
    SpaceEvaluation at = space.evaluate(PacketSet::all(Family::v4), 24, 30);
    CHECK(at.complete);
    CHECK(at.region_rules == 30);
    CHECK(at.decisions.size() > 30);
}
