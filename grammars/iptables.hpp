#pragma once
// The iptables-save / ip6tables-save format (and the iptables-restore input it
// is), as a PEGTL grammar. Syntax only: the actions that build the rule IR
// live in src/parse/iptables.cpp.
//
//   file      := [BOM] {line}
//   line      := [blanks] (end | comment | table | chaindecl | "COMMIT" | command) end
//   comment   := "#" anything
//   table     := "*" ("filter" | "nat" | "mangle" | "raw" | "security")
//   chaindecl := ":" chain policy ["[" packets ":" bytes "]"]
//   command   := ["[" packets ":" bytes "]"] ( "-A" chain {option}
//                                            | "-I" chain [number] {option}
//                                            | "-N" chain | "-P" chain policy
//                                            | ("-D"|"-R"|"-F"|"-X"|"-Z"|"-E") {word} )
//   option    := ["!"] ( "-s" addr | "-d" addr | "-i" iface | "-o" iface | "-p" proto
//                      | "-m" module | "-j" target | "-g" chain | flag {["!"] value} )
//   word      := { bare-char | '"' { char | '\' char } '"' }
//
// A line that does not read raises a parse_error whose message names what was
// expected (see error_message below); `file` catches it, skips to the next line
// and goes on, so one bad line never hides the rest of the file.
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace fwlint::grammar::iptables {

using namespace tao::pegtl;  // NOLINT: grammar vocabulary

// clang-format off

// ---------------------------------------------------------------- characters

struct blank : one< ' ', '\t' > {};
struct gap : plus< blank > {};
// A token ends at a blank or at the end of the line ("\n", "\r\n" or end of file).
struct token_end : at< sor< blank, eolf > > {};

// TAO_PEGTL_STRING("-s") compared one character at a time, inline: most
// keyword tries fail at the first or second character, where a call to
// memcmp would cost more than the comparison.
template< typename S > struct inline_chars_t { using type = S; };
template< char... Cs > struct inline_chars_t< ascii::string< Cs... > > { using type = seq< one< Cs >... >; };
template< typename S > using inline_chars = typename inline_chars_t< S >::type;

// One whole token spelled exactly S (so "-s" does not match "-sport").
template< typename... S > struct keyword : sor< seq< inline_chars< S >, token_end >... > {};

// Printable ASCII except the double quote, and any valid UTF-8 character past
// the C1 controls. NUL, other control bytes and malformed UTF-8 never match.
// (ASCII is tested byte-wise first, without decoding UTF-8.)
struct bare_char : sor< ascii::ranges< 0x21, 0x21, 0x23, 0x7E >, utf8::ranges< 0xA0, 0x10FFFF > > {};
// Inside quotes blanks are text too; a backslash makes the next character literal.
struct quoted_char : utf8::ranges< 0x09, 0x09, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0xA0, 0x10FFFF > {};
struct escaped_char : seq< one< '\\' >, utf8::ranges< 0x09, 0x09, 0x20, 0x7E, 0xA0, 0x10FFFF > > {};
struct closing_quote : one< '"' > {};
struct quoted : seq< one< '"' >, star< sor< escaped_char, quoted_char > >, must< closing_quote > > {};

// clang-format on

// restore's tokenizer: a '"' toggles quoting anywhere in a word.
//   word := plus< sor< quoted, bare_char > >
// read the same way, but with each run of ASCII bare characters taken in one
// loop instead of one rule match per character.
struct word {
    using rule_t = word;
    using subs_t = type_list< quoted, bare_char >;

    static bool ascii_bare(char c) { return c >= 0x21 && c <= 0x7E && c != '"'; }

    template< apply_mode A, rewind_mode M, template< typename... > class Action, template< typename... > class Control,
              typename ParseInput, typename... States >
    [[nodiscard]] static bool match( ParseInput& in, States&&... st ) {
        bool matched = false;
        while( true ) {
            const char* const p = in.current();
            const char* const end = in.end();
            const char* q = p;
            while( q != end && ascii_bare( *q ) ) ++q;
            if( q != p ) {
                in.bump_in_this_line( static_cast< std::size_t >( q - p ) );
                matched = true;
            }
            if( q == end ) return matched;
            bool more = false;
            if( *q == '"' )
                more = Control< quoted >::template match< A, rewind_mode::required, Action, Control >( in, st... );
            else if( static_cast< unsigned char >( *q ) >= 0x80 )
                more = Control< bare_char >::template match< A, rewind_mode::required, Action, Control >( in, st... );
            if( !more ) return matched;
            matched = true;
        }
    }
};

// clang-format off

// ------------------------------------------------------------------- tokens

struct bang : seq< one< '!' >, token_end > {};
// "-s", "-4", "--dport", "--log-tcp-sequence"
struct flag : seq< one< '-' >, opt< one< '-' > >, alnum, star< sor< alnum, one< '_', '-' > > >, token_end > {};
// An option's value: any word that is neither a flag nor a lone "!".
struct value : seq< not_at< flag >, not_at< bang >, word > {};
// "! value" after the option is the obsolete spelling of "! -option value".
struct negated_value : seq< bang, gap, value > {};
struct argument : sor< negated_value, value > {};

struct number : seq< plus< digit >, token_end > {};
struct counters_body : seq< plus< digit >, one< ':' >, plus< digit >, one< ']' > > {};
// "[packets:bytes]"
struct counters : if_must< one< '[' >, counters_body > {};

// Chain names: printable, not starting like an option.
struct chain_name : seq< not_at< one< '-' > >, not_at< bang >, plus< bare_char > > {};

// ------------------------------------------------------------------ options

struct source_flag      : keyword< TAO_PEGTL_STRING( "-s" ), TAO_PEGTL_STRING( "--source" ), TAO_PEGTL_STRING( "--src" ) > {};
struct destination_flag : keyword< TAO_PEGTL_STRING( "-d" ), TAO_PEGTL_STRING( "--destination" ), TAO_PEGTL_STRING( "--dst" ) > {};
struct in_flag          : keyword< TAO_PEGTL_STRING( "-i" ), TAO_PEGTL_STRING( "--in-interface" ) > {};
struct out_flag         : keyword< TAO_PEGTL_STRING( "-o" ), TAO_PEGTL_STRING( "--out-interface" ) > {};
struct protocol_flag    : keyword< TAO_PEGTL_STRING( "-p" ), TAO_PEGTL_STRING( "--protocol" ) > {};
struct match_flag       : keyword< TAO_PEGTL_STRING( "-m" ), TAO_PEGTL_STRING( "--match" ) > {};
struct jump_flag        : keyword< TAO_PEGTL_STRING( "-j" ), TAO_PEGTL_STRING( "--jump" ) > {};
struct goto_flag        : keyword< TAO_PEGTL_STRING( "-g" ), TAO_PEGTL_STRING( "--goto" ) > {};
// Options whose value is free text, which may even start with '-'.
struct text_flag        : keyword< TAO_PEGTL_STRING( "--comment" ), TAO_PEGTL_STRING( "--log-prefix" ),
                                   TAO_PEGTL_STRING( "--nflog-prefix" ), TAO_PEGTL_STRING( "--ulog-prefix" ) > {};

struct source_address      : seq< gap, argument > {};
struct destination_address : seq< gap, argument > {};
struct in_interface        : seq< gap, argument > {};
struct out_interface       : seq< gap, argument > {};
struct protocol            : seq< gap, argument > {};
struct module_name         : seq< gap, value > {};
struct target_name         : seq< gap, value > {};
struct goto_chain          : seq< gap, value > {};
struct text_value          : word {};
struct text                : seq< gap, text_value > {};

struct source_option      : if_must< source_flag, source_address > {};
struct destination_option : if_must< destination_flag, destination_address > {};
struct in_option          : if_must< in_flag, in_interface > {};
struct out_option         : if_must< out_flag, out_interface > {};
struct protocol_option    : if_must< protocol_flag, protocol > {};
struct match_option       : if_must< match_flag, module_name > {};
struct jump_option        : if_must< jump_flag, target_name > {};
struct goto_option        : if_must< goto_flag, goto_chain > {};
struct text_option        : if_must< text_flag, text > {};
// Everything else: a flag and the values that follow it ("--dport 22",
// "--tcp-flags SYN,ACK SYN", "--syn", "-f"). What each flag means is up to
// the match or target it belongs to, which the actions know.
struct other_flag         : flag {};
struct other_option       : seq< other_flag, star< gap, argument > > {};

// clang-format on

// One option of a rule:
//   option := sor< source_option, destination_option, in_option, out_option, protocol_option,
//                  match_option, jump_option, goto_option, text_option, other_option >
// The first nine start with keywords, which are whole tokens and all
// different, so at most one of them can match: that one is found from the
// token itself rather than by trying every keyword in turn.
struct option {
    using rule_t = option;
    using subs_t = type_list< source_option, destination_option, in_option, out_option, protocol_option, match_option,
                              jump_option, goto_option, text_option, other_option >;

    enum class kind { source, destination, in, out, protocol, match, jump, go_to, text, other };

    // The token ends where token_end matches: a blank, "\n", "\r\n" or the end.
    // No keyword is longer than 15 characters.
    static kind classify( const char* const p, const char* const end ) {
        const char* q = p;
        while( q != end && q - p <= 15 && *q != ' ' && *q != '\t' && *q != '\n' && !( *q == '\r' && q + 1 != end && q[ 1 ] == '\n' ) ) ++q;
        return classify( std::string_view( p, static_cast< std::size_t >( q - p ) ) );
    }

    // The same for a whole token t.
    static kind classify( const std::string_view t ) {
        if( t.size() == 2 && t[ 0 ] == '-' ) {
            switch( t[ 1 ] ) {
                case 's': return kind::source;
                case 'd': return kind::destination;
                case 'i': return kind::in;
                case 'o': return kind::out;
                case 'p': return kind::protocol;
                case 'm': return kind::match;
                case 'j': return kind::jump;
                case 'g': return kind::go_to;
                default: return kind::other;
            }
        }
        if( t.size() < 5 || t[ 0 ] != '-' || t[ 1 ] != '-' ) return kind::other;
        if( t == "--source" || t == "--src" ) return kind::source;
        if( t == "--destination" || t == "--dst" ) return kind::destination;
        if( t == "--in-interface" ) return kind::in;
        if( t == "--out-interface" ) return kind::out;
        if( t == "--protocol" ) return kind::protocol;
        if( t == "--match" ) return kind::match;
        if( t == "--jump" ) return kind::jump;
        if( t == "--goto" ) return kind::go_to;
        if( t == "--comment" || t == "--log-prefix" || t == "--nflog-prefix" || t == "--ulog-prefix" ) return kind::text;
        return kind::other;
    }

    template< apply_mode A, rewind_mode M, template< typename... > class Action, template< typename... > class Control,
              typename ParseInput, typename... States >
    [[nodiscard]] static bool match( ParseInput& in, States&&... st ) {
        constexpr auto R = rewind_mode::required;  // as sor<> tries all but its last alternative
        switch( classify( in.current(), in.end() ) ) {
            case kind::source: return Control< source_option >::template match< A, R, Action, Control >( in, st... );
            case kind::destination: return Control< destination_option >::template match< A, R, Action, Control >( in, st... );
            case kind::in: return Control< in_option >::template match< A, R, Action, Control >( in, st... );
            case kind::out: return Control< out_option >::template match< A, R, Action, Control >( in, st... );
            case kind::protocol: return Control< protocol_option >::template match< A, R, Action, Control >( in, st... );
            case kind::match: return Control< match_option >::template match< A, R, Action, Control >( in, st... );
            case kind::jump: return Control< jump_option >::template match< A, R, Action, Control >( in, st... );
            case kind::go_to: return Control< goto_option >::template match< A, R, Action, Control >( in, st... );
            case kind::text: return Control< text_option >::template match< A, R, Action, Control >( in, st... );
            case kind::other: break;
        }
        return Control< other_option >::template match< A, M, Action, Control >( in, st... );
    }
};

// clang-format off
struct negated : seq< gap, option > {};
struct negated_option : if_must< bang, negated > {};
struct rule_option : sor< negated_option, option > {};
struct rule_options : star< gap, rule_option > {};
struct rule_end : seq< opt< gap >, eolf > {};

// ----------------------------------------------------------------- commands

struct append_flag    : keyword< TAO_PEGTL_STRING( "-A" ), TAO_PEGTL_STRING( "--append" ) > {};
struct insert_flag    : keyword< TAO_PEGTL_STRING( "-I" ), TAO_PEGTL_STRING( "--insert" ) > {};
struct new_chain_flag : keyword< TAO_PEGTL_STRING( "-N" ), TAO_PEGTL_STRING( "--new-chain" ), TAO_PEGTL_STRING( "--new" ) > {};
struct policy_flag    : keyword< TAO_PEGTL_STRING( "-P" ), TAO_PEGTL_STRING( "--policy" ) > {};
// iptables-restore commands that a saved rule set never holds.
struct other_command_flag : keyword< TAO_PEGTL_STRING( "-D" ), TAO_PEGTL_STRING( "--delete" ),
                                     TAO_PEGTL_STRING( "-R" ), TAO_PEGTL_STRING( "--replace" ),
                                     TAO_PEGTL_STRING( "-F" ), TAO_PEGTL_STRING( "--flush" ),
                                     TAO_PEGTL_STRING( "-X" ), TAO_PEGTL_STRING( "--delete-chain" ),
                                     TAO_PEGTL_STRING( "-Z" ), TAO_PEGTL_STRING( "--zero" ),
                                     TAO_PEGTL_STRING( "-E" ), TAO_PEGTL_STRING( "--rename-chain" ) > {};

struct appended_chain : seq< gap, chain_name > {};
struct inserted_chain : seq< gap, chain_name > {};
struct created_chain  : seq< gap, chain_name > {};
struct policy_chain   : seq< gap, chain_name > {};
struct rule_number    : number {};
struct policy_name    : keyword< TAO_PEGTL_STRING( "ACCEPT" ), TAO_PEGTL_STRING( "DROP" ), one< '-' > > {};
struct policy         : seq< gap, policy_name > {};
struct command_end    : seq< opt< gap >, eolf > {};

// "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"
struct append_rule   : seq< append_flag, must< appended_chain >, rule_options, must< rule_end > > {};
// "-I INPUT 3 -p tcp ..." (the position is optional: 1)
struct insert_rule   : seq< insert_flag, must< inserted_chain >, opt< gap, rule_number >, rule_options, must< rule_end > > {};
// "-N MGMT"
struct new_chain     : if_must< new_chain_flag, created_chain, command_end > {};
// "-P INPUT DROP"
struct set_policy    : seq< policy_flag, must< policy_chain, policy >, opt< gap, counters >, must< command_end > > {};
// "-F", "-X MGMT", "-D INPUT 3": recognised, not applied.
struct other_command : seq< other_command_flag, star< gap, sor< rule_option, value > >, must< rule_end > > {};

struct command_body : sor< append_rule, insert_rule, new_chain, set_policy, other_command > {};
struct counted_command_body : seq< gap, command_body > {};
// "[12:345] -A INPUT ..." (iptables-save -c)
struct counted_command : if_must< counters, counted_command_body > {};
struct command : sor< counted_command, command_body > {};

// ------------------------------------------------------------- other lines

struct comment : seq< one< '#' >, until< at< eolf > > > {};

struct table_name : keyword< TAO_PEGTL_STRING( "filter" ), TAO_PEGTL_STRING( "nat" ), TAO_PEGTL_STRING( "mangle" ),
                             TAO_PEGTL_STRING( "raw" ), TAO_PEGTL_STRING( "security" ) > {};
struct table_end : seq< opt< gap >, eolf > {};
// "*filter"
struct table : if_must< one< '*' >, table_name, table_end > {};

struct declared_chain : chain_name {};
struct chain_policy : seq< gap, policy_name > {};
struct chain_end : seq< opt< gap >, eolf > {};
// ":INPUT DROP [0:0]", ":MGMT - [0:0]"
struct chain_declaration : seq< one< ':' >, must< declared_chain, chain_policy >, opt< gap, counters >, must< chain_end > > {};

struct commit_end : seq< opt< gap >, eolf > {};
struct commit : seq< keyword< TAO_PEGTL_STRING( "COMMIT" ) >, must< commit_end > > {};

// Every kind of line consumes input, so the file rule always makes progress.
struct blank_line : eol {};
struct blank_last_line : seq< gap, eof > {};
struct line_kind : sor< blank_line, comment, table, chain_declaration, commit, command > {};
struct line : sor< blank_last_line, seq< opt< gap >, line_kind > > {};

// Recovery (as in PEGTL's recover.cpp): a line that raises is skipped up to
// its end; the error has been reported by the control class on the way out.
// (A failing line is never empty: an empty line is a blank_line.)
struct skipped_line : seq< any, until< eolf > > {};
struct recoverable_line : sor< try_catch< must< line > >, skipped_line > {};

struct file : seq< opt< utf8::bom >, until< eof, recoverable_line > > {};

// clang-format on

}  // namespace fwlint::grammar::iptables

