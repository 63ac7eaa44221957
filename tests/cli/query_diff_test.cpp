// Runs `fwlint query` and `fwlint diff` as a user would: output and exit codes.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace {

using fwlint_test::fwlint;
using fwlint_test::Run;

bool has(const Run& r, const std::string& s) { return r.out.find(s) != std::string::npos; }

const std::string old_rules = "fixtures/iptables/review-old.rules";
const std::string new_rules = "fixtures/iptables/review-new.rules";

}  // namespace

TEST_CASE("query: an allowed flow exits 0 and names the line and the jump") {
    Run r = fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto tcp --port 8443");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r, "verdict: allowed"));
    CHECK(has(r, "by fixtures/iptables/review-new.rules:21: -A SERVERS"));
    CHECK(has(r, "path (jumps taken):"));
    CHECK(has(r, "fixtures/iptables/review-new.rules:17: -A FORWARD -d 10.0.1.0/24 -j SERVERS"));
}

TEST_CASE("query: a denied flow exits 1 and names the policy; a range is split by line") {
    Run d = fwlint("query " + new_rules + " --from 10.20.5.7 --to 10.0.1.30 --port 22");
    INFO(d.out);
    CHECK(d.status == 1);
    CHECK(has(d, "verdict: denied"));
    CHECK(has(d, "review-new.rules:7: the FORWARD policy (:FORWARD DROP)"));

    Run p = fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 440-450");
    INFO(p.out);
    CHECK(p.status == 1);
    CHECK(has(p, "verdict: partly allowed"));
    CHECK(has(p, "allowed: tcp 10.20.1.5 -> 10.0.1.30 ports 443"));
    CHECK(has(p, "denied: tcp 10.20.1.5 -> 10.0.1.30 ports 440-442,444-450"));

    Run c = fwlint("query " + new_rules + " --chain INPUT --from 10.20.5.7 --to 10.20.0.1 --port 22");
    INFO(c.out);
    CHECK(c.status == 1);
    CHECK(has(c, "allowed only if a condition holds"));
    CHECK(has(c, "in-interface eth1 (line 13)"));
}

TEST_CASE("query --format json follows the contract") {
    Run r = fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 440-450 --format json");
    INFO(r.out);
    CHECK(r.status == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["query"]["chain"] == "FORWARD");
    CHECK(doc["verdict"] == "partial");
    REQUIRE(doc["parts"].size() == 2);
    CHECK(doc["parts"][0]["verdict"] == "allowed");
    CHECK(doc["parts"][0]["line"] == 20);
    CHECK(doc["parts"][0]["chain"] == "SERVERS");
    CHECK(doc["parts"][0]["packets"] == "tcp 10.20.1.5 -> 10.0.1.30 ports 443");
    CHECK(doc["parts"][1]["verdict"] == "denied");
    CHECK(doc["parts"][1]["line"] == 7);
    REQUIRE(doc["path"].size() == 1);
    CHECK(doc["path"][0]["line"] == 17);
    CHECK(doc["path"][0]["text"] == "-A FORWARD -d 10.0.1.0/24 -j SERVERS");
}

TEST_CASE("query: usage and input errors exit 2") {
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.300 --to 10.0.1.30").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 2001:db8::1 --to 10.0.1.30").status == 2);  // wrong family
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --chain NOPE").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --chain SERVERS").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 70000").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto bogus").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto icmp --port 22").status == 2);
    CHECK(fwlint("query fixtures/iptables/no-such.rules --from 10.20.1.5 --to 10.0.1.30").status == 2);
    CHECK(fwlint("query " + new_rules + " --to 10.0.1.30").status == 2);  // --from is required
}

TEST_CASE("diff: the reviewed change is reported line by line and exits 1") {
    Run r = fwlint("diff " + old_rules + " " + new_rules);
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r, "FORWARD: newly allowed: tcp 10.20.0.0/16 -> 10.0.1.30 ports 8443"));
    CHECK(has(r, "accepted by fixtures/iptables/review-new.rules:21:"));
    CHECK(has(r, "FORWARD: newly denied: tcp 10.20.5.0/24 -> 10.0.1.0/24 ports 22"));
    CHECK(has(r, "was accepted by fixtures/iptables/review-old.rules:16:"));
    CHECK(has(r, "INPUT: newly denied (depends on a condition): tcp 10.20.5.0/24 -> any ports 22"));
    CHECK(has(r, "1 newly allowed, 2 newly denied"));
    // The renamed, reordered DC chain changes nothing: not mentioned.
    CHECK_FALSE(has(r, "TO-DCS"));
    CHECK_FALSE(has(r, "OUTPUT:"));
}

TEST_CASE("diff: no change exits 0; only newly denied exits 0") {
    Run same = fwlint("diff " + old_rules + " " + old_rules);
    INFO(same.out);
    CHECK(same.status == 0);
    CHECK(has(same, "no change in what is allowed"));

    Run input_only = fwlint("diff --chain INPUT " + old_rules + " " + new_rules);
    INFO(input_only.out);
    CHECK(input_only.status == 0);  // only newly denied
    CHECK(has(input_only, "newly denied"));
    CHECK_FALSE(has(input_only, "FORWARD"));
}

TEST_CASE("diff --format json and errors") {
    Run r = fwlint("diff --format json " + old_rules + " " + new_rules);
    INFO(r.out);
    CHECK(r.status == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["verdict"] == "changed");
    CHECK(doc["newly_allowed"] == 1);
    CHECK(doc["newly_denied"] == 2);
    bool saw = false;
    for (const auto& c : doc["changes"])
        if (c["change"] == "newly allowed") {
            saw = true;
            CHECK(c["chain"] == "FORWARD");
            CHECK(c["packets"] == "tcp 10.20.0.0/16 -> 10.0.1.30 ports 8443");
            CHECK(c["now"][0]["line"] == 21);
            CHECK(c["before"][0]["policy"] == true);
        }
    CHECK(saw);
    Run a = fwlint("diff --format json " + old_rules + " " + new_rules);
    CHECK(a.out == r.out);  // deterministic

    CHECK(fwlint("diff fixtures/iptables/host6.rules " + old_rules).status == 2);  // IPv6 vs IPv4
    CHECK(fwlint("diff " + old_rules + " fixtures/iptables/no-such.rules").status == 2);
    CHECK(fwlint("diff --chain NOPE " + old_rules + " " + new_rules).status == 2);
    CHECK(fwlint("diff " + old_rules).status == 2);
}
