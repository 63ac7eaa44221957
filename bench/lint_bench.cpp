// Google Benchmark of the lints on one generated chain of N rules
// (shadow_chain: FW201/FW202 alone, find_shadowed + find_redundant; lint_chain:
// every lint through lint_policy, FW203-FW207 exposure included): random /24 and /32
// sources and destinations, tcp/udp ports and ranges, ACCEPT/DROP/REJECT, a
// few broad rules that shadow many later ones, a DROP policy. Parsing is done
// once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include <fmt/format.h>

#include "analyze/shadowing.hpp"
#include "checks/lint.hpp"
#include "parse/iptables.hpp"

namespace {

std::string generate_chain(long n, bool one_port) {
    std::mt19937 rng(7);
    auto pick = [&](int k) { return int(rng() % unsigned(k)); };
    std::string out = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    out += "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n";
    const char* protos[] = {"tcp", "udp"};
    const char* actions[] = {"ACCEPT", "ACCEPT", "DROP", "REJECT"};
    for (long i = 1; i < n; ++i) {
        if (i % 1000 == 500) {
            // A broad rule: shadows the later rules it covers.
            out += fmt::format("-A FORWARD -s 10.{}.0.0/16 -p tcp -m tcp --dport 1:1023 -j DROP\n", pick(4));
            continue;
        }
        const char* proto = protos[pick(2)];
        std::string src = pick(2) ? fmt::format("10.{}.{}.0/24", pick(4), pick(256))
                                  : fmt::format("10.{}.{}.{}/32", pick(4), pick(256), pick(256));
        std::string dst = pick(2) ? fmt::format("172.16.{}.0/24", pick(256))
                                  : fmt::format("172.16.{}.{}/32", pick(256), pick(256));
        unsigned port = one_port ? 443 : 1 + unsigned(pick(65000));
        std::string ports = one_port || pick(3) ? fmt::format("--dport {}", port) : fmt::format("--dport {}:{}", port, port + 50);
        out += fmt::format("-A FORWARD -s {} -d {} -p {} -m {} {} -j {}\n", src, dst, proto, proto, ports,
                           actions[pick(4)]);
    }
    out += "COMMIT\n";
    return out;
}

// state.range(1) == 1: every rule names port 443, so the port prefilter
// passes everything and the address bounds do the work (the worst case).
void lint_chain(benchmark::State& state) {
    const auto input = fwlint::parse_iptables_save(generate_chain(state.range(0), state.range(1) != 0), "bench.rules");
    std::size_t findings = 0;
    for (auto _ : state) {
        auto f = fwlint::lint_policy(input);
        findings = f.size();
        benchmark::DoNotOptimize(f);
    }
    state.counters["rules"] = double(input.rule_count());
    state.counters["findings"] = double(findings);
}

// FW201 and FW202 only: what the point index of analyze/shadowing.cpp speeds up.
void shadow_chain(benchmark::State& state) {
    const auto input = fwlint::parse_iptables_save(generate_chain(state.range(0), state.range(1) != 0), "bench.rules");
    const fwlint::Policy& filter = input.policies.front();
    std::size_t findings = 0;
    for (auto _ : state) {
        findings = 0;
        for (const fwlint::Chain& chain : filter.chains) {
            auto shadowed = fwlint::find_shadowed(chain, filter.family);
            auto redundant = fwlint::find_redundant(chain, filter.family, shadowed);
            findings += shadowed.size() + redundant.size();
            benchmark::DoNotOptimize(redundant);
        }
    }
    state.counters["rules"] = double(input.rule_count());
    state.counters["findings"] = double(findings);
}

}  // namespace

BENCHMARK(shadow_chain)
    ->ArgNames({"rules", "one_port"})
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Args({100000, 0})
    ->Args({10000, 1})
    ->Args({100000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(lint_chain)
    ->ArgNames({"rules", "one_port"})
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Args({2000, 1})
    ->Args({5000, 1})
    ->Args({10000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
