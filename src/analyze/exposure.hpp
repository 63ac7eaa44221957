#pragma once
// Exposure of the filter table's built-in chains INPUT and FORWARD: what each
// accepting rule (or an ACCEPT chain policy) really lets through for NEW
// flows, computed with evaluate_chain over every packet of the family, so a
// rule that is partly shadowed or reached only from some sources is judged by
// the part it actually takes. Feeds the lint checks FW203-FW207.
//
// Unmodelled conditions: the chain is evaluated in ConditionMode::lenient
// (conditional accepts and jumps match, conditional drops do not) and in
// ConditionMode::strict; the part only the lenient walk accepts is reported
// with the conditions it depends on, never as certain.
#include <cstddef>
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

enum class ExposureKind {
    any_to_any,     // FW203
    wide_ports,     // FW204
    risky_service,  // FW205
    rpc_range,      // FW206
    mistaken_port,  // FW207
    not_evaluated,  // over max_exposure_slice_rules: FW203-FW207 were not run on the chain
};

// A well-known service that should not be reachable from any source.
struct RiskyService {
    const char* name;  // "telnet", "SMB"
    unsigned proto;    // proto_tcp or proto_udp
    unsigned lo, hi;   // destination ports
};
const std::vector<RiskyService>& risky_services();

// FW204: more destination ports than this, of tcp or of udp, open to any
// source (the default of `fwlint check --max-open-ports`).
inline constexpr u128 wide_port_threshold = 1000;
// FW206: the RPC dynamic range of Windows 2008 and later, and how many ports
// below it an accepted range may also cover before it is reported.
inline constexpr unsigned rpc_dynamic_lo = 49152;
inline constexpr u128 rpc_excess_threshold = 1000;
// FW207: the port listed by mistake for Kerberos in AD CS firewall tables.
inline constexpr unsigned mistaken_kerberos_port = 440;

// A first-match chain is evaluated over the whole packet space in leaves
// (exposure_space.hpp), boxes cut until each meets a few rules; a leaf costs
// about the square of the rules that meet it. A chain (with the user chains
// it reaches) where more rules than this meet one leaf that no cut divides
// (rules overlapping everywhere) is not evaluated, and a not_evaluated entry
// says so. Windows policies are walked in slices (tcp and udp by blocks of
// 4,096 destination ports, then every other protocol) with the same limit
// per slice.
inline constexpr std::size_t max_exposure_slice_rules = 1000;

// A condition the finding depends on.
struct ConditionRef {
    const Rule* rule = nullptr;
    const Condition* condition = nullptr;
};

struct Exposure {
    ExposureKind kind = ExposureKind::any_to_any;
    Family family = Family::v4;
    const Chain* builtin = nullptr;  // INPUT or FORWARD, where the walk started
    const Chain* chain = nullptr;    // the chain holding the rule (== builtin for the policy)
    const Rule* rule = nullptr;      // the accepting rule; nullptr: the built-in chain's ACCEPT policy
    PacketSet packets;               // the part the finding is about
    unsigned proto = 0;              // proto_tcp / proto_udp for per-protocol findings, 0 otherwise
    bool all_protocols = false;      // FW203: every protocol, not only tcp and udp
    IntervalSet ports;               // destination ports the finding is about (FW206: the rule's range)
    IntervalSet excess;              // FW206: the accepted ports of the range below 49152
    u128 sources = 0;                // source addresses of `packets`
    u128 destinations = 0;           // destination addresses of `packets`
    std::vector<const RiskyService*> services;  // FW205
    // Non-empty when part of `packets` is accepted only by the lenient walk:
    // `only_if` conditions of the accepting rule or of a jump on its path,
    // `unless` conditions of drops (or returns) the lenient walk skipped.
    std::vector<ConditionRef> only_if;
    std::vector<ConditionRef> unless;
    std::size_t reachable_rules = 0;  // not_evaluated by the slice walk: rules reachable from the built-in chain
    // not_evaluated by the leaf walk: the checks left out ("FW206"), and how
    // many rules met the part of the space they need (`packets`).
    std::string skipped;
    std::size_t region_rules = 0;
};

// CPU seconds (of the calling thread) find_exposures spent, by part, added
// to what is there: bench/exposure_bench.cpp reports them per lint.
struct ExposureCost {
    double read = 0;      // reading the chains (ChainSpace)
    double open = 0;      // FW203-FW205: the probe source's slab and the region it left open
    double rpc = 0;       // FW206: the rules' ranges
    double kerberos = 0;  // FW207: port 440
    double findings = 0;  // open to any source, the findings and the conditions they depend on
};

// Exposure findings for the INPUT and FORWARD chains of a first-match filter
// policy, in chain order then rule order. At most one finding per check,
// accepting rule, protocol and built-in chain.
std::vector<Exposure> find_exposures(const Policy& policy, u128 max_open_ports = wide_port_threshold);

// The same for the chains where traffic enters `policy` (a Cisco ACL, the
// inbound profile chains of a Windows policy), evaluated in the policy's
// own order (evaluate_chain).
std::vector<Exposure> find_exposures(const Policy& policy, const std::vector<const Chain*>& entries,
                                     u128 max_open_ports = wide_port_threshold, ExposureCost* cost = nullptr);

// find_exposures as it was before the leaf walk (exposure_space.hpp): every
// policy walked slice by slice with evaluate_chain and "open to any source"
// taken from the whole accepted set. Slow; the randomized tests compare
// find_exposures with it.
std::vector<Exposure> find_exposures_reference(const Policy& policy, const std::vector<const Chain*>& entries,
                                               u128 max_open_ports = wide_port_threshold);

// The part of `packets` (family f) in which every source address is
// present: for each (protocol, destination, ports) tuple of the result, all
// sources are in `packets`. Exact.
PacketSet any_source_part(const PacketSet& packets, Family f);

}  // namespace fwlint
