// Inline "fwlint: ignore" comments and --baseline, from the command line.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace fs = std::filesystem;
using fwlint_test::read_file;
using fwlint_test::Run;
using fwlint_test::TempDir;

namespace {

Run run(const std::string& args) { return fwlint_test::fwlint(args); }

const std::string fixture = "fixtures/iptables/suppressions.rules";

bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

// `check --show-suppressed` on a Cisco fixture, and what it says of its lines.
struct Shown {
    std::string file;  // fixtures/cisco/NAME
    Run r = run("check --show-suppressed " + file);

    bool says(int line, int column, const std::string& what) const {
        return has(r.out, fmt::format("{}:{}:{}: {}", file, line, column, what));
    }
    // The risky-service warning on LINE, reported.
    bool warns(int line, int column, const std::string& service) const {
        return says(line, column, "warning: risky service open to any source: " + service);
    }
    // ... or silenced by the comment on BY, whose reason starts with REASON.
    bool silenced(int line, int column, const std::string& service, int by, int by_column,
                  const std::string& reason) const {
        return says(line, column, "suppressed warning: risky service open to any source: " + service) &&
               has(r.out, fmt::format("    by: {}:{}:{}: fwlint: ignore: {}", file, by, by_column, reason));
    }
    // The FW009 of a remark with no entry of its list after it.
    bool no_entry_after(int line, int column) const {
        return says(line, column,
                    "warning: 'fwlint: ignore FW205': no entry of its access list follows this comment [FW009]");
    }
    bool counts_suppressed(int n) const { return has(r.out, fmt::format("({} suppressed) in {}", n, file)); }
};

}  // namespace

TEST_CASE("an ignore comment silences its check on the next rule and is listed as suppressed", "[suppress]") {
    Run r = run("check " + fixture);
    INFO(r.out);
    CHECK(r.status == 1);  // the SNMP rule (line 22) is not silenced, and the FW009 warnings count
    CHECK_FALSE(has(r.out, "suppressions.rules:12:1: warning"));  // FW201, silenced
    CHECK_FALSE(has(r.out, "suppressions.rules:14:1: warning"));  // FW205 on 445, silenced
    CHECK_FALSE(has(r.out, "[FW207]"));                            // case-insensitive comment
    CHECK(has(r.out, "suppressions.rules:22:1: warning: risky service open to any source: SNMP"));
    CHECK(has(r.out, "(3 suppressed: --show-suppressed lists them)"));

    Run shown = run("check --show-suppressed " + fixture);
    CHECK(has(shown.out, "suppressions.rules:12:1: suppressed warning: redundant: never reached"));
    CHECK(has(shown.out, "    by: fixtures/iptables/suppressions.rules:11:1: fwlint: ignore: the jump host's rule "
                         "stays until ticket OPS-1422 moves it"));
    CHECK(has(shown.out, "    by: fixtures/iptables/suppressions.rules:15:1: fwlint: ignore (no reason given)"));
    CHECK(has(shown.out, "(3 suppressed) in"));
}

TEST_CASE("ignore comments that name no check, silence nothing or cannot be read are FW009 warnings", "[suppress]") {
    Run r = run("check " + fixture);
    CHECK(has(r.out, "suppressions.rules:13:1: warning: 'fwlint: ignore FW204' suppresses nothing: no FW204 finding "
                     "on line 14, the next rule [FW009]"));
    CHECK(has(r.out, "suppressions.rules:17:1: warning: 'fwlint: ignore FW210': FW210 is not a check id"));
    CHECK(has(r.out, "suppressions.rules:19:1: warning: 'fwlint: ignore FW205' suppresses nothing"));
    CHECK(has(r.out, "suppressions.rules:21:1: warning: expected 'fwlint: ignore CHECK-ID reason'"));
    // With the lints off, an ignore for a lint is not stale: only the unknown id and the typo remain.
    Run audit_only = run("check --no-lint " + fixture);
    CHECK_FALSE(has(audit_only.out, "suppresses nothing"));
    CHECK(has(audit_only.out, "FW210 is not a check id"));
    CHECK(has(audit_only.out, "0 errors, 2 warnings"));
    CHECK(run("explain FW009").status == 0);
}

