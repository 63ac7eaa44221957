// The requirement audit through Cisco devices: CEP and CES (the bundled
// sets) through the IOS router and the ASA of fixtures/cisco, the path found
// from the interfaces' subnets, --acl, path unknown, and fixes in the
// device's syntax.
#include <algorithm>
#include <map>

#include <catch2/catch.hpp>

#include "analyze/audit.hpp"
#include "cli/rule_sets.hpp"
#include "parse/requirements.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

struct Result {
    std::vector<Finding> findings;
    AuditSummary summary;
    std::string text() const {
        std::string out;
        for (const auto& f : findings) {
            out += f.check + " " + std::to_string(f.loc.line) + ": " + f.message + "\n";
            for (const auto& r : f.remediation) out += "    fix: " + r + "\n";
        }
        return out;
    }
    const Finding* find(const std::string& check, const std::string& part) const {
        for (const auto& f : findings)
            if (f.check == check && f.message.find(part) != std::string::npos) return &f;
        return nullptr;
    }
    int count(const std::string& check) const {
        return int(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.check == check; }));
    }
};

Result audit(const ParsedInput& input, const std::string& set_name, std::vector<std::string> roles,
             std::vector<std::string> acls = {}) {
    Diagnostics diags;
    static std::map<std::string, RequirementSet> sets;
    if (!sets.count(set_name)) sets[set_name] = *load_rule_set(set_name, diags);
    const RequirementSet& set = sets[set_name];
    AuditOptions options;
    options.set = &set;
    Diagnostics errors;
    options.statements = resolve_requirements(set, {}, errors);
    REQUIRE(errors.empty());
    for (const auto& r : roles) {
        std::string error;
        auto b = parse_role_binding(r, error);
        REQUIRE(b);
        options.roles[b->name] = *b;
    }
    options.acls = std::move(acls);
    Result r;
    r.findings = audit_requirements(input, options, r.summary);
    sort_findings(r.findings);
    return r;
}

const std::vector<std::string> cep_roles = {"clients=10.20.0.0/16", "cep=10.0.1.10", "dc=10.0.0.8/29", "ca=10.0.2.5"};
const std::vector<std::string> ces_roles = {"clients=10.20.0.0/16", "ces=10.0.1.20", "dc=10.0.0.8/29", "ca=10.0.2.5"};

const ParsedInput& ios() {
    static const ParsedInput p = parse_fixture("ios-router.cfg", Dialect::ios);
    return p;
}
const ParsedInput& asa() {
    static const ParsedInput p = parse_fixture("asa-firewall.cfg", Dialect::asa);
    return p;
}
int ios_line(std::string_view needle) {
    static const std::string text = read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/ios-router.cfg");
    return line_of(text, needle);
}
int asa_line(std::string_view needle) {
    static const std::string text = read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/asa-firewall.cfg");
    return line_of(text, needle);
}

}  // namespace

TEST_CASE("cisco audit: CEP through the IOS router, inbound and outbound ACLs", "[cisco][audit]") {
    auto r = audit(ios(), "cep", cep_roles);
    INFO(r.text());
    // the CEP talks to the CA through SERVERS-IN (line 130: tcp any any neq telnet)
    const Finding* unneeded = r.find("FW105", "SERVERS-IN (in on GigabitEthernet0/1)");
    REQUIRE(unneeded);
    CHECK(unneeded->loc.line == ios_line("110 permit 47 any any"));
    // NTP: only source ports below 1024 (line 140)
    const Finding* ntp = r.find("FW102", "udp 123");
    REQUIRE(ntp);
    CHECK(ntp->loc.line == ios_line("150 deny ip any any log"));
    // tcp 389 is denied at line 20 before the permit at line 30
    const Finding* ldap = r.find("FW103", "LDAP");
    REQUIRE(ldap);
    CHECK(ldap->loc.line == ios_line("30 permit tcp host 10.0.1.10 10.0.0.8 0.0.0.7 range 389 389"));
    REQUIRE(ldap->remediation.size() >= 2);
    CHECK(ldap->remediation[0] == "ip access-list extended SERVERS-IN");
    CHECK(ldap->remediation[1] == " 15 permit tcp host 10.0.1.10 10.0.0.8 0.0.0.7 eq 389");
    CHECK(r.count("FW101") == 0);
    CHECK(r.count("FW402") == 0);
    // "neq telnet" (line 130) and "udp any lt 1024 any" (line 140) open more than the set's limits
    CHECK(r.find("FW104", "cep -> dc tcp is allowed by ACL SERVERS-IN"));
    CHECK(r.find("FW104", "cep -> dc udp is allowed by ACL SERVERS-IN"));
    CHECK(r.findings.size() == 5);
    CHECK(r.summary.checked > 10);
}

