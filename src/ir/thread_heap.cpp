#include "ir/thread_heap.hpp"

#include <cstdint>
#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__linux__) && defined(__GLIBC__)
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

}  // namespace fwlint
