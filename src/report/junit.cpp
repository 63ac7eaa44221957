// JUnit XML: the de-facto schema CI dashboards read (Jenkins, GitLab, Azure).
#include <set>

#include <fmt/format.h>

#include "report/escape.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

struct TestCase {
    std::string classname;
    std::string name;
    std::string file;
    int line = 0;
    enum { pass, failure, skipped } outcome = pass;
    std::string type;     // failure type: "FW101 error"
    std::string message;  // failure/skipped message attribute
    std::string body;     // failure text, or system-out for a pass
};

struct Suite {
    std::string name;
    std::vector<TestCase> cases;
};

std::string location(const SourceLocation& loc) {
    if (loc.line <= 0) return loc.file;
    return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column > 0 ? loc.column : 1);
}

// The compiler-style lines of the text report, for a failure's body.
std::string finding_text(const Finding& f) {
    std::string out = fmt::format("{}: {}: {} [{}]", location(f.loc), severity_name(f.severity), f.message, f.check);
    for (const auto& r : f.related) out += fmt::format("\nrelated: {}:{}", r.file, r.line);
    for (const auto& line : f.remediation) out += "\nfix: " + line;
    return out;
}

bool fails(const Finding& f, std::optional<Severity> fail_on) { return fail_on && f.severity >= *fail_on; }

void set_outcome(TestCase& t, const Finding& f, std::optional<Severity> fail_on) {
    t.file = f.loc.file;
    t.line = f.loc.line;
    if (fails(f, fail_on)) {
        t.outcome = TestCase::failure;
        t.type = fmt::format("{} {}", f.check, severity_name(f.severity));
        t.message = f.message;
    }
    t.body = finding_text(f);
}

std::string flow_name(const FlowRef& flow) {
    std::string s = fmt::format("{} -> {} {}", flow.from, flow.to, flow.protocol);
    if (!flow.ports.empty()) s += " " + flow.ports;
    return s;
}

std::string render_suite(const Suite& s) {
    int failures = 0, skipped = 0;
    for (const auto& t : s.cases) {
        failures += t.outcome == TestCase::failure;
        skipped += t.outcome == TestCase::skipped;
    }
    std::string out = fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                                  xml_escape(s.name, true), s.cases.size(), failures, skipped);
    for (const auto& t : s.cases) {
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(t.classname, true),
                           xml_escape(t.name, true));
        if (!t.file.empty()) out += fmt::format(" file=\"{}\"", xml_escape(t.file, true));
        if (t.line > 0) out += fmt::format(" line=\"{}\"", t.line);
        switch (t.outcome) {
            case TestCase::failure:
                out += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                                   xml_escape(t.type, true), xml_escape(t.message, true), xml_escape(t.body));
                break;
            case TestCase::skipped:
                out += fmt::format(">\n      <skipped message=\"{}\"/>\n", xml_escape(t.message, true));
                if (!t.body.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(t.body));
                out += "    </testcase>\n";
                break;
            case TestCase::pass:
                if (t.body.empty())
                    out += "/>\n";
                else
                    out += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(t.body));
                break;
        }
    }
    out += "  </testsuite>\n";
    return out;
}

std::string suppressed_message(const SuppressedFinding& s) {
    return fmt::format("suppressed ({}): {}", suppression_origin(s), suppression_reason(s));
}

}  // namespace

std::string render_junit(const Report& report, std::optional<Severity> fail_on) {
    std::vector<Suite> suites;
    const SuppressedIndex suppressed(report.suppressed);
    std::set<const SuppressedFinding*> listed;  // with their requirement's testcase

    // Every input read is a passing testcase, so a clean run is not an empty report
    // (some CI dashboards fail on a report without tests).
    Suite inputs{"fwlint.inputs", {}};
    for (const auto& in : report.inputs) {
        TestCase t;
        t.classname = "fwlint.inputs";
        t.name = fmt::format("{}: read ({}, {} rule{})", in.file, in.format, in.rules, in.rules == 1 ? "" : "s");
        t.file = in.file;
        inputs.cases.push_back(std::move(t));
    }
    suites.push_back(std::move(inputs));

    for (const auto& set : report.rule_sets) {
        Suite suite{"fwlint.requirements." + set, {}};
        for (const RequirementResult& r : report.requirements) {
            if (r.set != set) continue;
            TestCase t;
            t.classname = "fwlint.requirements." + set;
            t.name = fmt::format("{}: {} ({}){}", r.file, r.description.empty() ? flow_name(r.flow) : r.description,
                                 r.statement == "windows-rule" ? r.statement : r.statement + " " + flow_name(r.flow),
                                 r.chain.empty() ? fmt::format(" [{}]", r.family)
                                                 : fmt::format(" [{} {}]", r.family, r.chain));
            t.file = r.file;
            if (r.verdict == "not applicable") {
                t.outcome = TestCase::skipped;
                t.message = "not applicable: " + r.reason;
            } else if (r.finding) {
                set_outcome(t, *r.finding, fail_on);
                if (const SuppressedFinding* s = suppressed.find(*r.finding)) {
                    // Accepted by a comment, the baseline or --ignore: skipped, not failed.
                    t.outcome = TestCase::skipped;
                    t.message = suppressed_message(*s);
                    listed.insert(s);
                }
            }
            suite.cases.push_back(std::move(t));
        }
        suites.push_back(std::move(suite));
    }

    Suite lint{"fwlint.lint", {}};
    Suite syntax{"fwlint.syntax", {}};
    for (const Finding& f : report.findings) {
        if (!f.requirement.empty()) continue;  // a requirement's testcase carries it
        TestCase t;
        bool is_syntax = f.kind == "syntax";
        t.classname = is_syntax ? "fwlint.syntax" : "fwlint.lint";
        t.name = fmt::format("{} {} at {}", f.check, f.kind, location(f.loc));
        set_outcome(t, f, fail_on);
        (is_syntax ? syntax : lint).cases.push_back(std::move(t));
    }
    // Suppressed findings: a skipped testcase each, with who silenced it and why.
    for (const SuppressedFinding& s : report.suppressed) {
        if (listed.count(&s)) continue;
        const Finding& f = s.finding;
        TestCase t;
        bool is_syntax = f.kind == "syntax";
        t.classname = is_syntax ? "fwlint.syntax" : "fwlint.lint";
        t.name = fmt::format("{} {} at {} (suppressed)", f.check, f.kind, location(f.loc));
        set_outcome(t, f, std::nullopt);
        t.outcome = TestCase::skipped;
        t.message = suppressed_message(s);
        (is_syntax ? syntax : lint).cases.push_back(std::move(t));
    }
    suites.push_back(std::move(lint));
    suites.push_back(std::move(syntax));

    int tests = 0, failures = 0, skipped = 0;
    for (const auto& s : suites)
        for (const auto& t : s.cases) {
            ++tests;
            failures += t.outcome == TestCase::failure;
            skipped += t.outcome == TestCase::skipped;
        }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"fwlint {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                       FWLINT_VERSION, tests, failures, skipped);
    for (const auto& s : suites) out += render_suite(s);
    out += "</testsuites>\n";
    return out;
}

}  // namespace fwlint
