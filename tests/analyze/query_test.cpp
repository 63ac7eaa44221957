// fwlint query: known answers on a hand-made iptables-save text.
#include <algorithm>

#include <catch2/catch.hpp>

#include "analyze/query.hpp"
#include "parse/iptables.hpp"

using namespace fwlint;

namespace {

const char* const config =
    "*filter\n"                                                            // 1
    ":INPUT ACCEPT [0:0]\n"                                                // 2
    ":FORWARD DROP [0:0]\n"                                                // 3
    ":OUTPUT ACCEPT [0:0]\n"                                               // 4
    ":WEB - [0:0]\n"                                                       // 5
    "-A FORWARD -d 10.0.0.0/24 -j WEB\n"                                   // 6
    "-A FORWARD -p tcp -m tcp --dport 8000:8010 -j ACCEPT\n"               // 7
    "-A FORWARD -i eth1 -p udp -m udp --dport 53 -j ACCEPT\n"              // 8
    "-A WEB -p tcp -m tcp --dport 443 -j ACCEPT\n"                         // 9
    "-A WEB -p tcp -m tcp --dport 8005 -j DROP\n"                          // 10
    "COMMIT\n";

PacketSet flow(unsigned proto, const char* src, const char* dst, u128 lo, u128 hi) {
    Box b = Box::all(Family::v4);
    b.dims[proto_dim] = IntervalSet::single(proto);
    b.dims[src_dim] = parse_address(src)->values;
    b.dims[dst_dim] = parse_address(dst)->values;
    b.dims[dport_dim] = IntervalSet::range(lo, hi);
    return PacketSet::of(Family::v4, b);
}

QueryResult ask(const ParsedInput& in, const PacketSet& f, const char* chain = "FORWARD") {
    const Policy* p = in.find_policy("filter");
    REQUIRE(p != nullptr);
    auto r = query_flow(*p, chain, f);
    REQUIRE(r);
    return *r;
}

}  // namespace

TEST_CASE("query: a flow allowed by a line in a user chain shows the jump on its path") {
    ParsedInput in = parse_iptables_save(config, "q.rules");
    REQUIRE(in.diagnostics.empty());
    QueryResult r = ask(in, flow(proto_tcp, "10.1.1.1", "10.0.0.5", 443, 443));
    CHECK(r.verdict == "allowed");
    REQUIRE(r.parts.size() == 1);
    CHECK(r.parts[0].verdict == FlowVerdict::allowed);
    CHECK(r.parts[0].line.line == 9);
    CHECK(r.parts[0].line.chain == "WEB");
    CHECK(r.parts[0].line.file == "q.rules");
    CHECK(r.parts[0].line.text == "-A WEB -p tcp -m tcp --dport 443 -j ACCEPT");
    REQUIRE(r.path.size() == 1);
    CHECK(r.path[0].line == 6);
    CHECK(r.path[0].text == "-A FORWARD -d 10.0.0.0/24 -j WEB");
}

TEST_CASE("query: a flow no rule accepts is denied by the chain policy") {
    ParsedInput in = parse_iptables_save(config, "q.rules");
    QueryResult r = ask(in, flow(proto_tcp, "10.1.1.1", "10.9.9.9", 22, 22));
    CHECK(r.verdict == "denied");
    REQUIRE(r.parts.size() == 1);
    CHECK(r.parts[0].verdict == FlowVerdict::denied);
    CHECK(r.parts[0].line.policy);
    CHECK(r.parts[0].line.line == 3);
    CHECK(r.parts[0].line.text == ":FORWARD DROP");
    CHECK(r.path.empty());
    // INPUT's policy accepts.
    QueryResult in_r = ask(in, flow(proto_tcp, "10.1.1.1", "10.9.9.9", 22, 22), "INPUT");
    CHECK(in_r.verdict == "allowed");
    CHECK(in_r.parts[0].line.line == 2);
    CHECK_FALSE(query_flow(*in.find_policy("filter"), "NOPE", flow(proto_tcp, "10.1.1.1", "10.9.9.9", 22, 22)));
}