TEST_CASE("JSON lists suppressed findings with who silenced them and why", "[suppress]") {
    Run r = run("check --format json " + fixture);
    auto doc = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    REQUIRE(doc["suppressed"].is_array());
    REQUIRE(doc["suppressed"].size() == 3);
    const auto& first = doc["suppressed"][0];
    CHECK(first["check"] == "FW201");
    CHECK(first["line"] == 12);
    CHECK(first["suppressed_by"] == "comment");
    CHECK(first["reason"] == "the jump host's rule stays until ticket OPS-1422 moves it");
    CHECK(first["suppression"]["line"] == 11);
    for (const auto& f : doc["findings"]) CHECK(f["line"] != 12);
}

TEST_CASE("a baseline records the findings and later runs report only new ones, across line moves", "[baseline]") {
    TempDir d;
    fs::path config = d.path / "gw.rules";
    fs::copy_file(fs::path(FWLINT_SOURCE_DIR) / "fixtures/iptables/wide-open.rules", config);
    std::string baseline = (d.path / "baseline.json").string();
    std::string cfg = config.string();

    Run first = run("check " + cfg);
    REQUIRE(first.status == 1);
    Run write = run("check --write-baseline " + baseline + " " + cfg);
    INFO(write.out);
    CHECK(write.status == 0);
    CHECK(has(write.out, "fwlint: recorded"));
    auto doc = nlohmann::json::parse(read_file(baseline));
    CHECK(doc["fwlint_baseline"] == 1);
    REQUIRE(doc["findings"].size() > 0);
    CHECK(doc["findings"][0]["fingerprint"].get<std::string>().size() == 16);

    Run same = run("check --baseline " + baseline + " " + cfg);
    CHECK(same.status == 0);
    CHECK(has(same.out, "0 errors, 0 warnings, 0 notes ("));

    // Lines move (a comment and a new rule on top), and one new risky rule appears.
    std::string text = read_file(config);
    auto at = text.find("-A ");
    REQUIRE(at != std::string::npos);
    text.insert(at, "# reviewed 2026-11-22\n-A INPUT -s 10.9.0.0/16 -p tcp -m tcp --dport 8080 -j ACCEPT\n"
                    "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n");
    std::ofstream(config) << text;
    Run later = run("check --baseline " + baseline + " --format json " + cfg);
    auto report = nlohmann::json::parse(later.out.substr(later.out.find('{')));
    INFO(later.out);
    CHECK(later.status == 1);
    REQUIRE(report["findings"].size() >= 1);
    bool telnet = false;
    for (const auto& f : report["findings"]) {
        CHECK(f["line"].get<int>() >= 8);  // only the new lines (8, 9) are reported; the old ones moved down
        CHECK(f["line"].get<int>() <= 9);
        telnet = telnet || (f["check"] == "FW205" && has(f["message"].get<std::string>(), "telnet"));
    }
    CHECK(telnet);
    CHECK(report["suppressed"].size() == doc["findings"].size());
    for (const auto& s : report["suppressed"]) {
        CHECK(s["suppressed_by"] == "baseline");
        // Each names the line it was recorded on: three lines up when it is below the new ones.
        int line = s["line"].get<int>(), recorded = line > 9 ? line - 3 : line;
        CHECK(s["reason"] == "recorded in the baseline when the finding was on line " + std::to_string(recorded));
        CHECK(s["suppression"]["line"].get<int>() >= 5);  // the entry in the baseline file
    }
}

TEST_CASE("a baseline matches from any working directory: files are named relative to it", "[baseline]") {
    TempDir d;
    fs::create_directories(d.path / "site");
    fs::copy_file(fs::path(FWLINT_SOURCE_DIR) / "fixtures/iptables/wide-open.rules", d.path / "site/gw.rules");
    Run write = fwlint_test::fwlint_in(d.path.string(), "check --write-baseline baseline.json site/gw.rules");
    REQUIRE(write.status == 0);
    Run inside = fwlint_test::fwlint_in((d.path / "site").string(), "check --baseline ../baseline.json gw.rules");
    INFO(inside.out);
    CHECK(inside.status == 0);
    CHECK(has(inside.out, "0 errors, 0 warnings, 0 notes ("));
    Run absolute = run("check --baseline " + (d.path / "baseline.json").string() + " " + (d.path / "site/gw.rules").string());
    INFO(absolute.out);
    CHECK(absolute.status == 0);
    CHECK_FALSE(has(absolute.out, "no longer reported"));
}

