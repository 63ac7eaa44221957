#pragma once
// The logical Windows Firewall rule, shared by every Windows reader.
//
// netsh `show rule` output, netsh scripts, registry rule strings (.reg, reg
// query) and PowerShell (scripts and exports) all describe the same thing: a
// WindowsRuleSpec. A reader fills specs (using the parse_windows_* helpers
// below for the values, so "Allow", "Zulassen", "2" and "ByPass" all mean what
// Windows means), then calls windows_input() once to get the ParsedInput the
// analyses read. Readers never build IR rules for Windows themselves.
//
// How the IR holds a Windows policy (what windows_input produces):
//   * four Policies, EvaluationOrder::windows_precedence: "inbound" and
//     "outbound", each once per family (IPv4, IPv6);
//   * in each, one Chain per profile: "domain", "private", "public", whose
//     `policy` is that profile's default action (accept/drop) and which holds
//     the rules that apply in that profile, disabled ones included
//     (Rule::enabled == false). No order: bypass > block > allow > default.
//     A profile whose firewall is off holds no rules and accepts everything;
//     with "block inbound always" (shields up) inbound allows are left out;
//   * one spec can become several Rules (see to_ir_rules), all with the
//     spec's location; ParsedInput::rule_count counts locations.
//   * Rule::action: allow -> accept (target "Allow"), bypass -> accept
//     (target "Bypass"), block -> drop (target "Block"). Rule::target_options
//     is "edge=yes", "edge=defer-app" or "edge=defer-user" when edge traversal
//     is not blocked. Rule::rule_id / display_name / comment (description).
//   * Inbound: remote address/port = source, local = destination.
//     Outbound: local = source, remote = destination.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/address.hpp"
#include "ir/rule.hpp"

