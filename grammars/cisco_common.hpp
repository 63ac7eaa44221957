#pragma once
// Vocabulary shared by the Cisco grammars (cisco_ios.hpp, cisco_asa.hpp,
// cisco_nxos.hpp): tokens, and the units an access-control entry (ACE) is
// made of. Syntax only. Which unit is the source and which the destination,
// and what a name stands for, is decided by src/parse/cisco_ace.cpp, which
// knows the object-groups: on the ASA `object-group X` after the source is
// a destination or a source-port group depending on what X is.
//
//   ace        := ("permit" | "deny") protocol { unit }
//   std_ace    := ("permit" | "deny") { unit }                  ; standard ACLs
//   protocol   := "object-group" name | "object" name | name | 0..255
//   unit       := address | port_match | option | word
//   address    := "any" | "any4" | "any6" | "host" addr | "object-group" name
//               | "object" name | "interface" nameif | "addrgroup" name
//               | identity name | ip "/" len | ip [mask] | alias mask
//   port_match := ("eq" | "neq") port {port} | ("lt" | "gt") port
//               | "range" port port | "portgroup" name
//   option     := "log" {log-arg} | "log-input" | "established" | "inactive"
//               | ("time-range" | "dscp" | "precedence" | ...) value
//               | "ttl" op value | tcp flags | word (ICMP types, unknown keywords)
//
// The reader hands every line over without its line end. Keywords are
// case-insensitive whole tokens (`any` never matches the start of `any4`).
#include <tao/pegtl.hpp>

