#pragma once
// The common rule IR every parser produces and every analysis reads.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/compact_string.hpp"
#include "ir/diagnostic.hpp"
#include "ir/packet_set.hpp"

namespace fwlint {

enum class Action {
    accept,
    drop,
    reject,
    jump,      // -j USERCHAIN: run it, come back
    go_to,     // -g USERCHAIN: run it, do not come back
    ret,       // RETURN
    log,       // LOG, NFLOG...: not terminating
    none,      // no target, or a non-terminating target (MARK, counters)
    other,     // a terminating target the engine does not model (DNAT, QUEUE)
};

const char* action_name(Action a);

// A match the engine cannot model exactly (-i eth0, -m set, -m limit, an
// unknown module). Kept, named and reported: a verdict that depends on it
// says "allowed only if <name> holds" and names the line.
struct Condition {
    std::string name;  // short, human readable: "in-interface eth0", "ipset blocklist src"
    std::string text;  // the original option text: "-i eth0", "-m set --match-set blocklist src"
    // Holds only for traffic a host sends to itself (-i lo, -o lo): never for
    // a flow between two hosts, which is every flow fwlint audits.
    bool loopback_only = false;
    // Narrows the rule to one process (a Windows program or service) without
    // narrowing the packets: an allow scoped so still admits the flow for that
    // process, so the engine takes it as holding; findings name it.
    bool scope_only = false;
};

// Connection-tracking states (--ctstate / --state), one bit each.
enum ConnState : std::uint8_t {
    state_invalid = 1,
    state_new = 2,
    state_established = 4,
    state_related = 8,
    state_untracked = 16,
    state_snat = 32,
    state_dnat = 64,
};
inline constexpr std::uint8_t all_conn_states = 0x7f;

struct Rule {
    SourceLocation loc;
    // The original line, as written: a view into `source`, the whole input
    // text, which every rule of a file shares (one copy instead of one
    // allocation per rule).
    std::string_view text;
    std::shared_ptr<const std::string> source;
    std::string chain;   // chain / ACL / "Windows-in" the rule belongs to
    Action action = Action::none;
    // (Fields are ordered so that no padding is left between them: a
    // 200,000-rule policy holds 200,000 of these records.)
    int sequence = 0;     // Cisco: the ACE's sequence number (given or implied 10, 20, ...)
    std::string target;  // target chain for jump/goto, else the target's own name ("ACCEPT", "DNAT")
    // The target's options as written: "--reject-with tcp-reset". This and the
    // other rarely set texts below are CompactStrings: 8 bytes while empty.
    CompactString target_options;
    // The packets of NEW flows this rule's modelled matches take. Matches on
    // connection state are folded in: a rule for ESTABLISHED,RELATED only
    // takes no new flow, so its match is empty and `new_flows` is false.
    PacketSet match;
    bool new_flows = true;
    // The connection states the rule's state matches allow (ConnState bits);
    // all_conn_states when it has none. Two rules that take the same new
    // flows can still differ in the reply packets they take.
    std::uint8_t states = all_conn_states;
    // false when `states` is only an upper bound (a negated or unknown list:
    // a packet can be NEW and DNAT at once).
    bool states_exact = true;
    bool enabled = true;  // false: ASA `inactive`, a disabled Windows rule
    std::vector<Condition> conditions;
    CompactString comment;  // iptables --comment; Cisco: the `remark` lines above the ACE
    // Windows rules: the unique ID (registry value name, PowerShell Name;
    // empty when the input shows none, as netsh does) and the display name.
    CompactString rule_id;
    CompactString display_name;
};

struct Chain {
    std::string name;
    SourceLocation loc;              // the chain header line
    bool builtin = false;
    std::optional<Action> policy;    // built-in chains: accept or drop
    std::vector<Rule> rules;
};

enum class EvaluationOrder {
    first_match,         // iptables, Cisco: first terminating match wins
    windows_precedence,  // Windows: bypass > block > allow > default
};

// One evaluable rule set: an iptables table of one family, a Cisco ACL,
// a Windows direction.
struct Policy {
    std::string name;    // "filter", ACL name
    Family family = Family::v4;
    EvaluationOrder order = EvaluationOrder::first_match;
    std::vector<Chain> chains;  // declaration order
    // How a fix for this policy is written: "" (iptables), or for a Cisco ACL
    // "ios-standard", "ios-extended", "ios-ipv6", "asa", "nxos", "nxos-ipv6".
    std::string syntax;