TEST_CASE("a missing or malformed baseline is an input error, a fixed finding is noted", "[baseline]") {
    TempDir d;
    std::string bad = (d.path / "bad.json").string();
    std::ofstream(bad) << "{\"findings\": 3}";
    CHECK(run("check --baseline " + (d.path / "none.json").string() + " " + fixture).status == 2);
    Run malformed = run("check --baseline " + bad + " " + fixture);
    CHECK(malformed.status == 2);
    CHECK(has(malformed.out, "not an fwlint baseline"));
    std::string old = (d.path / "old.json").string();
    std::ofstream(old) << R"({"fwlint_baseline": 1, "findings": [{"fingerprint": "0123456789abcdef", "check": "FW201"}]})";
    Run gone = run("check --baseline " + old + " " + fixture);
    CHECK(has(gone.out, "1 finding recorded in the baseline " + old + " is no longer reported"));
}

TEST_CASE("Cisco: '!' lines and remarks silence a check on the next ACE (IOS named and numbered, ASA)",
          "[suppress]") {
    Shown ios{"fixtures/cisco/suppressions-ios.cfg"};
    INFO(ios.r.out);
    CHECK(ios.r.status == 1);  // telnet on line 19 is not silenced
    CHECK(ios.silenced(15, 2, "SMB", 14, 2, "the scanners' SMB share, approved by security (SEC-88)"));
    CHECK(ios.silenced(17, 2, "SNMP", 16, 2, "SNMP polling"));
    CHECK(ios.says(26, 1, "suppressed warning: risky service open to any source: telnet"));
    CHECK(ios.warns(19, 2, "telnet"));
    CHECK(ios.says(20, 2, "warning: 'fwlint: ignore FW205' suppresses nothing: no FW205 finding on line 21, the next "
                          "entry of its access list [FW009]"));
    CHECK(ios.says(22, 2, "warning: expected 'fwlint: ignore CHECK-ID reason'"));
    CHECK(has(ios.r.out, "(3 suppressed) in fixtures/cisco/suppressions-ios.cfg (cisco-ios, 7 rules)"));

    Run asa = run("check fixtures/cisco/suppressions-asa.cfg");
    INFO(asa.out);
    CHECK_FALSE(has(asa.out, "suppressions-asa.cfg:13:1: warning"));
    CHECK_FALSE(has(asa.out, "suppressions-asa.cfg:15:1: warning"));
    CHECK(has(asa.out, "suppressions-asa.cfg:16:1: warning: risky service open to any source: telnet"));
    CHECK(has(asa.out, "0 errors, 1 warning, 0 notes (2 suppressed: --show-suppressed lists them)"));
}

TEST_CASE("Cisco: a remark silences the next entry of its own list, ! and : lines the next entry in the file",
          "[suppress]") {
    // ASA: another list's entry stands between OUTSIDE_IN's remark and its entry.
    Shown asa{"fixtures/cisco/suppressions-asa-lists.cfg"};
    INFO(asa.r.out);
    CHECK(asa.r.status == 1);
    CHECK(asa.warns(19, 1, "telnet"));
    CHECK(asa.silenced(20, 1, "SMB", 18, 1, "the scanners' SMB"));
    // An ASA ":" comment line is read too.
    CHECK(asa.silenced(22, 1, "SNMP", 21, 1, "SNMP polling"));
    CHECK(asa.no_entry_after(23, 1));
    CHECK(asa.counts_suppressed(2));

    Shown ios{"fixtures/cisco/suppressions-ios-lists.cfg"};
    INFO(ios.r.out);
    CHECK(ios.r.status == 1);
    // A remark at the end of EDGE-IN's block does not reach into LAB-IN.
    CHECK(ios.no_entry_after(13, 2));
    CHECK(ios.warns(15, 2, "telnet"));
    CHECK(ios.says(17, 2, "suppressed warning: risky service open to any source: telnet"));
    // Numbered lists: list 110's remark skips list 120's entry.
    CHECK(ios.warns(20, 1, "telnet"));
    CHECK(ios.silenced(21, 1, "telnet", 19, 1, "the lab's telnet"));
    CHECK(ios.counts_suppressed(2));
}

