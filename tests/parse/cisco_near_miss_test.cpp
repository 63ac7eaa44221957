// Misspelt ACL commands (parse/cisco_near_miss.hpp): the reader skips
// unknown top-level commands on purpose, but a slip of an ACL keyword is a
// warning naming the line; real commands (ACL ones and others) stay quiet,
// and so does every configuration of the shared corpus.
#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "parse/cisco_near_miss.hpp"
#include "parse/input.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

constexpr std::string_view marker = "looks like a misspelt";

int near_misses(const ParsedInput& p) {
    return int(std::count_if(p.diagnostics.begin(), p.diagnostics.end(), [](const Diagnostic& d) {
        return d.message.find(marker) != std::string::npos;
    }));
}

}  // namespace

TEST_CASE("keyword distance: edits, swaps of neighbours, case", "[cisco][near-miss]") {
    CHECK(cisco::keyword_distance("access-list", "access-list") == 0);
    CHECK(cisco::keyword_distance("ACCESS-LIST", "access-list") == 0);
    CHECK(cisco::keyword_distance("acess-list", "access-list") == 1);
    CHECK(cisco::keyword_distance("access-lsit", "access-list") == 1);  // a swap is one edit
    CHECK(cisco::keyword_distance("access_list", "access-list") == 1);
    CHECK(cisco::keyword_distance("acces-lists", "access-list") == 2);
    CHECK(cisco::keyword_distance("access-class", "access-list") == 3);
    CHECK(cisco::keyword_distance("", "ip") == 2);
}

