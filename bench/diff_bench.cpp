// Google Benchmark of `fwlint diff`, as a review sees it: diff_inputs, the
// whole comparison `fwlint diff` makes; parsing is done once, outside the
// timed loop.
// - diff_acl: a generated IOS extended ACL of N entries (hosts, /24
//   wildcards, any; tcp/udp ports and ranges, ip, icmp; 70% permit) against
//   a copy with three lines changed (two actions flipped, one permit added).
//   diff_whole_space walks the whole packet space through every rule, as diff
//   did before diff_scope (the reference; minutes per iteration at 20,000).
// - diff_iptables_edits: bench/gen_iptables' 200,000-rule file against a copy
//   with N of its address rules edited (action flipped, port changed, removed,
//   or a new accept inserted after it), spread over all 20 zone chains.
// - diff_iptables_policy: FORWARD's policy DROP against ACCEPT, with a
//   final catch-all DROP in both (200,000 rules: no packet reaches either
//   policy), and without one (20,000 rules: the whole space differs where
//   packets fall through, an answer of thousands of boxes).
// - diff_windows_corpus: ../shared/corpus/winreg/gorstak_Firewall.reg (7,411
//   rules) against a copy with N rules edited (action or Active flipped, a
//   local port added); skipped when the corpus is absent. N = 0: the file
//   against itself; diff_windows_reordered: against a copy with its rules
//   shuffled and renamed (no change: the review gate on every commit).
// - diff_zone_edits: the 200,000-rule file against a copy with N edits, half
//   of them to rules that take a whole zone (-m mark DROP flipped to ACCEPT
//   or its mark changed, icmp limit rules edited), the rest as in
//   diff_iptables_edits; the changes are also written as `fwlint diff` writes
//   them (show_packets, default --max-parts 50): a flipped zone-wide DROP
//   changes a set of thousands of parts.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyze/diff.hpp"
#include "analyze/diff_inputs.hpp"
#include "bench/generate_rules.hpp"
#include "cli/diff_packets.hpp"
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

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// `edits` of the zone chains' rules that name an address.
std::string edit_iptables(const std::string& text, long edits) {
    std::vector<std::string> lines = split_lines(text);
    std::vector<std::size_t> rules;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind("-A ZONE", 0) == 0 && (lines[i].find(" -d ") != std::string::npos ||
                                                  lines[i].find("--dst-range") != std::string::npos))
            rules.push_back(i);
    std::mt19937 rng(11);
    std::shuffle(rules.begin(), rules.end(), rng);
    for (long e = 0; e < edits && e < long(rules.size()); ++e) {
        std::string& l = lines[rules[std::size_t(e)]];
        std::size_t at;
        switch (rng() % 4) {
            case 0:
                if ((at = l.find(" -j ACCEPT")) != std::string::npos)
                    l.replace(at, 10, " -j DROP");
                else if ((at = l.find(" -j DROP")) != std::string::npos)
                    l.replace(at, 8, " -j ACCEPT");
                break;
            case 1:  // the first port, one up
                if ((at = l.find("--dport")) != std::string::npos) {
                    at = l.find(' ', at) + 1;
                    std::size_t end = l.find_first_not_of("0123456789", at);
                    unsigned port = unsigned(std::stoul(l.substr(at, end - at)));
                    l.replace(at, end - at, std::to_string(port % 65000 + 1));
                }
                break;
            case 2: l.clear(); break;
            default:
                l += fmt::format("\n{} -d 172.30.{}.{}/32 -p tcp -m tcp --dport {} -j ACCEPT", l.substr(0, l.find(' ', 3)),
                                 rng() % 256, rng() % 256, 1 + rng() % 65000);
        }
    }
    return join_lines(lines);
}

void run_diff(benchmark::State& state, const Pair& p) {
    std::size_t changes = 0;
    for (auto _ : state) {
        std::string error;
        auto r = fwlint::diff_inputs(p.old_in, p.new_in, fwlint::DiffSelection{}, error);
        if (!r) state.SkipWithError(error.c_str());
        changes = r ? r->changes.size() : 0;
        benchmark::DoNotOptimize(r);
    }
    state.counters["rules"] = double(p.old_in.rule_count());
    state.counters["changes"] = double(changes);
}

void diff_iptables_edits(benchmark::State& state) {
    static const std::string base = fwlint::bench::generate_iptables_save(200000);
    const Pair p{*fwlint::parse_input(base, "iptables", "old.rules"),
                 *fwlint::parse_input(edit_iptables(base, state.range(0)), "iptables", "new.rules")};
    run_diff(state, p);
}

void diff_iptables_policy(benchmark::State& state) {
    const bool catch_all = state.range(1) != 0;
    std::string base = fwlint::bench::generate_iptables_save(state.range(0));
    if (catch_all) base.insert(base.rfind("COMMIT"), "-A FORWARD -j DROP\n");
    std::string open = base;
    open.replace(open.find(":FORWARD DROP"), 13, ":FORWARD ACCEPT");
    const Pair p{*fwlint::parse_input(base, "iptables", "old.rules"), *fwlint::parse_input(open, "iptables", "new.rules")};
    run_diff(state, p);
}

