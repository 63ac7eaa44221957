#pragma once
// The parts of a packet set as PacketSet::to_string() renders them, for
// outputs that must stay bounded on huge sets (a diff of an edit to a rule
// that takes a whole zone can be thousands of parts, each of hundreds of
// address ranges).
#include <cstddef>
#include <string>
#include <vector>

#include "ir/packet_set.hpp"

namespace fwlint {

struct PacketParts {
    struct Boxes {
        Family family = Family::v4;
        std::vector<Box> boxes;  // the parts, in to_string()'s order
    };
    std::vector<Boxes> families;  // IPv4, then IPv6; only those the set has
    std::size_t total = 0;        // parts in all
    // false: more boxes than are worth a canonical decomposition (256); the
    // parts are the set's own boxes, sorted (deterministic for one input, but
    // an equal set cut differently is written differently).
    bool canonical = true;
    // Per family: the smallest box holding the set (each dimension the union
    // of the parts'; one of more than 16 ranges is widened to its span),
    // written like a part, with the exact address counts of its source and
    // destination dimensions before any widening (~0: more than 128 bits).
    struct Hull {
        std::string text;
        u128 sources = 0, destinations = 0;
    };
    std::vector<Hull> hulls;
};

PacketParts packet_parts(const PacketSet& set);

// One part as to_string() writes it, each dimension cut to its first
// `max_ranges` ranges (0: none cut), saying so and how many it has; `cut`
// is set when one was.
std::string format_part(const Box& part, Family f, std::size_t max_ranges, bool& cut);

}  // namespace fwlint
