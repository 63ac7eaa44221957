// Runs the fwlint binary as a user would and checks output and exit codes.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace {

using fwlint_test::fwlint;
using fwlint_test::Run;

const std::string cep_roles =
    "--role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5 ";

}  // namespace

TEST_CASE("check on the gateway sample reports findings compiler style and exits 1") {
    Run r = fwlint("check --rules cep " + cep_roles + "fixtures/iptables/gateway.rules");
    INFO(r.out);
    CHECK(r.status == 1);
    // The allow for SMB to the DCs sits behind the global 445 drop (line 15).
    CHECK(r.out.find("fixtures/iptables/gateway.rules:28:1: error:") != std::string::npos);
    CHECK(r.out.find("[FW103]") != std::string::npos);
    CHECK(r.out.find("[FW101]") != std::string::npos);  // Global Catalog 3268 is closed
    CHECK(r.out.find("[FW102]") != std::string::npos);  // DNS over UDP only
    CHECK(r.out.find("[FW104]") != std::string::npos);  // 5000-65535 where 49152-65535 is enough
    CHECK(r.out.find("[FW105]") != std::string::npos);  // CEP -> CA allowed
    CHECK(r.out.find("[FW107]") != std::string::npos);  // NTP only via eth2
    CHECK(r.out.find("fix: iptables -I FORWARD 3") != std::string::npos);
    CHECK(r.out.find("requirement set cep:") != std::string::npos);
    CHECK(r.out.find("\033[") == std::string::npos);  // NO_COLOR and piped: no colour
}

TEST_CASE("the --no-lint option leaves out the lint checks and keeps the audit") {
    Run with = fwlint("check fixtures/iptables/gateway.rules");
    Run without = fwlint("check --no-lint fixtures/iptables/gateway.rules");
    CHECK(with.out.find("[FW206]") != std::string::npos);
    CHECK(without.out.find("[FW2") == std::string::npos);
    Run audit = fwlint("check --no-lint --rules cep " + cep_roles + "fixtures/iptables/gateway.rules");
    CHECK(audit.status == 1);
    CHECK(audit.out.find("[FW103]") != std::string::npos);
}

TEST_CASE("the --max-open-ports option sets the FW204 threshold") {
    Run wide = fwlint("check fixtures/iptables/wide-open.rules");
    CHECK(wide.status == 1);
    CHECK(wide.out.find("wide-open.rules:9:1: warning:") != std::string::npos);
    CHECK(wide.out.find("(2,001 ports), more than 1,000") != std::string::npos);
    Run relaxed = fwlint("check --max-open-ports 5000 fixtures/iptables/wide-open.rules");
    CHECK(relaxed.status == 0);
    CHECK(relaxed.out.find("[FW204]") == std::string::npos);
    CHECK(fwlint("check --max-open-ports 0 fixtures/iptables/wide-open.rules").status == 2);
}

TEST_CASE("a config that satisfies the set exits 0") {
    Run r = fwlint("check --rules cep " + cep_roles + "fixtures/iptables/gateway-clean.rules");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(r.out.find("0 errors, 0 warnings") != std::string::npos);
}

TEST_CASE("the --fail-on option sets the threshold for exit 1") {
    Run never = fwlint("check --rules cep --fail-on never " + cep_roles + "fixtures/iptables/gateway.rules");
    CHECK(never.status == 0);
    Run err = fwlint("check --rules ces --fail-on error --role clients=10.20.0.0/16 --role ces=10.0.1.20 "
                     "--role dc=10.0.0.8/29 --role ca=10.0.2.5 fixtures/iptables/gateway.rules");
    INFO(err.out);
    // The CES flows are all open; only the broad RPC range (a warning) is reported.
    CHECK(err.out.find("48,128 extra ports in 1024-49151") != std::string::npos);
    CHECK(err.status == 0);
}

