#include <catch2/catch.hpp>

#include "analyze/evaluate.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

using fwlint_test::flow;

PacketSet tcp_port(u128 lo, u128 hi) { return flow(proto_tcp, "0.0.0.0/0", "0.0.0.0/0", lo, hi); }

Rule rule(int line, Action action, PacketSet match, std::string target = "") {
    Rule r;
    r.loc = {"t.rules", line, 1};
    r.action = action;
    r.match = std::move(match);
    r.target = std::move(target);
    return r;
}

Chain chain(std::string name, std::optional<Action> policy, std::vector<Rule> rules) {
    Chain c;
    c.name = std::move(name);
    c.builtin = policy.has_value();
    c.policy = policy;
    c.rules = std::move(rules);
    for (auto& r : c.rules) r.chain = c.name;
    return c;
}

Policy policy_of(std::vector<Chain> chains) {
    Policy p;
    p.name = "filter";
    p.chains = std::move(chains);
    return p;
}

}  // namespace

TEST_CASE("first match decides and the policy takes the rest") {
    Policy p = policy_of({chain("FORWARD", Action::drop,
                                {rule(2, Action::drop, tcp_port(22, 22)), rule(3, Action::accept, tcp_port(1, 1024))})});
    PacketSet q = tcp_port(0, 65535);
    Evaluation e = evaluate_chain(p, "FORWARD", q, ConditionMode::strict);
    CHECK(e.accepted == tcp_port(1, 21).unite(tcp_port(23, 1024)));
    CHECK(e.denied == tcp_port(0, 0).unite(tcp_port(22, 22)).unite(tcp_port(1025, 65535)));
    REQUIRE(e.decisions.size() == 3);
    CHECK(e.decisions[0].rule->loc.line == 2);
    CHECK(e.decisions[1].rule->loc.line == 3);
    CHECK(e.decisions[2].rule == nullptr);  // the policy
    CHECK(e.decisions[2].chain->name == "FORWARD");
}

TEST_CASE("jump returns what the user chain does not decide, goto does not come back") {
    // FORWARD: -j A ; accept 80.  A: RETURN 80 ; drop tcp 1-100 ; (end: return)
    Policy p = policy_of({
        chain("FORWARD", Action::drop, {rule(2, Action::jump, tcp_port(0, 65535), "A"), rule(3, Action::accept, tcp_port(80, 80))}),
        chain("A", std::nullopt, {rule(5, Action::ret, tcp_port(80, 80)), rule(6, Action::drop, tcp_port(1, 100))}),
    });
    Evaluation e = evaluate_chain(p, "FORWARD", tcp_port(0, 200), ConditionMode::strict);
    CHECK(e.accepted == tcp_port(80, 80));
    CHECK(e.denied == tcp_port(0, 79).unite(tcp_port(81, 200)));

    // With goto, what A returns goes to FORWARD's caller: the policy, not line 3.
    p.chains[0].rules[0].action = Action::go_to;
    Evaluation g = evaluate_chain(p, "FORWARD", tcp_port(0, 200), ConditionMode::strict);
    CHECK(g.accepted.empty());
    CHECK(g.denied == tcp_port(0, 200));
}

TEST_CASE("goto from a called chain resumes in the chain that called it") {
    // FORWARD -j A; A -g B; B: RETURN everything; FORWARD then accepts 443.
    Policy p = policy_of({
        chain("FORWARD", Action::drop, {rule(2, Action::jump, tcp_port(0, 65535), "A"), rule(3, Action::accept, tcp_port(443, 443))}),
        chain("A", std::nullopt, {rule(5, Action::go_to, tcp_port(0, 65535), "B"), rule(6, Action::drop, tcp_port(0, 65535))}),
        chain("B", std::nullopt, {rule(8, Action::ret, tcp_port(0, 65535))}),
    });
    Evaluation e = evaluate_chain(p, "FORWARD", tcp_port(443, 443), ConditionMode::strict);
    CHECK(e.accepted == tcp_port(443, 443));
}

TEST_CASE("LOG and rules without target do not stop evaluation") {
    Policy p = policy_of({chain("INPUT", Action::drop,
                                {rule(2, Action::log, tcp_port(0, 65535)), rule(3, Action::none, tcp_port(0, 65535)),
                                 rule(4, Action::accept, tcp_port(22, 22))})});
    Evaluation e = evaluate_chain(p, "INPUT", tcp_port(22, 22), ConditionMode::strict);
    CHECK(e.accepted == tcp_port(22, 22));
}

