#pragma once
// Whether a set holds one packet, given as a value per dimension: the exact
// test behind the point-index lints (FW201/FW202 and their Windows form), which
// ask it of candidate rules for a witness packet before any set operation.
#include <array>
#include <cstddef>

#include "ir/packet_set.hpp"

namespace fwlint {

inline bool contains(const PacketSet& s, Family f, const std::array<u128, dim_count>& point) {
    for (const Box& box : s.boxes(f)) {
        bool in = true;
        for (std::size_t d = 0; d < dim_count && in; ++d) in = box.dims[d].contains(point[d]);
        if (in) return true;
    }
    return false;
}

}  // namespace fwlint
