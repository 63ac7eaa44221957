#pragma once
// The Windows Firewall rule string stored in the registry (FirewallRules
// values, [MS-GPFAS] 2.2.2.19), as a PEGTL grammar. Syntax only: what each key
// means is in src/parse/windows_rule_string.cpp.
//
//   rule_string := version { field }
//   version     := "v" digits "." digits "|"          ; v2.10 ... v2.33
//   field       := key "=" value "|"                  ; every field ends with "|"
//   key         := letter { letter | digit | "_" }    ; LPort, LPort2_10, RA42 ...
//   value       := { any character but "|" }         ; no escaping exists
//
// The string has no escaping, so a "|" typed inside a Name or Desc splits the
// field; the piece after it then has no "=". Such a piece and a last field
// without its "|" are reported; the fields around them are still read.
#include <tao/pegtl.hpp>

namespace fwlint::grammar::windows_rule_string {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

struct separator     : one< '|' > {};
struct digits        : plus< digit > {};
struct major_version : digits {};
struct minor_version : digits {};
struct version_dot   : one< '.' > {};
// "v2.33|"
struct version       : seq< one< 'v', 'V' >, must< major_version, version_dot, minor_version, separator > > {};

struct key           : seq< alpha, star< sor< alnum, one< '_' > > > > {};
struct equals        : one< '=' > {};
struct value         : star< not_one< '|' > > {};
// The last field without its "|": read, and reported by the reader.
struct missing_separator : eof {};
struct field_end     : sor< separator, missing_separator > {};
// "Action=Allow|"
struct field         : seq< key, must< equals >, value, field_end > {};

// A piece with no "=" ("|" inside a Name): skipped up to the next "|".
struct stray_text    : seq< plus< not_one< '|' > >, opt< separator > > {};
struct empty_field   : separator {};               // "||"

// One field, or the report of one piece that is not a field; the reader goes
// on with the next piece either way.
struct recoverable_field : sor< try_catch< must< field > >, empty_field, stray_text > {};

struct rule_string   : seq< must< version >, until< eof, recoverable_field > > {};

// clang-format on

// The sentence a failed must<Rule> reports; the reader appends what it found.
template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< version > = "expected a rule string starting with a version like 'v2.33|'";
template<> inline constexpr auto error_message< major_version > = "expected a version number like 'v2.33|'";
template<> inline constexpr auto error_message< version_dot > = "expected '.' in the version like 'v2.33|'";
template<> inline constexpr auto error_message< minor_version > = "expected the minor version number like 'v2.33|'";
template<> inline constexpr auto error_message< separator > = "expected '|' after the version";
template<> inline constexpr auto error_message< field > = "expected a field KEY=VALUE| (a '|' inside a name or description splits the field: the registry has no escaping)";
template<> inline constexpr auto error_message< equals > = "expected '=' after the key (a '|' inside a name or description splits the field: the registry has no escaping)";
// clang-format on

}  // namespace fwlint::grammar::windows_rule_string