// For PEGTL's analyze(): the hand-written rules analyse as the rules they stand for.
namespace tao::pegtl {
template< typename Name >
struct analyze_traits< Name, fwlint::grammar::iptables::word >
    : analyze_traits< Name, typename plus< sor< fwlint::grammar::iptables::quoted, fwlint::grammar::iptables::bare_char > >::rule_t > {};
template< typename Name >
struct analyze_traits< Name, fwlint::grammar::iptables::option >
    : analyze_sor_traits< fwlint::grammar::iptables::source_option, fwlint::grammar::iptables::destination_option,
                          fwlint::grammar::iptables::in_option, fwlint::grammar::iptables::out_option,
                          fwlint::grammar::iptables::protocol_option, fwlint::grammar::iptables::match_option,
                          fwlint::grammar::iptables::jump_option, fwlint::grammar::iptables::goto_option,
                          fwlint::grammar::iptables::text_option, fwlint::grammar::iptables::other_option > {};
}  // namespace tao::pegtl

namespace fwlint::grammar::iptables {

// ----------------------------------------------------------- error messages

// The sentence a failed must<Rule> reports; the parser appends what it found.
template< typename Rule >
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message< line > = "expected a comment, a '*table' line, a ':CHAIN POLICY' line, a rule (-A CHAIN ...) or COMMIT";
template<> inline constexpr auto error_message< closing_quote > = "unterminated quoted string: expected a closing '\"' on the same line";
template<> inline constexpr auto error_message< counters_body > = "expected packet and byte counters like [0:0]";
template<> inline constexpr auto error_message< counted_command_body > = "expected -A, -I, -N or -P after the counters";

template<> inline constexpr auto error_message< source_address > = "expected an address after -s";
template<> inline constexpr auto error_message< destination_address > = "expected an address after -d";
template<> inline constexpr auto error_message< in_interface > = "expected an interface name after -i";
template<> inline constexpr auto error_message< out_interface > = "expected an interface name after -o";
template<> inline constexpr auto error_message< protocol > = "expected a protocol (tcp, udp, icmp, a number or all) after -p";
template<> inline constexpr auto error_message< module_name > = "expected a match module name after -m";
template<> inline constexpr auto error_message< target_name > = "expected a target or chain name after -j";
template<> inline constexpr auto error_message< goto_chain > = "expected a chain name after -g";
template<> inline constexpr auto error_message< text > = "expected a text value after this option";
template<> inline constexpr auto error_message< negated > = "expected an option after '!'";
template<> inline constexpr auto error_message< rule_end > = "expected an option (such as -s, -p, -m or -j) or the end of the line";

template<> inline constexpr auto error_message< appended_chain > = "expected a chain name after -A";
template<> inline constexpr auto error_message< inserted_chain > = "expected a chain name after -I";
template<> inline constexpr auto error_message< created_chain > = "expected a chain name after -N";
template<> inline constexpr auto error_message< policy_chain > = "expected a chain name after -P";
template<> inline constexpr auto error_message< policy > = "expected a policy (ACCEPT or DROP) after the chain name";
template<> inline constexpr auto error_message< command_end > = "expected the end of the line";

template<> inline constexpr auto error_message< table_name > = "expected a table name (filter, nat, mangle, raw or security) after '*'";
template<> inline constexpr auto error_message< table_end > = "expected the end of the line after the table name";
template<> inline constexpr auto error_message< declared_chain > = "expected a chain name after ':'";
template<> inline constexpr auto error_message< chain_policy > = "expected a policy (ACCEPT, DROP, or - for a user-defined chain) after the chain name";
template<> inline constexpr auto error_message< chain_end > = "expected [packets:bytes] counters or the end of the line after the chain policy";
template<> inline constexpr auto error_message< commit_end > = "expected the end of the line after COMMIT";
// clang-format on

}  // namespace fwlint::grammar::iptables
