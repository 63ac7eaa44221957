// `fwlint check` and `query` on configurations written as users write them
// (fixtures/*/: a DC baseline script with splatting, built-in Windows rules
// from `reg query`, a Kubernetes node's ip6tables-save, ASA and IOS configs):
// each case is a defect a trial run found, asserted on what the user reads.
#include <catch2/catch.hpp>

#include <string>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

namespace {

bool has(const std::string& out, const std::string& text) { return out.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("PowerShell: a literal hashtable splatted into New-NetFirewallRule gives the rule its parameters",
          "[cli][windows][powershell]") {
    auto r = fwlint("check --fail-on never fixtures/windows/dc-baseline-splat.ps1");
    INFO(r.out);
    // Kerberos is tcp/udp 88 and 464 from two /16s (read from @kerberos), not every protocol from anywhere.
    CHECK_FALSE(has(r.out, "FW203"));
    CHECK_FALSE(has(r.out, "splatting @common"));
    CHECK_FALSE(has(r.out, "splatting @ldap"));
    CHECK(has(r.out, "(powershell, 4 rules)"));
    // A splat of a variable the script never assigns a hashtable: said so, and kept as a condition.
    CHECK(has(r.out, "dc-baseline-splat.ps1:24:29: warning: splatting @jumpHostRdp: $jumpHostRdp is not assigned a "
                     "literal hashtable before line 24, so the parameters it passes are unknown"));
    CHECK(has(r.out, "only if what splatting @jumpHostRdp passes (unknown) (line 24) holds"));

    // The multi-line @ldap (LocalPort = @(...), RemoteAddress over two lines) is read whole.
    auto ldap = fwlint("query fixtures/windows/dc-baseline-splat.ps1 --from 10.30.4.4 --to 10.0.0.10 --port 3269");
    INFO(ldap.out);
    CHECK(has(ldap.out, "verdict: allowed\n"));
    CHECK(has(ldap.out, "dc-baseline-splat.ps1:21"));
    auto outside = fwlint("query fixtures/windows/dc-baseline-splat.ps1 --from 10.40.0.1 --to 10.0.0.10 --port 88");
    INFO(outside.out);
    CHECK(has(outside.out, "verdict: denied"));
}

TEST_CASE("Windows: no netsh line names a rule by an indirect string (@FirewallAPI.dll,-28775)",
          "[cli][windows][remediation]") {
    auto r = fwlint("check --fail-on never fixtures/windows/builtin-rules-query.txt");
    INFO(r.out);
    CHECK(has(r.out, "FW205"));
    CHECK_FALSE(has(r.out, "name=\"@FirewallAPI.dll"));
    CHECK(has(r.out, "fix: # no netsh line: the rule's name @FirewallAPI.dll,-28775 is an indirect string"));
    CHECK(has(r.out, "fix: Set-NetFirewallRule -Name \"RemoteDesktop-UserMode-In-TCP\" -RemoteAddress TRUSTED_SOURCES"));
}

TEST_CASE("FW203 'unless' names only drops evaluated before the accepting rule, through jumps",
          "[cli][iptables][exposure]") {
    // INPUT jumps to KUBE-SERVICES (a conditional drop, line 17), then to KUBE-NODE-ALLOW (the
    // accept, line 16), then to KUBE-FIREWALL (drops on lines 14 and 15, after the accept).
    auto r = fwlint("check --fail-on never fixtures/iptables/k8s-node6.rules");
    INFO(r.out);
    CHECK(has(r.out, "k8s-node6.rules:16:1: warning: allow any to any"));
    CHECK(has(r.out, "in chain KUBE-NODE-ALLOW (from INPUT), unless ipset KUBE-BLOCKED6 src (line 17) holds [FW203]"));
    CHECK_FALSE(has(r.out, "(line 14)"));
    CHECK_FALSE(has(r.out, "(line 15)"));
    auto json = fwlint("check --fail-on never --format json fixtures/iptables/k8s-node6.rules");
    CHECK_FALSE(has(json.out, "\"line\": 14"));
    CHECK_FALSE(has(json.out, "\"line\": 15"));
}

TEST_CASE("ASA 8.x 'ipv6 access-list NAME permit ...' entries are read as an IPv6 list", "[cli][cisco][asa]") {
    auto r = fwlint("check --fail-on never fixtures/cisco/asa82-dual-stack.cfg");
    INFO(r.out);
    CHECK_FALSE(has(r.out, "expected an access-list name"));
    CHECK_FALSE(has(r.out, "FW403"));  // outside_in6 is defined
    // 8.2: access-list is IPv4, its `any` too (2 rules), and the 3 IPv6 entries.
    CHECK(has(r.out, "(cisco-asa, 5 rules)"));
    auto smtp = fwlint("query fixtures/cisco/asa82-dual-stack.cfg --acl outside_in6 --from 2001:db8:99::7 "
                       "--to 2001:db8:20::25 --port 25");
    INFO(smtp.out);
    CHECK(has(smtp.out, "verdict: allowed"));
    CHECK(has(smtp.out, "asa82-dual-stack.cfg:22"));
    auto ssh = fwlint("query fixtures/cisco/asa82-dual-stack.cfg --acl outside_in6 --from 2001:db8:99::7 "
                      "--to 2001:db8:20::25 --port 22");
    INFO(ssh.out);
    CHECK(has(ssh.out, "verdict: denied"));
    CHECK(has(ssh.out, "asa82-dual-stack.cfg:24"));
}

TEST_CASE("FW202 on a Cisco ACL: the implicit deny is at the end of the list, on no line", "[cli][cisco][lint]") {
    auto r = fwlint("check --fail-on never fixtures/cisco/asa-global-policy.cfg");
    INFO(r.out);
    CHECK(has(r.out, "asa-global-policy.cfg:38:1: note: redundant: removing line 38 changes nothing in ACL "
                     "GLOBAL-POLICY; the implicit deny at the end of ACL GLOBAL-POLICY gives the same verdict (deny)"));
    CHECK_FALSE(has(r.out, "(line 34)"));
    auto json = fwlint("check --fail-on never --format json fixtures/cisco/asa-global-policy.cfg");
    CHECK_FALSE(has(json.out, "\"line\": 34"));
}

TEST_CASE("an IOS entry's source port is in its exposure findings", "[cli][cisco][exposure]") {
    // 10 permit udp any eq 123 any: every udp port, but only from source port 123.
    auto r = fwlint("check --fail-on never fixtures/cisco/ios-branch-ntp.cfg");
    INFO(r.out);
    CHECK(has(r.out, "ios-branch-ntp.cfg:17:2: warning: wide port range open to any source: udp ports 0-65535 "
                     "(65,536 ports) from source port 123, more than 1,000"));
    CHECK(has(r.out, "(8 ports) from source port 123 to 4,294,967,296 addresses (any) accepted by line 17"));
}

TEST_CASE("NX-OS fix lines: when the entries do not fit before the blocking one, the renumbering leaves room for all",
          "[cli][cisco][remediation]") {
    // CES clients reach tcp 80 and 8443-8444 beyond 443 through entry 30 (portgroup WEB-PORTS):
    // 16 deny entries must go between 20 and 30, where 9 numbers are free.
    auto r = fwlint("check --fail-on never --rules ces --role clients=10.60.0.0/16 --role ces=10.60.10.20 "
                    "--role ca=10.60.20.5 --role dc=10.60.20.10 fixtures/cisco/nxos-leaf-svi.cfg");
    INFO(r.out);
    CHECK(has(r.out, "fix: ! no free sequence numbers before 30 for 16 entries: renumber first with "
                     "`resequence ip access-list SVI-APP-IN 20 20`, then"));
    CHECK(has(r.out, "! ... and 8 more entries like these"));
}

TEST_CASE("PowerShell splatting: later changes to the hashtable count, and what fwlint cannot follow is said",
          "[cli][windows][powershell]") {
    fwlint_test::TempDir dir;
    dir.write("web.ps1",
              "$web = [ordered]@{ Direction = 'Inbound'; Action = 'Allow'; Protocol = 'TCP'; LocalPort = 8080 }\n"
              "$web.LocalPort = 443\n"                                    // line 2: replaces 8080
              "$web += @{ RemoteAddress = '10.20.0.0/16' }\n"             // line 3: adds a key
              "New-NetFirewallRule @web -DisplayName 'IIS HTTPS'\n");     // line 4
    dir.write("mgmt.ps1",
              "$mgmt = @{ Direction = 'Inbound'; Protocol = 'TCP'; LocalPort = 5985 }\n"
              "$mgmt.Remove('LocalPort')\n"                               // line 2: not followed
              "New-NetFirewallRule @mgmt -DisplayName 'WinRM'\n");        // line 3
    auto https = fwlint_test::fwlint_in(dir.path.string(), "query web.ps1 --from 10.20.3.3 --to 10.0.1.10 --port 443");
    INFO(https.out);
    CHECK(has(https.out, "verdict: allowed\n"));
    auto old = fwlint_test::fwlint_in(dir.path.string(), "query web.ps1 --from 10.20.3.3 --to 10.0.1.10 --port 8080");
    CHECK(has(old.out, "verdict: denied"));
    auto other = fwlint_test::fwlint_in(dir.path.string(), "query web.ps1 --from 10.99.3.3 --to 10.0.1.10 --port 443");
    CHECK(has(other.out, "verdict: denied"));
    auto r = fwlint_test::fwlint_in(dir.path.string(), "check --fail-on never mgmt.ps1");
    INFO(r.out);
    CHECK(has(r.out, "mgmt.ps1:3:21: warning: splatting @mgmt: $mgmt is changed at line 2 by .Remove(), which fwlint "
                     "does not run, so the parameters it passes are unknown"));
}

TEST_CASE("PowerShell splatting on bad input: an unclosed hashtable or junk bytes or a 1 MB value",
          "[cli][windows][powershell][robust]") {
    fwlint_test::TempDir dir;
    SECTION("a hashtable never closed is no literal hashtable: the splat is a condition, with a warning") {
        auto f = dir.write("unclosed.ps1", "$common = @{ Direction = \"Inbound\"; Action = \"Allow\"\n"
                                           "New-NetFirewallRule @common -DisplayName \"K\" -Protocol TCP -LocalPort 88\n");
        auto r = fwlint("check '" + f + "'");
        INFO(r.out);
        CHECK(r.status == 1);
        CHECK(has(r.out, "unclosed.ps1:2:21: warning: splatting @common: $common is not assigned a literal hashtable"));
        CHECK(has(r.out, "only if what splatting @common passes (unknown) (line 2) holds [FW205]"));
    }
    SECTION("junk bytes in a splatted value are an error on that value's line and column") {
        auto f = dir.write("junk.ps1", "$c = @{ Direction = \"Inbound\"; Action = \"Allow\"; Protocol = \"TCP\x01\xff\" }\n"
                                       "New-NetFirewallRule @c -DisplayName \"K\" -LocalPort 88\n");
        auto r = fwlint("check '" + f + "'");
        INFO(r.out);
        CHECK(r.status == 1);
        CHECK(has(r.out, "junk.ps1:1:50: error: expected TCP, UDP, ICMPv4, ICMPv6, Any or 0-255 for protocol"));
        CHECK(has(r.out, "junk.ps1:2:1: error: New-NetFirewallRule with an invalid value"));
    }
    SECTION("a 1 MB value of an unknown parameter in the hashtable is reported, not read as a rule") {
        auto f = dir.write("huge.ps1", "$c = @{ Direction = \"Inbound\"; Action = \"Allow\"; X = \"" +
                                           std::string(1 << 20, 'a') + "\" }\n" +
                                           "New-NetFirewallRule @c -DisplayName \"K\" -Protocol TCP -LocalPort 88\n");
        auto r = fwlint("check '" + f + "'");
        CHECK(r.status == 1);
        CHECK(has(r.out, "huge.ps1:1:50: error: New-NetFirewallRule has no parameter -X"));
        CHECK(has(r.out, "(powershell, 0 rules)"));
        CHECK(r.out.size() < 4000);
    }
}
