#include "analyze/windows_cover.hpp"

#include "analyze/packet_point.hpp"

#include <algorithm>

namespace fwlint {

namespace {

// The index keys (analyze/point_index.hpp): destination port, destination
// and source address, 32 bits each; IPv6 addresses by their top 32 bits,
// which keeps order, so disjoint keys still mean disjoint sets.
constexpr std::array<Dim, point_key_count> key_dims = {dport_dim, dst_dim, src_dim};

std::uint32_t key_of(u128 value, Dim d, Family f) {
    unsigned shift = (d != dport_dim && f == Family::v6) ? 96 : 0;
    return std::uint32_t(value >> shift);
}

// The keys of the bounding box of a set's boxes in one family; nothing when
// it has none there.
std::optional<PointIndex::Entry> bounds_of(const PacketSet& s, Family f, std::size_t rule) {
    std::optional<PointIndex::Entry> out;
    for (const Box& box : s.boxes(f)) {
        if (box.empty()) continue;
        PointKeys lo, hi;
        for (std::size_t k = 0; k < point_key_count; ++k) {
            lo[k] = key_of(box.dims[key_dims[k]].min(), key_dims[k], f);
            hi[k] = key_of(box.dims[key_dims[k]].max(), key_dims[k], f);
        }
        if (!out) {
            out = PointIndex::Entry{std::uint32_t(rule), lo, hi};
            continue;
        }
        for (std::size_t k = 0; k < point_key_count; ++k) {
            out->lo[k] = std::min(out->lo[k], lo[k]);
            out->hi[k] = std::max(out->hi[k], hi[k]);
        }
    }
    return out;
}

constexpr std::array<Family, 2> families = {Family::v4, Family::v6};

}  // namespace

std::vector<const Rule*> cover_by_scan(const PacketSet& subject, const std::vector<const Rule*>& candidates) {
    std::vector<const Rule*> used;
    PacketSet rest = subject;
    for (const Rule* c : candidates) {
        if (rest.empty()) break;
        if (!rest.intersects(c->match)) continue;
        rest = rest.subtract(c->match);
        used.push_back(c);
    }
    if (!rest.empty()) return {};
    // Drop the ones the others make unnecessary, latest first.
    for (std::size_t i = used.size(); i-- > 0;) {
        PacketSet left = subject;
        for (std::size_t j = 0; j < used.size(); ++j)
            if (j != i) left = left.subtract(used[j]->match);
        if (left.empty()) used.erase(used.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return used;
}

CoverIndex::CoverIndex(const Chain& chain, const std::vector<std::size_t>& members) : chain_(&chain) {
    for (std::size_t f = 0; f < families.size(); ++f) {
        std::vector<PointIndex::Entry> entries;
        for (std::size_t m : members)
            if (auto e = bounds_of(chain.rules[m].match, families[f], m)) entries.push_back(*e);
        if (!entries.empty()) families_[f].emplace(entries);
    }
}

std::size_t CoverIndex::holder(Family f, const Point& p, std::size_t to, const Eligible& accept) const {
    const auto& index = families_[f == Family::v4 ? 0 : 1];
    if (!index) return PointIndex::none;
    PointKeys keys;
    for (std::size_t k = 0; k < point_key_count; ++k) keys[k] = key_of(p[key_dims[k]], key_dims[k], f);
    return index->points.first(keys, 0, to, [&](std::size_t j) {
        return accept(j) && contains(chain_->rules[j].match, f, p);
    });
}

bool CoverIndex::inside(PacketSet rest, std::size_t to, const Eligible& accept) const {
    for (;;) {
        // A packet still uncovered: the low corner of a box of what is left.
        std::optional<Family> family;
        Point p{};
        for (Family f : families) {
            for (const Box& box : rest.boxes(f)) {
                if (box.empty()) continue;
                for (std::size_t d = 0; d < dim_count; ++d) p[d] = box.dims[d].min();
                family = f;
                break;
            }
            if (family) break;
        }
        if (!family) return true;
        std::size_t k = holder(*family, p, to, accept);
        if (k == PointIndex::none) return false;
        // The rule holds p, so each turn takes at least one packet away and
        // a rule is never found twice.
        rest = rest.subtract(chain_->rules[k].match);
    }
}

std::vector<const Rule*> CoverIndex::cover(const PacketSet& subject, const Eligible& eligible) const {
    const std::size_t n = chain_->rules.size();
    if (subject.empty() || !inside(subject, n, eligible)) return {};

    // The candidates cover_by_scan keeps: those whose share of the subject
    // the earlier candidates do not already take. A candidate whose bounds
    // do not meet the subject's has no share.
    std::vector<std::uint32_t> meeting, found;
    for (std::size_t f = 0; f < families.size(); ++f) {
        if (!families_[f]) continue;
        auto b = bounds_of(subject, families[f], 0);
        if (!b) continue;
        families_[f]->ranges.meeting(b->lo, b->hi, 0, found);
        meeting.insert(meeting.end(), found.begin(), found.end());
    }
    std::sort(meeting.begin(), meeting.end());
    meeting.erase(std::unique(meeting.begin(), meeting.end()), meeting.end());
    std::vector<std::size_t> used;
    std::vector<PacketSet> shares;  // of the subject, per used rule
    for (std::uint32_t c : meeting) {
        if (!eligible(c)) continue;
        PacketSet share = subject.intersect(chain_->rules[c].match);
        if (share.empty() || inside(share, c, eligible)) continue;
        used.push_back(c);
        shares.push_back(std::move(share));
    }

    // Latest first, drop a kept rule whose share the other kept ones take
    // (the subject stays covered, so that is when the rest covers it).
    std::vector<bool> kept(used.size(), true);
    auto kept_other = [&](std::size_t self) {
        return [&, self](std::size_t j) {
            if (j == used[self]) return false;
            auto it = std::lower_bound(used.begin(), used.end(), j);
            return it != used.end() && *it == j && kept[std::size_t(it - used.begin())];
        };
    };
    for (std::size_t i = used.size(); i-- > 0;)
        if (inside(shares[i], n, kept_other(i))) kept[i] = false;
    std::vector<const Rule*> out;
    for (std::size_t i = 0; i < used.size(); ++i)
        if (kept[i]) out.push_back(&chain_->rules[used[i]]);
    return out;
}

}  // namespace fwlint
