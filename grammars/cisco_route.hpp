#pragma once
// Static routes of a Cisco running-config, as PEGTL rules over one line.
// Syntax only; src/parse/cisco_routes.cpp gives the values their meaning.
// The requirement audit uses them to find the interface a flow from or to
// an address outside every connected subnet crosses (analyze/cisco_routes.hpp).
//
//   asa_route   := ["ipv6"] "route" ifname destination gateway [distance] [options]
//   ip_route    := ("ip" | "ipv6") "route" ["vrf" name] destination next_hop [distance] [options]
//   destination := ip "/" len | ip mask
//   next_hop    := gateway | ifname [gateway]            ; IOS, NX-OS
//
// IOS and NX-OS route settings ("ip route static bfd ...", "ip route profile")
// are not routes and are read as settings.
#include "grammars/cisco_common.hpp"

namespace fwlint::grammar::cisco_route {

using namespace cisco;  // NOLINT: grammar vocabulary

// clang-format off
struct route_prefix : prefix_ip {};
struct route_network : plain_ip {};
struct route_mask : plain_ip {};
struct destination : sor< route_prefix, seq< route_network, gap, route_mask > > {};

struct route_gateway : plain_ip {};
// An exit interface: "GigabitEthernet0/1", "Null0", ASA "outside".
struct route_interface : seq< not_at< plain_ip >, word > {};
struct next_hop : sor< route_gateway, seq< route_interface, opt< gap, route_gateway > > > {};

struct route_vrf : word {};
struct vrf_clause : seq< gap, FWLINT_KW( "vrf" ), gap, route_vrf > {};
struct route_setting : seq< sor< FWLINT_KW( "static" ), FWLINT_KW( "profile" ) >, rest_of_line > {};

struct ip_route_rest : seq< opt< vrf_clause >, gap, destination, gap, next_hop, rest_of_line > {};
struct ip_route : seq< sor< FWLINT_KW( "ipv6" ), FWLINT_KW( "ip" ) >, gap, FWLINT_KW( "route" ),
                       sor< seq< gap, route_setting >, must< ip_route_rest > > > {};

struct asa_route_rest : seq< gap, route_interface, gap, destination, gap, route_gateway, rest_of_line > {};
struct asa_route : seq< opt< FWLINT_KW( "ipv6" ), gap >, FWLINT_KW( "route" ), must< asa_route_rest > > {};
// clang-format on

}  // namespace fwlint::grammar::cisco_route

namespace fwlint::grammar::cisco {
// clang-format off
template<> inline constexpr auto error_message< cisco_route::ip_route_rest > = "expected a network and mask (or prefix/length) then a next hop (a gateway address or an interface)";
template<> inline constexpr auto error_message< cisco_route::asa_route_rest > = "expected an interface name, a network and mask (or prefix/length) and a gateway address";
// clang-format on
}  // namespace fwlint::grammar::cisco
