#pragma once
// The in- and out-interface of a packet as a finite-domain variable.
//
// `-i docker0 ! -o docker0 -j ACCEPT` and `-i eth0 -o docker0 -j DROP` cannot
// both hold for one packet: it enters on exactly one interface and leaves on
// exactly one. Read as independent unmodelled conditions, the lenient walk
// assumed the first held and the strict walk the second, and a verdict read
// "allowed only if in-interface docker0 ... and in-interface eth0 ... holds".
// Instead, a chain is evaluated once per interface assignment: each interface
// the reachable rules name (for -i, for -o), plus "any other interface". Under
// one assignment every -i/-o match is decided exactly (true or false); only
// the other unmodelled conditions are left to the two ConditionModes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// One value for each of the two interfaces. "" stands for any interface no
// rule of the chain names; "eth+" (an iptables wildcard) for an interface the
// wildcard matches and no rule names exactly.
struct InterfaceAssignment {
    std::string in, out;
    friend bool operator==(const InterfaceAssignment&, const InterfaceAssignment&) = default;
};

// An -i / -o match read back from its condition ("not out-interface docker0").
struct InterfaceMatch {
    bool out = false;      // -o rather than -i
    bool negated = false;  // "! -i eth0"
    std::string name;      // as written: "eth0", "veth+"
};

// nullopt for any condition that is not an interface match (and for -i lo,
// which never holds for a flow between two hosts: see Condition::loopback_only).
std::optional<InterfaceMatch> interface_match(const Condition& c);

// Whether `m` holds for a packet with interfaces `a`.
bool interface_holds(const InterfaceMatch& m, const InterfaceAssignment& a);

// Whether any condition of `rule` is an interface match `a` makes false.
bool interface_excludes(const Rule& rule, const InterfaceAssignment& a);

// Whether `rule` has a condition an interface assignment does not decide.
bool has_open_conditions(const Rule& rule);

// The assignments to evaluate `chain` of `policy` under for `query`: every
// combination of the interfaces named by -i (resp. -o) of the enabled rules
// reachable from `chain` whose match meets `query`, each list with "" (any
// other interface) added. One assignment {"", ""} when no rule names one.
// nullopt when there would be more than `limit`: the caller then keeps the
// interface matches as independent conditions (and says so).
std::optional<std::vector<InterfaceAssignment>> interface_assignments(const Policy& policy, std::string_view chain,
                                                                      const PacketSet& query,
                                                                      std::size_t limit = 256);

// The assignments of `all` in `which` said briefly: an in-interface all of
// whose assignments are in `which` once ("enters on virbr0"), likewise an
// out-interface, the rest pair by pair. Empty when no rule names an interface.
// `base_form`: "enter on eth0" (after "it does not") instead of "enters on eth0".
std::vector<std::string> describe_assignments(const std::vector<InterfaceAssignment>& all,
                                              const std::vector<InterfaceAssignment>& which, bool base_form = false);

// The assignments for the rules of `chain` alone (its jumps not followed):
// what FW201/FW202 need, which read one chain at a time. nullopt over `limit`.
std::optional<std::vector<InterfaceAssignment>> chain_interface_assignments(const Chain& chain, std::size_t limit);

// The same over several chains (of several policies: the two sides of a
// diff): the interfaces any of them names.
std::optional<std::vector<InterfaceAssignment>> interface_assignments(
    const std::vector<std::pair<const Policy*, std::string>>& chains, const PacketSet& query, std::size_t limit);

// `policy` as it reads for packets with the interfaces of `a`: the rules an
// -i/-o match of theirs excludes are gone, the others keep only their other
// conditions. Exact: a walk of the copy decides every packet with those
// interfaces as a walk of `policy` would.
Policy specialize_interfaces(const Policy& policy, const InterfaceAssignment& a);

// A chain evaluated in both ConditionModes once per interface assignment.
struct AssignedWalk {
    InterfaceAssignment interfaces;
    Evaluation strict, lenient;
};
struct InterfaceWalks {
    std::vector<AssignedWalk> walks;  // in interface_assignments() order
    // Too many interfaces to enumerate: one walk with the -i/-o matches kept
    // as independent conditions, as before.
    bool independent = false;
    // More than one assignment: the verdict can depend on the interfaces.
    bool per_interface() const { return walks.size() > 1; }
    // Which interface assignment decided nothing different from another is
    // for the caller: it compares the walks it needs.
    std::vector<InterfaceAssignment> assignments() const;
};

// `query` through `chain` of `policy`: one strict and one lenient walk per
// interface assignment (the lenient walk only where the strict one met an
// open condition; otherwise a copy). The walks hold pointers into `policy`.
InterfaceWalks evaluate_per_interface(const Policy& policy, std::string_view chain, const PacketSet& query);

}  // namespace fwlint
