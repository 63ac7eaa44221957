#pragma once
// The exposure lints' work on one built-in chain (exposure.hpp): which parts
// of the space to evaluate (exposure_regions.cpp, or the slice walk of
// exposure_reference.cpp), which accepted packets are open to any source
// (exposure_open.cpp), the findings FW203-FW207 (exposure_findings.cpp) and
// the unmodelled conditions they depend on (exposure_conditions.cpp).
// Internal to those files.
#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "analyze/exposure.hpp"
#include "analyze/exposure_space.hpp"
#include "analyze/point_index.hpp"
#include "ir/rule.hpp"

namespace fwlint::exposure_detail {

// The calling thread's CPU time, in seconds (ExposureCost).
double thread_seconds();

// Every packet of family f with the given protocols and destination ports.
PacketSet proto_ports(Family f, const IntervalSet& protos, const IntervalSet& ports);
PacketSet proto_all(Family f, unsigned proto);

// The part of `packets` that holds, for each of its tuples of the other
// dimensions, every value of the dimensions in `dims`.
PacketSet universal_part(const PacketSet& packets, Family f, std::initializer_list<Dim> dims);

inline u128 count(const PacketSet& s, Family f, Dim d) { return s.project(f, d).size(); }

// exposure_by_rule.cpp: whether `chain` (of a first-match policy) jumps
// nowhere, and then, for each of `rules` (of `chain`), the part of
// parts[k] that rules[k] accepts, and what of it only the lenient walk
// accepts: the accept decisions of those rules and the `unsure` packets
// ChainSpace::evaluate gives for them, computed rule by rule. Over the
// safety net (more than `max_rules` rules meet the parts' bounds), nothing:
// `complete` is false.
bool jumps_nowhere(const Policy& policy, const Chain& chain);
SpaceEvaluation accepted_by_rule(const Policy& policy, const Chain& chain, const std::vector<const Rule*>& rules,
                                 const std::vector<PacketSet>& parts, std::size_t max_rules = max_space_rules);

struct Group {
    const Rule* rule = nullptr;
    const Chain* chain = nullptr;
    PacketSet packets;     // what the rule accepts (of the part evaluated)
    PacketSet open_scope;  // the part of it that may be open to any source
    // A rule the strict walk gives packets that the lenient walk gives to
    // an earlier conditional ACCEPT (SpaceEvaluation::diverging): what it
    // accepts in the strict walk of what the lenient walk accepts (surely
    // accepted, by this rule when that condition does not hold), judged
    // open to any source by both walks' verdicts. Empty for the other rules.
    PacketSet strict_packets;
    PacketSet strict_scope;
};

class ChainExposure {
public:
    ChainExposure(const Policy& policy, const Chain& builtin, u128 max_open_ports, std::vector<Exposure>& out,
                  bool reference, ExposureCost* cost = nullptr)
        : policy_(policy), builtin_(builtin), max_open_ports_(max_open_ports), out_(out), reference_(reference),
          cost_(cost) {}

    // The slice walk when reference_ (exposure_reference.cpp), else run_space().
    void run();

    // Evaluated leaf by leaf (exposure_space.hpp), and only where a finding
    // can be:
    // - FW203-FW205 report packets accepted from every source. Such a packet
    //   is accepted from the one source `probe_source()` too, so the chain is
    //   first evaluated for that source alone (a slab that few rules meet),
    //   and then for every source, but only for the (protocol, destination,
    //   ports) the probe saw accepted.
    // - FW206 reads a rule's accepted tcp ports from its range's start up,
    //   FW207 port 440: those parts of the space.
    // "Open to any source" is then the complement of the non-accepted
    // packets widened to every source (universal_part, without building
    // either set whole): a packet is open iff no packet differing from it
    // only in the source is denied or left undecided. Exact: every packet a
    // finding is about lies in the evaluated part, and so does every
    // non-accepted packet that can close one (see open_part).
    void run_space();

