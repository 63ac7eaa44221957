// Static routes in a Cisco running-config (grammars/cisco_route.hpp,
// parse/cisco_routes.cpp): ASA `route IF NET MASK GW [metric]`, IOS `ip route
// NET MASK (IF [GW] | GW)`, NX-OS `ip route PREFIX/LEN (IF [GW] | GW)`, IPv6
// routes, and what is not a route of the global table (vrf routes, route
// settings). Bad route lines are warnings naming the line; the rest is read.
#include <catch2/catch.hpp>

#include "ir/address.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

std::string text_of(const StaticRoute& r) {
    std::string out = format_address(r.network, r.family) + "/" + std::to_string(r.prefix_length);
    if (!r.interface.empty()) out += " dev " + r.interface;
    if (r.gateway) out += " via " + format_address(*r.gateway, r.family);
    return out + " @" + std::to_string(r.loc.line);
}

std::vector<std::string> routes_of(const ParsedInput& p) {
    std::vector<std::string> out;
    for (const auto& r : p.routes) out.push_back(text_of(r));
    return out;
}

}  // namespace

TEST_CASE("cisco routes: ASA route lines name the interface, the network and the gateway", "[cisco][routes]") {
    auto p = parse_fixture("asa-routes.cfg", Dialect::asa);
    INFO(diagnostics_text(p));
    CHECK(p.diagnostics.empty());
    CHECK(routes_of(p) == std::vector<std::string>{
                              "0.0.0.0/0 dev outside via 203.0.113.1 @23",
                              "10.20.0.0/16 dev inside via 10.20.0.254 @24",
                              "192.0.2.0/24 dev dmz via 172.16.8.254 @25",
                              "::/0 dev outside via 2001:db8:ff::1 @26",
                          });
    CHECK(p.routes[3].family == Family::v6);
}

TEST_CASE("cisco routes: IOS routes by gateway, by interface, to Null0, vrf routes and settings are not read",
          "[cisco][routes]") {
    auto p = parse_fixture("ios-routes.cfg", Dialect::ios);
    INFO(diagnostics_text(p));
    CHECK(p.diagnostics.empty());
    CHECK(routes_of(p) == std::vector<std::string>{
                              "0.0.0.0/0 via 198.51.100.1 @26",
                              "10.40.0.0/16 via 10.40.0.254 @27",
                              "10.41.0.0/16 dev GigabitEthernet0/1 via 10.40.0.253 @28",
                              "192.0.2.0/24 dev Null0 @29",
                              "10.77.0.0/16 via 10.77.0.254 @30",
                              "10.88.0.0/16 via 192.168.255.1 @31",
                          });
}

TEST_CASE("cisco routes: NX-OS prefixes, routes under a vrf context are not the global table", "[cisco][routes]") {
    auto p = parse_fixture("nxos-routes.cfg", Dialect::nxos);
    INFO(diagnostics_text(p));
    CHECK(p.diagnostics.empty());
    CHECK(routes_of(p) == std::vector<std::string>{"10.50.0.0/16 via 10.1.1.254 @13", "10.51.0.0/16 dev Vlan10 via 10.1.1.253 @14"});
    auto v6 = parse("ipv6 route 2001:db8:10::/48 2001:db8::1\nipv6 route ::/0 Ethernet1/1 fe80::1\n", Dialect::nxos);
    CHECK(routes_of(v6) == std::vector<std::string>{"2001:db8:10::/48 via 2001:db8::1 @1", "::/0 dev Ethernet1/1 via fe80::1 @2"});
}

TEST_CASE("cisco routes: a bad route line is a warning naming the line, and the next line is still read",
          "[cisco][routes][robust]") {
    const std::string text =
        "ip route 10.0.0.0\n"                              // 1: truncated
        "ip route 10.0.0.0 255.0.255.0 192.0.2.1\n"        // 2: non-contiguous mask
        "ip route 10.0.0.300 255.0.0.0 192.0.2.1\n"        // 3: not an address
        "ip route 10.0.0.0 255.0.0.0 2001:db8::1\n"        // 4: gateway of the other family
        "ip route \x01\xff\xfe junk\n"                     // 5: binary junk
        "ip route 10.1.0.0 255.255.0.0 192.0.2.9\n"        // 6: good
        "ip route " + std::string(1 << 20, '9') + "\n"     // 7: a 1 MB line
        "ip route 10.2.0.0/16 192.0.2.10\n";               // 8: a prefix on IOS is read too
    auto p = parse(text, Dialect::ios);
    check_diagnostics(p, {{1, "static route not read: expected a network and mask (or prefix/length) then a next hop"},
                          {2, "static route not read"},
                          {3, "static route not read"},
                          {4, "not a gateway address of the route's family"},
                          {5, "static route not read"},
                          {7, "static route not read"}});
    for (const auto& d : p.diagnostics) {
        CHECK(d.severity == Severity::warning);
        CHECK(d.message.size() < 400);
    }
    CHECK(routes_of(p) == std::vector<std::string>{"10.1.0.0/16 via 192.0.2.9 @6", "10.2.0.0/16 via 192.0.2.10 @8"});
    auto asa = parse("route outside 0.0.0.0 0.0.0.0\nroute outside 0.0.0.0 0.0.0.0 203.0.113.1 1\n", Dialect::asa);
    check_diagnostics(asa, {{1, "expected an interface name, a network and mask (or prefix/length) and a gateway address"}});
    CHECK(routes_of(asa) == std::vector<std::string>{"0.0.0.0/0 dev outside via 203.0.113.1 @2"});
}
