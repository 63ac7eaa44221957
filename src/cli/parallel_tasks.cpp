#include "cli/parallel_tasks.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <numeric>
#include <system_error>
#include <thread>

#include "ir/thread_heap.hpp"

namespace fwlint {

void run_tasks(std::vector<Task>& tasks, unsigned threads) {
    std::vector<std::size_t> order(tasks.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return tasks[a].weight > tasks[b].weight; });
    std::vector<std::exception_ptr> failed(tasks.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t k; (k = next.fetch_add(1)) < order.size();) {
            try {
                tasks[order[k]].run();
            } catch (...) {
                failed[order[k]] = std::current_exception();
            }
        }
    };
    std::vector<std::thread> helpers;
    const std::size_t extra = std::min<std::size_t>(threads > 0 ? threads - 1 : 0, tasks.size() > 0 ? tasks.size() - 1 : 0);
    for (std::size_t t = 0; t < extra; ++t) {
        try {
            helpers.emplace_back([&] {
                use_huge_pages_for_this_thread();
                work();
            });
        } catch (const std::system_error&) {  // no more threads: the ones there do the work
            break;
        }
    }
    work();
    for (auto& t : helpers) t.join();
    for (auto& e : failed)
        if (e) std::rethrow_exception(e);
}

}  // namespace fwlint
