// The ASA reader on fixtures/cisco/asa-firewall.cfg (every construct of
// FORMATS.md 5.2) and on small inputs for the details.
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

const std::string& fixture_text() {
    static const std::string text = read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/asa-firewall.cfg");
    return text;
}
const ParsedInput& fixture() {
    static const ParsedInput p = parse_fixture("asa-firewall.cfg", Dialect::asa);
    return p;
}
int line(std::string_view needle) { return line_of(fixture_text(), needle); }

}  // namespace

TEST_CASE("asa fixture: lists, bindings, and only the fqdn warning", "[cisco][asa]") {
    const auto& p = fixture();
    INFO(diagnostics_text(p));
    CHECK(p.format == "cisco-asa");
    REQUIRE(p.diagnostics.size() == 1);
    CHECK(p.diagnostics[0].loc.line == line("fqdn v4 updates.example.com"));
    CHECK(p.diagnostics[0].severity == Severity::warning);
    for (const char* name : {"INSIDE_IN", "DMZ_IN", "GLOBAL_ACL", "OLD_RULES"}) CHECK(acl(p, name) != nullptr);
    CHECK(acl(p, "DMZ_IN", Family::v6) != nullptr);  // the IPv6 entry
    CHECK(acl(p, "INSIDE_IN", Family::v6) != nullptr);  // "any" is both families on 9.x
    CHECK(acl(p, "DMZ_IN")->syntax == "asa");
    REQUIRE(p.global_acls.size() == 1);
    CHECK(p.global_acls[0].acl == "GLOBAL_ACL");
    REQUIRE(p.interfaces.size() == 5);
    CHECK(p.interfaces[1].nameif == "inside");
    REQUIRE(p.interfaces[1].bindings.size() == 1);
    CHECK(p.interfaces[1].bindings[0].acl == "INSIDE_IN");
    CHECK_FALSE(p.interfaces[1].bindings[0].family.has_value());
    CHECK(format_address_set(p.interfaces[2].connected[0].values, Family::v4) == "10.0.1.0/24");
}

TEST_CASE("asa fixture: objects, nested groups, port groups after the destination, names", "[cisco][asa]") {
    const auto& p = fixture();
    int web = line("permit tcp object CLIENT-NET object-group ENROLLMENT object-group WEB-PORTS");
    CHECK(decide(p, "INSIDE_IN", 6, "10.20.1.1", "10.0.1.10", 443).line == web);
    CHECK(decide(p, "INSIDE_IN", 6, "10.20.1.1", "10.0.1.20", 80).line == web);
    CHECK_FALSE(decide(p, "INSIDE_IN", 6, "10.20.1.1", "10.0.1.20", 8443).permitted);
    CHECK(decide(p, "INSIDE_IN", 6, "10.20.1.1", "10.0.1.10", 8443).line == line("permit object HTTPS-ALT"));
    CHECK(decide(p, "INSIDE_IN", 1, "10.20.1.1", "10.0.1.10", 8 * 256).permitted);  // icmp-type group
    CHECK_FALSE(decide(p, "INSIDE_IN", 1, "10.20.1.1", "10.0.1.10", 3 * 256).permitted);
    // inactive: disabled, the deny decides
    const auto& r = rules(p, "INSIDE_IN");
    REQUIRE(r.size() == 6);
    CHECK_FALSE(r[3].enabled);
    CHECK(decide(p, "INSIDE_IN", 6, "10.20.1.1", "203.0.113.9", 22).line == line("extended deny ip any any log 6"));
    // fqdn: an unknown address, kept as a condition
    REQUIRE(r[4].conditions.size() == 1);
    CHECK(r[4].conditions[0].name == "fqdn updates.example.com");
    CHECK(r[0].comment == "clients to the enrollment servers");
}

TEST_CASE("asa fixture: service groups, protocol groups, line N, interface, deny before permit", "[cisco][asa]") {
    const auto& p = fixture();
    int ad = line("permit object-group AD-SVC host CEP-SERVER object DC-NET");
    CHECK(decide(p, "DMZ_IN", 6, "10.0.1.10", "10.0.0.9", 88).line == ad);
    CHECK(decide(p, "DMZ_IN", 17, "10.0.1.10", "10.0.0.9", 123).line == ad);
    CHECK(decide(p, "DMZ_IN", 17, "10.0.1.10", "10.0.0.9", 389).line == ad);   // tcp-udp
    CHECK(decide(p, "DMZ_IN", 6, "10.0.1.10", "10.0.0.9", 636).line == ad);    // ldaps
    CHECK(decide(p, "DMZ_IN", 6, "10.0.1.10", "10.0.0.9", 50000).line == ad);  // service-object object RPC-DYN
    CHECK_FALSE(decide(p, "DMZ_IN", 6, "10.0.1.10", "10.0.0.16", 88).permitted);  // DC-NET is /29
    CHECK(decide(p, "DMZ_IN", 17, "10.0.1.10", "10.0.0.9", 53).permitted);     // tcp-udp port group
    CHECK(decide(p, "DMZ_IN", 6, "10.0.1.20", "10.0.0.9", 464).line == line("extended deny tcp any any eq 464"));
    CHECK(decide(p, "DMZ_IN", 47, "10.0.1.20", "192.0.2.1", 0).permitted);
    CHECK(decide(p, "DMZ_IN", 50, "10.0.1.20", "192.0.2.1", 0).permitted);
    CHECK(decide(p, "DMZ_IN", 6, "10.0.1.20", "203.0.113.2", 80).permitted);  // interface outside
    CHECK_FALSE(decide(p, "DMZ_IN", 6, "10.0.1.20", "203.0.113.3", 80).permitted);
    // "line 1" inserts at the top
    CHECK(rules(p, "DMZ_IN").front().loc.line == line("access-list DMZ_IN line 1 extended"));
    CHECK(decide(p, "DMZ_IN", 6, "2001:db8:0:1::5", "2001:db8:9::1", 443).permitted);
    CHECK(decide(p, "OLD_RULES", 6, "10.1.1.1", "2.2.2.2", 1).permitted);
}

