#pragma once
// Threads that build or read a large IR (the second reader of a big
// iptables-save file, the lint and audit tasks) allocate from a glibc arena
// of their own, which main()'s huge-page advice (src/main.cpp) does not
// cover: each of its 4 KiB pages then costs a page fault (about a third of
// a 200,000-rule check's CPU time on a virtual machine, README). Called first
// thing on such a thread, this advises the thread's arena (a 64 MiB range
// glibc keeps aligned to its size) for transparent huge pages too. Pages are
// still committed only when touched. A no-op off glibc/Linux.
namespace fwlint {

void use_huge_pages_for_this_thread();

}  // namespace fwlint
