#include "analyze/exposure_space.hpp"

#include "analyze/evaluate_windows.hpp"
#include "analyze/takes_part.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <functional>
#include <memory>

namespace fwlint {

namespace {

// A box is filed as at most this many items (runs of its intervals in its
// most divided dimension).
constexpr std::size_t max_runs = 64;

// Kernel jump depth is limited; evaluate.cpp's walk stops at the same depth.
constexpr int max_depth = 64;

using Corner = std::array<u128, dim_count>;

// What a rule does to the packets it takes, as the walk needs it.
enum class Step : std::uint8_t { accept, deny, unknown, ret, jump, go_to };

struct RuleInfo {
    Step step = Step::deny;
    std::uint8_t takes = 0;     // bit m: takes its packets in ConditionMode m
    bool conditional = false;   // an unmodelled condition: the modes may differ
    int target = -1;            // jump/goto: ordinal of the target chain
};

constexpr std::uint8_t mode_bit(ConditionMode m) { return std::uint8_t(1u << unsigned(m)); }
constexpr std::uint8_t both_modes = mode_bit(ConditionMode::strict) | mode_bit(ConditionMode::lenient);

// One box of one rule's match, by its bounds (a box whose dimensions hold
// several intervals is filed by their hull: the walk's exact test decides).
struct Item {
    Corner lo, hi;
    std::uint32_t chain = 0;  // ordinal in Space::chains
    std::uint32_t rule = 0;   // index in that chain
    bool solid = false;       // the bounds are the rule's packets (one interval per dimension)
};

struct Region {
    Corner lo, hi;
};

template <class T>
bool meets(const T& it, const Region& r) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (it.hi[d] < r.lo[d] || r.hi[d] < it.lo[d]) return false;
    return true;
}

template <class T>
bool spans(const T& it, const Region& r) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (it.lo[d] > r.lo[d] || it.hi[d] < r.hi[d]) return false;
    return true;
}

// A box of the region asked about, by its bounds.
struct Part {
    Corner lo, hi;
    const Box* box = nullptr;
    bool solid = false;  // one interval per dimension: the bounds are the box
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

    Prepared(const Policy& p, const Chain& b, const std::function<void(const Chain&, const Rule&)>& visit)
        : policy(&p), builtin(&b) {
        chains = p.reachable_from(b);
        const bool windows = p.order == EvaluationOrder::windows_precedence;
        infos.resize(chains.size());
        order.resize(chains.size());
        const unsigned shift = p.family == Family::v6 ? 96 : 0;
        for (std::size_t c = 0; c < chains.size(); ++c) {
            const auto& rules = chains[c]->rules;
            infos[c].resize(rules.size());
            for (std::size_t i = 0; i < rules.size(); ++i) {
                const Rule& r = rules[i];
                if (visit) visit(*chains[c], r);
                RuleInfo info;
                if (!(windows ? describe_windows(r, info) : describe(r, info))) continue;
                auto boxes = r.match.boxes(p.family);
                if (boxes.empty()) continue;
                infos[c][i] = info;
                Entry e;
                e.rule = std::uint32_t(i);
                u128 lo[dim_count], hi[dim_count];
                for (std::size_t d = 0; d < dim_count; ++d) lo[d] = boxes.front().dims[d].min(), hi[d] = boxes.front().dims[d].max();
                for (const Box& bx : boxes.subspan(1))
                    for (std::size_t d = 0; d < dim_count; ++d)
                        lo[d] = std::min(lo[d], bx.dims[d].min()), hi[d] = std::max(hi[d], bx.dims[d].max());
                e.proto_lo = std::uint8_t(lo[proto_dim]), e.proto_hi = std::uint8_t(hi[proto_dim]);
                e.port_lo = std::uint16_t(lo[dport_dim]), e.port_hi = std::uint16_t(hi[dport_dim]);
                e.src_lo = std::uint32_t(lo[src_dim] >> shift), e.src_hi = std::uint32_t(hi[src_dim] >> shift);
                e.dst_lo = std::uint32_t(lo[dst_dim] >> shift), e.dst_hi = std::uint32_t(hi[dst_dim] >> shift);
                order[c].push_back(e);
            }
            // Windows applies bypass, then block, then allow rules (each
            // class in file order).
            if (windows)
                std::stable_sort(order[c].begin(), order[c].end(), [&](const Entry& a, const Entry& b) {
                    return windows_precedence_class(rules[a.rule]) < windows_precedence_class(rules[b.rule]);
                });
        }
    }

