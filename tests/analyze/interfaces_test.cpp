// A packet enters and leaves on one interface each: -i/-o matches are decided
// per interface assignment, never assumed independently (a Docker-style bridge
// rule holding in one mode and a contradicting guard in the other), and what
// a conditional verdict depends on is said per rule.
#include <string>

#include <catch2/catch.hpp>

#include "analyze/condition_clause.hpp"
#include "analyze/conditional_text.hpp"
#include "analyze/diff.hpp"
#include "analyze/interfaces.hpp"
#include "analyze/query.hpp"
#include "parse/iptables.hpp"

using namespace fwlint;

namespace {

// As fixtures/iptables/bridge-gateway.rules, without its comment lines.
std::string gateway(const char* kerberos_typo_port) {
    return std::string("*filter\n"                                                                     // 1
                       ":INPUT DROP [0:0]\n"                                                           // 2
                       ":FORWARD DROP [0:0]\n"                                                         // 3
                       ":OUTPUT ACCEPT [0:0]\n"                                                        // 4
                       ":CONTAINERS - [0:0]\n"                                                         // 5
                       ":APPS-GUARD - [0:0]\n"                                                         // 6
                       ":SERVERS - [0:0]\n"                                                            // 7
                       "-A FORWARD -j APPS-GUARD\n"                                                    // 8
                       "-A FORWARD -o br-apps -j CONTAINERS\n"                                         // 9
                       "-A FORWARD -i br-apps ! -o br-apps -j ACCEPT\n"                                // 10
                       "-A FORWARD -i br-apps -o br-apps -j ACCEPT\n"                                  // 11
                       "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"             // 12
                       "-A FORWARD -s 10.70.0.0/16 -d 10.2.0.10/32 -p tcp -m tcp --dport 443 -m conntrack "
                       "--ctstate NEW -j ACCEPT\n"                                                     // 13
                       "-A FORWARD -s 10.2.0.0/24 -d 10.3.0.0/24 -j SERVERS\n"                         // 14
                       "-A FORWARD -s 10.70.0.0/16 -i eth1 -o wan0 -j ACCEPT\n"                        // 15
                       "-A FORWARD -j REJECT --reject-with icmp-admin-prohibited\n"                    // 16
                       "-A CONTAINERS -d 172.20.0.5/32 ! -i br-apps -o br-apps -p tcp -m tcp --dport 8080 "
                       "-j ACCEPT\n"                                                                   // 17
                       "-A APPS-GUARD -i wan0 -o br-apps -m conntrack --ctstate NEW -j DROP\n"         // 18
                       "-A APPS-GUARD -j RETURN\n"                                                     // 19
                       "-A SERVERS -p tcp -m multiport --dports 53,88,135,389,636 -j ACCEPT\n"         // 20
                       "-A SERVERS -p tcp -m tcp --dport ") +
           kerberos_typo_port + " -j ACCEPT\n"  // 21
                                "-A SERVERS -j RETURN\n"  // 22
                                "COMMIT\n";
}

PacketSet flow(unsigned proto, const char* src, const char* dst, u128 lo, u128 hi) {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(proto);
    b.dims[src_dim] = parse_address(src)->values;
    b.dims[dst_dim] = parse_address(dst)->values;
    b.dims[dport_dim] = IntervalSet::range(lo, hi);
    return PacketSet::of(Family::v4, b);
}

Rule rule_at(int line, Action action, std::vector<std::string> names) {
    Rule r;
    r.loc = SourceLocation{"t.rules", line, 1};
    r.action = action;
    for (auto& n : names) r.conditions.push_back(Condition{n, "-m x", false, false});
    return r;
}

}  // namespace

TEST_CASE("interfaces: -i/-o conditions read back, other conditions and -i lo are not interface matches") {
    auto m = interface_match(Condition{"not out-interface docker0", "! -o docker0", false, false});
    REQUIRE(m);
    CHECK(m->out);
    CHECK(m->negated);
    CHECK(m->name == "docker0");
    CHECK_FALSE(interface_match(Condition{"ipset blocklist src", "-m set --match-set blocklist src", false, false}));
    CHECK_FALSE(interface_match(Condition{"in-interface lo", "-i lo", true, false}));
    // A wildcard matches the names it covers, and stands for the ones no rule names.
    InterfaceMatch veth{false, false, "veth+"};
    CHECK(interface_holds(veth, InterfaceAssignment{"veth12", ""}));
    CHECK(interface_holds(veth, InterfaceAssignment{"veth+", ""}));
    CHECK_FALSE(interface_holds(veth, InterfaceAssignment{"", ""}));
    CHECK_FALSE(interface_holds(veth, InterfaceAssignment{"eth0", ""}));
}

