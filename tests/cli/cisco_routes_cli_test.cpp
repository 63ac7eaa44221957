// `fwlint query` and `fwlint check` on Cisco configurations with static
// routes, run as a user would: a source on the internet enters by the
// interface of the default route, and the answer names the route line.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace {

using fwlint_test::fwlint;
using fwlint_test::Run;

bool has(const Run& r, const std::string& s) { return r.out.find(s) != std::string::npos; }

}  // namespace

TEST_CASE("cisco routes cli: query from the internet takes the default route's interface and names the route") {
    Run ok = fwlint("query fixtures/cisco/asa-routes.cfg --from 198.51.100.7 --to 172.16.8.10 --proto tcp --port 443");
    INFO(ok.out);
    CHECK(ok.status == 0);
    CHECK(has(ok, "path: OUTSIDE_IN (in on outside (route line 23))"));
    CHECK(has(ok, "verdict: allowed"));
    CHECK(has(ok, "fixtures/cisco/asa-routes.cfg:17"));
    CHECK_FALSE(has(ok, "path unknown"));

    Run denied = fwlint("query fixtures/cisco/ios-routes.cfg --from 203.0.113.50 --to 172.16.8.10 --proto tcp --port 22");
    INFO(denied.out);
    CHECK(denied.status == 1);
    CHECK(has(denied, "WAN-IN (in on GigabitEthernet0/0 (route line 26))"));
    CHECK(has(denied, "verdict: denied"));
}

TEST_CASE("cisco routes cli: where no route decides, the path stays unknown (a note, never a false missing)") {
    Run r = fwlint("query fixtures/cisco/nxos-routes.cfg --from 192.0.2.7 --to 10.60.0.10 --proto tcp --port 443");
    INFO(r.out);
    CHECK(has(r, "path: unknown"));
    CHECK(has(r, "no interface's connected subnet holds the source 192.0.2.7 and no static route covers it"));
    Run audit = fwlint("check --no-lint --format json --fail-on never fixtures/cisco/nxos-routes.cfg --rules ces "
                       "--role clients=192.0.2.0/24 --role ces=10.60.0.10 --role dc=10.60.0.0/29 --role ca=10.60.0.20");
    INFO(audit.out);
    auto doc = nlohmann::json::parse(audit.out.substr(audit.out.find('{')));
    int path_notes = 0;
    for (const auto& f : doc["findings"]) {
        CHECK(f["check"] != "FW101");
        if (f["check"] == "FW402") ++path_notes;
    }
    CHECK(path_notes > 0);
}
