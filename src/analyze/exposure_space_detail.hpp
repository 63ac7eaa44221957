#pragma once
// The leaf walk of exposure_space.hpp, internal to its files: a chain read
// once (Prepared, exposure_space_rules.cpp), a region cut into leaves that
// each meet a few rules (Space, exposure_space_cut.cpp), and each leaf walked
// as evaluate_chain walks (exposure_space_leaf.cpp).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "analyze/exposure_space.hpp"
#include "analyze/region_cut.hpp"
#include "analyze/walk_step.hpp"

namespace fwlint::space_detail {

// A box is filed as at most this many items (runs of its intervals in its
// most divided dimension).
constexpr std::size_t max_runs = 64;

// Kernel jump depth is limited; evaluate.cpp's walk stops at the same depth.
constexpr int max_depth = 64;

using region_cut::Corner;
using region_cut::Part;
using region_cut::Region;
using region_cut::meets;
using region_cut::spans;

// What a rule does to the packets it takes, as the walk needs it.
using RuleInfo = WalkStep;

// One box of one rule's match, by its bounds (a box whose dimensions hold
// several intervals is filed by their hull: the walk's exact test decides).
struct Item {
    Corner lo, hi;
    std::uint32_t chain = 0;  // ordinal in Space::chains
    std::uint32_t rule = 0;   // index in that chain
    bool solid = false;       // the bounds are the rule's packets (one interval per dimension)
};

// What a chain and the user chains it reaches look like to the walk,
// read once for every region asked about: each chain's rules that can take a
// packet, in walk order, with their bounds in a few bytes, so a region skips
// the rules it does not meet without reading them.
struct Prepared {
    const Policy* policy = nullptr;
    const Chain* builtin = nullptr;
    std::vector<const Chain*> chains;           // reachable from builtin, builtin first
    std::vector<std::vector<RuleInfo>> infos;   // per chain and rule
    struct Entry {
        std::uint32_t rule = 0;  // index in the chain
        // Bounds of the rule's packets: protocol, destination port, and
        // source and destination addresses by their top 32 bits.
        std::uint8_t proto_lo = 0, proto_hi = 0;
        std::uint16_t port_lo = 0, port_hi = 0;
        std::uint32_t src_lo = 0, src_hi = 0, dst_lo = 0, dst_hi = 0;
    };
    std::vector<std::vector<Entry>> order;      // per chain: the rules that take part, in walk order

    int ordinal(const Chain* c) const {
        auto it = std::find(chains.begin(), chains.end(), c);
        return it == chains.end() ? -1 : int(it - chains.begin());
    }

    Prepared(const Policy& p, const Chain& b, const std::function<void(const Chain&, const Rule&)>& visit);
};

class Space {
public:
    // Evaluates `region` into `out` (exposure_space.hpp's ChainSpace::evaluate).
    Space(const Prepared& prep, const PacketSet& region, std::size_t leaf_rules, std::size_t max_rules,
          SpaceEvaluation& out);

private:
    // Whether a box of the rule meets `root`, and whether one that is all
    // of the rule's packets there (one interval per dimension) covers it.
    struct Meeting {
        bool meets = false, covers = false;
    };
    Meeting meeting(const Rule& r, const Region& root) const;

    // Files the rule's boxes that meet `root`.
    bool add_items(const Rule& r, std::uint32_t chain, std::uint32_t index, const Region& root,
                   std::vector<std::uint32_t>& all);

    const RuleInfo& info(const Item& it) const { return infos_[it.chain][it.rule]; }

    // Drops from `items` (in chain and walk order) what cannot take a packet
    // of `region` in any mode still open: the rules of a chain after one
    // that covers the region whole and ends the chain's walk there in a mode
    // (it takes the whole query, which stays inside the region), rules that
    // take nothing in the open modes, and the rules of user chains no jump
    // left in the region leads to.
    void prune(const Region& region, std::vector<std::uint32_t>& items);

    void cut(const Region& region, std::vector<std::uint32_t> items, std::vector<std::uint32_t> parts,
             bool pruned = true);

    // `partial`: the shapes that do not span the leaf (what a walk may cut
    // the query by).
    void leaf(const Region& region, const std::vector<std::uint32_t>& items, const std::vector<std::uint32_t>& parts,
              std::size_t partial);

    static bool scoped(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& c) { return c.scope_only; });
    }

    // evaluate.cpp's evaluate(): the walk, then the built-in chain's policy
    // for what is left.
    void run(const PacketSet& query, ConditionMode mode, std::vector<Decision>* decisions);

    void decide(const Rule* rule, const Chain& chain, Verdict v, const PacketSet& packets) {
        if (packets.empty()) return;
        decisions_->push_back(Decision{rule, &chain, v, packets});
    }

    // evaluate.cpp's Walker::walk over the leaf's rules of the chain (the
    // others cannot meet the query, which stays inside the leaf).
    PacketSet walk(std::size_t c, PacketSet query, int depth);

    const Policy& policy_;
    const Chain& builtin_;
    std::size_t leaf_rules_;
    SpaceEvaluation& out_;
    const std::vector<const Chain*>& chains_;          // reachable from builtin_, builtin_ first
    const std::vector<std::vector<RuleInfo>>& infos_;  // per chain and rule
    std::vector<Item> items_;                   // in chain order, each chain's in walk order
    std::vector<Part> parts_;                   // the boxes of the region asked about
    region_cut::Shapes shapes_;
    std::vector<std::uint64_t> reached_;  // per chain: the stamp of the last prune that reached it
    std::uint64_t stamp_ = 0;
    // The current leaf: per chain, its rules that meet the leaf.
    std::vector<std::pair<std::size_t, std::size_t>> spans_;
    std::vector<std::uint32_t> leaf_rules_list_;
    std::vector<PacketSet> clipped_;  // per leaf_rules_list_ entry: the rule's match within the leaf
    std::vector<Decision> strict_decisions_;
    // The current walk.
    std::uint8_t mode_ = mode_bit(ConditionMode::lenient);
    std::vector<Decision>* decisions_ = nullptr;
    std::vector<std::size_t> stack_;
    bool conditions_met_ = false;
};

}  // namespace fwlint::space_detail
