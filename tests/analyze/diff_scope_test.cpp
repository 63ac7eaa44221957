// differing_space (diff only where two chains can differ): the diff it gives
// is the diff of the whole space, change for change, line for line, on
// random lists with a few edits (Cisco ACLs, and iptables chains with
// unmodelled conditions, LOG and RETURN); and where it does not apply.
#include <algorithm>
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/diff.hpp"
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

std::string random_ace(std::mt19937& rng) {
    auto pick = [&](unsigned n) { return rng() % n; };
    const char* protos[] = {"tcp", "tcp", "udp", "ip", "icmp"};
    std::string proto = protos[pick(5)];
    std::string src = pick(3) == 0 ? "any" : fmt::format("10.0.{}.0 0.0.{}.255", pick(4), pick(2) ? 0 : 3);
    std::string dst = pick(2) ? fmt::format("host 192.0.2.{}", pick(4)) : "192.0.2.0 0.0.0.3";
    std::string ports;
    if (proto == "tcp" || proto == "udp") {
        unsigned p = 1000 * pick(60);
        switch (pick(4)) {
            case 0: ports = fmt::format(" eq {}", p + 1); break;
            case 1: ports = fmt::format(" range {} {}", p, p + 5000); break;
            case 2: ports = fmt::format(" gt {}", p); break;
            default: break;
        }
    }
    return fmt::format("{} {} {} {}{}{}", pick(3) ? "permit" : "deny", proto, src, dst, ports, pick(6) ? "" : " log");
}

std::string as_ios(const std::vector<std::string>& aces) {
    std::string t = "hostname R1\nip access-list extended EDGE\n";
    for (std::size_t i = 0; i < aces.size(); ++i) t += fmt::format(" {} {}\n", 10 * (i + 1), aces[i]);
    return t;
}

// A few edits of the kinds a review sees: an entry added, removed, moved,
// its action flipped.
std::vector<std::string> edited(std::vector<std::string> aces, std::mt19937& rng, const std::string& fresh) {
    int edits = int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
        std::size_t at = aces.empty() ? 0 : rng() % aces.size();
        switch (rng() % 4) {
            case 0: aces.insert(aces.begin() + long(at), fresh); break;
            case 1:
                if (!aces.empty()) aces.erase(aces.begin() + long(at));
                break;
            case 2:
                if (at + 1 < aces.size()) std::swap(aces[at], aces[at + 1]);
                break;
            default:
                if (!aces.empty()) {
                    auto& a = aces[at];
                    a = a.rfind("permit", 0) == 0 ? "deny" + a.substr(6) : "permit" + a.substr(4);
                }
        }
    }
    return aces;
}

}  // namespace

TEST_CASE("differing_space: the diff of Cisco lists with a few edits is the diff of the whole space") {
    std::mt19937 rng(20261123);
    int scoped = 0, changed = 0;
    for (int round = 0; round < 120; ++round) {
        std::vector<std::string> a;
        for (int i = 0, n = 1 + int(rng() % 25); i < n; ++i) a.push_back(random_ace(rng));
        std::vector<std::string> b = edited(a, rng, random_ace(rng));
        std::string ta = as_ios(a), tb = as_ios(b);
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput old_in = read(ta, "ios", "old.cfg"), new_in = read(tb, "ios", "new.cfg");
        REQUIRE(old_in.policies.size() == 1);
        REQUIRE(new_in.policies.size() == 1);
        const Policy &op = old_in.policies.front(), &np = new_in.policies.front();
        auto scope = differing_space(op, "EDGE", np, "EDGE");
        REQUIRE(scope);
        ++scoped;
        if (ta == tb) CHECK(scope->empty());
        std::vector<DiffChange> fast, whole;
        diff_chains(op, "EDGE", np, "EDGE", "ACL EDGE", fast);
        diff_chains(op, "EDGE", np, "EDGE", "ACL EDGE", whole, true);
        CHECK(render(fast) == render(whole));
        changed += !whole.empty();
        // Every change lies where the lists differ.
        for (const auto& c : whole) CHECK(c.packets.is_subset_of(*scope));
    }
    CHECK(scoped == 120);
    CHECK(changed > 40);  // not vacuous
}