    const Chain* find_chain(std::string_view name) const {
        for (const auto& c : chains)
            if (c.name == name) return &c;
        return nullptr;
    }
    Chain* find_chain(std::string_view name) {
        for (auto& c : chains)
            if (c.name == name) return &c;
        return nullptr;
    }

    // `start` and every chain its rules jump or go to, directly or not; each
    // once, loops included.
    std::vector<const Chain*> reachable_from(const Chain& start) const;
};

// ---- Devices whose rule sets are bound to interfaces (Cisco IOS, ASA, NX-OS)

enum class BindDirection { in, out };

// An ACL applied somewhere: `ip access-group NAME in`, ASA `access-group NAME
// out interface outside`, `ipv6 traffic-filter NAME in`, `access-class 10 in`.
struct AclBinding {
    std::string acl;
    BindDirection direction = BindDirection::in;
    SourceLocation loc;  // the binding line
    // IOS/NX-OS keep IPv4 and IPv6 lists apart (`ip access-group` binds the
    // IPv4 list, `ipv6 traffic-filter` the IPv6 one); ASA lists hold both.
    std::optional<Family> family;
};

// One interface of a device: its name, its own addresses and the subnets
// those put it on (from `ip address A M`, `ipv6 address A/L`), and the ACLs
// bound to it. The requirement audit finds a flow's path from the subnets.
struct Interface {
    std::string name;    // "GigabitEthernet0/1", "Ethernet1/1"
    std::string nameif;  // ASA: "outside"; what ASA access-groups name
    SourceLocation loc;  // the `interface` line
    std::vector<AddressSet> addresses;  // the interface's own addresses, one value each
    std::vector<AddressSet> connected;  // the subnet of each address
    std::vector<AclBinding> bindings;
    bool shutdown = false;
};

// A static route (ASA `route outside 0.0.0.0 0.0.0.0 203.0.113.1 1`, IOS
// `ip route 10.0.0.0 255.0.0.0 192.0.2.1` or `... GigabitEthernet0/1`, NX-OS
// `ip route 10.0.0.0/8 192.0.2.1`, `ipv6 route ...`): the requirement audit
// takes a flow's interface from the longest prefix that holds an address no
// connected subnet holds (analyze/cisco_routes.hpp).
struct StaticRoute {
    Family family = Family::v4;
    u128 network = 0;            // the prefix's first address
    unsigned prefix_length = 0;  // 0: the default route
    std::string interface;       // the exit interface when the line names one (ASA: its nameif)
    std::optional<u128> gateway;  // the next hop when the line names one
    SourceLocation loc;          // the route line
};

// A management-plane binding: `line vty 0 4` / `access-class NAME in`.
struct LineAccessClass {
    std::string line;  // "vty 0 4"
    AclBinding binding;
};

// "fwlint: ignore FW201 reason" in a comment of the config's own syntax (# in
// iptables-save, ! or remark in Cisco, REM, :: or # in netsh scripts, # in
// PowerShell): each
// reader passes its comments to read_suppression_comment (parse/suppression.hpp)
// and keeps what it returns; the findings it silences are on the first rule
// (or chain header) after it (checks/suppress.hpp).
struct SuppressionComment {
    SourceLocation loc;               // the comment
    std::vector<std::string> checks;  // upper case: "FW201"
    std::string reason;               // the rest of the comment; may be empty
    std::string error;                // set when the comment is malformed (no check id)
    // The line it applies to, when the reader knows it (netsh and PowerShell
    // scripts: the next firewall command; -1: none follows); 0: the first rule
    // or chain header after it.
    int target_line = 0;
};

// Everything read from one input file.
struct ParsedInput {
    std::string file;
    std::string format;  // "iptables-save", "ip6tables-save", "cisco-ios", "cisco-asa", "cisco-nxos"
    std::vector<Policy> policies;  // one per table; for Cisco, one per ACL (and family)
    Diagnostics diagnostics;
    // Cisco devices: where ACLs are applied. Empty for iptables.
    std::vector<Interface> interfaces;
    std::vector<AclBinding> global_acls;  // ASA `access-group NAME global`
    std::vector<LineAccessClass> line_acls;
    std::vector<StaticRoute> routes;  // in file order
    std::vector<SuppressionComment> suppressions;  // "fwlint: ignore" comments, in line order
    // Rules read. A Windows rule sits in the chain of every profile and
    // family it applies to, so Windows policies count distinct locations.
    std::size_t rule_count() const;
    const Policy* find_policy(std::string_view name) const {
        for (const auto& p : policies)
            if (p.name == name) return &p;
        return nullptr;
    }
};

}  // namespace fwlint
