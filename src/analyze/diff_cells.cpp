#include "analyze/diff_cells.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "analyze/evaluate_windows.hpp"
#include "analyze/region_cut.hpp"
#include "analyze/walk_step.hpp"

namespace fwlint {

namespace {

// evaluate.cpp's walk stops at the same depth.
constexpr int max_depth = 64;

using region_cut::Corner;
using region_cut::Part;
using region_cut::Region;
using region_cut::meets;
using region_cut::spans;

// A rule as the walk sees it.
struct RuleView : WalkStep {
    const Rule* rule = nullptr;
};

// The bounds of a rule's packets of family `f`; `solid`: one box of one
// interval per dimension (the bounds are the packets). false for no packets.
bool bounds(const Rule& r, Family f, Corner& lo, Corner& hi, bool& solid) {
    auto boxes = r.match.boxes(f);
    if (boxes.empty()) return false;
    solid = boxes.size() == 1;
    for (std::size_t d = 0; d < dim_count; ++d) {
        lo[d] = boxes.front().dims[d].min(), hi[d] = boxes.front().dims[d].max();
        solid = solid && boxes.front().dims[d].intervals().size() == 1;
    }
    for (const Box& bx : boxes.subspan(1))
        for (std::size_t d = 0; d < dim_count; ++d)
            lo[d] = std::min(lo[d], bx.dims[d].min()), hi[d] = std::max(hi[d], bx.dims[d].max());
    return true;
}

// One side: the chain and the user chains it reaches, each chain's rules
// that can take a packet, in walk order.
struct Program {
    const Policy* policy = nullptr;
    const Chain* builtin = nullptr;
    std::vector<const Chain*> chains;           // builtin first
    std::vector<std::vector<RuleView>> rules;   // per chain

    Program(const Policy& p, const Chain& b) : policy(&p), builtin(&b) {
        chains = p.reachable_from(b);
        if (chains.empty() || chains.front() != &b) chains.insert(chains.begin(), &b);
        const bool windows = p.order == EvaluationOrder::windows_precedence;
        rules.resize(chains.size());
        for (std::size_t c = 0; c < chains.size(); ++c) {
            for (const Rule& r : chains[c]->rules) {
                RuleView v;
                v.rule = &r;
                if (!(windows ? read_windows_step(r, v) : read_step(r, p, chains, v))) continue;
                if (r.match.boxes(p.family).empty()) continue;
                rules[c].push_back(v);
            }
            // Windows applies bypass, then block, then allow rules (each class in file order).
            if (windows)
                std::stable_sort(rules[c].begin(), rules[c].end(), [](const RuleView& a, const RuleView& b) {
                    return windows_precedence_class(*a.rule) < windows_precedence_class(*b.rule);
                });
        }
    }

