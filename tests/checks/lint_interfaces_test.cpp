// FW201-FW207 read iptables -i/-o as one packet's interfaces (checks/lint_interfaces.hpp),
// as the audit, query and diff do.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/analyze/lint_support.hpp"

using namespace fwlint;
using fwlint_test::iptables_config;
using fwlint_test::lint_text;
using fwlint_test::with_check;

namespace {
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
const Finding* at_line(const std::vector<const Finding*>& fs, int line) {
    for (const Finding* f : fs)
        if (f->loc.line == line) return f;
    return nullptr;
}
}  // namespace

TEST_CASE("lint interfaces: a drop on one interface does not hide telnet accepted on another") {
    auto l = lint_text(iptables_config({"-A INPUT -i eth0 -j DROP",
                                        "-A INPUT -i eth1 -p tcp -m tcp --dport 23 -j ACCEPT"},
                                       "DROP", "DROP"));
    auto telnet = with_check(l, "FW205");
    REQUIRE(telnet.size() == 1);
    INFO(telnet[0]->message);
    CHECK(telnet[0]->loc.line == 7);
    // Surely open on eth1, not "only if in-interface eth1 holds, unless in-interface eth0 holds".
    CHECK(has(telnet[0]->message, "accepted by line 7 in chain INPUT, when it enters on eth1"));
    CHECK_FALSE(has(telnet[0]->message, "in-interface"));
    CHECK_FALSE(has(telnet[0]->message, "only if"));
    CHECK_FALSE(has(telnet[0]->message, "unless"));
    CHECK(telnet[0]->related.empty());
    CHECK(with_check(l, "FW201").empty());
}

TEST_CASE("lint interfaces: an accept behind a drop on one interface is open on the others only") {
    auto l = lint_text(iptables_config({"-A INPUT -i eth0 -j DROP", "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"},
                                       "DROP", "DROP"));
    auto telnet = with_check(l, "FW205");
    REQUIRE(telnet.size() == 1);
    INFO(telnet[0]->message);
    CHECK(has(telnet[0]->message, "unless it enters on eth0"));
    CHECK_FALSE(has(telnet[0]->message, "in-interface eth0 (line 6) holds"));
}

TEST_CASE("lint interfaces: a drop on an interface shadows an accept on the same interface") {
    auto l = lint_text(iptables_config({"-A INPUT -i eth0 -j DROP",
                                        "-A INPUT -i eth0 -p tcp -m tcp --dport 443 -j ACCEPT",
                                        "-A INPUT -i eth1 -p tcp -m tcp --dport 443 -j ACCEPT"},
                                       "DROP", "DROP"));
    auto dead = with_check(l, "FW201");
    REQUIRE(dead.size() == 1);
    INFO(dead[0]->message);
    CHECK(dead[0]->loc.line == 7);
    CHECK(has(dead[0]->message, "dead: never reached in chain INPUT; earlier line 6 takes its traffic"));
    // -i eth0 is modelled now: no "unmodelled conditions" clause.
    CHECK_FALSE(has(dead[0]->message, "unmodelled"));
    REQUIRE(dead[0]->related.size() == 1);
    CHECK(dead[0]->related[0].line == 6);
    CHECK(at_line(with_check(l, "FW201"), 8) == nullptr);
}

TEST_CASE("lint interfaces: rules for every interface together shadow a later rule") {
    // Line 6 takes what enters on eth0, line 7 everything else: line 8 is never reached.
    auto l = lint_text(iptables_config({"-A FORWARD -i eth0 -p tcp -j ACCEPT", "-A FORWARD ! -i eth0 -p tcp -j ACCEPT",
                                        "-A FORWARD -p tcp -m tcp --dport 22 -j DROP"},
                                       "DROP", "DROP"));
    auto dead = with_check(l, "FW201");
    REQUIRE(dead.size() == 1);
    INFO(dead[0]->message);
    CHECK(dead[0]->loc.line == 8);
    REQUIRE(dead[0]->related.size() == 2);
    CHECK(dead[0]->related[0].line == 6);
    CHECK(dead[0]->related[1].line == 7);
}

TEST_CASE("lint interfaces: a rule redundant on one interface but needed on another is not FW202") {
    // Line 6 accepts 443 entering on eth0; line 7 drops only what enters on eth1.
    auto needed = lint_text(iptables_config({"-A INPUT -i eth0 -p tcp -m tcp --dport 443 -j ACCEPT",
                                             "-A INPUT -i eth1 -j DROP"},
                                            "ACCEPT", "DROP"));
    // eth0 443: the policy accepts it anyway, so line 6 is redundant.
    auto red = with_check(needed, "FW202");
    REQUIRE(red.size() == 1);
    CHECK(red[0]->loc.line == 6);
    CHECK_FALSE(has(red[0]->message, "unmodelled"));
    // Without the interface on line 6, the rule is needed for eth1 (line 7 would drop it).
    auto l = lint_text(iptables_config({"-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT", "-A INPUT -i eth1 -j DROP"},
                                       "ACCEPT", "DROP"));
    CHECK(with_check(l, "FW202").empty());
}

