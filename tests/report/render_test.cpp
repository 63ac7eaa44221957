// The report formats on hand-built reports: escaping, digests, structure.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/digest.hpp"
#include "report/escape.hpp"
#include "report/baseline.hpp"
#include "report/report.hpp"

using namespace fwlint;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Finding lint_finding(const std::string& file, int line, const std::string& message) {
    Finding f;
    f.check = "FW205";
    f.kind = "lint";
    f.severity = Severity::warning;
    f.loc = SourceLocation{file, line, 1};
    f.message = message;
    f.remediation = {"iptables -I INPUT 2 -p tcp -m tcp --dport 23 -j DROP"};
    return f;
}

// One input, one satisfied requirement, one failed one, one not applicable,
// and a lint finding on a line whose comment is hostile markup.
Report sample_report() {
    Report r;
    r.inputs.push_back(InputSummary{"fw.rules", "iptables-save", 3, 0, std::string(64, 'a'), "2026-11-22T10:00:00Z"});
    r.rule_sets = {"cep"};
    r.rule_set_titles["cep"] = "Certificate Enrollment Policy <CEP>";
    RequirementResult ok;
    ok.set = "cep";
    ok.statement = "require";
    ok.description = "HTTPS";
    ok.flow = FlowRef{"clients", "cep", "tcp", "443"};
    ok.file = "fw.rules";
    ok.family = "IPv4";
    ok.chain = "FORWARD";
    ok.verdict = "satisfied";
    ok.evidence = {RelatedLine{"fw.rules", 7}};
    RequirementResult missing = ok;
    missing.description = "LDAP";
    missing.flow.ports = "389";
    missing.verdict = "missing";
    missing.evidence = {RelatedLine{"fw.rules", 5}};
    Finding f;
    f.check = "FW101";
    f.kind = "missing";
    f.severity = Severity::error;
    f.loc = SourceLocation{"fw.rules", 5, 1};
    f.message = "LDAP: cep -> dc tcp 389 is not allowed";
    f.requirement = "cep: LDAP";
    f.remediation = {"iptables -A FORWARD -p tcp --dport 389 -j ACCEPT"};
    missing.finding = f;
    RequirementResult na = ok;
    na.description = "IIS rule";
    na.statement = "windows-rule";
    na.verdict = "not applicable";
    na.chain.clear();
    na.reason = "a Windows rule: an iptables input cannot show it";
    na.evidence.clear();
    r.requirements = {ok, missing, na};
    r.findings = {f, lint_finding("fw.rules", 8, "telnet open to any source")};
    r.quoted.text[{"fw.rules", 5}] = ":FORWARD DROP [0:0]";
    r.quoted.text[{"fw.rules", 7}] = "-A FORWARD -p tcp --dport 443 -j ACCEPT";
    r.quoted.text[{"fw.rules", 8}] = "-A INPUT -p tcp --dport 23 -m comment --comment \"<script>alert(1)</script>\" -j ACCEPT";
    r.checked = 2;
    r.satisfied = 1;
    r.not_applicable = 1;
    return r;
}

// sample_report with two findings accepted: the LDAP requirement's FW101 by
// the baseline, and an SMB lint finding by a comment whose reason is hostile markup.
Report suppressed_report() {
    Report r = sample_report();
    Finding ldap = r.findings[0];
    r.findings.erase(r.findings.begin());
    r.suppressed.push_back(SuppressedFinding{ldap, "baseline", SourceLocation{"fwlint-baseline.json", 12, 1},
                                             "recorded in the baseline when the finding was on line 4"});
    r.suppressed.push_back(SuppressedFinding{lint_finding("fw.rules", 10, "SMB open to any source"), "comment",
                                             SourceLocation{"fw.rules", 9, 1}, "scanners <b>share</b> | [x](y)"});
    r.quoted.text[{"fw.rules", 9}] = "# fwlint: ignore FW205 scanners <b>share</b> | [x](y)";
    r.quoted.text[{"fw.rules", 10}] = "-A INPUT -p tcp --dport 445 -j ACCEPT";
    return r;
}

}  // namespace

