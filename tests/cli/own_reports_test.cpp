// `fwlint check DIR` after a report was written into DIR (`-o DIR/report.html`
// in CI): the report quotes netsh fix lines, so each of fwlint's own report
// formats was read as a netsh script, every quoted fix an FW001 error, and
// the run failed (exit 1) on a clean configuration.
#include <string>

#include <catch2/catch.hpp>

#include "parse/input.hpp"
#include "parse/netsh_script.hpp"
#include "tests/cli/run_fwlint.hpp"

using namespace fwlint_test;

TEST_CASE("check DIR skips fwlint's own reports written into it, in every format", "[cli][walk]") {
    TempDir dir;
    dir.copy("fixtures/windows/cep-server.reg", "ces01/policy.reg");
    const std::string audit = "--rules ces --role clients=10.60.0.0/16 --role ces=10.1.5.20 --host ces ";
    for (const char* format : {"json", "sarif", "junit", "html", "markdown"}) {
        INFO(format);
        Run r = fwlint_in(dir.path.string(), "check " + audit + "--format " + format + " -o ces01/report." + format +
                                                 " ces01/policy.reg");
        REQUIRE(r.status <= 1);
        std::string report = read_file(dir.path / "ces01" / (std::string("report.") + format));
        REQUIRE(report.find("netsh advfirewall") != std::string::npos);  // the report quotes netsh fixes
        CHECK(fwlint::detect_format(report).empty());
    }
    Run text = fwlint_in(dir.path.string(), "check " + audit + "ces01/policy.reg");
    REQUIRE(text.out.find("fix: netsh advfirewall") != std::string::npos);
    dir.write("ces01/report.txt", text.out);
    CHECK_FALSE(fwlint::looks_like_netsh_script(text.out));
    CHECK(fwlint::detect_format(text.out).empty());

    Run all = fwlint_in(dir.path.string(), "check --fail-on error ces01");
    INFO(all.out);
    CHECK(all.status == 0);
    CHECK(all.out.find("FW001") == std::string::npos);
    CHECK(all.out.find("note: skipped 6 files that are empty or of no detected format") != std::string::npos);
    CHECK(all.out.find("in ces01/policy.reg (reg,") != std::string::npos);
}

TEST_CASE("a netsh script is still one: commands, quoted paths, after && and in a PowerShell file", "[cli][walk]") {
    CHECK(fwlint::looks_like_netsh_script("@echo off\r\nnetsh advfirewall firewall add rule name=x dir=in action=allow\r\n"));
    CHECK(fwlint::looks_like_netsh_script("\"C:\\Windows\\System32\\netsh.exe\" advfirewall firewall delete rule name=x\n"));
    CHECK(fwlint::looks_like_netsh_script("ver >nul && netsh firewall set opmode enable\n"));
    CHECK(fwlint::looks_like_netsh_script("# applied by GPO startup script\nnetsh advfirewall set allprofiles state on\n"));
    CHECK(fwlint::looks_like_netsh_script("pushd advfirewall firewall\nadd rule name=x dir=in action=allow\npopd\n"));
    CHECK_FALSE(fwlint::looks_like_netsh_script("| warning | FW205 | `netsh advfirewall firewall set rule name=x` |\n"));
}