namespace fwlint::grammar::cisco {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

// ---------------------------------------------------------------- tokens

struct blank : one< ' ', '\t' > {};
struct gap : plus< blank > {};
struct token_end : at< sor< blank, eof > > {};
struct word : plus< not_one< ' ', '\t' > > {};
template< typename S > struct kw : seq< S, token_end > {};
#define FWLINT_KW( x ) ::fwlint::grammar::cisco::kw< TAO_PEGTL_ISTRING( x ) >

struct number : seq< plus< digit >, token_end > {};
struct rest_of_line : star< any > {};
struct line_end : seq< opt< gap >, eof > {};

// An IPv4 or IPv6 address; the actions check its value.
struct ip_start : sor< seq< plus< digit >, one< '.' > >, seq< star< xdigit >, one< ':' > > > {};
struct ip_chars : plus< sor< xdigit, one< '.', ':' > > > {};
struct plain_ip : seq< at< ip_start >, ip_chars, token_end > {};
// "10.0.0.0/8", "2001:db8::/32"
struct prefix_ip : seq< at< ip_start >, ip_chars, one< '/' >, plus< digit >, token_end > {};
struct ip_token : sor< prefix_ip, plain_ip > {};

// Words that start a unit; a port list or an alias never swallows them.
struct reserved : sor< FWLINT_KW( "any" ), FWLINT_KW( "any4" ), FWLINT_KW( "any6" ), FWLINT_KW( "host" ),
                       FWLINT_KW( "object-group" ), FWLINT_KW( "object" ), FWLINT_KW( "interface" ),
                       FWLINT_KW( "addrgroup" ), FWLINT_KW( "portgroup" ), FWLINT_KW( "eq" ), FWLINT_KW( "neq" ),
                       FWLINT_KW( "lt" ), FWLINT_KW( "gt" ), FWLINT_KW( "range" ), FWLINT_KW( "log" ),
                       FWLINT_KW( "log-input" ), FWLINT_KW( "established" ), FWLINT_KW( "time-range" ),
                       FWLINT_KW( "inactive" ), FWLINT_KW( "fragments" ), FWLINT_KW( "precedence" ),
                       FWLINT_KW( "dscp" ), FWLINT_KW( "tos" ), FWLINT_KW( "ttl" ), FWLINT_KW( "option" ),
                       FWLINT_KW( "reflect" ), FWLINT_KW( "sequence" ), FWLINT_KW( "user" ),
                       FWLINT_KW( "user-group" ), FWLINT_KW( "security-group" ),
                       FWLINT_KW( "object-group-user" ), FWLINT_KW( "object-group-security" ),
                       FWLINT_KW( "source" ), FWLINT_KW( "destination" ) > {};

// -------------------------------------------------------------- addresses

struct any_address : sor< FWLINT_KW( "any4" ), FWLINT_KW( "any6" ), FWLINT_KW( "any" ) > {};

struct host_value : word {};  // an address, or an ASA `name` alias
struct host_target : seq< gap, host_value > {};
struct host_address : if_must< FWLINT_KW( "host" ), host_target > {};

struct group_name : word {};
struct group_target : seq< gap, group_name > {};
struct group_reference : if_must< FWLINT_KW( "object-group" ), group_target > {};

struct object_name : word {};
struct object_target : seq< gap, object_name > {};
struct object_reference : if_must< FWLINT_KW( "object" ), object_target > {};

struct interface_name : word {};
struct interface_target : seq< gap, interface_name > {};
struct interface_address : if_must< FWLINT_KW( "interface" ), interface_target > {};

struct addrgroup_name : word {};
struct addrgroup_target : seq< gap, addrgroup_name > {};
struct addrgroup_address : if_must< FWLINT_KW( "addrgroup" ), addrgroup_target > {};

// ASA identity firewall and TrustSec: kept as unmodelled conditions.
struct identity_keyword : sor< FWLINT_KW( "object-group-user" ), FWLINT_KW( "object-group-security" ),
                               FWLINT_KW( "user-group" ), FWLINT_KW( "user" ), FWLINT_KW( "security-group" ) > {};
struct identity_value : word {};
struct identity_target : seq< gap, identity_value > {};
struct identity_match : if_must< identity_keyword, identity_target > {};

struct address_value : plain_ip {};
struct mask_value : plain_ip {};
struct prefix_value : prefix_ip {};
// "10.0.0.0 0.0.0.255" (IOS wildcard), "10.0.0.0 255.0.0.0" (ASA netmask),
// "10.1.1.1" (IOS standard ACL: one host), "10.0.0.0/8"
struct network_address : sor< prefix_value, seq< address_value, opt< gap, mask_value > > > {};
// ASA: `name 192.0.2.10 WEB1` lets "WEB1 255.255.255.255" stand for an address.
struct alias_network : seq< not_at< reserved >, not_at< ip_token >, word, gap, plain_ip > {};
// object-group network / object network: "range 10.0.0.1 10.0.0.9"
struct address_range : seq< FWLINT_KW( "range" ), gap, plain_ip, gap, plain_ip > {};

// ------------------------------------------------------------------ ports

struct port_value : seq< not_at< reserved >, not_at< ip_token >, word > {};
struct one_port : seq< gap, port_value > {};
struct port_list : seq< one_port, star< one_port > > {};
struct range_ports : seq< one_port, one_port > {};

struct equality : sor< FWLINT_KW( "eq" ), FWLINT_KW( "neq" ) > {};
struct comparison : sor< FWLINT_KW( "lt" ), FWLINT_KW( "gt" ) > {};
struct range_keyword : FWLINT_KW( "range" ) {};
// IOS / IOS-XE: "eq www 443 8080"; ASA and NX-OS: one port.
struct equal_ports : if_must< equality, port_list > {};
struct equal_port : if_must< equality, one_port > {};
struct compare_port : if_must< comparison, one_port > {};
struct port_range : if_must< range_keyword, range_ports > {};
struct portgroup_name : word {};
struct portgroup_target : seq< gap, portgroup_name > {};
struct portgroup_match : if_must< FWLINT_KW( "portgroup" ), portgroup_target > {};

// ---------------------------------------------------------------- options

struct log_level : sor< number, FWLINT_KW( "emergencies" ), FWLINT_KW( "alerts" ), FWLINT_KW( "critical" ),
                        FWLINT_KW( "errors" ), FWLINT_KW( "warnings" ), FWLINT_KW( "notifications" ),
                        FWLINT_KW( "informational" ), FWLINT_KW( "debugging" ) > {};
struct log_interval : seq< FWLINT_KW( "interval" ), gap, number > {};
struct log_argument : sor< log_interval, FWLINT_KW( "disable" ), FWLINT_KW( "default" ), log_level > {};
struct log_option : seq< sor< FWLINT_KW( "log-input" ), FWLINT_KW( "log" ) >, star< gap, log_argument > > {};

struct established_option : FWLINT_KW( "established" ) {};
struct inactive_option : FWLINT_KW( "inactive" ) {};

// Options fwlint keeps as unmodelled conditions, with their value.
struct valued_keyword : sor< FWLINT_KW( "time-range" ), FWLINT_KW( "precedence" ), FWLINT_KW( "dscp" ),
                             FWLINT_KW( "tos" ), FWLINT_KW( "option" ),
                             FWLINT_KW( "tcp-flags-mask" ), FWLINT_KW( "http-method" ),
                             FWLINT_KW( "tcp-option-length" ) > {};
struct option_value : word {};
struct option_target : seq< gap, option_value > {};
struct valued_option : if_must< valued_keyword, option_target > {};
// IOS "reflect NAME [timeout SECONDS]": the permitted sessions fill the
// reflexive list NAME; it changes no verdict of this entry.
struct reflect_timeout : seq< gap, FWLINT_KW( "timeout" ), gap, number > {};
struct reflect_option : seq< FWLINT_KW( "reflect" ), must< option_target >, opt< reflect_timeout > > {};
// "ttl eq 255", "ttl range 1 10", NX-OS "ttl 255"; "packet-length gt 100"
struct compared_value : sor< seq< sor< equality, comparison >, gap, option_value >,
                             seq< range_keyword, gap, option_value, gap, option_value >, option_value > {};
struct compared_target : seq< gap, compared_value > {};
struct compared_option : if_must< sor< FWLINT_KW( "ttl" ), FWLINT_KW( "packet-length" ) >, compared_target > {};
// IPv6 ACL entries may end "sequence 20".
struct sequence_value : number {};
struct sequence_target : seq< gap, sequence_value > {};
struct sequence_option : if_must< FWLINT_KW( "sequence" ), sequence_target > {};
// Matches that take no value: TCP flags, fragments, Arista "tracked".
struct flag_option : sor< FWLINT_KW( "fragments" ), FWLINT_KW( "ack" ), FWLINT_KW( "fin" ), FWLINT_KW( "psh" ),
                          FWLINT_KW( "rst" ), FWLINT_KW( "syn" ), FWLINT_KW( "urg" ), FWLINT_KW( "tracked" ) > {};
// Anything else: an ICMP type or code, a protocol, or an unknown keyword,
// which the meaning keeps as an unmodelled condition with a warning.
struct other_word : word {};

struct common_option : sor< log_option, established_option, inactive_option, reflect_option, valued_option, compared_option,
                            sequence_option, flag_option > {};

// ---------------------------------------------------------------- entries

struct permit_deny : sor< FWLINT_KW( "permit" ), FWLINT_KW( "deny" ) > {};
struct protocol_group : word {};
struct protocol_group_target : seq< gap, protocol_group > {};
struct protocol_object : word {};
struct protocol_object_target : seq< gap, protocol_object > {};
struct protocol_name : word {};
struct protocol : sor< if_must< FWLINT_KW( "object-group" ), protocol_group_target >,
                       if_must< FWLINT_KW( "object" ), protocol_object_target >, protocol_name > {};
struct protocol_field : seq< gap, protocol > {};

template< typename Unit > struct units : star< gap, Unit > {};
template< typename Unit > struct extended_ace : if_must< permit_deny, protocol_field, units< Unit >, line_end > {};
struct first_unit : at< gap, not_at< eof > > {};
template< typename Unit > struct standard_ace : if_must< permit_deny, first_unit, units< Unit >, line_end > {};

struct remark_text : rest_of_line {};
struct remark : seq< FWLINT_KW( "remark" ), opt< gap >, remark_text > {};
struct sequence_number : number {};
struct description : seq< FWLINT_KW( "description" ), rest_of_line > {};

// clang-format on

// ----------------------------------------------------------- error messages

template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< host_target > = "expected an address after 'host'";
template<> inline constexpr auto error_message< group_target > = "expected an object-group name after 'object-group'";
template<> inline constexpr auto error_message< object_target > = "expected an object name after 'object'";
template<> inline constexpr auto error_message< interface_target > = "expected an interface name after 'interface'";
template<> inline constexpr auto error_message< addrgroup_target > = "expected an object-group name after 'addrgroup'";
template<> inline constexpr auto error_message< identity_target > = "expected a user, group or tag after the identity keyword";
template<> inline constexpr auto error_message< port_list > = "expected a port number or name after 'eq'/'neq'";
template<> inline constexpr auto error_message< one_port > = "expected a port number or name";
template<> inline constexpr auto error_message< range_ports > = "expected two ports after 'range' (range LOW HIGH)";
template<> inline constexpr auto error_message< portgroup_target > = "expected an object-group name after 'portgroup'";
template<> inline constexpr auto error_message< option_target > = "expected a value after this option";
template<> inline constexpr auto error_message< compared_target > = "expected a value or an operator (eq, lt, gt, range) after this option";
template<> inline constexpr auto error_message< sequence_target > = "expected a sequence number after 'sequence'";
template<> inline constexpr auto error_message< protocol_group_target > = "expected an object-group name after 'object-group'";
template<> inline constexpr auto error_message< protocol_object_target > = "expected an object name after 'object'";
template<> inline constexpr auto error_message< protocol_field > = "expected a protocol (ip, tcp, udp, icmp, a number, object-group or object) after permit/deny";
template<> inline constexpr auto error_message< first_unit > = "expected an address (any, host A, A WILDCARD) after permit/deny";
template<> inline constexpr auto error_message< line_end > = "expected the end of the line";
// clang-format on

template< typename Unit >
inline constexpr const char* error_message< units< Unit > > = "expected an address, a port match or an option";

}  // namespace fwlint::grammar::cisco

