// FW201/FW202 alone (find_shadowing) on every first-match chain of the given
// files: per chain its rules, shadowed and redundant counts and thread CPU
// seconds; --chain NAME runs only the chains of that name (for callgrind);
// --dump prints every finding (rule, covering / deciders), so two builds'
// answers can be compared with diff.
// --repeat N runs each chain N times (the minimum is printed), so a profile
// of the run is mostly the analysis, not the reading.
// Usage: shadow_time [--chain NAME] [--dump] [--repeat N] FILE...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analyze/shadowing.hpp"
#include "parse/input.hpp"
#include "thread_cpu.hpp"

int main(int argc, char** argv) {
    std::string only;
    bool dump = false;
    int repeat = 1;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--chain" && i + 1 < argc) only = argv[++i];
        else if (a == "--dump") dump = true;
        else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else files.push_back(a);
    }
    if (files.empty()) {
        std::fputs("usage: shadow_time [--chain NAME] [--dump] [--repeat N] FILE...\n", stderr);
        return 2;
    }
    double total = 0;
    for (const std::string& path : files) {
        std::string error;
        auto bytes = fwlint::read_file_bytes(path, error);
        if (!bytes) {
            fmt::print(stderr, "{}: {}\n", path, error);
            return 2;
        }
        auto text = fwlint::decode_text(*bytes).text;
        const std::string format = fwlint::detect_format(text);
        auto input = fwlint::parse_input(std::move(text), format, path);
        if (!input) {
            fmt::print(stderr, "{}: format not recognised\n", path);
            return 2;
        }
        for (const fwlint::Policy& policy : input->policies) {
            if (policy.order != fwlint::EvaluationOrder::first_match) continue;
            for (const fwlint::Chain& chain : policy.chains) {
                if (!only.empty() && chain.name != only) continue;
                double t = 1e9;
                fwlint::ShadowingReport report;
                for (int r = 0; r < repeat; ++r) {
                    double t0 = thread_cpu_seconds();
                    report = fwlint::find_shadowing(chain, policy.family);
                    t = std::min(t, thread_cpu_seconds() - t0);
                }
                total += t;
                const char* fam = policy.family == fwlint::Family::v4 ? "v4" : "v6";
                fmt::print("{} {} {} {}: {} rules, {} shadowed, {} redundant, {:.3f} s\n", path, policy.name, fam,
                           chain.name, chain.rules.size(), report.shadowed.size(), report.redundant.size(), t);
                if (!dump) continue;
                for (const auto& s : report.shadowed)
                    fmt::print("  S {} [{}] {}\n", s.rule, fmt::join(s.covering, ","), s.same_action);
                for (const auto& r : report.redundant)
                    fmt::print("  R {} [{}] {}\n", r.rule, fmt::join(r.deciders, ","), r.policy_decides);
            }
        }
    }
    fmt::print("total {:.3f} s thread CPU\n", total);
    return 0;
}
