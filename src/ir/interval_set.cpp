#include "ir/interval_set.hpp"

namespace fwlint {

void IntervalSet::add(u128 lo, u128 hi) {
    if (lo > hi) return;
    // Find the first interval that could touch [lo, hi] (adjacent counts).
    auto first = std::lower_bound(parts_.begin(), parts_.end(), lo, [](const Interval& i, u128 v) {
        return i.hi != ~u128{0} && i.hi + 1 < v;
    });
    auto last = first;
    while (last != parts_.end() && (hi == ~u128{0} || last->lo <= hi + 1)) {
        lo = std::min(lo, last->lo);
        hi = std::max(hi, last->hi);
        ++last;
    }
    first = parts_.erase(first, last);
    parts_.insert(first, Interval{lo, hi});
}

IntervalSet IntervalSet::unite(const IntervalSet& o) const {
    IntervalSet out;
    out.parts_.reserve(parts_.size() + o.parts_.size());
    std::size_t i = 0, j = 0;
    auto push = [&out](const Interval& iv) {
        if (!out.parts_.empty()) {
            auto& back = out.parts_.back();
            if (back.hi == ~u128{0} || iv.lo <= back.hi + 1) {
                back.hi = std::max(back.hi, iv.hi);
                return;
            }
        }
        out.parts_.push_back(iv);
    };
    while (i < parts_.size() || j < o.parts_.size()) {
        if (j == o.parts_.size() || (i < parts_.size() && parts_[i].lo <= o.parts_[j].lo))
            push(parts_[i++]);
        else
            push(o.parts_[j++]);
    }
    return out;
}

IntervalSet IntervalSet::intersect(const IntervalSet& o) const {
    IntervalSet out;
    std::size_t i = 0, j = 0;
    while (i < parts_.size() && j < o.parts_.size()) {
        u128 lo = std::max(parts_[i].lo, o.parts_[j].lo);
        u128 hi = std::min(parts_[i].hi, o.parts_[j].hi);
        if (lo <= hi) out.parts_.push_back({lo, hi});
        if (parts_[i].hi < o.parts_[j].hi)
            ++i;
        else
            ++j;
    }
    return out;
}

bool IntervalSet::intersects(const IntervalSet& o) const {
    // One interval against many (an address against an object-group's
    // scattered hosts): a binary search rather than a walk of them all.
    if (parts_.size() == 1 || o.parts_.size() == 1) {
        const Interval& one = parts_.size() == 1 ? parts_[0] : o.parts_[0];
        const IntervalList& many = parts_.size() == 1 ? o.parts_ : parts_;
        auto it = std::lower_bound(many.begin(), many.end(), one.lo, [](const Interval& i, u128 v) { return i.hi < v; });
        return it != many.end() && it->lo <= one.hi;
    }
    std::size_t i = 0, j = 0;
    while (i < parts_.size() && j < o.parts_.size()) {
        if (std::max(parts_[i].lo, o.parts_[j].lo) <= std::min(parts_[i].hi, o.parts_[j].hi))
            return true;
        if (parts_[i].hi < o.parts_[j].hi)
            ++i;
        else
            ++j;
    }
    return false;
}

IntervalSet IntervalSet::subtract(const IntervalSet& o) const {
    IntervalSet out;
    std::size_t j = 0;
    for (const auto& iv : parts_) {
        u128 lo = iv.lo;
        bool done = false;
        while (j < o.parts_.size() && o.parts_[j].hi < lo) ++j;
        std::size_t k = j;
        while (k < o.parts_.size() && o.parts_[k].lo <= iv.hi) {
            if (o.parts_[k].lo > lo) out.parts_.push_back({lo, o.parts_[k].lo - 1});
            if (o.parts_[k].hi >= iv.hi) {
                done = true;
                break;
            }
            lo = o.parts_[k].hi + 1;
            ++k;
        }
        if (!done) out.parts_.push_back({lo, iv.hi});
    }
    return out;
}

IntervalSet IntervalSet::complement(u128 max_value) const {
    return range(0, max_value).subtract(*this);
}

}  // namespace fwlint
