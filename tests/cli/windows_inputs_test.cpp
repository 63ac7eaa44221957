// `fwlint check` on the Windows registry, netsh script and PowerShell inputs:
// detection from the content, exit codes, the binary .wfw refusal.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

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

namespace {

const char* const cep_roles =
    " --rules cep --host cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5";

}  // namespace

TEST_CASE("check: a separate `show allprofiles` file gives its defaults to the rule listing next to it",
          "[cli][windows]") {
    // The domain profile blocks outbound (cep-allprofiles.txt line 5): Kerberos from the CEP is missing.
    for (const char* inputs : {"fixtures/windows/paired/cep-rules.txt fixtures/windows/paired/cep-allprofiles.txt",
                               "fixtures/windows/paired/cep-allprofiles.txt fixtures/windows/paired/cep-rules.txt",
                               "fixtures/windows/paired"}) {
        INFO(inputs);
        auto r = fwlint(std::string("check ") + inputs + cep_roles);
        CHECK(r.status == 1);
        CHECK(r.out.find("cep-allprofiles.txt:5:1: error: Kerberos: cep -> dc tcp 88 is not allowed: the domain "
                         "profile's default outbound action Block (fixtures/windows/paired/cep-allprofiles.txt:5)") !=
              std::string::npos);
        CHECK(r.out.find("are taken from fixtures/windows/paired/cep-allprofiles.txt") != std::string::npos);
        CHECK(r.out.find("defaults are assumed") == std::string::npos);
        // The profiles file itself is not audited (it has no rules): no "missing" finding per requirement on it.
        CHECK(r.out.find("used for the Windows rules in fixtures/windows/paired/cep-rules.txt") != std::string::npos);
        CHECK(r.out.find("17 checked, 6 satisfied, 0 not on this path") != std::string::npos);
    }
}

TEST_CASE("check: without the profiles file the Windows defaults are assumed and the report says so",
          "[cli][windows]") {
    auto r = fwlint(std::string("check fixtures/windows/paired/cep-rules.txt") + cep_roles);
    CHECK(r.out.find("the Windows defaults are assumed (firewall on, inbound block, outbound allow") !=
          std::string::npos);
    CHECK(r.out.find("Kerberos: cep -> dc tcp 88 is not allowed") == std::string::npos);
    CHECK(r.out.find("default outbound action Allow (assumed)") != std::string::npos);
}

TEST_CASE("check: a profiles file alone is no error: nothing to audit, its settings still linted",
          "[cli][windows]") {
    auto r = fwlint(std::string("check fixtures/windows/paired/cep-allprofiles.txt") + cep_roles);
    CHECK(r.status != 2);
    CHECK(r.out.find("nothing to audit on its own") != std::string::npos);
    CHECK(r.out.find("FW101") == std::string::npos);
    CHECK(r.out.find("the firewall is off in the public profile") != std::string::npos);
    CHECK(r.out.find("0 checked") != std::string::npos);
}

TEST_CASE("check: with several profiles files in one directory each goes with its host's files",
          "[cli][windows]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("fwlint-pairing-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path src = FWLINT_SOURCE_DIR "/fixtures/windows/paired/";
    fs::copy_file(src / "cep-rules.txt", dir / "cep-rules.txt");
    fs::copy_file(src / "cep-allprofiles.txt", dir / "cep-allprofiles.txt");
    // Another host's profiles: everything allowed outbound. Must not be used for cep.
    fs::copy_file(src / "cep-allprofiles.txt", dir / "web01_profiles.txt");
    auto r = fwlint("check " + dir.string() + cep_roles);
    CHECK(r.out.find("Kerberos: cep -> dc tcp 88 is not allowed") != std::string::npos);
    CHECK(r.out.find("are taken from " + (dir / "cep-allprofiles.txt").string()) != std::string::npos);
    CHECK(r.out.find("web01_profiles.txt: note: this file holds only `netsh advfirewall show allprofiles` output "
                     "(profile state and default actions, no rules): nothing to audit") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("check: a plain Get-NetFirewallRule listing's enabled allow is a note that says what cannot be told",
          "[cli][windows]") {
    // The listing has no addresses or ports: whether the rule is open to
    // any source is not in the input (the file's own warning says so).
    auto r = fwlint("check fixtures/windows/get-netfirewallrule.txt");
    INFO(r.out);
    CHECK(r.out.find("get-netfirewallrule.txt:2:1: note: cannot be told from this input: allow any to any: every "
                     "protocol from any source to any destination") != std::string::npos);
    CHECK(r.out.find("if the rule has no address or port filters (not in a Get-NetFirewallRule listing) [FW203]") !=
          std::string::npos);
    CHECK(r.out.find("warning: allow any to any") == std::string::npos);
    CHECK(r.out.find("only if unknown attribute filters") == std::string::npos);
    CHECK(r.out.find("it cannot support port checks") != std::string::npos);  // the file's warning stays
}
