// The iptables-save reader: what each line, match and target becomes in the IR.
#include <catch2/catch.hpp>

#include "iptables_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_iptables;

TEST_CASE("iptables: a host firewall reads into tables, chains and rules", "[iptables]") {
    auto p = parse_iptables_save(read_fixture("host.rules"), "host.rules");
    CHECK(p.file == "host.rules");
    CHECK(p.format == "iptables-save");
    CHECK(p.diagnostics.empty());
    REQUIRE(p.policies.size() == 2);
    CHECK(p.policies[0].name == "raw");
    CHECK(p.policies[1].name == "filter");
    for (const auto& policy : p.policies) {
        CHECK(policy.family == Family::v4);
        CHECK(policy.order == EvaluationOrder::first_match);
    }
    CHECK(p.rule_count() == 15);

    const Policy& filter = p.policies[1];
    REQUIRE(filter.chains.size() == 5);
    CHECK(filter.chains[0].name == "INPUT");
    CHECK(filter.chains[1].name == "FORWARD");
    CHECK(filter.chains[2].name == "OUTPUT");
    CHECK(filter.chains[3].name == "SSH-IN");
    CHECK(filter.chains[4].name == "LOG-AND-DROP");
    CHECK(filter.chains[0].builtin);
    CHECK(filter.chains[0].policy == Action::drop);
    CHECK(filter.chains[2].policy == Action::accept);
    CHECK_FALSE(filter.chains[3].builtin);
    CHECK_FALSE(filter.chains[3].policy.has_value());
    CHECK(filter.chains[3].loc == SourceLocation{"host.rules", 13, 1});

    const auto& input = filter.chains[0].rules;
    REQUIRE(input.size() == 9);
    CHECK(input[0].loc == SourceLocation{"host.rules", 15, 1});
    CHECK(input[0].text == "-A INPUT -i lo -j ACCEPT");
    CHECK(input[0].chain == "INPUT");
    CHECK(input[0].action == Action::accept);
    CHECK(input[0].target == "ACCEPT");
    CHECK(has_condition(input[0], "in-interface lo"));
    CHECK(input[0].conditions[0].loopback_only);

    // RELATED,ESTABLISHED and INVALID take no new flow.
    CHECK_FALSE(input[1].new_flows);
    CHECK(input[1].match.empty());
    CHECK_FALSE(input[2].new_flows);
    CHECK(input[2].action == Action::drop);

    // echo-request with a rate limit
    CHECK(takes_icmp(input[3], 8, 0));
    CHECK_FALSE(takes_icmp(input[3], 0, 0));
    CHECK(has_condition(input[3], "limit 5/sec burst 10"));
    // fragmentation-needed only
    CHECK(takes_icmp(input[4], 3, 4));
    CHECK_FALSE(takes_icmp(input[4], 3, 3));

    // ssh with --ctstate NEW jumps to SSH-IN, no condition for the state
    CHECK(input[5].action == Action::jump);
    CHECK(input[5].target == "SSH-IN");
    CHECK(input[5].new_flows);
    CHECK(input[5].conditions.empty());
    CHECK(takes(input[5], proto_tcp, "203.0.113.9", "192.0.2.1", 40000, 22));
    CHECK_FALSE(takes(input[5], proto_udp, "203.0.113.9", "192.0.2.1", 40000, 22));

    CHECK(input[6].comment == "web server");
    CHECK(input[6].conditions.empty());
    CHECK(takes(input[6], proto_tcp, "203.0.113.9", "192.0.2.1", 40000, 443));
    CHECK_FALSE(takes(input[6], proto_tcp, "203.0.113.9", "192.0.2.1", 40000, 8443));

    CHECK(input[8].action == Action::jump);
    const auto& log_and_drop = filter.chains[4].rules;
    REQUIRE(log_and_drop.size() == 2);
    CHECK(log_and_drop[0].action == Action::log);
    CHECK(log_and_drop[1].action == Action::drop);
    CHECK(filter.chains[3].rules[2].action == Action::ret);

    const Policy& raw = p.policies[0];
    REQUIRE(raw.chains.size() == 2);
    CHECK(raw.chains[0].rules.at(0).action == Action::none);
    CHECK(raw.chains[0].rules.at(0).target == "CT");
}

