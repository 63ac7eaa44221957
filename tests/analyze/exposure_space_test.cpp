// evaluate_space (the leaf-by-leaf walk the exposure lints use) against a
// brute-force first-match walk of single packets, and find_exposures against
// find_exposures_reference (the slice-by-slice evaluate_chain walk it
// replaced), on many random policies: a built-in chain and two user chains
// with jumps, gotos, RETURNs, loops, unmodelled and loopback-only
// conditions, disabled rules and rules for replies only. Rules' ranges end at
// a few values (the risky ports, 440, ranges running to 65535 among them), so
// every packet class has a representative among a few thousand points.
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/exposure.hpp"
#include "analyze/evaluate_windows.hpp"
#include "analyze/exposure_space.hpp"
#include "random_universe.hpp"

using namespace fwlint;

namespace {

using fwlint_test::holds;
using fwlint_test::Point;
using fwlint_test::Universe;

Universe make_universe(std::mt19937& rng, Family f) {
    Universe u;
    for (std::size_t d = 0; d < dim_count; ++d) {
        const u128 top = dim_max(Dim(d), f);
        auto& ends = u.ends[d];
        if (d == proto_dim) {
            ends = {proto_icmp, proto_tcp, proto_udp};
        } else if (d == sport_dim) {
            ends = {0, 1023};
        } else if (d == dport_dim) {
            ends = {23, 440, 445, 1024, 3389, 40000, rpc_dynamic_lo, max_port};
            ends.push_back(u128(rng() % 65536));
        } else {
            for (int k = 0; k < 4; ++k) ends.push_back(u128(rng() % 1024) << (f == Family::v6 ? 118 : 22));
            ends.push_back(top);
        }
        fwlint_test::sort_unique(ends);
    }
    fwlint_test::complete_universe(u, f, {0, 2000});
    return u;
}

PacketSet random_match(std::mt19937& rng, const Universe& u, Family f) {
    PacketSet out;
    int boxes = rng() % 6 == 0 ? 2 : 1;
    for (int b = 0; b < boxes; ++b) {
        Box box = Box::all(f);
        switch (rng() % 5) {
            case 0:
            case 1: box.dims[proto_dim] = IntervalSet::single(proto_tcp); break;
            case 2: box.dims[proto_dim] = IntervalSet::single(proto_udp); break;
            case 3: box.dims[proto_dim] = IntervalSet::single(proto_icmp); break;
            default: break;
        }
        box.dims[src_dim] = fwlint_test::random_ranges(rng, u, src_dim, f, 5);
        box.dims[dst_dim] = fwlint_test::random_ranges(rng, u, dst_dim, f, 5);
        if (rng() % 4 == 0) box.dims[sport_dim] = IntervalSet::range(1024, max_port);
        if (box.dims[proto_dim].min() != proto_icmp || rng() % 2)
            box.dims[dport_dim] = fwlint_test::random_ranges(rng, u, dport_dim, f, 5);
        out = out.unite(PacketSet::of(f, box));
    }
    return out;
}

Rule random_rule(std::mt19937& rng, const Universe& u, Family f, const std::string& chain, int line) {
    Rule r;
    r.chain = chain;
    r.loc.file = "t.rules";
    r.loc.line = line;
    // Now and then a rule for every packet (`-m mark --mark 1 -j DROP`, a
    // catch-all ACCEPT): what ends a chain's walk in every box.
    r.match = rng() % 10 == 0 ? PacketSet::all(f) : random_match(rng, u, f);
    switch (rng() % 24) {
        case 0: r.action = Action::log, r.target = "LOG"; break;
        case 1: r.action = Action::jump, r.target = "USER"; break;
        case 2: r.action = Action::jump, r.target = "OTHER"; break;
        case 3: r.action = Action::go_to, r.target = "OTHER"; break;
        case 4: r.action = Action::ret, r.target = "RETURN"; break;
        case 5: r.action = Action::other, r.target = "DNAT"; break;
        case 6: r.action = Action::reject, r.target = "REJECT"; break;
        case 7:
        case 8:
        case 9:
        case 10: r.action = Action::drop, r.target = "DROP"; break;
        default: r.action = Action::accept, r.target = "ACCEPT"; break;
    }
    switch (rng() % 24) {
        case 0: r.enabled = false; break;
        case 1:
        case 2: r.conditions.push_back(Condition{"mark 0x1", "-m mark --mark 0x1"}); break;
        case 3: r.conditions.push_back(Condition{"in-interface lo", "-i lo", true}); break;
        case 4:
            r.states = state_established | state_related;
            r.new_flows = false;
            r.match = PacketSet();
            break;
        default: break;
    }
    return r;
}

Policy random_policy(std::mt19937& rng, const Universe& u, Family f) {
    Policy p;
    p.name = "filter";
    p.family = f;
    int line = 1;
    for (const char* name : {"INPUT", "USER", "OTHER"}) {
        Chain c;
        c.name = name;
        c.builtin = c.name == "INPUT";
        if (c.builtin && rng() % 4 != 0) c.policy = rng() % 2 ? Action::accept : Action::drop;
        std::size_t n = 1 + rng() % (c.builtin ? 40 : 12);
        for (std::size_t i = 0; i < n; ++i) c.rules.push_back(random_rule(rng, u, f, c.name, line++));
        p.chains.push_back(std::move(c));
    }
    return p;
}

// ---- the reference: one packet at a time -----------------------------------

struct Outcome {
    const Rule* rule = nullptr;  // nullptr: the policy
    Verdict verdict = Verdict::unknown;
    bool decided = false;  // false: fell off a user chain or RETURNed
};

Outcome walk_point(const Policy& p, const Chain& c, const Point& pt, ConditionMode mode,
                   std::vector<const Chain*>& stack) {
    if (stack.size() > 64 || std::find(stack.begin(), stack.end(), &c) != stack.end()) return {};
    stack.push_back(&c);
    Outcome out;
    for (const Rule& r : c.rules) {
        if (!r.enabled || !r.new_flows || !holds(r.match, p.family, pt)) continue;
        bool loopback = std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& k) { return k.loopback_only; });
        bool admits = r.action == Action::accept || r.action == Action::jump || r.action == Action::go_to;
        bool takes = r.conditions.empty() || (!loopback && (mode == ConditionMode::lenient) == admits);
        if (!takes) continue;
        if (r.action == Action::log || r.action == Action::none) continue;
        if (r.action == Action::ret) break;
        if (r.action == Action::jump || r.action == Action::go_to) {
            const Chain* t = p.find_chain(r.target);
            if (!t) continue;
            Outcome o = walk_point(p, *t, pt, mode, stack);
            if (o.decided) {
                out = o;
                break;
            }
            if (r.action == Action::go_to) break;  // resumes in our caller
            continue;
        }
        out.rule = &r;
        out.decided = true;
        out.verdict = r.action == Action::accept ? Verdict::accept
                      : r.action == Action::other ? Verdict::unknown
                                                  : Verdict::deny;
        break;
    }
    stack.pop_back();
    return out;
}

