// `check --format sarif|junit|html|markdown` and `-o FILE`, run as a user would.
#include <sys/stat.h>
#include <utime.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace {

using fwlint_test::fwlint;
using fwlint_test::read_file;
using fwlint_test::Run;
using fwlint_test::TempDir;
using fwlint_test::write_file;
namespace fs = std::filesystem;

const std::string cep_roles =
    "--rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5 ";

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::size_t count(const std::string& s, const std::string& part) {
    std::size_t n = 0;
    for (auto pos = s.find(part); pos != std::string::npos; pos = s.find(part, pos + 1)) ++n;
    return n;
}

const std::string open_ftp_range =
    "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
    "{}"
    "-A INPUT -p tcp -m tcp --dport 30000:32000 -j ACCEPT\nCOMMIT\n";

std::string with_lines_above(const std::string& extra) {
    return std::regex_replace(open_ftp_range, std::regex("\\{\\}"), extra);
}

// The FW204 result of a SARIF log: (startLine, fingerprint).
std::pair<int, std::string> fw204(const std::string& sarif) {
    auto doc = nlohmann::json::parse(sarif);
    for (const auto& r : doc["runs"][0]["results"])
        if (r["ruleId"] == "FW204")
            return {r["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>(),
                    r["partialFingerprints"]["fwlintFindingHash/v1"].get<std::string>()};
    FAIL("no FW204 result in " << sarif);
    return {};
}

}  // namespace

