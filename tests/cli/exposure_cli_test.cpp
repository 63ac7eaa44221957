// `fwlint check` exposure findings (FW203-FW207) as a user sees them, text
// and JSON, on inputs whose lists the reader splits by family.
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "tests/cli/run_fwlint.hpp"

using fwlint_test::fwlint;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("exposure cli: an ASA entry of `any` (IPv4 and IPv6) is reported once per check, for both families") {
    const std::string file = "fixtures/cisco/asa-any-both-families.cfg";
    auto text = fwlint("check " + file);
    INFO(text.out);
    CHECK(text.status == 1);
    // Was twice per check at line 14: "4,294,967,296 addresses (any)" and "2^128 addresses (any)".
    CHECK_FALSE(has(text.out, "2^128"));
    CHECK(has(text.out, ":14:1: warning: wide port range open to any source: tcp ports 1024-65535 (64,512 ports), "
                        "more than 1,000, to any IPv4 and IPv6 address accepted by line 14 in ACL OUTSIDE_IN [FW204]"));
    CHECK(has(text.out, "accepted by line 14 in ACL OUTSIDE_IN from any IPv4 and IPv6 address to any IPv4 and IPv6 "
                        "address; 48,128 ports in 1024-49151 beyond the dynamic range [FW206]"));
    CHECK(has(text.out, "every protocol from any source to any destination (any IPv4 and IPv6 address, 65,536 ports) "
                        "is accepted by line 17 in ACL DMZ_IN [FW203]"));
    // any4: one family, its own count.
    CHECK(has(text.out, "telnet (tcp 23) (1 port) to 4,294,967,296 addresses (any) accepted by line 15"));
    CHECK(has(text.out, "0 errors, 4 warnings, 1 note"));

    auto json = fwlint("check --format json " + file);
    INFO(json.out);
    auto doc = nlohmann::json::parse(json.out);
    std::map<std::pair<std::string, int>, int> per_check_line;
    for (const auto& f : doc["findings"]) {
        ++per_check_line[{f["check"].get<std::string>(), f["line"].get<int>()}];
        CHECK_FALSE(has(f["message"].get<std::string>(), "2^128"));
    }
    CHECK(per_check_line[{"FW204", 14}] == 1);
    CHECK(per_check_line[{"FW205", 14}] == 1);
    CHECK(per_check_line[{"FW206", 14}] == 1);
    CHECK(per_check_line[{"FW205", 15}] == 1);
    CHECK(per_check_line[{"FW203", 17}] == 1);
    CHECK(doc["findings"].size() == 5);
}
