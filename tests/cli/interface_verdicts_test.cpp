// check, query and diff on gateways whose container bridges name interfaces:
// a packet has one in- and one out-interface, so Docker-style bridge rules and
// a contradicting guard are never assumed together, and the verdict says for
// which interfaces it differs (own fixture: fixtures/iptables/bridge-gateway.rules).
#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

namespace {
const std::string roles =
    " --role clients=10.70.0.0/16 --role cep=10.2.0.10 --role dc=10.3.0.10-10.3.0.11 --role ca=10.2.0.20 ";
bool has(const std::string& out, const std::string& part) { return out.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("check: a flow behind bridge rules is allowed unless it goes from the uplink to the bridge") {
    // With the lints, which read the interfaces the same way.
    auto r = fwlint("check --rules cep" + roles + "fixtures/iptables/bridge-gateway.rules");
    CHECK(has(r.out, "bridge-gateway.rules:16:1: note: HTTPS (Hypertext Transfer Protocol Secure): clients -> cep tcp "
                     "443 is allowed (line 16 in chain FORWARD; also lines 13, 14) only if it does not enter on wan0 "
                     "and leave on br-apps (line 21) (chain FORWARD) [FW107]"));
    // Never both sides of one interface at once.
    CHECK_FALSE(has(r.out, "in-interface br-apps"));
    CHECK_FALSE(has(r.out, "out-interface"));
    // The 440 typo is reachable except through the bridge or from the uplink into it (line 21's DROP).
    CHECK(has(r.out, "bridge-gateway.rules:25:1: note: commonly mistaken port: tcp 440 accepted by line 25 in chain "
                     "SERVERS (from FORWARD) from 256 addresses (10.2.0.0/24) to 256 addresses (10.3.0.0/24); Kerberos "
                     "is 88 and 464, 440 was a documented mistake in AD CS firewall tables, unless it enters on br-apps "
                     "or enters on wan0 and leaves on br-apps [FW207]"));
}

TEST_CASE("check: one named in-interface reads 'only if it enters on' it") {
    auto r = fwlint("check --rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 "
                    "--role ca=10.0.2.5 fixtures/iptables/gateway.rules");
    CHECK(has(r.out, "gateway.rules:27:1: note: NTP (time synchronisation): cep -> dc udp 123 is allowed (line 27 in "
                     "chain DC-OUT) only if it enters on eth2 (otherwise line 6) (chain FORWARD) [FW107]"));
}

TEST_CASE("query and diff: the Docker gateway's contradicting interface conditions are gone") {
    auto q = fwlint("query fixtures/iptables/docker-gateway.rules --from 10.60.3.4 --to 10.1.5.20 --port 443");
    CHECK(q.status == 1);
    CHECK_FALSE(has(q.out, "out-interface docker0"));
    CHECK(has(q.out, "nor enters on eth0 and leaves on docker0 (line 92)"));
    auto j = fwlint("query --format json fixtures/iptables/docker-gateway.rules --from 10.60.3.4 --to 10.1.5.20 "
                    "--port 443");
    CHECK(has(j.out, "\"depends_on\": \"it neither "));
}