TEST_CASE("iptables: ip6tables-save output is an IPv6 rule set", "[iptables]") {
    auto p = parse_iptables_save(read_fixture("host6.rules"), "host6.rules");
    CHECK(p.format == "ip6tables-save");
    CHECK(p.diagnostics.empty());
    REQUIRE(p.policies.size() == 1);
    CHECK(p.policies[0].family == Family::v6);
    const auto& input = chain(p, "filter", "INPUT").rules;
    REQUIRE(input.size() == 9);
    auto icmp6 = [](const Rule& r, unsigned type) {
        return takes6(r, proto_icmpv6, "2001:db8::1", "2001:db8::2", 0, type * 256);
    };
    CHECK(icmp6(input[2], 135));
    CHECK_FALSE(icmp6(input[2], 136));
    CHECK(icmp6(input[3], 136));
    CHECK(icmp6(input[4], 128));  // echo-request by name
    CHECK(takes6(input[5], proto_udp, "fe80::1", "ff02::1:2", 547, 546));
    CHECK_FALSE(takes6(input[5], proto_udp, "2001:db8::1", "ff02::1:2", 547, 546));
    CHECK(takes6(input[6], proto_tcp, "2001:db8:10:ffff::1", "2001:db8::1", 50000, 22));
    CHECK_FALSE(takes6(input[6], proto_tcp, "2001:db8:11::1", "2001:db8::1", 50000, 22));
    CHECK(takes6(input[7], proto_tcp, "2001:db8:11::1", "2001:db8::443", 50000, 443));
    CHECK_FALSE(takes6(input[7], proto_tcp, "2001:db8:11::1", "2001:db8::444", 50000, 443));
    CHECK(input[8].action == Action::reject);
    // Not an IPv4 set at all.
    CHECK(input[0].match.boxes(Family::v4).empty());
}

TEST_CASE("iptables: the family is inferred when there is no header", "[iptables]") {
    auto v6 = parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::/32 -j DROP\nCOMMIT\n");
    CHECK(v6.format == "ip6tables-save");
    CHECK(v6.policies.at(0).family == Family::v6);
    auto icmp6 = parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p ipv6-icmp -j ACCEPT\nCOMMIT\n");
    CHECK(icmp6.format == "ip6tables-save");
    auto v4 = parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n");
    CHECK(v4.format == "iptables-save");
    CHECK(v4.policies.at(0).family == Family::v4);

    // An IPv4 address in an IPv6 rule set is an error; the rule stays, with a condition.
    auto mixed = parse("# Generated by ip6tables-save v1.8.7\n*filter\n:INPUT ACCEPT [0:0]\n"
                       "-A INPUT -s 10.0.0.1 -j DROP\nCOMMIT\n");
    CHECK(has_diagnostic(mixed, 4, Severity::error, "IPv4 address '10.0.0.1' in an IPv6 rule set"));
    REQUIRE(chain(mixed, "filter", "INPUT").rules.size() == 1);
    CHECK(has_condition(chain(mixed, "filter", "INPUT").rules[0], "source 10.0.0.1"));
}

TEST_CASE("iptables: an iptables-save and an ip6tables-save in one file give one table per family", "[iptables]") {
    // iptables-save > f; ip6tables-save >> f
    auto both = parse("# Generated by iptables-save v1.8.9 on Mon Nov 23 09:00:00 2026\n*filter\n"
                      ":INPUT DROP [0:0]\n-A INPUT -p tcp -s 10.0.0.0/8 --dport 22 -j ACCEPT\nCOMMIT\n"
                      "# Completed on Mon Nov 23 09:00:00 2026\n"
                      "# Generated by ip6tables-save v1.8.9 on Mon Nov 23 09:00:00 2026\n*filter\n"
                      ":INPUT DROP [0:0]\n-A INPUT -p tcp -s 2001:db8::/32 --dport 22 -j ACCEPT\n"
                      "-A INPUT -p tcp --dport 3389 -j ACCEPT\nCOMMIT\n");
    CHECK(both.diagnostics.empty());  // no "table appears again", no IPv6 address in an IPv4 set
    REQUIRE(both.policies.size() == 2);
    CHECK(both.policies[0].family == Family::v4);
    CHECK(both.policies[1].family == Family::v6);
    const auto& v4 = both.policies[0].find_chain("INPUT")->rules;
    const auto& v6 = both.policies[1].find_chain("INPUT")->rules;
    REQUIRE(v4.size() == 1);
    REQUIRE(v6.size() == 2);
    CHECK(takes6(v6[0], proto_tcp, "2001:db8::1", "2001:db8::2", 50000, 22));
    CHECK_FALSE(takes6(v6[0], proto_tcp, "2001:db9::1", "2001:db8::2", 50000, 22));
    CHECK(v6[1].match.boxes(Family::v4).empty());

    // The same table twice within one family is still merged, with a warning.
    auto twice = parse("# Generated by iptables-save v1.8.9\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n"
                       "# Generated by iptables-save v1.8.9\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n");
    CHECK(twice.policies.size() == 1);
    CHECK(has_diagnostic(twice, 6, Severity::warning, "table 'filter' appears again"));
}

