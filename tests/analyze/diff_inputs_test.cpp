// diff_inputs: Cisco ACLs paired by name or renamed, Windows inputs of two
// formats, families that cannot be compared, and a randomized comparison of
// Windows-precedence diffs with brute force.
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/diff_inputs.hpp"
#include "parse/input.hpp"
#include "tests/analyze/flow_support.hpp"

using namespace fwlint;

namespace {

ParsedInput read(const std::string& text, const std::string& format, const std::string& file) {
    return fwlint_test::read_input(text, format, file, Severity::note);
}

InputDiff diff(const ParsedInput& a, const ParsedInput& b, DiffSelection sel = {}) {
    std::string error;
    auto r = diff_inputs(a, b, sel, error);
    INFO(error);
    REQUIRE(r);
    return std::move(*r);
}

using fwlint_test::tcp;

const char* ios_acl =
    "hostname R1\n"
    "ip access-list extended EDGE\n"
    " 10 permit tcp 10.1.0.0 0.0.255.255 host 192.0.2.10 eq 443\n"
    " 20 permit tcp any host 192.0.2.10 eq 80\n"
    " 30 deny   ip any any\n";

}  // namespace

TEST_CASE("diff_inputs: an IOS list and the same list on NX-OS and ASA syntax change nothing") {
    ParsedInput ios = read(ios_acl, "ios", "r1.cfg");
    ParsedInput nxos = read("hostname N1\nip access-list EDGE\n  20 permit tcp any 192.0.2.10/32 eq 80\n"
                            "  10 permit tcp 10.1.0.0/16 192.0.2.10/32 eq 443\n",
                            "nxos", "n1.cfg");
    InputDiff same = diff(ios, nxos);
    CHECK(same.family == "cisco");
    CHECK(same.compared == std::vector<std::string>{"ACL EDGE"});
    CHECK(same.changes.empty());  // reordered disjoint entries; the explicit deny is the implicit one

    ParsedInput asa = read("hostname A1\naccess-list outside_in extended permit tcp 10.1.0.0 255.255.0.0 host "
                           "192.0.2.10 eq https\naccess-list outside_in extended permit tcp any host 192.0.2.10 eq 80\n"
                           "access-list outside_in extended permit tcp any host 192.0.2.10 eq 22\n",
                           "asa", "a1.cfg");
    // Not paired by name: nothing to compare is an error naming both files' lists.
    std::string error;
    CHECK_FALSE(diff_inputs(ios, asa, {}, error));
    CHECK(error.find("EDGE") != std::string::npos);
    CHECK(error.find("outside_in") != std::string::npos);
    CHECK(error.find("--acl OLD:NEW") != std::string::npos);
    InputDiff renamed = diff(ios, asa, DiffSelection{{}, {"EDGE:outside_in"}, "", ""});
    REQUIRE(renamed.changes.size() == 1);
    const DiffChange& c = renamed.changes[0];
    CHECK(c.chain == "ACL EDGE -> outside_in");
    CHECK(c.newly_allowed);
    CHECK(c.packets == tcp("0.0.0.0/0", "192.0.2.10", 22, 22));
    REQUIRE(c.now.size() == 1);
    CHECK(c.now[0].file == "a1.cfg");
    CHECK(c.now[0].line == 4);
    REQUIRE(c.before.size() == 1);
    CHECK(c.before[0].line == 5);  // the explicit deny of the IOS list
    CHECK(renamed.any_newly_allowed());
}

TEST_CASE("diff_inputs: families that cannot be compared are usage errors") {
    ParsedInput ios = read(ios_acl, "ios", "r1.cfg");
    ParsedInput ipt = read("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n",
                           "iptables", "h.rules");
    ParsedInput win = read("netsh advfirewall firewall add rule name=\"Web\" dir=in action=allow protocol=TCP localport=443\n",
                           "netsh-script", "w.cmd");
    std::string error;
    CHECK_FALSE(diff_inputs(ios, ipt, {}, error));
    CHECK(error.find("one family") != std::string::npos);
    CHECK_FALSE(diff_inputs(win, ipt, {}, error));
    CHECK_FALSE(diff_inputs(ios, ios, DiffSelection{{}, {"EDGE:NOPE"}, "", ""}, error));
    CHECK(error.find("NOPE") != std::string::npos);
    CHECK_FALSE(diff_inputs(win, win, DiffSelection{{"INPUT"}, {}, "", ""}, error));
    CHECK(diff_inputs(win, win, {}, error));
}

// ---- Windows precedence against brute force, across two formats.

