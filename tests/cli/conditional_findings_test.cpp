// FW104/FW105 on allows that hold only under unmodelled conditions say so
// (as FW107 does), and name every line that allows part of the excess; a
// Windows FW107 names the profile, not a "chain".
#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

namespace {
const std::string roles =
    " --role clients=10.60.0.0/16 --role cep=10.1.5.20 --role dc=10.1.0.10-10.1.0.11 --role ca=10.1.6.5 ";
bool has(const std::string& out, const std::string& part) { return out.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("check: a Docker gateway's excess allowed only through docker0 rules says 'only if'") {
    // Docker's "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT" (line 76) takes the flows entering on docker0;
    // per interface assignment, never together with DOCKER-USER's "-i eth0 -o docker0 ... -j DROP" (line 92).
    // The lints read the interfaces the same way (they used to need --no-lint here).
    auto r = fwlint("check --rules cep" + roles + "fixtures/iptables/docker-gateway.rules");
    CHECK(r.status == 1);
    CHECK(has(r.out, "docker-gateway.rules:106:1: warning: cep -> dc tcp is allowed beyond the required "
                     "53,88,135,389,445,636,3268-3269,49152-65535: 49,144 extra ports in "));
    CHECK(has(r.out, "(line 106 in chain SRV-FWD; also lines 108, 76, 77, 98), only if it neither "));
    CHECK(has(r.out, "nor enters on eth0 and leaves on docker0 (line 92)"));
    CHECK(has(r.out, "although the set says this flow never happens; allowed: all of it, only if it enters on "
                     "docker0 or enters on virbr0 and leaves on virbr0 (otherwise lines "));
    CHECK_FALSE(has(r.out, "in-interface docker0 (line 76)"));
    // Docker's accept is open to everything, but only for what enters on docker0.
    CHECK(has(r.out, "docker-gateway.rules:76:1: warning: allow any to any: every protocol from any source to any "
                     "destination (4,294,967,296 addresses, 65,536 ports) is accepted by line 76 in chain FORWARD, "
                     "when it enters on docker0 and leaves on any interface but docker0 [FW203]"));
    CHECK_FALSE(has(r.out, "in-interface"));
    CHECK_FALSE(has(r.out, "out-interface"));
}

TEST_CASE("check: a Windows FW104 names every rule that allows part of the excess") {
    auto r = fwlint("check --rules cep --host cep" + roles + "fixtures/windows/cep01-harden.cmd");
    CHECK(r.status == 1);
    CHECK(has(r.out, "cep01-harden.cmd:26:1: warning: clients -> cep tcp is allowed beyond the required 443: 4 extra "
                     "ports in 3389,5986,8172,8530 (line 26 (allow rule 'RDP from jump'); also lines 30, 32, 37); part of it only "
                     "if, on line 26, interface type lan holds, or, on line 32, remote address LocalSubnet holds [FW104]"));
    // One rule alone: no "also".
    CHECK(has(r.out, "1 extra port in 440 (line 25 (allow rule 'Allow kerberos typo')) [FW104]"));
}

TEST_CASE("check: a condition of a drop rule reads 'does not hold', FW105 names every allowing line") {
    // fail2ban-style: "-m set --match-set blocklist src -j DROP" before the allow (own Debian host fixture).
    auto r = fwlint("check --rules cep --host cep --role clients=10.60.0.0/16 --role cep=10.1.5.20 --role "
                    "dc=10.1.0.10/31 --role ca=10.1.6.5 fixtures/iptables/debian-host.rules");
    // Line 17 accepts before the broadcast drop on line 22 is reached: only line 17's condition counts.
    CHECK(has(r.out, "clients -> cep tcp 443 is allowed only if, on line 17, tcp-flags FIN,SYN,RST,ACK SYN holds "
                     "(chain INPUT) [FW107]"));
    // Ports 22 and 9100 are accepted only through the ipset jump on line 16 (ALLOW-MGMT).
    CHECK(has(r.out, "2 extra ports in 22,9100 (line 33 in chain ALLOW-MGMT; also line 34), only if, on line 16, "
                     "ipset mgmt-nets src holds [FW104]"));
    CHECK(has(r.out, "cep -> ca any protocol is allowed by line 30 in chain OUTPUT and by line 31 although the set "
                     "says this flow never happens"));
    CHECK_FALSE(has(r.out, "pkttype broadcast"));
}

TEST_CASE("check: a Windows FW107 names the profile") {
    auto r = fwlint("check --rules cep --host cep" + roles + "fixtures/windows/cep01-baseline.ps1");
    CHECK(has(r.out, "cep -> dc tcp 88 is allowed only if, on line 16, remote address $dcs holds (domain profile)"));
    CHECK_FALSE(has(r.out, "(chain domain)"));
}

TEST_CASE("check: conditional steps are named in the order the walk meets them, through jumps") {
    // Line 6 (chain LATER) is met after line 7, through the jump on line 8, and before line 9:
    // the clause follows the walk, not the line numbers (positions found without an index of every rule).
    fwlint_test::TempDir dir;
    fwlint_test::write_file(dir.path / "order.rules",
                            "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:LATER - [0:0]\n"
                            "-A LATER -s 10.60.2.0/24 -p tcp -m tcp --dport 443 -m set --match-set staff src -j ACCEPT\n"
                            "-A FORWARD -s 10.60.1.0/24 -p tcp -m tcp --dport 443 -m mark --mark 0x1 -j ACCEPT\n"
                            "-A FORWARD -s 10.60.0.0/16 -j LATER\n"
                            "-A FORWARD -p tcp -m tcp --dport 443 -m mark --mark 0x2 -j ACCEPT\nCOMMIT\n");
    auto r = fwlint_test::fwlint_in(dir.path.string(), "check --no-lint --rules cep" + roles + "order.rules");
    CHECK(has(r.out, "clients -> cep tcp 443 is allowed only if, on line 7, mark 0x1 holds, or, on line 6, ipset "
                     "staff src holds, or, on line 9, mark 0x2 holds (chain FORWARD) [FW107]"));
}
