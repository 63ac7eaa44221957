// accepted_by_rule (FW206 on a list that jumps nowhere, rule by rule)
// against ChainSpace::evaluate of the same parts on random lists
// (exposure_random_policies.hpp): each rule's accept decision and the part of
// it only the lenient walk accepts are what the leaf walk says; and the
// safety net.
#include <algorithm>
#include <functional>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "analyze/exposure_chain.hpp"
#include "analyze/exposure_space.hpp"
#include "exposure_random_policies.hpp"
#include "random_universe.hpp"

using namespace fwlint;
using fwlint::exposure_detail::accepted_by_rule;
using fwlint::exposure_detail::jumps_nowhere;

namespace {

// A few random boxes of the universe, as one set.
PacketSet random_region(std::mt19937& rng, const fwlint_test::Universe& u, Family f) {
    PacketSet out;
    for (int k = 1 + int(rng() % 3); k > 0; --k) {
        Box b = Box::all(f);
        for (Dim d : {proto_dim, src_dim, dst_dim, dport_dim})
            if (rng() % 2) b.dims[d] = fwlint_test::random_ranges(rng, u, d, f, 5);
        out = out.unite(PacketSet::of(f, b));
    }
    return out;
}

// What `rule` accepts in the strict walk (of what the lenient walk accepts)
// when it diverges (SpaceEvaluation::diverging): its strict decisions, and
// its lenient ones outside the leaves the strict walk ran in. Empty otherwise.
PacketSet strict_share(const SpaceEvaluation& ev, const Rule* rule) {
    PacketSet out;
    if (!std::binary_search(ev.diverging.begin(), ev.diverging.end(), rule, std::less<const Rule*>())) return out;
    for (const Decision& d : ev.strict)
        if (d.rule == rule && d.verdict == Verdict::accept) out = out.unite(d.packets);
    std::size_t k = 0;
    auto add = [&](std::size_t to) {
        for (; k < to; ++k)
            if (ev.decisions[k].rule == rule && ev.decisions[k].verdict == Verdict::accept)
                out = out.unite(ev.decisions[k].packets);
    };
    for (const auto& [from, to] : ev.strict_leaves) {
        add(from);
        k = std::max(k, to);
    }
    add(ev.decisions.size());
    return out;
}

}  // namespace

TEST_CASE("accepted_by_rule decides each rule's part as the leaf walk does") {
    std::mt19937 rng(4242);
    int decided = 0, unsure = 0, diverging = 0;
    for (int round = 0; round < 200; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        fwlint_test::Universe u = fwlint_test::make_universe(rng, f);
        Policy p = fwlint_test::random_policy(rng, u, f);
        fwlint_test::drop_jumps(p);
        const Chain& input = p.chains.front();
        REQUIRE(jumps_nowhere(p, input));
        // Every rule is asked about (those that accept nothing too), each
        // for its match within a random region.
        std::vector<const Rule*> rules;
        std::vector<PacketSet> parts;
        for (const Rule& r : input.rules) {
            rules.push_back(&r);
            parts.push_back(rng() % 3 ? r.match.intersect(random_region(rng, u, f)) : r.match);
        }
        SpaceEvaluation by_rule = accepted_by_rule(p, input, rules, parts);
        REQUIRE(by_rule.complete);
        ChainSpace space(p, input);
        for (std::size_t k = 0; k < rules.size(); ++k) {
            INFO("round " << round << " rule " << k);
            PacketSet expected;
            PacketSet expected_unsure, expected_strict;
            if (!parts[k].empty()) {
                SpaceEvaluation ev = space.evaluate(parts[k]);
                REQUIRE(ev.complete);
                for (const Decision& d : ev.decisions)
                    if (d.rule == rules[k] && d.verdict == Verdict::accept) expected = expected.unite(d.packets);
                expected_unsure = ev.unsure.intersect(expected);
                // Accepts hidden behind an earlier conditional ACCEPT.
                expected_strict = strict_share(ev, rules[k]);
            }
            const PacketSet found_strict = strict_share(by_rule, rules[k]);
            CHECK(found_strict == expected_strict);
            diverging += found_strict.empty() ? 0 : 1;
            PacketSet found, found_unsure;
            for (const Decision& d : by_rule.decisions)
                if (d.rule == rules[k]) {
                    CHECK(d.verdict == Verdict::accept);
                    CHECK(d.chain == &input);
                    found = found.unite(d.packets);
                }
            found_unsure = by_rule.unsure.intersect(found);
            CHECK(found == expected);
            CHECK(found_unsure == expected_unsure);
            decided += found.empty() ? 0 : 1;
            unsure += found_unsure.empty() ? 0 : 1;
        }
        // Nothing but the rules' accepted parts is called unsure.
        PacketSet all_found;
        for (const Decision& d : by_rule.decisions) all_found = all_found.unite(d.packets);
        CHECK(by_rule.unsure.is_subset_of(all_found));
    }
    CHECK(decided > 500);
    CHECK(unsure > 20);  // conditional rules do decide some
    CHECK(diverging > 20);  // and hide later rules in the lenient walk
}

TEST_CASE("accepted_by_rule stops at its safety net and says how many rules met the parts") {
    Policy p;
    p.family = Family::v4;
    Chain c;
    c.name = "INPUT";
    c.builtin = true;
    c.policy = Action::drop;
    for (int i = 0; i < 30; ++i) {
        Rule r;
        r.chain = "INPUT";
        r.action = Action::accept;
        Box b = Box::all(Family::v4);
        b.dims[proto_dim] = IntervalSet::single(proto_tcp);
        b.dims[src_dim] = IntervalSet::single(u128(i) * 7);
        b.dims[dport_dim] = IntervalSet::range(1024, max_port);
        r.match = PacketSet::of(Family::v4, b);
        c.rules.push_back(std::move(r));
    }
    p.chains.push_back(std::move(c));
    const Chain& input = p.chains.front();
    std::vector<const Rule*> rules{&input.rules.back()};
    Box all_sources = Box::all(Family::v4);
    all_sources.dims[proto_dim] = IntervalSet::single(proto_tcp);
    std::vector<PacketSet> parts{PacketSet::of(Family::v4, all_sources)};
    SpaceEvaluation over = accepted_by_rule(p, input, rules, parts, 29);
    CHECK_FALSE(over.complete);
    CHECK(over.decisions.empty());
    CHECK(over.region_rules == 30);
    SpaceEvaluation at = accepted_by_rule(p, input, rules, parts, 30);
    CHECK(at.complete);
    REQUIRE(at.decisions.size() == 1);
    CHECK(at.decisions[0].packets == input.rules.back().match);
}
