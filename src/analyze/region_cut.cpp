#include "analyze/region_cut.hpp"

namespace fwlint::region_cut {

std::vector<Part> parts_of(const PacketSet& set, Family f) {
    std::vector<Part> parts;
    for (const Box& b : set.boxes(f)) {
        if (b.empty()) continue;
        Part p;
        p.solid = true;
        for (std::size_t d = 0; d < dim_count; ++d) {
            p.lo[d] = b.dims[d].min(), p.hi[d] = b.dims[d].max();
            p.solid = p.solid && b.dims[d].intervals().size() == 1;
        }
        p.box = &b;
        parts.push_back(p);
    }
    return parts;
}

Region hull_of(const std::vector<Part>& parts, const std::vector<std::uint32_t>& ids) {
    Region hull = {parts[ids.front()].lo, parts[ids.front()].hi};
    for (std::uint32_t p : ids)
        for (std::size_t d = 0; d < dim_count; ++d)
            hull.lo[d] = std::min(hull.lo[d], parts[p].lo[d]), hull.hi[d] = std::max(hull.hi[d], parts[p].hi[d]);
    return hull;
}

std::pair<Region, Region> split(const Region& region, std::size_t dim, u128 at) {
    Region left = region, right = region;
    left.hi[dim] = at - 1;
    right.lo[dim] = at;
    return {left, right};
}

}  // namespace fwlint::region_cut
