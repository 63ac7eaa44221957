#include "cli/diff_packets.hpp"

#include <fmt/format.h>

#include "ir/packet_parts.hpp"

namespace fwlint {

namespace {

// " (65,536 source and 4,294,967,296 destination addresses)"; IPv6 counts
// that do not fit in 128 bits are left out.
std::string address_counts(const PacketParts::Hull& h) {
    if (h.sources == ~u128{0} || h.destinations == ~u128{0}) return "";
    return fmt::format(" ({} source and {} destination addresses)", format_count(h.sources),
                       format_count(h.destinations));
}

// The first `limit` parts (0: all), each dimension cut at `max_ranges`.
std::vector<std::string> first_parts(const PacketParts& p, std::size_t limit, std::size_t max_ranges, bool& cut) {
    std::vector<std::string> out;
    for (const auto& fam : p.families)
        for (const auto& b : fam.boxes) {
            if (limit && out.size() >= limit) return out;
            out.push_back(format_part(b, fam.family, max_ranges, cut));
        }
    return out;
}

}  // namespace

ShownPackets show_packets(const PacketSet& packets, std::size_t max_parts) {
    PacketParts p = packet_parts(packets);
    ShownPackets out;
    out.parts = p.total;
    if (p.total == 0) {
        out.text = "nothing";
        return out;
    }
    bool cut = false;
    if (!max_parts || p.total <= max_parts) {
        // The whole set; a dimension of more than 64 ranges is cut (a zone
        // minus thousands of holes is a part of thousands of address ranges).
        std::vector<std::string> parts = first_parts(p, 0, max_parts ? 64 : 0, cut);
        out.shown = parts.size();
        out.truncated = cut;
        out.text = fmt::format("{}", fmt::join(parts, "; "));
        if (cut) out.text += " (--max-parts 0 lists every range)";
        return out;
    }
    // A summary: the box that holds it all, then a few parts, briefly.
    std::vector<std::string> parts = first_parts(p, std::min<std::size_t>(max_parts, 8), 8, cut);
    out.shown = parts.size();
    out.truncated = true;
    std::vector<std::string> hulls;
    for (const auto& h : p.hulls) hulls.push_back(h.text + address_counts(h));
    out.text = fmt::format("{} parts, all within {}; the first {}: {}; ... and {} more parts (--max-parts 0 lists all)",
                           format_count(out.parts), fmt::join(hulls, " and "), out.shown, fmt::join(parts, "; "),
                           format_count(out.parts - out.shown));
    return out;
}

}  // namespace fwlint