    // The walk's view of a first-match rule; false for one that never takes
    // a packet (disabled, replies only, LOG and other non-terminating
    // targets, a jump to no chain, a loopback-only condition).
    bool describe(const Rule& r, RuleInfo& info) const {
        if (!r.enabled || !r.new_flows) return false;
        switch (r.action) {
            case Action::accept: info.step = Step::accept; break;
            case Action::drop:
            case Action::reject: info.step = Step::deny; break;
            case Action::other: info.step = Step::unknown; break;
            case Action::ret: info.step = Step::ret; break;
            case Action::jump:
            case Action::go_to: {
                info.step = r.action == Action::jump ? Step::jump : Step::go_to;
                const Chain* t = policy->find_chain(r.target);
                info.target = t ? ordinal(t) : -1;
                if (info.target < 0) return false;
                break;
            }
            case Action::log:
            case Action::none: return false;
        }
        for (ConditionMode m : {ConditionMode::strict, ConditionMode::lenient})
            if (takes_part(r, m)) info.takes |= mode_bit(m);
        info.conditional = !r.conditions.empty() && !loopback_only(r);
        return info.takes != 0;
    }

    // A Windows rule: evaluate_windows_chain's reading.
    static bool describe_windows(const Rule& r, RuleInfo& info) {
        if (!r.enabled || !r.new_flows) return false;
        info.step = r.action == Action::accept ? Step::accept : Step::deny;
        for (ConditionMode m : {ConditionMode::strict, ConditionMode::lenient})
            if (windows_takes_part(r, m)) info.takes |= mode_bit(m);
        info.conditional = windows_has_real_condition(r);
        return info.takes != 0;
    }
};

