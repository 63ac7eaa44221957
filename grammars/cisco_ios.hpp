#pragma once
// Cisco IOS / IOS-XE access lists (FORMATS.md 5.1), as PEGTL rules over one
// configuration line. Syntax only: src/parse/cisco_*.cpp give the meaning.
//
//   numbered  := "access-list" std_number (std_ace | remark)          ; 1-99, 1300-1999
//              | "access-list" number ["dynamic" name ["timeout" n]] (ace | remark)
//   named     := ("ip" | "ipv6") "access-list" ["standard" | "extended"] name
//                { [seq] (ace | std_ace | remark) }                    ; see cisco_common.hpp
//   unit      := address | ("eq" | "neq") port {port} | ("lt" | "gt") port
//              | "range" port port | option
//   interface := "interface" name { "ip address" a m | "ip access-group" name ("in"|"out")
//                                 | "ipv6 traffic-filter" name ("in"|"out") }
//   line      := "line" name { "access-class" name ("in"|"out") }
#include "grammars/cisco_common.hpp"

namespace fwlint::grammar::cisco_ios {

using namespace cisco;  // NOLINT: grammar vocabulary

// clang-format off

// One unit of an IOS ACE: "eq" may name several ports ("eq www 443 8080").
struct unit : sor< any_address, host_address, group_reference, network_address, equal_ports, compare_port,
                   port_range, common_option, other_word > {};

// 1-99 and 1300-1999 are standard lists; the others (100-199, 2000-2699 are
// extended IP lists) read as extended entries, and the meaning tells the
// non-IP number ranges apart.
struct standard_number : seq< sor< seq< one< '1' >, range< '3', '9' >, digit, digit >,
                                   seq< range< '1', '9' >, opt< digit > > >, token_end > {};
struct other_number : word {};
// Lock-and-key: the entry is a template that applies only once a user has
// authenticated and run access-enable.
struct dynamic_name : word {};
struct dynamic_clause : seq< FWLINT_KW( "dynamic" ), gap, dynamic_name, opt< gap, FWLINT_KW( "timeout" ), gap, number >, gap > {};
struct standard_body : sor< remark, standard_ace< unit > > {};
struct extended_body : sor< remark, seq< opt< dynamic_clause >, extended_ace< unit > > > {};
struct standard_list : if_must< seq< standard_number, gap >, standard_body > {};
struct extended_list : if_must< seq< other_number, gap >, extended_body > {};
struct numbered_rest : seq< gap, sor< standard_list, extended_list > > {};
struct numbered_acl : if_must< FWLINT_KW( "access-list" ), numbered_rest > {};

struct named_entry : extended_entry< unit > {};
struct standard_named_entry : standard_entry< unit > {};

// clang-format on

}  // namespace fwlint::grammar::cisco_ios

namespace fwlint::grammar::cisco {
// clang-format off
template<> inline constexpr auto error_message< cisco_ios::standard_body > = "expected permit, deny or remark after the list number";
template<> inline constexpr auto error_message< cisco_ios::extended_body > = "expected permit, deny, remark or dynamic after the list number";
template<> inline constexpr auto error_message< cisco_ios::numbered_rest > = "expected a list number and an entry after access-list";
// clang-format on
}  // namespace fwlint::grammar::cisco
