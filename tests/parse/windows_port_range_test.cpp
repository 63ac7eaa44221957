// A port above 65535 in a netsh or PowerShell port list is refused by netsh
// and New-NetFirewallRule: an error and no rule. It was read as an unknown
// port keyword: the rule matched every port "only if" it held, and FW204/FW205
// reported 65,536 open ports.
#include <catch2/catch.hpp>

#include "parse/powershell.hpp"
#include "parse/windows_port_range.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

TEST_CASE("out_of_range_ports: numbers and ranges above 65535, as written", "[windows]") {
    CHECK(out_of_range_ports("80,443").empty());
    CHECK(out_of_range_ports("0-65535").empty());
    CHECK(out_of_range_ports("RPC,IPHTTPS,Any").empty());
    CHECK(out_of_range_ports("99999") == std::vector<std::string>{"99999"});
    CHECK(out_of_range_ports("443, 5000-70000 ,22") == std::vector<std::string>{"5000-70000"});
    CHECK(out_of_range_ports("0000443").empty());
    CHECK(out_of_range_ports("123456789012345678901234567890") ==
          std::vector<std::string>{"123456789012345678901234567890"});
    CHECK(out_of_range_ports("%PORT%,$p").empty());
}

TEST_CASE("netsh script: own CEP hardening script, a typo'd port adds no rule", "[windows]") {
    auto p = load(fixture("cep01-harden.cmd"), "cep01-harden.cmd");
    CHECK(has_diagnostic(p, 39, "port '443000' in localport= is out of range 0-65535: netsh refuses it",
                         Severity::error));
    CHECK(has_diagnostic(p, 39, "no rule is added", Severity::error));
    CHECK(find_rules(p, "Typo port").empty());
    CHECK_FALSE(find_rules(p, "CRLF one").empty());
}

TEST_CASE("PowerShell: -LocalPort above 65535 creates no rule", "[windows]") {
    auto p = parse_powershell(std::make_shared<const std::string>(
                                  "New-NetFirewallRule -DisplayName Big -Direction Inbound -Protocol TCP -LocalPort 443,99999\n"
                                  "New-NetFirewallRule -DisplayName Ok -Direction Inbound -Protocol TCP -LocalPort 443\n"
                                  "Set-NetFirewallRule -DisplayName Ok -RemotePort 70000\n"),
                              "t.ps1");
    CHECK(find_rules(p, "Big").empty());
    CHECK(has_diagnostic(p, 1, "port '99999' in localport is out of range 0-65535", Severity::error));
    REQUIRE_FALSE(find_rules(p, "Ok").empty());
    CHECK(has_diagnostic(p, 3, "port '70000' in remoteport is out of range 0-65535", Severity::error));
}