class Space {
public:
    Space(const Prepared& prep, const PacketSet& region, std::size_t leaf_rules, std::size_t max_rules,
          SpaceEvaluation& out)
        : policy_(*prep.policy), builtin_(*prep.builtin), leaf_rules_(leaf_rules), out_(out),
          chains_(prep.chains), infos_(prep.infos) {
        const Family f = policy_.family;
        std::vector<std::uint32_t> parts;
        for (const Box& b : region.boxes(f)) {
            if (b.empty()) continue;
            Part p;
            p.solid = true;
            for (std::size_t d = 0; d < dim_count; ++d) {
                p.lo[d] = b.dims[d].min(), p.hi[d] = b.dims[d].max();
                p.solid = p.solid && b.dims[d].intervals().size() == 1;
            }
            p.box = &b;
            parts.push_back(std::uint32_t(parts_.size()));
            parts_.push_back(p);
        }
        if (parts_.empty()) return;
        Region root = {parts_.front().lo, parts_.front().hi};
        for (const Part& p : parts_)
            for (std::size_t d = 0; d < dim_count; ++d)
                root.lo[d] = std::min(root.lo[d], p.lo[d]), root.hi[d] = std::max(root.hi[d], p.hi[d]);
        const unsigned shift = f == Family::v6 ? 96 : 0;
        const auto key = [&](Dim d, const Corner& c) { return std::uint32_t(c[d] >> shift); };
        const std::uint32_t src_lo = key(src_dim, root.lo), src_hi = key(src_dim, root.hi);
        const std::uint32_t dst_lo = key(dst_dim, root.lo), dst_hi = key(dst_dim, root.hi);

        std::vector<std::uint32_t> all;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> chosen;  // (chain, rule) that meet the region
        // Chains in the order jumps that meet the region reach them (their
        // items stay together, each chain's in walk order); a chain no such
        // jump reaches has no say in the region.
        std::vector<char> queued(chains_.size(), 0);
        std::vector<std::uint32_t> todo{0};
        queued[0] = 1;
        for (std::size_t next = 0; next < todo.size(); ++next) {
            const std::uint32_t c = todo[next];
            const auto& rules = chains_[c]->rules;
            std::uint8_t ended = 0;  // as prune(): modes whose walk of this chain ended in the region
            for (const Prepared::Entry& e : prep.order[c]) {
                if (e.proto_hi < root.lo[proto_dim] || e.proto_lo > root.hi[proto_dim] ||
                    e.port_hi < root.lo[dport_dim] || e.port_lo > root.hi[dport_dim] || e.src_hi < src_lo ||
                    e.src_lo > src_hi || e.dst_hi < dst_lo || e.dst_lo > dst_hi)
                    continue;
                const RuleInfo& info = infos_[c][e.rule];
                if ((info.takes & ~ended) == 0) continue;
                const Meeting m = meeting(rules[e.rule], root);
                if (!m.meets) continue;
                chosen.emplace_back(c, e.rule);
                // The safety net (counted again after prune() below): stop
                // before filing thousands of rules more.
                if (chosen.size() > max_rules) {
                    out_.region_rules = chosen.size();
                    out_.complete = false;
                    return;
                }
                if (m.covers && info.step != Step::jump) ended |= info.takes;
                if (info.target >= 0 && !queued[std::size_t(info.target)]) {
                    queued[std::size_t(info.target)] = 1;
                    todo.push_back(std::uint32_t(info.target));
                }
                if (ended == both_modes) break;
            }
        }
        for (const auto& [c, r] : chosen) add_items(chains_[c]->rules[r], c, r, root, all);
        // Most rules of a large chain drop out here (after the first rule
        // that covers the region, in chains no jump of the region reaches):
        // only the others are sorted into shapes.
        reached_.assign(chains_.size(), 0);
        prune(root, all);
        // The safety net: the rules that still meet the region.
        out_.region_rules = 0;
        for (std::size_t k = 0; k < all.size(); ++k)
            if (k == 0 || items_[all[k]].rule != items_[all[k - 1]].rule || items_[all[k]].chain != items_[all[k - 1]].chain)
                ++out_.region_rules;
        if (out_.region_rules > max_rules) {
            out_.complete = false;
            return;
        }
        number_shapes(all);
        cut(root, std::move(all), std::move(parts));
    }

private:
    // Whether a box of the rule meets `root`, and whether one that is all
    // of the rule's packets there (one interval per dimension) covers it.
    struct Meeting {
        bool meets = false, covers = false;
    };
    Meeting meeting(const Rule& r, const Region& root) const {
        Meeting m;
        for (const Box& b : r.match.boxes(policy_.family)) {
            if (b.empty()) continue;
            Region box;
            bool solid = true;
            for (std::size_t d = 0; d < dim_count; ++d) {
                box.lo[d] = b.dims[d].min(), box.hi[d] = b.dims[d].max();
                solid = solid && b.dims[d].intervals().size() == 1;
            }
            if (!meets(box, root)) continue;
            m.meets = true;
            if (solid && spans(box, root)) m.covers = true;
        }
        return m;
    }