TEST_CASE("sarif: one result per finding, the whole catalogue as rules, locations relative to the working directory") {
    Run json = fwlint("check --format json " + cep_roles + "fixtures/iptables/gateway.rules");
    Run r = fwlint("check --format sarif " + cep_roles + "fixtures/iptables/gateway.rules");
    CHECK(r.status == 1);  // same exit code as the text report
    auto doc = nlohmann::json::parse(r.out);
    auto findings = nlohmann::json::parse(json.out)["findings"];
    CHECK(doc["version"] == "2.1.0");
    const auto& run = doc["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "fwlint");
    CHECK(run["tool"]["driver"]["rules"].size() >= 14);
    const auto& results = run["results"];
    std::vector<std::string> gateway_lines;
    std::istringstream gateway(read_file(fs::path(FWLINT_SOURCE_DIR) / "fixtures/iptables/gateway.rules"));
    for (std::string l; std::getline(gateway, l);) gateway_lines.push_back(l);
    REQUIRE(results.size() == findings.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO(results[i].dump());
        CHECK(results[i]["ruleId"] == findings[i]["check"]);
        CHECK(results[i]["level"] == findings[i]["severity"]);
        const auto& loc = results[i]["locations"][0]["physicalLocation"];
        CHECK(loc["artifactLocation"]["uri"] == "fixtures/iptables/gateway.rules");
        CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
        CHECK(loc["region"]["startLine"] == findings[i]["line"]);
        // GitHub wants the whole region: here the finding's line to its end.
        CHECK(loc["region"]["endLine"] == findings[i]["line"]);
        CHECK(loc["region"]["endColumn"].get<int>() == int(gateway_lines.at(findings[i]["line"].get<int>() - 1).size()) + 1);
        const auto& rule = run["tool"]["driver"]["rules"][results[i]["ruleIndex"].get<int>()];
        CHECK(rule["id"] == results[i]["ruleId"]);
        // The fingerprint code scanning uses is ours, shortened.
        std::string ours = results[i]["partialFingerprints"]["fwlintFindingHash/v1"];
        CHECK(results[i]["partialFingerprints"]["primaryLocationLineHash"] ==
              ours.substr(0, 16) + ours.substr(ours.find(':')));
    }
    // %SRCROOT% is defined: the working directory, as a file: URI ending in '/'.
    std::string root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    CHECK(root == "file://" + std::string(FWLINT_SOURCE_DIR) + "/");
    // The shadowed SMB allow names the rule that takes its traffic.
    bool shadowed = false;
    for (const auto& res : results)
        if (res["ruleId"] == "FW103") {
            shadowed = true;
            CHECK(res["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 15);
            CHECK(contains(res["relatedLocations"][0]["message"]["text"].get<std::string>(), "--dport 445 -j DROP"));
        }
    CHECK(shadowed);
}

TEST_CASE("sarif: more results than GitHub code scanning accepts in a run is a warning") {
    // 25,001 truncated rules: one FW001 each.
    TempDir dir;
    std::string text = "*filter\n:INPUT ACCEPT [0:0]\n";
    for (int i = 0; i < 25001; ++i) text += "-A INPUT -p tcp --dport\n";
    write_file(dir.path / "many.rules", text + "COMMIT\n");
    write_file(dir.path / "few.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\nCOMMIT\n");
    Run many = fwlint_test::fwlint_in(dir.path.string(), "check --format sarif -o many.sarif many.rules");
    CHECK(many.status == 1);
    // 25,001 FW001s and the FW203 of the chain they leave open.
    CHECK(contains(many.out, "fwlint: warning: the SARIF run has 25002 results: GitHub code scanning rejects a run "
                             "of more than 25,000"));
    CHECK(count(read_file(dir.path / "many.sarif"), "\"ruleId\": \"FW001\"") == 25001);
    CHECK(count(read_file(dir.path / "many.sarif"), "\"ruleId\": ") == 25002);
    Run few = fwlint_test::fwlint_in(dir.path.string(), "check --format sarif -o few.sarif few.rules");
    CHECK(few.status == 1);
    CHECK_FALSE(contains(few.out, "warning: the SARIF run"));
    // Only SARIF has the limit.
    Run json = fwlint_test::fwlint_in(dir.path.string(), "check --format json -o many.json many.rules");
    CHECK_FALSE(contains(json.out, "warning: the SARIF run"));
}

TEST_CASE("sarif rules carry the catalogue's documentation and default level") {
    Run r = fwlint("check --format sarif fixtures/iptables/gateway-clean.rules");
    CHECK(r.status == 0);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["runs"][0]["results"].empty());
    for (const auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
        if (rule["id"] != "FW104") continue;
        CHECK(rule["name"] == "AFlowIsAllowedBeyondWhatTheRequirementNeeds");
        CHECK(rule["shortDescription"]["text"] == "a flow is allowed beyond what the requirement needs");
        CHECK(contains(rule["fullDescription"]["text"].get<std::string>(), "1024-65535 where 49152-65535"));
        CHECK(contains(rule["help"]["text"].get<std::string>(), "legacy_rpc=yes"));
        CHECK(rule["defaultConfiguration"]["level"] == "warning");
    }
}

TEST_CASE("sarif fingerprints survive moving a rule down and change with the rule") {
    TempDir dir;
    fs::path file = dir.path / "fw.rules";
    write_file(file, with_lines_above(""));
    auto before = fw204(fwlint("check --format sarif " + file.string()).out);
    CHECK(before.first == 6);
    // Two rules above it: the same rule is now line 8.
    write_file(file, with_lines_above("-A INPUT -s 192.168.10.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n"
                                 "-A INPUT -s 192.168.10.0/24 -p icmp -j ACCEPT\n"));
    auto moved = fw204(fwlint("check --format sarif " + file.string()).out);
    CHECK(moved.first == 8);
    CHECK(moved.second == before.second);
    // Counters from iptables-save -c do not count as a change either.
    std::string counted = std::regex_replace(with_lines_above(""), std::regex("-A INPUT -p tcp"), "[42:1337] -A INPUT -p tcp");
    write_file(file, counted);
    CHECK(fw204(fwlint("check --format sarif " + file.string()).out).second == before.second);
    // Another port range is another finding.
    write_file(file, std::regex_replace(with_lines_above(""), std::regex("30000:32000"), "30000:33000"));
    CHECK(fw204(fwlint("check --format sarif " + file.string()).out).second != before.second);
}

TEST_CASE("sarif: a finding without a line points at the file only") {
    TempDir dir;
    // Only chain headers and no -A rule: the audit's verdicts name the policy lines,
    // but a role bound to no address of the file's family gives no finding at all;
    // an empty FORWARD chain under policy DROP gives FW101 at the policy line.
    fs::path file = dir.path / "fw.rules";
    write_file(file, "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
    Run r = fwlint("check --format sarif " + cep_roles + file.string());
    auto doc = nlohmann::json::parse(r.out);
    REQUIRE_FALSE(doc["runs"][0]["results"].empty());
    for (const auto& res : doc["runs"][0]["results"]) {
        const auto& loc = res["locations"][0]["physicalLocation"];
        // Outside the working directory: an absolute file: URI without a base id.
        CHECK(loc["artifactLocation"]["uri"] == "file://" + file.string());
        CHECK_FALSE(loc["artifactLocation"].contains("uriBaseId"));
        if (res["ruleId"] == "FW101") CHECK(loc["region"]["startLine"] == 3);
    }
}

TEST_CASE("junit: a testcase per requirement verdict and per lint finding, counts in the header") {
    Run r = fwlint("check --format junit " + cep_roles + "fixtures/iptables/gateway.rules");
    CHECK(r.status == 1);
    CHECK(r.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0) == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex("<testsuites name=\"[^\"]*\" tests=\"(\\d+)\" failures=\"(\\d+)\"")));
    CHECK(std::stoul(m[1]) == count(r.out, "<testcase "));
    CHECK(std::stoul(m[2]) == count(r.out, "<failure "));
    // 17 statements of cep on the FORWARD path of one IPv4 file: 15 checked, 2 Windows rules not applicable.
    CHECK(contains(r.out, "<testsuite name=\"fwlint.requirements.cep\" tests=\"17\" failures=\"7\" errors=\"0\" skipped=\"2\">"));
    CHECK(contains(r.out, "<failure type=\"FW103 error\""));
    CHECK(contains(r.out, "<testsuite name=\"fwlint.lint\" tests=\"2\""));  // the two FW206 notes
    CHECK(count(r.out, "<testsuite ") == 4);  // inputs, cep, lint, syntax
}

TEST_CASE("html report: -o writes one self-contained file, the summary first, config text escaped") {
    TempDir dir;
    fs::path out = dir.path / "report.html";
    Run r = fwlint("check --format html -o " + out.string() + " --report-date 2026-11-22 fixtures/iptables/hostile-comments.rules");
    CHECK(r.status == 1);
    CHECK(r.out.empty());  // the report went to the file
    std::string html = read_file(out);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK(contains(html, "--comment &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"));
    CHECK(contains(html, "&lt;img src=x onerror=alert(3)&gt;"));
    CHECK(html.find("id=\"summary\"") < html.find("id=\"inputs\""));
    CHECK(html.find("id=\"inputs\"") < html.find("id=\"lint\""));
    CHECK(contains(html, "report date 2026-11-22"));
    CHECK_FALSE(contains(html, "src=\"http"));
    CHECK_FALSE(contains(html, "<link"));
}

TEST_CASE("html report: the inputs' SHA-256, and the date from the newest input's mtime") {
    TempDir dir;
    fs::path config = dir.path / "fw.rules";
    write_file(config, read_file(fs::path(FWLINT_SOURCE_DIR) / "fixtures/iptables/gateway.rules"));
    struct utimbuf times {1795773600, 1795773600};  // 2026-11-27T10:00:00Z
    REQUIRE(utime(config.c_str(), &times) == 0);
    Run first = fwlint("check --format html " + cep_roles + config.string());
    Run second = fwlint("check --format html " + cep_roles + config.string());
    CHECK(first.out == second.out);  // same input, same bytes
    CHECK(contains(first.out, "report date 2026-11-27T10:00:00Z"));
    std::string sha = fwlint("check --format html " + cep_roles + "fixtures/iptables/gateway.rules").out;
    // sha256sum fixtures/iptables/gateway.rules
    std::string expected;
    {
        FILE* p = popen("cd " FWLINT_SOURCE_DIR " && sha256sum fixtures/iptables/gateway.rules", "r");
        REQUIRE(p);
        char buf[65] = {};
        if (fread(buf, 1, 64, p) == 64) expected = buf;
        pclose(p);
    }
    REQUIRE(expected.size() == 64);
    CHECK(contains(sha, "<code>" + expected + "</code>"));
    // One table per requirement set, satisfied verdicts quoting the lines that allow them.
    CHECK(contains(first.out, "<h2>Requirement set cep: Certificate Enrollment Policy"));
    CHECK(contains(first.out, "<span class=\"v error\">shadowed (FW103)</span>"));
    CHECK(contains(first.out, "--comment &quot;HTTPS enrollment&quot; -j ACCEPT</code>"));
}

TEST_CASE("markdown for a pull request: summary table, findings, escaped") {
    Run r = fwlint("check --format markdown fixtures/iptables/hostile-comments.rules");
    CHECK(r.status == 1);
    // Line 8 is no FW202: line 10, which would decide it, is FW201 (both would go).
    CHECK(r.out.rfind("### fwlint: 0 errors, 3 warnings, 0 notes\n", 0) == 0);
    CHECK(contains(r.out, "| warning | FW205 | `fixtures/iptables/hostile-comments.rules:8` |"));
    // Config text outside code spans is backslash-escaped; inside one (the
    // remediation) Markdown shows it literally, so markup there stays text.
    CHECK(contains(r.out, "`iptables -R INPUT 2 -s TRUSTED_SOURCES -p tcp -m tcp --dport 23 -m comment --comment "
                          "\"<script>alert(1)</script>\" -j ACCEPT`"));
    CHECK(count(r.out, "<script>") == 1);
    // Pipes in a code span are escaped for the table.
    CHECK(contains(r.out, "--comment \"a \\| b ` c"));
    Run audit = fwlint("check --format markdown " + cep_roles + "fixtures/iptables/gateway.rules");
    CHECK(contains(audit.out, "| cep: Certificate Enrollment Policy Web Service \\(CEP\\) | 15 | 7 | 7 | 1 | 0 | 2 |"));
}

TEST_CASE("every format gives the same bytes for the same input") {
    for (const char* format : {"text", "json", "sarif", "junit", "html", "markdown"}) {
        std::string args = std::string("check --format ") + format + " " + cep_roles + "fixtures/iptables/gateway.rules";
        INFO(format);
        CHECK(fwlint(args).out == fwlint(args).out);
    }
}

TEST_CASE("check -o: an unwritable file or a bad --report-date is a usage error (exit 2)") {
    Run r = fwlint("check -o /nonexistent-dir/report.txt fixtures/iptables/gateway-clean.rules");
    CHECK(r.status == 2);
    CHECK(contains(r.out, "cannot write the report to /nonexistent-dir/report.txt"));
    CHECK(fwlint("check --format html --report-date yesterday fixtures/iptables/gateway-clean.rules").status == 2);
    CHECK(fwlint("check --format xml fixtures/iptables/gateway-clean.rules").status == 2);
}

TEST_CASE("junit: Cisco requirement verdicts, one testcase per statement and ACL on the path") {
    Run r = fwlint("check --format junit " + cep_roles + "fixtures/cisco/ios-router.cfg");
    INFO(r.out);
    CHECK(r.status == 1);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex("<testsuites name=\"[^\"]*\" tests=\"(\\d+)\" failures=\"(\\d+)\"")));
    CHECK(std::stoul(m[1]) == count(r.out, "<testcase "));
    CHECK(std::stoul(m[2]) == count(r.out, "<failure "));
    CHECK(contains(r.out, "<testcase classname=\"fwlint.inputs\" name=\"fixtures/cisco/ios-router.cfg: read (cisco-ios, "));
    // The suite's counts are those of its testcases: a passing, failing or skipped one each.
    REQUIRE(std::regex_search(r.out, m,
                              std::regex("<testsuite name=\"fwlint.requirements.cep\" tests=\"(\\d+)\" failures=\"(\\d+)\" "
                                         "errors=\"0\" skipped=\"(\\d+)\">")));
    std::size_t tests = std::stoul(m[1]), failures = std::stoul(m[2]), skipped = std::stoul(m[3]);
    CHECK(tests == count(r.out, "classname=\"fwlint.requirements.cep\""));
    CHECK(failures >= 4);
    CHECK(skipped == 2);  // the two Windows rules of the set
    CHECK(tests > failures + skipped);  // and some satisfied
    // Each verdict names the ACL and where it is applied.
    CHECK(contains(r.out, "name=\"fixtures/cisco/ios-router.cfg: Kerberos (require cep -&gt; dc tcp 88) [IPv4 "
                          "SERVERS-IN (in on GigabitEthernet0/1)]\" file=\"fixtures/cisco/ios-router.cfg\"/>"));
    CHECK(contains(r.out, "[IPv4 SERVERS-OUT (out on GigabitEthernet0/1)]"));
    CHECK(contains(r.out, "<failure type=\"FW103 error\" message=\"LDAP: cep -&gt; dc tcp+udp 389 is not allowed by ACL "
                          "SERVERS-IN (in on GigabitEthernet0/1)"));
    CHECK(contains(r.out, "<failure type=\"FW102 error\""));
    CHECK(contains(r.out, "<skipped message=\"not applicable: a Windows rule: a Cisco configuration cannot show it\"/>"));
    CHECK(contains(r.out, "<failure type=\"FW201 warning\""));  // lint findings of the ACLs
}

