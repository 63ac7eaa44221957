// The cell walk `diff` uses (diff_cells.hpp) in the three shapes that used to
// fall back to walking every packet through every rule: chains whose end
// policies differ, lists that differ in more than a few hundred entries, and
// Windows inputs. Each is compared with the reference walk (diff_chains'
// whole_space: every slice of the space through every rule) change for
// change and line for line, or, where that walk is too slow, with
// evaluate_chain on single packets.
#include <algorithm>
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/diff.hpp"
#include "analyze/diff_cells.hpp"
#include "analyze/diff_scope.hpp"
#include "parse/input.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

ParsedInput read(const std::string& text, const std::string& format, const std::string& file) {
    return fwlint_test::read_input(text, format, file, Severity::warning);
}

// Everything a change shows in text or JSON.
std::string render(const std::vector<DiffChange>& changes) {
    std::string out;
    auto lines = [](const std::vector<LineRef>& ls) {
        std::string s;
        for (const auto& l : ls)
            s += fmt::format(" [{}:{} {} {} {} {} {}]", l.file, l.line, l.chain, l.policy, l.text, l.label, l.rule_id);
        return s;
    };
    for (const auto& c : changes)
        out += fmt::format("{} {} {} {} | {} | now{} | before{}\n", c.chain, c.newly_allowed, c.conditional,
                           fmt::join(c.conditions, ","), c.packets.to_string(), lines(c.now), lines(c.before));
    return out;
}

std::vector<DiffChange> diff(const Policy& a, const std::string& ca, const Policy& b, const std::string& cb,
                             bool whole_space) {
    std::vector<DiffChange> out;
    diff_chains(a, ca, b, cb, "X", out, whole_space);
    return out;
}

std::string random_iptables_rule(std::mt19937& rng, const char* chain, bool user) {
    auto pick = [&](unsigned n) { return rng() % n; };
    std::string s = fmt::format("-A {}", chain);
    if (pick(2)) s += fmt::format(" -s 10.0.{}.0/24", pick(3));
    if (pick(4)) {
        unsigned lo = 1000 * pick(60);
        s += fmt::format(" -p tcp -m tcp --dport {}:{}", lo, std::min<unsigned>(65535, lo + 500 + 1000 * unsigned(pick(8))));
    }
    if (pick(5) == 0) s += " -i eth1";  // an unmodelled condition
    const char* targets_fwd[] = {"ACCEPT", "DROP", "U", "LOG", "ACCEPT"};
    const char* targets_user[] = {"ACCEPT", "DROP", "RETURN", "LOG", "DROP"};
    return s + " -j " + (user ? targets_user : targets_fwd)[pick(5)];
}

std::string iptables_config(const std::vector<std::string>& rules, const char* policy) {
    std::string t = fmt::format("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {} [0:0]\n:OUTPUT ACCEPT [0:0]\n:U - [0:0]\n",
                                policy);
    for (const auto& r : rules) t += r + "\n";
    return t + "COMMIT\n";
}

}  // namespace

TEST_CASE("diff_cells: chains whose policies differ give the reference diff") {
    std::mt19937 rng(1123);
    int changed = 0, scoped = 0;
    for (int round = 0; round < 60; ++round) {
        std::vector<std::string> a;
        for (int i = 0, n = 1 + int(rng() % 8); i < n; ++i) a.push_back(random_iptables_rule(rng, "FORWARD", false));
        for (int i = 0, n = int(rng() % 4); i < n; ++i) a.push_back(random_iptables_rule(rng, "U", true));
        std::vector<std::string> b = a;
        if (rng() % 2) b.insert(b.begin() + long(rng() % b.size()), random_iptables_rule(rng, "FORWARD", false));
        std::string ta = iptables_config(a, "DROP"), tb = iptables_config(b, "ACCEPT");
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput oi = read(ta, "iptables", "old.rules"), ni = read(tb, "iptables", "new.rules");
        const Policy &op = *oi.find_policy("filter"), &np = *ni.find_policy("filter");
        auto fast = diff(op, "FORWARD", np, "FORWARD", false);
        auto whole = diff(op, "FORWARD", np, "FORWARD", true);
        CHECK(render(fast) == render(whole));
        changed += !fast.empty();
        // Walked where the entries differ and where a packet can reach either
        // policy, or (nullopt) everywhere.
        if (auto scope = differing_space(op, "FORWARD", np, "FORWARD")) {
            ++scoped;
            for (const auto& c : whole) CHECK(c.packets.is_subset_of(*scope));
        }
    }
    CHECK(changed > 40);
    CHECK(scoped > 10);
}