    // A Windows allow limited to a program or service (not to packets).
    static bool scoped(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& c) { return c.scope_only; });
    }
    // A rule that accepts packets only if some condition holds (remoteip=LocalSubnet, RPC...).
    static bool conditional(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(),
                           [](const Condition& c) { return !c.scope_only && !c.loopback_only; });
    }

    // Why an accepting rule may be reported: FW203-FW205 need a rule written
    // for any source, FW206 a tcp range running on to 65535 from below
    // 49152 (`rpc_from`: its start), FW207 port 440 as a port or range end
    // of its own.
    struct Reportable {
        bool any_source = false;
        u128 rpc_from = max_port + 1;
        bool kerberos = false;
    };
    Reportable reportable(const Rule& r) const;

    // Whether check() can report anything for the accepting rule `r`
    // (nullptr: the chain policy).
    bool may_report(const Rule* r) const {
        if (!r) return true;
        Reportable why = reportable(*r);
        return why.any_source || why.rpc_from <= max_port || why.kerberos;
    }

    // Source addresses for the probe of run_space: in the documentation
    // networks (RFC 5737, RFC 3849), which few rules name.
    static std::array<u128, 3> probe_sources(Family f) {
        if (f == Family::v4) return {0xC0000200u + 77, 0xC6336400u + 77, 0xCB007100u + 77};
        const u128 doc = u128(0x20010db8u) << 96;
        return {doc + (u128(0x77) << 64) + 0x77, doc + (u128(0x5eed) << 64) + 0x5eed, doc + (u128(0xf00d) << 64) + 0xf00d};
    }

    // Union of many sets, pairwise: each set is united with one of similar
    // size, not with an ever-growing total.
    static PacketSet unite_all(std::vector<PacketSet>& sets);

    void not_evaluated();

    // The part of `p` (accepted packets; for the leaf walk, those of the
    // region the probe left open) accepted from every source (and, with
    // `dst_too`, to every destination as well). For the leaf walk,
    // not_accepted_ holds every non-accepted packet that differs from a
    // packet of `p` only in the source: `p`'s (protocol, destination, ports)
    // were accepted from the probe's source, so all sources of them were
    // evaluated. With `dst_too`, those that differ in the destination too:
    // such a packet whose (protocol, destination, ports) the probe did not
    // see accepted has a non-accepted twin from the probe's source.
    PacketSet open_part(const PacketSet& p, bool dst_too);
    // The same by both walks' verdicts (Group::strict_packets): what is
    // not accepted, or accepted only if some condition holds, closes it.
    PacketSet strict_open_part(const PacketSet& p, bool dst_too);

    // The packets of `p` accepted only if some unmodelled condition holds.
    PacketSet maybe_part(const PacketSet& p) const { return space_ ? p.intersect(unsure_) : p.subtract(sure_); }

    // Index keys of a box's bounds (as analyze/shadowing.cpp keys rules):
    // destination port, destination and source address, IPv6 addresses by
    // their top 32 bits.
    static void keys_of(const Box& b, Family f, PointKeys& lo, PointKeys& hi);

    // The non-accepted boxes widened to every source (and destination),
    // each once, with an index of their bounds.
    struct Widened {
        std::vector<Box> boxes;
        std::optional<RangeIndex> index;
        void build(const std::vector<Box>& not_accepted, Family f, bool dst_too);
        // The packets of `p` that differ from none of `boxes` only in the widened dimensions.
        PacketSet open_part(const PacketSet& p, Family f) const;
    };

private:
    Exposure make(const Group& g, ExposureKind kind, const PacketSet& packets) const;

    // Conditions the part of `packets` outside `sure` depends on.
    void conditions(Exposure& e);

    // The rules of `c` conditions() looks at, in order: jumps and gotos,
    // and rules with conditions (a chain of 10,000 rules may have a few).
    const std::vector<const Rule*>& watched(const Chain& c);

    static std::vector<PacketSet> slices(Family f);

    // The most rules (of the reachable chains) that meet one slice: a
    // slice's walk costs about the square of them, and more when they cut
    // the remainder into many boxes.
    std::size_t busiest_slice(Family f) const;

    std::vector<const Chain*> reachable_chains() const { return policy_.reachable_from(builtin_); }

    std::size_t reachable_rules() const {
        std::size_t n = 0;
        for (const Chain* c : reachable_chains()) n += c->rules.size();
        return n;
    }

    bool leads_to(const Chain* from, const Chain* to);

    void emit(Exposure e) {
        conditions(e);
        out_.push_back(std::move(e));
    }

    // Whether the rule itself names no narrower source (destination): a rule
    // for 10.0.0.0/8 is not "open to any source" because the chain policy
    // accepts the other sources (the finding is the policy's).
    bool written_for_any(const Group& g, Dim d) const {
        if (!g.rule) return true;
        return g.rule->match.project(policy_.family, d).is_all(address_max(policy_.family));
    }

    void check(const Group& g);

    const Policy& policy_;
    const Chain& builtin_;
    u128 max_open_ports_;  // FW204
    std::vector<Exposure>& out_;
    bool reference_ = false;  // the slice-by-slice walk for every policy (tests compare the two)
    ExposureCost* cost_ = nullptr;
    // The slice walk (Windows policies, reference_):
    PacketSet open_src_;      // accepted from every source
    PacketSet open_src_dst_;  // accepted from every source to every destination
    PacketSet sure_;          // accepted whatever the unmodelled conditions
    PacketSet sure_src_, sure_src_dst_;  // the same of sure_
    // The leaf walk:
    bool space_ = false;
    // Whether the parts of the space FW203-FW205, FW206, FW207 need were
    // evaluated (the slice walk evaluates all or nothing).
    bool open_evaluated_ = true, rpc_evaluated_ = true, kerberos_evaluated_ = true;
    std::vector<Box> not_accepted_;  // boxes of the non-accept decisions
    std::vector<Box> not_sure_;      // and of what only the lenient walk accepts (of the open region)
    Widened widened_src_, widened_src_dst_, strict_src_, strict_src_dst_;
    PacketSet unsure_;               // accepted only if some unmodelled condition holds
    // Caches of conditions():
    std::vector<std::pair<const Chain*, std::vector<const Rule*>>> watched_;
    std::vector<std::tuple<const Chain*, const Chain*, bool>> leads_;
};

}  // namespace fwlint::exposure_detail
