// `fwlint check` on the Windows registry, netsh script and PowerShell inputs:
// detection from the content, exit codes, the binary .wfw refusal.
#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

TEST_CASE("check detects each Windows input format from its content", "[cli][windows]") {
    struct Case { const char* file; const char* format; };
    for (const Case c : {Case{"fixtures/windows/cep-server.reg", "(reg, 9 rules)"},
                         Case{"fixtures/windows/reg-query.txt", "(reg-query, 2 rules)"},
                         Case{"fixtures/windows/cep-firewall.cmd", "(netsh-script, 14 rules)"},
                         Case{"fixtures/windows/sql-context.netsh", "(netsh-script, 1 rule)"},
                         Case{"fixtures/windows/cep-server.ps1", "(powershell, 12 rules)"},
                         Case{"fixtures/windows/rules-export.csv", "(powershell-csv, 5 rules)"},
                         Case{"fixtures/windows/rules-export.json", "(powershell-json, 3 rules)"}}) {
        INFO(c.file);
        auto r = fwlint(std::string("check --fail-on never ") + c.file);
        CHECK(r.status == 0);
        CHECK(r.out.find(c.format) != std::string::npos);
    }
}

TEST_CASE("check: syntax errors in a Windows input are findings (exit 1), the rest is read", "[cli][windows]") {
    auto r = fwlint("check fixtures/windows/registry-edge-cases.reg");
    CHECK(r.status == 1);
    CHECK(r.out.find("registry-edge-cases.reg:11:19: error: the rule string has no valid Action") != std::string::npos);
    CHECK(r.out.find("(reg, 8 rules)") != std::string::npos);
}

TEST_CASE("check refuses a binary .wfw policy export with exit 2 and says what to do", "[cli][windows]") {
    auto r = fwlint("check fixtures/windows/policy-export.wfw");
    CHECK(r.status == 2);
    CHECK(r.out.find("binary policy export not supported") != std::string::npos);
    CHECK(r.out.find("reg export") != std::string::npos);
}

TEST_CASE("check --input-format forces a Windows reader", "[cli][windows]") {
    auto r = fwlint("check --fail-on never --input-format netsh-script fixtures/windows/sql-context.netsh");
    CHECK(r.status == 0);
    CHECK(fwlint("check --input-format powershell-csv fixtures/windows/rules-export.csv --fail-on never").status == 0);
}
