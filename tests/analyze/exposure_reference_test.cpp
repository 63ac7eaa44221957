// find_exposures against find_exposures_reference (the slice-by-slice
// evaluate_chain walk it replaced) on many random iptables policies and
// Windows profiles (exposure_random_policies.hpp): every finding the same,
// packets and all.
#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/exposure.hpp"
#include "exposure_random_policies.hpp"

using namespace fwlint;

namespace {

using fwlint_test::drop_jumps;
using fwlint_test::make_universe;
using fwlint_test::random_policy;
using fwlint_test::random_windows_policy;
using fwlint_test::Universe;

std::string describe(const Exposure& e) {
    std::vector<std::string> only_if, unless, services;
    for (const auto& c : e.only_if) only_if.push_back(fmt::format("{}:{}", c.rule->loc.line, c.condition->name));
    for (const auto& c : e.unless) unless.push_back(fmt::format("{}:{}", c.rule->loc.line, c.condition->name));
    for (const auto* s : e.services) services.push_back(s->name);
    return fmt::format("kind {} rule {} proto {} all {} ports {} excess {} src {} dst {} services {} only_if {} unless {}",
                       int(e.kind), e.rule ? e.rule->loc.line : 0, e.proto, e.all_protocols,
                       format_ports(e.ports), format_ports(e.excess), format_count(e.sources),
                       format_count(e.destinations), fmt::join(services, ","), fmt::join(only_if, ","),
                       fmt::join(unless, ","));
}

// The policy, for a failure's message.
std::string dump(const Policy& p) {
    std::string out;
    for (const Chain& c : p.chains) {
        out += fmt::format("chain {} policy {}\n", c.name, c.policy ? int(*c.policy) : -1);
        for (const Rule& r : c.rules) {
            std::vector<std::string> conditions;
            for (const auto& cond : r.conditions) conditions.push_back(cond.name);
            out += fmt::format("  {} {} {}{} {} [{}]\n", r.loc.line, r.target, r.enabled ? "" : "disabled ",
                               r.new_flows ? "" : "replies", r.match.to_string(), fmt::join(conditions, ","));
        }
    }
    return out;
}

// find_exposures against find_exposures_reference on one policy, in a stable
// order: every finding the same, packets and all. Returns how many were compared.
int compare_with_reference(const Policy& p, const std::vector<const Chain*>& entries, u128 max_ports) {
    auto fast = find_exposures(p, entries, max_ports);
    auto slow = find_exposures_reference(p, entries, max_ports);
    auto order = [](const Exposure& a, const Exposure& b) {
        int la = a.rule ? a.rule->loc.line : 0, lb = b.rule ? b.rule->loc.line : 0;
        return std::tie(la, a.kind, a.proto) < std::tie(lb, b.kind, b.proto);
    };
    std::sort(fast.begin(), fast.end(), order);
    std::sort(slow.begin(), slow.end(), order);
    INFO(dump(p));
    REQUIRE(fast.size() == slow.size());
    for (std::size_t k = 0; k < fast.size(); ++k) {
        CHECK(describe(fast[k]) == describe(slow[k]));
        CHECK(fast[k].packets == slow[k].packets);
    }
    return static_cast<int>(fast.size());
}

}  // namespace

TEST_CASE("find_exposures gives what the slice-by-slice evaluate_chain walk gives") {
    std::mt19937 rng(5);
    int compared = 0;
    for (int round = 0; round < 150; ++round) {
        const Family f = round % 4 == 3 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        std::vector<const Chain*> entries{&p.chains.front()};
        const u128 max_ports = rng() % 2 ? wide_port_threshold : u128(10);
        INFO("round " << round);
        compared += compare_with_reference(p, entries, max_ports);
    }
    CHECK(compared > 100);  // the random policies do expose things
}

TEST_CASE("find_exposures on Windows profiles gives what the slice walk gives") {
    std::mt19937 rng(11);
    int compared = 0;
    for (int round = 0; round < 80; ++round) {
        const Family f = round % 4 == 3 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_windows_policy(rng, u, f);
        std::vector<const Chain*> entries{&p.chains.front()};
        INFO("round " << round);
        compared += compare_with_reference(p, entries, 10);
    }
    CHECK(compared > 50);
}

TEST_CASE("find_exposures on lists that jump nowhere (rule by rule) gives what the slice walk gives") {
    std::mt19937 rng(2026);
    int compared = 0;
    for (int round = 0; round < 200; ++round) {
        const Family f = round % 4 == 3 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        drop_jumps(p);
        std::vector<const Chain*> entries{&p.chains.front()};
        const u128 max_ports = rng() % 2 ? wide_port_threshold : u128(10);
        INFO("round " << round);
        compared += compare_with_reference(p, entries, max_ports);
    }
    CHECK(compared > 100);
}