    int ordinal(const Chain* c) const {
        auto it = std::find(chains.begin(), chains.end(), c);
        return it == chains.end() ? -1 : int(it - chains.begin());
    }
};

// A rule of one side, by its bounds.
struct Item {
    Corner lo, hi;
    std::uint8_t side = 0;
    std::uint32_t chain = 0, index = 0;  // Program::rules[chain][index]
    bool solid = false;
};

class Cells {
public:
    Cells(const Program& old_side, const Program& new_side, const PacketSet& region, std::size_t cell_rules,
          const std::function<void(const CellWalks&)>& each, CellStats& stats)
        : sides_{&old_side, &new_side}, family_(old_side.policy->family), cell_rules_(cell_rules), each_(each),
          stats_(stats) {
        parts_ = region_cut::parts_of(region, family_);
        if (parts_.empty()) return;
        std::vector<std::uint32_t> parts(parts_.size());
        for (std::size_t k = 0; k < parts.size(); ++k) parts[k] = std::uint32_t(k);
        const Region root = region_cut::hull_of(parts_, parts);
        // Each dimension's values the parts hold (merged): a rule outside
        // them in some dimension meets no part (most rules of a large file,
        // for a few scattered changes), and is never filed.
        std::array<std::vector<std::pair<u128, u128>>, dim_count> held;
        for (std::size_t d = 0; d < dim_count; ++d) {
            auto& h = held[d];
            for (const Part& p : parts_) h.emplace_back(p.lo[d], p.hi[d]);
            std::sort(h.begin(), h.end());
            std::size_t n = 0;
            for (const auto& iv : h)
                if (n > 0 && (h[n - 1].second == ~u128(0) || iv.first <= h[n - 1].second + 1))
                    h[n - 1].second = std::max(h[n - 1].second, iv.second);
                else
                    h[n++] = iv;
            h.resize(n);
        }
        auto in_held = [&](const Corner& lo, const Corner& hi) {
            for (std::size_t d = 0; d < dim_count; ++d) {
                const auto& h = held[d];
                // The first held interval that ends at or after lo.
                auto it = std::lower_bound(h.begin(), h.end(), lo[d],
                                           [](const std::pair<u128, u128>& iv, u128 v) { return iv.second < v; });
                if (it == h.end() || it->first > hi[d]) return false;
            }
            return true;
        };
        std::vector<std::uint32_t> items;
        for (std::uint8_t s = 0; s < 2; ++s)
            for (std::size_t c = 0; c < sides_[s]->rules.size(); ++c) {
                const auto& rules = sides_[s]->rules[c];
                for (std::size_t i = 0; i < rules.size(); ++i) {
                    Item it;
                    if (!bounds(*rules[i].rule, family_, it.lo, it.hi, it.solid) || !meets(it, root) ||
                        !in_held(it.lo, it.hi))
                        continue;
                    it.side = s, it.chain = std::uint32_t(c), it.index = std::uint32_t(i);
                    items.push_back(std::uint32_t(items_.size()));
                    items_.push_back(it);
                }
            }
        reached_.assign(2 * std::max(old_side.chains.size(), new_side.chains.size()), 0);
        prune(root, items);
        shapes_.number(items_, items);
        cut(root, std::move(items), std::move(parts), true);
    }

private:
    const RuleView& view(const Item& it) const { return sides_[it.side]->rules[it.chain][it.index]; }
    std::size_t chain_slot(const Item& it) const { return std::size_t(it.side) * reached_.size() / 2 + it.chain; }

    // Drops from `items` (each side's chains in order, each chain's rules in
    // walk order) what cannot take a packet of `region` in a mode still
    // open: a chain's rules after one that covers the region and ends the
    // chain's walk in a mode, rules that take nothing in the open modes, the
    // rules of user chains no jump left in the region reaches.
    void prune(const Region& region, std::vector<std::uint32_t>& items) {
        std::size_t kept = 0;
        std::size_t current = ~std::size_t(0);
        std::uint8_t ended = 0;
        bool jumps = false;
        for (std::uint32_t k : items) {
            const Item& it = items_[k];
            if (chain_slot(it) != current) current = chain_slot(it), ended = 0;
            const RuleView& v = view(it);
            if ((v.takes & ~ended) == 0) continue;
            items[kept++] = k;
            if (v.step == Step::jump || v.step == Step::go_to) jumps = true;
            if (v.step != Step::jump && it.solid && spans(it, region)) ended |= v.takes;
        }
        items.resize(kept);
        if (!jumps) return;
        ++stamp_;
        reached_[0] = stamp_;
        reached_[reached_.size() / 2] = stamp_;
        for (bool grew = true; grew;) {
            grew = false;
            for (std::uint32_t k : items) {
                const Item& it = items_[k];
                const RuleView& v = view(it);
                if (v.target < 0 || reached_[chain_slot(it)] != stamp_) continue;
                std::size_t t = std::size_t(it.side) * reached_.size() / 2 + std::size_t(v.target);
                if (reached_[t] == stamp_) continue;
                reached_[t] = stamp_;
                grew = true;
            }
        }
        kept = 0;
        for (std::uint32_t k : items)
            if (reached_[chain_slot(items_[k])] == stamp_) items[kept++] = k;
        items.resize(kept);
    }

    void cut(Region region, std::vector<std::uint32_t> items, std::vector<std::uint32_t> parts, bool pruned) {
        // Only where the region's parts are: a smaller box that more rules span or miss.
        const Region hull = region_cut::hull_of(parts_, parts);
        bool shrunk = false;
        for (std::size_t d = 0; d < dim_count; ++d) {
            if (hull.lo[d] > region.lo[d]) region.lo[d] = hull.lo[d], shrunk = true;
            if (hull.hi[d] < region.hi[d]) region.hi[d] = hull.hi[d], shrunk = true;
        }
        if (shrunk) {
            std::erase_if(items, [&](std::uint32_t k) { return !meets(items_[k], region); });
            pruned = false;
        }
        if (!pruned) prune(region, items);
        const std::size_t n = shapes_.count(items_, items, region);
        // Several parts and many rules: first separate the parts (a few
        // scattered changes are a few small boxes of a large hull).
        if (n > cell_rules_ && parts.size() > 1 && split_parts(region, items, parts)) return;
        if (n > cell_rules_) {
            if (const auto cut_at = shapes_.best_cut(items_, items, region, n)) {
                const auto [left, right] = region_cut::split(region, cut_at->dim, cut_at->at);
                cut_sides(left, right, items, parts);
                return;
            }
        }
        cell(region, items, parts, n);
    }

