// Telling IOS, ASA and NX-OS apart by content (parse/cisco_detect.cpp) on
// shapes the counts alone got wrong: an IOS config whose lists look like
// NX-OS ones, an NX-OS list with only a RANCID header to say so, and files
// that hold nothing but a misspelt ACL command.
#include <catch2/catch.hpp>

#include "parse/input.hpp"
#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;

TEST_CASE("cisco detect: an IOS keyword decides over NX-OS-looking lists", "[cisco][detect]") {
    // Named lists without a type, CIDR prefixes, leading sequence numbers and two
    // ASA-style lines: more NX-OS and ASA markers than IOS ones, but only IOS
    // says `ip access-list extended`.
    CHECK(detect_format(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/detect-ios-named-lists.cfg")) == "ios");
    // The same lists under an NX-OS `feature` line: both platforms are sure, the counts decide.
    std::string text = "feature interface-vlan\n" + read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/detect-ios-named-lists.cfg");
    CHECK(detect_format(text) == "nxos");
}

TEST_CASE("cisco detect: a RANCID content-type header names the platform", "[cisco][detect]") {
    CHECK(detect_format(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/detect-nxos-rancid.cfg")) == "nxos");
    CHECK(detect_format("!RANCID-CONTENT-TYPE: cisco\n!\nhostname r1\nip access-list PROTECT\n 10 permit ip 10.0.0.0/8 any\n") ==
          "ios");
}

TEST_CASE("cisco detect: a file of nothing but a misspelt ACL command is Cisco, and the line is reported",
          "[cisco][detect]") {
    CHECK(detect_format("acess-list 101 permit tcp any any eq 22\n") == "ios");
    CHECK(detect_format("access-lsit OUTSIDE extended permit tcp any any eq 22\n") == "asa");
    CHECK(detect_format("ip acess-list extended WEB\n permit tcp any any eq 443\n") == "ios");
    // Words near "access-list" without an entry or a list header are not Cisco.
    CHECK(detect_format("acess lists are documented elsewhere\n") == "");
    const std::string typo = "acess-list 101 permit tcp any any eq 22\n";
    auto p = parse_input(typo, detect_format(typo), "only-typo.cfg");
    REQUIRE(p);
    CHECK(p->format == "cisco-ios");
    check_diagnostics(*p, {{1, "'acess-list' looks like a misspelt 'access-list'"}});
}

TEST_CASE("cisco detect: the near-miss warning shows a control byte in the word", "[cisco][detect][robust]") {
    auto p = parse("access-list\x7f 101 permit tcp any any eq 22\nacc\x01""ess-list 101 permit ip any any\n", cisco::Dialect::ios);
    check_diagnostics(p, {{1, "'access-list\\x7f' looks like a misspelt 'access-list'"},
                          {2, "'acc\\x01ess-list' looks like a misspelt 'access-list'"}});
}
