// FW201 shadowed rules and FW202 redundant rules on hand-made iptables-save
// text, with known answers, and a randomized comparison with brute force.
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/shadowing.hpp"
#include "checks/lint.hpp"
#include "parse/iptables.hpp"
#include "lint_support.hpp"

using namespace fwlint;

namespace {

using fwlint_test::Linted;
using fwlint_test::with_check;

// Line of rule k (0-based, all in INPUT) is 6 + k.
std::string config(const std::vector<std::string>& rules, const char* input_policy = "ACCEPT") {
    return fwlint_test::iptables_config(rules, input_policy, "DROP");
}

Linted lint(const std::vector<std::string>& rules, const char* input_policy = "ACCEPT") {
    return fwlint_test::lint_text(config(rules, input_policy));
}

std::vector<int> related_lines(const Finding& f) {
    std::vector<int> out;
    for (const auto& r : f.related) out.push_back(r.line);
    return out;
}

std::string dump(const Linted& l) {
    std::string out;
    for (const auto& f : l.findings) out += fmt::format("{}:{} {} [{}]\n", f.loc.line, f.loc.column, f.message, f.check);
    return out;
}

}  // namespace

TEST_CASE("a rule covered by one earlier rule with the same action is redundant-shadowed") {
    auto l = lint({"-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT",
                   "-A INPUT -s 10.1.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT"});
    INFO(dump(l));
    auto s = with_check(l, "FW201");
    REQUIRE(s.size() == 1);
    CHECK(s[0]->kind == "shadowed");
    CHECK(s[0]->severity == Severity::warning);
    CHECK(s[0]->loc.line == 7);
    CHECK(s[0]->loc.file == "t.rules");
    CHECK(related_lines(*s[0]) == std::vector<int>{6});
    CHECK(s[0]->message == "redundant: never reached in chain INPUT; earlier line 6 already does the same");
    REQUIRE(s[0]->remediation.size() == 1);
    CHECK(s[0]->remediation[0] == "iptables -D INPUT 2");
}

TEST_CASE("a different action: dead, probably a bug") {
    auto l = lint({"-A INPUT -p tcp -m tcp --dport 445 -j DROP", "-A INPUT -s 10.0.1.10/32 -p tcp -m tcp --dport 445 -j ACCEPT"});
    INFO(dump(l));
    auto s = with_check(l, "FW201");
    REQUIRE(s.size() == 1);
    CHECK(s[0]->message ==
          "dead: never reached in chain INPUT; earlier line 6 takes its traffic with a different action (DROP, this "
          "rule ACCEPT) - probably a bug");
    CHECK(s[0]->remediation == std::vector<std::string>{"iptables -D INPUT 2"});
}

TEST_CASE("shadowed by a combination of three rules, and not when one port is missing") {
    SECTION("covered") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 1:100 -j DROP", "-A INPUT -p tcp -m tcp --dport 101:200 -j DROP",
                       "-A INPUT -p tcp -m tcp --dport 201:300 -j REJECT", "-A INPUT -p tcp -m tcp --dport 1:300 -j DROP"});
        INFO(dump(l));
        auto s = with_check(l, "FW201");
        REQUIRE(s.size() == 1);
        CHECK(s[0]->loc.line == 9);
        CHECK(related_lines(*s[0]) == std::vector<int>{6, 7, 8});
        // DROP and REJECT are the same verdict class.
        CHECK(s[0]->message == "redundant: never reached in chain INPUT; earlier lines 6, 7, 8 already do the same");
    }
    SECTION("port 150 missing") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 1:100 -j DROP", "-A INPUT -p tcp -m tcp --dport 101:149 -j DROP",
                       "-A INPUT -p tcp -m tcp --dport 151:300 -j DROP", "-A INPUT -p tcp -m tcp --dport 1:300 -j DROP"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("udp is not tcp") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 1:300 -j DROP", "-A INPUT -p udp -m udp --dport 1:300 -j DROP"});
        CHECK(with_check(l, "FW201").empty());
    }
}

TEST_CASE("the covering set is minimal: an extra coverer is not reported") {
    // Line 6 (50-150) meets the rule first, but lines 7 and 8 cover it alone.
    auto l = lint({"-A INPUT -p tcp -m tcp --dport 50:150 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 1:100 -j ACCEPT",
                   "-A INPUT -p tcp -m tcp --dport 101:200 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 1:200 -j ACCEPT"});
    INFO(dump(l));
    auto s = with_check(l, "FW201");
    REQUIRE(s.size() == 1);
    CHECK(s[0]->loc.line == 9);
    CHECK(related_lines(*s[0]) == std::vector<int>{7, 8});
}

