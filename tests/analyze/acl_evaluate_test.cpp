// evaluate_acl (the ACL path audit's evaluation) against evaluate_chain on
// random access lists: the same decisions, in order, over the same packets,
// and the same accepted and denied sets.
#include <catch2/catch.hpp>

#include <random>

#include "analyze/acl_evaluate.hpp"

using namespace fwlint;

namespace {

IntervalSet random_values(std::mt19937_64& rng, unsigned base, unsigned span) {
    IntervalSet s;
    unsigned parts = 1 + unsigned(rng() % 3);
    for (unsigned i = 0; i < parts; ++i) {
        unsigned lo = base + unsigned(rng() % span);
        s.add(lo, lo + unsigned(rng() % (span / 4 + 1)));
    }
    return s;
}

// Entries in a small space (two protocols, 64 sources, 8 destinations, 64
// ports), so they overlap and split the query into many pieces.
PacketSet random_match(std::mt19937_64& rng) {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = rng() % 4 ? IntervalSet::single(proto_tcp) : IntervalSet::single(proto_udp);
    if (rng() % 5) b.dims[src_dim] = random_values(rng, 0x0a000000, 64);
    if (rng() % 3) b.dims[dst_dim] = random_values(rng, 0x0a010000, 8);
    if (rng() % 4) b.dims[dport_dim] = random_values(rng, 0, 64);
    return PacketSet::of(Family::v4, b);
}

Policy random_acl(std::mt19937_64& rng, std::size_t entries) {
    Policy p;
    p.name = "ACL";
    Chain c;
    c.name = "ACL";
    c.builtin = true;
    c.policy = Action::drop;
    for (std::size_t i = 0; i < entries; ++i) {
        Rule r;
        r.loc = {"t.cfg", int(i) + 1, 1};
        r.chain = "ACL";
        r.action = rng() % 3 ? Action::accept : Action::drop;
        r.match = random_match(rng);
        if (rng() % 25 == 0) r.enabled = false;  // ASA inactive
        if (rng() % 30 == 0) {                   // established: no new flow
            r.new_flows = false;
            r.match = PacketSet();
        }
        if (rng() % 20 == 0) r.conditions.push_back({"fqdn www.example.com", "fqdn www.example.com"});
        c.rules.push_back(std::move(r));
    }
    p.chains.push_back(std::move(c));
    return p;
}

void same_evaluation(const Evaluation& fast, const Evaluation& full) {
    CHECK(fast.accepted == full.accepted);
    CHECK(fast.denied == full.denied);
    CHECK(fast.unknown == full.unknown);
    CHECK(fast.conditions_met == full.conditions_met);
    REQUIRE(fast.decisions.size() == full.decisions.size());
    for (std::size_t k = 0; k < fast.decisions.size(); ++k) {
        INFO("decision " << k);
        CHECK(fast.decisions[k].rule == full.decisions[k].rule);
        CHECK(fast.decisions[k].verdict == full.decisions[k].verdict);
        CHECK(fast.decisions[k].packets == full.decisions[k].packets);
    }
}

}  // namespace

TEST_CASE("evaluate_acl decides like evaluate_chain on random access lists") {
    std::mt19937_64 rng(20261123);
    std::size_t most_decisions = 0;
    for (int c = 0; c < 40; ++c) {
        INFO("case " << c);
        Policy acl = random_acl(rng, 20 + rng() % 300);
        PacketSet query = random_match(rng);
        if (c % 3 == 0) query = query.unite(random_match(rng));
        if (c % 5 == 0) query = PacketSet::all();  // both families: the IPv6 part is not this list's
        for (ConditionMode mode : {ConditionMode::strict, ConditionMode::lenient}) {
            Evaluation fast = evaluate_acl(acl, query, mode);
            Evaluation full = evaluate_chain(acl, "ACL", query, mode);
            same_evaluation(fast, full);
            most_decisions = std::max(most_decisions, full.decisions.size());
        }
    }
    // Some lists must split the query often enough to compact it on the way.
    CHECK(most_decisions > 40);
}

TEST_CASE("evaluate_acl hands a policy with jumps to evaluate_chain") {
    std::mt19937_64 rng(7);
    Policy acl = random_acl(rng, 30);
    acl.chains.front().rules[3].action = Action::jump;
    acl.chains.front().rules[3].target = "OTHER";
    Chain other;
    other.name = "OTHER";
    Rule r;
    r.action = Action::accept;
    r.match = PacketSet::all(Family::v4);
    other.rules.push_back(r);
    acl.chains.push_back(other);
    PacketSet query = PacketSet::all(Family::v4);
    Evaluation fast = evaluate_acl(acl, query, ConditionMode::lenient);
    Evaluation full = evaluate_chain(acl, "ACL", query, ConditionMode::lenient);
    same_evaluation(fast, full);
    CHECK_FALSE(fast.jumps.empty());
}

TEST_CASE("evaluate_acl of an ASA interface list then global ones: as one list holding all their entries") {
    std::mt19937_64 rng(20261124);
    for (int c = 0; c < 20; ++c) {
        INFO("case " << c);
        Policy own = random_acl(rng, 10 + rng() % 150), global = random_acl(rng, 10 + rng() % 150);
        global.name = global.chains.front().name = "GLOBAL";
        // The combination the audit used to copy: the interface list's chain
        // (its implicit deny) with the global entries appended.
        Policy both = own;
        for (const Rule& r : global.chains.front().rules) both.chains.front().rules.push_back(r);
        PacketSet query = random_match(rng).unite(random_match(rng));
        for (ConditionMode mode : {ConditionMode::strict, ConditionMode::lenient}) {
            Evaluation parts = evaluate_acl({&own, &global}, query, mode);
            Evaluation copy = evaluate_acl(both, query, mode);
            CHECK(parts.accepted == copy.accepted);
            CHECK(parts.denied == copy.denied);
            CHECK(parts.conditions_met == copy.conditions_met);
            REQUIRE(parts.decisions.size() == copy.decisions.size());
            const auto& own_rules = own.chains.front().rules;
            for (std::size_t k = 0; k < parts.decisions.size(); ++k) {
                const Decision &p = parts.decisions[k], &q = copy.decisions[k];
                INFO("decision " << k);
                CHECK(p.verdict == q.verdict);
                CHECK(p.packets == q.packets);
                // The same entry: by position, in the interface list or the global one.
                if (!q.rule) {
                    CHECK(p.rule == nullptr);
                    CHECK(p.chain == &own.chains.front());
                    continue;
                }
                std::size_t at = std::size_t(q.rule - both.chains.front().rules.data());
                const Rule* expected = at < own_rules.size() ? &own_rules[at]
                                                             : &global.chains.front().rules[at - own_rules.size()];
                CHECK(p.rule == expected);
                CHECK(p.chain == (at < own_rules.size() ? &own.chains.front() : &global.chains.front()));
            }
        }
    }
    Policy jumps = random_acl(rng, 5);
    jumps.chains.front().rules[2].action = Action::jump;
    Policy plain = random_acl(rng, 5);
    CHECK_THROWS_AS(evaluate_acl({&plain, &jumps}, PacketSet::all(Family::v4), ConditionMode::strict),
                    std::invalid_argument);
    CHECK(evaluate_acl(std::vector<const Policy*>{}, PacketSet::all(Family::v4), ConditionMode::strict).decisions.empty());
}