Outcome evaluate_point(const Policy& p, const Chain& builtin, const Point& pt, ConditionMode mode) {
    std::vector<const Chain*> stack;
    Outcome o = walk_point(p, builtin, pt, mode, stack);
    if (o.decided) return o;
    o.rule = nullptr;
    o.decided = true;
    o.verdict = !builtin.policy ? Verdict::unknown : builtin.policy == Action::accept ? Verdict::accept : Verdict::deny;
    return o;
}

// A Windows profile chain: allow (some of them bypass) and block rules,
// conditional ones (a real condition, or only a program scope), disabled
// ones; no order between them.
Policy random_windows_policy(std::mt19937& rng, const Universe& u, Family f) {
    Policy p;
    p.name = "inbound";
    p.family = f;
    p.order = EvaluationOrder::windows_precedence;
    Chain c;
    c.name = "domain";
    c.builtin = true;
    c.policy = rng() % 3 == 0 ? Action::accept : Action::drop;
    std::size_t n = 1 + rng() % 40;
    for (std::size_t i = 0; i < n; ++i) {
        Rule r;
        r.chain = c.name;
        r.loc.file = "w.txt";
        r.loc.line = int(i) + 1;
        r.match = rng() % 12 == 0 ? PacketSet::all(f) : random_match(rng, u, f);
        switch (rng() % 8) {
            case 0: r.action = Action::accept, r.target = "Bypass"; break;
            case 1:
            case 2: r.action = Action::drop, r.target = "Block"; break;
            default: r.action = Action::accept, r.target = "Allow"; break;
        }
        switch (rng() % 10) {
            case 0: r.enabled = false; break;
            case 1: r.conditions.push_back(Condition{"interface type wireless", "InterfaceType=Wireless"}); break;
            case 2: r.conditions.push_back(Condition{"program svchost.exe", "Program=svchost.exe", false, true}); break;
            default: break;
        }
        c.rules.push_back(std::move(r));
    }
    p.chains.push_back(std::move(c));
    return p;
}