TEST_CASE("Cisco: a ! line right above a list's first remark silences the list's first entry and its list-wide findings",
          "[suppress]") {
    Shown asa{"fixtures/cisco/suppressions-asa-bang-remark.cfg"};
    INFO(asa.r.out);
    CHECK(asa.r.status == 1);
    CHECK(asa.silenced(21, 1, "telnet", 19, 1, "the lab's console"));
    CHECK(asa.warns(22, 1, "telnet"));
    // FW401 points at the list's first line, the remark: the "!" above covers it.
    CHECK(asa.says(26, 1, "suppressed note: ACL VPN_FILTER is not applied"));
    CHECK(has(asa.r.out, "    by: fixtures/cisco/suppressions-asa-bang-remark.cfg:25:1: fwlint: ignore: bound by the VPN"));
    CHECK(asa.no_entry_after(30, 1));
    CHECK(asa.counts_suppressed(2));
    CHECK_FALSE(has(asa.r.out, "suppresses nothing"));
    CHECK_FALSE(asa.says(26, 1, "note: ACL VPN_FILTER is not applied"));  // not also reported
}

TEST_CASE("NX-OS: a remark with a sequence number silences the next entry", "[suppress]") {
    TempDir d;
    fs::path cfg = d.path / "nxos.cfg";
    std::ofstream(cfg) << "feature interface-vlan\n"
                          "interface Vlan10\n"
                          "  ip address 192.0.2.1/24\n"
                          "  ip access-group EDGE in\n"
                          "ip access-list EDGE\n"
                          "  10 remark fwlint: ignore FW205 the lab's telnet console\n"
                          "  20 permit tcp any 10.0.5.12/32 eq telnet\n"
                          "  30 permit tcp any 10.0.5.13/32 eq telnet\n"
                          "  40 deny ip any any\n";
    Run r = run("check --input-format nxos --format json " + cfg.string());
    INFO(r.out);
    auto doc = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    REQUIRE(doc["suppressed"].size() == 1);
    CHECK(doc["suppressed"][0]["line"] == 7);
    CHECK(doc["suppressed"][0]["suppression"]["line"] == 6);
    CHECK(doc["suppressed"][0]["reason"] == "the lab's telnet console");
    bool line8 = false;
    for (const auto& f : doc["findings"]) {
        CHECK(f["line"] != 7);
        line8 = line8 || (f["check"] == "FW205" && f["line"] == 8);
    }
    CHECK(line8);
}

TEST_CASE("netsh scripts: REM, :: and # comments silence a check on the next firewall command", "[suppress]") {
    Run r = run("check --show-suppressed fixtures/windows/suppressions.cmd");
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "suppressions.cmd:7:1: suppressed warning: risky service open to any source: SMB"));
    CHECK(has(r.out, "    by: fixtures/windows/suppressions.cmd:6:1: fwlint: ignore: the scanners' SMB share"));
    // The :: comment on line 8 skips the echo on line 9.
    CHECK(has(r.out, "suppressions.cmd:10:1: suppressed warning: risky service open to any source: SNMP"));
    CHECK(has(r.out, "suppressions.cmd:13:1: warning: risky service open to any source: telnet"));
    CHECK(has(r.out, "suppressions.cmd:11:1: warning: 'fwlint: ignore FW205' suppresses nothing: no FW205 finding on "
                     "line 12, the next command [FW009]"));
    CHECK(has(r.out, "suppressions.cmd:14:1: warning: 'fwlint: ignore' names no check id"));
    CHECK(has(r.out, "(2 suppressed) in fixtures/windows/suppressions.cmd (netsh-script, 5 rules)"));
}