    // Files the rule's boxes that meet `root`.
    bool add_items(const Rule& r, std::uint32_t chain, std::uint32_t index, const Region& root,
                   std::vector<std::uint32_t>& all) {
        bool covers = false;
        for (const Box& b : r.match.boxes(policy_.family)) {
            if (b.empty()) continue;
            Item it;
            for (std::size_t d = 0; d < dim_count; ++d) it.lo[d] = b.dims[d].min(), it.hi[d] = b.dims[d].max();
            if (!meets(it, root)) continue;
            it.chain = chain;
            it.rule = index;
            // A dimension of many intervals (an object-group of scattered
            // hosts, a port list) is filed by runs of a few intervals, not
            // by its hull, so cuts can separate it.
            std::size_t split = dim_count, most = 1;
            for (std::size_t d = 0; d < dim_count; ++d)
                if (b.dims[d].intervals().size() > most) split = d, most = b.dims[d].intervals().size();
            if (split == dim_count) {
                it.solid = true;
                covers = covers || spans(it, root);
                all.push_back(std::uint32_t(items_.size()));
                items_.push_back(it);
                continue;
            }
            const auto& ivs = b.dims[split].intervals();
            const std::size_t run = (ivs.size() + max_runs - 1) / max_runs;
            for (std::size_t k = 0; k < ivs.size(); k += run) {
                it.lo[split] = ivs[k].lo;
                it.hi[split] = ivs[std::min(k + run, ivs.size()) - 1].hi;
                if (!meets(it, root)) continue;
                all.push_back(std::uint32_t(items_.size()));
                items_.push_back(it);
            }
        }
        return covers;
    }

    const RuleInfo& info(const Item& it) const { return infos_[it.chain][it.rule]; }

    // Drops from `items` (in chain and walk order) what cannot take a packet
    // of `region` in any mode still open: the rules of a chain after one
    // that covers the region whole and ends the chain's walk there in a mode
    // (it takes the whole query, which stays inside the region), rules that
    // take nothing in the open modes, and the rules of user chains no jump
    // left in the region leads to.
    void prune(const Region& region, std::vector<std::uint32_t>& items) {
        std::size_t kept = 0;
        std::uint32_t chain = ~0u;
        std::uint8_t ended = 0;  // modes in which the current chain's walk has ended
        bool jumps = false;
        for (std::uint32_t k : items) {
            const Item& it = items_[k];
            if (it.chain != chain) chain = it.chain, ended = 0;
            const RuleInfo& ri = info(it);
            if ((ri.takes & ~ended) == 0) continue;
            items[kept++] = k;
            if (ri.step == Step::jump || ri.step == Step::go_to) jumps = true;
            if (ri.step != Step::jump && it.solid && spans(it, region)) ended |= ri.takes;
        }
        items.resize(kept);
        if (chains_.size() == 1) return;
        // Chains reached in the region: the built-in one, and the targets of
        // the jumps and gotos of reached chains.
        ++stamp_;
        reached_[0] = stamp_;
        for (bool grew = jumps; grew;) {
            grew = false;
            for (std::uint32_t k : items) {
                const Item& it = items_[k];
                const RuleInfo& ri = info(it);
                if (ri.target < 0 || reached_[it.chain] != stamp_ || reached_[std::size_t(ri.target)] == stamp_)
                    continue;
                reached_[std::size_t(ri.target)] = stamp_;
                grew = true;
            }
        }
        kept = 0;
        for (std::uint32_t k : items)
            if (reached_[items_[k].chain] == stamp_) items[kept++] = k;
        items.resize(kept);
    }

    // Items that cover the region in every dimension are in every part of
    // it: no cut separates them, and in a walk they take all of the query
    // or none of it (cheap). Items of one shape (rules with equal bounds)
    // cannot be separated either, and after the first the walk meets them
    // with a query they take all or none of. So what a cut is judged by, and
    // a leaf's cost, is the number of distinct shapes among the items that
    // do not span it.
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

