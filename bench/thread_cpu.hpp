// CPU seconds of the calling thread: the bench tools report these, not wall
// time, so their figures hold on a machine shared with other work.
#pragma once

#include <ctime>

inline double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}