namespace {

struct WRule {
    int src;  // 0: any, 1: 10.0.0.1, 2: 10.0.0.2
    int lo, hi;
    bool block;
    bool enabled;
};

struct WConfig {
    bool default_allow;
    std::vector<WRule> rules;
};

unsigned port_lo(int p) { return 1000 + unsigned(p) * 100; }
unsigned port_hi(int p) { return 1000 + unsigned(p) * 100 + 99; }

std::string as_powershell(const WConfig& c) {
    std::string t = fmt::format("Set-NetFirewallProfile -Profile Domain,Private,Public -DefaultInboundAction {} "
                                "-DefaultOutboundAction Allow\n",
                                c.default_allow ? "Allow" : "Block");
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
        const WRule& r = c.rules[i];
        t += fmt::format("New-NetFirewallRule -Name \"R{}\" -DisplayName \"Rule {}\" -Direction Inbound -Action {} "
                         "-Protocol TCP -LocalPort {}-{} -Profile Domain{}{}\n",
                         i, i, r.block ? "Block" : "Allow", port_lo(r.lo), port_hi(r.hi),
                         r.src ? fmt::format(" -RemoteAddress 10.0.0.{}", r.src) : "", r.enabled ? "" : " -Enabled False");
    }
    return t;
}

std::string as_netsh(const WConfig& c) {
    std::string t = fmt::format("netsh advfirewall set allprofiles firewallpolicy {},allowoutbound\n",
                                c.default_allow ? "allowinbound" : "blockinbound");
    // Listed backwards: Windows has no rule order, so this changes nothing.
    for (std::size_t k = c.rules.size(); k-- > 0;) {
        const WRule& r = c.rules[k];
        t += fmt::format("netsh advfirewall firewall add rule name=\"Rule {}\" dir=in action={} protocol=TCP "
                         "localport={}-{} profile=domain{}{}\n",
                         k, r.block ? "block" : "allow", port_lo(r.lo), port_hi(r.hi),
                         r.src ? fmt::format(" remoteip=10.0.0.{}", r.src) : "", r.enabled ? "" : " enable=no");
    }
    return t;
}

bool matches(const WRule& r, int src, int port) { return r.enabled && (r.src == 0 || r.src == src) && r.lo <= port && port <= r.hi; }

// Block beats allow beats the default, whatever the order.
bool allows(const WConfig& c, int src, int port) {
    bool allow = false;
    for (const auto& r : c.rules)
        if (matches(r, src, port)) {
            if (r.block) return false;
            allow = true;
        }
    return allow || c.default_allow;
}

WConfig random_wconfig(std::mt19937& rng) {
    WConfig c;
    c.default_allow = rng() % 5 == 0;
    int n = 1 + int(rng() % 6);
    for (int i = 0; i < n; ++i) {
        WRule r;
        r.src = int(rng() % 3);
        r.lo = int(rng() % 12);
        r.hi = r.lo + int(rng() % (12 - r.lo));
        r.block = rng() % 3 == 0;
        r.enabled = rng() % 5 != 0;
        c.rules.push_back(r);
    }
    return c;
}

}  // namespace

TEST_CASE("diff_inputs: Windows newly allowed and denied agree with brute force (PowerShell against netsh)") {
    std::mt19937 rng(20261123);
    int rounds_with_changes = 0;
    for (int round = 0; round < 120; ++round) {
        WConfig a = random_wconfig(rng);
        WConfig b = a;
        if (rng() % 4 != 0) {
            b = random_wconfig(rng);
        } else if (!b.rules.empty()) {
            std::shuffle(b.rules.begin(), b.rules.end(), rng);  // no order: still no change
        }
        std::string ta = as_powershell(a), tb = as_netsh(b);
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput old_in = read(ta, "powershell", "old.ps1");
        ParsedInput new_in = read(tb, "netsh-script", "new.cmd");
        InputDiff d = diff(old_in, new_in, DiffSelection{{}, {}, "in", "domain"});
        CHECK(d.compared == std::vector<std::string>{"inbound domain IPv4", "inbound domain IPv6"});
        PacketSet allowed, denied;
        for (const auto& c : d.changes) {
            CHECK_FALSE(c.conditional);
            if (c.chain != "inbound domain IPv4") continue;
            (c.newly_allowed ? allowed : denied) = (c.newly_allowed ? allowed : denied).unite(c.packets);
            // Every change names a line or a profile default on each side.
            CHECK_FALSE(c.now.empty());
            CHECK_FALSE(c.before.empty());
        }
        if (!d.changes.empty()) ++rounds_with_changes;
        for (int src = 1; src <= 2; ++src)
            for (int port = 0; port < 12; ++port) {
                std::string s = fmt::format("10.0.0.{}", src);
                PacketSet pkt = tcp(s.c_str(), "0.0.0.0/0", port_lo(port), port_hi(port));
                bool old_ok = allows(a, src, port), new_ok = allows(b, src, port);
                INFO("src " << s << " port " << port_lo(port));
                CHECK(allowed.intersects(pkt) == (new_ok && !old_ok));
                CHECK(denied.intersects(pkt) == (old_ok && !new_ok));
                if (new_ok && !old_ok) CHECK(pkt.is_subset_of(allowed));
                if (old_ok && !new_ok) CHECK(pkt.is_subset_of(denied));
            }
        // The same rules in the other format, in another order: no change.
        if (b.rules.size() == a.rules.size() && b.default_allow == a.default_allow) {
            ParsedInput same = read(as_netsh(a), "netsh-script", "same.cmd");
            CHECK(diff(old_in, same, DiffSelection{{}, {}, "in", ""}).changes.empty());
        }
    }
    CHECK(rounds_with_changes > 40);
}

