#pragma once
// Internals of the iptables-save reader, shared by iptables.cpp (lines,
// tables, chains, targets, loops) and iptables_matches.cpp (what each option
// of a rule means). Not part of the parser's public interface.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint::iptables_detail {

// What the grammar saw, before any meaning is given to it. The reader reads
// one line at a time into one RawLine it reuses, so the text fields are views:
// into the input, or (for an unquoted word) into the reader's scratch space.
// They are valid until the next line is read.
enum class OptionKind { source, destination, in_interface, out_interface, protocol, match, jump, go_to, other };

struct RawArg {
    std::string_view text;  // unquoted
    bool negated = false;   // obsolete "-s ! x"
    int column = 0;
};

struct RawOption {
    OptionKind kind = OptionKind::other;
    std::string_view flag;  // "-s", "--dport"
    bool negated = false;
    int column = 0;         // of the '!' when negated, else of the flag
    std::string_view text;  // as written: "! --dport 22"
    std::span<const RawArg> args;  // set once the line is read
    std::uint32_t first_arg = 0;   // while reading: where args start in RawLine::args
    std::uint32_t arg_count = 0;
    // -s / -d: whether the first comma item of the first argument is an IPv4
    // address, once the rule's meaning has parsed it (the family evidence
    // needs it too; parsing it twice would cost). Unknown until then.
    enum class FirstAddress : std::uint8_t { unknown, v4, not_v4 };
    mutable FirstAddress first_address = FirstAddress::unknown;
};

enum class LineKind { none, comment, table, chain, commit, append, insert, new_chain, set_policy, unsupported };

struct RawLine {
    LineKind kind = LineKind::none;
    int line = 0;
    int column = 0;  // of the command flag ("-A"), or 1
    std::string_view text;     // the line without its line end
    std::string_view name;     // table or chain name
    std::string_view policy;   // "ACCEPT", "DROP", "-"
    std::string_view command;  // the command flag as written ("-A", "-F")
    std::optional<unsigned long> number;  // -I CHAIN N
    std::vector<RawOption> options;
    std::vector<RawArg> args;  // every option's arguments, in order

    // Forget the line, keep the capacity.
    void clear() {
        kind = LineKind::none;
        line = column = 0;
        text = name = policy = command = {};
        number.reset();
        options.clear();
        args.clear();
    }
};

// An -A / -I line's target as written, before it is resolved against the
// table's chains.
struct RuleTarget {
    std::string_view target;  // "" when the rule has no -j / -g; a view into the line
    bool is_goto = false;
    int target_column = 0;
};

// Gives meaning to the options of an -A / -I line for a rule set of
// `family`: sets `rule`'s match, new_flows, states, states_exact, conditions,
// comment and target_options (in place: the rule is already in its chain).
// Problems (bad values, unknown options or modules) become diagnostics; the
// rule is always produced.
RuleTarget interpret_rule(const RawLine& line, Family family, const std::string& file, Diagnostics& diagnostics,
                          Rule& rule);

// Names (iptables_names.cpp).
std::optional<unsigned> protocol_number(std::string_view name);  // "tcp", "47", "all" (0)
std::optional<IntervalSet> port_spec(std::string_view s);         // "22", "ssh", "a:b", ":b", "a:"
// "any", "8", "3/4", "echo-request": ICMP (or ICMPv6) type * 256 + code values.
std::optional<IntervalSet> icmp_types(std::string_view s, bool v6);
bool is_opaque_module(std::string_view module);  // known match modules kept as conditions
bool is_builtin(std::string_view table, std::string_view chain);
bool is_builtin_anywhere(std::string_view chain);
// ACCEPT, LOG, DNAT...: what a built-in target does; nullopt for other names.
std::optional<Action> builtin_target(std::string_view target);

// True when the option is evidence of an IPv6 rule set (an IPv6 address,
// ipv6-icmp, -m icmp6).
bool looks_ipv6(const RawOption& option);

// ASCII lower case: names of protocols, services and ICMP types are case-blind.
std::string lower(std::string_view s);

}  // namespace fwlint::iptables_detail
