// The auditor's report: one HTML file to hand on. Inline CSS and SVG only: no
// script, no fonts or images from the network (a Content-Security-Policy
// says so too), so it reads the same offline, printed or archived.
#include <fmt/format.h>

#include "checks/catalog.hpp"
#include "report/escape.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

// Every string that reaches the page goes through h(): element text and
// (double-quoted) attribute values alike.
std::string h(std::string_view s) { return xml_escape(s, true); }
std::string text(std::string_view s) { return xml_escape(s, false); }  // inside <pre>: line ends kept

const char* const style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff;margin:2em auto;max-width:1280px;padding:0 1.5em}
h1{font-size:1.7em;margin:0 0 .2em}
h2{font-size:1.3em;margin:2em 0 .5em;border-bottom:1px solid #d0d7de;padding-bottom:.25em}
p.meta{color:#57606a;margin:0 0 1em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #d0d7de;padding:.35em .55em;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.counts{width:auto;min-width:22em}
code,pre{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2em 0}
code{overflow-wrap:anywhere}
.v{display:inline-block;font-weight:600;white-space:nowrap;border-radius:4px;padding:.05em .45em}
.satisfied{background:#dafbe1;color:#116329}
.error{background:#ffebe9;color:#a40e26}
.warning{background:#fff1c2;color:#7d4e00}
.note{background:#ddf4ff;color:#0550ae}
.na{background:#eaeef2;color:#57606a}
.suppressed{background:#fbefff;color:#6639ba;border:1px dashed #8250df}
.muted{color:#57606a}
ul.evidence{list-style:none;margin:0;padding:0}
ul.evidence li{margin:0 0 .3em}
.summary{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
)";

const char* verdict_class(const RequirementResult& r, const SuppressedFinding* suppressed) {
    if (r.verdict == "not applicable") return "na";
    if (!r.finding) return "satisfied";
    if (suppressed) return "suppressed";
    return severity_name(r.finding->severity);
}

std::string verdict_badge(const RequirementResult& r, const SuppressedFinding* suppressed) {
    std::string label = r.verdict;
    if (r.finding) label += " (" + r.finding->check + ")";
    if (suppressed) label += ", suppressed";
    return fmt::format("<span class=\"v {}\">{}</span>", verdict_class(r, suppressed), h(label));
}

// "suppressed by the comment at file:line: reason", for a table cell.
std::string suppression_cell(const SuppressedFinding& s) {
    return fmt::format("<span class=\"muted\">suppressed ({}):</span> {}", h(suppression_origin(s)),
                       h(suppression_reason(s)));
}

std::string flow_text(const FlowRef& flow) {
    std::string s = fmt::format("{} -> {} {}", flow.from, flow.to, flow.protocol);
    if (!flow.ports.empty()) s += " " + flow.ports;
    return s;
}

// "file:line" (just "line N" when in `input`) and the line as written.
std::string quoted_line(const Report& report, const std::string& file, int line, const std::string& input = "") {
    const std::string* quote = report.quoted.find(file, line);
    std::string out = file == input ? fmt::format("<span class=\"muted\">line {}</span>", line)
                                    : fmt::format("<code>{}:{}</code>", h(file), line);
    if (quote) out += fmt::format("<br><code>{}</code>", h(*quote));
    return out;
}

// Bundled sets live at an absolute path of the build machine: their file name
// says enough, and keeps the report the same wherever fwlint was built.
std::string statement_file(const std::string& file) {
    if (file.empty() || file.front() != '/') return file;
    return file.substr(file.rfind('/') + 1);
}

std::string remediation_block(const std::vector<std::string>& lines) {
    if (lines.empty()) return "";
    std::string joined;
    for (const auto& l : lines) joined += (joined.empty() ? "" : "\n") + l;
    return fmt::format("<div class=\"muted\">remediation:</div><pre>{}</pre>", text(joined));
}

// One horizontal stacked bar per row; segment widths are integers computed
// from the cumulative counts, so the same counts always draw the same bytes.
struct Segment {
    const char* label;
    int count;
    const char* fill;
};

std::string bar(int y, const char* title, const std::vector<Segment>& segments) {
    constexpr int x0 = 110, width = 440, height = 22;
    int total = 0;
    for (const auto& s : segments) total += s.count;
    std::string out = fmt::format("<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#1f2328\">{}</text>\n", y + 15, title);
    if (total == 0) {
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eaeef2\"/>\n", x0, y, width, height);
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#57606a\">none</text>\n", x0 + 6, y + 15);
        return out;
    }
    int cumulative = 0;
    for (const auto& s : segments) {
        if (s.count == 0) continue;
        int left = x0 + cumulative * width / total;
        cumulative += s.count;
        int right = x0 + cumulative * width / total;
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                           left, y, right - left, height, s.fill, s.label, s.count);
        if (right - left >= 24)
            out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#fff\" font-weight=\"bold\">{}</text>\n",
                               left + 5, y + 15, s.count);
    }
    return out;
}

// Suppressed findings and verdicts get a segment of their own (purple, as
// their badges): what was accepted stays visible next to what is left.
constexpr const char* suppressed_fill = "#8250df";

std::string chart(const VerdictCounts& v, const SeverityCounts& f, int suppressed) {
    std::string out =
        "<svg width=\"560\" height=\"120\" viewBox=\"0 0 560 120\" role=\"img\" "
        "aria-label=\"requirement verdicts and findings by severity\" font-family=\"sans-serif\">\n";
    out += bar(4, "Requirements", {{"satisfied", v.satisfied, "#2da44e"}, {"failed (error)", v.error, "#cf222e"},
                                   {"failed (warning)", v.warning, "#bf8700"}, {"note", v.note, "#0969da"},
                                   {"suppressed", v.suppressed, suppressed_fill},
                                   {"not applicable", v.not_applicable, "#8c959f"}});
    out += bar(36, "Findings", {{"errors", f.error, "#cf222e"}, {"warnings", f.warning, "#bf8700"}, {"notes", f.note, "#0969da"},
                                {"suppressed", suppressed, suppressed_fill}});
    // Legend.
    int x = 0;
    for (auto [label, fill] : {std::pair{"satisfied", "#2da44e"}, {"error", "#cf222e"}, {"warning", "#bf8700"},
                               {"note", "#0969da"}, {"suppressed", suppressed_fill}, {"not applicable", "#8c959f"}}) {
        out += fmt::format("<rect x=\"{}\" y=\"78\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                           "<text x=\"{}\" y=\"89\" font-size=\"12\" fill=\"#1f2328\">{}</text>\n",
                           x, fill, x + 16, label);
        x += 22 + 7 * static_cast<int>(std::string_view(label).size());
    }
    out += "</svg>\n";
    return out;
}

std::string summary_section(const Report& report) {
    VerdictCounts v = count_verdicts(report);
    SeverityCounts f = count_severities(report.findings);
    std::string out = "<section id=\"summary\">\n<h2>Summary</h2>\n";
    if (!report.rule_sets.empty())
        out += fmt::format("<p><strong>{} of {} requirement check{} satisfied</strong>; {} error{}, {} warning{}, {} note{} in all.</p>\n",
                           v.satisfied, v.checked(), v.checked() == 1 ? "" : "s", f.error, f.error == 1 ? "" : "s",
                           f.warning, f.warning == 1 ? "" : "s", f.note, f.note == 1 ? "" : "s");
    else
        out += fmt::format("<p><strong>No requirement set was selected</strong>: only the syntax and lint checks ran. "
                           "{} error{}, {} warning{}, {} note{}.</p>\n",
                           f.error, f.error == 1 ? "" : "s", f.warning, f.warning == 1 ? "" : "s", f.note,
                           f.note == 1 ? "" : "s");
    out += "<div class=\"summary\">\n<table class=\"counts\" id=\"verdict-counts\">\n"
           "<tr><th>Requirement verdicts</th><th>count</th></tr>\n";
    auto row = [&](const char* cls, const char* label, int n) {
        out += fmt::format("<tr><td><span class=\"v {}\">{}</span></td><td class=\"n\">{}</td></tr>\n", cls, label, n);
    };
    row("satisfied", "satisfied", v.satisfied);
    row("error", "failed (error)", v.error);
    row("warning", "failed (warning)", v.warning);
    row("note", "conditional (note)", v.note);
    row("suppressed", "failed, suppressed", v.suppressed);
    row("na", "not applicable", v.not_applicable);
    out += "</table>\n<table class=\"counts\" id=\"finding-counts\">\n<tr><th>All findings</th><th>count</th></tr>\n";
    row("error", "errors", f.error);
    row("warning", "warnings", f.warning);
    row("note", "notes", f.note);
    row("suppressed", "suppressed", static_cast<int>(report.suppressed.size()));
    out += "</table>\n" + chart(v, f, static_cast<int>(report.suppressed.size())) + "</div>\n";
    if (!report.notes.empty()) {
        out += "<ul class=\"notes\">\n";
        for (const auto& n : report.notes) out += fmt::format("<li>{}</li>\n", h(n));
        out += "</ul>\n";
    }
    out += "</section>\n";
    return out;
}

std::string inputs_section(const Report& report) {
    std::string out = "<section id=\"inputs\">\n<h2>Inputs</h2>\n<table>\n<tr><th>file</th><th>format</th><th>rules</th>"
                      "<th>syntax diagnostics</th><th>SHA-256</th><th>modified (UTC)</th></tr>\n";
    for (const auto& in : report.inputs)
        out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                           "<td><code>{}</code></td><td>{}</td></tr>\n",
                           h(in.file), h(in.format), in.rules, in.diagnostics, h(in.sha256), h(in.modified));
    if (report.inputs.empty()) out += "<tr><td colspan=\"6\">no input could be read</td></tr>\n";
    out += "</table>\n</section>\n";
    return out;
}

std::string requirement_set_section(const Report& report, const std::string& set) {
    auto title = report.rule_set_titles.find(set);
    std::string out = fmt::format("<section class=\"requirement-set\" id=\"set-{}\">\n<h2>Requirement set {}{}</h2>\n",
                                  h(set), h(set), title != report.rule_set_titles.end() && !title->second.empty()
                                                      ? ": " + h(title->second)
                                                      : "");
    VerdictCounts v = count_verdicts(report, set);
    out += fmt::format("<p>{} checked, {} satisfied, {} failed, {} conditional, {} suppressed, {} not applicable.</p>\n",
                       v.checked(), v.satisfied, v.error + v.warning, v.note, v.suppressed, v.not_applicable);
    const SuppressedIndex suppressed(report.suppressed);
    out += "<table>\n<colgroup><col style=\"width:10%\"><col style=\"width:22%\"><col style=\"width:12%\">"
           "<col style=\"width:30%\"><col style=\"width:26%\"></colgroup>\n"
           "<tr><th>verdict</th><th>requirement</th><th>input, chain</th><th>evidence</th>"
           "<th>details and remediation</th></tr>\n";
    for (const RequirementResult& r : report.requirements) {
        if (r.set != set) continue;
        std::string requirement = fmt::format("{}<br><code>{} {}</code>", h(r.description), h(r.statement),
                                              h(r.statement == "windows-rule" ? r.flow.from : flow_text(r.flow)));
        if (r.statement_loc.line > 0)
            requirement += fmt::format("<br><span class=\"muted\">{}:{}</span>", h(statement_file(r.statement_loc.file)),
                                       r.statement_loc.line);
        std::string where = fmt::format("<code>{}</code><br>{}{}", h(r.file), h(r.family), r.chain.empty() ? "" : " " + h(r.chain));
        std::string evidence;
        if (!r.evidence.empty()) {
            evidence = "<ul class=\"evidence\">";
            for (const auto& e : r.evidence) evidence += "<li>" + quoted_line(report, e.file, e.line, r.file) + "</li>";
            evidence += "</ul>";
        }
        std::string details;
        const SuppressedFinding* s = r.finding ? suppressed.find(*r.finding) : nullptr;
        if (r.finding)
            details = h(r.finding->message) + remediation_block(r.finding->remediation);
        else if (!r.reason.empty())
            details = h(r.reason);
        if (s) details += "<br>" + suppression_cell(*s);
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", verdict_badge(r, s),
                           requirement, where, evidence, details);
    }
    out += "</table>\n</section>\n";
    return out;
}

std::string lint_section(const Report& report) {
    std::string out = "<section id=\"lint\">\n<h2>Lint and syntax findings</h2>\n";
    std::string rows;
    for (const Finding& f : report.findings) {
        if (!f.requirement.empty()) continue;  // listed with its requirement set
        const CheckInfo* info = find_check(f.check);
        std::string where = f.loc.line > 0 ? quoted_line(report, f.loc.file, f.loc.line)
                                           : fmt::format("<code>{}</code>", h(f.loc.file));
        std::string related;
        for (const auto& r : f.related)
            related += fmt::format("{}<code>{}:{}</code>", related.empty() ? "<br><span class=\"muted\">related:</span> " : ", ",
                                   h(r.file), r.line);
        rows += fmt::format("<tr><td><span class=\"v {}\">{}</span></td><td><code>{}</code>{}</td><td>{}</td><td>{}{}{}</td></tr>\n",
                            severity_name(f.severity), severity_name(f.severity), h(f.check),
                            info ? fmt::format("<br><span class=\"muted\">{}</span>", h(info->title)) : "", where,
                            h(f.message), related, remediation_block(f.remediation));
    }
    if (rows.empty())
        out += "<p>No lint or syntax findings.</p>\n";
    else
        out += "<table>\n<tr><th>severity</th><th>check</th><th>line</th><th>finding and remediation</th></tr>\n" + rows +
               "</table>\n";
    out += "</section>\n";
    return out;
}

// Every finding a comment, the baseline or --ignore silenced, with who and why:
// an auditor sees what was accepted, not only what is left.
std::string suppressed_section(const Report& report) {
    std::string out = "<section id=\"suppressed\">\n<h2>Suppressed findings</h2>\n";
    if (report.suppressed.empty()) return out + "<p>No finding was suppressed.</p>\n</section>\n";
    out += fmt::format("<p>{} finding{} silenced by an <code>fwlint: ignore</code> comment, the baseline or "
                       "<code>--ignore</code>; they do not count for the exit code.</p>\n",
                       report.suppressed.size(), report.suppressed.size() == 1 ? "" : "s");
    out += "<table>\n<tr><th>severity</th><th>check</th><th>line</th><th>finding</th><th>suppressed by</th>"
           "<th>reason</th></tr>\n";
    for (const SuppressedFinding& s : report.suppressed) {
        const Finding& f = s.finding;
        std::string where = f.loc.line > 0 ? quoted_line(report, f.loc.file, f.loc.line)
                                           : fmt::format("<code>{}</code>", h(f.loc.file));
        std::string by = h(s.by == "comment" ? "comment" : s.by == "baseline" ? "baseline" : "--ignore");
        if (s.by == "comment" && s.where.line > 0)
            by += "<br>" + quoted_line(report, s.where.file, s.where.line, f.loc.file);
        else if (s.by == "baseline")
            by += s.where.line > 0 ? fmt::format("<br><code>{}:{}</code>", h(s.where.file), s.where.line)
                                   : fmt::format("<br><code>{}</code>", h(s.where.file));
        out += fmt::format("<tr><td><span class=\"v {}\">{}</span></td><td><code>{}</code></td><td>{}</td><td>{}{}</td>"
                           "<td>{}</td><td>{}</td></tr>\n",
                           severity_name(f.severity), severity_name(f.severity), h(f.check), where, h(f.message),
                           f.requirement.empty() ? "" : "<br><span class=\"muted\">requirement: " + h(f.requirement) + "</span>",
                           by, h(suppression_reason(s)));
    }
    out += "</table>\n</section>\n";
    return out;
}

}  // namespace

std::string render_html(const Report& report, const std::string& date) {
    std::string files;
    for (const auto& in : report.inputs) files += (files.empty() ? "" : ", ") + in.file;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<meta name=\"generator\" content=\"fwlint {}\">\n<title>fwlint audit report: {}</title>\n", FWLINT_VERSION,
                       h(files.empty() ? "no input" : files));
    out += fmt::format("<style>{}</style>\n</head>\n<body>\n<header>\n<h1>Firewall audit report</h1>\n", style);
    out += fmt::format("<p class=\"meta\">{} &middot; report date {} &middot; fwlint {}{}</p>\n</header>\n",
                       h(files.empty() ? "no input" : files), h(date), FWLINT_VERSION,
                       report.rule_sets.empty() ? "" : " &middot; requirement sets " + h(fmt::format("{}", fmt::join(report.rule_sets, ", "))));
    out += "<main>\n" + summary_section(report) + inputs_section(report);
    for (const auto& set : report.rule_sets) out += requirement_set_section(report, set);
    out += lint_section(report);
    out += suppressed_section(report);
    out += "</main>\n<footer><p class=\"muted\">Each check id is documented by <code>fwlint explain ID</code>. "
           "Evidence lines are quoted from the inputs as read.</p></footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace fwlint
