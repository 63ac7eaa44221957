// Lint checks on Cisco configurations: FW401 (not applied), FW403 (bound but
// undefined), FW201/FW202 in the device's terms with `no SEQ` fixes.
#include <catch2/catch.hpp>

#include "checks/lint.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

std::vector<const Finding*> with(const std::vector<Finding>& fs, const std::string& check) {
    std::vector<const Finding*> out;
    for (const auto& f : fs)
        if (f.check == check) out.push_back(&f);
    return out;
}

}  // namespace

TEST_CASE("cisco lint: unapplied and undefined lists", "[cisco][lint]") {
    auto p = parse("interface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n ip access-group NOPE in\n"
                   " ip access-group USED out\n"
                   "ip access-list extended USED\n permit tcp any any eq 22\n"
                   "ip access-list extended SPARE\n permit tcp any any eq 23\n"
                   "line vty 0 4\n access-class 99 in\n",
                   Dialect::ios);
    auto fs = lint_policy(p);
    auto unapplied = with(fs, "FW401");
    REQUIRE(unapplied.size() == 1);
    CHECK(unapplied[0]->loc.line == 7);
    CHECK(unapplied[0]->message.find("ACL SPARE is not applied") != std::string::npos);
    auto undefined = with(fs, "FW403");
    REQUIRE(undefined.size() == 2);
    CHECK(undefined[0]->loc.line == 3);
    CHECK(undefined[0]->message == "access list NOPE is bound in on GigabitEthernet0/0 but not defined: IOS permits all traffic there");
    CHECK(undefined[1]->message.find("access list 99 is bound on line vty 0 4") != std::string::npos);
}

TEST_CASE("cisco lint: shadowed entries get Cisco wording and fixes, a final deny any any is no FW202", "[cisco][lint]") {
    auto p = parse("ip access-list extended A\n 10 deny tcp any any\n 20 permit tcp host 10.0.0.1 any eq 22\n"
                   " 30 deny ip any any log\n"
                   "interface Vlan1\n ip access-group A in\n",
                   Dialect::ios);
    auto fs = lint_policy(p);
    auto dead = with(fs, "FW201");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0]->loc.line == 3);
    CHECK(dead[0]->message.find("never reached in ACL A") != std::string::npos);
    CHECK(dead[0]->message.find("(deny, this rule permit)") != std::string::npos);
    CHECK(dead[0]->remediation == std::vector<std::string>{"ip access-list extended A", " no 20"});
    CHECK(with(fs, "FW202").empty());
    CHECK(with(fs, "FW401").empty());
}

TEST_CASE("cisco lint: two equal entries (gre and 47) get FW201 on the second, not also FW202 on the first",
          "[cisco][lint]") {
    // Removing both as the two findings would say drops GRE at the implicit deny.
    auto ios = parse("ip access-list extended EDGE\n 10 permit gre any any\n 20 permit 47 any any\n"
                     " 30 permit tcp any host 10.0.0.5 eq 22\n"
                     "interface GigabitEthernet0/0\n ip access-group EDGE in\n",
                     Dialect::ios);
    auto fs = lint_policy(ios);
    auto dead = with(fs, "FW201");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0]->loc.line == 3);
    CHECK(dead[0]->message.find("earlier line 2 already does the same") != std::string::npos);
    CHECK(with(fs, "FW202").empty());
    // ASA: the same, and a later permit of all IP still makes the first redundant.
    auto asa = parse("access-list OUT extended permit gre any4 any4\naccess-list OUT extended permit 47 any4 any4\n"
                     "access-list OUT extended permit ip any4 any4\naccess-group OUT in interface outside\n",
                     Dialect::asa);
    auto afs = lint_policy(asa);
    auto adead = with(afs, "FW201");
    REQUIRE(adead.size() == 1);
    CHECK(adead[0]->loc.line == 2);
    auto ared = with(afs, "FW202");
    REQUIRE(ared.size() == 1);
    CHECK(ared[0]->loc.line == 1);
    CHECK(ared[0]->message.find("line 3 gives the same verdict") != std::string::npos);
}