TEST_CASE("rules for established flows admit no new flow") {
    Rule est = rule(2, Action::accept, PacketSet());
    est.new_flows = false;
    Policy p = policy_of({chain("FORWARD", Action::drop, {est})});
    Evaluation e = evaluate_chain(p, "FORWARD", tcp_port(443, 443), ConditionMode::lenient);
    CHECK(e.accepted.empty());
    CHECK(e.denied == tcp_port(443, 443));
}

TEST_CASE("conditions bracket the verdict: strict and lenient differ") {
    Rule cond_accept = rule(2, Action::accept, tcp_port(443, 443));
    cond_accept.conditions.push_back({"in-interface eth1", "-i eth1"});
    Rule cond_drop = rule(3, Action::drop, tcp_port(80, 80));
    cond_drop.conditions.push_back({"ipset blocklist src", "-m set --match-set blocklist src"});
    Policy p = policy_of({chain("FORWARD", Action::accept, {cond_accept, cond_drop})});
    PacketSet q = tcp_port(80, 80).unite(tcp_port(443, 443));
    Evaluation strict = evaluate_chain(p, "FORWARD", q, ConditionMode::strict);
    Evaluation lenient = evaluate_chain(p, "FORWARD", q, ConditionMode::lenient);
    // strict: the conditional accept does not match (policy ACCEPT still takes 443), the drop does.
    CHECK(strict.denied == tcp_port(80, 80));
    CHECK(lenient.accepted == q);
    CHECK(lenient.decisions.front().rule->loc.line == 2);
    CHECK(strict.conditions_met);
    CHECK_FALSE(evaluate_chain(p, "FORWARD", tcp_port(8080, 8080), ConditionMode::strict).conditions_met);
}

TEST_CASE("a jump loop does not hang evaluation") {
    Policy p = policy_of({
        chain("FORWARD", Action::drop, {rule(2, Action::jump, tcp_port(0, 65535), "A")}),
        chain("A", std::nullopt, {rule(4, Action::jump, tcp_port(0, 65535), "B")}),
        chain("B", std::nullopt, {rule(6, Action::jump, tcp_port(0, 65535), "A"), rule(7, Action::accept, tcp_port(53, 53))}),
    });
    Evaluation e = evaluate_chain(p, "FORWARD", tcp_port(0, 100), ConditionMode::strict);
    CHECK(e.accepted == tcp_port(53, 53));
    CHECK(e.denied == tcp_port(0, 52).unite(tcp_port(54, 100)));
}

TEST_CASE("packets of the other family are not decided by a policy") {
    Policy p = policy_of({chain("FORWARD", Action::accept, {})});
    PacketSet v6 = PacketSet::all(Family::v6);
    Evaluation e = evaluate_chain(p, "FORWARD", v6, ConditionMode::strict);
    CHECK(e.accepted.empty());
    CHECK(e.denied.empty());
}

TEST_CASE("rule positions count from one") {
    Chain c = chain("FORWARD", Action::drop, {rule(2, Action::drop, tcp_port(1, 1)), rule(3, Action::drop, tcp_port(2, 2))});
    CHECK(rule_position(c, &c.rules[1]) == 2);
    CHECK(rule_position(c, nullptr) == 3);
}

TEST_CASE("loopback-only rules never take a flow between hosts") {
    Rule lo_accept = rule(2, Action::accept, tcp_port(0, 65535));
    lo_accept.conditions.push_back({"in-interface lo", "-i lo", true});
    Rule lo_drop = rule(3, Action::drop, tcp_port(0, 65535));
    lo_drop.conditions.push_back({"in-interface lo", "-i lo", true});
    Policy p = policy_of({chain("INPUT", Action::accept, {lo_accept, lo_drop})});
    for (auto mode : {ConditionMode::strict, ConditionMode::lenient}) {
        Evaluation e = evaluate_chain(p, "INPUT", tcp_port(22, 22), mode);
        REQUIRE(e.decisions.size() == 1);
        CHECK(e.decisions[0].rule == nullptr);  // the policy decides
        CHECK_FALSE(e.conditions_met);
    }
}
