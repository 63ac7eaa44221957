#include "analyze/exposure_space.hpp"

#include "analyze/takes_part.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

namespace fwlint {

namespace {

// A box is filed as at most this many items (runs of its intervals in its
// most divided dimension).
constexpr std::size_t max_runs = 64;

// Kernel jump depth is limited; evaluate.cpp's walk stops at the same depth.
constexpr int max_depth = 64;

using Corner = std::array<u128, dim_count>;

// One box of one rule's match, by its bounds (a box whose dimensions hold
// several intervals is filed by their hull: the walk's exact test decides).
struct Item {
    Corner lo, hi;
    std::uint32_t chain = 0;  // ordinal in Space::chains
    std::uint32_t rule = 0;   // index in that chain
};

struct Region {
    Corner lo, hi;
};

bool meets(const Item& it, const Region& r) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (it.hi[d] < r.lo[d] || r.hi[d] < it.lo[d]) return false;
    return true;
}

class Space {
public:
    Space(const Policy& policy, const Chain& builtin, std::size_t max_leaf_rules, std::size_t leaf_rules,
          SpaceEvaluation& out)
        : policy_(policy), builtin_(builtin), max_leaf_rules_(max_leaf_rules), leaf_rules_(leaf_rules), out_(out) {
        chains_ = policy.reachable_from(builtin);
        const Family f = policy.family;
        std::vector<std::uint32_t> all;
        for (std::size_t c = 0; c < chains_.size(); ++c) {
            const auto& rules = chains_[c]->rules;
            for (std::size_t i = 0; i < rules.size(); ++i) {
                const Rule& r = rules[i];
                // The walk skips these whatever the query: they take nothing.
                // LOG and other non-terminating targets take nothing either
                // (their conditions can only make the walk look at the
                // strict mode too, which then finds the same).
                if (!r.enabled || !r.new_flows || r.action == Action::log || r.action == Action::none) continue;
                for (const Box& b : r.match.boxes(f)) {
                    if (b.empty()) continue;
                    Item it;
                    for (std::size_t d = 0; d < dim_count; ++d) it.lo[d] = b.dims[d].min(), it.hi[d] = b.dims[d].max();
                    it.chain = std::uint32_t(c);
                    it.rule = std::uint32_t(i);
                    // A dimension of many intervals (an object-group of
                    // scattered hosts, a port list) is filed by runs of a few
                    // intervals, not by its hull, so cuts can separate it.
                    std::size_t split = dim_count, most = 1;
                    for (std::size_t d = 0; d < dim_count; ++d)
                        if (b.dims[d].intervals().size() > most) split = d, most = b.dims[d].intervals().size();
                    if (split == dim_count) {
                        all.push_back(std::uint32_t(items_.size()));
                        items_.push_back(it);
                        continue;
                    }
                    const auto& ivs = b.dims[split].intervals();
                    const std::size_t run = (ivs.size() + max_runs - 1) / max_runs;
                    for (std::size_t k = 0; k < ivs.size(); k += run) {
                        it.lo[split] = ivs[k].lo;
                        it.hi[split] = ivs[std::min(k + run, ivs.size()) - 1].hi;
                        all.push_back(std::uint32_t(items_.size()));
                        items_.push_back(it);
                    }
                }
            }
        }
        targets_.resize(chains_.size());
        for (std::size_t c = 0; c < chains_.size(); ++c)
            for (const Rule& r : chains_[c]->rules) {
                const Chain* t = nullptr;
                if (r.action == Action::jump || r.action == Action::go_to) t = policy.find_chain(r.target);
                targets_[c].push_back(t ? ordinal(t) : -1);
            }
        Region whole;
        Box all_box = Box::all(f);
        for (std::size_t d = 0; d < dim_count; ++d) whole.lo[d] = 0, whole.hi[d] = all_box.dims[d].max();
        number_shapes();
        cut(whole, all);
    }

private:
    int ordinal(const Chain* c) const {
        auto it = std::find(chains_.begin(), chains_.end(), c);
        return it == chains_.end() ? -1 : int(it - chains_.begin());
    }

    // Items that cover the region in every dimension are in every part of
    // it: no cut separates them, and in a walk they take all of the query
    // or none of it (cheap). Items of one shape (rules with equal bounds)
    // cannot be separated either, and after the first the walk meets them
    // with a query they take all or none of. So what a cut is judged by, and
    // a leaf's cost, is the number of distinct shapes among the items that
    // do not span it.
    static bool spans(const Item& it, const Region& r) {
        for (std::size_t d = 0; d < dim_count; ++d)
            if (it.lo[d] > r.lo[d] || it.hi[d] < r.hi[d]) return false;
        return true;
    }