TEST_CASE("query: a port range split between lines says which part each line decides") {
    ParsedInput in = parse_iptables_save(config, "q.rules");
    QueryResult r = ask(in, flow(proto_tcp, "10.1.1.1", "10.0.0.5", 7990, 8010));
    CHECK(r.verdict == "partial");
    CHECK(r.allowed == flow(proto_tcp, "10.1.1.1", "10.0.0.5", 8000, 8004).unite(flow(proto_tcp, "10.1.1.1", "10.0.0.5", 8006, 8010)));
    CHECK(r.denied == flow(proto_tcp, "10.1.1.1", "10.0.0.5", 7990, 7999).unite(flow(proto_tcp, "10.1.1.1", "10.0.0.5", 8005, 8005)));
    CHECK(r.conditional.empty());
    REQUIRE(r.parts.size() == 3);
    CHECK(r.parts[0].verdict == FlowVerdict::allowed);
    CHECK(r.parts[0].line.line == 7);
    CHECK(r.parts[0].packets.to_string() == "tcp 10.1.1.1 -> 10.0.0.5 ports 8000-8004,8006-8010");
    CHECK(r.parts[1].verdict == FlowVerdict::denied);
    CHECK(r.parts[1].line.line == 10);
    CHECK(r.parts[1].packets.to_string() == "tcp 10.1.1.1 -> 10.0.0.5 ports 8005");
    CHECK(r.parts[2].verdict == FlowVerdict::denied);
    CHECK(r.parts[2].line.policy);
    CHECK(r.parts[2].packets.to_string() == "tcp 10.1.1.1 -> 10.0.0.5 ports 7990-7999");
    REQUIRE(r.path.size() == 1);
    CHECK(r.path[0].line == 6);
}

TEST_CASE("query: a flow accepted only by a rule with an unmodelled match is conditional") {
    ParsedInput in = parse_iptables_save(config, "q.rules");
    QueryResult r = ask(in, flow(proto_udp, "10.1.1.1", "10.9.9.9", 53, 53));
    CHECK(r.verdict == "conditional");
    REQUIRE(r.parts.size() == 1);
    CHECK(r.parts[0].verdict == FlowVerdict::conditional);
    CHECK(r.parts[0].line.line == 8);
    // -i is decided per interface assignment: no condition left, the part says which interface.
    CHECK(r.parts[0].conditions.empty());
    CHECK(r.parts[0].depends_on == "it enters on eth1 (otherwise line 3)");

    // Port 52-53: one port conditional, the other denied: partial.
    QueryResult p = ask(in, flow(proto_udp, "10.1.1.1", "10.9.9.9", 52, 53));
    CHECK(p.verdict == "partial");
    CHECK(p.conditional == flow(proto_udp, "10.1.1.1", "10.9.9.9", 53, 53));
    CHECK(p.denied == flow(proto_udp, "10.1.1.1", "10.9.9.9", 52, 52));
}

TEST_CASE("query: a conditional jump puts its line on the path") {
    ParsedInput in = parse_iptables_save(
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:ADMIN - [0:0]\n"
        "-A FORWARD -i eth1 -j ADMIN\n"                       // 6
        "-A ADMIN -p tcp -m tcp --dport 22 -j ACCEPT\n"        // 7
        "COMMIT\n",
        "c.rules");
    QueryResult r = ask(in, flow(proto_tcp, "10.1.1.1", "10.9.9.9", 22, 22));
    CHECK(r.verdict == "conditional");
    REQUIRE(r.parts.size() == 1);
    CHECK(r.parts[0].line.line == 7);
    CHECK(r.parts[0].depends_on == "it enters on eth1 (otherwise line 3)");
    REQUIRE(r.path.size() == 1);
    CHECK(r.path[0].line == 6);
}