TEST_CASE("cisco audit: CES through the IOS router names each ACL and its place", "[cisco][audit]") {
    auto r = audit(ios(), "ces", ces_roles);
    INFO(r.text());
    const Finding* broad = r.find("FW104", "SERVERS-OUT (out on GigabitEthernet0/1)");
    REQUIRE(broad);
    CHECK(broad->loc.line == ios_line("20 permit tcp any host 10.0.1.20 eq www 443 8080"));
    CHECK(r.find("FW104", "SERVERS-IN (in on GigabitEthernet0/1)"));  // 1024-65535 to the CA
    CHECK(r.find("FW105", "tcp 440"));
    const Finding* ldap = r.find("FW103", "ces -> dc tcp 389");
    REQUIRE(ldap);
    CHECK(ldap->loc.line == ios_line("80 permit tcp host 10.0.1.20"));
    // ACL 120 (out on GigabitEthernet0/3) allows exactly what the CA needs
    CHECK_FALSE(r.find("FW104", "ACL 120"));
    CHECK(r.count("FW101") == 0);
}

TEST_CASE("cisco audit: CEP and CES through the ASA, interface ACLs then the global one", "[cisco][audit]") {
    auto cep = audit(asa(), "cep", cep_roles);
    INFO(cep.text());
    const Finding* broad = cep.find("FW104", "INSIDE_IN then GLOBAL_ACL (in on inside)");
    REQUIRE(broad);
    CHECK(broad->message.find("80,8443") != std::string::npos);
    const Finding* unneeded = cep.find("FW105", "cep -> ca");
    REQUIRE(unneeded);
    // the entry inserted with "line 1" comes first, then tcp 445
    CHECK(unneeded->loc.line == asa_line("access-list DMZ_IN line 1 extended permit icmp"));
    CHECK(std::find(unneeded->related.begin(), unneeded->related.end(),
                    RelatedLine{"asa-firewall.cfg", asa_line("permit tcp object CEP object CA eq 445")}) !=
          unneeded->related.end());
    CHECK(cep.count("FW101") + cep.count("FW102") + cep.count("FW103") == 0);

    auto ces = audit(asa(), "ces", ces_roles);
    INFO(ces.text());
    const Finding* kerberos = ces.find("FW103", "ces -> dc tcp 464");
    REQUIRE(kerberos);
    CHECK(kerberos->loc.line == asa_line("permit tcp object CES object DC-NET eq 464"));
    REQUIRE_FALSE(kerberos->remediation.empty());
    CHECK(kerberos->remediation[0] ==
          "access-list DMZ_IN line 6 extended permit tcp host 10.0.1.20 10.0.0.8 255.255.255.248 eq 464");
    CHECK(ces.find("FW104", "ces -> ca tcp"));
}

TEST_CASE("cisco audit: addresses no interface holds give 'path unknown', never a false missing", "[cisco][audit]") {
    auto r = audit(ios(), "cep", {"clients=192.0.2.0/24", "cep=10.0.1.10", "dc=198.51.100.0/29", "ca=10.0.2.5"});
    INFO(r.text());
    CHECK(r.find("FW402", "source 192.0.2.0/24"));
    CHECK(r.find("FW402", "destination 198.51.100.0/29"));
    // clients -> cep is still checked on the way out (SERVERS-OUT), and allowed
    CHECK_FALSE(r.find("FW101", "clients -> cep"));
    CHECK(r.count("FW101") == 0);
}

