// Where the lint checks of `fwlint check` spend their time on real files:
// for each file, its rules, the CPU seconds of reading it, of every lint
// (lint_policy, as `check` runs it, on this one thread), and of the exposure
// lints FW203-FW207 alone, split by part (ExposureCost: reading the chains,
// FW203-FW205, FW206, FW207, the findings). CPU time of the calling thread,
// so the figures hold on a loaded machine; the minimum of --repeat runs.
// Usage: lint_time [--repeat N] FILE...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyze/exposure.hpp"
#include "checks/fix_lines.hpp"
#include "checks/lint.hpp"
#include "parse/input.hpp"
#include "thread_cpu.hpp"

namespace {

// The chains lint_policy hands to find_exposures (checks/lint.cpp).
std::vector<const fwlint::Chain*> exposure_entries(const fwlint::ParsedInput& input, const fwlint::Policy& policy) {
    using namespace fwlint;
    std::vector<const Chain*> entries;
    if (policy.order == EvaluationOrder::windows_precedence) {
        if (policy.name == "inbound")
            for (const Chain& chain : policy.chains) entries.push_back(&chain);
        return entries;
    }
    const Dialect dialect = dialect_of(input.format, policy);
    if (policy.order != EvaluationOrder::first_match || (dialect == Dialect::iptables && policy.name != "filter"))
        return entries;
    for (const Chain& chain : policy.chains)
        if (dialect == Dialect::iptables ? chain.builtin && (chain.name == "INPUT" || chain.name == "FORWARD")
                                         : chain.policy.has_value())
            entries.push_back(&chain);
    return entries;
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 1;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else files.push_back(a);
    }
    if (files.empty()) {
        std::fputs("usage: lint_time [--repeat N] FILE...\n", stderr);
        return 2;
    }
    fmt::print("{:<34} {:>7} {:>7} {:>7} {:>8} | {:>7} {:>7} {:>7} {:>7} {:>7} {:>8}\n", "file", "rules", "read_s",
               "lints_s", "findings", "x_read", "FW203-5", "FW206", "FW207", "x_find", "exposure");
    for (const std::string& path : files) {
        std::string error;
        auto bytes = fwlint::read_file_bytes(path, error);
        if (!bytes) {
            fmt::print(stderr, "{}: {}\n", path, error);
            return 2;
        }
        double read = 1e9, lints = 1e9, exposure = 1e9;
        fwlint::ExposureCost best;
        std::size_t rules = 0, findings = 0;
        for (int r = 0; r < repeat; ++r) {
            double t0 = thread_cpu_seconds();
            auto text = fwlint::decode_text(*bytes).text;
            const std::string format = fwlint::detect_format(text);
            auto input = fwlint::parse_input(std::move(text), format, path);
            double t1 = thread_cpu_seconds();
            if (!input) {
                fmt::print(stderr, "{}: format not recognised\n", path);
                return 2;
            }
            auto found = fwlint::lint_policy(*input);
            double t2 = thread_cpu_seconds();
            fwlint::ExposureCost cost;
            for (const fwlint::Policy& policy : input->policies) {
                auto entries = exposure_entries(*input, policy);
                if (!entries.empty()) fwlint::find_exposures(policy, entries, fwlint::wide_port_threshold, &cost);
            }
            double t3 = thread_cpu_seconds();
            rules = input->rule_count();
            findings = found.size();
            read = std::min(read, t1 - t0);
            lints = std::min(lints, t2 - t1);
            if (t3 - t2 < exposure) exposure = t3 - t2, best = cost;
        }
        std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
        fmt::print("{:<34} {:>7} {:>7.3f} {:>7.3f} {:>8} | {:>7.3f} {:>7.3f} {:>7.3f} {:>7.3f} {:>7.3f} {:>8.3f}\n", name,
                   rules, read, lints, findings, best.read, best.open, best.rpc, best.kerberos, best.findings, exposure);
    }
    return 0;
}
