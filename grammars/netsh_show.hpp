#pragma once
// The output of `netsh advfirewall firewall show rule name=all [verbose]` and
// of `netsh advfirewall show allprofiles` (FORMATS.md 1), as a PEGTL grammar
// of one line. Syntax only: src/parse/netsh_show.cpp gives the lines meaning
// (which label is which field, in English, German or French) and groups them
// into rule blocks and profile sections.
//
//   file        := [BOM] {line}                       (the reader splits lines; CRLF or LF)
//   line        := command | empty | separator | ok | no_rules | icmp_header | icmp_row
//                | continuation | field | setting
//   command     := [prompt] "netsh" text              (the command line, when the capture kept it)
//   separator   := "-"{10,}                            (netsh prints 70)
//   ok          := "Ok." | "OK."
//   no_rules    := "No rules match ..." (and its German and French sentences)
//   icmp_header := blanks "Type" blanks "Code"         (under "Protocol: ICMPv4|ICMPv6")
//   icmp_row    := blanks type blanks code              (a number or Any/Beliebig/Tout each)
//   field       := label ":" [value]                    (split at the FIRST colon: rule names hold colons)
//   setting     := word {" " word} "  " {" "} value     (allprofiles: "State      ON", no colon)
//   continuation:= blanks text                          (a value wrapped onto the next line)
//
// A line that is none of these raises a parse_error naming what was expected;
// the reader reports it (FW001) and reads on with the next line.
#include <tao/pegtl.hpp>

namespace fwlint::grammar::netsh_show {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off
struct blank : one< ' ', '\t' > {};
struct blanks : star< blank > {};
struct gap : plus< blank > {};
struct line_end : seq< blanks, eof > {};

struct empty_line : line_end {};
struct separator : seq< rep< 10, one< '-' > >, star< one< '-' > >, line_end > {};
struct ok_line : seq< TAO_PEGTL_ISTRING( "Ok." ), line_end > {};
struct no_rules : sor< TAO_PEGTL_ISTRING( "No rules match" ),
                       TAO_PEGTL_ISTRING( "Keine Regeln" ),
                       TAO_PEGTL_ISTRING( "Aucune r" ) > {};
struct no_rules_line : seq< no_rules, star< any > > {};

// The ICMP sub-table: its header, then one row per type.
struct icmp_type_word : sor< TAO_PEGTL_ISTRING( "Type" ), TAO_PEGTL_ISTRING( "Typ" ), TAO_PEGTL_ISTRING( "Tipo" ) > {};
struct icmp_code_word : sor< TAO_PEGTL_ISTRING( "Code" ), TAO_PEGTL_ISTRING( "Kode" ), TAO_PEGTL_ISTRING( "C" "\xC3\xB3" "digo" ) > {};
struct icmp_header : seq< gap, icmp_type_word, gap, icmp_code_word, line_end > {};
struct icmp_type : sor< plus< digit >, plus< alpha >, one< '*' > > {};  // a number, or Any (every type)
struct icmp_code : sor< plus< digit >, plus< alpha >, one< '*' > > {};
struct icmp_code_end : line_end {};
struct icmp_row : seq< gap, icmp_type, gap, must< icmp_code >, must< icmp_code_end > > {};

// Text that wraps onto an indented line.
struct continuation_text : seq< not_at< blank >, star< any > > {};
struct continuation : seq< gap, continuation_text > {};

// "Label:   value": the label is everything up to the first colon (French
// puts a space before it: "Nom de la règle :").
struct label : seq< not_at< blank >, plus< not_one< ':' > > > {};
struct value : star< any > {};
struct field : seq< label, one< ':' >, value > {};

// "State                                 ON": allprofiles has no colons; a
// label of words with single spaces, then two or more blanks, then the value.
struct setting_label : seq< plus< not_one< ' ', '\t', ':' > >, star< seq< one< ' ' >, plus< not_one< ' ', '\t', ':' > > > > > {};
struct setting_value : seq< not_at< blank >, plus< any > > {};
struct setting : seq< setting_label, blank, gap, setting_value > {};

// The command that made the output, when the capture kept it (a console
// copy: "C:\Windows\system32>netsh advfirewall firewall show rule name=all dir=in").
struct prompt : seq< opt< TAO_PEGTL_ISTRING( "PS" ), gap >, alpha, one< ':' >, star< not_one< '>' > >, one< '>' >, blanks > {};
struct command_text : star< any > {};
struct command_line : seq< opt< prompt >, TAO_PEGTL_ISTRING( "netsh" ), opt< TAO_PEGTL_ISTRING( ".exe" ) >, gap, command_text > {};

struct line_kind : sor< command_line, empty_line, separator, ok_line, no_rules_line, icmp_header, icmp_row, continuation,
                        field, setting > {};
struct line : seq< opt< utf8::bom >, must< line_kind > > {};
// clang-format on

// The sentence a failed must<Rule> reports; the reader appends what it found.
template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< line_kind > =
    "expected a 'Label: value' line, a line of dashes, an ICMP 'Type Code' row, 'Ok.' or an empty line";
template<> inline constexpr auto error_message< icmp_code > = "expected an ICMP code (a number or Any) after the ICMP type";
template<> inline constexpr auto error_message< icmp_code_end > = "expected the end of the ICMP row after the code";
// clang-format on

}  // namespace fwlint::grammar::netsh_show
