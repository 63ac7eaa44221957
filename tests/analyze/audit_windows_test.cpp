// Requirement scenarios on Windows hosts: the CEP and CES servers of the seed
// documents, audited from their own `netsh advfirewall ... show` output.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyze/audit.hpp"
#include "checks/windows_lint.hpp"
#include "parse/input.hpp"
#include "parse/requirements.hpp"
#include "parse/windows_rule.hpp"

using namespace fwlint;

namespace {

struct Scenario {
    RequirementSet set;
    ParsedInput input;
    std::vector<Finding> findings;
    AuditSummary summary;
};

Scenario audit(const std::string& fixture, const std::string& set_name, const std::string& host,
               std::map<std::string, std::string> params = {}, const std::string& profile = "domain") {
    Scenario s;
    std::string error;
    auto set_bytes = read_file_bytes(FWLINT_SOURCE_DIR "/rules/" + set_name + ".fwreq", error);
    REQUIRE(set_bytes);
    auto parsed_set = parse_requirement_set(decode_text(*set_bytes).text, set_name + ".fwreq");
    REQUIRE(parsed_set.set);
    s.set = *parsed_set.set;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/" + fixture, error);
    REQUIRE(bytes);
    auto input = parse_input(decode_text(std::move(*bytes)).text, "netsh-show", fixture);
    REQUIRE(input);
    s.input = std::move(*input);
    for (const auto& d : s.input.diagnostics) CHECK(d.severity == Severity::note);
    AuditOptions options;
    options.set = &s.set;
    Diagnostics errors;
    options.statements = resolve_requirements(s.set, params, errors);
    REQUIRE(errors.empty());
    for (const char* b : {"clients=10.20.0.0/16", "dc=10.0.0.8/29", "ca=10.0.2.5", "cep=10.0.1.10", "ces=10.0.1.20"}) {
        auto binding = parse_role_binding(b, error);
        if (s.set.find_role(binding->name)) options.roles[binding->name] = *binding;
    }
    if (!host.empty()) options.host_role = host;
    options.windows_profile = profile;
    s.findings = audit_requirements(s.input, options, s.summary);
    sort_findings(s.findings);
    return s;
}

std::vector<const Finding*> with(const Scenario& s, std::string_view check) {
    std::vector<const Finding*> out;
    for (const auto& f : s.findings)
        if (f.check == check) out.push_back(&f);
    return out;
}

bool has_line(const Finding& f, std::string_view text) {
    return std::any_of(f.remediation.begin(), f.remediation.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("CEP server: disabled IIS rule, disabled allow, block beating allow, broad RPC, unneeded CEP -> CA") {
    Scenario s = audit("cep-server.txt", "cep", "cep");

    // The IIS HTTP rule exists (found by its English display name) but is disabled.
    auto disabled = with(s, "FW106");
    REQUIRE(disabled.size() == 2);
    const Finding& iis = *disabled[0];
    CHECK(iis.kind == "disabled");
    CHECK(iis.loc.line == 41);
    CHECK(iis.message.find("IIS-WebServerRole-HTTP-In-TCP") != std::string::npos);
    CHECK(has_line(iis, "Enable-NetFirewallRule -Name \"IIS-WebServerRole-HTTP-In-TCP\""));
    CHECK(has_line(iis, "netsh advfirewall firewall set rule name=\"World Wide Web Services (HTTP Traffic-In)\" new enable=yes"));
    // Kerberos: nothing allows it, and the allow that would is disabled.
    const Finding& kerberos = *disabled[1];
    CHECK(kerberos.loc.line == 98);
    CHECK(kerberos.message.find("Kerberos: cep -> dc tcp 88 is not allowed") != std::string::npos);
    CHECK(has_line(kerberos, "Enable-NetFirewallRule -DisplayName \"Kerberos to the domain controllers\""));

    // SMB: allowed at line 136 but the hardening block at line 174 wins.
    auto shadowed = with(s, "FW103");
    REQUIRE(shadowed.size() == 1);
    CHECK(shadowed[0]->loc.line == 136);
    CHECK(shadowed[0]->message.find("block rule 'Block SMB out (hardening baseline)'") != std::string::npos);
    CHECK(shadowed[0]->related == std::vector<RelatedLine>{{"cep-server.txt", 174}});
    CHECK(has_line(*shadowed[0], "Disable-NetFirewallRule -DisplayName \"Block SMB out (hardening baseline)\""));

    // Global Catalog over SSL (3269) is allowed by the broad RPC rule: no missing finding for it;
    // the broad rule itself is reported.
    CHECK(with(s, "FW101").empty());
    auto broad = with(s, "FW104");
    REQUIRE(broad.size() == 1);
    CHECK(broad[0]->loc.line == 155);
    CHECK(broad[0]->message.find("48,126 extra ports in 1024-3267,3270-49151") != std::string::npos);
    // The fix narrows the broad allow (it serves only CEP -> DC) to the required ports it carries,
    // instead of adding a block rule.
    CHECK(has_line(*broad[0], "netsh advfirewall firewall set rule name=\"RPC dynamic to the domain controllers\" "
                              "dir=out new remoteport=3268-3269,49152-65535"));
    CHECK(has_line(*broad[0], "Set-NetFirewallRule -DisplayName \"RPC dynamic to the domain controllers\" "
                              "-RemotePort 3268-3269,49152-65535"));
    CHECK_FALSE(has_line(*broad[0], "add rule"));
    CHECK_FALSE(has_line(*broad[0], "New-NetFirewallRule"));
    // Each statement counts once, not once per policy (inbound/outbound, IPv4/IPv6).
    CHECK(s.summary.checked == 17);
    CHECK(s.summary.not_applicable == 0);
    CHECK(s.summary.results.size() == 17);  // one result per statement: 15 flows, 2 windows-rule

    auto unneeded = with(s, "FW105");
    REQUIRE(unneeded.size() == 1);
    CHECK(unneeded[0]->loc.line == 193);
    CHECK(unneeded[0]->message.find("tcp 10.0.1.10 -> 10.0.2.5 ports 135,49152-65535") != std::string::npos);

    // HTTPS from the clients is satisfied, scoped to the System process.
    auto scope = with(s, "FW302");
    REQUIRE(scope.size() == 1);
    CHECK(scope[0]->message.find("only for program System") != std::string::npos);
    CHECK(s.findings.size() == 6);
}

TEST_CASE("CEP server in the public profile: the domain-only allows do not apply") {
    Scenario s = audit("cep-server.txt", "cep", "cep", {}, "public");
    // DNS, NTP, LDAP... all missing: every outbound allow is Domain-only and the default blocks.
    auto missing = with(s, "FW101");
    REQUIRE(missing.size() == 10);
    int by_default = 0;
    for (const Finding* f : missing)
        by_default += f->message.find("the public profile's default outbound action Block (line 17) drops it") !=
                      std::string::npos;
    CHECK(by_default == 9);  // and SMB, which the all-profile block rule drops
    // The unneeded CEP -> CA rule is Domain-only too.
    CHECK(with(s, "FW105").empty());
}

TEST_CASE("CES server (German, CP850): missing, block beating part of an allow, port 440, broad DCOM") {
    Scenario s = audit("ces-server-de.txt", "ces", "ces");
    auto missing = with(s, "FW101");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0]->message.find("Kerberos password change: ces -> dc tcp 464 is not allowed") != std::string::npos);
    CHECK(has_line(*missing[0], "netsh advfirewall firewall add rule name=\"fwlint: Kerberos password change\" dir=out "
                                "action=allow protocol=TCP remoteport=464 remoteip=10.0.0.8/29 profile=domain"));
    CHECK(has_line(*missing[0], "New-NetFirewallRule -DisplayName \"fwlint: Kerberos password change\" -Direction "
                                "Outbound -Action Allow -Protocol TCP -RemotePort 464 -RemoteAddress 10.0.0.8/29 "
                                "-Profile Domain"));

    auto partial = with(s, "FW102");
    REQUIRE(partial.size() == 1);
    CHECK(partial[0]->message.find("not allowed: tcp 10.20.128.0/17 -> 10.0.1.20 ports 443") != std::string::npos);
    CHECK(partial[0]->message.find("block rule 'Gastnetz sperren'") != std::string::npos);

    auto unneeded = with(s, "FW105");
    REQUIRE(unneeded.size() == 1);
    CHECK(unneeded[0]->message.find("tcp 440") != std::string::npos);

    auto broad = with(s, "FW104");
    REQUIRE(broad.size() == 1);
    CHECK(broad[0]->message.find("1024-49151") != std::string::npos);
    CHECK(has_line(*broad[0], "netsh advfirewall firewall set rule name=\"DCOM zur CA\" dir=out new "
                              "remoteport=49152-65535"));
    CHECK(has_line(*broad[0], "Set-NetFirewallRule -DisplayName \"DCOM zur CA\" -RemotePort 49152-65535"));

    // With 2003/XP peers, 1024-65535 is what the set requires: not broad.
    Scenario legacy = audit("ces-server-de.txt", "ces", "ces", {{"legacy_rpc", "yes"}});
    CHECK(with(legacy, "FW104").empty());
}

TEST_CASE("Without --host a Windows input audits no flow, windows-rule statements are still checked") {
    Scenario s = audit("cep-server.txt", "cep", "");
    CHECK(s.summary.checked == 2);  // the two windows-rule statements
    // Each of the 15 flow statements is not applicable once, not once per policy.
    CHECK(s.summary.not_applicable == 15);
    REQUIRE(s.summary.results.size() == 17);  // and one per windows-rule statement
    long flows = 0;
    for (const auto& r : s.summary.results)
        if (r.statement != "windows-rule") {
            ++flows;
            CHECK(r.verdict == "not applicable");
        }
    CHECK(flows == 15);
    CHECK(with(s, "FW106").size() == 1);
}

TEST_CASE("FW301: an inbound allow with edge traversal") {
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/netsh-show-en.txt", error);
    REQUIRE(bytes);
    auto input = parse_input(decode_text(std::move(*bytes)).text, "netsh-show", "en.txt");
    REQUIRE(input);
    auto findings = lint_windows(*input);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check == "FW301");
    CHECK(findings[0].message.find("'Teredo edge: inbound from the Internet'") != std::string::npos);
    CHECK(findings[0].remediation ==
          std::vector<std::string>{
              "netsh advfirewall firewall set rule name=\"Teredo edge: inbound from the Internet\" new edge=no",
              "Set-NetFirewallRule -DisplayName \"Teredo edge: inbound from the Internet\" -EdgeTraversalPolicy Block"});
}