TEST_CASE("differing_space: iptables chains with conditions, LOG and RETURN give the whole-space diff") {
    std::mt19937 rng(7);
    auto rule = [&]() {
        std::string s = "-A FORWARD";
        if (rng() % 2) s += fmt::format(" -s 10.0.0.{}/32", rng() % 3);
        if (rng() % 4 == 0) s += " -i eth1";  // unmodelled: conditional verdicts
        if (rng() % 8 == 0) s += " -o lo";    // loopback only: never takes part
        s += fmt::format(" -p tcp -m tcp --dport {}:{}", rng() % 8 * 100, 800 + rng() % 8 * 100);
        const char* targets[] = {"ACCEPT", "ACCEPT", "DROP", "REJECT", "LOG", "RETURN"};
        return s + " -j " + targets[rng() % 6] + "\n";
    };
    int conditional = 0;
    for (int round = 0; round < 120; ++round) {
        std::vector<std::string> a;
        for (int i = 0, n = 1 + int(rng() % 12); i < n; ++i) a.push_back(rule());
        std::vector<std::string> b = a;
        for (int e = 0, edits = 1 + int(rng() % 3); e < edits; ++e) {
            std::size_t at = rng() % (b.size() + 1);
            if (rng() % 2 || b.empty()) b.insert(b.begin() + long(at), rule());
            else b.erase(b.begin() + long(at % b.size()));
        }
        auto text = [](const std::vector<std::string>& rules, bool accept) {
            std::string t = fmt::format("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {} [0:0]\n:OUTPUT ACCEPT [0:0]\n",
                                        accept ? "ACCEPT" : "DROP");
            for (const auto& r : rules) t += r;
            return t + "COMMIT\n";
        };
        bool accept = rng() % 3 == 0;
        std::string ta = text(a, accept), tb = text(b, accept);
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput old_in = read(ta, "iptables", "old.rules"), new_in = read(tb, "iptables", "new.rules");
        const Policy &op = *old_in.find_policy("filter"), &np = *new_in.find_policy("filter");
        REQUIRE(differing_space(op, "FORWARD", np, "FORWARD"));
        std::vector<DiffChange> fast, whole;
        diff_chains(op, "FORWARD", np, "FORWARD", "FORWARD", fast);
        diff_chains(op, "FORWARD", np, "FORWARD", "FORWARD", whole, true);
        CHECK(render(fast) == render(whole));
        for (const auto& c : whole) conditional += c.conditional;
    }
    CHECK(conditional > 10);
}

