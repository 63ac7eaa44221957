#pragma once
// Random policies for the randomized exposure tests (exposure_space_test,
// exposure_reference_test): a built-in chain and two user chains with jumps,
// gotos, RETURNs, loops, unmodelled and loopback-only conditions, disabled
// rules and rules for replies only; or a Windows profile. Rules' ranges end
// at a few values (the risky ports, 440, ranges running to 65535 among
// them), so every packet class has a representative among a few thousand
// points.
#include <random>
#include <string>

#include "analyze/exposure.hpp"
#include "ir/rule.hpp"
#include "random_universe.hpp"

namespace fwlint_test {

using namespace fwlint;

inline Universe make_universe(std::mt19937& rng, Family f) {
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

inline PacketSet random_match(std::mt19937& rng, const Universe& u, Family f) {
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

inline Rule random_rule(std::mt19937& rng, const Universe& u, Family f, const std::string& chain, int line) {
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

inline Policy random_policy(std::mt19937& rng, const Universe& u, Family f) {
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

// A Windows profile chain: allow (some of them bypass) and block rules,
// conditional ones (a real condition, or only a program scope), disabled
// ones; no order between them.
inline Policy random_windows_policy(std::mt19937& rng, const Universe& u, Family f) {
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

// The policy with its built-in chain's jumps and gotos made ACCEPTs and
// DROPs (alternately): a list that jumps nowhere, as a Cisco ACL is, which
// the exposure lints evaluate rule by rule (analyze/exposure_by_rule.cpp).
inline void drop_jumps(Policy& p) {
    bool accept = true;
    for (Rule& r : p.chains.front().rules) {
        if (r.action != Action::jump && r.action != Action::go_to) continue;
        r.action = accept ? Action::accept : Action::drop;
        r.target = accept ? "ACCEPT" : "DROP";
        accept = !accept;
    }
}

}  // namespace fwlint_test
