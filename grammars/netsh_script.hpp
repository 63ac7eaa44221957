#pragma once
// Scripts of netsh commands (FORMATS.md 2): batch files (.bat/.cmd), netsh
// script files (`netsh -f`), and PowerShell scripts calling netsh, as a PEGTL
// grammar over one logical line (the reader has already joined `^` and
// backtick continuations). Syntax only: src/parse/netsh_script.cpp replays
// the commands.
//
//   line        := blanks [comment | label | command {chain_op command}] blanks
//   comment     := ("rem" | "::" | "#") anything               ; batch, netsh -f and PowerShell comments
//   command     := ["@"] (netsh | pushd | popd | relative | other) {redirect}
//   netsh       := "netsh" {global_opt} [netsh_body]              ; "netsh -r host -c advfirewall ..."
//   netsh_body  := "advfirewall" "firewall" rule_cmd
//                | "advfirewall" ("set" profile setting | "reset" | word...)
//                | "firewall" legacy_verb legacy_object {argument}    ; XP-era context
//   rule_cmd    := ("add" | "set" | "delete" | "show") "rule" {argument}
//   argument    := "new" | param | word
//   param       := tag "=" value | '"' tag "=" text '"'           ; the whole token may be quoted
//   relative    := rule_cmd | "firewall" rule_cmd | "advfirewall" ... ; inside `pushd` or `netsh -f`
//   redirect    := [digit] (">" | ">>" | "<") ["&" digit | word]  ; "> nul 2>&1": dropped
//   chain_op    := "&&" | "||" | "&" | "|"                        ; each side is its own command
//
// Keywords are case-insensitive (NETSH, Add, RULE...). Values are words:
// "quoted text", bare text, or both glued (`name="a b"`); `^x` is a batch
// escape of x.
#include <tao/pegtl.hpp>