TEST_CASE("iptables: -s and -d narrow the address dimensions", "[iptables]") {
    SECTION("a network") {
        auto r = input_rule("-A INPUT -s 10.1.0.0/16 -d 192.0.2.10/32 -j ACCEPT");
        CHECK(takes(r, proto_tcp, "10.1.200.3", "192.0.2.10", 1, 2));
        CHECK_FALSE(takes(r, proto_tcp, "10.2.0.1", "192.0.2.10", 1, 2));
        CHECK_FALSE(takes(r, proto_tcp, "10.1.0.1", "192.0.2.11", 1, 2));
        CHECK(r.match.project(Family::v4, src_dim) == parse_address("10.1.0.0/16")->values);
        CHECK(r.match.project(Family::v4, proto_dim) == IntervalSet::range(0, 255));
    }
    SECTION("a comma list is a union") {
        auto r = input_rule("-A INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT");
        CHECK(takes(r, proto_udp, "10.0.0.1", "192.0.2.1", 1, 2));
        CHECK(takes(r, proto_udp, "10.0.0.2", "192.0.2.1", 1, 2));
        CHECK_FALSE(takes(r, proto_udp, "10.0.0.3", "192.0.2.1", 1, 2));
    }
    SECTION("a dotted mask") {
        auto r = input_rule("-A INPUT -d 192.0.2.0/255.255.255.0 -j ACCEPT");
        CHECK(r.match.project(Family::v4, dst_dim) == parse_address("192.0.2.0/24")->values);
    }
    SECTION("! -s is the complement") {
        auto r = input_rule("-A INPUT ! -s 10.0.0.0/8 -j DROP");
        CHECK_FALSE(takes(r, proto_tcp, "10.9.9.9", "192.0.2.1", 1, 2));
        CHECK(takes(r, proto_tcp, "11.0.0.0", "192.0.2.1", 1, 2));
        CHECK(takes(r, proto_tcp, "9.255.255.255", "192.0.2.1", 1, 2));
        CHECK(r.conditions.empty());
    }
    SECTION("the obsolete -s ! x means the same") {
        auto a = input_rule("-A INPUT ! -s 10.0.0.0/8 -j DROP");
        auto b = input_rule("-A INPUT -s ! 10.0.0.0/8 -j DROP");
        CHECK(a.match == b.match);
    }
    SECTION("a host name cannot be modelled") {
        auto p = parse(filter_with("-A INPUT -s mail.example.com -j ACCEPT\n"));
        CHECK(has_diagnostic(p, 5, Severity::warning, "host name 'mail.example.com'"));
        CHECK(has_condition(chain(p, "filter", "INPUT").rules.at(0), "source mail.example.com"));
    }
}

TEST_CASE("iptables: ports in every spelling", "[iptables]") {
    auto dports = [](const std::string& spec) {
        return input_rule("-A INPUT -p tcp -m tcp --dport " + spec + " -j ACCEPT").match.project(Family::v4, dport_dim);
    };
    CHECK(dports("22") == IntervalSet::single(22));
    CHECK(dports("1024:65535") == IntervalSet::range(1024, 65535));
    CHECK(dports(":1023") == IntervalSet::range(0, 1023));
    CHECK(dports("1024:") == IntervalSet::range(1024, 65535));
    CHECK(dports("ssh") == IntervalSet::single(22));
    CHECK(dports("https") == IntervalSet::single(443));
    CHECK(dports("domain") == IntervalSet::single(53));

    auto negated = input_rule("-A INPUT -p tcp -m tcp ! --dport 1:1023 -j ACCEPT");
    CHECK(negated.match.project(Family::v4, dport_dim) ==
          IntervalSet::single(0).unite(IntervalSet::range(1024, 65535)));

    auto both = input_rule("-A INPUT -p udp -m udp --sport 53 --dport 1024: -j ACCEPT");
    CHECK(takes(both, proto_udp, "192.0.2.53", "10.0.0.1", 53, 40000));
    CHECK_FALSE(takes(both, proto_udp, "192.0.2.53", "10.0.0.1", 54, 40000));
    CHECK_FALSE(takes(both, proto_tcp, "192.0.2.53", "10.0.0.1", 53, 40000));

    // -p tcp loads the tcp match implicitly
    auto implicit = input_rule("-A INPUT -p tcp --dport 25 -j ACCEPT");
    CHECK(implicit.match.project(Family::v4, dport_dim) == IntervalSet::single(25));
    CHECK(implicit.conditions.empty());
    // -m tcp alone also means protocol tcp
    auto module_only = input_rule("-A INPUT -m tcp --dport 25 -j ACCEPT");
    CHECK(module_only.match.project(Family::v4, proto_dim) == IntervalSet::single(proto_tcp));

    auto p = parse(filter_with("-A INPUT -p tcp -m tcp --dport 70000 -j ACCEPT\n"));
    CHECK(has_diagnostic(p, 5, Severity::error, "invalid port '70000'"));
    CHECK(has_condition(chain(p, "filter", "INPUT").rules.at(0), "destination port 70000"));
}

