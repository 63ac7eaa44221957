#pragma once
// A few independent pieces of work run on the cores: the calling thread and
// up to `threads - 1` more take the pieces, heaviest first. Each piece writes
// only its own output, so the caller reads every result, in its own order,
// once run_tasks returns.
#include <cstddef>
#include <functional>
#include <vector>

namespace fwlint {

struct Task {
    std::size_t weight = 0;      // a rough cost: heavier pieces start first
    std::function<void()> run;
};

// Runs every task once and returns when all are done. An exception thrown by
// a task is rethrown here (the first by task order) once every thread has stopped.
void run_tasks(std::vector<Task>& tasks, unsigned threads);

}  // namespace fwlint