    // Distinct shapes among `items` that meet `r` and do not span it.
    std::size_t shapes_in(const std::vector<std::uint32_t>& items, const Region& r) {
        ++stamp_;
        std::size_t n = 0;
        for (std::uint32_t k : items) {
            const Item& it = items_[k];
            if (!meets(it, r) || spans(it, r) || seen_[shape_[k]] == stamp_) continue;
            seen_[shape_[k]] = stamp_;
            ++n;
        }
        return n;
    }

    void number_shapes() {
        std::vector<std::uint32_t> order(items_.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = std::uint32_t(k);
        auto key = [&](std::uint32_t k) { return std::tie(items_[k].lo, items_[k].hi); };
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
        shape_.assign(items_.size(), 0);
        std::uint32_t id = 0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k > 0 && key(order[k]) != key(order[k - 1])) ++id;
            shape_[order[k]] = id;
        }
        seen_.assign(std::size_t(id) + 1, 0);
    }

    void cut(const Region& region, const std::vector<std::uint32_t>& items) {
        if (out_.too_dense) return;
        const std::size_t n = shapes_in(items, region);
        if (n > leaf_rules_) {
            // The cut that leaves the fewer shapes on its busier side: the
            // median of the shapes' ends inside the region, per dimension.
            std::size_t best_dim = dim_count, best_max = n, best_sum = 2 * n;
            u128 best_at = 0;
            std::vector<u128> ends;
            for (std::size_t d = 0; d < dim_count; ++d) {
                ends.clear();
                ++stamp_;
                for (std::uint32_t k : items) {
                    const Item& it = items_[k];
                    if (seen_[shape_[k]] == stamp_ || spans(it, region)) continue;
                    seen_[shape_[k]] = stamp_;
                    if (it.lo[d] > region.lo[d]) ends.push_back(it.lo[d]);
                    if (it.hi[d] < region.hi[d]) ends.push_back(it.hi[d] + 1);
                }
                if (ends.empty()) continue;
                auto mid = ends.begin() + std::ptrdiff_t(ends.size() / 2);
                std::nth_element(ends.begin(), mid, ends.end());
                const u128 at = *mid;  // left: [lo, at - 1], right: [at, hi]; region.lo < at <= region.hi
                Region left = region, right = region;
                left.hi[d] = at - 1;
                right.lo[d] = at;
                std::size_t l = shapes_in(items, left), r = shapes_in(items, right);
                std::size_t most = std::max(l, r);
                if (most < best_max || (most == best_max && l + r < best_sum))
                    best_dim = d, best_max = most, best_sum = l + r, best_at = at;
            }
            // Cut only when it helps enough to bound the depth.
            if (best_dim != dim_count && best_max + std::max<std::size_t>(1, n / 8) <= n) {
                Region left = region, right = region;
                left.hi[best_dim] = best_at - 1;
                right.lo[best_dim] = best_at;
                for (const Region& part : {left, right}) {
                    std::vector<std::uint32_t> sub;
                    for (std::uint32_t k : items)
                        if (meets(items_[k], part)) sub.push_back(k);
                    cut(part, sub);
                }
                return;
            }
        }
        leaf(region, items, n);
    }

    // `partial`: the shapes that do not span the leaf (what a walk may cut
    // the query by).
    void leaf(const Region& region, const std::vector<std::uint32_t>& items, std::size_t partial) {
        out_.densest_leaf = std::max(out_.densest_leaf, partial);
        if (partial > max_leaf_rules_) {
            out_.too_dense = true;
            return;
        }
        // The rules of each chain that meet the leaf, in chain order.
        Box box;
        for (std::size_t d = 0; d < dim_count; ++d) box.dims[d] = IntervalSet::range(region.lo[d], region.hi[d]);
        const PacketSet query = PacketSet::of(policy_.family, box);
        // Each rule's match clipped to the leaf: the walk's query stays in
        // the leaf, so it meets and loses the same packets, and a rule of
        // scattered hosts is only the few of them inside.
        spans_.assign(chains_.size(), {0, 0});
        leaf_rules_list_.clear();
        clipped_.clear();
        for (std::size_t k = 0; k < items.size(); ++k) {
            const Item& it = items_[items[k]];
            if (k > 0 && it.chain == items_[items[k - 1]].chain && it.rule == items_[items[k - 1]].rule) continue;
            PacketSet part = chains_[it.chain]->rules[it.rule].match.intersect(query);
            if (part.empty()) continue;  // its hull met the leaf, not its boxes
            if (spans_[it.chain].second == 0) spans_[it.chain].first = leaf_rules_list_.size();
            leaf_rules_list_.push_back(it.rule);
            clipped_.push_back(std::move(part));
            spans_[it.chain].second = leaf_rules_list_.size();
        }

        std::size_t first = out_.decisions.size();
        conditions_met_ = false;
        run(query, ConditionMode::lenient, &out_.decisions);
        if (!conditions_met_) return;
        PacketSet lenient;
        for (std::size_t k = first; k < out_.decisions.size(); ++k)
            if (out_.decisions[k].verdict == Verdict::accept) lenient.add_disjoint(out_.decisions[k].packets);
        std::vector<Decision> strict_decisions;
        run(query, ConditionMode::strict, &strict_decisions);
        PacketSet strict;
        for (const Decision& d : strict_decisions)
            if (d.verdict == Verdict::accept) strict.add_disjoint(d.packets);
        out_.unsure.add_disjoint(lenient.subtract(strict));
    }

