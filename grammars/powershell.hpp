#pragma once
// PowerShell scripts of NetSecurity cmdlets (New-NetFirewallRule,
// Set-NetFirewallRule, Enable-/Disable-/Remove-NetFirewallRule,
// Set-NetFirewallProfile...), as a PEGTL grammar: the statement, pipeline,
// command, parameter and value shapes such scripts use. Syntax only:
// src/parse/powershell.cpp replays the commands.
//
//   script     := { separator | comment | statement }
//   statement  := [assignment] pipeline | [assignment] value_list {"|" command}
//   assignment := variable "=" ws
//   pipeline   := command { "|" ws command }
//   command    := name { ws (parameter | argument) }
//   parameter  := "-" name [":" value]                  ; -Force, -Enabled:$false
//   argument   := value { "," ws value }                ; -LocalPort 80, 443
//   value      := 'text' | "text" | @( ... ) | @{ ... } | @splat | $var | ${var}
//               | $( ... ) | ( ... ) | { ... } | bareword
//   ws         := { blank | "`" line-end | <# ... #> }   ; backtick continues a line
//   separator  := line-end | ";" | "{" | "}"            ; blocks of if/foreach/function are read through
//
// Strings may span lines ("...multi-line description..."); inside "..." a
// backtick escapes the next character and "" is a quote; inside '...' '' is
// a quote. Parentheses, @( ) arrays and { } script blocks nest.
#include <cstddef>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace fwlint::grammar::powershell {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

struct blank         : one< ' ', '\t', '\f' > {};
struct continuation  : seq< one< '`' >, star< blank >, eol > {};
struct closing_block_comment : TAO_PEGTL_STRING( "#>" ) {};
struct block_comment : seq< TAO_PEGTL_STRING( "<#" ), until< closing_block_comment > > {};
struct ws            : star< sor< plus< blank >, continuation, block_comment > > {};
// After "," and "|", and inside ( ), a line end is not the end of the statement.
struct ws_nl         : star< sor< plus< blank >, continuation, eol, block_comment > > {};
struct line_comment  : seq< one< '#' >, until< at< eolf > > > {};

// ------------------------------------------------------------------- strings

struct closing_single : one< '\'' > {};
struct closing_double : one< '"' > {};
struct single_body   : star< sor< TAO_PEGTL_STRING( "''" ), not_one< '\'' > > > {};
struct single_quoted : seq< one< '\'' >, single_body, must< closing_single > > {};
struct double_body   : star< sor< seq< one< '`' >, any >, TAO_PEGTL_STRING( "\"\"" ), not_one< '"' > > > {};
struct double_quoted : seq< one< '"' >, double_body, must< closing_double > > {};
struct quoted        : sor< single_quoted, double_quoted > {};

// ------------------------------------------------------- nested expressions

struct nested;
struct closing_paren : one< ')' > {};
struct closing_brace : one< '}' > {};
struct paren_body    : star< sor< quoted, nested, line_comment, not_one< '(', ')', '{', '}', '\'', '"' > > > {};
struct paren_expr    : seq< one< '(' >, paren_body, must< closing_paren > > {};
struct brace_expr    : seq< one< '{' >, paren_body, must< closing_brace > > {};
struct nested_expr   : sor< paren_expr, brace_expr > {};

// nested_expr, at most max_nesting levels deep: deeper input (a line of a
// million '(') fails here and is reported as a syntax error, instead of
// recursing until the stack runs out.
inline constexpr std::size_t max_nesting = 200;
struct nested {
    using rule_t = nested;
    using subs_t = type_list< nested_expr >;

    template< apply_mode A, rewind_mode M, template< typename... > class Action, template< typename... > class Control,
              typename ParseInput, typename... States >
    [[nodiscard]] static bool match( ParseInput& in, States&&... st ) {
        static thread_local std::size_t depth = 0;
        if( depth >= max_nesting ) return false;
        ++depth;
        struct leave { ~leave() { --depth; } } guard;
        return Control< nested_expr >::template match< A, M, Action, Control >( in, st... );
    }
};

// -------------------------------------------------------------------- values

