// Google Benchmark of `fwlint diff` on a generated IOS extended ACL of N
// entries (hosts, /24 wildcards, any; tcp/udp ports and ranges, ip, icmp;
// 70% permit) against a copy with three lines changed (two entries' actions
// flipped, one permit added at the end), as a review sees them: diff_inputs,
// the whole comparison `fwlint diff` makes. Parsing is done once, outside the
// timed loop. diff_whole_space walks the whole packet space as diff did before
// diff_scope (the 20,000-entry size is not run there: minutes per iteration).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include <fmt/format.h>

#include "analyze/diff.hpp"
#include "analyze/diff_inputs.hpp"
#include "parse/input.hpp"

namespace {

std::string generate_acl(long n, bool changed) {
    std::mt19937 rng(7);
    auto pick = [&](unsigned k) { return rng() % k; };
    std::string out = "hostname R1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.0.0\n"
                      " ip access-group BIG in\n!\nip access-list extended BIG\n";
    const char* protos[] = {"tcp", "udp", "tcp", "ip", "icmp"};
    for (long i = 1; i <= n; ++i) {
        bool permit = pick(10) < 7;
        std::string proto = protos[pick(5)];
        std::string src = pick(3) == 0   ? fmt::format("host 10.{}.{}.{}", pick(4), pick(256), pick(256))
                          : pick(2) == 0 ? fmt::format("10.{}.{}.0 0.0.0.255", pick(4), pick(256))
                                         : "any";
        std::string dst = pick(2) ? fmt::format("host 172.16.{}.{}", pick(256), pick(256))
                                  : fmt::format("172.16.{}.0 0.0.0.255", pick(256));
        std::string ports;
        if (proto == "tcp" || proto == "udp") {
            unsigned p = 1 + pick(65000);
            ports = pick(3) == 1 ? fmt::format(" range {} {}", p, p + 50) : fmt::format(" eq {}", p);
        }
        if (changed && (i == n / 3 || i == 2 * n / 3)) permit = !permit;
        out += fmt::format(" {} {} {} {} {}{}\n", i * 10, permit ? "permit" : "deny", proto, src, dst, ports);
    }
    if (changed) out += fmt::format(" {} permit tcp any host 172.16.9.9 eq 443\n", n * 10 + 10);
    return out + "!\n";
}

struct Pair {
    fwlint::ParsedInput old_in, new_in;
};

Pair inputs(long n) {
    return Pair{*fwlint::parse_input(generate_acl(n, false), "ios", "old.cfg"),
                *fwlint::parse_input(generate_acl(n, true), "ios", "new.cfg")};
}

void diff_acl(benchmark::State& state) {
    const Pair p = inputs(state.range(0));
    std::size_t changes = 0;
    for (auto _ : state) {
        std::string error;
        auto r = fwlint::diff_inputs(p.old_in, p.new_in, fwlint::DiffSelection{}, error);
        changes = r ? r->changes.size() : 0;
        benchmark::DoNotOptimize(r);
    }
    state.counters["entries"] = double(p.old_in.rule_count());
    state.counters["changes"] = double(changes);
}

void diff_whole_space(benchmark::State& state) {
    const Pair p = inputs(state.range(0));
    const fwlint::Policy &a = p.old_in.policies.front(), &b = p.new_in.policies.front();
    std::size_t changes = 0;
    for (auto _ : state) {
        std::vector<fwlint::DiffChange> out;
        fwlint::diff_chains(a, "BIG", b, "BIG", "ACL BIG", out, true);
        changes = out.size();
        benchmark::DoNotOptimize(out);
    }
    state.counters["entries"] = double(p.old_in.rule_count());
    state.counters["changes"] = double(changes);
}

}  // namespace

BENCHMARK(diff_acl)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(diff_whole_space)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