    // evaluate.cpp's evaluate(): the walk, then the built-in chain's policy
    // for what is left.
    void run(const PacketSet& query, ConditionMode mode, std::vector<Decision>* decisions) {
        mode_ = mode;
        decisions_ = decisions;
        stack_.clear();
        PacketSet rest = walk(0, query, 0);
        Verdict v = builtin_.policy == Action::accept ? Verdict::accept : Verdict::deny;
        if (!builtin_.policy) v = Verdict::unknown;
        decide(nullptr, builtin_, v, rest);
    }

    void decide(const Rule* rule, const Chain& chain, Verdict v, const PacketSet& packets) {
        if (packets.empty()) return;
        decisions_->push_back(Decision{rule, &chain, v, packets});
    }

    // evaluate.cpp's Walker::walk over the leaf's rules of the chain (the
    // others cannot meet the query, which stays inside the leaf).
    PacketSet walk(std::size_t c, PacketSet query, int depth) {
        if (depth > max_depth || std::find(stack_.begin(), stack_.end(), c) != stack_.end()) return query;
        stack_.push_back(c);
        const Chain& chain = *chains_[c];
        PacketSet returned;
        const auto [begin, end] = spans_[c];
        for (std::size_t k = begin; k < end; ++k) {
            if (query.empty()) break;
            const std::size_t index = leaf_rules_list_[k];
            const Rule& rule = chain.rules[index];
            const PacketSet& match = clipped_[k];  // rule.match within the leaf
            if (!query.intersects(match)) continue;
            bool takes = takes_part(rule, mode_);
            if (!rule.conditions.empty() && !loopback_only(rule)) conditions_met_ = true;
            if (!takes) continue;
            PacketSet taken = query.intersect(match);
            switch (rule.action) {
                case Action::accept: decide(&rule, chain, Verdict::accept, taken); break;
                case Action::drop:
                case Action::reject: decide(&rule, chain, Verdict::deny, taken); break;
                case Action::other: decide(&rule, chain, Verdict::unknown, taken); break;
                case Action::ret: returned = returned.unite(taken); break;
                case Action::log:
                case Action::none: continue;
                case Action::jump: {
                    int target = targets_[c][index];
                    if (target < 0) continue;
                    PacketSet back = walk(std::size_t(target), taken, depth + 1);
                    query = query.subtract(taken).unite(back);
                    continue;
                }
                case Action::go_to: {
                    int target = targets_[c][index];
                    if (target < 0) continue;
                    returned = returned.unite(walk(std::size_t(target), taken, depth + 1));
                    break;
                }
            }
            query = query.subtract(taken);
        }
        stack_.pop_back();
        return returned.unite(query);
    }

    const Policy& policy_;
    const Chain& builtin_;
    std::size_t max_leaf_rules_, leaf_rules_;
    SpaceEvaluation& out_;
    std::vector<const Chain*> chains_;        // reachable from builtin_, builtin_ first
    std::vector<std::vector<int>> targets_;   // per chain and rule: ordinal of a jump/goto target, or -1
    std::vector<Item> items_;
    std::vector<std::uint32_t> shape_;  // per item: equal bounds, equal shape
    std::vector<std::uint64_t> seen_;   // per shape: the stamp of the last count that met it
    std::uint64_t stamp_ = 0;
    // The current leaf: per chain, its rules that meet the leaf.
    std::vector<std::pair<std::size_t, std::size_t>> spans_;
    std::vector<std::uint32_t> leaf_rules_list_;
    std::vector<PacketSet> clipped_;  // per leaf_rules_list_ entry: the rule's match within the leaf
    // The current walk.
    ConditionMode mode_ = ConditionMode::lenient;
    std::vector<Decision>* decisions_ = nullptr;
    std::vector<std::size_t> stack_;
    bool conditions_met_ = false;
};

}  // namespace

SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, std::size_t max_leaf_rules,
                               std::size_t leaf_rules) {
    SpaceEvaluation out;
    Space(policy, builtin, max_leaf_rules, leaf_rules, out);
    return out;
}

}  // namespace fwlint