TEST_CASE("iptables: multiport lists, and --ports on either side", "[iptables]") {
    auto d = input_rule("-A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -j ACCEPT");
    CHECK(d.match.project(Family::v4, dport_dim) ==
          IntervalSet::single(80).unite(IntervalSet::single(443)).unite(IntervalSet::range(8000, 8010)));
    auto s = input_rule("-A INPUT -p tcp -m multiport --sports 20,21 -j ACCEPT");
    CHECK(s.match.project(Family::v4, sport_dim) == IntervalSet::range(20, 21));
    CHECK(s.match.project(Family::v4, dport_dim) == IntervalSet::range(0, 65535));

    auto either = input_rule("-A INPUT -p tcp -m multiport --ports 6000:6010 -j DROP");
    CHECK(takes(either, proto_tcp, "10.0.0.1", "10.0.0.2", 6005, 80));
    CHECK(takes(either, proto_tcp, "10.0.0.1", "10.0.0.2", 80, 6005));
    CHECK_FALSE(takes(either, proto_tcp, "10.0.0.1", "10.0.0.2", 80, 80));
    CHECK_FALSE(takes(either, proto_udp, "10.0.0.1", "10.0.0.2", 6005, 80));

    auto neither = input_rule("-A INPUT -p tcp -m multiport ! --ports 6000:6010 -j DROP");
    CHECK(takes(neither, proto_tcp, "10.0.0.1", "10.0.0.2", 80, 80));
    CHECK_FALSE(takes(neither, proto_tcp, "10.0.0.1", "10.0.0.2", 6005, 80));
    CHECK_FALSE(takes(neither, proto_tcp, "10.0.0.1", "10.0.0.2", 80, 6005));

    // multiport without -p still needs a protocol with ports
    auto bare = input_rule("-A INPUT -m multiport --dports 53 -j ACCEPT");
    CHECK(bare.match.project(Family::v4, proto_dim).contains(proto_udp));
    CHECK_FALSE(bare.match.project(Family::v4, proto_dim).contains(proto_icmp));
}

TEST_CASE("iptables: iprange", "[iptables]") {
    auto r = input_rule(
        "-A INPUT -p udp -m iprange --src-range 192.0.2.10-192.0.2.20 --dst-range 198.51.100.1-198.51.100.3 -j ACCEPT");
    CHECK(takes(r, proto_udp, "192.0.2.15", "198.51.100.3", 1, 2));
    CHECK_FALSE(takes(r, proto_udp, "192.0.2.21", "198.51.100.3", 1, 2));
    CHECK_FALSE(takes(r, proto_udp, "192.0.2.15", "198.51.100.4", 1, 2));
    auto n = input_rule("-A INPUT -m iprange ! --src-range 192.0.2.10-192.0.2.20 -j ACCEPT");
    CHECK(takes(n, proto_udp, "192.0.2.9", "198.51.100.3", 1, 2));
    CHECK_FALSE(takes(n, proto_udp, "192.0.2.10", "198.51.100.3", 1, 2));
}

TEST_CASE("iptables: ICMP types become type*256+code", "[iptables]") {
    auto type_only = input_rule("-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT");
    CHECK(type_only.match.project(Family::v4, dport_dim) == IntervalSet::range(8 * 256, 8 * 256 + 255));
    CHECK(type_only.match.project(Family::v4, proto_dim) == IntervalSet::single(proto_icmp));
    auto with_code = input_rule("-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT");
    CHECK(with_code.match.project(Family::v4, dport_dim) == IntervalSet::single(3 * 256 + 4));
    auto named = input_rule("-A INPUT -p icmp -m icmp --icmp-type echo-request -j ACCEPT");
    CHECK(named.match == type_only.match);
    auto named_code = input_rule("-A INPUT -p icmp -m icmp --icmp-type port-unreachable -j ACCEPT");
    CHECK(named_code.match.project(Family::v4, dport_dim) == IntervalSet::single(3 * 256 + 3));
    auto any = input_rule("-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT");
    CHECK(any.match.project(Family::v4, dport_dim) == IntervalSet::range(0, 65535));
    auto not_echo = input_rule("-A INPUT -p icmp -m icmp ! --icmp-type echo-request -j ACCEPT");
    CHECK(takes_icmp(not_echo, 0, 0));
    CHECK_FALSE(takes_icmp(not_echo, 8, 0));
    // the implicit icmp match of -p icmp
    auto implicit = input_rule("-A INPUT -p icmp --icmp-type echo-reply -j ACCEPT");
    CHECK(takes_icmp(implicit, 0, 0));
    CHECK_FALSE(takes_icmp(implicit, 8, 0));

    auto p = parse(filter_with("-A INPUT -p icmp -m icmp --icmp-type bogus -j ACCEPT\n"));
    CHECK(has_diagnostic(p, 5, Severity::error, "invalid ICMP type 'bogus'"));
}

