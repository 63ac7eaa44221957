// Where Cisco takes a netmask (ASA entries, object-groups), a mask whose one
// bits do not come first is an error naming it: an IOS wildcard there (an
// IOS config read with --input-format asa) was read as millions of scattered
// addresses, silently.
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

TEST_CASE("cisco asa: a non-contiguous netmask is an error naming the mask", "[cisco]") {
    auto p = parse("object-group network G\n"
                   " network-object 10.0.0.0 0.255.255.255\n"
                   " network-object 10.1.0.0 255.255.0.0\n"
                   "access-list T extended permit ip 10.60.0.0 0.0.255.255 any\n"
                   "access-list T extended permit ip 10.61.0.0 255.0.255.0 any\n"
                   "access-list T extended permit tcp 10.62.0.0 255.255.0.0 object-group G eq 22\n"
                   "access-group T in interface inside\n",
                   Dialect::asa);
    check_diagnostics(p, {{2, "'0.255.255.255' is not a netmask (its one bits must come first, as in "
                              "255.255.255.0); it reads like an IOS wildcard mask"},
                          {4, "'0.0.255.255' is not a netmask"},
                          {5, "'255.0.255.0' is not a netmask (its one bits must come first, as in 255.255.255.0)"}});
    for (const auto& d : p.diagnostics)
        if (d.loc.line == 5) CHECK(d.message.find("IOS wildcard") == std::string::npos);
    // The valid entry stays, with the group's valid member.
    CHECK(decide(p, "T", proto_tcp, "10.62.3.4", "10.1.2.3", 22).permitted);
    CHECK_FALSE(decide(p, "T", proto_tcp, "10.60.0.0", "192.0.2.1", 22).permitted);
}

TEST_CASE("cisco ios: wildcards stay wildcards, non-contiguous ones included", "[cisco]") {
    auto p = parse("ip access-list extended W\n"
                   " permit tcp 10.0.0.0 0.255.0.255 any eq 22\n",
                   Dialect::ios);
    CHECK(p.diagnostics.empty());
    CHECK(decide(p, "W", proto_tcp, "10.9.0.7", "192.0.2.1", 22).permitted);
    CHECK_FALSE(decide(p, "W", proto_tcp, "10.9.1.7", "192.0.2.1", 22).permitted);
}