TEST_CASE("xml_escape turns markup characters into entities") {
    CHECK(xml_escape("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
    CHECK(xml_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(xml_escape("plain text, ümlaut") == "plain text, ümlaut");
}

TEST_CASE("xml_escape replaces characters XML 1.0 forbids and invalid UTF-8 with U+FFFD") {
    CHECK(xml_escape(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
    CHECK(xml_escape("\x01\x08\x0B\x0C\x1F") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(xml_escape("\xEF\xBF\xBE") == "\xEF\xBF\xBD");  // U+FFFE
    CHECK(xml_escape("\xFF\xFE x") == "\xEF\xBF\xBD\xEF\xBF\xBD x");  // not UTF-8
    CHECK(xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
    CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    CHECK(xml_escape("tab\there") == "tab\there");
}

TEST_CASE("xml_escape keeps line ends and tabs in attributes as character references") {
    CHECK(xml_escape("a\nb\tc\rd", true) == "a&#10;b&#9;c&#13;d");
    CHECK(xml_escape("a\nb", false) == "a\nb");
}

TEST_CASE("valid_utf8 keeps valid text and replaces broken bytes") {
    CHECK(valid_utf8("caf\xC3\xA9 \xF0\x9F\x94\xA5") == "caf\xC3\xA9 \xF0\x9F\x94\xA5");
    CHECK(valid_utf8("cut \xE2\x82") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("markdown_escape backslash-escapes punctuation so nothing becomes markup") {
    CHECK(markdown_escape("a | b") == "a \\| b");
    CHECK(markdown_escape("<script>") == "\\<script\\>");
    CHECK(markdown_escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)");
    CHECK(markdown_escape("*bold* _it_ `code` &amp;") == "\\*bold\\* \\_it\\_ \\`code\\` \\&amp\\;");
    CHECK(markdown_escape("two\nlines\x01") == "two lines");
}

TEST_CASE("markdown_code fences around backticks and escapes table pipes") {
    CHECK(markdown_code("iptables -A INPUT") == "`iptables -A INPUT`");
    CHECK(markdown_code("a | b") == "`a \\| b`");
    CHECK(markdown_code("x `y` z") == "``x `y` z``");
    CHECK(markdown_code("`edge`") == "`` `edge` ``");
    CHECK(markdown_code("a\nb") == "`a b`");
}

TEST_CASE("sha256_hex gives the FIPS 180-2 test vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("normalise_rule_text drops iptables counters and collapses blanks") {
    CHECK(normalise_rule_text("[12:3400] -A INPUT  -p tcp\t-j ACCEPT\r") == "-A INPUT -p tcp -j ACCEPT");
    CHECK(normalise_rule_text(":FORWARD DROP [0:0]") == ":FORWARD DROP");
    CHECK(normalise_rule_text(":FORWARD DROP [88:1024]") == normalise_rule_text(":FORWARD DROP [0:0]"));
}

TEST_CASE("junit has one testcase per requirement verdict, input and lint finding") {
    std::string xml = render_junit(sample_report(), Severity::warning);
    CHECK(contains(xml, "<testsuites name=\"fwlint 0.1.0\" tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"1\">"));
    CHECK(contains(xml, "<testsuite name=\"fwlint.requirements.cep\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">"));
    CHECK(contains(xml, "name=\"fw.rules: HTTPS (require clients -&gt; cep tcp 443) [IPv4 FORWARD]\" file=\"fw.rules\"/>"));
    CHECK(contains(xml, "<failure type=\"FW101 error\" message=\"LDAP: cep -&gt; dc tcp 389 is not allowed\">"));
    CHECK(contains(xml, "<skipped message=\"not applicable: a Windows rule: an iptables input cannot show it\"/>"));
    CHECK(contains(xml, "<testsuite name=\"fwlint.lint\" tests=\"1\" failures=\"1\""));
    CHECK(contains(xml, "name=\"FW205 lint at fw.rules:8:1\""));
    CHECK(contains(xml, "fix: iptables -I INPUT 2 -p tcp -m tcp --dport 23 -j DROP"));
    // The requirement's finding is not listed a second time as lint.
    CHECK(xml.find("FW101 error") == xml.rfind("FW101 error"));
}

TEST_CASE("junit: findings below --fail-on pass and carry their text in system-out") {
    std::string xml = render_junit(sample_report(), Severity::error);
    CHECK(contains(xml, "tests=\"5\" failures=\"1\""));
    CHECK(contains(xml, "<system-out>fw.rules:8:1: warning: telnet open to any source [FW205]"));
    std::string never = render_junit(sample_report(), std::nullopt);
    CHECK(contains(never, "failures=\"0\""));
}

TEST_CASE("junit escapes hostile text in names, attributes and bodies") {
    Report r = sample_report();
    r.findings[1].message = "bad \"quote\" <tag> & \x01 control";
    std::string xml = render_junit(r, Severity::warning);
    CHECK(contains(xml, "message=\"bad &quot;quote&quot; &lt;tag&gt; &amp; \xEF\xBF\xBD control\""));
    CHECK_FALSE(contains(xml, "<tag>"));
    CHECK_FALSE(contains(xml, "\x01"));
}

TEST_CASE("html escapes every config string: a <script> comment stays text") {
    std::string html = render_html(sample_report(), "2026-11-22");
    CHECK_FALSE(contains(html, "<script"));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(html, "Certificate Enrollment Policy &lt;CEP&gt;"));
    CHECK(contains(html, "default-src 'none'"));  // CSP: no script, no network even if escaping failed
}

TEST_CASE("html lists inputs with their hash, a summary with counts and chart, one table per set") {
    std::string html = render_html(sample_report(), "2026-11-22");
    CHECK(contains(html, "report date 2026-11-22"));
    CHECK(contains(html, std::string(64, 'a')));
    CHECK(contains(html, "<strong>1 of 2 requirement checks satisfied</strong>"));
    CHECK(contains(html, "<svg "));
    CHECK_FALSE(contains(html, "<title>suppressed:"));  // no suppressed segment when nothing was suppressed
    CHECK(contains(html, "<section class=\"requirement-set\" id=\"set-cep\">"));
    CHECK(contains(html, "<span class=\"v error\">missing (FW101)</span>"));
    CHECK(contains(html, "<span class=\"v satisfied\">satisfied</span>"));
    CHECK(contains(html, "<code>-A FORWARD -p tcp --dport 443 -j ACCEPT</code>"));  // evidence of the satisfied one
    CHECK(contains(html, "<pre>iptables -A FORWARD -p tcp --dport 389 -j ACCEPT</pre>"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "http://"));  // no URL at all: nothing to load from a network
    CHECK_FALSE(contains(html, "https://"));
}

TEST_CASE("markdown has a summary table and escaped findings") {
    Report r = sample_report();
    r.findings[1].message = "comment | <script> [x](y)";
    std::string md = render_markdown(r);
    CHECK(contains(md, "### fwlint: 1 error, 1 warning, 0 notes"));
    CHECK(contains(md, "| cep: Certificate Enrollment Policy \\<CEP\\> | 2 | 1 | 1 | 0 | 0 | 1 |"));
    CHECK_FALSE(contains(md, "Suppressed"));
    CHECK(contains(md, "comment \\| \\<script\\> \\[x\\]\\(y\\)"));
    CHECK(contains(md, "| error | FW101 | `fw.rules:5` |"));
    CHECK(contains(md, "#### Lint and syntax findings"));
}

TEST_CASE("junit: a suppressed finding is a skipped testcase saying who silenced it and why") {
    std::string xml = render_junit(suppressed_report(), Severity::warning);
    // inputs 1, requirements 3, lint 2 (telnet, and the suppressed SMB finding)
    CHECK(contains(xml, "<testsuites name=\"fwlint 0.1.0\" tests=\"6\" failures=\"1\" errors=\"0\" skipped=\"3\">"));
    CHECK(contains(xml, "<testsuite name=\"fwlint.requirements.cep\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"2\">"));
    // The baseline entry's own line, and the line the finding was recorded on.
    CHECK(contains(xml, "<skipped message=\"suppressed (baseline fwlint-baseline.json:12): recorded in the baseline "
                        "when the finding was on line 4\"/>"));
    CHECK_FALSE(contains(xml, "<failure type=\"FW101"));
    CHECK(contains(xml, "name=\"FW205 lint at fw.rules:10:1 (suppressed)\" file=\"fw.rules\" line=\"10\">\n"
                        "      <skipped message=\"suppressed (comment at fw.rules:9): scanners &lt;b&gt;share&lt;/b&gt; | "
                        "[x](y)\"/>\n"
                        "      <system-out>fw.rules:10:1: warning: SMB open to any source [FW205]"));
    CHECK_FALSE(contains(xml, "<b>"));
}

TEST_CASE("html: a Suppressed section with who silenced each finding and why, suppressed verdicts marked") {
    std::string html = render_html(suppressed_report(), "2026-11-22");
    CHECK(contains(html, "<section id=\"suppressed\">"));
    CHECK(contains(html, "<p>2 findings silenced by"));
    CHECK(contains(html, "scanners &lt;b&gt;share&lt;/b&gt; | [x](y)"));
    CHECK_FALSE(contains(html, "<b>share"));
    CHECK(contains(html, "<code># fwlint: ignore FW205 scanners &lt;b&gt;share&lt;/b&gt; | [x](y)</code>"));  // the comment
    CHECK(contains(html, "baseline<br><code>fwlint-baseline.json:12</code>"));
    CHECK(contains(html, "recorded in the baseline when the finding was on line 4"));
    CHECK(contains(html, "<span class=\"v suppressed\">missing (FW101), suppressed</span>"));
    CHECK(contains(html, "<span class=\"v suppressed\">failed, suppressed</span></td><td class=\"n\">1</td>"));
    CHECK(contains(html, "<strong>1 of 2 requirement checks satisfied</strong>"));
    CHECK(contains(html, "2 checked, 1 satisfied, 0 failed, 0 conditional, 1 suppressed, 1 not applicable."));
    std::string clean = render_html(sample_report(), "2026-11-22");
    CHECK(contains(clean, "<p>No finding was suppressed.</p>"));
}

TEST_CASE("html: the summary chart shows suppressed verdicts and findings as segments of their own") {
    std::string html = render_html(suppressed_report(), "2026-11-22");
    auto svg = html.substr(html.find("<svg "), html.find("</svg>") - html.find("<svg "));
    auto findings_bar = svg.find(">Findings</text>");
    REQUIRE(findings_bar != std::string::npos);
    // Requirements: 1 satisfied, 1 suppressed (the LDAP verdict), 1 not applicable; 440 px wide from x=110.
    auto req = svg.substr(0, findings_bar);
    CHECK(contains(req, "<rect x=\"256\" y=\"4\" width=\"147\" height=\"22\" fill=\"#8250df\"><title>suppressed: 1</title>"));
    CHECK_FALSE(contains(req, "failed (error)"));  // the suppressed verdict is not counted as failed
    // Findings: 1 warning left, 2 suppressed.
    auto fnd = svg.substr(findings_bar);
    CHECK(contains(fnd, "<rect x=\"256\" y=\"36\" width=\"294\" height=\"22\" fill=\"#8250df\"><title>suppressed: 2</title>"));
    CHECK(contains(svg, "fill=\"#8250df\"/><text x=\"") );  // in the legend
    CHECK(contains(svg, ">suppressed</text>"));
}

TEST_CASE("markdown: suppressed findings counted in the heading and listed with their reason, escaped") {
    std::string md = render_markdown(suppressed_report());
    CHECK(contains(md, "### fwlint: 0 errors, 1 warning, 0 notes (2 suppressed)"));
    CHECK(contains(md, "| cep: Certificate Enrollment Policy \\<CEP\\> | 2 | 1 | 0 | 0 | 1 | 1 |"));
    CHECK(contains(md, "#### Suppressed"));
    CHECK(contains(md, "| FW101 | `fw.rules:5` | LDAP\\: cep \\-\\> dc tcp 389 is not allowed | baseline "
                       "`fwlint-baseline.json:12` | recorded in the baseline when the finding was on line 4 |"));
    CHECK(contains(md, "| FW205 | `fw.rules:10` | SMB open to any source | comment `fw.rules:9` | scanners \\<b\\>share"));
    CHECK_FALSE(contains(md, "<b>"));
}

TEST_CASE("a baseline's entries know their own line in the file, however it is laid out", "[baseline]") {
    std::string error;
    auto written = read_baseline(render_baseline({lint_finding("fw.rules", 8, "telnet \"findings\": ["),
                                                   lint_finding("fw.rules", 10, "SMB")}),
                                 error);
    REQUIRE(written);
    REQUIRE(written->size() == 2);
    CHECK((*written)[0].entry_line == 5);  // {"fwlint_baseline", "fwlint", "findings": [ then the first entry's {
    CHECK((*written)[0].line == 8);
    CHECK((*written)[1].entry_line == 13);
    auto by_hand = read_baseline("{\"note\": \"a [list] {x}\", \"fwlint_baseline\": 1,\n"
                                 "\"findings\": [{\"fingerprint\": \"0123456789abcdef\", \"extra\": [1, {\"a\": 2}]},\n"
                                 "\n  {\"fingerprint\": \"fedcba9876543210\", \"line\": null, \"check\": 7}]}",
                                 error);
    REQUIRE(by_hand);
    REQUIRE(by_hand->size() == 2);
    CHECK((*by_hand)[0].entry_line == 2);
    CHECK((*by_hand)[1].entry_line == 4);
    CHECK((*by_hand)[1].line == 0);  // not a number: no line, no error
    CHECK((*by_hand)[1].check.empty());
}

TEST_CASE("apply_baseline points each suppressed finding at its entry and says where it was recorded", "[baseline]") {
    Report r;
    r.findings = {lint_finding("fw.rules", 8, "telnet"), lint_finding("fw.rules", 30, "telnet")};
    r.findings[0].fingerprint = r.findings[1].fingerprint = "00000000000000aa";  // the same rule text twice
    std::string error;
    auto baseline = read_baseline("{\"fwlint_baseline\": 1, \"findings\": [\n"
                                  "{\"fingerprint\": \"00000000000000aa\", \"line\": 3},\n"
                                  "{\"fingerprint\": \"00000000000000aa\", \"line\": 30}]}\n",
                                  error);
    REQUIRE(baseline);
    CHECK(apply_baseline(r, *baseline, "b.json") == 0);
    REQUIRE(r.suppressed.size() == 2);
    CHECK(r.findings.empty());
    // The finding still on line 30 takes the entry recorded on line 30 (line 3 of b.json); the other one moved.
    CHECK(r.suppressed[0].where == SourceLocation{"b.json", 2, 1});
    CHECK(r.suppressed[0].reason == "recorded in the baseline when the finding was on line 3");
    CHECK(r.suppressed[1].where == SourceLocation{"b.json", 3, 1});
    CHECK(r.suppressed[1].reason == "recorded in the baseline when the finding was on line 30");
    CHECK(suppression_origin(r.suppressed[1]) == "baseline b.json:3");
}

TEST_CASE("sarif: suppressed findings are results with suppressions, inSource or external, and the same fingerprint") {
    auto doc = nlohmann::json::parse(render_sarif(suppressed_report(), "/work"));
    const auto& run = doc["runs"][0];
    CHECK_FALSE(run["tool"]["driver"].contains("informationUri"));  // no invented home page
    const auto& results = run["results"];
    REQUIRE(results.size() == 3);
    CHECK(results[0]["ruleId"] == "FW205");
    CHECK_FALSE(results[0].contains("suppressions"));
    CHECK(results[1]["ruleId"] == "FW101");
    REQUIRE(results[1]["suppressions"].size() == 1);
    CHECK(results[1]["suppressions"][0]["kind"] == "external");
    CHECK(results[1]["suppressions"][0]["status"] == "accepted");
    CHECK(results[1]["suppressions"][0]["justification"] == "recorded in the baseline when the finding was on line 4");
    CHECK(results[1]["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] ==
          "fwlint-baseline.json");
    CHECK(results[1]["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 12);
    CHECK(results[1]["properties"]["suppressedBy"] == "baseline");
    CHECK(results[2]["suppressions"][0]["kind"] == "inSource");
    CHECK(results[2]["suppressions"][0]["justification"] == "scanners <b>share</b> | [x](y)");
    CHECK(results[2]["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 9);
    // Code scanning matches a dismissed result with the open one by fingerprint.
    auto open = nlohmann::json::parse(render_sarif(sample_report(), "/work"));
    CHECK(open["runs"][0]["results"][0]["ruleId"] == "FW101");
    CHECK(open["runs"][0]["results"][0]["partialFingerprints"] == results[1]["partialFingerprints"]);
}