// `edits` of the zone chains' rules, half of them to rules that take the
// whole zone (mark, icmp limit).
std::string edit_zone_wide(const std::string& text, long edits) {
    std::vector<std::string> lines = split_lines(text);
    std::vector<std::size_t> wide;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind("-A ZONE", 0) == 0 &&
            (lines[i].find(" -m mark ") != std::string::npos || lines[i].find(" -p icmp ") != std::string::npos))
            wide.push_back(i);
    std::mt19937 rng(5);
    std::shuffle(wide.begin(), wide.end(), rng);
    for (long e = 0; e < edits / 2 && e < long(wide.size()); ++e) {
        std::string& l = lines[wide[std::size_t(e)]];
        std::size_t at;
        if ((at = l.find(" -j DROP")) != std::string::npos && rng() % 2)
            l.replace(at, 8, " -j ACCEPT");
        else if ((at = l.find("--mark 0x")) != std::string::npos)
            l.insert(at + 9, "1");
        else if ((at = l.find("--limit 5/sec")) != std::string::npos)
            l.replace(at, 13, "--limit 50/sec");
    }
    return edit_iptables(join_lines(lines), edits - edits / 2);
}

void diff_zone_edits(benchmark::State& state) {
    static const std::string base = fwlint::bench::generate_iptables_save(200000);
    const Pair p{*fwlint::parse_input(base, "iptables", "old.rules"),
                 *fwlint::parse_input(edit_zone_wide(base, state.range(0)), "iptables", "new.rules")};
    std::size_t changes = 0, written = 0;
    for (auto _ : state) {
        std::string error;
        auto r = fwlint::diff_inputs(p.old_in, p.new_in, fwlint::DiffSelection{}, error);
        if (!r) state.SkipWithError(error.c_str());
        changes = r ? r->changes.size() : 0;
        written = 0;
        if (r)
            for (const auto& c : r->changes) written += fwlint::show_packets(c.packets, 50).text.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["rules"] = double(p.old_in.rule_count());
    state.counters["changes"] = double(changes);
    state.counters["bytes"] = double(written);
}

std::string corpus_text(benchmark::State& state) {
    std::ifstream in("../shared/corpus/winreg/gorstak_Firewall.reg", std::ios::binary);
    if (!in) state.SkipWithError("../shared/corpus/winreg/gorstak_Firewall.reg not found (run from the clone's root)");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void diff_windows_reordered(benchmark::State& state) {
    const std::string text = corpus_text(state);
    if (text.empty()) return;
    std::vector<std::string> lines = split_lines(text);
    std::vector<std::size_t> rules;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find("|Action=") != std::string::npos) rules.push_back(i);
    std::vector<std::string> shuffled;
    for (std::size_t i : rules) shuffled.push_back(lines[i]);
    std::mt19937 rng(1);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (std::size_t k = 0; k < rules.size(); ++k) {
        std::string l = shuffled[k];
        // A new value name (the rule ID) and display name: nothing allowed changes.
        l.replace(0, l.find("\"=\"") + 1, fmt::format("\"R{}\"", k));
        if (auto at = l.find("|Name="); at != std::string::npos) l.insert(at + 6, "Renamed ");
        lines[rules[k]] = l;
    }
    const Pair p{*fwlint::parse_input(text, "reg", "old.reg"), *fwlint::parse_input(join_lines(lines), "reg", "new.reg")};
    run_diff(state, p);
}

void diff_windows_corpus(benchmark::State& state) {
    const std::string text = corpus_text(state);
    if (text.empty()) return;
    std::vector<std::string> lines = split_lines(text);
    std::vector<std::size_t> rules;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find("|Action=") != std::string::npos) rules.push_back(i);
    std::mt19937 rng(3);
    std::shuffle(rules.begin(), rules.end(), rng);
    auto swap_text = [](std::string& l, const std::string& a, const std::string& b) {
        std::size_t at = l.find(a);
        if (at != std::string::npos) return l.replace(at, a.size(), b), true;
        at = l.find(b);
        if (at != std::string::npos) l.replace(at, b.size(), a);
        return true;
    };
    for (long e = 0; e < state.range(0); ++e) {
        std::string& l = lines[rules[std::size_t(e)]];
        switch (rng() % 3) {
            case 0: swap_text(l, "Action=Block", "Action=Allow"); break;
            case 1: swap_text(l, "Active=TRUE", "Active=FALSE"); break;
            default:
                if (l.find("LPort=") == std::string::npos) l.replace(l.find("|Dir="), 5, fmt::format("|LPort={}|Dir=", 1 + rng() % 65000));
        }
    }
    const Pair p{*fwlint::parse_input(text, "reg", "old.reg"), *fwlint::parse_input(join_lines(lines), "reg", "new.reg")};
    run_diff(state, p);
}

}  // namespace

BENCHMARK(diff_iptables_edits)->Arg(300)->Arg(3000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(diff_iptables_policy)->Args({200000, 1})->Args({20000, 0})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(diff_windows_corpus)->Arg(0)->Arg(10)->Arg(300)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(diff_windows_reordered)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(diff_zone_edits)->Arg(2)->Arg(300)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(diff_acl)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(diff_whole_space)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