TEST_CASE("cisco lint: an ASA entry of both families is reported once, removed with `no access-list`", "[cisco][lint]") {
    auto p = parse("access-list X extended permit tcp any any eq 22\naccess-list X extended permit tcp any any eq 22\n"
                   "access-group X global\n",
                   Dialect::asa);
    auto fs = lint_policy(p);
    auto dead = with(fs, "FW201");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0]->remediation == std::vector<std::string>{"no access-list X extended permit tcp any any eq 22"});
}

TEST_CASE("cisco lint: an ASA entry dead only for IPv4 is said so and not removed", "[cisco][lint]") {
    // 'deny ip any4 any4' takes the IPv4 half of the 'any' entry after it; its
    // IPv6 half still permits 8080, so `no access-list ...` would cut IPv6 off.
    auto p = parse("access-list IN extended permit tcp any4 host 10.30.1.20 eq https\n"
                   "access-list IN extended deny ip any4 any4 log\n"
                   "access-list IN extended permit tcp any any eq 8080\n"
                   "access-group IN in interface inside\n",
                   Dialect::asa);
    auto fs = lint_policy(p);
    auto dead = with(fs, "FW201");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0]->loc.line == 3);
    CHECK(dead[0]->message.find("dead: never reached (IPv4 part) in ACL IN") != std::string::npos);
    CHECK(dead[0]->message.find("its IPv6 part is still reached, so the entry stays: write it for IPv6 only (any6)") !=
          std::string::npos);
    CHECK(dead[0]->remediation.empty());
}

TEST_CASE("cisco lint: a list bound under a misspelt name or header is FW403 on every platform", "[cisco][lint]") {
    // IOS: the header is misspelt, so WEB does not exist and the interface is
    // not filtered at all; the reader warns on the header, FW403 on the binding.
    auto ios = parse("ip acess-list extended WEB\n permit tcp any any eq 80\n"
                     "interface GigabitEthernet0/1\n ip address 10.0.1.1 255.255.255.0\n ip access-group WEB in\n"
                     "line vty 0 4\n access-class SSH-ONLY in\n",
                     Dialect::ios);
    CHECK(has_diagnostic(ios, 1, "'ip acess-list' looks like a misspelt 'ip access-list'"));
    auto fs = lint_policy(ios);
    auto undefined = with(fs, "FW403");
    REQUIRE(undefined.size() == 2);
    CHECK(undefined[0]->loc.line == 5);
    CHECK(undefined[0]->severity == Severity::warning);
    CHECK(undefined[0]->message ==
          "access list WEB is bound in on GigabitEthernet0/1 but not defined: IOS permits all traffic there");
    CHECK(undefined[1]->loc.line == 7);
    CHECK(undefined[1]->message.find("access list SSH-ONLY is bound on line vty 0 4 but not defined") == 0);

    // NX-OS port ACL and ASA access-group: the same finding, without the IOS sentence.
    auto nx = parse("ip access-list WEB\n  10 permit tcp any any eq 80\n"
                    "interface Ethernet1/1\n  ip port access-group WBE in\n  ip access-group WEB out\n",
                    Dialect::nxos);
    auto nx_findings = lint_policy(nx);
    auto nx_undefined = with(nx_findings, "FW403");
    REQUIRE(nx_undefined.size() == 1);
    CHECK(nx_undefined[0]->loc.line == 4);
    CHECK(nx_undefined[0]->message == "access list WBE is bound in on Ethernet1/1 but not defined");

    auto asa = parse("interface GigabitEthernet0/0\n nameif outside\n ip address 203.0.113.2 255.255.255.0\n"
                     "access-list OUTSIDE_IN extended permit tcp any any eq 443\n"
                     "access-group OUTSIDE-IN in interface outside\naccess-group GLOBAL_ACL global\n",
                     Dialect::asa);
    auto asa_findings = lint_policy(asa);
    auto asa_undefined = with(asa_findings, "FW403");
    REQUIRE(asa_undefined.size() == 2);
    CHECK(asa_undefined[0]->message == "access list OUTSIDE-IN is bound in on outside but not defined");
    CHECK(asa_undefined[1]->message == "access list GLOBAL_ACL is bound global but not defined");
}
