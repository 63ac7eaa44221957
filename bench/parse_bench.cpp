// Google Benchmark of the iptables-save reader on generated rule sets (the
// shapes of bench/gen_iptables.cpp), parsed from memory. The heap is warm
// after the first iteration, so this measures the reader's own work more than
// first-touch page faults; `fwlint check` on a file measures both.
#include <benchmark/benchmark.h>

#include <string>

#include <fmt/format.h>

#include "bench/generate_rules.hpp"
#include "parse/iptables.hpp"

namespace {

void parse(benchmark::State& state, bool header) {
    const std::string text = fwlint::bench::generate_iptables_save(state.range(0), header);
    const std::string file = "bench.rules";
    for (auto _ : state) {
        auto parsed = fwlint::parse_iptables_save(text, file);
        benchmark::DoNotOptimize(parsed);
        state.PauseTiming();  // freeing the IR is not the reader's work
        parsed = {};
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetBytesProcessed(state.iterations() * static_cast<long>(text.size()));
}

void BM_parse_iptables_save(benchmark::State& state) { parse(state, true); }
// No header naming the family: the reader also counts the family evidence.
void BM_parse_iptables_save_no_header(benchmark::State& state) { parse(state, false); }

}  // namespace

BENCHMARK(BM_parse_iptables_save)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_parse_iptables_save_no_header)->Arg(20000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
