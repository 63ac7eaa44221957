// FW203-FW207 on a Cisco IOS configuration read from text, as issue 5 part 3
// asks of every input family (iptables: tests/analyze/exposure_test.cpp;
// Windows: lint_dialects_test.cpp): each finding says how many addresses and
// ports it opens, and a rule naming ports without a protocol is an error
// naming the line.
#include <string>

#include <catch2/catch.hpp>

#include "checks/lint.hpp"
#include "parse/input.hpp"

using namespace fwlint;

namespace {

const char* edge_router =
    "hostname R1\n"
    "interface GigabitEthernet0/0\n"
    " ip address 198.51.100.1 255.255.255.0\n"
    " ip access-group EDGE in\n"
    "interface GigabitEthernet0/1\n"
    " ip address 10.0.0.1 255.255.255.0\n"
    " ip access-group LAN in\n"
    "!\n"
    "ip access-list extended EDGE\n"
    " permit ip any any eq 80\n"                    // line 10: ports without tcp/udp
    " permit tcp any any range 1024 65535\n"        // line 11: FW204, FW205, FW206
    " permit udp any any eq 161\n"                  // line 12: FW205 (SNMP)
    " permit tcp any host 10.0.0.5 eq 440\n"        // line 13: FW207
    " deny ip any any\n"
    "ip access-list extended LAN\n"
    " permit ip any any\n"                          // line 16: FW203
    "!\n"
    "end\n";

const Finding* find(const std::vector<Finding>& fs, const std::string& check, int line) {
    for (const auto& f : fs)
        if (f.check == check && f.loc.line == line) return &f;
    return nullptr;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Cisco IOS: every exposure lint fires on text with its address and port counts") {
    auto input = parse_input(edge_router, "ios", "edge.cfg");
    REQUIRE(input);
    // A port match on `ip`: the line is named, as the router refuses it.
    bool portless = false;
    for (const auto& d : input->diagnostics)
        if (d.loc.line == 10 && d.severity == Severity::error && has(d.message, "port matches apply only to tcp, udp"))
            portless = true;
    CHECK(portless);

    auto fs = lint_policy(*input);
    const Finding* any = find(fs, "FW203", 16);
    REQUIRE(any);
    CHECK(has(any->message, "every protocol from any source to any destination (4,294,967,296 addresses, 65,536 ports)"));
    CHECK(has(any->message, "in ACL LAN"));

    const Finding* wide = find(fs, "FW204", 11);
    REQUIRE(wide);
    CHECK(has(wide->message, "tcp ports 1024-65535 (64,512 ports)"));
    CHECK(has(wide->message, "to 4,294,967,296 addresses (any)"));

    const Finding* risky = find(fs, "FW205", 11);
    REQUIRE(risky);
    CHECK(has(risky->message, "RDP (tcp 3389)"));
    CHECK(has(risky->message, "(11 ports)"));
    const Finding* snmp = find(fs, "FW205", 12);
    REQUIRE(snmp);
    CHECK(has(snmp->message, "SNMP (udp 161) (1 port) to 4,294,967,296 addresses (any)"));

    const Finding* rpc = find(fs, "FW206", 11);
    REQUIRE(rpc);
    CHECK(has(rpc->message, "from 4,294,967,296 addresses (any) to 4,294,967,296 addresses (any)"));
    CHECK(has(rpc->message, "48,128 ports in 1024-49151 beyond the dynamic range"));

    const Finding* kerberos = find(fs, "FW207", 13);
    REQUIRE(kerberos);
    CHECK(has(kerberos->message, "tcp 440 accepted by line 13 in ACL EDGE from 4,294,967,296 addresses (any) to 1 address (10.0.0.5)"));
    // The rule for one host and port 440 opens no wide range nor a risky service.
    CHECK_FALSE(find(fs, "FW204", 13));
    CHECK_FALSE(find(fs, "FW205", 13));
}

TEST_CASE("NX-OS: an entry for one DSCP class of everything does not hide a later telnet entry") {
    const char* nxos =
        "hostname N1\n"
        "ip access-list EDGE\n"
        "  70 permit ip any any dscp af11\n"         // line 3: FW203, only if dscp af11
        "  120 permit tcp any any eq telnet\n"       // line 4: FW205 when the DSCP is another
        "interface Ethernet1/1\n"
        "  ip access-group EDGE in\n";
    auto input = parse_input(nxos, "nxos", "edge.cfg");
    REQUIRE(input);
    auto fs = lint_policy(*input);
    const Finding* any = find(fs, "FW203", 3);
    REQUIRE(any);
    CHECK(has(any->message, "only if dscp af11 (line 3) holds"));
    const Finding* telnet = find(fs, "FW205", 4);
    REQUIRE(telnet);  // was missing
    CHECK(has(telnet->message, "telnet (tcp 23) (1 port) to 4,294,967,296 addresses (any) accepted by line 4 in ACL EDGE"));
    CHECK_FALSE(has(telnet->message, "only if"));
}