TEST_CASE("differing_space: a 2,000-entry list with one entry flipped differs only in that entry's packets") {
    std::mt19937 rng(3);
    std::vector<std::string> a;
    for (int i = 0; i < 2000; ++i) a.push_back(random_ace(rng));
    std::vector<std::string> b = a;
    b[1000] = "permit udp host 10.9.9.9 host 192.0.2.77 eq 53";
    ParsedInput old_in = read(as_ios(a), "ios", "old.cfg"), new_in = read(as_ios(b), "ios", "new.cfg");
    const Policy &op = old_in.policies.front(), &np = new_in.policies.front();
    auto scope = differing_space(op, "EDGE", np, "EDGE");
    REQUIRE(scope);
    REQUIRE(op.chains.front().rules.size() == 2000);
    CHECK(*scope == op.chains.front().rules[1000].match.unite(np.chains.front().rules[1000].match));
    // Identical lists: nothing to look at.
    auto none = differing_space(op, "EDGE", op, "EDGE");
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("differing_space: different policies add what reaches them, mostly different lists are not scoped") {
    const std::string head = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:U - [0:0]\n";
    ParsedInput jumps = read(head + "-A FORWARD -p tcp -j U\n-A U -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", "iptables", "a");
    ParsedInput plain = read(head + "-A FORWARD -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", "iptables", "b");
    ParsedInput open = read("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p tcp --dport 22 -j ACCEPT\nCOMMIT\n",
                            "iptables", "c");
    const Policy &j = *jumps.find_policy("filter"), &p = *plain.find_policy("filter"), &o = *open.find_policy("filter");
    // Across a jump it applies: the jump and U's rule differ from FORWARD's one rule.
    auto across = differing_space(j, "FORWARD", p, "FORWARD");
    REQUIRE(across);
    CHECK_FALSE(across->empty());
    // DROP against ACCEPT at the end: every packet the one rule does not take reaches them.
    auto ends = differing_space(p, "FORWARD", o, "FORWARD");
    REQUIRE(ends);
    CHECK(*ends == PacketSet::all(Family::v4).subtract(p.find_chain("FORWARD")->rules.front().match));
    CHECK(differing_space(p, "FORWARD", p, "FORWARD"));
    // 600 entries against 600 others: more than the search looks for.
    std::mt19937 rng(5);
    std::vector<std::string> a, b;
    for (int i = 0; i < 600; ++i) a.push_back(fmt::format("permit tcp any host 192.0.2.1 eq {}", 1 + i));
    for (int i = 0; i < 600; ++i) b.push_back(fmt::format("permit tcp any host 192.0.2.2 eq {}", 1 + i));
    ParsedInput ia = read(as_ios(a), "ios", "a.cfg"), ib = read(as_ios(b), "ios", "b.cfg");
    CHECK_FALSE(differing_space(ia.policies.front(), "EDGE", ib.policies.front(), "EDGE"));
}

TEST_CASE("differing_space: chains with jumps, gotos and user chains give the whole-space diff") {
    // Random FORWARD chains jumping (and going) to user chains A and B, which
    // jump on to each other (loops included), RETURN, LOG, conditions; then a
    // few edits anywhere: a rule added or removed, a jump retargeted, a user
    // chain added or emptied on one side. The diff limited to differing_space
    // must be the whole-space diff, change for change and line for line.
    std::mt19937 rng(2026);
    auto rule = [&](const std::string& chain) {
        std::string s = "-A " + chain;
        if (rng() % 2) s += fmt::format(" -s 10.0.0.{}/31", 2 * (rng() % 3));
        if (rng() % 5 == 0) s += " -i eth1";
        s += fmt::format(" -p tcp -m tcp --dport {}:{}", rng() % 8 * 100, 800 + rng() % 8 * 100);
        const char* targets[] = {"ACCEPT", "ACCEPT", "DROP", "REJECT", "LOG", "RETURN", "A", "B", "A"};
        std::string t = targets[rng() % 9];
        if ((t == "A" || t == "B") && rng() % 3 == 0) return s + " -g " + t + "\n";
        return s + " -j " + t + "\n";
    };
    int changed = 0;
    for (int round = 0; round < 150; ++round) {
        std::vector<std::pair<std::string, std::string>> a;  // (chain, rule)
        for (const char* c : {"FORWARD", "A", "B"})
            for (int i = 0, n = int(rng() % 6) + (c[0] == 'F' ? 2 : 0); i < n; ++i) a.emplace_back(c, rule(c));
        auto b = a;
        for (int e = 0, edits = 1 + int(rng() % 3); e < edits; ++e) {
            const char* chains[] = {"FORWARD", "A", "B"};
            std::string c = chains[rng() % 3];
            std::size_t at = b.empty() ? 0 : rng() % b.size();
            switch (rng() % 4) {
                case 0: b.insert(b.begin() + long(at), {c, rule(c)}); break;
                case 1:
                    if (!b.empty()) b.erase(b.begin() + long(at));
                    break;
                case 2:  // retarget a jump
                    if (!b.empty()) {
                        auto& r = b[at].second;
                        if (r.find(" -j A") != std::string::npos) r.replace(r.find(" -j A"), 5, " -j B");
                        else if (r.find(" -j B") != std::string::npos) r.replace(r.find(" -j B"), 5, " -j A");
                    }
                    break;
                default:  // empty a user chain
                    b.erase(std::remove_if(b.begin(), b.end(), [&](const auto& x) { return x.first == c && c != "FORWARD"; }),
                            b.end());
            }
        }
        bool accept = rng() % 3 == 0;
        auto text = [&](const std::vector<std::pair<std::string, std::string>>& rules, bool declare_b) {
            std::string t = fmt::format("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD {} [0:0]\n:OUTPUT ACCEPT [0:0]\n:A - [0:0]\n",
                                        accept ? "ACCEPT" : "DROP");
            if (declare_b) t += ":B - [0:0]\n";
            for (const auto& r : rules) t += r.second;
            return t + "COMMIT\n";
        };
        // Now and then chain B exists on one side only (jumps to it are then no-ops there).
        bool b_in_new = round % 7 != 3 || std::any_of(b.begin(), b.end(), [](const auto& x) { return x.first == "B"; });
        if (!b_in_new)
            for (auto& r : b)
                if (r.second.find(" B\n") != std::string::npos) r.second = "-A " + r.first + " -p tcp -j LOG\n";
        std::string ta = text(a, true), tb = text(b, b_in_new);
        INFO("old:\n" << ta << "new:\n" << tb);
        auto old_in = parse_input(ta, "iptables", "old.rules");
        auto new_in = parse_input(tb, "iptables", "new.rules");
        REQUIRE(old_in);
        REQUIRE(new_in);
        const Policy &op = *old_in->find_policy("filter"), &np = *new_in->find_policy("filter");
        REQUIRE(differing_space(op, "FORWARD", np, "FORWARD"));
        std::vector<DiffChange> fast, whole;
        diff_chains(op, "FORWARD", np, "FORWARD", "FORWARD", fast);
        diff_chains(op, "FORWARD", np, "FORWARD", "FORWARD", whole, true);
        CHECK(render(fast) == render(whole));
        changed += !whole.empty();
    }
    CHECK(changed > 30);  // the edits do change what is allowed (42 of 150 rounds)
}
