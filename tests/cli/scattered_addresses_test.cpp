// A three-line IOS list with a non-contiguous wildcard (legal IOS) is checked
// in about a second: its FW204/FW205 fix lines used to enumerate every
// scattered source and destination and never ended.
#include <catch2/catch.hpp>

#include <chrono>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

TEST_CASE("check: an IOS list with non-contiguous wildcards finishes and reports the wide range") {
    const auto start = std::chrono::steady_clock::now();
    auto r = fwlint("check fixtures/cisco/ios-noncontiguous.cfg");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 20.0);  // about 0.3 s of CPU; it ran for more than ten minutes before
    CHECK(r.status == 1);
    CHECK(r.out.find("ios-noncontiguous.cfg:5:2: warning: wide port range open to any source: tcp ports 1024-65535") !=
          std::string::npos);
    CHECK(r.out.find("[FW205]") != std::string::npos);
}
