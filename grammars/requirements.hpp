#pragma once
// The requirement-set language (rules/*.fwreq): syntax only.
//
// A requirement set is line-oriented. Statements start at column 1; the
// sub-lines `source`, `note` and `when` are indented under the statement they
// belong to. `#` starts a comment that runs to the end of the line. Blank lines
// are fine, CRLF line ends are fine. Before the grammar sees the text, a UTF-8
// byte order mark is removed, a lone CR (old Mac line end) becomes LF, and a
// missing final line break is added, so every line, the last one included,
// ends with LF or CRLF.
//
//   set cep "Certificate Enrollment Policy Web Service (CEP)"
//     source "cep-firewall-rules.txt"
//   role clients "hosts that request certificates"
//   param rpc_dynamic = 49152-65535 "the CA's DCOM ports"
//   require clients -> cep tcp 443 "HTTPS enrollment"
//     when legacy_rpc: tcp 1024-65535
//   limit ces -> ca tcp to required "anything wider is overly broad"
//   windows-rule cep "IIS-WebServerRole-HTTPS-In-TCP" "World Wide Web Services (HTTPS Traffic-In)"
//
// Each line is parsed on its own; a line that does not fit raises an error
// (the messages are `error_message<Rule>` below) and parsing resumes with the
// next line, the way PEGTL's recover.cpp example does it. Meaning (declared
// roles, parameter kinds, port ranges) is checked by the actions in
// src/parse/requirements.cpp, not here.
#include <tao/pegtl.hpp>