namespace fwlint {

enum class WindowsDirection { in, out };
enum class WindowsAction { allow, block, bypass };
enum class EdgeTraversal { block, allow, defer_to_app, defer_to_user };

// Profile bits (PowerShell's Profile flags use the same values).
inline constexpr std::uint8_t profile_domain = 1;
inline constexpr std::uint8_t profile_private = 2;
inline constexpr std::uint8_t profile_public = 4;
inline constexpr std::uint8_t all_profiles = 7;
// "domain", "private", "public" for index 0, 1, 2 (bit 1 << index).
const char* windows_profile_name(int index);

// One item of a LocalPort / RemotePort list.
struct WindowsPort {
    unsigned lo = 0, hi = 0;  // a port (lo == hi) or a range; unused for a keyword
    std::string keyword;      // canonical keyword ("RPC", "RPC-EPMap", "IPHTTPS", "Teredo"...), or an
                              // unknown word kept as written; empty for numbers
    std::string text;         // as written
};

// One item of a LocalIP / RemoteIP list.
struct WindowsAddress {
    std::optional<AddressSet> set;  // address, prefix, a-b range, address/dotted mask
    std::string keyword;            // canonical ("LocalSubnet", "DNS", "DefaultGateway", "Intranet"...), or an
                                    // unknown word kept as written; empty for addresses
    // The one family a keyword covers: LocalSubnet4, DNS6... (PowerShell), or
    // a keyword under a registry RA4/LA4/RA42 (IPv4) or RA6/LA6/RA62 (IPv6)
    // key. nullopt: both families.
    std::optional<Family> family;
    std::string text;
};

// One ICMP type:code entry.
struct WindowsIcmp {
    unsigned type = 0;
    std::optional<unsigned> code;  // nullopt: any code
    std::string text;
};

// A field the reader did not recognise, kept: it becomes an unmodelled
// condition of the rule (the reader also warns, FW002).
struct WindowsAttribute {
    std::string name;
    std::string value;
    SourceLocation loc;
};

struct WindowsRuleSpec {
    std::string id;            // registry value name / PowerShell Name; empty when the input has none (netsh)
    std::string display_name;  // netsh "Rule Name", registry Name=, PowerShell DisplayName
    std::string group;         // Grouping / EmbedCtxt / Group
    std::string description;
    WindowsDirection direction = WindowsDirection::in;
    WindowsAction action = WindowsAction::allow;
    bool enabled = true;       // registry: absent Active means false; the reader sets it
    std::uint8_t profiles = all_profiles;
    std::optional<unsigned> protocol;     // nullopt = any protocol
    std::vector<WindowsIcmp> icmp;        // empty = every type (ICMP rules only)
    std::vector<WindowsPort> local_ports, remote_ports;               // empty = any
    std::vector<WindowsAddress> local_addresses, remote_addresses;    // empty = any
    std::string program;       // empty = any program
    std::string service;       // empty = any; "*" = any service, but services only
    std::vector<std::string> interface_types;  // empty = any: "LAN", "Wireless", "RemoteAccess"
    std::vector<std::string> interfaces;       // specific interfaces (GUIDs, aliases); empty = any
    EdgeTraversal edge = EdgeTraversal::block;
    std::string security;      // empty or "NotRequired": none; else an IPsec requirement (a condition)
    // false when the input cannot show program/service (netsh `show rule`
    // without `verbose`): the rule may be narrower than shown.
    bool scope_known = true;
    std::vector<WindowsAttribute> attributes;  // unknown fields, kept
    SourceLocation loc;        // the rule's first line
    std::string_view text;     // the rule's original text: a view into the `source` given to windows_input
};

// --- Tolerant value readers (case-insensitive, surrounding blanks ignored).
// Each accepts the netsh (English, German, French), registry and PowerShell
// (names and integers) spellings; nullopt when the text is none of them.

// Allow/Block/Bypass, ByPass, Zulassen/Blockieren, Autoriser/Bloquer, PowerShell 2 (Allow) / 4 (Block).
std::optional<WindowsAction> parse_windows_action(std::string_view text);
// In/Out, Inbound/Outbound, Eingehend/Ausgehend/Aus, Entrant/Sortant, PowerShell 1 / 2.
std::optional<WindowsDirection> parse_windows_direction(std::string_view text);
// Yes/No, True/False, Ja/Nein, Oui/Non, PowerShell Enabled 1 (True) / 2 (False), 0 (False).
std::optional<bool> parse_windows_bool(std::string_view text);
// "Domain,Private", "Domain, Private", Any/All, Standard (= Private), Domäne/Privat/Öffentlich,
// Domaine/Privé/Public, PowerShell flags "3" (0 = Any). Result: profile bits, never 0.
std::optional<std::uint8_t> parse_windows_profiles(std::string_view text);
// No/Yes, Block/Allow, TRUE/FALSE, "Defer to application"/DeferToApp/App, "Defer to user"/DeferToUser/User,
// PowerShell 0 Block, 1 Allow, 2 DeferToUser, 3 DeferToApp.
std::optional<EdgeTraversal> parse_windows_edge(std::string_view text);
// TCP, UDP, ICMPv4, ICMPv6, GRE..., a number 0-255, Any / 256 (any). false when unrecognised.
bool parse_windows_protocol(std::string_view text, std::optional<unsigned>& protocol);
// "Any", "*", "Beliebig", "Tout" or empty: the "no constraint" spellings.
bool is_windows_any(std::string_view text);

// Comma lists ("Any" = nothing appended). Every item is appended; the return
// value lists the items that are neither a number/address nor a known keyword
// (kept as keywords, so they become unknown conditions): the caller warns.
std::vector<std::string> parse_windows_ports(std::string_view list, std::vector<WindowsPort>& out);
std::vector<std::string> parse_windows_addresses(std::string_view list, std::vector<WindowsAddress>& out);
// "8:Any", "8:0", "8", "3:*" (comma list). Items that do not parse are returned and not appended.
std::vector<std::string> parse_windows_icmp(std::string_view list, std::vector<WindowsIcmp>& out);

// --- Profiles and the IR.

struct WindowsProfileState {
    bool firewall_on = true;
    WindowsAction default_inbound = WindowsAction::block;
    WindowsAction default_outbound = WindowsAction::allow;
    bool block_inbound_always = false;  // "shields up": inbound allow rules are ignored
    SourceLocation loc;                 // where the input says so; line 0 when assumed
};

struct WindowsProfileDefaults {
    std::array<WindowsProfileState, 3> profiles;  // domain, private, public
    // true: no input stated the defaults; the out-of-box ones (inbound block,
    // outbound allow, firewall on) are used and the report says so.
    bool assumed = true;
};

// One spec as IR rules, before they are placed in profile chains. Usually one
// Rule; a list that mixes concrete values and keywords ("10.0.0.0/8,
// LocalSubnet") becomes one Rule for the concrete values and one for the
// keywords, which carries a named Condition: keywords are dynamic sets
// resolved on the host, never "any". Port keywords with known ports narrow the
// packets too (RPC: 49152-65535, RPC-EPMap: 135, IPHTTPS: 443, mDNS: 5353),
// still with the condition. Program and service become scope_only conditions
// (they do not stop a port requirement, findings name them); interface types,
// interfaces, IPsec security and unknown attributes are ordinary conditions.
std::vector<Rule> to_ir_rules(const WindowsRuleSpec& spec, const std::shared_ptr<const std::string>& source);

// The note windows_input adds when the defaults were assumed (a companion
// profiles file replaces it: netsh_profiles.hpp).
extern const char* const windows_defaults_assumed_note;

// Everything a Windows reader read, as one ParsedInput (layout: see the top
// of this file). `format` is the reader's format name ("netsh-show").
// Adds a note when the defaults were assumed, when a profile's firewall is
// off and when inbound allows are ignored (shields up).
ParsedInput windows_input(const std::vector<WindowsRuleSpec>& specs, const WindowsProfileDefaults& defaults,
                          std::shared_ptr<const std::string> source, const std::string& file,
                          const std::string& format, Diagnostics diagnostics);

}  // namespace fwlint
