// `fwlint check` on Cisco configurations, as a user runs it: detection,
// --input-format, --acl, JSON, exit codes.
#include <nlohmann/json.hpp>

#include "tests/cli/run_fwlint.hpp"

using fwlint_test::fwlint;

namespace {
const std::string cep_roles =
    " --rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5";
}

TEST_CASE("cisco cli: the platform is detected and the audit names ACLs, with fixes in IOS syntax") {
    auto r = fwlint("check fixtures/cisco/ios-router.cfg" + cep_roles);
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find("(cisco-ios, 38 rules)") != std::string::npos);
    CHECK(r.out.find("is not allowed by ACL SERVERS-IN (in on GigabitEthernet0/1): the permit at line 79 never "
                     "sees the traffic because line 78 of ACL SERVERS-IN takes it first [FW103]") != std::string::npos);
    CHECK(r.out.find("    fix: ip access-list extended SERVERS-IN\n    fix:  15 permit tcp host 10.0.1.10 10.0.0.8 "
                     "0.0.0.7 eq 389\n") != std::string::npos);
    CHECK(r.out.find("ACL UNUSED-LEGACY is not applied") != std::string::npos);
    CHECK(r.out.find("[FW401]") != std::string::npos);
}

TEST_CASE("cisco cli: --input-format overrides detection, --acl names the path") {
    auto asa = fwlint("check --input-format asa --no-lint fixtures/cisco/asa-firewall.cfg");
    CHECK(asa.out.find("(cisco-asa, 31 rules)") != std::string::npos);
    auto forced = fwlint("check --input-format nxos --no-lint fixtures/cisco/nxos-switch.cfg");
    CHECK(forced.out.find("(cisco-nxos, 11 rules)") != std::string::npos);
    CHECK(fwlint("check --input-format junos fixtures/cisco/ios-router.cfg").status == 2);
    auto byhand = fwlint("check fixtures/cisco/ios-router.cfg --no-lint --acl 120" + cep_roles);
    INFO(byhand.out);
    CHECK(byhand.out.find("HTTPS (Hypertext Transfer Protocol Secure): clients -> cep tcp 443 is not allowed by ACL "
                          "120 (named with --acl)") != std::string::npos);
    CHECK(byhand.out.find("fix:  25 permit tcp 10.20.0.0 0.0.255.255 host 10.0.1.10 eq 443") != std::string::npos);
}

TEST_CASE("cisco cli: JSON names the format, path unknown is a note") {
    auto r = fwlint("check --format json --no-lint fixtures/cisco/ios-router.cfg --rules cep --role "
                    "clients=192.0.2.0/24 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5");
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["inputs"][0]["format"] == "cisco-ios");
    bool unknown = false;
    for (const auto& f : doc["findings"])
        if (f["check"] == "FW402") {
            unknown = true;
            CHECK(f["severity"] == "note");
        }
    CHECK(unknown);
}