TEST_CASE("PowerShell scripts: a # comment silences a check on the next firewall cmdlet", "[suppress]") {
    Run r = run("check --show-suppressed fixtures/windows/suppressions.ps1");
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "suppressions.ps1:6:1: suppressed warning: risky service open to any source: SMB"));
    CHECK(has(r.out, "suppressions.ps1:9:1: suppressed warning: risky service open to any source: SNMP"));  // not Write-Host
    CHECK(has(r.out, "    by: fixtures/windows/suppressions.ps1:7:1: fwlint: ignore: SNMP polling from the NOC"));
    CHECK(has(r.out, "suppressions.ps1:10:1: warning: risky service open to any source: telnet"));
    CHECK(has(r.out, "suppressions.ps1:11:1: warning: 'fwlint: ignore FW210': FW210 is not a check id"));
    CHECK(has(r.out, "(2 suppressed) in fixtures/windows/suppressions.ps1 (powershell, 4 rules)"));
    // A comment with no firewall cmdlet after it silences nothing, and says so.
    TempDir d;
    fs::path ps1 = d.path / "tail.ps1";
    std::ofstream(ps1) << "New-NetFirewallRule -DisplayName Telnet -Direction Inbound -Action Allow -Protocol TCP "
                          "-LocalPort 23\n# fwlint: ignore FW205 too late\nWrite-Host done\n";
    Run tail = run("check " + ps1.string());
    CHECK(has(tail.out, "tail.ps1:2:1: warning: 'fwlint: ignore FW205': no command follows this comment [FW009]"));
}

TEST_CASE("every report format lists comment and baseline suppressions with their reasons", "[suppress]") {
    TempDir d;
    std::string baseline = (d.path / "baseline.json").string();
    REQUIRE(run("check --write-baseline " + baseline + " fixtures/cisco/suppressions-asa.cfg").status == 0);
    std::string args = " --baseline " + baseline + " fixtures/cisco/suppressions-asa.cfg " + fixture;
    // iptables: 3 by comment; ASA: 2 by comment, and its telnet finding by the baseline.
    auto sarif = nlohmann::json::parse(run("check --format sarif" + args).out);
    int in_source = 0, external = 0;
    for (const auto& res : sarif["runs"][0]["results"])
        if (res.contains("suppressions")) {
            const auto& s = res["suppressions"][0];
            in_source += s["kind"] == "inSource";
            external += s["kind"] == "external";
            if (s["kind"] == "external") {
                // Where the finding is, and the baseline entry (line 5 of the file) that accepted it.
                CHECK(res["locations"][0]["physicalLocation"]["region"]["startLine"] == 16);
                CHECK(s["justification"] == "recorded in the baseline when the finding was on line 16");
                CHECK(s["location"]["physicalLocation"]["region"]["startLine"] == 5);
            }
        }
    CHECK(in_source == 5);
    CHECK(external == 1);

    std::string junit = run("check --format junit" + args).out;
    CHECK(has(junit, "<skipped message=\"suppressed (comment at fixtures/cisco/suppressions-asa.cfg:12): the scanners&#39;"
                     " SMB share (SEC-88)\"/>"));
    CHECK(has(junit, "<skipped message=\"suppressed (baseline " + baseline + ":5): recorded in the baseline when the "
                     "finding was on line 16\"/>"));
    CHECK(has(junit, "name=\"FW205 lint at fixtures/cisco/suppressions-asa.cfg:16:1 (suppressed)\""));

    std::string html = run("check --format html" + args).out;
    CHECK(has(html, "<section id=\"suppressed\">"));
    CHECK(has(html, "<p>6 findings silenced by"));
    CHECK(has(html, "the jump host&#39;s rule stays until ticket OPS-1422 moves it"));

    std::string md = run("check --format markdown" + args).out;
    CHECK(has(md, "(6 suppressed)"));
    CHECK(has(md, "#### Suppressed"));
    CHECK(has(md, "| FW205 | `fixtures/cisco/suppressions-asa.cfg:16` |"));
    CHECK(has(md, "baseline `" + baseline + ":5` | recorded in the baseline when the finding was on line 16 |"));
    CHECK(has(html, "baseline<br><code>" + baseline + ":5</code>"));
    auto json = nlohmann::json::parse(run("check --format json" + args).out);
    bool by_baseline = false;
    for (const auto& s : json["suppressed"])
        if (s["suppressed_by"] == "baseline") {
            by_baseline = true;
            CHECK(s["line"] == 16);
            CHECK(s["suppression"]["file"] == baseline);
            CHECK(s["suppression"]["line"] == 5);
        }
    CHECK(by_baseline);
    Run text = run("check --show-suppressed" + args);
    CHECK(has(text.out, "suppressions-asa.cfg:16:1: suppressed warning: risky service open to any source: telnet"));
    CHECK(has(text.out, "    by: " + baseline + ":5:1: recorded in the baseline when the finding was on line 16\n"));
}