    // Goes on in both sides of a cut with the items and parts that meet them.
    void cut_sides(const Region& left, const Region& right, const std::vector<std::uint32_t>& items,
                   const std::vector<std::uint32_t>& parts) {
        for (const Region& side : {left, right}) {
            std::vector<std::uint32_t> sub_parts = region_cut::meeting(parts_, parts, side);
            if (sub_parts.empty()) continue;
            cut(side, region_cut::meeting(items_, items, side), std::move(sub_parts), false);
        }
    }

    // Cuts `region` between its parts at the median of their starts, in the
    // dimension that leaves the fewer parts on the busier side; false when
    // no cut separates any.
    bool split_parts(const Region& region, const std::vector<std::uint32_t>& items,
                     const std::vector<std::uint32_t>& parts) {
        std::size_t best_dim = dim_count, best_max = parts.size();
        u128 best_at = 0;
        std::vector<u128> starts;
        for (std::size_t d = 0; d < dim_count; ++d) {
            starts.clear();
            for (std::uint32_t p : parts)
                if (parts_[p].lo[d] > region.lo[d]) starts.push_back(parts_[p].lo[d]);
            if (starts.empty()) continue;
            auto mid = starts.begin() + std::ptrdiff_t(starts.size() / 2);
            std::nth_element(starts.begin(), mid, starts.end());
            const u128 at = *mid;
            std::size_t l = 0, r = 0;
            for (std::uint32_t p : parts) {
                l += parts_[p].lo[d] < at;
                r += parts_[p].hi[d] >= at;
            }
            if (std::max(l, r) < best_max) best_dim = d, best_max = std::max(l, r), best_at = at;
        }
        if (best_dim == dim_count) return false;
        const auto [left, right] = region_cut::split(region, best_dim, best_at);
        cut_sides(left, right, items, parts);
        return true;
    }

    void cell(const Region& region, const std::vector<std::uint32_t>& items, const std::vector<std::uint32_t>& parts,
              std::size_t partial) {
        ++stats_.cells;
        stats_.densest = std::max(stats_.densest, partial);
        Box box;
        for (std::size_t d = 0; d < dim_count; ++d) box.dims[d] = IntervalSet::range(region.lo[d], region.hi[d]);
        const PacketSet cell_set = PacketSet::of(family_, box);
        PacketSet query;
        if (parts.size() == 1 && parts_[parts.front()].solid && spans(parts_[parts.front()], region)) {
            query = cell_set;
        } else {
            for (std::uint32_t p : parts) query.add_disjoint(cell_set.intersect(PacketSet::of(family_, *parts_[p].box)));
            if (query.empty()) return;
        }
        // Each rule's packets within the cell, per side and chain in walk order.
        for (auto& side : spans_) side.assign(sides_[&side - spans_.data()]->chains.size(), {0, 0});
        list_.clear();
        clipped_.clear();
        for (std::uint32_t k : items) {
            const Item& it = items_[k];
            const RuleView& v = view(it);
            PacketSet part = it.solid && spans(it, region) ? cell_set : v.rule->match.intersect(cell_set);
            if (part.empty()) continue;  // its bounds met the cell, not its packets
            auto& span = spans_[it.side][it.chain];
            if (span.second == 0) span.first = list_.size();
            list_.push_back(&v);
            clipped_.push_back(std::move(part));
            span.second = list_.size();
        }
        CellWalks w;
        run(0, query, ConditionMode::lenient, w.old_lenient);
        if (w.old_lenient.conditions_met)
            run(0, query, ConditionMode::strict, w.old_strict);
        else
            w.old_strict = w.old_lenient;
        run(1, query, ConditionMode::lenient, w.new_lenient);
        if (w.new_lenient.conditions_met)
            run(1, query, ConditionMode::strict, w.new_strict);
        else
            w.new_strict = w.new_lenient;
        each_(w);
    }

