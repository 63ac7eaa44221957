// Text output is one finding per line even when a rule's name, read from a
// PowerShell CSV export, holds a line break (a quoted cell over two lines).
#include <catch2/catch.hpp>

#include <sstream>

#include "run_fwlint.hpp"

using fwlint_test::fwlint;

TEST_CASE("check --format text: a rule name with a line break stays on its finding's line") {
    auto r = fwlint("check fixtures/windows/cep01-export.csv");
    CHECK(r.status == 1);
    std::istringstream lines(r.out);
    std::string line;
    int findings = 0;
    while (std::getline(lines, line)) {
        const bool finding = line.rfind("fixtures/windows/cep01-export.csv", 0) == 0;
        const bool known = finding || line.rfind("    fix: ", 0) == 0 || line.rfind("note: ", 0) == 0 ||
                           line.find(" errors, ") != std::string::npos;
        CHECK(known);
        if (!known) UNSCOPED_INFO("line: " << line);
        findings += finding;
    }
    CHECK(findings == 6);
    // The name of line 6 ("RDP ""jump"" hosts" + CRLF + "(ops)") holds double quotes, which
    // netsh's name= cannot carry: no netsh line (it was name="RDP "jump" hosts..."), a comment
    // and the PowerShell line by the rule's ID.
    CHECK(r.out.find("fix: # no netsh line: the rule's name holds a double quote") != std::string::npos);
    CHECK(r.out.find("name=\"RDP") == std::string::npos);
    CHECK(r.out.find("fix: Remove-NetFirewallRule -Name \"{3F1D0E5A-7C2B-4B19-A0D4-5E8C2A7F9B65}\"") != std::string::npos);
    CHECK(r.out.find("'Wide open temp'") != std::string::npos);
    // One rule covers it: "line 9 already allows" (was "allow").
    CHECK(r.out.find("line 9 already allows all of its traffic [FW202]") != std::string::npos);
}