TEST_CASE("iptables: protocols by name, number and all", "[iptables]") {
    auto protos = [](const std::string& p) {
        return input_rule("-A INPUT -p " + p + " -j ACCEPT").match.project(Family::v4, proto_dim);
    };
    CHECK(protos("tcp") == IntervalSet::single(6));
    CHECK(protos("UDP") == IntervalSet::single(17));
    CHECK(protos("47") == IntervalSet::single(47));
    CHECK(protos("gre") == IntervalSet::single(47));
    CHECK(protos("esp") == IntervalSet::single(50));
    CHECK(protos("ah") == IntervalSet::single(51));
    CHECK(protos("sctp") == IntervalSet::single(132));
    CHECK(protos("udplite") == IntervalSet::single(136));
    CHECK(protos("dccp") == IntervalSet::single(33));
    CHECK(protos("ipcomp") == IntervalSet::single(108));
    CHECK(protos("mh") == IntervalSet::single(135));
    CHECK(protos("all") == IntervalSet::range(0, 255));
    CHECK(protos("0") == IntervalSet::range(0, 255));
    auto not_tcp = input_rule("-A INPUT ! -p tcp -j ACCEPT").match.project(Family::v4, proto_dim);
    CHECK_FALSE(not_tcp.contains(6));
    CHECK(not_tcp.contains(17));

    auto p = parse(filter_with("-A INPUT -p frob -j ACCEPT\n"));
    CHECK(has_diagnostic(p, 5, Severity::error, "unknown protocol 'frob'"));
    CHECK(has_condition(chain(p, "filter", "INPUT").rules.at(0), "protocol frob"));
}

TEST_CASE("iptables: connection state decides whether a rule takes new flows", "[iptables]") {
    struct Case {
        const char* line;
        bool new_flows;
    };
    const Case cases[] = {
        {"-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", false},
        {"-A INPUT -m conntrack --ctstate INVALID -j DROP", false},
        {"-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT", false},
        {"-A INPUT -m state --state ESTABLISHED -j ACCEPT", false},
        {"-A INPUT -m conntrack ! --ctstate NEW -j DROP", false},
        {"-A INPUT -m conntrack --ctstate NEW -j ACCEPT", true},
        {"-A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT", true},
        {"-A INPUT -m state --state NEW -j ACCEPT", true},
        {"-A INPUT -m conntrack ! --ctstate INVALID -j ACCEPT", true},
        {"-A INPUT -m conntrack --ctstate DNAT -j ACCEPT", true},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        auto r = input_rule(c.line);
        CHECK(r.new_flows == c.new_flows);
        CHECK(r.match.empty() == !c.new_flows);
    }
    CHECK(input_rule("-A INPUT -m conntrack --ctstate NEW -j ACCEPT").conditions.empty());
    CHECK(has_condition(input_rule("-A INPUT -m conntrack --ctstate DNAT -j ACCEPT"), "ctstate DNAT"));
    CHECK(has_condition(input_rule("-A INPUT -m conntrack --ctstate NEW --ctorigdst 203.0.113.10 -j ACCEPT"),
                        "conntrack ctorigdst 203.0.113.10"));

    auto p = parse(filter_with("-A INPUT -m state --state FROZEN -j ACCEPT\n"));
    CHECK(has_diagnostic(p, 5, Severity::error, "unknown connection state 'FROZEN'"));
}