struct name_char     : sor< alnum, one< '_', '-', '.', ':', '\\', '/', '*', '?' > > {};
struct variable_name : sor< seq< one< '{' >, until< one< '}' > > >, plus< sor< alnum, one< '_', ':', '?' > > > > {};
struct variable      : seq< one< '$' >, variable_name > {};      // $ip, $env:ProgramFiles, ${x}, $_
struct subexpression : seq< one< '$' >, paren_expr > {};         // $(Get-Date)
struct array_expr    : seq< one< '@' >, paren_expr > {};         // @("a", "b")
struct hashtable     : seq< one< '@' >, brace_expr > {};         // @{ Name = "x" }
struct splat         : seq< one< '@' >, plus< sor< alnum, one< '_' > > > > {};   // @params
struct bare_char     : not_one< ' ', '\t', '\f', '\r', '\n', ',', ';', '|', '(', ')', '{', '}', '\'', '"', '`', '#' > {};
struct bare_word     : seq< not_at< one< '-' >, alpha >, plus< sor< bare_char, seq< one< '`' >, not_one< '\r', '\n' > > > > > {};
// A value may be several pieces glued together: "C:\x"$y, $dir\app.exe
struct value_piece   : sor< quoted, subexpression, variable, array_expr, hashtable, splat, paren_expr, brace_expr, bare_word > {};
struct value         : plus< value_piece > {};
struct value_list    : seq< value, star< ws, one< ',' >, ws_nl, value > > {};

// --------------------------------------------------------------- commands

struct parameter_name  : seq< alpha, star< sor< alnum, one< '_' > > > > {};
struct colon_value     : value {};
struct parameter       : seq< one< '-' >, parameter_name, opt< one< ':' >, colon_value >, at< sor< blank, continuation, eolf, one< ';', '|', ')', '}' > > > > {};
struct argument        : value_list {};
struct element         : sor< parameter, argument > {};
struct command_name    : seq< sor< alpha, one< '_', '.', '&' > >, star< name_char > > {};
struct command         : seq< command_name, star< ws, element > > {};
struct assignment      : seq< variable, ws, opt< one< '+', '-' > >, one< '=' >, ws > {};
struct pipe            : seq< ws, one< '|' >, ws_nl > {};
struct pipeline        : seq< opt< assignment >, command, star< pipe, command > > {};
// A statement that is a value or an expression ($ips = @( ... ), $x.Add(1), "text").
// Piped on (80, 443 | ForEach-Object { ... }), its commands are read.
struct value_statement : seq< opt< assignment >, value_list, star< ws, element >, star< pipe, command > > {};
// if (...) / foreach (...) / function Name / try / else...: the header of a
// block; the block's { } is a separator, so the statements inside are read.
struct block_keyword   : seq< sor< TAO_PEGTL_ISTRING( "if" ), TAO_PEGTL_ISTRING( "elseif" ), TAO_PEGTL_ISTRING( "else" ),
                                   TAO_PEGTL_ISTRING( "foreach" ), TAO_PEGTL_ISTRING( "for" ), TAO_PEGTL_ISTRING( "while" ),
                                   TAO_PEGTL_ISTRING( "do" ), TAO_PEGTL_ISTRING( "until" ), TAO_PEGTL_ISTRING( "switch" ),
                                   TAO_PEGTL_ISTRING( "function" ), TAO_PEGTL_ISTRING( "filter" ), TAO_PEGTL_ISTRING( "try" ),
                                   TAO_PEGTL_ISTRING( "catch" ), TAO_PEGTL_ISTRING( "finally" ), TAO_PEGTL_ISTRING( "trap" ),
                                   TAO_PEGTL_ISTRING( "begin" ), TAO_PEGTL_ISTRING( "process" ), TAO_PEGTL_ISTRING( "end" ),
                                   TAO_PEGTL_ISTRING( "param" ) >,
                              not_at< name_char > > {};
struct block_header    : seq< block_keyword, star< ws, sor< paren_expr, quoted, variable, bare_word > > > {};
struct statement       : sor< block_header, pipeline, value_statement > {};
struct statement_end   : seq< ws, sor< line_comment, success >, sor< eolf, at< one< ';', '{', '}' > > > > {};

struct separator       : sor< plus< blank >, eol, one< ';', '{', '}', '(', ')' >, continuation, block_comment, line_comment > {};
struct statement_line  : seq< statement, must< statement_end > > {};

// clang-format on

template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< closing_single > = "unterminated '...' string: expected a closing '";
template<> inline constexpr auto error_message< closing_double > = "unterminated \"...\" string: expected a closing \"";
template<> inline constexpr auto error_message< closing_paren > = "expected ')' to close '('";
template<> inline constexpr auto error_message< closing_brace > = "expected '}' to close '{'";
template<> inline constexpr auto error_message< statement_end > = "expected a parameter (-Name value), a value or the end of the statement";
// clang-format on

}  // namespace fwlint::grammar::powershell

// For PEGTL's analyze(): the depth-limited rule analyses as the rule it guards.
namespace tao::pegtl {
template< typename Name >
struct analyze_traits< Name, fwlint::grammar::powershell::nested >
    : analyze_traits< Name, typename fwlint::grammar::powershell::nested_expr::rule_t > {};
}  // namespace tao::pegtl
