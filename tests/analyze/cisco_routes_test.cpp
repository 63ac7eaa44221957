// The path of a flow through a Cisco device by its static routes
// (analyze/cisco_routes.hpp, analyze/cisco_path.cpp): the longest prefix
// decides, a route names its exit interface or a gateway that an up
// interface's subnet holds, the hop names the route lines, and where no route
// decides the hop stays "path unknown" (a note, never a guess).
#include <catch2/catch.hpp>

#include "analyze/cisco_path.hpp"
#include "analyze/cisco_routes.hpp"
#include "ir/address.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

IntervalSet addr(const char* text) { return parse_address(text)->values; }

std::vector<std::string> hops_of(const AclPath& path) {
    std::vector<std::string> out;
    for (const auto& h : path.hops) out.push_back(h.name + " (" + h.where + ")");
    return out;
}

std::string notes_of(const AclPath& path) {
    std::string out;
    for (const auto& n : path.unknown) out += n + "\n";
    return out;
}

}  // namespace

TEST_CASE("cisco routes: an internet source enters by the interface of the default route (ASA)", "[cisco][routes]") {
    auto p = parse_fixture("asa-routes.cfg", Dialect::asa);
    auto path = acl_path(p, Family::v4, addr("198.51.100.7"), addr("172.16.8.10"), {});
    INFO(notes_of(path));
    CHECK(hops_of(path) == std::vector<std::string>{"OUTSIDE_IN (in on outside (route line 23))"});
    CHECK(path.unknown.empty());
    CHECK(path.src_unknown.empty());
    CHECK(path.dst_unknown.empty());
    // A more specific route wins over the default one: 10.20.5.5 is behind inside.
    auto staff = acl_path(p, Family::v4, addr("10.20.5.5"), addr("198.51.100.7"), {});
    CHECK(hops_of(staff) == std::vector<std::string>{"INSIDE_IN (in on inside (route line 24))"});
    // 192.0.2.0/24 is behind dmz, which has no access-group: the ASA's security levels decide.
    auto dmz = acl_path(p, Family::v4, addr("192.0.2.1"), addr("10.20.0.9"), {});
    CHECK(hops_of(dmz).empty());
    CHECK(notes_of(dmz).find("no access-group on interface dmz") != std::string::npos);
    // Two internet hosts: both behind outside, the flow never crosses the device.
    // Two internet hosts are both behind outside: that flow never crosses the device.
    auto same = acl_path(p, Family::v4, addr("198.51.100.7"), addr("8.8.8.8"), {});
    CHECK(hops_of(same).empty());
    CHECK(same.unknown.empty());
    // IPv6: the default route too.
    auto v6 = acl_path(p, Family::v6, addr("2001:db8:99::1"), addr("::/0"), {});
    CHECK(v6.src_unknown.empty());
}

TEST_CASE("cisco routes: a route via a gateway picks the interface whose subnet holds the gateway (IOS)",
          "[cisco][routes]") {
    auto p = parse_fixture("ios-routes.cfg", Dialect::ios);
    auto wan = acl_path(p, Family::v4, addr("203.0.113.50"), addr("172.16.8.10"), {});
    INFO(notes_of(wan));
    CHECK(hops_of(wan) ==
          std::vector<std::string>{"WAN-IN (in on GigabitEthernet0/0 (route line 26))", "DMZ-OUT (out on GigabitEthernet0/2)"});
    // 10.41.0.0/16 names its interface; 10.40.0.0/16 goes via 10.40.0.254 on Gi0/1.
    auto sites = acl_path(p, Family::v4, addr("10.40.0.0/15"), addr("203.0.113.50"), {});
    CHECK(hops_of(sites) == std::vector<std::string>{"STAFF-IN (in on GigabitEthernet0/1 (route lines 27, 28))"});
    CHECK(sites.hops[0].src == addr("10.40.0.0/15"));
}

TEST_CASE("cisco routes: routes that decide nothing leave the hop unknown and say why", "[cisco][routes]") {
    auto p = parse_fixture("ios-routes.cfg", Dialect::ios);
    // Null0: discarded; a gateway on a shut interface; a gateway no subnet holds.
    for (auto [src, why] : {std::pair{"192.0.2.7", "sends it to Null0: the device discards it"},
                            std::pair{"10.77.3.3", "which no up interface's connected subnet holds"},
                            std::pair{"10.88.3.3", "goes via 192.168.255.1, which no up interface's connected subnet holds"}}) {
        auto path = acl_path(p, Family::v4, addr(src), addr("172.16.8.10"), {});
        INFO(src << "\n" << notes_of(path));
        CHECK(notes_of(path).find(why) != std::string::npos);
        CHECK(notes_of(path).find("path unknown: source " + std::string(src)) != std::string::npos);
        CHECK(path.src_unknown == addr(src));
        // The outbound hop is still known.
        CHECK(hops_of(path) == std::vector<std::string>{"DMZ-OUT (out on GigabitEthernet0/2)"});
    }
}

TEST_CASE("cisco routes: without a default route an address no route holds is still 'path unknown' (NX-OS)",
          "[cisco][routes]") {
    auto p = parse_fixture("nxos-routes.cfg", Dialect::nxos);
    auto routed = acl_path(p, Family::v4, addr("10.50.3.3"), addr("10.60.0.10"), {});
    CHECK(hops_of(routed) == std::vector<std::string>{"SERVERS-IN (in on Vlan10 (route line 13))"});
    auto unknown = acl_path(p, Family::v4, addr("192.0.2.7"), addr("10.60.0.10"), {});
    INFO(notes_of(unknown));
    CHECK(unknown.hops.empty());
    CHECK(notes_of(unknown).find("path unknown: no interface's connected subnet holds the source 192.0.2.7 and no "
                                 "static route covers it") != std::string::npos);
    CHECK(unknown.src_unknown == addr("192.0.2.7"));
    // The vrf context's default route is not the global table's.
    auto r = route_addresses(p, Family::v4, addr("0.0.0.0/0"));
    CHECK(r.unrouted == addr("0.0.0.0/0").subtract(addr("10.50.0.0/15")));
}