TEST_CASE("cisco IOS: a misspelt access-list or ip access-list is a warning naming the line", "[cisco][near-miss]") {
    auto p = parse("hostname R1\n"
                   "acess-list 101 permit tcp any any eq 22\n"
                   "access-lsit 101 permit tcp any any eq 23\n"
                   "access list 101 permit tcp any any eq 25\n"
                   "ip acess-list extended WEB\n"
                   " permit tcp any any eq 80\n"
                   "ip access list extended MAIL\n"
                   "ipv4 access-list XR\n"
                   "ip access-list extended OK\n"
                   " permit tcp any any eq 443\n"
                   "access-list 102 permit tcp any any eq 8080\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    CHECK(has_diagnostic(p, 2, "'acess-list' looks like a misspelt 'access-list': the line is not read"));
    CHECK(has_diagnostic(p, 3, "'access-lsit' looks like a misspelt 'access-list'"));
    CHECK(has_diagnostic(p, 4, "'access list' looks like a misspelt 'access-list'"));
    CHECK(has_diagnostic(p, 5, "'ip acess-list' looks like a misspelt 'ip access-list': the line is not read (the "
                               "entries under it belong to no access list)"));
    CHECK(has_diagnostic(p, 6, "permit/deny entry outside an access list"));  // its entry: an error of its own
    CHECK(has_diagnostic(p, 7, "'ip access list' looks like a misspelt 'ip access-list'"));
    CHECK(has_diagnostic(p, 8, "'ipv4 access-list' looks like a misspelt 'ip access-list' or 'ipv6 access-list'"));
    CHECK(near_misses(p) == 6);
    for (const auto& d : p.diagnostics)
        if (d.message.find(marker) != std::string::npos) CHECK(d.severity == Severity::warning);
    // The correctly spelt lists are read as before.
    CHECK(rules(p, "OK").size() == 1);
    CHECK(rules(p, "102").size() == 1);
    CHECK(acl(p, "101") == nullptr);
    CHECK(acl(p, "WEB") == nullptr);
}

TEST_CASE("cisco: misspelt bindings under an interface or a line are warnings", "[cisco][near-miss]") {
    auto p = parse("interface GigabitEthernet0/0\n"
                   " ip address 10.0.0.1 255.255.255.0\n"
                   " ip acess-group WEB in\n"
                   " ipv6 trafic-filter WEB6 in\n"
                   " ip access-group WEB out\n"
                   " ip verify unicast source reachable-via rx\n"
                   "line vty 0 4\n"
                   " acces-class 10 in\n"
                   " access-class 10 in\n"
                   " transport input ssh\n"
                   "ip access-list extended WEB\n"
                   " permit tcp any any eq 80\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    CHECK(has_diagnostic(p, 3, "'ip acess-group' looks like a misspelt 'ip access-group': the line is not read (the "
                               "access list it names is not bound here)"));
    CHECK(has_diagnostic(p, 4, "'ipv6 trafic-filter' looks like a misspelt 'ipv6 traffic-filter'"));
    CHECK(has_diagnostic(p, 8, "'acces-class' looks like a misspelt 'access-class'"));
    CHECK(near_misses(p) == 3);
    REQUIRE(p.interfaces.size() == 1);
    REQUIRE(p.interfaces[0].bindings.size() == 1);  // only the correct one
    CHECK(p.interfaces[0].bindings[0].direction == BindDirection::out);
    CHECK(p.line_acls.size() == 1);
}

TEST_CASE("cisco NX-OS and ASA: misspelt list and binding commands", "[cisco][near-miss]") {
    auto nx = parse("ip acces-list WEB\n"
                    "  10 permit tcp any any eq 80\n"
                    "interface Ethernet1/1\n"
                    "  ip port acess-group WEB in\n"
                    "  ip port access-group WEB in\n"
                    "hardware access-list tcam region racl 512\n",
                    Dialect::nxos);
    INFO(diagnostics_text(nx));
    CHECK(has_diagnostic(nx, 1, "'ip acces-list' looks like a misspelt 'ip access-list'"));
    CHECK(has_diagnostic(nx, 4, "'ip port acess-group' looks like a misspelt 'ip port access-group'"));
    CHECK(near_misses(nx) == 2);  // "hardware access-list" is a real NX-OS command

    auto asa = parse("access-list OUTSIDE_IN extended permit tcp any any eq 443\n"
                     "acces-list OUTSIDE_IN extended permit tcp any any eq 80\n"
                     "acess-group OUTSIDE_IN in interface outside\n"
                     "access-group OUTSIDE_IN in interface outside\n",
                     Dialect::asa);
    INFO(diagnostics_text(asa));
    CHECK(has_diagnostic(asa, 2, "'acces-list' looks like a misspelt 'access-list'"));
    CHECK(has_diagnostic(asa, 3, "'acess-group' looks like a misspelt 'access-group'"));
    CHECK(near_misses(asa) == 2);
    CHECK(rules(asa, "OUTSIDE_IN").size() == 1);
}

TEST_CASE("cisco: ordinary configuration near the ACL words stays quiet", "[cisco][near-miss]") {
    auto p = parse("hostname R1\n"
                   "access-session mac-move deny\n"
                   "vlan access-map BLOCK 10\n"
                   " match ip address WEB\n"
                   "ip accounting-threshold 512\n"
                   "ip access-list log-update threshold 10\n"
                   "ipv6 access-list V6\n"
                   " permit tcp any any eq 22\n"
                   "mac access-list extended M\n"
                   " permit any any\n"
                   "interface Vlan1\n"
                   " ip address 10.0.0.1 255.255.255.0\n"
                   " ip access-group 101 in\n"
                   " ip accounting access-violations\n"
                   " ip verify unicast source reachable-via rx\n"
                   " service-policy input QOS\n"
                   "line con 0\n"
                   " access-class 10 in\n"
                   " ipv6 access-class V6 in\n"
                   " exec-timeout 5 0\n"
                   "access-list 101 permit tcp any any eq 22\n"
                   "access-list 10 permit 10.0.0.0 0.0.0.255\n",
                   Dialect::ios);
    INFO(diagnostics_text(p));
    CHECK(near_misses(p) == 0);
}

TEST_CASE("cisco: no corpus configuration gets a misspelt-command warning", "[cisco][near-miss][corpus]") {
    int files = for_each_corpus_config([](const ParsedInput& p, const std::string&) {
        INFO(diagnostics_text(p));
        CHECK(near_misses(p) == 0);
    });
    if (files < 0) return;
    CHECK(files > 0);
}
