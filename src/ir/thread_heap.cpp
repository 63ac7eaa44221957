#include "ir/thread_heap.hpp"

#include <cstdint>
#include <cstdlib>  // defines __GLIBC__ on glibc

#include <algorithm>
#include <system_error>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace fwlint {

void use_huge_pages_for_this_thread() {
#if defined(__linux__) && defined(__GLIBC__) && UINTPTR_MAX > 0xffffffffu
    // glibc's HEAP_MAX_SIZE on 64-bit: a thread arena's heap is a range of
    // this size, aligned to it, the arena's own header at its start. With
    // main()'s M_TOP_PAD the whole range is made writable at once.
    constexpr std::uintptr_t heap_size = std::uintptr_t{64} << 20;
    void* p = std::malloc(64);  // attaches the thread to its arena
    if (!p) return;
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::free(p);
    // The main arena (the brk heap, below the program break) is main()'s.
    if (at < reinterpret_cast<std::uintptr_t>(sbrk(0))) return;
    madvise(reinterpret_cast<void*>(at & ~(heap_size - 1)), heap_size, MADV_HUGEPAGE);
#endif
}

HeapPrefault::HeapPrefault(std::size_t bytes) {
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    // The top chunk: from the program break back by what malloc could give back.
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::size_t top = mallinfo2().keepcost;
    if (top == 0 || top > end) return;
    const std::uintptr_t from = (end - top + huge - 1) & ~(huge - 1);
    const std::uintptr_t to = std::min(end, from + bytes) & ~(huge - 1);
    if (to <= from) return;
    try {
        thread_ = std::thread([this, from, to] {
            for (std::uintptr_t p = from; p < to && !stop_.load(std::memory_order_relaxed); p += huge)
                if (madvise(reinterpret_cast<void*>(p), huge, MADV_POPULATE_WRITE) != 0) break;
        });
    } catch (const std::system_error&) {  // no thread: the pages are faulted in when used, as always
    }
#else
    (void)bytes;
#endif
}

HeapPrefault::~HeapPrefault() {
    stop_.store(true, std::memory_order_relaxed);
    if (thread_.joinable()) thread_.join();
}

}  // namespace fwlint
