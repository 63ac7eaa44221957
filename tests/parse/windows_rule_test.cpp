#include <catch2/catch.hpp>

#include "parse/windows_rule.hpp"
#include "parse/windows_rule_string.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

constexpr auto flow = &fwlint_test::packet;  // one packet

WindowsRuleSpec https_in() {
    WindowsRuleSpec s;
    s.display_name = "World Wide Web Services (HTTPS Traffic-In)";
    s.id = "IIS-WebServerRole-HTTPS-In-TCP";
    s.protocol = proto_tcp;
    parse_windows_ports("443", s.local_ports);
    s.loc = SourceLocation{"rules.txt", 12, 1};
    return s;
}

const Condition* find_condition(const Rule& r, std::string_view prefix) {
    for (const auto& c : r.conditions)
        if (c.name.rfind(prefix, 0) == 0) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("Windows enum values read in netsh, registry, PowerShell, German and French spellings") {
    CHECK(parse_windows_action("Allow") == WindowsAction::allow);
    CHECK(parse_windows_action(" block ") == WindowsAction::block);
    CHECK(parse_windows_action("ByPass") == WindowsAction::bypass);
    CHECK(parse_windows_action("Zulassen") == WindowsAction::allow);
    CHECK(parse_windows_action("Bloquer") == WindowsAction::block);
    CHECK(parse_windows_action("2") == WindowsAction::allow);
    CHECK(parse_windows_action("4") == WindowsAction::block);
    CHECK_FALSE(parse_windows_action("0"));  // PowerShell NotConfigured
    CHECK_FALSE(parse_windows_action("Accept"));

    CHECK(parse_windows_direction("In") == WindowsDirection::in);
    CHECK(parse_windows_direction("Outbound") == WindowsDirection::out);
    CHECK(parse_windows_direction("Eingehend") == WindowsDirection::in);
    CHECK(parse_windows_direction("Aus") == WindowsDirection::out);
    CHECK(parse_windows_direction("2") == WindowsDirection::out);
    CHECK_FALSE(parse_windows_direction("Actif"));  // the French translation artefact: the caller warns

    CHECK(parse_windows_bool("Yes") == true);
    CHECK(parse_windows_bool("TRUE") == true);
    CHECK(parse_windows_bool("Nein") == false);
    CHECK(parse_windows_bool("Oui") == true);
    CHECK(parse_windows_bool("2") == false);  // PowerShell Enabled: 1 True, 2 False
    CHECK(parse_windows_bool("1") == true);
    CHECK_FALSE(parse_windows_bool("maybe"));

    CHECK(parse_windows_profiles("Domain,Private") == (profile_domain | profile_private));
    CHECK(parse_windows_profiles("Domain, Public") == (profile_domain | profile_public));
    CHECK(parse_windows_profiles("Any") == all_profiles);
    CHECK(parse_windows_profiles("0") == all_profiles);
    CHECK(parse_windows_profiles("6") == (profile_private | profile_public));
    CHECK(parse_windows_profiles("Domäne,Privat,Öffentlich") == all_profiles);
    CHECK(parse_windows_profiles("Privé") == profile_private);
    CHECK(parse_windows_profiles("Standard") == profile_private);
    CHECK_FALSE(parse_windows_profiles("Domain,Office"));
    CHECK_FALSE(parse_windows_profiles("9"));

    CHECK(parse_windows_edge("No") == EdgeTraversal::block);
    CHECK(parse_windows_edge("Yes") == EdgeTraversal::allow);
    CHECK(parse_windows_edge("Defer to application") == EdgeTraversal::defer_to_app);
    CHECK(parse_windows_edge("DeferToUser") == EdgeTraversal::defer_to_user);
    CHECK(parse_windows_edge("2") == EdgeTraversal::defer_to_user);  // PowerShell numbering
    CHECK(parse_windows_edge("3") == EdgeTraversal::defer_to_app);

    std::optional<unsigned> p;
    CHECK(parse_windows_protocol("TCP", p));
    CHECK(p == 6u);
    CHECK(parse_windows_protocol("icmpv6", p));
    CHECK(p == 58u);
    CHECK(parse_windows_protocol("GRE", p));
    CHECK(p == 47u);
    CHECK(parse_windows_protocol("Any", p));
    CHECK_FALSE(p);
    CHECK(parse_windows_protocol("256", p));
    CHECK_FALSE(p);
    CHECK(parse_windows_protocol("89", p));
    CHECK(p == 89u);
    CHECK_FALSE(parse_windows_protocol("300", p));
    CHECK_FALSE(parse_windows_protocol("tcpx", p));
}

TEST_CASE("Windows port, address and ICMP lists keep numbers, ranges and keywords") {
    std::vector<WindowsPort> ports;
    auto unknown = parse_windows_ports("443, 8443-8445,RPC,RPCEPMap,IPTLSIn,Bogus", ports);
    REQUIRE(ports.size() == 6);
    CHECK(ports[0].lo == 443);
    CHECK(ports[1].lo == 8443);
    CHECK(ports[1].hi == 8445);
    CHECK(ports[2].keyword == "RPC");
    CHECK(ports[3].keyword == "RPC-EPMap");
    CHECK(ports[4].keyword == "IPHTTPS");
    CHECK(ports[5].keyword == "Bogus");
    CHECK(unknown == std::vector<std::string>{"Bogus"});
    ports.clear();
    CHECK(parse_windows_ports("Any", ports).empty());
    CHECK(ports.empty());

    std::vector<WindowsAddress> addrs;
    unknown = parse_windows_addresses("10.0.0.0/8,192.168.10.5/32,10.1.0.0/255.255.0.0,10.2.0.1-10.2.0.9,"
                                      "fe80::/64,LocalSubnet,intranet,RmtIntrAnet,Nowhere",
                                      addrs);
    REQUIRE(addrs.size() == 9);
    CHECK(addrs[0].set->family == Family::v4);
    CHECK(addrs[2].set->values == parse_address("10.1.0.0/16")->values);
    CHECK(addrs[3].set->values.size() == 9);
    CHECK(addrs[4].set->family == Family::v6);
    CHECK(addrs[5].keyword == "LocalSubnet");
    CHECK(addrs[6].keyword == "Intranet");
    CHECK(addrs[7].keyword == "IntranetRemoteAccess");
    CHECK(unknown == std::vector<std::string>{"Nowhere"});

    std::vector<WindowsIcmp> icmp;
    auto bad = parse_windows_icmp("8:Any,3:4, 0 ,x:1", icmp);
    REQUIRE(icmp.size() == 3);
    CHECK(icmp[0].type == 8);
    CHECK_FALSE(icmp[0].code);
    CHECK(icmp[1].code == 4u);
    CHECK(icmp[2].type == 0);
    CHECK(bad == std::vector<std::string>{"x:1"});
}

TEST_CASE("to_ir_rules maps an inbound allow onto destination ports and keeps identity") {
    auto rules = to_ir_rules(https_in(), nullptr);
    REQUIRE(rules.size() == 1);
    const Rule& r = rules[0];
    CHECK(r.action == Action::accept);
    CHECK(r.target == "Allow");
    CHECK(r.rule_id == "IIS-WebServerRole-HTTPS-In-TCP");
    CHECK(r.display_name == "World Wide Web Services (HTTPS Traffic-In)");
    CHECK(r.loc.line == 12);
    CHECK(r.conditions.empty());
    CHECK(r.match.intersects(flow(Family::v4, proto_tcp, "10.20.0.5", "10.0.1.10", 50000, 443)));
    CHECK(r.match.intersects(flow(Family::v6, proto_tcp, "2001:db8::1", "2001:db8::2", 50000, 443)));
    CHECK_FALSE(r.match.intersects(flow(Family::v4, proto_tcp, "10.20.0.5", "10.0.1.10", 50000, 80)));
    CHECK_FALSE(r.match.intersects(flow(Family::v4, proto_udp, "10.20.0.5", "10.0.1.10", 50000, 443)));
}

TEST_CASE("to_ir_rules maps an outbound rule's remote side onto the destination") {
    WindowsRuleSpec s;
    s.direction = WindowsDirection::out;
    s.action = WindowsAction::block;
    s.protocol = proto_udp;
    parse_windows_ports("53", s.remote_ports);
    parse_windows_addresses("203.0.113.0/255.255.255.0", s.remote_addresses);
    auto rules = to_ir_rules(s, nullptr);
    REQUIRE(rules.size() == 1);
    CHECK(rules[0].action == Action::drop);
    CHECK(rules[0].target == "Block");
    CHECK(rules[0].match.intersects(flow(Family::v4, proto_udp, "10.0.1.10", "203.0.113.7", 50000, 53)));
    CHECK_FALSE(rules[0].match.intersects(flow(Family::v4, proto_udp, "203.0.113.7", "10.0.1.10", 50000, 53)));
    // IPv4-only remote list: the rule does not match IPv6 traffic.
    CHECK(rules[0].match.boxes(Family::v6).empty());
}

TEST_CASE("Address and port keywords become named conditions, never any") {
    WindowsRuleSpec s = https_in();
    s.remote_addresses.clear();
    parse_windows_addresses("10.0.0.0/8,LocalSubnet", s.remote_addresses);
    auto rules = to_ir_rules(s, nullptr);
    REQUIRE(rules.size() == 2);
    // The concrete part matches unconditionally.
    CHECK(rules[0].conditions.empty());
    CHECK(rules[0].match.intersects(flow(Family::v4, proto_tcp, "10.9.9.9", "10.0.1.10", 1234, 443)));
    CHECK_FALSE(rules[0].match.intersects(flow(Family::v4, proto_tcp, "192.0.2.1", "10.0.1.10", 1234, 443)));
    // The keyword part carries the condition.
    const Condition* c = find_condition(rules[1], "remote address LocalSubnet");
    REQUIRE(c);
    CHECK_FALSE(c->scope_only);
    CHECK(c->text == "RemoteIP=LocalSubnet");

    WindowsRuleSpec rpc;
    rpc.protocol = proto_tcp;
    parse_windows_ports("RPC", rpc.local_ports);
    auto r2 = to_ir_rules(rpc, nullptr);
    REQUIRE(r2.size() == 1);
    CHECK(find_condition(r2[0], "local port RPC (dynamic RPC endpoints"));
    CHECK(r2[0].match.project(Family::v4, dport_dim) == IntervalSet::range(49152, 65535));

    WindowsRuleSpec teredo;
    teredo.protocol = proto_udp;
    parse_windows_ports("Teredo", teredo.local_ports);
    auto r3 = to_ir_rules(teredo, nullptr);
    REQUIRE(r3.size() == 1);
    CHECK(find_condition(r3[0], "local port Teredo"));
}

TEST_CASE("Program and service are scope-only conditions, interfaces and unknown attributes are conditions") {
    WindowsRuleSpec s = https_in();
    s.program = "%SystemRoot%\\system32\\inetsrv\\w3wp.exe";
    s.service = "W3SVC";
    s.interface_types = {"LAN"};
    s.attributes.push_back(WindowsAttribute{"Frobnicate", "on", {}});
    auto rules = to_ir_rules(s, nullptr);
    REQUIRE(rules.size() == 1);
    const Condition* prog = find_condition(rules[0], "program ");
    REQUIRE(prog);
    CHECK(prog->scope_only);
    REQUIRE(find_condition(rules[0], "service W3SVC"));
    CHECK(find_condition(rules[0], "service W3SVC")->scope_only);
    REQUIRE(find_condition(rules[0], "interface type LAN"));
    CHECK_FALSE(find_condition(rules[0], "interface type LAN")->scope_only);
    CHECK(find_condition(rules[0], "unknown attribute Frobnicate=on"));

    s = https_in();
    s.program = "Any";
    s.security = "NotRequired";
    CHECK(to_ir_rules(s, nullptr)[0].conditions.empty());
    s.scope_known = false;
    auto unknown_scope = to_ir_rules(s, nullptr);
    REQUIRE(find_condition(unknown_scope[0], "program/service unknown"));
    CHECK(find_condition(unknown_scope[0], "program/service unknown")->scope_only);
}

TEST_CASE("ICMP type:code entries land in the ICMP code dimension") {
    WindowsRuleSpec s;
    s.action = WindowsAction::block;
    s.protocol = proto_icmp;
    parse_windows_icmp("8:Any", s.icmp);
    auto rules = to_ir_rules(s, nullptr);
    REQUIRE(rules.size() == 1);
    CHECK(rules[0].match.project(Family::v4, dport_dim) == IntervalSet::range(8 * 256, 8 * 256 + 255));
    CHECK(rules[0].match.project(Family::v4, proto_dim) == IntervalSet::single(proto_icmp));
}

TEST_CASE("Bypass and edge traversal are visible on the IR rule, disabled rules are kept") {
    WindowsRuleSpec s = https_in();
    s.action = WindowsAction::bypass;
    s.edge = EdgeTraversal::allow;
    s.enabled = false;
    auto rules = to_ir_rules(s, nullptr);
    REQUIRE(rules.size() == 1);
    CHECK(rules[0].action == Action::accept);
    CHECK(rules[0].target == "Bypass");
    CHECK(rules[0].target_options == "edge=yes");
    CHECK_FALSE(rules[0].enabled);
}

TEST_CASE("windows_input builds inbound and outbound policies per family with profile chains") {
    WindowsRuleSpec web = https_in();
    web.profiles = profile_domain | profile_private;
    WindowsRuleSpec dns;
    dns.direction = WindowsDirection::out;
    dns.protocol = proto_udp;
    dns.profiles = profile_public;
    parse_windows_ports("53", dns.remote_ports);
    parse_windows_addresses("10.0.0.8/29", dns.remote_addresses);
    dns.loc = SourceLocation{"rules.txt", 30, 1};

    auto source = std::make_shared<const std::string>("text");
    ParsedInput in = windows_input({web, dns}, WindowsProfileDefaults{}, source, "rules.txt", "netsh-show", {});
    CHECK(in.format == "netsh-show");
    REQUIRE(in.policies.size() == 4);
    CHECK(in.rule_count() == 2);  // one per spec, however many chains hold it
    const Policy& inbound = in.policies[0];
    CHECK(inbound.name == "inbound");
    CHECK(inbound.family == Family::v4);
    CHECK(inbound.order == EvaluationOrder::windows_precedence);
    REQUIRE(inbound.chains.size() == 3);
    CHECK(inbound.find_chain("domain")->rules.size() == 1);
    CHECK(inbound.find_chain("private")->rules.size() == 1);
    CHECK(inbound.find_chain("public")->rules.empty());
    CHECK(inbound.find_chain("domain")->policy == Action::drop);
    CHECK(inbound.find_chain("domain")->rules[0].chain == "domain");
    CHECK(in.policies[1].name == "inbound");
    CHECK(in.policies[1].family == Family::v6);
    const Policy& outbound = in.policies[2];
    CHECK(outbound.name == "outbound");
    CHECK(outbound.find_chain("public")->policy == Action::accept);
    CHECK(outbound.find_chain("public")->rules.size() == 1);
    CHECK(outbound.find_chain("domain")->rules.empty());
    // The DNS rule lists only IPv4 addresses: not in the IPv6 outbound policy.
    CHECK(in.policies[3].find_chain("public")->rules.empty());
    // The report says the defaults were assumed.
    REQUIRE(in.diagnostics.size() == 1);
    CHECK(in.diagnostics[0].severity == Severity::note);
    CHECK(in.diagnostics[0].message.find("defaults are assumed") != std::string::npos);
}

TEST_CASE("windows_input: stated defaults, firewall off and shields up") {
    WindowsProfileDefaults d;
    d.assumed = false;
    d.profiles[1].firewall_on = false;                          // private: off
    d.profiles[2].block_inbound_always = true;                  // public: shields up
    d.profiles[0].default_outbound = WindowsAction::block;      // domain: outbound block
    d.profiles[0].loc = SourceLocation{"profiles.txt", 3, 1};
    WindowsRuleSpec allow = https_in();
    WindowsRuleSpec block = https_in();
    block.action = WindowsAction::block;
    ParsedInput in = windows_input({allow, block}, d, nullptr, "rules.txt", "netsh-show", {});
    const Policy& inbound = in.policies[0];
    CHECK(inbound.find_chain("domain")->rules.size() == 2);
    CHECK(inbound.find_chain("private")->rules.empty());
    CHECK(inbound.find_chain("private")->policy == Action::accept);
    REQUIRE(inbound.find_chain("public")->rules.size() == 1);
    CHECK(inbound.find_chain("public")->rules[0].action == Action::drop);
    CHECK(in.policies[2].find_chain("domain")->policy == Action::drop);
    CHECK(in.policies[2].find_chain("domain")->loc.line == 3);
    REQUIRE(in.diagnostics.size() == 2);
    CHECK(in.diagnostics[0].message.find("off in the private profile") != std::string::npos);
    CHECK(in.diagnostics[1].message.find("public profile blocks all inbound") != std::string::npos);
}

TEST_CASE("An address keyword of one family restricts the rule to that family") {
    auto families = [](const WindowsRuleSpec& spec) {
        std::string out;
        for (const Rule& r : to_ir_rules(spec, nullptr)) {
            if (!r.match.boxes(Family::v4).empty()) out += "4";
            if (!r.match.boxes(Family::v6).empty()) out += "6";
        }
        return out;
    };
    SECTION("PowerShell's family-restricted keywords") {
        for (auto [list, expected] : {std::pair{"LocalSubnet4", "4"}, std::pair{"DNS6", "6"},
                                      std::pair{"LocalSubnet", "46"}, std::pair{"LocalSubnet4,LocalSubnet6", "46"}}) {
            INFO(list);
            WindowsRuleSpec s = https_in();
            parse_windows_addresses(list, s.remote_addresses);
            CHECK(families(s) == expected);
        }
    }
    SECTION("registry: a keyword under RA4 / RA42 is IPv4 only, under RA6 IPv6 only") {
        struct Case { const char* fields; const char* expected; };
        for (const Case c : {Case{"RA4=LocalSubnet|", "4"}, Case{"RA6=LocalSubnet|", "6"},
                             Case{"RA4=LocalSubnet|RA6=LocalSubnet|", "46"}, Case{"RA42=IntrAnet|", "4"},
                             Case{"RA62=IntErnet|", "6"}, Case{"LA4=DHCP|", "4"}}) {
            INFO(c.fields);
            Diagnostics d;
            auto spec = windows_rule_from_string(
                std::string("v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=445|") + c.fields + "Name=x|",
                SourceLocation{"r.reg", 3, 1}, d);
            REQUIRE(spec);
            CHECK(d.empty());
            CHECK(families(*spec) == c.expected);
        }
    }
    SECTION("an IPv6 address under RA4 is reported and used as written") {
        Diagnostics d;
        auto spec = windows_rule_from_string("v2.30|Action=Allow|Active=TRUE|Dir=In|RA4=fe80::/64|Name=x|",
                                             SourceLocation{"r.reg", 3, 1}, d);
        REQUIRE(spec);
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("RA4 holds IPv4 entries, found 'fe80::/64'") != std::string::npos);
        CHECK(families(*spec) == "6");
    }
}
