// query and diff print the reader's diagnostics on stderr as check does: a
// diagnostic about the whole file names the file alone (there was a
// "file:0:1:" before, a line that does not exist).
#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

TEST_CASE("query and diff: a diagnostic about the whole file is printed without a line number") {
    // netsh show output saved by Windows PowerShell 5.1 (UTF-16LE, CRLF), without the allprofiles section.
    auto q = fwlint("query fixtures/windows/cep01-show-utf16.txt --from 10.60.3.4 --to 10.1.5.20 --port 443");
    CHECK(q.status == 0);
    CHECK(q.out.find("fixtures/windows/cep01-show-utf16.txt: note: the per-profile defaults are not in this input") !=
          std::string::npos);
    CHECK(q.out.find(":0:") == std::string::npos);
    CHECK(q.out.find("by fixtures/windows/cep01-show-utf16.txt:2: allow rule 'World Wide Web Services (HTTPS "
                     "Traffic-In)'") != std::string::npos);

    auto d = fwlint("diff fixtures/windows/cep01-show-utf16.txt fixtures/windows/cep01-show-utf16.txt");
    CHECK(d.status == 0);
    CHECK(d.out.find("fixtures/windows/cep01-show-utf16.txt: note: the per-profile defaults") != std::string::npos);
    CHECK(d.out.find(":0:") == std::string::npos);
}

TEST_CASE("diff: the reader's diagnostics are printed in line order") {
    auto d = fwlint("diff fixtures/windows/cep01-show-utf16.txt fixtures/windows/cep01-policy.reg");
    const auto at = [&](const std::string& part) { return d.out.find(part); };
    const std::string reg = "fixtures/windows/cep01-policy.reg:";
    REQUIRE(at(reg + "16:1: note: the firewall is off in the public profile") != std::string::npos);
    REQUIRE(at(reg + "31:1: note: 1 value under") != std::string::npos);
    REQUIRE(at(reg + "41:14: error") != std::string::npos);
    CHECK(at(reg + "16:1:") < at(reg + "25:290:"));
    CHECK(at(reg + "28:130:") < at(reg + "31:1:"));
    CHECK(at(reg + "31:1:") < at(reg + "41:14:"));
}