TEST_CASE("interfaces: the assignments are every named in- and out-interface plus one no rule names") {
    ParsedInput in = parse_iptables_save(gateway("440"), "g.rules");
    REQUIRE(in.diagnostics.empty());
    auto a = interface_assignments(*in.find_policy("filter"), "FORWARD", PacketSet::all(Family::v4));
    REQUIRE(a);
    CHECK(a->size() == 4 * 3);  // in: br-apps, eth1, wan0, other; out: br-apps, wan0, other
    CHECK(a->front() == InterfaceAssignment{"", ""});
    // Too many to enumerate: nullopt (the caller keeps them as independent conditions).
    CHECK_FALSE(interface_assignments(*in.find_policy("filter"), "FORWARD", PacketSet::all(Family::v4), 11));
}

TEST_CASE("query: a bridge rule and a contradicting guard are never assumed together") {
    ParsedInput in = parse_iptables_save(gateway("440"), "g.rules");
    auto r = query_flow(*in.find_policy("filter"), "FORWARD", flow(proto_tcp, "10.70.3.4", "10.2.0.10", 443, 443));
    REQUIRE(r);
    // Denied only for a packet entering on wan0 and leaving on br-apps (line 18).
    CHECK(r->verdict == "conditional");
    CHECK(r->denied.empty());
    bool by_line_13 = false;
    for (const auto& p : r->parts) {
        REQUIRE(p.verdict == FlowVerdict::conditional);
        by_line_13 = by_line_13 || p.line.line == 13;
        // -i/-o are decided per assignment: none is left as a condition.
        for (const auto& c : p.conditions) CHECK(c.find("interface") == std::string::npos);
        CHECK(p.depends_on == "it does not enter on wan0 and leave on br-apps (line 18)");
    }
    CHECK(by_line_13);
}

TEST_CASE("diff: an edit behind bridge rules and an interface guard is found, with the interfaces it needs") {
    ParsedInput old_in = parse_iptables_save(gateway("440"), "old.rules");
    ParsedInput new_in = parse_iptables_save(gateway("465"), "new.rules");
    DiffResult d = diff_policies(*old_in.find_policy("filter"), *new_in.find_policy("filter"), {"FORWARD"});
    REQUIRE(d.changes.size() == 2);
    const DiffChange& gained = d.changes[0];
    CHECK(gained.newly_allowed);
    CHECK(gained.packets.to_string() == "tcp 10.2.0.0/24 -> 10.3.0.0/24 ports 465");
    REQUIRE(gained.now.size() == 1);
    CHECK(gained.now[0].line == 21);
    CHECK(gained.conditional);
    CHECK(gained.depends_on == "it does not enter on br-apps or enter on wan0 and leave on br-apps");
    const DiffChange& lost = d.changes[1];
    CHECK_FALSE(lost.newly_allowed);
    CHECK(lost.packets.to_string() == "tcp 10.2.0.0/24 -> 10.3.0.0/24 ports 440");
}

TEST_CASE("condition clause: conditions of one rule hold together, different rules are alternatives") {
    Rule r42 = rule_at(42, Action::accept, {"program X", "service Y"});
    Rule r175 = rule_at(175, Action::accept, {"program Z"});
    CHECK(condition_clause({{&r42, true}, {&r175, true}}, false) ==
          "on line 42, program X and service Y hold, or, on line 175, program Z holds");
    // A conditional drop after a conditional accept: the accept decides first when it holds.
    Rule r17 = rule_at(17, Action::accept, {"tcp-flags SYN"});
    Rule r22 = rule_at(22, Action::drop, {"pkttype broadcast"});
    CHECK(condition_clause({{&r17, true}, {&r22, false}}, true) ==
          "on line 17, tcp-flags SYN holds, or, on line 22, pkttype broadcast does not hold");
    // A drop before an accept: the accept needs both.
    CHECK(condition_clause({{&r22, false}, {&r17, true}}, false) ==
          "on line 17, tcp-flags SYN holds, and, on line 22, pkttype broadcast does not hold");
    Rule two = rule_at(9, Action::drop, {"ipset a src", "limit 5/sec"});
    CHECK(condition_clause({{&two, false}}, true) == "on line 9, ipset a src and limit 5/sec do not both hold");
    CHECK(condition_clause({{&r42, true}}, false, true) == "on t.rules:42, program X and service Y hold");
    // How messages put it.
    CHECK(only_if("on line 17, tcp-flags SYN holds") == "only if, on line 17, tcp-flags SYN holds");
    CHECK(only_if("it enters on eth2 (otherwise line 6)") == "only if it enters on eth2 (otherwise line 6)");
    CHECK(only_if("unless, on old.rules:9, ipset a src holds") == "unless, on old.rules:9, ipset a src holds");
}