namespace {

// A random FORWARD rule over a small universe: source 10.0.0.1-3, tcp ports
// 0-16, in-interfaces eth0, eth1, eth7 (only eth+ names it), ppp0; out eth0, wan9.
struct IfaceRule {
    int src = 0;          // 0: any
    int lo = -1, hi = -1; // -1: any port
    int in = 0;           // 0 none, 1 -i eth0, 2 -i eth1, 3 ! -i eth0, 4 -i eth+
    int out = 0;          // 0 none, 1 -o eth0, 2 ! -o eth0
    int action = 0;       // 0 ACCEPT, 1 DROP, 2 REJECT
};

std::string render(const IfaceRule& r) {
    std::string s = "-A FORWARD";
    const char* ins[] = {"", " -i eth0", " -i eth1", " ! -i eth0", " -i eth+"};
    const char* outs[] = {"", " -o eth0", " ! -o eth0"};
    s += ins[r.in];
    s += outs[r.out];
    if (r.src) s += fmt::format(" -s 10.0.0.{}/32", r.src);
    s += " -p tcp";
    if (r.lo >= 0) s += fmt::format(" -m tcp --dport {}:{}", r.lo, r.hi);
    const char* actions[] = {"ACCEPT", "DROP", "REJECT --reject-with tcp-reset"};
    return s + " -j " + actions[r.action];
}

struct IfacePacket {
    int src, port;
    std::string in, out;
};

bool matches(const IfaceRule& r, const IfacePacket& p) {
    bool in = r.in == 0 || (r.in == 1 && p.in == "eth0") || (r.in == 2 && p.in == "eth1") ||
              (r.in == 3 && p.in != "eth0") || (r.in == 4 && p.in.rfind("eth", 0) == 0);
    bool out = r.out == 0 || (r.out == 1 && p.out == "eth0") || (r.out == 2 && p.out != "eth0");
    return in && out && (r.src == 0 || r.src == p.src) && (r.lo < 0 || (p.port >= r.lo && p.port <= r.hi));
}

std::vector<IfacePacket> iface_universe() {
    std::vector<IfacePacket> out;
    for (int src = 1; src <= 3; ++src)
        for (int port = 0; port <= 16; ++port)
            for (const char* in : {"eth0", "eth1", "eth7", "ppp0"})
                for (const char* o : {"eth0", "wan9"}) out.push_back({src, port, in, o});
    return out;
}

// First match, the policy DROP; REJECT counts as DROP; rules in `gone` are removed.
char verdict(const std::vector<IfaceRule>& rules, const IfacePacket& p, const std::vector<bool>& gone) {
    for (std::size_t k = 0; k < rules.size(); ++k)
        if (!gone[k] && matches(rules[k], p)) return rules[k].action == 0 ? 'A' : 'D';
    return 'D';
}

}  // namespace

TEST_CASE("lint interfaces randomized: FW201/FW202 agree with a walk of every packet and interface pair") {
    std::mt19937 rng(20261123);
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    const auto universe = iface_universe();
    int dead_seen = 0, redundant_seen = 0;
    for (int round = 0; round < 200; ++round) {
        std::vector<IfaceRule> rules(std::size_t(3 + pick(7)));
        for (auto& r : rules) {
            r.src = pick(4);
            if (pick(3)) {
                r.lo = pick(16);
                r.hi = std::min(16, r.lo + pick(9));
            }
            r.in = pick(2) ? pick(5) : 0;
            r.out = pick(3) == 0 ? 1 + pick(2) : 0;
            r.action = pick(3);
        }
        std::vector<std::string> lines;
        for (const auto& r : rules) lines.push_back(render(r));
        auto l = lint_text(iptables_config(lines, "ACCEPT", "DROP"));
        INFO(iptables_config(lines, "ACCEPT", "DROP"));
        std::vector<bool> dead(rules.size(), false);
        for (const Finding* f : with_check(l, "FW201")) dead[std::size_t(f->loc.line - 6)] = true;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            INFO("rule " << i << ": " << lines[i]);
            // Dead iff no packet has it as its first match.
            bool first_somewhere = false;
            for (const auto& p : universe) {
                if (!matches(rules[i], p)) continue;
                bool earlier = false;
                for (std::size_t k = 0; k < i && !earlier; ++k) earlier = matches(rules[k], p);
                first_somewhere = first_somewhere || !earlier;
            }
            // A rule no packet matches at all (-i eth1 with ! -i eth1 is not generated) is never reported.
            CHECK(dead[i] == !first_somewhere);
        }
        for (const Finding* f : with_check(l, "FW201")) {
            ++dead_seen;
            std::size_t i = std::size_t(f->loc.line - 6);
            INFO(f->message);
            // The related lines are earlier ones that together take all of its packets.
            for (const auto& p : universe) {
                if (!matches(rules[i], p)) continue;
                bool taken = false;
                for (const auto& rel : f->related) {
                    REQUIRE(rel.line - 6 < int(i));
                    taken = taken || matches(rules[std::size_t(rel.line - 6)], p);
                }
                CHECK(taken);
            }
            CHECK_FALSE(has(f->message, "interface"));
        }
        // Removing every FW201 rule and then one FW202 rule changes no packet's verdict.
        std::vector<bool> none(rules.size(), false);
        for (const Finding* f : with_check(l, "FW202")) {
            ++redundant_seen;
            std::size_t i = std::size_t(f->loc.line - 6);
            INFO("redundant " << lines[i] << ": " << f->message);
            CHECK_FALSE(dead[i]);
            std::vector<bool> gone = dead;
            gone[i] = true;
            std::vector<bool> just(rules.size(), false);
            just[i] = true;
            for (const auto& p : universe) {
                CHECK(verdict(rules, p, gone) == verdict(rules, p, none));
                CHECK(verdict(rules, p, just) == verdict(rules, p, none));
            }
            CHECK_FALSE(has(f->message, "interface"));
        }
    }
    CHECK(dead_seen > 40);
    CHECK(redundant_seen > 20);
}