TEST_CASE("iptables: matches the engine cannot model become named conditions", "[iptables]") {
    struct Case {
        const char* line;
        const char* name;
        const char* text;
    };
    const Case cases[] = {
        {"-A INPUT -i eth0 -j ACCEPT", "in-interface eth0", "-i eth0"},
        {"-A INPUT ! -i eth0 -j ACCEPT", "not in-interface eth0", "! -i eth0"},
        {"-A FORWARD -o ppp+ -j ACCEPT", "out-interface ppp+", "-o ppp+"},
        {"-A INPUT -m set --match-set blocklist src -j DROP", "ipset blocklist src", "-m set --match-set blocklist src"},
        {"-A INPUT -m set ! --match-set trusted src,dst -j DROP", "not ipset trusted src,dst",
         "-m set ! --match-set trusted src,dst"},
        {"-A INPUT -m limit --limit 5/min -j LOG", "limit 5/min", "-m limit --limit 5/min"},
        {"-A INPUT -m mark --mark 0x1 -j ACCEPT", "mark 0x1", "-m mark --mark 0x1"},
        {"-A INPUT -m connmark --mark 0x4/0xff -j ACCEPT", "connmark 0x4/0xff", "-m connmark --mark 0x4/0xff"},
        {"-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT", "addrtype dst LOCAL", "-m addrtype --dst-type LOCAL"},
        {"-A OUTPUT -m owner --uid-owner 1000 -j ACCEPT", "owner uid 1000", "-m owner --uid-owner 1000"},
        {"-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT", "mac source 00:11:22:33:44:55",
         "-m mac --mac-source 00:11:22:33:44:55"},
        {"-A FORWARD -m physdev --physdev-in veth0 -j ACCEPT", "physdev in veth0", "-m physdev --physdev-in veth0"},
        {"-A INPUT -m length --length 0:64 -j ACCEPT", "length 0:64", "-m length --length 0:64"},
        {"-A INPUT -m recent --rcheck --seconds 60 --name SSH -j DROP", "recent rcheck seconds 60 name SSH",
         "-m recent --rcheck --seconds 60 --name SSH"},
        {"-A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-name api -j ACCEPT", "hashlimit upto 10/sec name api",
         "-m hashlimit --hashlimit-upto 10/sec --hashlimit-name api"},
        {"-A INPUT -m string --string \"GET /admin\" --algo bm -j DROP", "string GET /admin algo bm",
         "-m string --string \"GET /admin\" --algo bm"},
        {"-A INPUT -m policy --dir in --pol ipsec -j ACCEPT", "policy dir in pol ipsec", "-m policy --dir in --pol ipsec"},
        {"-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j ACCEPT", "tcp-flags SYN,ACK SYN", "--tcp-flags SYN,ACK SYN"},
        {"-A INPUT -p tcp -m tcp ! --syn -j DROP", "not tcp-flags FIN,SYN,RST,ACK SYN", "! --syn"},
        {"-A INPUT -f -j DROP", "fragment", "-f"},
        {"-A INPUT ! -f -j DROP", "not fragment", "! -f"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        auto p = parse(filter_with(std::string(c.line) + "\n"));
        CHECK(p.diagnostics.empty());
        const Policy& filter = p.policies.at(0);
        const Rule* rule = nullptr;
        for (const auto& ch : filter.chains)
            if (!ch.rules.empty()) rule = &ch.rules.front();
        REQUIRE(rule != nullptr);
        REQUIRE(rule->conditions.size() == 1);
        CHECK(rule->conditions[0].name == c.name);
        CHECK(rule->conditions[0].text == c.text);
        CHECK(rule->new_flows);
    }
    // A condition does not narrow the packet set: tcp-flags keeps port 22.
    auto r = input_rule("-A INPUT -p tcp -m tcp --dport 22 --tcp-flags SYN,ACK SYN -j ACCEPT");
    CHECK(r.match.project(Family::v4, dport_dim) == IntervalSet::single(22));
}

TEST_CASE("iptables: -m comment sets the rule's comment", "[iptables]") {
    auto r = input_rule(R"(-A INPUT -p tcp -m tcp --dport 443 -m comment --comment "web \"front\" \\ door" -j ACCEPT)");
    CHECK(r.comment == R"(web "front" \ door)");
    CHECK(r.conditions.empty());
    auto bare = input_rule("-A INPUT -m comment --comment -leading-dash -j ACCEPT");
    CHECK(bare.comment == "-leading-dash");
    CHECK(bare.action == Action::accept);
}

TEST_CASE("iptables: unknown modules and options are kept, with a warning", "[iptables]") {
    auto p = parse(filter_with("-A INPUT -m geoip --src-cc XX,YY -j DROP\n"
                               "-A INPUT -p tcp -m tcp --dport 22 --frobnicate 7 -j ACCEPT\n"
                               "-A INPUT --frobnicate -j ACCEPT\n"));
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 3);
    CHECK(has_diagnostic(p, 5, Severity::warning, "unknown match module 'geoip': kept as an unmodelled condition"));
    REQUIRE(rules[0].conditions.size() == 1);
    CHECK(rules[0].conditions[0].name == "-m geoip --src-cc XX,YY");
    CHECK(rules[0].conditions[0].text == "-m geoip --src-cc XX,YY");
    CHECK(rules[0].action == Action::drop);

    CHECK(has_diagnostic(p, 6, Severity::warning, "unknown option '--frobnicate' for match 'tcp'"));
    CHECK(has_condition(rules[1], "unknown option --frobnicate"));
    CHECK(rules[1].match.project(Family::v4, dport_dim) == IntervalSet::single(22));

    CHECK(has_diagnostic(p, 7, Severity::warning, "unknown option '--frobnicate'"));
    auto it = std::find_if(p.diagnostics.begin(), p.diagnostics.end(), [](const Diagnostic& d) { return d.loc.line == 7; });
    REQUIRE(it != p.diagnostics.end());
    CHECK(it->loc.column == 10);
    CHECK(has_condition(rules[2], "unknown option --frobnicate"));
    CHECK(count(p.diagnostics, Severity::error) == 0);
}