TEST_CASE("asa: port names are the ASA ones (https, kerberos 750, cifs 3020, no dns)", "[cisco][asa]") {
    auto p = parse("access-list A extended permit tcp any any eq https\n"
                   "access-list A extended permit udp any any eq kerberos\n"
                   "access-list A extended permit tcp any any eq cifs\n"
                   "access-list A extended permit udp any any eq dns\n"
                   "access-list A extended permit udp any any eq https\n",
                   Dialect::asa);
    INFO(diagnostics_text(p));
    CHECK(decide(p, "A", 6, "1.1.1.1", "2.2.2.2", 443).permitted);
    CHECK(decide(p, "A", 17, "1.1.1.1", "2.2.2.2", 750).permitted);
    CHECK_FALSE(decide(p, "A", 17, "1.1.1.1", "2.2.2.2", 88).permitted);
    CHECK(decide(p, "A", 6, "1.1.1.1", "2.2.2.2", 3020).permitted);
    CHECK(has_diagnostic(p, 4, "'dns' is not a udp port name on the ASA"));
    CHECK(has_diagnostic(p, 5, "'https' is not a udp port name"));
}

TEST_CASE("asa: a group cycle is an error, never a hang, an undefined group is an error", "[cisco][asa]") {
    auto p = parse("object-group network A\n network-object host 10.0.0.1\n group-object B\n"
                   "object-group network B\n network-object host 10.0.0.2\n group-object A\n"
                   "access-list X extended permit ip object-group A any\n"
                   "access-list X extended permit ip object-group NOPE any\n",
                   Dialect::asa);
    INFO(diagnostics_text(p));
    bool cycle = false;
    for (const auto& d : p.diagnostics) cycle = cycle || d.message.find("contains itself") != std::string::npos;
    CHECK(cycle);
    CHECK(has_diagnostic(p, 8, "object-group 'NOPE' is not defined"));
    REQUIRE(rules(p, "X").size() == 1);
    CHECK(decide(p, "X", 6, "10.0.0.1", "2.2.2.2", 1).permitted);
    CHECK(decide(p, "X", 6, "10.0.0.2", "2.2.2.2", 1).permitted);
}

TEST_CASE("asa: an access-group for an unknown nameif is kept with a warning", "[cisco][asa]") {
    auto p = parse("access-list X extended permit ip any any\naccess-group X in interface nowhere\n", Dialect::asa);
    CHECK(has_diagnostic(p, 2, "no interface has nameif 'nowhere'"));
    REQUIRE(p.interfaces.size() == 1);
    CHECK(p.interfaces[0].bindings[0].acl == "X");
}

TEST_CASE("asa: a user or user group before the source qualifies it (own dual-stack ASA)", "[cisco][asa]") {
    // "permit tcp object-group-user PKI-ADMINS any object WEB-FQDN eq https":
    // the user group was read as the source address, 'any' as the
    // destination and "object WEB-FQDN eq https" as three unknown keywords,
    // so the entry allowed every tcp port (FW204, FW205 on 21 risky ports).
    auto p = parse_fixture("asa-identity-dual-stack.cfg", Dialect::asa);
    INFO(diagnostics_text(p));
    for (const auto& d : p.diagnostics) CHECK(d.message.find("unknown keyword") == std::string::npos);
    const Rule* user_rule = nullptr;
    for (const auto& r : rules(p, "INSIDE-IN"))
        if (r.loc.line == 38) user_rule = &r;
    REQUIRE(user_rule);
    std::vector<std::string> conditions;
    for (const auto& c : user_rule->conditions) conditions.push_back(c.name);
    CHECK(conditions.size() == 2);  // the user group and the fqdn object: unmodelled
    CHECK(user_rule->match.project(Family::v4, dport_dim) == IntervalSet::single(443));
    auto ssh = decide(p, "INSIDE-IN", proto_tcp, "10.20.0.5", "10.99.0.1", 22);
    CHECK_FALSE(ssh.permitted);
    CHECK(ssh.line == 41);
}

TEST_CASE("asa: 'user' and 'user-group' before the source qualify it", "[cisco][asa]") {
    auto p = parse("access-list X extended permit tcp user CORP\\jdoe host 10.20.0.5 host 10.30.1.20 eq 3389\n"
                   "access-list X extended permit ip user-group CORP\\\\ops any any\n",
                   Dialect::asa);
    INFO(diagnostics_text(p));
    CHECK(p.diagnostics.empty());
    const auto& r = rules(p, "X");
    REQUIRE(r.size() == 2);
    CHECK(r[0].match.project(Family::v4, src_dim) == IntervalSet::single(0x0a140005));
    CHECK(r[0].match.project(Family::v4, dport_dim) == IntervalSet::single(3389));
    REQUIRE(r[0].conditions.size() == 1);
    CHECK(r[0].conditions[0].name == "user CORP\\jdoe");
}
