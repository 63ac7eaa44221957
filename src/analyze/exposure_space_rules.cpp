// A chain and the user chains it reaches, read once for the leaf walk: each
// rule's step in the walk and its bounds.
#include <algorithm>

#include "analyze/evaluate_windows.hpp"
#include "analyze/exposure_space_detail.hpp"

namespace fwlint::space_detail {

Prepared::Prepared(const Policy& p, const Chain& b, const std::function<void(const Chain&, const Rule&)>& visit)
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
            if (!(windows ? read_windows_step(r, info) : read_step(r, p, chains, info))) continue;
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

}  // namespace fwlint::space_detail