Outcome evaluate_windows_point(const Policy& p, const Chain& c, const Point& pt, ConditionMode mode) {
    for (int cls = 0; cls < 3; ++cls)
        for (const Rule& r : c.rules) {
            if (!r.enabled || !r.new_flows || windows_precedence_class(r) != cls || !holds(r.match, p.family, pt))
                continue;
            bool real = std::any_of(r.conditions.begin(), r.conditions.end(), [](const Condition& k) { return !k.scope_only; });
            bool admits = r.action == Action::accept;
            if (real && (mode == ConditionMode::lenient) != admits) continue;
            return Outcome{&r, admits ? Verdict::accept : Verdict::deny, true};
        }
    return Outcome{nullptr, !c.policy ? Verdict::unknown : c.policy == Action::accept ? Verdict::accept : Verdict::deny, true};
}

// A few random boxes of the universe, as one set (disjoint boxes).
PacketSet random_region(std::mt19937& rng, const Universe& u, Family f) {
    PacketSet out;
    for (int k = 1 + int(rng() % 4); k > 0; --k) {
        Box b = Box::all(f);
        for (Dim d : {proto_dim, src_dim, dst_dim, dport_dim})
            if (rng() % 2) b.dims[d] = fwlint_test::random_ranges(rng, u, d, f, 5);
        out = out.unite(PacketSet::of(f, b));
    }
    return out;
}

// Every point of `region` is decided once, as `expected` decides it, and
// is in `unsure` iff the lenient walk accepts it and the strict one does not.
template <class Expected>
void check_points(const SpaceEvaluation& ev, const Universe& u, Family f, const PacketSet& region, Expected expected,
                  int round) {
    REQUIRE(ev.complete);
    for (const Point& pt : u.points) {
        INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]),
                         std::uint64_t(pt[1] >> 64 ? pt[1] >> 96 : pt[1]), std::uint64_t(pt[2] >> 64 ? pt[2] >> 96 : pt[2]),
                         unsigned(pt[3]), unsigned(pt[4])));
        const bool inside = holds(region, f, pt);
        Outcome lenient = expected(pt, ConditionMode::lenient);
        Outcome strict = expected(pt, ConditionMode::strict);
        int found = 0;
        for (const Decision& d : ev.decisions) {
            if (!holds(d.packets, f, pt)) continue;
            ++found;
            CHECK(d.rule == lenient.rule);
            CHECK(d.verdict == lenient.verdict);
        }
        CHECK(found == (inside ? 1 : 0));
        bool unsure = inside && lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
        CHECK(holds(ev.unsure, f, pt) == unsure);
    }
}

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
    REQUIRE(fast.size() == slow.size());
    for (std::size_t k = 0; k < fast.size(); ++k) {
        CHECK(describe(fast[k]) == describe(slow[k]));
        CHECK(fast[k].packets == slow[k].packets);
    }
    return static_cast<int>(fast.size());
}

}  // namespace

TEST_CASE("evaluate_space decides every packet as a brute-force first-match walk does") {
    std::mt19937 rng(20261123);
    for (int round = 0; round < 60; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        const Chain& input = p.chains.front();
        // Small leaves so the cuts are exercised on small chains too.
        SpaceEvaluation ev = evaluate_space(p, input, 1 + rng() % 4);
        for (const Point& pt : u.points) {
            INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]), std::uint64_t(pt[1] >> 64 ? pt[1] >> 96 : pt[1]),
                             std::uint64_t(pt[2] >> 64 ? pt[2] >> 96 : pt[2]), unsigned(pt[3]), unsigned(pt[4])));
            Outcome lenient = evaluate_point(p, input, pt, ConditionMode::lenient);
            Outcome strict = evaluate_point(p, input, pt, ConditionMode::strict);
            int found = 0;
            for (const Decision& d : ev.decisions) {
                if (!holds(d.packets, f, pt)) continue;
                ++found;
                CHECK(d.rule == lenient.rule);
                CHECK(d.verdict == lenient.verdict);
            }
            CHECK(found == 1);
            bool unsure = lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
            CHECK(holds(ev.unsure, f, pt) == unsure);
        }
    }
}

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

