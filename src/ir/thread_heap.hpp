#pragma once
// Threads that build or read a large IR (the second reader of a big
// iptables-save file, the lint and audit tasks) allocate from a glibc arena
// of their own, which main()'s huge-page advice (src/main.cpp) does not
// cover: each of its 4 KiB pages then costs a page fault (about a third of
// a 200,000-rule check's CPU time on a virtual machine, README). Called first
// thing on such a thread, this advises the thread's arena (a 64 MiB range
// glibc keeps aligned to its size) for transparent huge pages too. Pages are
// still committed only when touched. A no-op off glibc/Linux.
#include <atomic>
#include <cstddef>
#include <thread>

namespace fwlint {

void use_huge_pages_for_this_thread();

// Faults in, on another core, the next `bytes` of the main heap's free top
// (what the coming allocations are carved from), so that the kernel zeroes
// those pages there while this thread does other work (decoding and
// prescanning a large file, reading it): on this VM, zeroing fresh pages was 3% to 40%
// of a 200,000-rule check. MADV_POPULATE_WRITE only maps zeroed pages where
// none are yet and never writes to memory in use, so it is safe while this
// thread allocates. Stops (and waits) when destroyed. Nothing off Linux/glibc.
class HeapPrefault {
public:
    explicit HeapPrefault(std::size_t bytes);
    HeapPrefault(const HeapPrefault&) = delete;
    HeapPrefault& operator=(const HeapPrefault&) = delete;
    ~HeapPrefault();

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace fwlint
