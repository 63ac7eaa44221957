// The region filed and cut: the rules that meet it (after those no packet
// of it reaches are set aside), then boxes split until each meets a few.
#include <algorithm>

#include "analyze/exposure_space_detail.hpp"

namespace fwlint::space_detail {

Space::Space(const Prepared& prep, const PacketSet& region, std::size_t leaf_rules, std::size_t max_rules,
             SpaceEvaluation& out)
    : policy_(*prep.policy), builtin_(*prep.builtin), leaf_rules_(leaf_rules), out_(out),
      chains_(prep.chains), infos_(prep.infos) {
    const Family f = policy_.family;
    parts_ = region_cut::parts_of(region, f);
    if (parts_.empty()) return;
    std::vector<std::uint32_t> parts(parts_.size());
    for (std::size_t k = 0; k < parts.size(); ++k) parts[k] = std::uint32_t(k);
    const Region root = region_cut::hull_of(parts_, parts);
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
    shapes_.number(items_, all);
    cut(root, std::move(all), std::move(parts));
}

Space::Meeting Space::meeting(const Rule& r, const Region& root) const {
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

bool Space::add_items(const Rule& r, std::uint32_t chain, std::uint32_t index, const Region& root,
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

void Space::prune(const Region& region, std::vector<std::uint32_t>& items) {
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

void Space::cut(const Region& region, std::vector<std::uint32_t> items, std::vector<std::uint32_t> parts, bool pruned) {
    if (!pruned) prune(region, items);
    out_.work += items.size();
    const std::size_t n = shapes_.count(items_, items, region);
    if (n > leaf_rules_) {
        if (const auto cut_at = shapes_.best_cut(items_, items, region, n)) {
            const auto [left, right] = region_cut::split(region, cut_at->dim, cut_at->at);
            for (const Region& side : {left, right}) {
                std::vector<std::uint32_t> sub_parts = region_cut::meeting(parts_, parts, side);
                if (sub_parts.empty()) continue;
                cut(side, region_cut::meeting(items_, items, side), std::move(sub_parts), false);
            }
            return;
        }
    }
    leaf(region, items, parts, n);
}

}  // namespace fwlint::space_detail
