#pragma once
// Registry exports as text, as a PEGTL grammar: `.reg` files (regedit /
// `reg export`, "Windows Registry Editor Version 5.00" or "REGEDIT4") and the
// text `reg query KEY /s` prints. Syntax only: src/parse/registry.cpp decides
// what the keys and values mean.
//
//   .reg file  := header {line}
//   header     := "Windows Registry Editor Version 5.00" | "REGEDIT4"
//   line       := section | value_line | ";" comment | blank
//   section    := "[" ["-"] key_path "]"                    ; "[-KEY]" deletes the key
//   value_line := (quoted_name | "@") "=" data
//   data       := quoted_string                             ; REG_SZ: \\ and \" escaped
//               | "dword:" 8 hex digits
//               | "hex" ["(" hex digits ")"] ":" hex_bytes  ; "\" + line end continues
//               | "-"                                       ; deletes the value
//
//   reg query  := {query_key | query_value | "End of search: ..." | blank}
//   query_key  := "HKEY_" ... at the start of a line
//   query_value:= 4 spaces name 4 spaces "REG_" type [4 spaces data]   ; data not escaped
//
// One bad line raises a parse_error naming what was expected; the reader
// skips that line and reads on.
#include <tao/pegtl.hpp>

namespace fwlint::grammar::registry {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

struct blank        : one< ' ', '\t' > {};
struct blanks       : star< blank > {};
struct line_end     : seq< blanks, eolf > {};
struct rest_of_line : until< at< eolf > > {};

// ------------------------------------------------------------------ headers

struct header_v5    : TAO_PEGTL_ISTRING( "Windows Registry Editor Version 5.00" ) {};
struct header_v4    : TAO_PEGTL_ISTRING( "REGEDIT4" ) {};
struct header       : seq< sor< header_v5, header_v4 >, line_end > {};

// ----------------------------------------------------------------- sections

struct key_char     : not_one< ']', '\r', '\n' > {};
struct key_path     : plus< key_char > {};
struct key_deletion : one< '-' > {};
struct closing_bracket : one< ']' > {};
struct section_end  : line_end {};
// "[HKEY_LOCAL_MACHINE\...\FirewallRules]", "[-HKEY_...]"
struct section      : seq< one< '[' >, opt< key_deletion >, must< key_path, closing_bracket, section_end > > {};

// ------------------------------------------------------------------- values

struct escaped      : seq< one< '\\' >, not_one< '\r', '\n' > > {};
struct plain        : not_one< '"', '\\', '\r', '\n' > {};
struct closing_quote : one< '"' > {};
struct string_body  : star< sor< escaped, plain > > {};
struct quoted       : seq< one< '"' >, string_body, must< closing_quote > > {};

struct value_name   : quoted {};
struct default_name : one< '@' > {};
struct equals       : one< '=' > {};

struct string_data  : quoted {};
struct dword_digits : rep_min_max< 1, 8, xdigit > {};
struct dword_data   : if_must< TAO_PEGTL_ISTRING( "dword:" ), dword_digits > {};
struct hex_type     : plus< xdigit > {};
struct continuation : seq< one< '\\' >, blanks, eol, blanks > {};
struct hex_bytes    : star< sor< xdigit, one< ',' >, blank, continuation > > {};
struct hex_colon    : one< ':' > {};
struct hex_data     : seq< TAO_PEGTL_ISTRING( "hex" ), opt< one< '(' >, hex_type, one< ')' > >, must< hex_colon >, hex_bytes > {};
struct deleted_data : one< '-' > {};
struct data         : sor< string_data, dword_data, hex_data, deleted_data > {};
struct value_end    : line_end {};
// "\"RemoteDesktop-UserMode-In-TCP\"=\"v2.33|Action=Allow|...|\""
struct value_line   : seq< sor< value_name, default_name >, blanks, must< equals >, blanks, must< data, value_end > > {};

struct comment      : seq< one< ';' >, rest_of_line > {};

// ---------------------------------------------------------------- reg query

struct query_key_path : seq< TAO_PEGTL_ISTRING( "HKEY_" ), rest_of_line > {};
struct query_key    : query_key_path {};
struct query_gap    : seq< blank, plus< blank > > {};  // reg query separates columns by 4 spaces
struct query_type   : seq< TAO_PEGTL_STRING( "REG_" ), plus< sor< upper, digit, one< '_' > > > > {};
// The name runs up to the type column: names may contain single spaces.
struct query_name   : plus< not_at< query_gap, query_type >, not_one< '\r', '\n' > > {};
struct query_data   : rest_of_line {};
// "    NAME    REG_SZ    DATA"
struct query_value  : seq< query_gap, query_name, query_gap, query_type, opt< query_gap, query_data >, eolf > {};
struct end_of_search : seq< TAO_PEGTL_ISTRING( "End of search" ), rest_of_line > {};

// ------------------------------------------------------------------- lines

struct blank_line   : seq< blanks, eol > {};
struct blank_last_line : seq< plus< blank >, eof > {};
struct reg_line     : sor< blank_line, blank_last_line, seq< blanks, sor< section, comment, value_line > > > {};
struct query_line   : sor< blank_line, blank_last_line, query_value, query_key, end_of_search > {};

// A line that does not read is reported and skipped to its end.
struct skipped_line : seq< any, until< eolf > > {};
struct reg_file_line   : sor< try_catch< must< reg_line > >, skipped_line > {};
struct query_file_line : sor< try_catch< must< query_line > >, skipped_line > {};

// clang-format on

template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< reg_line > = "expected a [KEY] line, a \"NAME\"=value line, a ';' comment or a blank line";
template<> inline constexpr auto error_message< query_line > = "expected a HKEY_... key line or an indented 'NAME    REG_TYPE    DATA' value line";
template<> inline constexpr auto error_message< key_path > = "expected a key path after '['";
template<> inline constexpr auto error_message< closing_bracket > = "expected ']' at the end of the key path";
template<> inline constexpr auto error_message< section_end > = "expected the end of the line after ']'";
template<> inline constexpr auto error_message< closing_quote > = "unterminated string: expected a closing '\"' on the same line";
template<> inline constexpr auto error_message< equals > = "expected '=' after the value name";
template<> inline constexpr auto error_message< data > = "expected a value: \"text\", dword:XXXXXXXX, hex:..., or - to delete";
template<> inline constexpr auto error_message< dword_digits > = "expected up to 8 hex digits after dword:";
template<> inline constexpr auto error_message< hex_colon > = "expected ':' after hex or hex(N)";
template<> inline constexpr auto error_message< value_end > = "expected the end of the line after the value";
// clang-format on

}  // namespace fwlint::grammar::registry