// ---- Cisco first match and implicit deny against brute force, IOS against NX-OS.

namespace {

struct Ace {
    int src;  // 0: any, 1: 10.0.0.1, 2: 10.0.0.2
    int lo, hi;
    bool permit;
};

std::string as_ios(const std::vector<Ace>& acl, int step) {
    std::string t = "hostname R9\nip access-list extended EDGE\n";
    for (std::size_t i = 0; i < acl.size(); ++i) {
        const Ace& a = acl[i];
        t += fmt::format(" {} {} tcp {} any range {} {}\n", (i + 1) * unsigned(step), a.permit ? "permit" : "deny",
                         a.src ? fmt::format("host 10.0.0.{}", a.src) : "any", port_lo(a.lo), port_hi(a.hi));
    }
    return t;
}

std::string as_nxos(const std::vector<Ace>& acl) {
    std::string t = "hostname N9\nip access-list EDGE\n";
    for (std::size_t i = 0; i < acl.size(); ++i) {
        const Ace& a = acl[i];
        t += fmt::format("  {} {} tcp {} any range {} {}\n", 100 + i * 5, a.permit ? "permit" : "deny",
                         a.src ? fmt::format("10.0.0.{}/32", a.src) : "any", port_lo(a.lo), port_hi(a.hi));
    }
    return t;
}

bool permits(const std::vector<Ace>& acl, int src, int port) {
    for (const auto& a : acl)
        if ((a.src == 0 || a.src == src) && a.lo <= port && port <= a.hi) return a.permit;
    return false;  // the implicit deny
}

std::vector<Ace> random_acl(std::mt19937& rng) {
    std::vector<Ace> acl;
    int n = 1 + int(rng() % 6);
    for (int i = 0; i < n; ++i) {
        Ace a;
        a.src = int(rng() % 3);
        a.lo = int(rng() % 12);
        a.hi = a.lo + int(rng() % (12 - a.lo));
        a.permit = rng() % 3 != 0;
        acl.push_back(a);
    }
    return acl;
}

}  // namespace

TEST_CASE("diff_inputs: Cisco newly allowed and denied agree with brute force (IOS against NX-OS)") {
    std::mt19937 rng(20261124);
    int rounds_with_changes = 0, unchanged_reorders = 0;
    for (int round = 0; round < 150; ++round) {
        std::vector<Ace> a = random_acl(rng);
        std::vector<Ace> b = rng() % 3 == 0 ? a : random_acl(rng);
        if (rng() % 2 == 0 && b.size() > 1) std::swap(b[0], b[1]);  // a reorder: may or may not change anything
        std::string ta = as_ios(a, 10), tb = as_nxos(b);
        INFO("old:\n" << ta << "new:\n" << tb);
        ParsedInput old_in = read(ta, "ios", "old.cfg");
        ParsedInput new_in = read(tb, "nxos", "new.cfg");
        InputDiff d = diff(old_in, new_in);
        CHECK(d.compared == std::vector<std::string>{"ACL EDGE"});
        PacketSet allowed, denied;
        for (const auto& c : d.changes) {
            CHECK_FALSE(c.conditional);
            (c.newly_allowed ? allowed : denied) = (c.newly_allowed ? allowed : denied).unite(c.packets);
        }
        if (!d.changes.empty()) ++rounds_with_changes;
        bool same = true;
        for (int src = 1; src <= 2; ++src)
            for (int port = 0; port < 12; ++port) {
                std::string s = fmt::format("10.0.0.{}", src);
                PacketSet pkt = tcp(s.c_str(), "0.0.0.0/0", port_lo(port), port_hi(port));
                bool old_ok = permits(a, src, port), new_ok = permits(b, src, port);
                same = same && old_ok == new_ok;
                INFO("src " << s << " port " << port_lo(port));
                CHECK(allowed.intersects(pkt) == (new_ok && !old_ok));
                CHECK(denied.intersects(pkt) == (old_ok && !new_ok));
                if (new_ok && !old_ok) CHECK(pkt.is_subset_of(allowed));
                if (old_ok && !new_ok) CHECK(pkt.is_subset_of(denied));
            }
        // Renumbered (10, 20... against 100, 105...) and in another dialect: no change, no output.
        CHECK(diff(old_in, read(as_nxos(a), "nxos", "same.cfg")).changes.empty());
        CHECK(diff(old_in, read(as_ios(a, 7), "ios", "reseq.cfg")).changes.empty());
        if (same && !d.changes.empty()) FAIL("a change reported where brute force sees none");
        if (same && a.size() == b.size()) ++unchanged_reorders;
    }
    CHECK(rounds_with_changes > 50);
    CHECK(unchanged_reorders > 10);
}
