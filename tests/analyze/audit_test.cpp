#include <catch2/catch.hpp>

#include "analyze/audit.hpp"
#include "parse/iptables.hpp"
#include "parse/requirements.hpp"

using namespace fwlint;

namespace {

const char* test_set = R"(set t "test set"
role a "clients"
role b "server"
param legacy = no "wide range"
require a -> b tcp 443 "https"
require a -> b tcp 135, 49152-65535 "rpc"
  when legacy: tcp 135, 1024-65535
forbid b -> a any "never"
limit a -> b tcp to required "only what is needed"
)";

struct Scenario {
    RequirementSet set;
    std::vector<Finding> findings;
    AuditSummary summary;
};

Scenario audit(const std::string& rules, std::map<std::string, std::string> params = {},
               std::optional<std::string> host = std::nullopt, bool bind = true) {
    Scenario s;
    auto parsed_set = parse_requirement_set(test_set, "t.fwreq");
    REQUIRE(parsed_set.diagnostics.empty());
    s.set = *parsed_set.set;
    ParsedInput input = parse_iptables_save(rules, "t.rules");
    for (const auto& d : input.diagnostics) FAIL_CHECK(d.message);
    AuditOptions options;
    options.set = &s.set;
    Diagnostics errors;
    options.statements = resolve_requirements(s.set, params, errors);
    REQUIRE(errors.empty());
    std::string error;
    if (bind) {
        options.roles["a"] = *parse_role_binding("a=10.20.0.0/16", error);
        options.roles["b"] = *parse_role_binding("b=10.0.1.10", error);
    }
    options.host_role = host;
    s.findings = audit_requirements(input, options, s.summary);
    sort_findings(s.findings);
    return s;
}


const std::string head = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";

}  // namespace

TEST_CASE("a gateway that allows exactly what is required has no findings") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                   "COMMIT\n");
    CHECK(s.findings.empty());
    CHECK(s.summary.checked == 4);
    CHECK(s.summary.satisfied == 4);
}

TEST_CASE("missing: nothing allows the flow, the finding points at the blocking rule") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,49152:65535 -j ACCEPT\n"
                   "-A FORWARD -p tcp -m tcp --dport 443 -j REJECT --reject-with tcp-reset\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 1);
    const Finding& f = s.findings[0];
    CHECK(f.kind == "missing");
    CHECK(f.check == "FW101");
    CHECK(f.loc.line == 6);
    CHECK(f.flow->ports == "443");
    CHECK(f.message.find("line 6 in chain FORWARD") != std::string::npos);
    REQUIRE(f.remediation.size() == 1);
    CHECK(f.remediation[0] == "iptables -I FORWARD 2 -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m tcp --dport 443 -j ACCEPT");
}

TEST_CASE("missing because of the chain policy points at the policy line and appends the fix") {
    auto s = audit(head + "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,49152:65535 -j ACCEPT\nCOMMIT\n");
    REQUIRE(s.findings.size() == 1);
    CHECK(s.findings[0].loc.line == 3);  // ":FORWARD DROP"
    CHECK(s.findings[0].remediation[0].rfind("iptables -A FORWARD -s 10.20.0.0/16", 0) == 0);
}

TEST_CASE("partial: names the part that is not allowed") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:60000 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 1);
    CHECK(s.findings[0].kind == "partial");
    CHECK(s.findings[0].message.find("ports 60001-65535") != std::string::npos);
}

TEST_CASE("partial by address: one client subnet is dropped") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.99.0/24 -j DROP\n"
                   "-A FORWARD -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 2);  // https and rpc both lose 10.20.99.0/24
    for (const auto& f : s.findings) {
        CHECK(f.kind == "partial");
        CHECK(f.loc.line == 5);
        CHECK(f.message.find("10.20.99.0/24") != std::string::npos);
    }
}