namespace fwlint::grammar::requirements {

namespace pegtl = tao::pegtl;
using namespace tao::pegtl;

// clang-format off

// ---------------------------------------------------------------- lexical
struct ws : star< blank > {};                           // spaces and tabs
struct indent : plus< blank > {};
struct comment : seq< one< '#' >, star< not_one< '\r', '\n' > > > {};
struct line_break : sor< one< '\n' >, string< '\r', '\n' > > {};  // LF or CRLF
struct end_of_line : seq< opt< comment >, line_break > {};   // after trailing blanks
struct line_end : seq< ws, end_of_line > {};

// A keyword is a whole word: `require` but not `requires` or `require-x`.
struct word_char : ranges< 'a', 'z', 'A', 'Z', '0', '9', '_', '_', '-', '-' > {};
template< typename S > struct word : seq< S, not_at< word_char > > {};

struct kw_set          : word< TAO_PEGTL_STRING( "set" ) > {};
struct kw_role         : word< TAO_PEGTL_STRING( "role" ) > {};
struct kw_param        : word< TAO_PEGTL_STRING( "param" ) > {};
struct kw_require      : word< TAO_PEGTL_STRING( "require" ) > {};
struct kw_forbid       : word< TAO_PEGTL_STRING( "forbid" ) > {};
struct kw_limit        : word< TAO_PEGTL_STRING( "limit" ) > {};
struct kw_windows_rule : word< TAO_PEGTL_STRING( "windows-rule" ) > {};
struct kw_source       : word< TAO_PEGTL_STRING( "source" ) > {};
struct kw_note         : word< TAO_PEGTL_STRING( "note" ) > {};
struct kw_when         : word< TAO_PEGTL_STRING( "when" ) > {};
struct kw_any          : word< TAO_PEGTL_STRING( "any" ) > {};
struct kw_to           : word< TAO_PEGTL_STRING( "to" ) > {};
struct kw_required     : word< TAO_PEGTL_STRING( "required" ) > {};
struct kw_yes          : word< TAO_PEGTL_STRING( "yes" ) > {};
struct kw_no           : word< TAO_PEGTL_STRING( "no" ) > {};

// Names: roles and parameters are [a-z_][a-z0-9_]*; a set's name may also
// contain '-' (it is usually the file name: ca-dcom, domain-member).
struct name_first : ranges< 'a', 'z', '_' > {};
struct name_other : ranges< 'a', 'z', '0', '9', '_' > {};
struct name_guard : sor< ranges< 'A', 'Z' >, seq< one< '-' >, not_one< '>' > > > {};  // "Clients", "ca-x" (but "a->b" is fine)
struct name : seq< name_first, star< name_other >, not_at< name_guard > > {};
struct set_name_chars : seq< ranges< 'a', 'z', '0', '9' >, star< ranges< 'a', 'z', '0', '9', '_', '_', '-', '-' > > > {};

// Quoted strings: double quotes, backslash escapes \" \\ \n \t, valid UTF-8,
// no control characters other than tab.
struct open_quote : one< '"' > {};
struct close_quote : one< '"' > {};
struct escaped_char : one< '"', '\\', 'n', 't' > {};
struct escape : seq< one< '\\' >, must< escaped_char > > {};
struct forbidden_in_string : sor< range< '\x00', '\x08' >, range< '\x0a', '\x1f' >, one< '\x7f', '"', '\\' > > {};
struct plain_char : seq< not_at< forbidden_in_string >, utf8::any > {};
struct string_body : star< sor< escape, plain_char > > {};
struct quoted : seq< open_quote, string_body, must< close_quote > > {};

// ---------------------------------------------------------------- ports
// 443   1024-65535   $rpc_dynamic      (0-65535; checked by the actions)
struct port_number : plus< digit > {};
struct range_dash : one< '-' > {};
struct range_last : port_number {};
struct port_range : seq< port_number, opt< range_dash, must< range_last > > > {};
struct param_ref_name : name {};
struct param_ref : seq< one< '$' >, must< param_ref_name > > {};
struct port_term : sor< param_ref, port_range > {};
struct list_comma : seq< ws, one< ',' >, ws > {};
struct port_list : list_must< port_term, list_comma > {};

// A parameter's value: yes, no, or a port list without $references.
struct value_port_list : list_must< port_range, list_comma > {};
struct boolean_value : sor< kw_yes, kw_no > {};
struct param_value : sor< boolean_value, value_port_list > {};

// ---------------------------------------------------------------- services
// any | PROTO[+PROTO...] [PORTS]      PROTO: tcp udp icmp icmpv6 0-255
//                                     PORTS: any | to required | port list
struct protocol : sor< word< TAO_PEGTL_STRING( "tcp" ) >,
                       word< TAO_PEGTL_STRING( "udp" ) >,
                       word< TAO_PEGTL_STRING( "icmpv6" ) >,
                       word< TAO_PEGTL_STRING( "icmp" ) >,
                       seq< plus< digit >, not_at< word_char > > > {};
struct protocol_plus : one< '+' > {};
struct protocols : list_must< protocol, protocol_plus > {};
struct any_service : kw_any {};
struct any_port : kw_any {};
struct to_required : seq< kw_to, ws, must< kw_required > > {};
struct ports : sor< any_port, to_required, port_list > {};
struct ports_follow : seq< indent, not_at< sor< open_quote, line_end > >, must< ports > > {};
struct protocol_services : seq< protocols, opt< ports_follow > > {};
struct services : sor< any_service, protocol_services > {};

// ---------------------------------------------------------------- statements
// Line ends: what may follow the last field of a line.
// Each is preceded by `ws` so that an error points at the unexpected text.
struct end_after_value : end_of_line {};   // after services or a parameter value
struct end_after_text : end_of_line {};    // after a statement's final quoted text
struct end_after_names : end_of_line {};   // after windows-rule display names
struct end_after_name : end_of_line {};    // after a name that takes no text
struct end_after_when : end_of_line {};    // after the services of a when sub-line

// set NAME "TITLE"
struct set_name : set_name_chars {};
struct set_title : quoted {};
struct set_statement : seq< kw_set, ws, must< set_name >, ws, must< set_title >, ws, must< end_after_text > > {};

// role NAME ["DESCRIPTION"]
struct role_name : name {};
struct role_description : quoted {};
struct role_statement : seq< kw_role, ws, must< role_name >,
                             ws, sor< seq< role_description, ws, must< end_after_text > >, must< end_after_name > > > {};

// param NAME = VALUE ["DESCRIPTION"]
struct param_name : name {};
struct equals_sign : one< '=' > {};
struct param_description : quoted {};
struct param_statement : seq< kw_param, ws, must< param_name >, ws, must< equals_sign >, ws, must< param_value >,
                              ws, sor< seq< param_description, ws, must< end_after_text > >, must< end_after_value > > > {};

// require|forbid|limit FROM -> TO SERVICES ["DESCRIPTION"]
struct from_role : name {};
struct arrow : string< '-', '>' > {};
struct to_role : name {};
struct flow_services : services {};
struct flow_description : quoted {};
struct flow_body : seq< ws, must< from_role >, ws, must< arrow >, ws, must< to_role >, ws, must< flow_services >,
                        ws, sor< seq< flow_description, ws, must< end_after_text > >, must< end_after_value > > > {};
struct require_statement : seq< kw_require, flow_body > {};
struct forbid_statement : seq< kw_forbid, flow_body > {};
struct limit_statement : seq< kw_limit, flow_body > {};

// windows-rule HOST "RULE-ID" ["DISPLAY NAME" ...]
struct host_role : name {};
struct rule_id : quoted {};
struct display_name : quoted {};
struct windows_rule_statement : seq< kw_windows_rule, ws, must< host_role >, ws, must< rule_id >,
                                     star< ws, display_name >, ws, must< end_after_names > > {};

struct statement : sor< set_statement, role_statement, param_statement,
                        require_statement, forbid_statement, limit_statement,
                        windows_rule_statement > {};

// ---------------------------------------------------------------- sub-lines
//   source "TEXT"            where the statement comes from
//   note "TEXT"              a fact worth repeating in findings
//   when PARAM: SERVICES     replaces the services when PARAM is yes
struct source_text : quoted {};
struct source_line : seq< kw_source, ws, must< source_text >, ws, must< end_after_text > > {};
struct note_text : quoted {};
struct note_line : seq< kw_note, ws, must< note_text >, ws, must< end_after_text > > {};
struct when_param : name {};
struct when_colon : one< ':' > {};
struct when_services : services {};
struct when_line : seq< kw_when, ws, must< when_param >, ws, must< when_colon >, ws, must< when_services >, ws, must< end_after_when > > {};
struct sub_statement : sor< source_line, note_line, when_line > {};

// ---------------------------------------------------------------- file
struct begin_line : success {};
struct blank_line : line_end {};
struct sub_line : seq< indent, must< sub_statement > > {};
struct statement_line : must< statement > {};
struct line : seq< begin_line, sor< blank_line, sub_line, statement_line > > {};
struct skip_line : until< line_break > {};
struct recoverable_line : sor< try_catch< line >, skip_line > {};
struct file : until< eof, recoverable_line > {};

// clang-format on

// ---------------------------------------------------------------- errors
// What the parser expected when a must<> failed. `statement`, `sub_statement`
// and `close_quote` get messages built from the offending text (see the actions).
template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr const char* error_message< statement > = "unknown statement; expected set, role, param, require, forbid, limit or windows-rule";
template<> inline constexpr const char* error_message< sub_statement > = "unknown sub-line; expected source, note or when";
template<> inline constexpr const char* error_message< close_quote > = "expected '\"' to close the string";
template<> inline constexpr const char* error_message< escaped_char > = "expected an escape \\\" \\\\ \\n or \\t after '\\'";
template<> inline constexpr const char* error_message< set_name > = "expected the set's name (lowercase letters, digits, '-' and '_') after 'set'";
template<> inline constexpr const char* error_message< set_title > = "expected the set's title in double quotes after its name";
template<> inline constexpr const char* error_message< role_name > = "expected a role name ([a-z_][a-z0-9_]*) after 'role'";
template<> inline constexpr const char* error_message< param_name > = "expected a parameter name ([a-z_][a-z0-9_]*) after 'param'";
template<> inline constexpr const char* error_message< equals_sign > = "expected '=' between the parameter's name and its value";
template<> inline constexpr const char* error_message< param_value > = "expected the parameter's value: yes, no, or a port list like 49152-65535";
template<> inline constexpr const char* error_message< from_role > = "expected the source role name ([a-z_][a-z0-9_]*)";
template<> inline constexpr const char* error_message< arrow > = "expected '->' between the two role names";
template<> inline constexpr const char* error_message< to_role > = "expected the destination role name after '->'";
template<> inline constexpr const char* error_message< flow_services > = "expected the services: 'any', or protocols (tcp, udp, tcp+udp, icmp, 0-255) and ports";
template<> inline constexpr const char* error_message< when_services > = "expected the services that apply when the parameter is yes: 'any', or protocols and ports";
template<> inline constexpr const char* error_message< protocol > = "expected a protocol after '+': tcp, udp, icmp, icmpv6 or a number 0-255";
template<> inline constexpr const char* error_message< ports > = "expected ports: a list like 443, 1024-65535, $param; 'any'; or 'to required'";
template<> inline constexpr const char* error_message< kw_required > = "expected 'required' after 'to'";
template<> inline constexpr const char* error_message< port_term > = "expected a port, a range like 1024-65535 or a $parameter after ','";
template<> inline constexpr const char* error_message< port_range > = "expected a port or a range like 1024-65535 after ','";
template<> inline constexpr const char* error_message< range_last > = "expected the last port of the range after '-'";
template<> inline constexpr const char* error_message< param_ref_name > = "expected a parameter name after '$'";
template<> inline constexpr const char* error_message< host_role > = "expected the role of the host that carries the Windows rule";
template<> inline constexpr const char* error_message< rule_id > = "expected the Windows rule's ID in double quotes, like \"IIS-WebServerRole-HTTPS-In-TCP\"";
template<> inline constexpr const char* error_message< source_text > = "expected the source in double quotes after 'source'";
template<> inline constexpr const char* error_message< note_text > = "expected the note in double quotes after 'note'";
template<> inline constexpr const char* error_message< when_param > = "expected a yes/no parameter name after 'when'";
template<> inline constexpr const char* error_message< when_colon > = "expected ':' after the parameter name in 'when'";
template<> inline constexpr const char* error_message< end_after_value > = "expected a quoted description or the end of the line";
template<> inline constexpr const char* error_message< end_after_text > = "expected the end of the line after the quoted text";
template<> inline constexpr const char* error_message< end_after_names > = "expected another quoted display name or the end of the line";
template<> inline constexpr const char* error_message< end_after_when > = "expected the end of the line after the services";
template<> inline constexpr const char* error_message< end_after_name > = "expected a quoted description or the end of the line";
// clang-format on

}  // namespace fwlint::grammar::requirements