TEST_CASE("junit and html: a windows-rule statement is a verdict too (FW106 disabled, satisfied with its rule)") {
    const std::string args = cep_roles + "--host cep fixtures/windows/cep-server.txt";
    Run junit = fwlint("check --format junit " + args);
    INFO(junit.out);
    CHECK(contains(junit.out, "name=\"fixtures/windows/cep-server.txt: IIS-WebServerRole-HTTP-In-TCP (windows-rule) "
                              "[Windows domain profile]\" file=\"fixtures/windows/cep-server.txt\" line=\"41\">\n"
                              "      <failure type=\"FW106 error\" message=\"the Windows rule IIS-WebServerRole-HTTP-In-TCP"));
    CHECK(contains(junit.out, "name=\"fixtures/windows/cep-server.txt: IIS-WebServerRole-HTTPS-In-TCP (windows-rule) "
                              "[Windows domain profile]\" file=\"fixtures/windows/cep-server.txt\"/>"));
    std::smatch m;
    REQUIRE(std::regex_search(junit.out, m, std::regex("<testsuites name=\"[^\"]*\" tests=\"(\\d+)\" failures=\"(\\d+)\"")));
    CHECK(std::stoul(m[1]) == count(junit.out, "<testcase "));
    CHECK(std::stoul(m[2]) == count(junit.out, "<failure "));

    Run html = fwlint("check --format html " + args);
    CHECK(contains(html.out, "<span class=\"v error\">disabled (FW106)</span></td><td>IIS-WebServerRole-HTTP-In-TCP<br>"
                             "<code>windows-rule cep</code>"));
    // The enabled HTTPS rule is the evidence of the satisfied statement.
    CHECK(contains(html.out, "<span class=\"v satisfied\">satisfied</span></td><td>IIS-WebServerRole-HTTPS-In-TCP"));
    CHECK(contains(html.out, "World Wide Web Services (HTTPS Traffic-In)</code>"));
    // A script that does not name the rule: not applicable, said why.
    Run script = fwlint("check --format junit " + cep_roles + "--host cep fixtures/windows/cep-firewall.cmd");
    CHECK(contains(script.out, "<skipped message=\"not applicable: a script shows only the rules it changes, and this "
                               "one does not name the rule\"/>"));
}

TEST_CASE("sarif: no invented informationUri, every rule has inline help") {
    auto doc = nlohmann::json::parse(fwlint("check --format sarif fixtures/iptables/wide-open.rules").out);
    const auto& driver = doc["runs"][0]["tool"]["driver"];
    CHECK_FALSE(driver.contains("informationUri"));
    for (const auto& rule : driver["rules"]) {
        CHECK_FALSE(rule.contains("helpUri"));
        CHECK(rule["help"]["text"].get<std::string>().rfind(rule["id"].get<std::string>() + " ", 0) == 0);
    }
}