TEST_CASE("diff_cells: a chain that ends in a catch-all rule makes its policy unreachable") {
    const std::string body = "-A FORWARD -s 10.0.0.0/8 -p tcp -m tcp --dport 443 -j ACCEPT\n-A FORWARD -j DROP\nCOMMIT\n";
    ParsedInput a = read("*filter\n:FORWARD ACCEPT [0:0]\n" + body, "iptables", "old.rules");
    ParsedInput b = read("*filter\n:FORWARD DROP [0:0]\n" + body, "iptables", "new.rules");
    const Policy &op = *a.find_policy("filter"), &np = *b.find_policy("filter");
    auto scope = differing_space(op, "FORWARD", np, "FORWARD");
    REQUIRE(scope);
    CHECK(scope->empty());  // nothing to walk: no packet reaches either policy
    CHECK(diff(op, "FORWARD", np, "FORWARD", false).empty());
    CHECK(diff(op, "FORWARD", np, "FORWARD", true).empty());
    // Without the catch-all, the packets that reach the policies are the region.
    const std::string rule = "-A FORWARD -s 10.0.0.0/8 -p tcp -m tcp --dport 443 -j ACCEPT\nCOMMIT\n";
    ParsedInput c = read("*filter\n:FORWARD ACCEPT [0:0]\n" + rule, "iptables", "old2.rules");
    ParsedInput d = read("*filter\n:FORWARD DROP [0:0]\n" + rule, "iptables", "new2.rules");
    auto open = differing_space(*c.find_policy("filter"), "FORWARD", *d.find_policy("filter"), "FORWARD");
    REQUIRE(open);
    CHECK(*open == PacketSet::all(Family::v4).subtract(fwlint_test::tcp("10.0.0.0/8", "0.0.0.0/0", 443, 443)));
}

namespace {

std::string random_netsh_rule(std::mt19937& rng, int i) {
    auto pick = [&](unsigned n) { return rng() % n; };
    const char* action = pick(3) == 0 ? "block" : pick(8) == 0 ? "bypass security=authenticate rmtcomputergrp=\"D:(A;;CC;;;S-1-5-21-1)\"" : "allow";
    std::string s = fmt::format("netsh advfirewall firewall add rule name=\"R{}\" dir=in action={} protocol=TCP "
                                "localport={}-{} profile=domain",
                                i, action, 1000 + 100 * pick(20), 3000 + 100 * pick(20));
    switch (pick(6)) {
        case 0: s += " remoteip=localsubnet"; break;  // a condition
        case 1: s += fmt::format(" remoteip=10.0.{}.0/24", pick(3)); break;
        case 2: s += " program=\"C:\\app.exe\""; break;  // scope only
        case 3: s += " enable=no"; break;
        default: break;
    }
    return s + "\n";
}

std::string netsh_config(const std::vector<std::string>& rules, bool allow_in) {
    std::string t = fmt::format("netsh advfirewall set allprofiles firewallpolicy {},allowoutbound\n",
                                allow_in ? "allowinbound" : "blockinbound");
    for (const auto& r : rules) t += r;
    return t;
}

}  // namespace

TEST_CASE("diff_cells: Windows profiles give the reference diff, only where rules differ") {
    std::mt19937 rng(2026);
    int changed = 0, scoped = 0;
    for (int round = 0; round < 80; ++round) {
        std::vector<std::string> a;
        for (int i = 0, n = 1 + int(rng() % 10); i < n; ++i) a.push_back(random_netsh_rule(rng, i));
        std::vector<std::string> b = a;
        std::shuffle(b.begin(), b.end(), rng);  // no rule order on Windows
        for (int e = 0, edits = int(rng() % 3); e < edits; ++e) {
            if (rng() % 2)
                b.push_back(random_netsh_rule(rng, 100 + e));
            else if (!b.empty())
                b.erase(b.begin() + long(rng() % b.size()));
        }
        bool da = rng() % 6 == 0, db = rng() % 6 == 0 ? !da : da;
        std::string ta = netsh_config(a, da), tb = netsh_config(b, db);
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput oi = read(ta, "netsh-script", "old.cmd"), ni = read(tb, "netsh-script", "new.cmd");
        const Policy* op = nullptr;
        const Policy* np = nullptr;
        for (const auto& p : oi.policies)
            if (p.name == "inbound" && p.family == Family::v4) op = &p;
        for (const auto& p : ni.policies)
            if (p.name == "inbound" && p.family == Family::v4) np = &p;
        REQUIRE(op);
        REQUIRE(np);
        auto fast = diff(*op, "domain", *np, "domain", false);
        auto whole = diff(*op, "domain", *np, "domain", true);
        CHECK(render(fast) == render(whole));
        changed += !whole.empty();
        auto scope = differing_space(*op, "domain", *np, "domain");
        // Different default actions add the packets no unconditional rule takes.
        if (da == db) CHECK(scope);
        if (scope) {
            ++scoped;
            for (const auto& c : whole) CHECK(c.packets.is_subset_of(*scope));
            // Reordered rules alone change nothing and leave nothing to walk.
            if (da == db && a.size() == b.size() && std::is_permutation(a.begin(), a.end(), b.begin()))
                CHECK(scope->empty());
        }
    }
    CHECK(changed > 30);
    CHECK(scoped > 40);
}