TEST_CASE("unmodelled conditions: an earlier conditional rule never shadows, a conditional rule can be shadowed") {
    SECTION("earlier rule with a condition") {
        auto l = lint({"-A INPUT -m mark --mark 0x1 -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("later rule with a condition") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -m mark --mark 0x1 -p tcp -m tcp --dport 22 -j DROP"});
        INFO(dump(l));
        auto s = with_check(l, "FW201");
        REQUIRE(s.size() == 1);
        CHECK(s[0]->loc.line == 7);
        CHECK(s[0]->message.find("different action") != std::string::npos);
        CHECK(s[0]->message.find("mark 0x1") != std::string::npos);
    }
    SECTION("jumps and LOG do not shadow") {
        auto l = lint({"-A INPUT -p tcp -j USER", "-A INPUT -p tcp -j LOG", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("RETURN and goto do") {
        auto l = lint({"-A USER -p tcp -j RETURN", "-A USER -p tcp -m tcp --dport 22 -j ACCEPT",
                       "-A INPUT -p tcp -g USER", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"});
        INFO(dump(l));
        auto s = with_check(l, "FW201");
        REQUIRE(s.size() == 2);
    }
}

TEST_CASE("state-only rules are neither shadowed nor covering, state matches are compared") {
    SECTION("state-only") {
        auto l = lint({"-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                       "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A INPUT -p tcp -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("a NEW-only rule does not cover a rule that also sees established packets") {
        auto l = lint({"-A INPUT -p tcp -m conntrack --ctstate NEW -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("a rule without a state match covers a NEW-only rule") {
        auto l = lint({"-A INPUT -p tcp -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").size() == 1);
    }
}

TEST_CASE("redundant rules (FW202)") {
    SECTION("a drop before a DROP policy that nothing else meets") {
        auto l = lint({"-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 23 -j DROP"},
                      "DROP");
        INFO(dump(l));
        auto r = with_check(l, "FW202");
        REQUIRE(r.size() == 1);
        CHECK(r[0]->kind == "lint");
        CHECK(r[0]->severity == Severity::note);
        CHECK(r[0]->loc.line == 7);
        CHECK(r[0]->message ==
              "redundant: removing line 7 changes nothing in chain INPUT; the INPUT policy DROP (line 2) gives the "
              "same verdict (DROP)");
        CHECK(r[0]->remediation == std::vector<std::string>{"iptables -D INPUT 2"});
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("a drop before an ACCEPT policy is not redundant") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP"}, "ACCEPT");
        CHECK(with_check(l, "FW202").empty());
    }
    SECTION("a later rule gives the same verdict") {
        auto l = lint({"-A INPUT -s 10.1.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -s 10.0.0.0/8 -p tcp -j ACCEPT"},
                      "DROP");
        INFO(dump(l));
        auto r = with_check(l, "FW202");
        REQUIRE(r.size() == 1);
        CHECK(r[0]->loc.line == 6);
        CHECK(related_lines(*r[0]) == std::vector<int>{7});
        CHECK(r[0]->message.find("line 7 gives the same verdict (ACCEPT)") != std::string::npos);
    }
    SECTION("a later rule with another verdict in between") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP", "-A INPUT -s 10.0.0.0/8 -p tcp -j ACCEPT"}, "DROP");
        CHECK(with_check(l, "FW202").empty());
    }
    SECTION("REJECT is not DROP") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset"}, "DROP");
        CHECK(with_check(l, "FW202").empty());
    }
    SECTION("a jump or a conditional rule with another verdict in between") {
        auto j = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP", "-A INPUT -p tcp -j USER"}, "DROP");
        CHECK(with_check(j, "FW202").empty());
        auto c = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP", "-A INPUT -m mark --mark 0x1 -p tcp -j ACCEPT"}, "DROP");
        CHECK(with_check(c, "FW202").empty());
        // A conditional rule with the same verdict decides the same either way.
        auto same = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP", "-A INPUT -m mark --mark 0x1 -p tcp -j DROP"}, "DROP");
        CHECK(with_check(same, "FW202").size() == 2);  // the conditional drop too: the policy drops
    }
    SECTION("a later rule the drop shadows comes alive without it: not redundant") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP", "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -j ACCEPT"},
                      "DROP");
        INFO(dump(l));
        CHECK(with_check(l, "FW201").size() == 1);
        CHECK(with_check(l, "FW202").empty());
    }
    SECTION("a later dead rule shadowed by other lines stays dead") {
        auto l = lint({"-A INPUT -s 10.0.0.0/8 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 23 -j DROP",
                       "-A INPUT -s 10.1.0.0/16 -p tcp -m tcp --dport 23 -j ACCEPT"},
                      "DROP");
        INFO(dump(l));
        auto r = with_check(l, "FW202");
        REQUIRE(r.size() == 1);
        CHECK(r[0]->loc.line == 7);
    }
    SECTION("two equal rules: FW201 on the second only, not also FW202 on the first") {
        // Following both findings would remove both rules and drop GRE.
        auto l = lint({"-A INPUT -p gre -j ACCEPT", "-A INPUT -p 47 -j ACCEPT"}, "DROP");
        INFO(dump(l));
        auto dead = with_check(l, "FW201");
        REQUIRE(dead.size() == 1);
        CHECK(dead[0]->loc.line == 7);
        CHECK(with_check(l, "FW202").empty());
        // A later rule with the same verdict that FW201 does not report
        // still decides: the first of three rules is redundant.
        auto three = lint({"-A INPUT -p gre -j ACCEPT", "-A INPUT -p 47 -j ACCEPT", "-A INPUT -j ACCEPT"}, "DROP");
        INFO(dump(three));
        CHECK(with_check(three, "FW201").size() == 1);
        auto red = with_check(three, "FW202");
        REQUIRE(red.size() == 1);
        CHECK(red[0]->loc.line == 6);
        CHECK(related_lines(*red[0]) == std::vector<int>{8});
        // With an ACCEPT policy both can go: the policy decides, not line 7.
        auto policy = lint({"-A INPUT -p gre -j ACCEPT", "-A INPUT -p 47 -j ACCEPT"}, "ACCEPT");
        INFO(dump(policy));
        REQUIRE(with_check(policy, "FW202").size() == 1);
        CHECK(with_check(policy, "FW202")[0]->loc.line == 6);
        CHECK(with_check(policy, "FW202")[0]->message.find("policy ACCEPT") != std::string::npos);
        CHECK(with_check(policy, "FW201").size() == 1);
    }
    SECTION("a dead later rule with another verdict still blocks") {
        auto l = lint({"-A INPUT -p gre -j ACCEPT", "-A INPUT -p 47 -j DROP"}, "ACCEPT");
        INFO(dump(l));
        CHECK(with_check(l, "FW201").size() == 1);
        CHECK(with_check(l, "FW202").empty());
    }
    SECTION("user chains end in RETURN, which is no verdict") {
        auto l = lint({"-A USER -p tcp -m tcp --dport 23 -j DROP"}, "DROP");
        CHECK(with_check(l, "FW202").empty());
    }
}

TEST_CASE("the gateway fixtures have no shadowed or redundant rules, the clean one no lint at all") {
    for (const char* name : {"gateway.rules", "gateway-clean.rules"}) {
        std::ifstream in(std::string(FWLINT_SOURCE_DIR "/fixtures/iptables/") + name);
        REQUIRE(in);
        std::stringstream ss;
        ss << in.rdbuf();
        Linted l;
        l.input = parse_iptables_save(ss.str(), name);
        l.findings = lint_policy(l.input);
        CHECK(with_check(l, "FW201").empty());
        CHECK(with_check(l, "FW202").empty());
        if (std::string(name) == "gateway-clean.rules") CHECK(l.findings.empty());
    }
}

namespace {

// A small universe: tcp from 10.0.0.1, .2 or .3 (any other address) to ports
// 0..15 or 16 (any other port), NEW or ESTABLISHED.
struct RandRule {
    int src = 0;              // 0: any, else 10.0.0.src
    int lo = -1, hi = -1;     // -1: any port
    bool new_only = false;    // -m conntrack --ctstate NEW
    bool cond = false;        // -m mark --mark 0x1 (an unmodelled condition)
    int action = 0;           // 0 ACCEPT, 1 DROP, 2 REJECT, 3 LOG, 4 RETURN
};

const char* action_text(int a) {
    static const char* names[] = {"ACCEPT", "DROP", "REJECT", "LOG", "RETURN"};
    return names[a];
}

std::string render(const RandRule& r) {
    std::string s = "-A INPUT";
    if (r.src) s += fmt::format(" -s 10.0.0.{}/32", r.src);
    if (r.cond) s += " -m mark --mark 0x1";
    s += " -p tcp";
    if (r.lo >= 0) s += r.lo == r.hi ? fmt::format(" -m tcp --dport {}", r.lo) : fmt::format(" -m tcp --dport {}:{}", r.lo, r.hi);
    if (r.new_only) s += " -m conntrack --ctstate NEW";
    s += fmt::format(" -j {}", action_text(r.action));
    return s;
}

struct Packet {
    int src, port;
    bool is_new;
};

bool matches(const RandRule& r, const Packet& p) {
    return (r.src == 0 || r.src == p.src) && (r.lo < 0 || (p.port >= r.lo && p.port <= r.hi)) && (!r.new_only || p.is_new);
}

std::vector<Packet> universe() {
    std::vector<Packet> out;
    for (int src = 1; src <= 3; ++src)
        for (int port = 0; port <= 16; ++port)
            for (bool n : {true, false}) out.push_back(Packet{src, port, n});
    return out;
}

// Whether rules `by` (assumed unconditional and terminating) take every packet of `r`.
bool brute_covers(const std::vector<RandRule>& rules, const RandRule& r, const std::vector<std::size_t>& by) {
    for (const auto& p : universe()) {
        if (!matches(r, p)) continue;
        bool taken = false;
        for (std::size_t k : by) taken = taken || matches(rules[k], p);
        if (!taken) return false;
    }
    return true;
}

// The chain's verdict for p: first terminating match; conditions never hold.
char verdict(const std::vector<RandRule>& rules, const Packet& p, std::size_t skip) {
    for (std::size_t k = 0; k < rules.size(); ++k) {
        if (k == skip || rules[k].cond || rules[k].action == 3 || !matches(rules[k], p)) continue;
        return "ADRxD"[rules[k].action];  // RETURN in INPUT: the policy, DROP
    }
    return 'D';
}

}  // namespace

TEST_CASE("randomized: shadowing and redundancy agree with brute force over a small universe") {
    std::mt19937 rng(20261122);
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    int shadowed_seen = 0, redundant_seen = 0;
    for (int round = 0; round < 300; ++round) {
        std::vector<RandRule> rules(std::size_t(3 + pick(8)));
        bool allow_cond = round % 2 == 0;
        for (auto& r : rules) {
            r.src = pick(3);
            if (pick(4)) {
                r.lo = pick(16);
                r.hi = std::min(15, r.lo + pick(8));
            }
            r.new_only = pick(4) == 0;
            r.cond = allow_cond && pick(5) == 0;
            r.action = pick(5);
        }
        std::vector<std::string> lines;
        for (const auto& r : rules) lines.push_back(render(r));
        auto input = parse_iptables_save(config(lines, "DROP"), "r.rules");
        std::string text = config(lines, "DROP");
        INFO(text);
        REQUIRE(input.diagnostics.empty());
        const Chain* chain = input.find_policy("filter")->find_chain("INPUT");
        REQUIRE(chain);
        REQUIRE(chain->rules.size() == rules.size());
        auto shadowed = find_shadowed(*chain, Family::v4);
        std::vector<bool> reported(rules.size(), false);
        for (const auto& s : shadowed) reported[s.rule] = true;

        for (std::size_t i = 0; i < rules.size(); ++i) {
            INFO("rule " << i << ": " << lines[i]);
            // Brute force: is rule i the first match of some packet, when
            // earlier conditional rules do not match and LOG goes on?
            bool first_somewhere = false;
            for (const auto& p : universe()) {
                if (!matches(rules[i], p)) continue;
                bool earlier = false;
                for (std::size_t k = 0; k < i && !earlier; ++k)
                    earlier = !rules[k].cond && rules[k].action != 3 && matches(rules[k], p);
                if (!earlier) first_somewhere = true;
            }
            CHECK(reported[i] == !first_somewhere);
        }
        for (const auto& s : shadowed) {
            ++shadowed_seen;
            INFO("rule " << s.rule << ": " << lines[s.rule]);
            REQUIRE(!s.covering.empty());
            for (std::size_t k : s.covering) {
                CHECK(k < s.rule);
                CHECK(!rules[k].cond);
                CHECK(rules[k].action != 3);
            }
            CHECK(brute_covers(rules, rules[s.rule], s.covering));
            // Minimal: without any one of them the rest no longer covers.
            for (std::size_t drop = 0; drop < s.covering.size(); ++drop) {
                auto rest = s.covering;
                rest.erase(rest.begin() + std::ptrdiff_t(drop));
                CHECK(!brute_covers(rules, rules[s.rule], rest));
            }
            bool same = true;
            auto cls = [](int a) { return a == 2 ? 1 : a; };
            for (std::size_t k : s.covering) same = same && cls(rules[k].action) == cls(rules[s.rule].action);
            CHECK(s.same_action == same);
        }
        // Redundancy, without conditions (brute force cannot know them):
        // a rule reported redundant changes no packet's verdict.
        if (!allow_cond) {
            // Removing every FW201 rule (dead: no verdict changes) keeps
            // each FW202 rule redundant: following both findings changes
            // nothing either (two equal rules are not both reported).
            std::vector<RandRule> live;
            std::vector<std::size_t> live_index(rules.size(), rules.size());
            for (std::size_t k = 0; k < rules.size(); ++k)
                if (!reported[k]) live_index[k] = live.size(), live.push_back(rules[k]);
            for (const auto& red : find_redundant(*chain, Family::v4, shadowed)) {
                ++redundant_seen;
                INFO("redundant rule " << red.rule << ": " << lines[red.rule]);
                CHECK(!reported[red.rule]);
                for (const auto& p : universe()) {
                    CHECK(verdict(rules, p, rules.size()) == verdict(rules, p, red.rule));
                    CHECK(verdict(rules, p, rules.size()) == verdict(live, p, live_index[red.rule]));
                }
            }
        }
    }
    // The generator must exercise both checks.
    CHECK(shadowed_seen > 50);
    CHECK(redundant_seen > 20);
}

TEST_CASE("the far corner: a rule covered at its first packet but not at its last (ports 0 and 65535)") {
    // Both lints test the rule's last packet (the high corner: the top of
    // its source range, port 65535) before any set operation; these answers
    // are the exact ones whatever is tested first.
    SECTION("FW201: the first packet is taken, the last is not") {
        auto l = lint({"-A INPUT -s 10.0.0.0/24 -p tcp -m tcp --dport 0:1023 -j DROP",
                       "-A INPUT -s 10.0.0.0/23 -p tcp -m tcp --dport 0:65535 -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW201").empty());
    }
    SECTION("FW201: three earlier rules together, the last packet by the third") {
        auto l = lint({"-A INPUT -s 10.0.0.0/24 -p tcp -m tcp --dport 0:1023 -j DROP",
                       "-A INPUT -s 10.0.0.0/23 -p tcp -m tcp --dport 1024:65535 -j DROP",
                       "-A INPUT -s 10.0.1.0/24 -p tcp -j DROP",
                       "-A INPUT -s 10.0.0.0/23 -p tcp -m tcp --dport 0:65535 -j ACCEPT"});
        INFO(dump(l));
        auto s = with_check(l, "FW201");
        REQUIRE(s.size() == 1);
        CHECK(s[0]->loc.line == 9);
        CHECK(related_lines(*s[0]) == std::vector<int>{6, 7, 8});
    }
    SECTION("FW202 (another verdict at the end): only the upper half meets a REJECT") {
        // The later rules take every port, so none of them is inside line 6 (dead).
        std::vector<std::string> rules = {"-A INPUT -s 10.0.0.0/23 -p tcp -m tcp --dport 22 -j ACCEPT",
                                          "-A INPUT -s 10.0.0.0/24 -p tcp -j ACCEPT",
                                          "-A INPUT -s 10.0.1.0/24 -p tcp -m tcp --dport 22:23 -j REJECT",
                                          "-A INPUT -s 10.0.1.0/24 -p tcp -j ACCEPT"};
        auto blocked = lint(rules, "DROP");
        INFO(dump(blocked));
        CHECK(with_check(blocked, "FW201").empty());
        CHECK(with_check(blocked, "FW202").empty());
        rules.erase(rules.begin() + 2);
        auto free = lint(rules, "DROP");
        INFO(dump(free));
        auto r = with_check(free, "FW202");
        REQUIRE(r.size() == 1);
        CHECK(r[0]->loc.line == 6);
        CHECK(related_lines(*r[0]) == std::vector<int>{7, 8});
    }
    SECTION("FW202 (the chain's end decides): the last packet meets an ACCEPT of any source") {
        std::vector<std::string> rules = {"-A INPUT -s 10.0.0.0/23 -p tcp -m tcp --dport 1024:65535 -j DROP",
                                          "-A INPUT -p tcp -m tcp --dport 65535 -j ACCEPT"};
        auto blocked = lint(rules, "DROP");
        INFO(dump(blocked));
        CHECK(with_check(blocked, "FW201").empty());
        CHECK(with_check(blocked, "FW202").empty());
        rules.pop_back();
        auto free = lint(rules, "DROP");
        INFO(dump(free));
        auto r = with_check(free, "FW202");
        REQUIRE(r.size() == 1);
        CHECK(r[0]->loc.line == 6);
    }
}
