// FW203-FW207 exposure checks on hand-made iptables-save text: each fires on
// a minimal example with the right line and counts, and not when the source
// is restricted, the ports are narrow or the rule is shadowed; conditional
// wording; IPv6.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analyze/exposure.hpp"
#include "checks/lint.hpp"
#include "parse/iptables.hpp"
#include "lint_support.hpp"

using namespace fwlint;

namespace {

using fwlint_test::Linted;
using fwlint_test::lint_text;
using fwlint_test::with_check;

std::string config(const std::vector<std::string>& rules, const char* input_policy = "DROP",
                   const char* forward_policy = "DROP") {
    return fwlint_test::iptables_config(rules, input_policy, forward_policy);
}

Linted lint(const std::vector<std::string>& rules, const char* input_policy = "DROP",
            const char* forward_policy = "DROP") {
    return lint_text(config(rules, input_policy, forward_policy));
}

std::string dump(const Linted& l) {
    std::string out;
    for (const auto& f : l.findings) {
        out += fmt::format("{}:{} {}: {} [{}]\n", f.loc.line, f.loc.column, severity_name(f.severity), f.message, f.check);
        for (const auto& r : f.remediation) out += "    fix: " + r + "\n";
    }
    return out;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<Exposure> exposures(const std::vector<std::string>& rules, ExposureKind kind) {
    auto input = parse_iptables_save(config(rules), "t.rules");
    REQUIRE(input.diagnostics.empty());
    REQUIRE(input.policies.size() == 1);
    std::vector<Exposure> out;
    // The rules point into input.policies: keep only what outlives it.
    for (auto& e : find_exposures(input.policies[0]))
        if (e.kind == kind) {
            e.rule = nullptr;  // dangling once `input` goes
            e.chain = e.builtin = nullptr;
            e.only_if.clear();
            e.unless.clear();
            out.push_back(std::move(e));
        }
    return out;
}

}  // namespace

TEST_CASE("FW203: a rule that accepts everything from anywhere") {
    auto l = lint({"-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A INPUT -j ACCEPT"});
    INFO(dump(l));
    auto f = with_check(l, "FW203");
    REQUIRE(f.size() == 1);
    CHECK(f[0]->loc.line == 7);
    CHECK(f[0]->kind == "lint");
    CHECK(f[0]->severity == Severity::warning);
    CHECK(f[0]->message ==
          "allow any to any: every protocol from any source to any destination (4,294,967,296 addresses, 65,536 "
          "ports) is accepted by line 7 in chain INPUT");
    REQUIRE(f[0]->remediation.size() == 2);
    CHECK(f[0]->remediation[0].rfind("# ", 0) == 0);
    CHECK(f[0]->remediation[1] == "iptables -R INPUT 2 -s TRUSTED_SOURCES -j ACCEPT");
    // FW203 says it all: no FW204/FW205 for the same rule.
    CHECK(with_check(l, "FW204").empty());
    CHECK(with_check(l, "FW205").empty());
}

TEST_CASE("FW203: every tcp and udp port, and an ACCEPT chain policy") {
    SECTION("tcp and udp rules") {
        auto l = lint({"-A FORWARD -p tcp -j ACCEPT", "-A FORWARD -p udp -j ACCEPT"});
        INFO(dump(l));
        // Each rule alone is one protocol: FW204 for each, no FW203.
        CHECK(with_check(l, "FW203").empty());
        CHECK(with_check(l, "FW204").size() == 2);
    }
    SECTION("the policy") {
        auto l = lint({"-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j DROP"}, "ACCEPT");
        INFO(dump(l));
        auto f = with_check(l, "FW203");
        REQUIRE(f.size() == 1);
        CHECK(f[0]->loc.line == 2);  // the ":INPUT ACCEPT" line
        CHECK(has(f[0]->message, "is accepted by the INPUT policy ACCEPT (line 2)"));
        CHECK(has(f[0]->message, "every protocol"));
        REQUIRE(!f[0]->remediation.empty());
        CHECK(f[0]->remediation.back() == "iptables -P INPUT DROP");
    }
    SECTION("a policy that only takes what earlier rules leave") {
        auto l = lint({"-A INPUT -p tcp -j DROP"}, "ACCEPT");
        INFO(dump(l));
        CHECK(with_check(l, "FW203").empty());  // no tcp: not every tcp and udp port
        auto f = with_check(l, "FW204");
        REQUIRE(f.size() == 1);
        CHECK(has(f[0]->message, "udp ports 0-65535 (65,536 ports)"));
        CHECK(has(f[0]->message, "the INPUT policy ACCEPT (line 2)"));
    }
}

TEST_CASE("FW203: not for a restricted source or destination, nor a shadowed rule") {
    CHECK(with_check(lint({"-A INPUT -s 192.0.2.0/24 -j ACCEPT"}), "FW203").empty());
    CHECK(with_check(lint({"-A FORWARD -d 192.0.2.10 -j ACCEPT"}), "FW203").empty());
    auto l = lint({"-A INPUT -j DROP", "-A INPUT -j ACCEPT"});
    INFO(dump(l));
    CHECK(with_check(l, "FW203").empty());
    CHECK(with_check(l, "FW201").size() == 1);
    // Only NEW flows count.
    CHECK(lint({"-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"}).findings.empty());
}

TEST_CASE("FW204: a wide port range open to any source, with counts") {
    auto l = lint({"-A INPUT -d 192.0.2.10 -p tcp -m tcp --dport 1024:65535 -j ACCEPT"});
    INFO(dump(l));
    auto f = with_check(l, "FW204");
    REQUIRE(f.size() == 1);
    CHECK(f[0]->loc.line == 6);
    CHECK(f[0]->severity == Severity::warning);
    CHECK(f[0]->message ==
          "wide port range open to any source: tcp ports 1024-65535 (64,512 ports), more than 1,000, to 1 address "
          "(192.0.2.10) accepted by line 6 in chain INPUT");
    CHECK(f[0]->remediation.back() ==
          "iptables -R INPUT 1 -s TRUSTED_SOURCES -d 192.0.2.10 -p tcp -m tcp --dport 1024:65535 -j ACCEPT");
    SECTION("the threshold is more than 1,000 ports") {
        CHECK(with_check(lint({"-A INPUT -p udp -m udp --dport 2001:3000 -j ACCEPT"}), "FW204").empty());
        auto over = lint({"-A INPUT -p udp -m udp --dport 2001:3001 -j ACCEPT"});
        REQUIRE(with_check(over, "FW204").size() == 1);
        CHECK(has(with_check(over, "FW204")[0]->message, "udp ports 2001-3001 (1,001 ports)"));
    }
    SECTION("a restricted source") {
        CHECK(with_check(lint({"-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 1024:65535 -j ACCEPT"}), "FW204").empty());
    }
    SECTION("reached only from some sources through a jump") {
        auto j = lint({"-A INPUT -s 10.0.0.0/8 -j USER", "-A USER -p tcp -m tcp --dport 1024:65535 -j ACCEPT"});
        INFO(dump(j));
        CHECK(with_check(j, "FW204").empty());
    }
    SECTION("an earlier DROP narrows what the rule really admits") {
        auto d = lint({"-A INPUT -p tcp -m tcp --dport 1024:64535 -j DROP",
                       "-A INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT"});
        INFO(dump(d));
        CHECK(with_check(d, "FW204").empty());  // 1,000 ports left: 64536-65535
        auto d2 = lint({"-A INPUT -p tcp -m tcp --dport 1024:49151 -j DROP",
                        "-A INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT"});
        INFO(dump(d2));
        auto f2 = with_check(d2, "FW204");
        REQUIRE(f2.size() == 1);
        CHECK(f2[0]->loc.line == 7);
        CHECK(has(f2[0]->message, "tcp ports 49152-65535 (16,384 ports)"));
    }
}

TEST_CASE("FW205: risky services open to any source are named") {
    auto l = lint({"-A INPUT -p tcp -m multiport --dports 22,23,445 -j ACCEPT",
                   "-A INPUT -p udp -m udp --dport 161 -j ACCEPT"});
    INFO(dump(l));
    auto f = with_check(l, "FW205");
    REQUIRE(f.size() == 2);
    CHECK(f[0]->loc.line == 6);
    CHECK(f[0]->severity == Severity::warning);
    CHECK(f[0]->message ==
          "risky service open to any source: telnet (tcp 23), SMB (tcp 445) (2 ports) to 4,294,967,296 addresses "
          "(any) accepted by line 6 in chain INPUT");
    REQUIRE(!f[0]->remediation.empty());
    CHECK(f[0]->remediation[0] == "iptables -I INPUT 1 -p tcp -m multiport --dports 23,445 -j DROP");
    CHECK(f[1]->loc.line == 7);
    CHECK(has(f[1]->message, "SNMP (udp 161)"));
    SECTION("not from a restricted source, nor for safe ports") {
        CHECK(with_check(lint({"-A INPUT -s 10.1.0.0/16 -p tcp -m tcp --dport 3389 -j ACCEPT"}), "FW205").empty());
        CHECK(with_check(lint({"-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT"}), "FW205").empty());
        CHECK(with_check(lint({"-A INPUT -p udp -m udp --dport 23 -j ACCEPT"}), "FW205").empty());  // telnet is tcp
    }
    SECTION("a partly shadowed rule is judged by what it admits") {
        auto p = lint({"-A INPUT -p tcp -m tcp --dport 23 -j DROP",
                       "-A INPUT -p tcp -m multiport --dports 23,445 -j ACCEPT"});
        INFO(dump(p));
        auto pf = with_check(p, "FW205");
        REQUIRE(pf.size() == 1);
        CHECK(pf[0]->loc.line == 7);
        CHECK(has(pf[0]->message, "SMB (tcp 445) (1 port)"));
        CHECK(!has(pf[0]->message, "telnet"));
    }
    SECTION("a fully shadowed rule does not fire") {
        auto s = lint({"-A INPUT -p tcp -j DROP", "-A INPUT -p tcp -m tcp --dport 3389 -j ACCEPT"});
        INFO(dump(s));
        CHECK(with_check(s, "FW205").empty());
    }
}

TEST_CASE("FW206: an RPC range much wider than 49152-65535 (analysis)") {
    auto e = exposures({"-A FORWARD -s 10.0.1.20 -d 10.0.2.5 -p tcp -m multiport --dports 135,1024:65535 -j ACCEPT"},
                       ExposureKind::rpc_range);
    REQUIRE(e.size() == 1);
    CHECK(e[0].ports == IntervalSet::range(1024, 65535));
    CHECK(e[0].excess == IntervalSet::range(1024, 49151));
    CHECK(e[0].excess.size() == 48128);
    CHECK(e[0].sources == 1);
    CHECK(e[0].destinations == 1);
    CHECK(exposures({"-A FORWARD -p tcp -m tcp --dport 48000:65535 -j ACCEPT"}, ExposureKind::rpc_range).size() == 1);
    // Not for the dynamic range itself, a small excess, or every port.
    CHECK(exposures({"-A FORWARD -p tcp -m tcp --dport 49152:65535 -j ACCEPT"}, ExposureKind::rpc_range).empty());
    CHECK(exposures({"-A FORWARD -p tcp -m tcp --dport 48500:65535 -j ACCEPT"}, ExposureKind::rpc_range).empty());
    CHECK(exposures({"-A FORWARD -d 10.0.2.5 -j ACCEPT"}, ExposureKind::rpc_range).empty());
    // Not when an earlier DROP leaves only the dynamic range.
    CHECK(exposures({"-A FORWARD -p tcp -m tcp --dport 1024:49151 -j DROP",
                     "-A FORWARD -p tcp -m tcp --dport 1024:65535 -j ACCEPT"},
                    ExposureKind::rpc_range)
              .empty());
}

TEST_CASE("FW207: port 440") {
    auto l = lint({"-A FORWARD -s 10.0.1.0/24 -p tcp -m multiport --dports 88,440,464 -j ACCEPT",
                   "-A FORWARD -s 10.0.1.0/24 -p udp -m udp --dport 440 -j ACCEPT"});
    INFO(dump(l));
    auto f = with_check(l, "FW207");
    REQUIRE(f.size() == 2);
    CHECK(f[0]->loc.line == 6);
    CHECK(f[0]->severity == Severity::note);
    CHECK(f[0]->message ==
          "commonly mistaken port: tcp 440 accepted by line 6 in chain FORWARD from 256 addresses (10.0.1.0/24) to "
          "4,294,967,296 addresses (any); Kerberos is 88 and 464, 440 was a documented mistake in AD CS firewall "
          "tables");
    CHECK(f[0]->remediation == std::vector<std::string>{"iptables -R FORWARD 1 -s 10.0.1.0/24 -p tcp -m multiport --dports 88,464 -j ACCEPT"});
    CHECK(f[1]->remediation == std::vector<std::string>{"iptables -D FORWARD 2"});
    // Inside a wider range 440 is not a mistake of its own.
    CHECK(with_check(lint({"-A FORWARD -s 10.0.1.0/24 -p tcp -m tcp --dport 400:500 -j ACCEPT"}), "FW207").empty());
    // Shadowed: nothing to report.
    CHECK(with_check(lint({"-A FORWARD -p tcp -j DROP", "-A FORWARD -p tcp -m tcp --dport 440 -j ACCEPT"}), "FW207")
              .empty());
}

TEST_CASE("unmodelled conditions: the finding says what it depends on") {
    SECTION("the accepting rule's own condition") {
        auto l = lint({"-A INPUT -m mark --mark 0x1 -p tcp -m tcp --dport 23 -j ACCEPT"});
        INFO(dump(l));
        auto f = with_check(l, "FW205");
        REQUIRE(f.size() == 1);
        CHECK(has(f[0]->message, "accepted by line 6 in chain INPUT, only if mark 0x1 (line 6) holds"));
    }
    SECTION("a conditional jump on the way") {
        auto l = lint({"-A FORWARD -m mark --mark 0x2 -j USER", "-A USER -p tcp -m tcp --dport 3389 -j ACCEPT"});
        INFO(dump(l));
        auto f = with_check(l, "FW205");
        REQUIRE(f.size() == 1);
        CHECK(f[0]->loc.line == 7);
        CHECK(has(f[0]->message, "accepted by line 7 in chain USER (from FORWARD), only if mark 0x2 (line 6) holds"));
        REQUIRE(f[0]->related.size() == 1);
        CHECK(f[0]->related[0].line == 6);
    }
    SECTION("a conditional drop before it") {
        auto l = lint({"-A INPUT -m set --match-set blocked src -j DROP", "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"});
        INFO(dump(l));
        auto f = with_check(l, "FW205");
        REQUIRE(f.size() == 1);
        CHECK(f[0]->loc.line == 7);
        CHECK(has(f[0]->message, ", unless "));
        CHECK(has(f[0]->message, "(line 6) holds"));
    }
    SECTION("loopback never holds between hosts") {
        CHECK(lint({"-A INPUT -i lo -j ACCEPT"}).findings.empty());
    }
    SECTION("no condition: no wording") {
        auto l = lint({"-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"});
        REQUIRE(with_check(l, "FW205").size() == 1);
        CHECK(!has(with_check(l, "FW205")[0]->message, "only if"));
        CHECK(!has(with_check(l, "FW205")[0]->message, "unless"));
    }
}

TEST_CASE("a conditional ACCEPT of everything does not hide what later rules open when it does not hold") {
    SECTION("telnet after an ACCEPT of one DSCP class: FW205 on the telnet rule, as without the first") {
        auto l = lint({"-A INPUT -m dscp --dscp 0x0a -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"});
        INFO(dump(l));
        auto any = with_check(l, "FW203");
        REQUIRE(any.size() == 1);
        CHECK(any[0]->loc.line == 6);
        CHECK(has(any[0]->message, "only if dscp 0x0a (line 6) holds"));
        auto f = with_check(l, "FW205");
        REQUIRE(f.size() == 1);  // was none
        CHECK(f[0]->loc.line == 7);
        CHECK(has(f[0]->message, "telnet (tcp 23) (1 port) to 4,294,967,296 addresses (any) accepted by line 7 in "
                                 "chain INPUT"));
        CHECK(!has(f[0]->message, "only if"));
        CHECK(!has(f[0]->message, "unless"));
    }
    auto hidden = [](bool jumps) {
        std::vector<std::string> rules = {"-A INPUT -m dscp --dscp 0x0a -j ACCEPT",
                                          "-A INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT",
                                          "-A INPUT -p udp -m udp --dport 440 -j ACCEPT"};
        // A jump: the leaf walk rather than FW206 rule by rule.
        if (jumps) rules.insert(rules.begin(), "-A INPUT -p icmp -j USER");
        return lint(rules);
    };
    for (bool jumps : {false, true}) {
        DYNAMIC_SECTION("FW204, FW205, FW206, FW207 too" << (jumps ? ", leaf by leaf" : ", FW206 rule by rule")) {
            auto l = hidden(jumps);
            INFO(dump(l));
            const int range = jumps ? 8 : 7, kerberos = range + 1;
            auto wide = with_check(l, "FW204");
            REQUIRE(wide.size() == 1);
            CHECK(wide[0]->loc.line == range);
            CHECK(has(wide[0]->message, "tcp ports 1024-65535 (64,512 ports), more than 1,000, to 4,294,967,296 "
                                        "addresses (any) accepted by line " + std::to_string(range) + " in chain INPUT"));
            auto risky = with_check(l, "FW205");
            REQUIRE(risky.size() == 1);
            CHECK(risky[0]->loc.line == range);
            auto rpc = with_check(l, "FW206");
            REQUIRE(rpc.size() == 1);
            CHECK(rpc[0]->loc.line == range);
            CHECK(has(rpc[0]->message, "from 4,294,967,296 addresses (any) to 4,294,967,296 addresses (any); 48,128 "
                                       "ports in 1024-49151 beyond the dynamic range"));
            auto mistaken = with_check(l, "FW207");
            REQUIRE(mistaken.size() == 1);
            CHECK(mistaken[0]->loc.line == kerberos);
            for (const Finding* f : {wide[0], risky[0], rpc[0], mistaken[0]}) CHECK(!has(f->message, "only if"));
        }
    }
    SECTION("the strict walk's own drops still close a port to some sources") {
        auto l = lint({"-A INPUT -m dscp --dscp 0x0a -j ACCEPT",
                       "-A INPUT -s 192.0.2.9/32 -p tcp -m tcp --dport 23 -j DROP",
                       "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT"});
        INFO(dump(l));
        CHECK(with_check(l, "FW205").empty());
        CHECK(with_check(l, "FW203").size() == 1);
    }
    SECTION("an ACCEPT chain policy behind it") {
        auto l = lint({"-A INPUT -m dscp --dscp 0x0a -j ACCEPT"}, "ACCEPT");
        INFO(dump(l));
        auto any = with_check(l, "FW203");
        REQUIRE(any.size() == 2);
        CHECK(has(any[0]->message + any[1]->message, "is accepted by the INPUT policy ACCEPT"));
    }
}

TEST_CASE("IPv6: any source is ::/0") {
    std::string head = "# Generated by ip6tables-save v1.8.9\n";
    auto l = lint_text(head + config({"-A INPUT -p tcp -m tcp --dport 3389 -j ACCEPT",
                                      "-A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 5985 -j ACCEPT"}));
    INFO(dump(l));
    REQUIRE(l.input.policies.at(0).family == Family::v6);
    auto f = with_check(l, "FW205");
    REQUIRE(f.size() == 1);
    CHECK(f[0]->loc.line == 7);
    CHECK(has(f[0]->message, "RDP (tcp 3389) (1 port) to 2^128 addresses (any)"));
    REQUIRE(!f[0]->remediation.empty());
    CHECK(f[0]->remediation[0].rfind("ip6tables -I INPUT 1 ", 0) == 0);
    auto any = lint_text(head + config({}, "ACCEPT"));
    INFO(dump(any));
    auto a = with_check(any, "FW203");
    REQUIRE(a.size() == 1);
    CHECK(has(a[0]->message, "(2^128 addresses, 65,536 ports) is accepted by the INPUT policy ACCEPT (line 3)"));
    CHECK(a[0]->remediation.back() == "ip6tables -P INPUT DROP");
}

TEST_CASE("large chains are evaluated, a part more than 10,000 rules meet is left out with a note") {
    // 1,001 rules that meet one slice of the space: evaluated since the leaf
    // walk has no limit per slice (the slice walk stopped at 1,000).
    std::vector<std::string> rules;
    for (int i = 0; i < 1001; ++i)
        rules.push_back(fmt::format("-A FORWARD -s 10.0.{}.{} -p tcp -m tcp --dport 1024:65535 -j ACCEPT", i / 250,
                                    i % 250 + 1));
    rules.push_back("-A FORWARD -p tcp -m tcp --dport 445 -j ACCEPT");
    auto l = lint(rules);
    INFO(dump(l));
    CHECK(with_check(l, "FW206").size() == 1001);
    auto smb = with_check(l, "FW205");
    REQUIRE(smb.size() == 1);
    CHECK(smb[0]->loc.line == 1007);
    CHECK(with_check(l, "FW203").empty());

    // 10,001 rules in FW206's part of the space: FW206 is not run (the
    // safety net), FW203-FW205 still are.
    rules.clear();
    for (int i = 0; i < 10001; ++i)
        rules.push_back(fmt::format("-A FORWARD -s 10.{}.{}.{} -p tcp -m tcp --dport 1024:65535 -j ACCEPT", i / 62500,
                                    i / 250 % 250, i % 250 + 1));
    rules.push_back("-A FORWARD -p tcp -m tcp --dport 445 -j ACCEPT");
    auto big = lint(rules);
    CHECK(with_check(big, "FW206").empty());
    auto notes = with_check(big, "FW203");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]->severity == Severity::note);
    CHECK(notes[0]->loc.line == 3);
    CHECK(notes[0]->message ==
          "exposure checks FW206 not run on chain FORWARD: more than 10,000 of its rules (with the user chains it "
          "reaches) meet the part of the packet space they need (tcp 10.0.0.1-10.0.40.1 -> any ports 1024-65535), "
          "the most one evaluation takes");
    auto smb_big = with_check(big, "FW205");
    REQUIRE(smb_big.size() == 1);
    CHECK(smb_big[0]->loc.line == 10007);
}