    void number_shapes(const std::vector<std::uint32_t>& items) {
        std::vector<std::uint32_t> order = items;
        auto key = [&](std::uint32_t k) { return std::tie(items_[k].lo, items_[k].hi); };
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
        shape_.assign(items_.size(), 0);
        std::uint32_t id = 0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k > 0 && key(order[k]) != key(order[k - 1])) ++id;
            shape_[order[k]] = id;
        }
        seen_.assign(std::size_t(id) + 1, 0);  // stamped per shape
    }

    void cut(const Region& region, std::vector<std::uint32_t> items, std::vector<std::uint32_t> parts,
             bool pruned = true) {
        if (!pruned) prune(region, items);
        out_.work += items.size();
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
                for (const Region& side : {left, right}) {
                    std::vector<std::uint32_t> sub_parts;
                    for (std::uint32_t p : parts)
                        if (meets(parts_[p], side)) sub_parts.push_back(p);
                    if (sub_parts.empty()) continue;
                    std::vector<std::uint32_t> sub;
                    for (std::uint32_t k : items)
                        if (meets(items_[k], side)) sub.push_back(k);
                    cut(side, std::move(sub), std::move(sub_parts), false);
                }
                return;
            }
        }
        leaf(region, items, parts, n);
    }

    // `partial`: the shapes that do not span the leaf (what a walk may cut
    // the query by).
    void leaf(const Region& region, const std::vector<std::uint32_t>& items, const std::vector<std::uint32_t>& parts,
              std::size_t partial) {
        ++out_.leaves;
        out_.densest_leaf = std::max(out_.densest_leaf, partial);
        const Family f = policy_.family;
        Box box;
        for (std::size_t d = 0; d < dim_count; ++d) box.dims[d] = IntervalSet::range(region.lo[d], region.hi[d]);
        // The leaf's share of the region: the leaf itself when one box of
        // the region covers it (the boxes are disjoint: no other meets it).
        PacketSet query;
        if (parts.size() == 1 && parts_[parts.front()].solid && spans(parts_[parts.front()], region)) {
            query = PacketSet::of(f, box);
        } else {
            const PacketSet whole = PacketSet::of(f, box);
            for (std::uint32_t p : parts) query.add_disjoint(whole.intersect(PacketSet::of(f, *parts_[p].box)));
            if (query.empty()) return;
        }
        // Each rule's match clipped to the leaf: the walk's query stays in
        // the leaf, so it meets and loses the same packets, and a rule of
        // scattered hosts is only the few of them inside.
        spans_.assign(chains_.size(), {0, 0});
        leaf_rules_list_.clear();
        clipped_.clear();
        const PacketSet leaf_set = PacketSet::of(f, box);
        for (std::size_t k = 0; k < items.size(); ++k) {
            const Item& it = items_[items[k]];
            if (k > 0 && it.chain == items_[items[k - 1]].chain && it.rule == items_[items[k - 1]].rule) continue;
            PacketSet part = it.solid && spans(it, region)
                                 ? leaf_set
                                 : chains_[it.chain]->rules[it.rule].match.intersect(leaf_set);
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
        if (lenient.empty()) return;  // the strict walk accepts no more than the lenient one
        strict_decisions_.clear();
        run(query, ConditionMode::strict, &strict_decisions_);
        PacketSet strict;
        for (const Decision& d : strict_decisions_)
            if (d.verdict == Verdict::accept) strict.add_disjoint(d.packets);
        PacketSet only_lenient = lenient.subtract(strict);
        if (policy_.order == EvaluationOrder::windows_precedence && !strict.empty()) {
            // Windows has no rule order: a packet an unconditional allow
            // accepts is that rule's (as the strict walk says), even where a
            // conditional one (remoteip=LocalSubnet) would accept it too. An
            // allow limited to one program takes it only for that program:
            // the conditional rule keeps it too (these decisions overlap).
            PacketSet sure_for_all;
            for (const Decision& d : strict_decisions_)
                if (d.verdict == Verdict::accept && !(d.rule && scoped(*d.rule))) sure_for_all.add_disjoint(d.packets);
            std::size_t kept = first;
            for (std::size_t k = first; k < out_.decisions.size(); ++k) {
                Decision& d = out_.decisions[k];
                if (d.verdict == Verdict::accept) d.packets = d.packets.subtract(sure_for_all);
                if (!d.packets.empty()) out_.decisions[kept++] = std::move(d);
            }
            out_.decisions.resize(kept);
            for (Decision& d : strict_decisions_)
                if (d.verdict == Verdict::accept) out_.decisions.push_back(std::move(d));
        }
        out_.unsure.add_disjoint(only_lenient);
    }

    static bool scoped(const Rule& r) {
        return std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& c) { return c.scope_only; });
    }

    // evaluate.cpp's evaluate(): the walk, then the built-in chain's policy
    // for what is left.
    void run(const PacketSet& query, ConditionMode mode, std::vector<Decision>* decisions) {
        mode_ = mode_bit(mode);
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
        std::size_t compact_at = 16;
        const auto [begin, end] = spans_[c];
        for (std::size_t k = begin; k < end; ++k) {
            if (query.empty()) break;
            const std::size_t index = leaf_rules_list_[k];
            const Rule& rule = chain.rules[index];
            const RuleInfo& ri = infos_[c][index];
            const PacketSet& match = clipped_[k];  // rule.match within the leaf
            if (!query.intersects(match)) continue;
            if (ri.conditional) conditions_met_ = true;
            if (!(ri.takes & mode_)) continue;
            PacketSet taken = query.intersect(match);
            out_.work += query.box_count();
            switch (ri.step) {
                case Step::accept: decide(&rule, chain, Verdict::accept, taken); break;
                case Step::deny: decide(&rule, chain, Verdict::deny, taken); break;
                case Step::unknown: decide(&rule, chain, Verdict::unknown, taken); break;
                case Step::ret: returned = returned.unite(taken); break;
                case Step::jump: {
                    PacketSet back = walk(std::size_t(ri.target), taken, depth + 1);
                    query = query.subtract(taken).unite(back);
                    continue;
                }
                case Step::go_to: returned = returned.unite(walk(std::size_t(ri.target), taken, depth + 1)); break;
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
        return returned.unite(query);
    }

    const Policy& policy_;
    const Chain& builtin_;
    std::size_t leaf_rules_;
    SpaceEvaluation& out_;
    const std::vector<const Chain*>& chains_;          // reachable from builtin_, builtin_ first
    const std::vector<std::vector<RuleInfo>>& infos_;  // per chain and rule
    std::vector<Item> items_;                   // in chain order, each chain's in walk order
    std::vector<Part> parts_;                   // the boxes of the region asked about
    std::vector<std::uint32_t> shape_;  // per item: equal bounds, equal shape
    std::vector<std::uint64_t> seen_;   // per shape: the stamp of the last count that met it
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

}  // namespace

struct ChainSpace::Impl : Prepared {
    using Prepared::Prepared;
};

ChainSpace::ChainSpace(const Policy& policy, const Chain& builtin,
                       const std::function<void(const Chain&, const Rule&)>& visit)
    : impl_(std::make_unique<Impl>(policy, builtin, visit)) {}

ChainSpace::~ChainSpace() = default;

const std::vector<const Chain*>& ChainSpace::chains() const { return impl_->chains; }

SpaceEvaluation ChainSpace::evaluate(const PacketSet& region, std::size_t leaf_rules, std::size_t max_rules) const {
    SpaceEvaluation out;
    Space(*impl_, region, leaf_rules, max_rules, out);
    return out;
}

SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, std::size_t leaf_rules) {
    return ChainSpace(policy, builtin).evaluate(PacketSet::all(policy.family), leaf_rules);
}

SpaceEvaluation evaluate_space(const Policy& policy, const Chain& builtin, const PacketSet& region,
                               std::size_t leaf_rules) {
    return ChainSpace(policy, builtin).evaluate(region, leaf_rules);
}

}  // namespace fwlint