TEST_CASE("iptables: targets become actions", "[iptables]") {
    struct Case {
        const char* target;
        Action action;
    };
    const Case cases[] = {
        {"ACCEPT", Action::accept},       {"DROP", Action::drop},
        {"REJECT --reject-with tcp-reset", Action::reject}, {"RETURN", Action::ret},
        {"LOG --log-prefix \"x: \" --log-level 6", Action::log}, {"NFLOG --nflog-group 2", Action::log},
        {"ULOG", Action::log},            {"MARK --set-mark 1", Action::none},
        {"CONNMARK --save-mark", Action::none}, {"TCPMSS --clamp-mss-to-pmtu", Action::none},
        {"DSCP --set-dscp 10", Action::none}, {"NOTRACK", Action::none},
        {"CT --notrack", Action::none},   {"TOS --set-tos 0x10", Action::none},
        {"SNAT --to-source 192.0.2.1", Action::other}, {"DNAT --to-destination 10.0.0.1:80", Action::other},
        {"MASQUERADE", Action::other},    {"REDIRECT --to-ports 3128", Action::other},
        {"NETMAP --to 10.1.0.0/24", Action::other}, {"QUEUE", Action::other},
        {"NFQUEUE --queue-num 3", Action::other},
    };
    for (const auto& c : cases) {
        INFO(c.target);
        auto p = parse(filter_with(std::string("-A INPUT -j ") + c.target + "\n"));
        CHECK(p.diagnostics.empty());
        const auto& rules = chain(p, "filter", "INPUT").rules;
        REQUIRE(rules.size() == 1);
        CHECK(rules[0].action == c.action);
        CHECK(std::string(c.target).rfind(rules[0].target, 0) == 0);
    }
    auto none = input_rule("-A INPUT -p udp -m udp --dport 53");
    CHECK(none.action == Action::none);
    CHECK(none.target.empty());

    auto p = parse(filter_with(":WEB - [0:0]\n-A INPUT -j WEB\n-A INPUT -g WEB\n-A INPUT -j NOWHERE\n-A INPUT -g NOWHERE\n"
                               "-A INPUT -j INPUT\n-A WEB -j RETURN\n"));
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 5);
    CHECK(rules[0].action == Action::jump);
    CHECK(rules[0].target == "WEB");
    CHECK(rules[1].action == Action::go_to);
    CHECK(rules[1].target == "WEB");
    CHECK(rules[2].action == Action::other);
    CHECK(rules[2].target == "NOWHERE");
    CHECK(has_diagnostic(p, 8, Severity::error, "unknown target 'NOWHERE'"));
    CHECK(rules[3].action == Action::other);
    CHECK(has_diagnostic(p, 9, Severity::error, "goto target 'NOWHERE' is not a chain"));
    CHECK(rules[4].action == Action::other);
    CHECK(has_diagnostic(p, 10, Severity::error, "built-in chain 'INPUT'"));
    // the target error points at the -j
    auto it = std::find_if(p.diagnostics.begin(), p.diagnostics.end(), [](const Diagnostic& d) { return d.loc.line == 8; });
    REQUIRE(it != p.diagnostics.end());
    CHECK(it->loc.column == 10);
}

TEST_CASE("iptables: a jump to a chain declared later is resolved", "[iptables]") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n-A INPUT -j LATE\n:LATE - [0:0]\n-A LATE -j ACCEPT\nCOMMIT\n");
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 1);
    CHECK(rules[0].action == Action::jump);
    CHECK(count(p.diagnostics, Severity::error) == 0);
}

TEST_CASE("iptables: every fixture match and target is read without diagnostics", "[iptables]") {
    auto p = parse_iptables_save(read_fixture("every_match.rules"), "every_match.rules");
    CHECK(p.diagnostics.empty());
    REQUIRE(p.policies.size() == 3);
    CHECK(p.policies[0].name == "mangle");
    CHECK(p.policies[1].name == "nat");
    CHECK(p.policies[2].name == "filter");
    CHECK(p.policies[0].chains.size() == 5);
    CHECK(p.rule_count() == 46);
    const auto& nat = chain(p, "nat", "PREROUTING").rules;
    REQUIRE(nat.size() == 2);
    CHECK(nat[0].action == Action::other);
    CHECK(nat[0].target == "DNAT");
    const auto& input = chain(p, "filter", "INPUT").rules;
    REQUIRE(input.size() == 32);
    const auto goto_rule = std::find_if(input.begin(), input.end(), [](const Rule& r) { return r.action == Action::go_to; });
    REQUIRE(goto_rule != input.end());
    CHECK(goto_rule->target == "ADMIN");
    CHECK(goto_rule->loc.line == 58);
}

