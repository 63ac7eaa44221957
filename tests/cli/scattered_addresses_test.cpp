// A three-line IOS list with a non-contiguous wildcard (legal IOS) is checked
// in about a second: its FW204/FW205 fix lines used to enumerate every
// scattered source and destination and never ended.
#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

TEST_CASE("check: an IOS list with non-contiguous wildcards finishes and reports the wide range") {
    auto r = fwlint("check fixtures/cisco/ios-noncontiguous.cfg");
    CHECK(r.status == 1);
    CHECK(r.out.find("ios-noncontiguous.cfg:5:2: warning: wide port range open to any source: tcp ports 1024-65535") !=
          std::string::npos);
    CHECK(r.out.find("[FW205]") != std::string::npos);
}