TEST_CASE("A script shows only the rules it changes: a required Windows rule it does not name is not missing") {
    std::string error;
    auto set_bytes = read_file_bytes(FWLINT_SOURCE_DIR "/rules/cep.fwreq", error);
    REQUIRE(set_bytes);
    auto parsed_set = parse_requirement_set(decode_text(*set_bytes).text, "cep.fwreq");
    REQUIRE(parsed_set.set);
    WindowsRuleSpec other;
    other.display_name = "Something else";
    other.id = "Other-In";
    for (const char* format : {"powershell", "reg"}) {
        ParsedInput in = windows_input({other}, {}, nullptr, "x", format, {});
        AuditOptions options;
        options.set = &*parsed_set.set;
        Diagnostics errors;
        options.statements = resolve_requirements(*parsed_set.set, {}, errors);
        AuditSummary summary;
        auto findings = audit_requirements(in, options, summary);
        long missing = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "FW101"; });
        CHECK(missing == (std::string(format) == "reg" ? 2 : 0));
    }
}

TEST_CASE("Unbound roles: the IPv4 and IPv6 policies do not repeat the same finding") {
    std::string error;
    auto set_bytes = read_file_bytes(FWLINT_SOURCE_DIR "/rules/cep.fwreq", error);
    REQUIRE(set_bytes);
    auto parsed_set = parse_requirement_set(decode_text(*set_bytes).text, "cep.fwreq");
    REQUIRE(parsed_set.set);
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/paired/cep-rules.txt", error);
    REQUIRE(bytes);
    auto input = parse_input(decode_text(std::move(*bytes)).text, "netsh-show", "cep-rules.txt");
    REQUIRE(input);
    AuditOptions options;
    options.set = &*parsed_set.set;
    Diagnostics errors;
    options.statements = resolve_requirements(*parsed_set.set, {}, errors);
    options.host_role = "cep";
    options.windows_profile = "domain";
    AuditSummary summary;
    auto findings = audit_requirements(*input, options, summary);
    std::vector<const Finding*> broad;
    for (const auto& f : findings)
        if (f.check == "FW104") broad.push_back(&f);
    // cep -> dc tcp and udp beyond the bound, each once (both families say it).
    REQUIRE(broad.size() == 2);
    CHECK(broad[0]->message != broad[1]->message);
    // The outbound default Allow: a block rule for the excess, or the profile made to block.
    CHECK(std::any_of(broad[0]->remediation.begin(), broad[0]->remediation.end(), [](const std::string& l) {
        return l == "Set-NetFirewallProfile -Profile Domain -DefaultOutboundAction Block";
    }));
    CHECK(std::any_of(broad[0]->remediation.begin(), broad[0]->remediation.end(), [](const std::string& l) {
        return l == "netsh advfirewall set domainprofile firewallpolicy blockinbound,blockoutbound";
    }));
    long scope = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "FW302"; });
    CHECK(scope == 2);  // HTTPS (program System) and DNS (service Dnscache), once each
    // Every statement counted once.
    CHECK(summary.checked == 17);
    CHECK(summary.not_applicable == 0);
}