    // evaluate.cpp's evaluate(): the walk, then the built-in chain's policy
    // for what is left.
    void run(std::uint8_t side, const PacketSet& query, ConditionMode mode, Evaluation& out) {
        side_ = side;
        mode_ = mode_bit(mode);
        out_ = &out;
        stack_.clear();
        const Chain& builtin = *sides_[side]->builtin;
        PacketSet rest = walk(0, query, 0);
        Verdict v = builtin.policy == Action::accept ? Verdict::accept : Verdict::deny;
        if (!builtin.policy) v = Verdict::unknown;
        decide(nullptr, builtin, v, rest);
    }

    void decide(const Rule* rule, const Chain& chain, Verdict v, const PacketSet& packets) {
        if (packets.empty()) return;
        out_->decisions.push_back(Decision{rule, &chain, v, packets});
        PacketSet& bucket = v == Verdict::accept ? out_->accepted : v == Verdict::deny ? out_->denied : out_->unknown;
        bucket.add_disjoint(packets);
    }

    // evaluate.cpp's Walker::walk over the cell's rules of chain `c`.
    PacketSet walk(std::size_t c, PacketSet query, int depth) {
        if (depth > max_depth || std::find(stack_.begin(), stack_.end(), c) != stack_.end()) return query;
        stack_.push_back(c);
        const Program& prog = *sides_[side_];
        const Chain& chain = *prog.chains[c];
        PacketSet returned;
        std::size_t compact_at = 16;
        const auto [begin, end] = spans_[side_][c];
        for (std::size_t k = begin; k < end; ++k) {
            if (query.empty()) break;
            const RuleView& v = *list_[k];
            const PacketSet& match = clipped_[k];
            if (!query.intersects(match)) continue;
            if (v.conditional) out_->conditions_met = true;
            if (!(v.takes & mode_)) continue;
            PacketSet taken = query.intersect(match);
            ++stats_.steps;
            stats_.query_boxes += query.box_count();
            switch (v.step) {
                case Step::accept: decide(v.rule, chain, Verdict::accept, taken); break;
                case Step::deny: decide(v.rule, chain, Verdict::deny, taken); break;
                case Step::unknown: decide(v.rule, chain, Verdict::unknown, taken); break;
                case Step::ret: returned.add_disjoint(taken); break;  // what a chain returns is taken from its query: disjoint
                case Step::jump: {
                    out_->jumps.push_back(JumpStep{v.rule, &chain, taken});
                    PacketSet back = walk(std::size_t(v.target), taken, depth + 1);
                    query = query.subtract_uncompacted(taken);
                    query.add_disjoint(back);  // came back from the part taken: disjoint from the rest
                    continue;
                }
                case Step::go_to:
                    out_->jumps.push_back(JumpStep{v.rule, &chain, taken});
                    returned.add_disjoint(walk(std::size_t(v.target), taken, depth + 1));
                    break;
            }
            // Compacted only when it has grown: a sort of every box per rule
            // would cost more than the walk.
            query = query.subtract_uncompacted(taken);
            if (query.box_count() > compact_at) {
                query.compact();
                compact_at = std::max<std::size_t>(16, 2 * query.box_count());
            }
        }
        stack_.pop_back();
        returned.add_disjoint(query);
        return returned;
    }

    std::array<const Program*, 2> sides_;
    Family family_;
    std::size_t cell_rules_;
    const std::function<void(const CellWalks&)>& each_;
    CellStats& stats_;
    std::vector<Item> items_;
    std::vector<Part> parts_;
    region_cut::Shapes shapes_;
    std::vector<std::uint64_t> reached_;  // per side and chain: the stamp of the last prune that reached it
    std::uint64_t stamp_ = 0;
    // The current cell: per side and chain, its rules' range in list_.
    std::array<std::vector<std::pair<std::size_t, std::size_t>>, 2> spans_;
    std::vector<const RuleView*> list_;
    std::vector<PacketSet> clipped_;  // per list_ entry: the rule's packets within the cell
    // The current walk.
    std::uint8_t side_ = 0;
    std::uint8_t mode_ = mode_bit(ConditionMode::lenient);
    Evaluation* out_ = nullptr;
    std::vector<std::size_t> stack_;
};

}  // namespace

CellStats walk_cells(const Policy& old_policy, const Chain& old_chain, const Policy& new_policy,
                     const Chain& new_chain, const PacketSet& region,
                     const std::function<void(const CellWalks&)>& each, std::size_t cell_rules) {
    CellStats stats;
    const Program old_side(old_policy, old_chain), new_side(new_policy, new_chain);
    Cells(old_side, new_side, region, cell_rules, each, stats);
    return stats;
}

}  // namespace fwlint
