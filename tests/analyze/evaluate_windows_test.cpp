#include <catch2/catch.hpp>

#include "analyze/evaluate.hpp"
#include "parse/windows_rule.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

WindowsRuleSpec rule(WindowsAction action, const char* remote, const char* ports, int line,
                     std::uint8_t profiles = all_profiles) {
    WindowsRuleSpec s;
    s.action = action;
    s.protocol = proto_tcp;
    s.profiles = profiles;
    s.display_name = "rule at " + std::to_string(line);
    parse_windows_addresses(remote, s.remote_addresses);
    parse_windows_ports(ports, s.local_ports);
    s.loc = SourceLocation{"w.txt", line, 1};
    return s;
}

PacketSet https_from(const char* src) { return fwlint_test::tcp(src, "10.0.1.10", 443, 443); }

Evaluation eval(const ParsedInput& in, const char* profile, const PacketSet& q,
                ConditionMode mode = ConditionMode::strict) {
    return evaluate_chain(in.policies[0], profile, q, mode);
}

int deciding_line(const Evaluation& e) {
    REQUIRE(e.decisions.size() == 1);
    return e.decisions[0].rule ? e.decisions[0].rule->loc.line : 0;
}

}  // namespace

TEST_CASE("Windows precedence: a block beats an allow whatever the order, bypass beats block") {
    auto q = https_from("10.20.0.5");
    // The allow comes first in the file; the block still wins.
    auto in = windows_input({rule(WindowsAction::allow, "Any", "443", 10), rule(WindowsAction::block, "10.20.0.0/16", "Any", 20)},
                            {}, nullptr, "w.txt", "netsh-show", {});
    Evaluation e = eval(in, "domain", q);
    CHECK(e.denied == q);
    CHECK(deciding_line(e) == 20);

    auto with_bypass = windows_input({rule(WindowsAction::block, "10.20.0.0/16", "Any", 20),
                                      rule(WindowsAction::bypass, "10.20.0.0/24", "443", 30),
                                      rule(WindowsAction::allow, "Any", "443", 10)},
                                     {}, nullptr, "w.txt", "netsh-show", {});
    e = eval(with_bypass, "domain", q);
    CHECK(e.accepted == q);
    CHECK(deciding_line(e) == 30);
    // Outside the bypass's addresses the block decides.
    auto q2 = https_from("10.20.9.5");
    CHECK(eval(with_bypass, "domain", q2).denied == q2);

    // Nothing matches: the profile default (inbound block by default).
    auto q3 = https_from("192.0.2.1");
    auto only_block = windows_input({rule(WindowsAction::block, "10.20.0.0/16", "Any", 20)}, {}, nullptr, "w.txt",
                                    "netsh-show", {});
    e = eval(only_block, "domain", q3);
    CHECK(e.denied == q3);
    CHECK(deciding_line(e) == 0);
}

TEST_CASE("Windows profiles: a rule applies only in its profiles, each profile has its own default") {
    auto q = https_from("10.20.0.5");
    WindowsProfileDefaults d;
    d.assumed = false;
    d.profiles[2].default_inbound = WindowsAction::allow;  // public: inbound allow by default (unusual)
    auto in = windows_input({rule(WindowsAction::allow, "Any", "443", 10, profile_domain)}, d, nullptr, "w.txt",
                            "netsh-show", {});
    CHECK(eval(in, "domain", q).accepted == q);
    CHECK(eval(in, "private", q).denied == q);
    Evaluation pub = eval(in, "public", q);
    CHECK(pub.accepted == q);
    CHECK(deciding_line(pub) == 0);
}

TEST_CASE("Windows: disabled rules never match, keyword conditions split strict and lenient") {
    auto q = https_from("10.20.0.5");
    WindowsRuleSpec off = rule(WindowsAction::allow, "Any", "443", 10);
    off.enabled = false;
    auto in = windows_input({off}, {}, nullptr, "w.txt", "netsh-show", {});
    CHECK(eval(in, "domain", q).denied == q);

    auto subnet = windows_input({rule(WindowsAction::allow, "LocalSubnet", "443", 10)}, {}, nullptr, "w.txt",
                                "netsh-show", {});
    Evaluation strict = eval(subnet, "domain", q, ConditionMode::strict);
    CHECK(strict.denied == q);
    CHECK(strict.conditions_met);
    CHECK(eval(subnet, "domain", q, ConditionMode::lenient).accepted == q);

    // A program limits the rule to a process, not the packets: it still admits the flow.
    WindowsRuleSpec prog = rule(WindowsAction::allow, "Any", "443", 10);
    prog.program = "C:\\inetpub\\w3wp.exe";
    auto scoped = windows_input({prog}, {}, nullptr, "w.txt", "netsh-show", {});
    Evaluation s = eval(scoped, "domain", q, ConditionMode::strict);
    CHECK(s.accepted == q);
    CHECK_FALSE(s.conditions_met);
}

TEST_CASE("Windows: RPC keyword counts as the dynamic range with a condition, firewall off allows all") {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(proto_tcp);
    b.dims[dport_dim] = IntervalSet::range(49152, 65535);
    PacketSet rpc = PacketSet::of(Family::v4, b);
    auto in = windows_input({rule(WindowsAction::allow, "Any", "RPC", 10)}, {}, nullptr, "w.txt", "netsh-show", {});
    CHECK(eval(in, "domain", rpc, ConditionMode::lenient).accepted == rpc);
    CHECK(eval(in, "domain", rpc, ConditionMode::strict).denied == rpc);
    b.dims[dport_dim] = IntervalSet::single(5000);
    PacketSet low = PacketSet::of(Family::v4, b);
    CHECK(eval(in, "domain", low, ConditionMode::lenient).denied == low);  // never "any"

    WindowsProfileDefaults off;
    off.assumed = false;
    off.profiles[0].firewall_on = false;
    auto disabled = windows_input({rule(WindowsAction::block, "Any", "Any", 10)}, off, nullptr, "w.txt",
                                  "netsh-show", {});
    CHECK(eval(disabled, "domain", low).accepted == low);
    CHECK(eval(disabled, "private", low).denied == low);
}
