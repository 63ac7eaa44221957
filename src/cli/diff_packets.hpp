#pragma once
// How `diff` writes a change's packets: the whole set when it has at most
// `max_parts` parts, otherwise a bounded summary (the box that holds it all,
// exact counts, the first parts) that says how much it leaves out. Editing a
// rule that takes a whole zone of a 200,000-rule file changes a set of tens
// of thousands of parts: listing them all took minutes and megabytes.
#include <cstddef>
#include <string>

#include "ir/packet_set.hpp"

namespace fwlint {

struct ShownPackets {
    std::string text;         // the set (complete) or the summary
    std::size_t parts = 0;    // parts of the whole set
    std::size_t shown = 0;    // parts written in `text`
    bool truncated = false;   // shown < parts
};

// max_parts 0: every part.
ShownPackets show_packets(const PacketSet& packets, std::size_t max_parts);

}  // namespace fwlint
