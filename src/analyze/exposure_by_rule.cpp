// FW206 on a list that jumps nowhere (a Cisco ACL, an iptables chain without
// jumps or gotos), first match: each candidate rule's part of its own range,
// walked against only the rules that meet that part, found with a range
// index. A rule of the list takes a packet of the part in a condition mode
// iff no earlier rule that takes part in that mode holds the packet, so the
// candidate's accepted packets are its part minus the earlier rules that
// take part in the lenient mode: the lenient walk's decision for the
// candidate, exactly as ChainSpace::evaluate gives it, at a cost of the
// rules that meet the part rather than those that meet a region's bounds
// (an ACL's object-groups of scattered hosts meet every region's bounds).
#include <algorithm>

#include "analyze/exposure_chain.hpp"
#include "analyze/takes_part.hpp"

namespace fwlint::exposure_detail {

namespace {

// A rule's box is filed as at most this many runs of the intervals of its
// most divided indexed dimension, so an object-group of scattered hosts
// meets the parts near its hosts, not all those between. A part is asked
// about by its bounds (one query), then checked exactly.
constexpr std::size_t filed_runs = 16;

// Whether the walk lets the rule take its packets in `mode` (the leaf
// walk's describe(): LOG and other non-terminating targets take none).
bool takes(const Rule& r, ConditionMode mode) {
    if (!r.enabled || !r.new_flows || r.action == Action::log || r.action == Action::none) return false;
    return takes_part(r, mode);
}

bool conditional(const Rule& r) { return !r.conditions.empty() && !loopback_only(r); }

// The index keys of a box, as at most `max_runs` runs of its most divided
// indexed dimension.
template <class Visit>
void for_each_run(const Box& b, Family f, std::size_t max_runs, Visit&& visit) {
    PointKeys lo, hi;
    ChainExposure::keys_of(b, f, lo, hi);
    const std::array<Dim, point_key_count> dims = {dport_dim, dst_dim, src_dim};
    std::size_t split = point_key_count, most = 1;
    for (std::size_t k = 0; k < point_key_count; ++k)
        if (b.dims[dims[k]].intervals().size() > most) split = k, most = b.dims[dims[k]].intervals().size();
    if (split == point_key_count) {
        visit(lo, hi);
        return;
    }
    const unsigned shift = dims[split] == dport_dim || f == Family::v4 ? 0 : 96;
    const auto& ivs = b.dims[dims[split]].intervals();
    const std::size_t run = (ivs.size() + max_runs - 1) / max_runs;
    for (std::size_t k = 0; k < ivs.size(); k += run) {
        lo[split] = std::uint32_t(ivs[k].lo >> shift);
        hi[split] = std::uint32_t(ivs[std::min(k + run, ivs.size()) - 1].hi >> shift);
        visit(lo, hi);
    }
}

// The box cut into one box per interval of its most divided dimension.
template <class Visit>
void for_each_piece(const Box& b, Visit&& visit) {
    std::size_t split = dim_count, most = 1;
    for (std::size_t d = 0; d < dim_count; ++d)
        if (b.dims[d].intervals().size() > most) split = d, most = b.dims[d].intervals().size();
    if (split == dim_count) {
        visit(b);
        return;
    }
    Box piece = b;
    for (const auto& iv : b.dims[split].intervals()) {
        piece.dims[split] = IntervalSet::range(iv.lo, iv.hi);
        visit(piece);
    }
}

bool box_meets(const Box& a, const Box& b) {
    for (std::size_t d = 0; d < dim_count; ++d)
        if (a.dims[d].max() < b.dims[d].min() || b.dims[d].max() < a.dims[d].min()) return false;
    return true;
}

}  // namespace

bool jumps_nowhere(const Policy& policy, const Chain& chain) {
    if (policy.order != EvaluationOrder::first_match) return false;
    return std::none_of(chain.rules.begin(), chain.rules.end(),
                        [](const Rule& r) { return r.action == Action::jump || r.action == Action::go_to; });
}

SpaceEvaluation accepted_by_rule(const Policy& policy, const Chain& chain, const std::vector<const Rule*>& rules,
                                 const std::vector<PacketSet>& parts, std::size_t max_rules) {
    const Family f = policy.family;
    SpaceEvaluation out;
    // The bounds of all the parts: rules outside them are not filed.
    std::optional<Box> bounds;
    for (const PacketSet& p : parts)
        for (const Box& b : p.boxes(f)) {
            if (!bounds) {
                bounds = Box::all(f);
                for (std::size_t d = 0; d < dim_count; ++d) bounds->dims[d] = IntervalSet::range(b.dims[d].min(), b.dims[d].max());
                continue;
            }
            for (std::size_t d = 0; d < dim_count; ++d)
                bounds->dims[d] = IntervalSet::range(std::min(bounds->dims[d].min(), b.dims[d].min()),
                                                     std::max(bounds->dims[d].max(), b.dims[d].max()));
        }
    if (!bounds) return out;
    std::vector<PointIndex::Entry> entries;
    for (std::size_t i = 0; i < chain.rules.size(); ++i) {
        const Rule& r = chain.rules[i];
        if (!takes(r, ConditionMode::lenient) && !takes(r, ConditionMode::strict)) continue;
        const std::size_t before = entries.size();
        for (const Box& b : r.match.boxes(f)) {
            if (b.empty() || !box_meets(b, *bounds)) continue;
            for_each_run(b, f, filed_runs, [&](const PointKeys& lo, const PointKeys& hi) {
                entries.push_back(PointIndex::Entry{std::uint32_t(i), lo, hi});
            });
        }
        // The safety net, as ChainSpace::evaluate's: the rules that meet
        // the parts' bounds.
        if (entries.size() > before && ++out.region_rules > max_rules) {
            out.complete = false;
            return out;
        }
    }
    const RangeIndex index(entries);
    const bool policy_accepts = chain.policy == Action::accept;
    std::vector<std::uint32_t> meeting, found;
    std::vector<const Rule*> earlier;
    for (std::size_t k = 0; k < rules.size(); ++k) {
        const Rule& rule = *rules[k];
        const std::size_t at = std::size_t(&rule - chain.rules.data());
        if (rule.action != Action::accept || parts[k].empty() || !takes(rule, ConditionMode::lenient)) continue;
        const PacketSet part = parts[k].intersect(rule.match);  // the caller's part is usually inside it already
        if (part.empty()) continue;
        // The rules whose boxes meet the part, in list order.
        meeting.clear();
        for (const Box& b : part.boxes(f))
            for_each_run(b, f, 1, [&](const PointKeys& lo, const PointKeys& hi) {
                index.meeting(lo, hi, 0, found);
                meeting.insert(meeting.end(), found.begin(), found.end());
            });
        std::sort(meeting.begin(), meeting.end());
        meeting.erase(std::unique(meeting.begin(), meeting.end()), meeting.end());
        // The earlier rules that take part in the lenient walk and meet
        // the part; a packet of the part is the candidate's iff none holds it.
        bool strict_differs = conditional(rule);
        bool lenient_only = false;  // an earlier rule takes packets in the lenient walk only
        earlier.clear();
        for (std::uint32_t i : meeting) {
            if (i >= at) break;
            const Rule& e = chain.rules[i];
            strict_differs = strict_differs || (conditional(e) && takes(e, ConditionMode::strict));
            if (takes(e, ConditionMode::lenient) && part.intersects(e.match)) {
                earlier.push_back(&e);
                lenient_only = lenient_only || !takes(e, ConditionMode::strict);
            }
        }
        // Piece by piece (each interval of a box's most divided dimension):
        // subtracting from one box of a few intervals keeps the pieces
        // small, where a box of an object-group's scattered hosts would be
        // cut into many boxes of many intervals each.
        auto minus = [&](const std::vector<const Rule*>& rules) {
            if (rules.empty()) return part;
            PacketSet left;
            for (const Box& b : part.boxes(f))
                for_each_piece(b, [&](const Box& piece) {
                    PacketSet q = PacketSet::of(f, piece);
                    for (const Rule* e : rules) {
                        if (q.empty()) break;
                        if (q.intersects(e->match)) q = q.subtract_uncompacted(e->match);
                    }
                    left.add_disjoint(q);
                });
            if (left.box_count() > 1) left.compact();
            return left;
        };
        PacketSet rest = minus(earlier);
        // The strict walk's share of the candidate (an unconditional one):
        // the part no earlier rule takes in that walk. More than the lenient
        // share where an earlier conditional ACCEPT took packets.
        if (lenient_only && takes(rule, ConditionMode::strict)) {
            std::vector<const Rule*> stops;
            for (std::uint32_t i : meeting) {
                if (i >= at) break;
                const Rule& e = chain.rules[i];
                if (takes(e, ConditionMode::strict) && part.intersects(e.match)) stops.push_back(&e);
            }
            PacketSet strict = minus(stops);
            if (!strict.is_subset_of(rest)) {
                out.diverging.push_back(&rule);
                out.strict_leaves.emplace_back(out.decisions.size(), out.decisions.size() + (rest.empty() ? 0 : 1));
                out.strict.push_back(Decision{&rule, &chain, Verdict::accept, std::move(strict)});
            }
        }
        if (rest.empty()) continue;
        // What of it the strict walk does not accept: only where a
        // conditional rule decides (the candidate, or an earlier rule the
        // lenient walk passed over).
        if (strict_differs) {
            PacketSet query = rest, accepted, to_policy;
            for (std::uint32_t i : meeting) {
                if (query.empty()) break;
                const Rule& e = chain.rules[i];
                if (!takes(e, ConditionMode::strict) || !query.intersects(e.match)) continue;
                PacketSet taken = query.intersect(e.match);
                if (e.action == Action::accept) accepted.add_disjoint(taken);
                else if (e.action == Action::ret) to_policy.add_disjoint(taken);
                query = query.subtract(taken);
            }
            to_policy.add_disjoint(query);
            if (policy_accepts) accepted.add_disjoint(to_policy);
            PacketSet unsure = accepted.empty() ? rest : rest.subtract(accepted);
            out.unsure.add_disjoint(unsure);
        }
        out.decisions.push_back(Decision{&rule, &chain, Verdict::accept, std::move(rest)});
    }
    // Sorted as ChainSpace::evaluate's; the candidates are in list order.
    std::sort(out.diverging.begin(), out.diverging.end(), std::less<const Rule*>());
    return out;
}

}  // namespace fwlint::exposure_detail