namespace {

// Whether `policy` accepts one packet through `chain` whatever the conditions.
bool accepts(const Policy& policy, const std::string& chain, const PacketSet& packet) {
    return evaluate_chain(policy, chain, packet, ConditionMode::strict).accepted == packet;
}

}  // namespace

TEST_CASE("diff_cells: lists that differ in more than 512 entries agree with single-packet evaluation") {
    // 1,500 entries, 700 of them edited (flipped, moved, removed, added) all
    // over the list: the alignment anchors on the unchanged entries and the
    // cells walk only where the edits are.
    std::mt19937 rng(77);
    auto ace = [&](unsigned i) {
        return fmt::format("{} tcp 10.0.{}.0 0.0.0.255 host 192.0.2.{} eq {}", rng() % 3 ? "permit" : "deny", rng() % 4,
                           rng() % 8, 1000 + i % 1200);
    };
    std::vector<std::string> a;
    for (unsigned i = 0; i < 1500; ++i) a.push_back(ace(i));
    std::vector<std::string> b = a;
    for (int e = 0; e < 700; ++e) {
        std::size_t at = rng() % b.size();
        switch (rng() % 4) {
            case 0: b.insert(b.begin() + long(at), ace(unsigned(rng() % 1500))); break;
            case 1: b.erase(b.begin() + long(at)); break;
            case 2:
                if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
                break;
            default: b[at] = b[at].rfind("permit", 0) == 0 ? "deny" + b[at].substr(6) : "permit" + b[at].substr(4);
        }
    }
    auto as_ios = [](const std::vector<std::string>& aces) {
        std::string t = "hostname R1\nip access-list extended EDGE\n";
        for (std::size_t i = 0; i < aces.size(); ++i) t += fmt::format(" {} {}\n", 10 * (i + 1), aces[i]);
        return t;
    };
    ParsedInput oi = read(as_ios(a), "ios", "old.cfg"), ni = read(as_ios(b), "ios", "new.cfg");
    const Policy &op = oi.policies.front(), &np = ni.policies.front();
    auto scope = differing_space(op, "EDGE", np, "EDGE");
    REQUIRE(scope);
    CHECK_FALSE(scope->empty());
    auto changes = diff(op, "EDGE", np, "EDGE", false);
    PacketSet allowed, denied;
    for (const auto& c : changes) {
        CHECK(c.packets.is_subset_of(*scope));
        (c.newly_allowed ? allowed : denied).add_disjoint(c.packets);
    }
    CHECK(allowed.box_count() > 0);
    CHECK(denied.box_count() > 0);
    // Every host the lists name, from every source block, on 200 of their ports.
    int checked = 0, differ = 0;
    for (unsigned net = 0; net < 5; ++net)
        for (unsigned host = 0; host < 9; ++host)
            for (unsigned k = 0; k <= 201; ++k) {
                unsigned port = k == 201 ? 2200 : 999 + (k * 7) % 1201;
                std::string src = fmt::format("10.0.{}.7", net), dst = fmt::format("192.0.2.{}", host);
                PacketSet pkt = fwlint_test::tcp(src.c_str(), dst.c_str(), port, port);
                bool was = accepts(op, "EDGE", pkt), now = accepts(np, "EDGE", pkt);
                INFO(src << " -> " << dst << " port " << port);
                CHECK(allowed.intersects(pkt) == (now && !was));
                CHECK(denied.intersects(pkt) == (was && !now));
                ++checked;
                differ += was != now;
            }
    CHECK(checked > 9000);
    CHECK(differ > 30);
}
