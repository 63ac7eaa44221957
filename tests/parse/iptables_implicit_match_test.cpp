// "-p tcp" loads the tcp match implicitly, and iptables offers a later
// "--dport" to it even after another "-m" module: the port must not be read
// as an option of that module (a rule for one port read as "every port, on
// an unknown condition").
#include <catch2/catch.hpp>

#include "parse/iptables.hpp"
#include "tests/parse/iptables_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_iptables;

TEST_CASE("iptables: --dport after -m set and -p tcp is the tcp port, not a set option", "[iptables]") {
    auto r = input_rule("-A INPUT -m set --match-set trusted src -p tcp --dport 9100 -j ACCEPT");
    CHECK(r.match.project(Family::v4, dport_dim) == IntervalSet::single(9100));
    REQUIRE(r.conditions.size() == 1);
    CHECK(r.conditions[0].name == "ipset trusted src");
    CHECK(takes(r, proto_tcp, "192.0.2.1", "198.51.100.1", 40000, 9100));
    CHECK_FALSE(takes(r, proto_tcp, "192.0.2.1", "198.51.100.1", 40000, 22));
}

TEST_CASE("iptables: --dport after -m comment or -m limit goes to the protocol's match", "[iptables]") {
    auto p = parse(filter_with("-A INPUT -m comment --comment \"node exporter\" -p tcp --dport 9101 -j ACCEPT\n"
                               "-A INPUT -m limit --limit 5/min -p udp --sport 53 --dport 1024:65535 -j ACCEPT\n"
                               "-A INPUT -m conntrack --ctstate NEW -p tcp --syn --dport 22 -j ACCEPT\n"
                               "-A INPUT -p icmp -m limit --limit 1/s --icmp-type 8 -j ACCEPT\n"));
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 4);
    CHECK(p.diagnostics.empty());
    CHECK(rules[0].comment == "node exporter");
    CHECK(rules[0].conditions.empty());
    CHECK(rules[0].match.project(Family::v4, dport_dim) == IntervalSet::single(9101));
    CHECK(rules[1].match.project(Family::v4, sport_dim) == IntervalSet::single(53));
    CHECK(rules[1].match.project(Family::v4, dport_dim) == IntervalSet::range(1024, 65535));
    REQUIRE(rules[1].conditions.size() == 1);
    CHECK(rules[1].conditions[0].name == "limit 5/min");
    CHECK(rules[2].match.project(Family::v4, dport_dim) == IntervalSet::single(22));
    CHECK(has_condition(rules[2], "tcp-flags FIN,SYN,RST,ACK SYN"));
    CHECK(takes_icmp(rules[3], 8, 0));
    CHECK_FALSE(takes_icmp(rules[3], 3, 4));
}

TEST_CASE("iptables: an option no loaded match knows is still reported", "[iptables]") {
    // Neither the comment match nor the tcp match reads --frobnicate.
    auto p = parse(filter_with("-A INPUT -m comment --comment x -p tcp --frobnicate 2 -j ACCEPT\n"));
    CHECK(has_diagnostic(p, 5, Severity::warning, "unknown option '--frobnicate' for match 'comment'"));
}

TEST_CASE("iptables: own fixture, a Debian host's ip6tables-save with an ipset rule", "[iptables]") {
    auto text = read_fixture("debian-host6.rules");
    auto p = parse_iptables_save(text, "debian-host6.rules");
    CHECK(p.diagnostics.empty());
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 18);
    const Rule& set_rule = rules[16];
    CHECK(set_rule.loc.line == 22);
    CHECK(set_rule.match.project(Family::v6, dport_dim) == IntervalSet::single(9100));
    CHECK(set_rule.match.project(Family::v6, proto_dim) == IntervalSet::single(proto_tcp));
}