TEST_CASE("usage and input errors exit 2") {
    CHECK(fwlint("check --rules cep fixtures/iptables/no-such-file.rules").status == 2);
    CHECK(fwlint("check --rules nosuchset fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules cep --role clients=10.0.0.300 fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules cep --role nobody=10.0.0.1 fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules ces --set nosuch=1 fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules ces --set legacy_rpc=maybe fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules cep --format xml fixtures/iptables/gateway.rules").status == 2);
    CHECK(fwlint("check --rules cep rules/cep.fwreq").status == 2);  // not a firewall config
    CHECK(fwlint("frobnicate").status == 2);
    CHECK(fwlint("check rules").status == 2);               // a directory without a config in it
    CHECK(fwlint("check --role cep=10.0.1.10 fixtures/iptables/gateway.rules").status == 2);  // no --rules
    CHECK(fwlint("check /dev/null").status == 2);           // empty
    CHECK(fwlint("check rules").out.find("no configuration file found") != std::string::npos);
    CHECK(fwlint("").status == 2);
    Run r = fwlint("check --rules nosuchset fixtures/iptables/gateway.rules");
    CHECK(r.out.find("unknown requirement set 'nosuchset'") != std::string::npos);
    CHECK(r.out.find("cep") != std::string::npos);
}

TEST_CASE("JSON output (--format json) follows the contract and is deterministic") {
    std::string args = "check --format json --rules cep " + cep_roles + "fixtures/iptables/gateway.rules";
    Run a = fwlint(args);
    Run b = fwlint(args);
    CHECK(a.status == 1);
    CHECK(a.out == b.out);
    auto doc = nlohmann::json::parse(a.out);
    CHECK(doc["fwlint"].is_string());
    REQUIRE(doc["inputs"].size() == 1);
    CHECK(doc["inputs"][0]["file"] == "fixtures/iptables/gateway.rules");
    CHECK(doc["inputs"][0]["format"] == "iptables-save");
    CHECK(doc["inputs"][0]["rules"] == 21);
    bool saw_shadowed = false, saw_broad = false;
    for (const auto& f : doc["findings"]) {
        for (const char* key : {"check", "kind", "severity", "file", "line", "column", "message", "requirement", "flow",
                                "related", "remediation"})
            CHECK(f.contains(key));
        if (f["kind"] == "shadowed") {
            saw_shadowed = true;
            CHECK(f["line"] == 28);
            CHECK(f["related"][0]["line"] == 15);
            CHECK(f["flow"]["from"] == "cep");
            CHECK(f["flow"]["ports"] == "445");
        }
        if (f["kind"] == "broad" && f["flow"]["protocol"] == "tcp") {
            saw_broad = true;
            CHECK(f["line"] == 29);
        }
    }
    CHECK(saw_shadowed);
    CHECK(saw_broad);
}

TEST_CASE("the --set option changes the verdicts: a static DCOM port and legacy peers") {
    std::string roles = "--role clients=10.20.0.0/16 --role ces=10.0.1.20 --role dc=10.0.0.8/29 --role ca=10.0.2.5 ";
    Run legacy = fwlint("check --rules ces --set legacy_rpc=yes " + roles + "fixtures/iptables/gateway.rules");
    INFO(legacy.out);
    CHECK(legacy.out.find("extra ports in 1024-49151") == std::string::npos);
    Run fixed = fwlint("check --rules ces --set rpc_dynamic=50000 " + roles + "fixtures/iptables/gateway.rules");
    INFO(fixed.out);
    CHECK(fixed.out.find("beyond the required 135,50000") != std::string::npos);
}

TEST_CASE("rules lists and prints the bundled sets") {
    Run list = fwlint("rules");
    CHECK(list.status == 0);
    for (const char* name : {"cep", "ces", "ca-dcom", "domain-member"}) CHECK(list.out.find(name) != std::string::npos);
    Run cep = fwlint("rules cep");
    INFO(cep.out);
    CHECK(cep.status == 0);
    CHECK(cep.out.find("clients -> cep tcp 443") != std::string::npos);
    CHECK(cep.out.find("IIS-WebServerRole-HTTPS-In-TCP") != std::string::npos);
    CHECK(fwlint("rules nosuchset").status == 2);
}

TEST_CASE("explain prints a check's documentation") {
    Run r = fwlint("explain FW104");
    CHECK(r.status == 0);
    CHECK(r.out.find("What it detects") != std::string::npos);
    CHECK(r.out.find("How to fix") != std::string::npos);
    CHECK(fwlint("explain fw101").status == 0);
    CHECK(fwlint("explain FW999").status == 2);
}
