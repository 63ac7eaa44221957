// fwlint diff: known answers, and a randomized comparison with brute force.
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/diff.hpp"
#include "parse/iptables.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

const std::string head = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";

struct Pair {
    ParsedInput old_in, new_in;
    DiffResult result;
};

Pair diff_of(const std::string& old_text, const std::string& new_text, std::vector<std::string> chains = {}) {
    Pair p{parse_iptables_save(old_text, "old.rules"), parse_iptables_save(new_text, "new.rules"), {}};
    REQUIRE(p.old_in.diagnostics.empty());
    REQUIRE(p.new_in.diagnostics.empty());
    p.result = diff_policies(*p.old_in.find_policy("filter"), *p.new_in.find_policy("filter"), chains);
    return p;
}

using fwlint_test::tcp;

}  // namespace

TEST_CASE("diff: an added accept is newly allowed, with its line") {
    std::string base = head + "-A FORWARD -p tcp -m tcp --dport 443 -j ACCEPT\n";
    auto p = diff_of(base + "COMMIT\n", base + "-A FORWARD -d 10.0.0.5/32 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
    REQUIRE(p.result.changes.size() == 1);
    const DiffChange& c = p.result.changes[0];
    CHECK(c.chain == "FORWARD");
    CHECK(c.newly_allowed);
    CHECK_FALSE(c.conditional);
    CHECK(c.packets == tcp("0.0.0.0/0", "10.0.0.5", 22, 22));
    CHECK(c.packets.to_string() == "tcp any -> 10.0.0.5 ports 22");
    REQUIRE(c.now.size() == 1);
    CHECK(c.now[0].file == "new.rules");
    CHECK(c.now[0].line == 6);
    REQUIRE(c.before.size() == 1);
    CHECK(c.before[0].policy);  // the old FORWARD policy dropped it
    CHECK(c.before[0].line == 3);
    CHECK(p.result.any_newly_allowed());
    CHECK(p.result.chains == std::vector<std::string>{"INPUT", "FORWARD", "OUTPUT"});
}

TEST_CASE("diff: a removed accept is newly denied, with the old line and the new policy") {
    std::string keep = "-A FORWARD -p tcp -m tcp --dport 443 -j ACCEPT\n";
    auto p = diff_of(head + keep + "-A FORWARD -s 10.1.0.0/16 -p tcp -m tcp --dport 25 -j ACCEPT\nCOMMIT\n",
                     head + keep + "COMMIT\n");
    REQUIRE(p.result.changes.size() == 1);
    const DiffChange& c = p.result.changes[0];
    CHECK_FALSE(c.newly_allowed);
    CHECK(c.packets == tcp("10.1.0.0/16", "0.0.0.0/0", 25, 25));
    REQUIRE(c.before.size() == 1);
    CHECK(c.before[0].file == "old.rules");
    CHECK(c.before[0].line == 6);
    REQUIRE(c.now.size() == 1);
    CHECK(c.now[0].policy);
    CHECK(c.now[0].file == "new.rules");
    CHECK_FALSE(p.result.any_newly_allowed());
}

TEST_CASE("diff: reordering disjoint rules and renaming a user chain changes nothing") {
    auto p = diff_of(head + ":A - [0:0]\n-A FORWARD -d 10.0.0.0/24 -j A\n-A FORWARD -p udp -m udp --dport 53 -j ACCEPT\n"
                            "-A A -p tcp -m tcp --dport 22 -j ACCEPT\n-A A -p tcp -m tcp --dport 80 -j DROP\nCOMMIT\n",
                     head + ":WEB - [0:0]\n-A FORWARD -p udp -m udp --dport 53 -j ACCEPT\n-A FORWARD -d 10.0.0.0/24 -j WEB\n"
                            "-A WEB -p tcp -m tcp --dport 80 -j DROP\n-A WEB -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
    CHECK(p.result.changes.empty());
    CHECK_FALSE(p.result.any_newly_allowed());
}

TEST_CASE("diff: a reorder that changes the first match is reported") {
    std::string drop = "-A FORWARD -p tcp -m tcp --dport 22 -j DROP\n";
    std::string accept = "-A FORWARD -d 10.0.0.0/24 -p tcp -j ACCEPT\n";
    auto p = diff_of(head + drop + accept + "COMMIT\n", head + accept + drop + "COMMIT\n");
    REQUIRE(p.result.changes.size() == 1);
    const DiffChange& c = p.result.changes[0];
    CHECK(c.newly_allowed);
    CHECK(c.packets == tcp("0.0.0.0/0", "10.0.0.0/24", 22, 22));
    REQUIRE(c.now.size() == 1);
    CHECK(c.now[0].line == 5);  // the accept, now first
    REQUIRE(c.before.size() == 1);
    CHECK(c.before[0].line == 5);  // the drop, first in the old file
    CHECK(c.before[0].text == "-A FORWARD -p tcp -m tcp --dport 22 -j DROP");
}

TEST_CASE("diff: a condition added to an accept is a conditional newly denied, --chain restricts") {
    auto p = diff_of(head + "-A INPUT -p tcp -m tcp --dport 22 -j DROP\n-A FORWARD -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n",
                     head + "-A INPUT -p tcp -m tcp --dport 22 -j DROP\n-A FORWARD -i eth1 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n",
                     {"FORWARD"});
    CHECK(p.result.chains == std::vector<std::string>{"FORWARD"});
    REQUIRE(p.result.changes.size() == 1);
    const DiffChange& c = p.result.changes[0];
    CHECK_FALSE(c.newly_allowed);
    CHECK(c.conditional);
    REQUIRE(c.conditions.size() == 1);
    CHECK(c.conditions[0].find("eth1") != std::string::npos);
}

// Universe: tcp from 10.0.0.1 or 10.0.0.2, destination ports 0..15. Random
// rule lists in FORWARD and a user chain U, evaluated by hand packet by packet.
namespace {

enum class Act { accept, drop, jump, ret };

struct RRule {
    int src;  // 0: any, 1: 10.0.0.1, 2: 10.0.0.2
    int lo, hi;
    Act act;
};

struct Config {
    bool policy_accept;
    std::vector<RRule> fwd, user;
};

// Port p of the universe stands for ports p*scale .. p*scale+scale-1.
std::string render(const Config& c, int scale) {
    std::string t = fmt::format("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {} [0:0]\n:OUTPUT ACCEPT [0:0]\n:U - [0:0]\n",
                                c.policy_accept ? "ACCEPT" : "DROP");
    auto line = [scale](const char* chain, const RRule& r) {
        std::string s = fmt::format("-A {}", chain);
        if (r.src) s += fmt::format(" -s 10.0.0.{}/32", r.src);
        s += fmt::format(" -p tcp -m tcp --dport {}:{}", r.lo * scale, r.hi * scale + scale - 1);
        const char* target = r.act == Act::accept ? "ACCEPT" : r.act == Act::drop ? "DROP" : r.act == Act::jump ? "U" : "RETURN";
        return s + " -j " + target + "\n";
    };
    for (const auto& r : c.fwd) t += line("FORWARD", r);
    for (const auto& r : c.user) t += line("U", r);
    return t + "COMMIT\n";
}

bool matches(const RRule& r, int src, int port) { return (r.src == 0 || r.src == src) && r.lo <= port && port <= r.hi; }

// First-match verdict by hand: 1 accept, 0 drop, -1 fell through / returned.
int walk(const std::vector<RRule>& rules, const std::vector<RRule>& user, int src, int port, bool in_user) {
    for (const auto& r : rules) {
        if (!matches(r, src, port)) continue;
        switch (r.act) {
            case Act::accept: return 1;
            case Act::drop: return 0;
            case Act::ret: return -1;
            case Act::jump: {
                if (in_user) continue;  // U never jumps (generated so)
                int v = walk(user, user, src, port, true);
                if (v >= 0) return v;
                continue;
            }
        }
    }
    return -1;
}

bool accepts(const Config& c, int src, int port) {
    int v = walk(c.fwd, c.user, src, port, false);
    return v < 0 ? c.policy_accept : v == 1;
}

Config random_config(std::mt19937& rng) {
    Config c;
    c.policy_accept = rng() % 4 == 0;
    auto rule = [&](bool user) {
        RRule r;
        r.src = int(rng() % 3);
        r.lo = int(rng() % 16);
        r.hi = r.lo + int(rng() % (16 - r.lo));
        int a = int(rng() % (user ? 3 : 3));
        r.act = a == 0 ? Act::accept : a == 1 ? Act::drop : user ? Act::ret : Act::jump;
        return r;
    };
    int nf = 1 + int(rng() % 5), nu = int(rng() % 4);
    for (int i = 0; i < nf; ++i) c.fwd.push_back(rule(false));
    for (int i = 0; i < nu; ++i) c.user.push_back(rule(true));
    return c;
}

}  // namespace

TEST_CASE("diff: newly allowed and newly denied agree with brute force on random rule lists") {
    // scale 700: the port ranges cross the 4,096-port slices diff walks in.
    int scale = GENERATE(1, 700);
    std::mt19937 rng(20261122);
    int rounds_with_changes = 0;
    for (int round = 0; round < 300; ++round) {
        Config a = random_config(rng);
        Config b = rng() % 3 == 0 ? a : random_config(rng);
        if (rng() % 3 == 0 && b.fwd.size() > 1) std::swap(b.fwd[0], b.fwd[1]);
        std::string ta = render(a, scale), tb = render(b, scale);
        INFO("old:\n" << ta << "new:\n" << tb);
        auto p = diff_of(ta, tb);
        PacketSet allowed, denied;
        if (!p.result.changes.empty()) ++rounds_with_changes;
        for (const auto& c : p.result.changes) {
            CHECK_FALSE(c.conditional);
            CHECK(c.chain == "FORWARD");  // INPUT and OUTPUT are the same in both
            (c.newly_allowed ? allowed : denied) = (c.newly_allowed ? allowed : denied).unite(c.packets);
        }
        for (int src = 1; src <= 2; ++src)
            for (int port = 0; port < 16; ++port) {
                std::string s = fmt::format("10.0.0.{}", src);
                PacketSet pkt = tcp(s.c_str(), "0.0.0.0/0", port * scale, port * scale + scale - 1);
                bool old_ok = accepts(a, src, port), new_ok = accepts(b, src, port);
                INFO("src " << s << " port " << port);
                CHECK(allowed.intersects(pkt) == (new_ok && !old_ok));
                CHECK(denied.intersects(pkt) == (old_ok && !new_ok));
                // A single packet is wholly in or out (the diff is exact).
                if (new_ok && !old_ok) CHECK(pkt.is_subset_of(allowed));
                if (old_ok && !new_ok) CHECK(pkt.is_subset_of(denied));
            }
        // Identical configs: no change at all.
        if (ta == tb) CHECK(p.result.changes.empty());
    }
    CHECK(rounds_with_changes > 100);  // the comparison is not vacuous
}

TEST_CASE("diff: changes across the 4,096-port slices the walk uses come out whole") {
    std::string base = head + "-A FORWARD -p tcp -m tcp --dport 443 -j ACCEPT\n";
    auto p = diff_of(base + "COMMIT\n", base + "-A FORWARD -p tcp -m tcp --dport 4000:9000 -j ACCEPT\nCOMMIT\n");
    REQUIRE(p.result.changes.size() == 1);
    CHECK(p.result.changes[0].packets == tcp("0.0.0.0/0", "0.0.0.0/0", 4000, 9000));
    CHECK(p.result.changes[0].packets.to_string() == "tcp any -> any ports 4000-9000");
    REQUIRE(p.result.changes[0].now.size() == 1);
    CHECK(p.result.changes[0].now[0].line == 6);
}

TEST_CASE("evaluate_chain_decisions walks like evaluate_chain and leaves the buckets to the caller") {
    ParsedInput in = parse_iptables_save(
        head + ":A - [0:0]\n-A FORWARD -d 10.0.0.0/24 -j A\n-A FORWARD -p udp -m udp --dport 53 -j ACCEPT\n"
               "-A A -p tcp -m tcp --dport 22 -j ACCEPT\n-A A -p tcp -m tcp --dport 80 -j DROP\nCOMMIT\n",
        "e.rules");
    const Policy& p = *in.find_policy("filter");
    for (auto mode : {ConditionMode::strict, ConditionMode::lenient}) {
        Evaluation full = evaluate_chain(p, "FORWARD", PacketSet::all(Family::v4), mode);
        Evaluation bare = evaluate_chain_decisions(p, "FORWARD", PacketSet::all(Family::v4), mode);
        CHECK(bare.accepted.empty());
        CHECK(bare.denied.empty());
        REQUIRE(bare.decisions.size() == full.decisions.size());
        PacketSet acc;
        for (std::size_t i = 0; i < full.decisions.size(); ++i) {
            CHECK(bare.decisions[i].rule == full.decisions[i].rule);
            CHECK(bare.decisions[i].packets == full.decisions[i].packets);
            if (bare.decisions[i].verdict == Verdict::accept) acc = acc.unite(bare.decisions[i].packets);
        }
        CHECK(acc == full.accepted);
        REQUIRE(full.jumps.size() == 1);
        CHECK(full.jumps[0].rule->loc.line == 6);
        CHECK(full.jumps[0].packets == full.jumps[0].rule->match);
        CHECK(bare.jumps.size() == 1);
    }
}
