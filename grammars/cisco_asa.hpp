#pragma once
// Cisco ASA (and PIX/FWSM) access lists (FORMATS.md 5.2), as PEGTL rules
// over one configuration line. Syntax only.
//
//   acl      := "access-list" name ["line" n] ( "extended" ace | "standard" std_ace | "remark" text
//                                              | ("webtype" | "ethertype") ... | ace )   ; PIX 6: no "extended"
//   acl6     := "ipv6" acl                                   ; ASA 8.x IPv6 entries (one line each)
//   unit     := "any" | "any4" | "any6" | "host" (ip | alias) | ip mask | ipv6 "/" len | alias mask
//             | "interface" nameif | "object" name | "object-group" name | identity name
//             | ("eq" | "neq" | "lt" | "gt") port | "range" port port | option
//   bind     := "access-group" name ("in" | "out") "interface" nameif [...] | "access-group" name "global"
//   name     := "name" ip alias ["description" text]
//   (objects and object-groups: cisco_common.hpp)
#include "grammars/cisco_common.hpp"

namespace fwlint::grammar::cisco_asa {

using namespace cisco;  // NOLINT: grammar vocabulary

// clang-format off
struct unit : sor< any_address, host_address, group_reference, object_reference, interface_address, identity_match,
                   network_address, alias_network, equal_port, compare_port, port_range, common_option, other_word > {};

struct list_name : word {};
struct line_position : number {};
struct position_clause : seq< gap, FWLINT_KW( "line" ), gap, line_position > {};
struct extended_keyword : FWLINT_KW( "extended" ) {};
struct standard_keyword : FWLINT_KW( "standard" ) {};
struct extended_ace_field : seq< gap, extended_ace< unit > > {};
struct standard_ace_field : seq< gap, standard_ace< unit > > {};
// Lists fwlint does not model (web VPN, layer 2): kept out with a warning.
struct other_list_type : seq< sor< FWLINT_KW( "webtype" ), FWLINT_KW( "ethertype" ) >, rest_of_line > {};
// "access-list alert-interval 300": device settings, not lists.
struct list_setting : seq< sor< FWLINT_KW( "alert-interval" ), FWLINT_KW( "deny-flow-max" ), FWLINT_KW( "mode" ) >,
                          rest_of_line > {};
struct list_body : sor< remark, if_must< extended_keyword, extended_ace_field >,
                        if_must< standard_keyword, standard_ace_field >, other_list_type, extended_ace< unit > > {};
struct list_rest : seq< gap, sor< list_setting, seq< list_name, opt< position_clause >, gap, list_body > > > {};
struct access_list : if_must< FWLINT_KW( "access-list" ), list_rest > {};
// ASA 8.x (before 9.0 put both families in access-list): "ipv6 access-list
// NAME [line n] permit|deny|remark ...", an entry of IPv6 addresses.
struct ipv6_keyword : FWLINT_KW( "ipv6" ) {};
struct ipv6_access_list : seq< ipv6_keyword, gap, access_list > {};

struct group_list : word {};
struct bound_interface : word {};
struct global_binding : FWLINT_KW( "global" ) {};
struct interface_keyword : FWLINT_KW( "interface" ) {};
struct interface_field : seq< gap, bound_interface > {};
struct interface_binding : seq< bind_direction, gap, must< interface_keyword, interface_field >, rest_of_line > {};
struct access_group_rest : seq< gap, group_list, gap, sor< global_binding, interface_binding >, rest_of_line > {};
struct access_group : if_must< FWLINT_KW( "access-group" ), access_group_rest > {};

struct alias_address : plain_ip {};
struct alias_name : word {};
struct name_rest : seq< gap, alias_address, gap, alias_name, rest_of_line > {};
struct name_command : if_must< FWLINT_KW( "name" ), name_rest > {};
// clang-format on

}  // namespace fwlint::grammar::cisco_asa

namespace fwlint::grammar::cisco {
// clang-format off
template<> inline constexpr auto error_message< cisco_asa::list_rest > = "expected an access-list name and extended, standard, remark, or permit/deny";
template<> inline constexpr auto error_message< cisco_asa::extended_ace_field > = "expected permit or deny after 'extended'";
template<> inline constexpr auto error_message< cisco_asa::standard_ace_field > = "expected permit or deny after 'standard'";
template<> inline constexpr auto error_message< cisco_asa::interface_keyword > = "expected 'interface' after in/out";
template<> inline constexpr auto error_message< cisco_asa::interface_field > = "expected an interface name (nameif) after 'interface'";
template<> inline constexpr auto error_message< cisco_asa::access_group_rest > = "expected an access-list name and 'in interface IF', 'out interface IF' or 'global'";
template<> inline constexpr auto error_message< cisco_asa::name_rest > = "expected an address and an alias after 'name'";
// clang-format on
}  // namespace fwlint::grammar::cisco