namespace fwlint::grammar::netsh_script {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

struct blank     : one< ' ', '\t' > {};
struct gap       : plus< blank > {};
struct op_char   : one< '&', '|', '<', '>' > {};
struct word_end  : at< sor< blank, op_char, eolf > > {};

// A keyword is a whole word, any case.
template< typename S > struct kw : seq< S, word_end > {};

struct closing_quote : one< '"' > {};
struct quoted        : seq< one< '"' >, star< not_one< '"', '\r', '\n' > >, must< closing_quote > > {};
struct caret_escape  : seq< one< '^' >, not_one< '\r', '\n' > > {};
struct bare_char     : not_one< ' ', '\t', '"', '&', '|', '<', '>', '\r', '\n' > {};
struct word          : plus< sor< quoted, caret_escape, bare_char > > {};

// ----------------------------------------------------------------- params

struct tag           : seq< alpha, star< sor< alnum, one< '-', '_' > > > > {};
struct equals        : one< '=' > {};
struct value         : word {};
struct empty_value   : at< sor< blank, op_char, eolf > > {};
// `name=Web`, `name="Web HTTPS"`, `program="%ProgramFiles%\a b\x.exe"`, `description=`
struct bare_param    : seq< tag, star< blank >, equals, sor< seq< star< blank >, not_at< tag, star< blank >, equals >, value >, empty_value > > {};
// `"name=Web HTTPS"`: the whole token quoted
struct quoted_tag    : tag {};
struct quoted_value  : star< not_one< '"', '\r', '\n' > > {};
struct quoted_param  : seq< one< '"' >, quoted_tag, equals, quoted_value, must< closing_quote >, word_end > {};
struct param         : sor< quoted_param, bare_param > {};
struct new_keyword   : kw< TAO_PEGTL_ISTRING( "new" ) > {};
struct redirect;
struct positional    : seq< not_at< redirect >, word > {};
struct argument      : sor< new_keyword, param, positional > {};
struct arguments     : star< gap, argument > {};

// ------------------------------------------------------------ rule commands

struct add_verb      : kw< TAO_PEGTL_ISTRING( "add" ) > {};
struct set_verb      : kw< TAO_PEGTL_ISTRING( "set" ) > {};
struct delete_verb   : kw< TAO_PEGTL_ISTRING( "delete" ) > {};
struct show_verb     : kw< TAO_PEGTL_ISTRING( "show" ) > {};
struct rule_verb     : sor< add_verb, set_verb, delete_verb, show_verb > {};
struct rule_keyword  : kw< TAO_PEGTL_ISTRING( "rule" ) > {};
// "add rule name=... dir=in action=allow ..."
struct rule_command  : seq< rule_verb, gap, rule_keyword, arguments > {};

// ------------------------------------------------------- profile settings

struct profile_name  : kw< sor< TAO_PEGTL_ISTRING( "allprofiles" ), TAO_PEGTL_ISTRING( "domainprofile" ),
                                TAO_PEGTL_ISTRING( "privateprofile" ), TAO_PEGTL_ISTRING( "publicprofile" ),
                                TAO_PEGTL_ISTRING( "currentprofile" ) > > {};
struct setting_name  : word {};
struct setting_value : word {};
// "set allprofiles state on", "set domainprofile firewallpolicy blockinbound,allowoutbound"
struct profile_command : seq< set_verb, gap, profile_name, gap, setting_name, opt< gap, setting_value >, arguments > {};
struct reset_command : seq< kw< TAO_PEGTL_ISTRING( "reset" ) >, arguments > {};

struct firewall_keyword    : kw< TAO_PEGTL_ISTRING( "firewall" ) > {};
struct advfirewall_keyword : kw< TAO_PEGTL_ISTRING( "advfirewall" ) > {};
struct firewall_rules      : seq< firewall_keyword, gap, rule_command > {};
// "advfirewall firewall" with something other than a rule command: reported.
struct other_firewall_command : seq< firewall_keyword, arguments > {};
struct other_advfirewall   : seq< word, arguments > {};   // "export", "set global ...", "show ...": not rules
struct advfirewall_command : seq< advfirewall_keyword, gap, sor< firewall_rules, other_firewall_command, profile_command,
                                                                 reset_command, other_advfirewall > > {};

// ------------------------------------------- legacy `netsh firewall` context

struct legacy_verb   : kw< sor< TAO_PEGTL_ISTRING( "add" ), TAO_PEGTL_ISTRING( "set" ), TAO_PEGTL_ISTRING( "delete" ),
                                TAO_PEGTL_ISTRING( "show" ), TAO_PEGTL_ISTRING( "reset" ) > > {};
struct legacy_object : word {};   // portopening, allowedprogram, opmode, service, icmpsetting...
// "firewall add portopening TCP 3389 RDP", "firewall set opmode mode=DISABLE"
struct legacy_command : seq< firewall_keyword, gap, legacy_verb, opt< gap, legacy_object >, arguments > {};

// ------------------------------------------------------------------- netsh

struct netsh_name    : seq< sor< TAO_PEGTL_ISTRING( "netsh.exe" ), TAO_PEGTL_ISTRING( "netsh" ) >, word_end > {};
// "netsh", "NETSH", "netsh.exe", "%SystemRoot%\System32\netsh.exe"
struct netsh_keyword : seq< star< not_at< netsh_name >, sor< quoted, bare_char > >, netsh_name > {};
// "-r host", "-u user", "-p pw", "-c "advfirewall firewall"", "-f file"
struct global_flag   : seq< one< '-' >, alpha, word_end > {};
struct global_value  : word {};
struct global_option : seq< global_flag, opt< gap, global_value > > {};
struct other_netsh   : seq< word, arguments > {};   // "netsh interface ...", "netsh wlan ...": not firewall
struct netsh_body    : sor< advfirewall_command, legacy_command, rule_command, other_netsh > {};
struct netsh_command : seq< netsh_keyword, star< gap, global_option >, opt< gap, netsh_body >, arguments > {};

struct pushd_command : seq< kw< TAO_PEGTL_ISTRING( "pushd" ) >, arguments > {};
struct popd_command  : kw< TAO_PEGTL_ISTRING( "popd" ) > {};
// Commands relative to the current context (netsh -f files, after pushd).
struct relative_command : sor< advfirewall_command, firewall_rules, rule_command, profile_command, reset_command,
                               legacy_command > {};
struct other_name    : word {};
struct other_command : seq< other_name, arguments > {};   // echo, reg add, sc config, Set-NetFirewallProfile...

struct redirect      : seq< opt< digit >, sor< TAO_PEGTL_STRING( ">>" ), one< '>', '<' > >,
                            sor< seq< one< '&' >, digit >, seq< star< blank >, word >, success > > {};
struct redirects     : star< star< blank >, redirect > {};
struct command       : seq< opt< one< '@' > >, sor< netsh_command, pushd_command, popd_command, relative_command, other_command >, redirects > {};
struct chain_op      : sor< TAO_PEGTL_STRING( "&&" ), TAO_PEGTL_STRING( "||" ), one< '&', '|' > > {};
struct chained       : seq< star< blank >, chain_op, star< blank >, opt< command > > {};

// ---------------------------------------------------------------- comments

struct rest_of_line  : until< at< eolf > > {};
struct rem_comment   : seq< opt< one< '@' > >, kw< TAO_PEGTL_ISTRING( "rem" ) >, rest_of_line > {};
struct colon_comment : seq< one< ':' >, rest_of_line > {};   // "::" comments and ":label" lines
struct hash_comment  : seq< one< '#' >, rest_of_line > {};
struct comment       : sor< rem_comment, colon_comment, hash_comment > {};

struct line_end      : seq< star< blank >, eolf > {};
struct line          : seq< star< blank >, sor< at< eolf >, comment, seq< opt< command >, star< chained > > >, must< line_end > > {};

// clang-format on

template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< closing_quote > = "unterminated quoted value: expected a closing '\"' on the same line";
template<> inline constexpr auto error_message< line_end > = "expected a command, a parameter tag=value or the end of the line";
// clang-format on

}  // namespace fwlint::grammar::netsh_script