TEST_CASE("shadowed: the allow exists but an earlier drop takes the traffic") {
    auto s = audit(head +
                   "-A FORWARD -p tcp -m tcp --dport 443 -j DROP\n"
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 1);
    const Finding& f = s.findings[0];
    CHECK(f.kind == "shadowed");
    CHECK(f.loc.line == 6);
    REQUIRE(f.related.size() == 1);
    CHECK(f.related[0].line == 5);
    CHECK(f.remediation[0].rfind("iptables -I FORWARD 1 ", 0) == 0);
}

TEST_CASE("broad: counts the excess ports and gives a DROP before the wide rule") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,1024:65535 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 1);
    const Finding& f = s.findings[0];
    CHECK(f.kind == "broad");
    CHECK(f.loc.line == 5);
    CHECK(f.message.find("48,128 extra ports in 1024-49151") != std::string::npos);
    CHECK(f.remediation[0] ==
          "iptables -I FORWARD 1 -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m tcp --dport 1024:49151 -j DROP");

    SECTION("legacy peers justify the wide range") {
        auto legacy = audit(head +
                            "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,1024:65535 -j ACCEPT\n"
                            "COMMIT\n",
                            {{"legacy", "yes"}});
        CHECK(legacy.findings.empty());
    }
}

TEST_CASE("unneeded: a forbidden flow is allowed, a rule wholly inside it is deleted") {
    auto s = audit(head +
                   "-A FORWARD -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                   "-A FORWARD -s 10.0.1.10/32 -d 10.20.0.0/16 -j ACCEPT\n"
                   "-A FORWARD -s 10.0.1.10/32 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 1);
    const Finding& f = s.findings[0];
    CHECK(f.kind == "unneeded");
    CHECK(f.loc.line == 6);
    REQUIRE(f.remediation.size() == 1);  // line 7 takes none of b -> a: line 6 took it all
    CHECK(f.remediation[0] == "iptables -D FORWARD 2");
}

TEST_CASE("a verdict that depends on an unmodelled condition says so and names the line") {
    auto s = audit(head +
                   "-A FORWARD -i eth1 -s 10.20.0.0/16 -d 10.0.1.10/32 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                   "COMMIT\n");
    REQUIRE(s.findings.size() == 2);
    for (const auto& f : s.findings) {
        CHECK(f.check == "FW107");
        CHECK(f.severity == Severity::note);
        // The interface is a variable of the packet: "enters on eth1", not an -i condition.
        CHECK(f.message.find("only if it enters on eth1 (otherwise line ") != std::string::npos);
    }
}

TEST_CASE("established-only rules do not satisfy a requirement") {
    auto s = audit(head + "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
    REQUIRE(s.findings.size() == 2);
    for (const auto& f : s.findings) CHECK(f.kind == "missing");
}

TEST_CASE("host mode uses INPUT for flows to the host and OUTPUT for flows from it") {
    std::string rules = head +
                        "-A INPUT -s 10.20.0.0/16 -p tcp -m multiport --dports 135,443,49152:65535 -j ACCEPT\n"
                        "-A OUTPUT -d 10.20.0.0/16 -j DROP\n"
                        "COMMIT\n";
    auto s = audit(rules, {}, std::string("b"));
    CHECK(s.findings.empty());
    CHECK(s.summary.checked == 4);
    auto gateway = audit(rules);
    CHECK(gateway.findings.size() == 2);  // FORWARD allows nothing
    CHECK(gateway.findings[0].message.find("the FORWARD policy DROP (line 3) drops it") != std::string::npos);
}

TEST_CASE("unbound roles are checked as any address and reported") {
    auto s = audit(head + "COMMIT\n", {}, std::nullopt, false);
    CHECK(s.summary.unbound_roles.size() == 2);
    REQUIRE(!s.findings.empty());
    CHECK(s.findings[0].message.find("unbound: checked for any address") != std::string::npos);
}

TEST_CASE("an ip6tables policy is not judged on IPv4-only roles") {
    auto s = audit("*filter\n:FORWARD DROP [0:0]\n-A FORWARD -s 2001:db8::/32 -j ACCEPT\nCOMMIT\n");
    CHECK(s.findings.empty());
    CHECK(s.summary.checked == 0);
    CHECK(s.summary.not_applicable == 4);
}