// ============================================================================
// Configuration lines around the ACEs, shared by the three platforms:
// ACL and object-group headers, the entries of object-groups and objects,
// interfaces and their bindings, `line` bindings.

namespace fwlint::grammar::cisco {

// clang-format off

// "ip access-list extended WEB-IN", "ip access-list standard 10",
// "ipv6 access-list V6-IN", NX-OS "ip access-list SERVER-IN". A list may be
// named "extended" (the name is then the last word).
struct acl_family : sor< FWLINT_KW( "ipv6" ), FWLINT_KW( "ip" ) > {};
struct acl_kind : seq< sor< FWLINT_KW( "standard" ), FWLINT_KW( "extended" ) >, gap, at< not_one< ' ', '\t' > > > {};
struct acl_name : word {};
// "ip access-list resequence ...", "ip access-list logging interval 10":
// settings, not lists.
struct acl_setting : seq< sor< FWLINT_KW( "resequence" ), FWLINT_KW( "log-update" ), FWLINT_KW( "logging" ),
                               FWLINT_KW( "persistent" ), FWLINT_KW( "counters" ), FWLINT_KW( "role-based" ),
                               FWLINT_KW( "match-local-traffic" ) >, rest_of_line > {};
struct acl_header_rest : seq< gap, sor< acl_setting, seq< opt< acl_kind >, acl_name, line_end > > > {};
struct acl_header : seq< acl_family, gap, FWLINT_KW( "access-list" ), must< acl_header_rest > > {};

// Entries of a named (or NX-OS) list: "10 permit ...". IOS-XE writes the
// entries of an IPv6 list "sequence 10 permit ..." in its running-config.
struct entry_sequence_number : plus< digit > {};
struct entry_sequence : seq< opt< FWLINT_KW( "sequence" ), gap >, entry_sequence_number, gap, not_at< eof > > {};
struct ignored_entry : seq< sor< FWLINT_KW( "statistics" ), FWLINT_KW( "fragments" ), FWLINT_KW( "no" ) >, rest_of_line > {};
template< typename Unit > struct extended_entry_body : sor< remark, extended_ace< Unit >, ignored_entry > {};
template< typename Unit > struct standard_entry_body : sor< remark, standard_ace< Unit >, ignored_entry > {};
template< typename Unit > struct extended_entry : seq< opt< entry_sequence >, must< extended_entry_body< Unit > > > {};
template< typename Unit > struct standard_entry : seq< opt< entry_sequence >, must< standard_entry_body< Unit > > > {};

// "object-group network DMZ", "object-group service WEB tcp", NX-OS
// "object-group ip address SERVERS", "object-group ip port WEB".
struct group_kind : sor< seq< sor< FWLINT_KW( "ip" ), FWLINT_KW( "ipv6" ) >, gap, sor< FWLINT_KW( "address" ), FWLINT_KW( "port" ) > >,
                         FWLINT_KW( "network" ), FWLINT_KW( "service" ), FWLINT_KW( "protocol" ),
                         FWLINT_KW( "icmp-type" ), FWLINT_KW( "icmp-object" ), FWLINT_KW( "user" ),
                         FWLINT_KW( "security" ) > {};
struct group_header_name : word {};
struct group_header_protocol : word {};
struct group_header_rest : seq< gap, group_kind, gap, group_header_name, opt< gap, group_header_protocol >, line_end > {};
struct group_header : if_must< FWLINT_KW( "object-group" ), group_header_rest > {};

// ASA "object network WEB", "object service HTTPS-ALT"
struct object_kind : sor< FWLINT_KW( "network" ), FWLINT_KW( "service" ) > {};
struct object_header_name : word {};
struct object_header_rest : seq< gap, object_kind, gap, object_header_name, line_end > {};
struct object_header : if_must< FWLINT_KW( "object" ), object_header_rest > {};

// One entry of an object-group or object: "host 10.0.0.1", "10.0.0.0 255.0.0.0",
// "network-object object WEB", "port-object eq www", "service-object tcp
// destination eq 8443", "tcp-udp eq domain", "range 10.0.0.1 10.0.0.9",
// NX-OS "10 10.30.2.0/24". What the words mean depends on the group's kind.
struct object_unit : sor< any_address, address_range, host_address, group_reference, object_reference,
                          network_address, equal_ports, compare_port, port_range, other_word > {};
struct object_units : seq< object_unit, units< object_unit >, line_end > {};
struct object_entry_body : sor< description, object_units > {};
struct object_entry : seq< opt< entry_sequence >, must< object_entry_body > > {};

// "interface GigabitEthernet0/1"
struct interface_header_name : seq< not_at< eof >, rest_of_line > {};
struct interface_header : seq< FWLINT_KW( "interface" ), gap, interface_header_name > {};
// "line vty 0 4"
struct line_header_name : seq< not_at< eof >, rest_of_line > {};
struct line_header : seq< FWLINT_KW( "line" ), gap, line_header_name > {};

// Interface sub-mode. "ip address 10.0.0.1 255.255.255.0 [secondary|standby A]",
// NX-OS "ip address 10.0.0.1/24", "ipv6 address 2001:db8::1/64".
struct interface_ip : plain_ip {};
struct interface_mask : plain_ip {};
struct interface_prefix : prefix_ip {};
struct interface_address_value : sor< interface_prefix, seq< interface_ip, opt< gap, interface_mask > > > {};
struct ip_address_command : seq< sor< FWLINT_KW( "ip" ), FWLINT_KW( "ipv6" ) >, gap, FWLINT_KW( "address" ), gap,
                                 sor< seq< interface_address_value, rest_of_line >, rest_of_line > > {};
struct nameif_value : word {};
struct nameif_target : seq< gap, nameif_value > {};
struct nameif_command : if_must< FWLINT_KW( "nameif" ), nameif_target > {};
struct shutdown_command : seq< FWLINT_KW( "shutdown" ), line_end > {};

// "ip access-group NAME in", "ipv6 traffic-filter NAME out", NX-OS "ip port
// access-group NAME in"; on lines "access-class NAME in [vrf-also]".
struct bound_acl : word {};
struct bind_direction : sor< FWLINT_KW( "in" ), FWLINT_KW( "out" ) > {};
struct bind_target : seq< gap, bound_acl, gap, bind_direction, rest_of_line > {};
struct ipv4_binding : seq< FWLINT_KW( "ip" ), opt< gap, FWLINT_KW( "port" ) >, gap, FWLINT_KW( "access-group" ) > {};
struct ipv6_binding : seq< FWLINT_KW( "ipv6" ), opt< gap, FWLINT_KW( "port" ) >, gap,
                           sor< FWLINT_KW( "traffic-filter" ), FWLINT_KW( "access-group" ) > > {};
struct interface_binding : if_must< sor< ipv4_binding, ipv6_binding >, bind_target > {};
struct ipv4_class : FWLINT_KW( "access-class" ) {};
struct ipv6_class : seq< FWLINT_KW( "ipv6" ), gap, FWLINT_KW( "access-class" ) > {};
struct line_binding : if_must< sor< ipv4_class, ipv6_class >, bind_target > {};

struct interface_command : sor< interface_binding, ip_address_command, nameif_command, shutdown_command > {};

// clang-format on

// clang-format off
template<> inline constexpr auto error_message< acl_header_rest > = "expected an access-list name (optionally after standard or extended)";
template<> inline constexpr auto error_message< group_header_rest > = "expected an object-group kind (network, service, protocol, icmp-type, ip address, ip port) and a name";
template<> inline constexpr auto error_message< object_header_rest > = "expected 'network' or 'service' and an object name";
template<> inline constexpr auto error_message< object_entry_body > = "expected an object-group entry";
template<> inline constexpr auto error_message< nameif_target > = "expected an interface name after nameif";
template<> inline constexpr auto error_message< bind_target > = "expected an access-list name and 'in' or 'out'";
// clang-format on

template< typename Unit >
inline constexpr const char* error_message< extended_entry_body< Unit > > = "expected permit, deny or remark (after an optional sequence number)";
template< typename Unit >
inline constexpr const char* error_message< standard_entry_body< Unit > > = "expected permit, deny or remark (after an optional sequence number)";

}  // namespace fwlint::grammar::cisco