TEST_CASE("evaluate_space of a region decides its packets and no others") {
    std::mt19937 rng(77);
    for (int round = 0; round < 40; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_policy(rng, u, f);
        const Chain& input = p.chains.front();
        PacketSet region = random_region(rng, u, f);
        ChainSpace space(p, input);
        SpaceEvaluation ev = space.evaluate(region, 1 + rng() % 4);
        check_points(ev, u, f, region,
                     [&](const Point& pt, ConditionMode m) { return evaluate_point(p, input, pt, m); }, round);
    }
}

TEST_CASE("evaluate_space on a Windows profile decides as Windows precedence does") {
    std::mt19937 rng(1995);
    for (int round = 0; round < 50; ++round) {
        const Family f = round % 3 == 2 ? Family::v6 : Family::v4;
        Universe u = make_universe(rng, f);
        Policy p = random_windows_policy(rng, u, f);
        const Chain& profile = p.chains.front();
        PacketSet region = round % 2 ? random_region(rng, u, f) : PacketSet::all(f);
        SpaceEvaluation ev = evaluate_space(p, profile, region, 1 + rng() % 4);
        // Packets both modes accept are the strict walk's (the unconditional
        // allow's); where that allow is limited to a program, the lenient
        // walk's rule keeps them too.
        REQUIRE(ev.complete);
        for (const Point& pt : u.points) {
            INFO(fmt::format("round {} point {} {} {} {} {}", round, unsigned(pt[0]), std::uint64_t(pt[1]),
                             std::uint64_t(pt[2]), unsigned(pt[3]), unsigned(pt[4])));
            const bool inside = holds(region, f, pt);
            Outcome lenient = evaluate_windows_point(p, profile, pt, ConditionMode::lenient);
            Outcome strict = evaluate_windows_point(p, profile, pt, ConditionMode::strict);
            std::set<std::pair<const Rule*, Verdict>> expected, found;
            if (inside) {
                const bool scoped = strict.rule && std::any_of(strict.rule->conditions.begin(), strict.rule->conditions.end(),
                                                               [](const Condition& c) { return c.scope_only; });
                if (strict.verdict == Verdict::accept) expected.insert({strict.rule, strict.verdict});
                if (strict.verdict != Verdict::accept || scoped) expected.insert({lenient.rule, lenient.verdict});
            }
            for (const Decision& d : ev.decisions)
                if (holds(d.packets, f, pt)) found.insert({d.rule, d.verdict});
            CHECK(found == expected);
            bool unsure = inside && lenient.verdict == Verdict::accept && strict.verdict != Verdict::accept;
            CHECK(holds(ev.unsure, f, pt) == unsure);
        }
    }
}

TEST_CASE("evaluate_space stops at its safety net and says how many rules met the region") {
    std::mt19937 rng(3);
    Universe u = make_universe(rng, Family::v4);
    Policy p = random_policy(rng, u, Family::v4);
    Chain& input = p.chains.front();
    input.rules.clear();
    for (int i = 0; i < 30; ++i) {
        Rule r;
        r.chain = "INPUT";
        r.action = Action::accept;
        Box b = Box::all(Family::v4);
        b.dims[src_dim] = IntervalSet::single(u128(i) * 7);
        r.match = PacketSet::of(Family::v4, b);
        input.rules.push_back(std::move(r));
    }
    ChainSpace space(p, input);
    SpaceEvaluation over = space.evaluate(PacketSet::all(Family::v4), 24, 29);
    CHECK_FALSE(over.complete);
    CHECK(over.decisions.empty());
    SpaceEvaluation at = space.evaluate(PacketSet::all(Family::v4), 24, 30);
    CHECK(at.complete);
    CHECK(at.region_rules == 30);
    CHECK(at.decisions.size() > 30);
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
