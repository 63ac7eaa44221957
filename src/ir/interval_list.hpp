#pragma once
// The storage of an IntervalSet: a vector that keeps one interval inline, in
// no more room than that interval (32 bytes).
// Almost every dimension of a firewall rule is a single range (one port, one
// prefix, "any"), so the common case allocates nothing; this is what lets a
// 200,000-rule policy fit in memory and parse fast.
// Longer lists live in a reference-counted block that copies share until one
// of them changes (copy on write): 50,000 ACEs naming one 100-entry
// object-group hold one copy of its addresses, not 50,000.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

namespace fwlint {

using u128 = unsigned __int128;

struct Interval {
    u128 lo = 0;
    u128 hi = 0;  // inclusive
    friend bool operator==(const Interval&, const Interval&) = default;
};

class IntervalList {
public:
    using value_type = Interval;
    using iterator = Interval*;
    using const_iterator = const Interval*;

    IntervalList() = default;
    IntervalList(std::initializer_list<Interval> init) { assign(init.begin(), init.end()); }
    IntervalList(const IntervalList& o) { share(o); }
    IntervalList(IntervalList&& o) noexcept { steal(o); }
    IntervalList& operator=(const IntervalList& o) {
        if (this != &o) {
            release();
            share(o);
        }
        return *this;
    }
    IntervalList& operator=(IntervalList&& o) noexcept {
        if (this != &o) {
            release();
            steal(o);
        }
        return *this;
    }
    ~IntervalList() { release(); }

    Interval* begin() { return data(); }
    Interval* end() { return data() + size(); }
    const Interval* begin() const { return data(); }
    const Interval* end() const { return data() + size(); }
    std::size_t size() const { return is_inline() ? 1 : heap_size(); }
    bool empty() const { return size() == 0; }
    Interval& operator[](std::size_t i) { return data()[i]; }
    const Interval& operator[](std::size_t i) const { return data()[i]; }
    Interval& front() { return data()[0]; }
    const Interval& front() const { return data()[0]; }
    Interval& back() { return data()[size() - 1]; }
    const Interval& back() const { return data()[size() - 1]; }

    void clear() {
        if (is_heap())
            set_heap(heap(), 0, heap_capacity());
        else
            set_empty();
    }
    void reserve(std::size_t n) {
        if (n <= capacity()) return;
        Interval* fresh = allocate(n);
        const std::size_t kept = size();
        if (kept) std::memcpy(static_cast<void*>(fresh), std::as_const(*this).data(), kept * sizeof(Interval));
        release();
        set_heap(fresh, kept, n);
    }
    void push_back(const Interval& v) {
        if (is_empty_slot() && v.lo <= v.hi) {  // the common case: one interval, kept inline
            slot_ = v;
            return;
        }
        const std::size_t n = size();
        const Interval copy = v;  // v may live in this list
        if (!is_heap() || n == heap_capacity()) reserve(std::max<std::size_t>(2, n * 2));
        data()[n] = copy;
        set_heap(heap(), n + 1, heap_capacity());
    }
    Interval* insert(Interval* pos, const Interval& v) {
        std::size_t at = static_cast<std::size_t>(pos - begin());
        Interval copy = v;
        push_back(copy);
        std::rotate(begin() + at, end() - 1, end());
        return begin() + at;
    }
    Interval* erase(Interval* first, Interval* last) {
        const std::size_t at = static_cast<std::size_t>(first - begin());
        const std::size_t gone = static_cast<std::size_t>(last - first);
        if (gone == 0) return begin() + at;
        if (is_inline()) {  // the one interval goes
            set_empty();
            return begin();
        }
        std::move(last, end(), first);
        set_heap(heap(), heap_size() - gone, heap_capacity());
        return begin() + at;
    }

    friend bool operator==(const IntervalList& a, const IntervalList& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }
    friend bool operator==(const IntervalList& a, const std::vector<Interval>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    // The whole list is one 32-byte slot, the size of the one interval most
    // lists hold (a Box of five lists is 160 bytes, not 240):
    //   slot_.lo <= slot_.hi                the list is that interval, inline;
    //   slot_.lo == ~0, slot_.hi == 0       the empty list;
    //   slot_.lo == ~0, slot_.hi != 0       a heap block: slot_.hi holds its
    //                                       address (bits 0-63), the size
    //                                       (64-95) and the capacity (96-127).
    // A stored interval always has lo <= hi, so the cases cannot be confused.
    static constexpr u128 all_ones = ~u128{0};
    bool is_inline() const { return slot_.lo <= slot_.hi; }
    bool is_empty_slot() const { return slot_.lo == all_ones && slot_.hi == 0; }
    bool is_heap() const { return slot_.lo > slot_.hi && slot_.hi != 0; }
    Interval* heap() const {
        return reinterpret_cast<Interval*>(static_cast<std::uintptr_t>(static_cast<std::uint64_t>(slot_.hi)));
    }
    std::size_t heap_size() const { return static_cast<std::uint32_t>(slot_.hi >> 64); }
    std::size_t heap_capacity() const { return static_cast<std::uint32_t>(slot_.hi >> 96); }
    std::size_t capacity() const { return is_heap() ? heap_capacity() : 1; }
    void set_heap(Interval* items, std::size_t size, std::size_t capacity) {
        slot_.lo = all_ones;
        slot_.hi = u128{static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(items))} |
                   (u128{static_cast<std::uint32_t>(size)} << 64) | (u128{static_cast<std::uint32_t>(capacity)} << 96);
    }
    void set_empty() { slot_ = Interval{all_ones, 0}; }

    // A heap block: the count of lists sharing it, then the intervals.
    static constexpr std::size_t header = alignof(Interval) > sizeof(std::atomic<std::uint32_t>)
                                              ? alignof(Interval)
                                              : sizeof(std::atomic<std::uint32_t>);
    static Interval* allocate(std::size_t n) {
        char* block = static_cast<char*>(::operator new(header + n * sizeof(Interval), std::align_val_t{alignof(Interval)}));
        new (block) std::atomic<std::uint32_t>(1);
        return reinterpret_cast<Interval*>(block + header);
    }
    static std::atomic<std::uint32_t>& refs(Interval* items) {
        return *std::launder(reinterpret_cast<std::atomic<std::uint32_t>*>(reinterpret_cast<char*>(items) - header));
    }
    static void unref(Interval* items) {
        if (refs(items).fetch_sub(1, std::memory_order_acq_rel) == 1)
            ::operator delete(reinterpret_cast<char*>(items) - header, std::align_val_t{alignof(Interval)});
    }

    // Writers go through here: a shared block is copied first.
    Interval* data() {
        if (!is_heap()) return &slot_;
        Interval* items = heap();
        if (refs(items).load(std::memory_order_acquire) != 1) {
            const std::size_t n = heap_size(), cap = heap_capacity();
            Interval* own = allocate(cap);
            if (n) std::memcpy(static_cast<void*>(own), items, n * sizeof(Interval));
            unref(items);
            set_heap(own, n, cap);
            items = own;
        }
        return items;
    }
    const Interval* data() const { return is_heap() ? heap() : &slot_; }

    template <typename It>
    void assign(It first, It last) {
        for (; first != last; ++first) push_back(*first);
    }
    void release() {
        if (is_heap()) unref(heap());
        set_empty();
    }
    void share(const IntervalList& o) {
        slot_ = o.slot_;
        if (is_heap()) refs(heap()).fetch_add(1, std::memory_order_relaxed);
    }
    void steal(IntervalList& o) {
        slot_ = o.slot_;
        o.set_empty();
    }

    Interval slot_{all_ones, 0};
};

}  // namespace fwlint