TEST_CASE("iptables: chains, policies and undeclared chains", "[iptables]") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [3:120]\n:Z-LAST - [0:0]\n:A-FIRST - [0:0]\n"
                   "-A MISSING -j ACCEPT\n-A OUTPUT -j ACCEPT\nCOMMIT\n");
    const Policy& f = p.policies.at(0);
    REQUIRE(f.chains.size() == 6);
    CHECK(f.chains[0].name == "INPUT");
    CHECK(f.chains[1].policy == Action::accept);
    CHECK(f.chains[2].name == "Z-LAST");  // declaration order, not sorted
    CHECK(f.chains[3].name == "A-FIRST");
    CHECK(f.chains[4].name == "MISSING");
    CHECK_FALSE(f.chains[4].builtin);
    CHECK(f.chains[4].rules.size() == 1);
    CHECK(has_diagnostic(p, 6, Severity::error, "chain 'MISSING' is not declared"));
    CHECK(f.chains[5].name == "OUTPUT");
    CHECK(f.chains[5].builtin);
    CHECK(f.chains[5].policy == Action::accept);
    CHECK(has_diagnostic(p, 7, Severity::error, "chain 'OUTPUT' is not declared"));

    auto bad = parse("*filter\n:INPUT - [0:0]\n:MINE ACCEPT [0:0]\n:PREROUTING DROP [0:0]\nCOMMIT\n");
    CHECK(has_diagnostic(bad, 2, Severity::error, "built-in chain 'INPUT' needs a policy"));
    CHECK(has_diagnostic(bad, 3, Severity::error, "user-defined chain 'MINE' cannot have a policy"));
    CHECK(has_diagnostic(bad, 4, Severity::error, "table 'filter' has no built-in chain 'PREROUTING'"));
    CHECK(chain(bad, "filter", "INPUT").policy == Action::accept);
    CHECK_FALSE(chain(bad, "filter", "MINE").policy.has_value());

    auto nat = parse("*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n");
    CHECK(chain(nat, "nat", "PREROUTING").builtin);
    CHECK(chain(nat, "nat", "POSTROUTING").builtin);
}

TEST_CASE("iptables: iptables-restore commands", "[iptables]") {
    auto p = parse_iptables_save(read_fixture("restore_commands.rules"), "restore_commands.rules");
    const auto& input = chain(p, "filter", "INPUT");
    CHECK(input.policy == Action::drop);  // -P INPUT DROP
    const auto& trusted = chain(p, "filter", "TRUSTED");
    CHECK(trusted.name == "TRUSTED");  // -N TRUSTED
    CHECK(trusted.loc.line == 5);
    REQUIRE(trusted.rules.size() == 1);
    // -I INPUT goes first, -I INPUT 2 second, then the appended rules.
    REQUIRE(input.rules.size() == 4);
    CHECK(input.rules[0].loc.line == 8);
    CHECK_FALSE(input.rules[0].new_flows);
    CHECK(input.rules[1].loc.line == 9);
    CHECK(input.rules[1].match.project(Family::v4, dport_dim) == IntervalSet::single(22));
    CHECK(input.rules[2].loc.line == 6);
    CHECK(input.rules[3].loc.line == 7);
    CHECK(input.rules[3].action == Action::jump);
    CHECK(has_diagnostic(p, 11, Severity::warning, "'-F' is an iptables-restore command"));
    CHECK(has_diagnostic(p, 12, Severity::warning, "'-X' is an iptables-restore command"));
    CHECK(count(p.diagnostics, Severity::error) == 0);
}

TEST_CASE("iptables: locations and text", "[iptables]") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n[12:345] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                   "   -A INPUT -j DROP   \nCOMMIT\n");
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 2);
    CHECK(rules[0].loc == SourceLocation{"test.rules", 3, 10});
    CHECK(rules[0].text == "[12:345] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
    CHECK(rules[0].action == Action::accept);
    CHECK(rules[1].loc == SourceLocation{"test.rules", 4, 4});
    CHECK(rules[1].text == "   -A INPUT -j DROP   ");
    CHECK(p.diagnostics.empty());
}

TEST_CASE("the loopback interface: -i lo is loopback-only, ! -o lo is no condition at all") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n:OUTPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n"
                   "-A OUTPUT ! -o lo -p tcp -m tcp --dport 443 -j ACCEPT\n-A INPUT -i eth0 -j ACCEPT\nCOMMIT\n");
    const auto& input = chain(p, "filter", "INPUT").rules;
    const auto& output = chain(p, "filter", "OUTPUT").rules;
    REQUIRE(input.size() == 2);
    REQUIRE(output.size() == 1);
    CHECK(input[0].conditions.at(0).loopback_only);
    CHECK_FALSE(input[1].conditions.at(0).loopback_only);
    CHECK(output[0].conditions.empty());
}

TEST_CASE("connection states and target options are kept on the rule") {
    auto p = parse("*filter\n:INPUT DROP [0:0]\n"
                   "-A INPUT -m conntrack --ctstate NEW,RELATED -p tcp -m tcp --dport 22 -j ACCEPT\n"
                   "-A INPUT -m state ! --state INVALID -j ACCEPT\n"
                   "-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n"
                   "-A INPUT -j ACCEPT\nCOMMIT\n");
    const auto& rules = chain(p, "filter", "INPUT").rules;
    REQUIRE(rules.size() == 4);
    CHECK(rules[0].states == (state_new | state_related));
    CHECK(rules[0].states_exact);
    CHECK(rules[1].states == (all_conn_states & ~state_invalid));
    CHECK_FALSE(rules[1].states_exact);
    CHECK(rules[2].target_options == "--reject-with tcp-reset");
    CHECK(rules[3].states == all_conn_states);
    CHECK(rules[3].target_options.empty());
}
