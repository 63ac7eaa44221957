#include "analyze/exposure_space.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "analyze/exposure_space_detail.hpp"

namespace fwlint {

struct ChainSpace::Impl : space_detail::Prepared {
    using Prepared::Prepared;
};

ChainSpace::ChainSpace(const Policy& policy, const Chain& builtin,
                       const std::function<void(const Chain&, const Rule&)>& visit)
    : impl_(std::make_unique<Impl>(policy, builtin, visit)) {}

ChainSpace::~ChainSpace() = default;

const std::vector<const Chain*>& ChainSpace::chains() const { return impl_->chains; }

SpaceEvaluation ChainSpace::evaluate(const PacketSet& region, std::size_t leaf_rules, std::size_t max_rules) const {
    SpaceEvaluation out;
    space_detail::Space(*impl_, region, leaf_rules, max_rules, out);
    // Only the diverging rules' strict decisions are kept.
    std::sort(out.diverging.begin(), out.diverging.end(), std::less<const Rule*>());
    out.diverging.erase(std::unique(out.diverging.begin(), out.diverging.end()), out.diverging.end());
    std::erase_if(out.strict, [&](const Decision& d) {
        return !std::binary_search(out.diverging.begin(), out.diverging.end(), d.rule, std::less<const Rule*>());
    });
    if (out.diverging.empty()) out.strict_leaves.clear();
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