TEST_CASE("cisco audit: --acl names the path by hand", "[cisco][audit]") {
    auto r = audit(ios(), "cep", cep_roles, {"UNUSED-LEGACY"});
    INFO(r.text());
    const Finding* https = r.find("FW107", "HTTPS");  // permit ip any any dscp ef: only if dscp ef holds
    REQUIRE(https);
    CHECK(https->message.find("UNUSED-LEGACY (named with --acl)") != std::string::npos);
    CHECK(r.count("FW402") == 0);
    auto strict = audit(ios(), "cep", cep_roles, {"120"});
    const Finding* missing = strict.find("FW101", "clients -> cep");
    REQUIRE(missing);
    CHECK(missing->loc.line == ios_line("access-list 120 deny   ip any any"));
    REQUIRE(missing->remediation.size() == 2);
    CHECK(missing->remediation[0] == "ip access-list extended 120");
    CHECK(missing->remediation[1] == " 25 permit tcp 10.20.0.0 0.0.255.255 host 10.0.1.10 eq 443");
}

TEST_CASE("cisco audit: a flow only an ASA inactive entry would allow is missing, and the entry is named",
          "[cisco][audit]") {
    auto p = parse("interface GigabitEthernet0/0\n nameif inside\n ip address 10.20.0.1 255.255.0.0\n"
                   "interface GigabitEthernet0/1\n nameif dmz\n ip address 10.0.1.1 255.255.255.0\n"
                   "access-list IN extended permit tcp 10.20.0.0 255.255.0.0 host 10.0.1.10 eq 443 inactive\n"
                   "access-group IN in interface inside\n",
                   Dialect::asa);
    auto r = audit(p, "cep", cep_roles);
    INFO(r.text());
    const Finding* missing = r.find("FW101", "clients -> cep tcp 443");
    REQUIRE(missing);
    CHECK(missing->message.find("the implicit deny at the end of ACL IN drops it; the inactive entry at line 7 "
                                "would allow it") != std::string::npos);
    REQUIRE_FALSE(missing->remediation.empty());
    CHECK(missing->remediation[0] == "access-list IN extended permit tcp 10.20.0.0 255.255.0.0 host 10.0.1.10 eq 443");
    // the servers' and the CA's subnets are on no interface: their hops are unknown
    CHECK(r.find("FW402", "destination 10.0.0.8/29"));
}

TEST_CASE("cisco audit: FW104 and FW105 name every entry that allows part of the flow (own ASA edge)",
          "[cisco][audit]") {
    // INSIDE-IN line 109 allows clients -> cep tcp 80 and 443; line 114
    // (permit ip any any) the other 65,533 ports. DMZ-IN lines 116 and 117
    // both allow the cep -> ca flow the CEP set forbids. Only the first
    // entry was named, blamed for the whole excess.
    auto p = parse_fixture("asa-edge-nat.cfg", Dialect::asa);
    auto r = audit(p, "cep", {"clients=10.20.0.0/16", "cep=10.30.1.20", "dc=10.10.0.8-10.10.0.9", "ca=10.10.0.15"});
    INFO(r.text());
    const Finding* broad = r.find("FW104", "clients -> cep tcp");
    REQUIRE(broad);
    CHECK(broad->loc.line == 109);
    CHECK(broad->message.find("65,535 extra ports in 0-442,444-65535 (line 109 of ACL INSIDE-IN; also line 114)") !=
          std::string::npos);
    const Finding* unneeded = r.find("FW105", "cep -> ca");
    REQUIRE(unneeded);
    CHECK(unneeded->message.find("line 116 of ACL DMZ-IN and line 117, although the set says") != std::string::npos);
    REQUIRE(unneeded->remediation.size() == 1);
    CHECK(unneeded->remediation[0] == "access-list DMZ-IN line 2 extended deny ip host 10.30.1.20 host 10.10.0.15");
    // One allowing entry: named alone, as before.
    const Finding* udp = r.find("FW104", "cep -> dc udp");
    REQUIRE(udp);
    CHECK(udp->message.substr(udp->message.size() - 24) == "(line 118 of ACL DMZ-IN)");
}
