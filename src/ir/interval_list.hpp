#pragma once
// The storage of an IntervalSet: a vector that keeps one interval inline.
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
    Interval* end() { return data() + size_; }
    const Interval* begin() const { return data(); }
    const Interval* end() const { return data() + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Interval& operator[](std::size_t i) { return data()[i]; }
    const Interval& operator[](std::size_t i) const { return data()[i]; }
    Interval& front() { return data()[0]; }
    const Interval& front() const { return data()[0]; }
    Interval& back() { return data()[size_ - 1]; }
    const Interval& back() const { return data()[size_ - 1]; }

    void clear() { size_ = 0; }
    void reserve(std::size_t n) {
        if (n <= capacity_) return;
        Interval* fresh = allocate(n);
        std::uint32_t kept = size_;
        if (kept) std::memcpy(static_cast<void*>(fresh), std::as_const(*this).data(), kept * sizeof(Interval));
        release();
        heap_ = fresh;
        capacity_ = static_cast<std::uint32_t>(n);
        size_ = kept;
    }
    void push_back(const Interval& v) {
        if (size_ == capacity_) {
            Interval copy = v;  // v may live in this list
            reserve(capacity_ * 2);
            data()[size_++] = copy;
            return;
        }
        data()[size_++] = v;
    }
    Interval* insert(Interval* pos, const Interval& v) {
        std::size_t at = static_cast<std::size_t>(pos - begin());
        Interval copy = v;
        push_back(copy);
        std::rotate(begin() + at, end() - 1, end());
        return begin() + at;
    }
    Interval* erase(Interval* first, Interval* last) {
        std::size_t at = static_cast<std::size_t>(first - begin());
        std::move(last, end(), first);
        size_ -= static_cast<std::uint32_t>(last - first);
        return begin() + at;
    }

    friend bool operator==(const IntervalList& a, const IntervalList& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }
    friend bool operator==(const IntervalList& a, const std::vector<Interval>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
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
        if (capacity_ == 1) return &inline_;
        if (refs(heap_).load(std::memory_order_acquire) != 1) {
            Interval* own = allocate(capacity_);
            if (size_) std::memcpy(static_cast<void*>(own), heap_, size_ * sizeof(Interval));
            unref(heap_);
            heap_ = own;
        }
        return heap_;
    }
    const Interval* data() const { return capacity_ == 1 ? &inline_ : heap_; }

    template <typename It>
    void assign(It first, It last) {
        reserve(static_cast<std::size_t>(last - first));
        for (; first != last; ++first) data()[size_++] = *first;
    }
    void release() {
        if (capacity_ > 1) unref(heap_);
        capacity_ = 1;
        size_ = 0;
    }
    void share(const IntervalList& o) {
        size_ = o.size_;
        capacity_ = o.capacity_;
        if (capacity_ == 1) {
            inline_ = o.inline_;
        } else {
            heap_ = o.heap_;
            refs(heap_).fetch_add(1, std::memory_order_relaxed);
        }
    }
    void steal(IntervalList& o) {
        size_ = o.size_;
        capacity_ = o.capacity_;
        if (capacity_ == 1)
            inline_ = o.inline_;
        else
            heap_ = o.heap_;
        o.capacity_ = 1;
        o.size_ = 0;
    }

    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = 1;  // 1: the inline slot is in use
    union {
        Interval inline_{};
        Interval* heap_;
    };
};

}  // namespace fwlint
