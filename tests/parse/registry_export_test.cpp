// A `reg export` of a CEP server's firewall policy as Windows writes it
// (UTF-16LE with a BOM, CRLF), with the mess such exports hold: a '|' inside a
// name, a hand-written key, a string without its final '|', a hex value under
// FirewallRules, service-hardening rules, local and GPO stores.
#include <catch2/catch.hpp>

#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

TEST_CASE("registry: own UTF-16 export of a CEP server, every rule line a rule or a diagnostic", "[registry]") {
    std::string format;
    auto p = load(fixture("cep01-policy.reg"), "cep01-policy.reg", &format);
    CHECK(format == "reg");
    CHECK(p.rule_count() == 11);
    CHECK(has_diagnostic(p, 25, "a '|' inside a name or description splits the field", Severity::error));
    CHECK(has_diagnostic(p, 27, "unknown key 'RemoteIP'", Severity::warning));
    CHECK(has_diagnostic(p, 28, "does not end with '|'", Severity::warning));
    CHECK(has_diagnostic(p, 31, "service-hardening rules", Severity::note));
    CHECK(has_diagnostic(p, 41, "is hex, not a rule string", Severity::error));
    CHECK(count(p, Severity::error) == 2);

    // Active absent: disabled.
    REQUIRE_FALSE(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").empty());
    CHECK_FALSE(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").front()->enabled);

    // RA4=LocalSubnet|RA6=LocalSubnet: one keyword, named once (was "LocalSubnet or LocalSubnet").
    auto ping = find_rules(p, "{3F1D0E5A-7C2B-4B19-A0D4-5E8C2A7F9B66}");
    REQUIRE_FALSE(ping.empty());
    bool named_once = false;
    for (const Rule* r : ping)
        for (const auto& c : r->conditions) {
            CHECK(c.name.find("LocalSubnet or LocalSubnet") == std::string::npos);
            named_once = named_once || c.name == "remote address LocalSubnet";
        }
    CHECK(named_once);

    // The GPO rule is read beside the local ones.
    CHECK_FALSE(find_rules(p, "{B0A3F7E2-91C4-4E55-8D3B-0F6A2C1E9D70}").empty());
}
