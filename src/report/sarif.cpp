// SARIF 2.1.0 (OASIS) for GitHub code scanning and other SARIF viewers.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checks/catalog.hpp"
#include "report/digest.hpp"
#include "report/baseline.hpp"
#include "report/report.hpp"

namespace fwlint {

namespace {

using json = nlohmann::ordered_json;

// GitHub rejects a result with more than 1,000 locations (and shows 100):
// a rule shadowed by thousands of others names the first ones.
constexpr std::size_t max_related_locations = 100;
namespace fs = std::filesystem;

// RFC 3986 path characters stay, everything else is percent-encoded.
std::string percent_encode_path(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos)
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

struct ArtifactUri {
    std::string uri;
    bool relative = true;  // relative to %SRCROOT% (the base directory)
};

// Paths under the base directory become relative URIs (what code scanning
// matches against the repository); others become absolute file: URIs.
ArtifactUri artifact_uri(const std::string& file, const std::string& base_dir) {
    fs::path p = fs::path(file).lexically_normal();
    fs::path base = fs::path(base_dir).lexically_normal();
    if (p.is_absolute() && !base.empty()) {
        fs::path rel = p.lexically_relative(base);
        if (!rel.empty() && *rel.begin() != "..") p = rel;
    }
    if (p.is_relative() && (p.empty() || *p.begin() != "..")) return {percent_encode_path(p.generic_string()), true};
    fs::path abs = p.is_absolute() ? p : (base / p).lexically_normal();
    return {"file://" + percent_encode_path(abs.generic_string()), false};
}

// Characters (code points: the run's columnKind) of a UTF-8 line.
int code_points(std::string_view text) {
    int n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

// GitHub code scanning wants the whole region (startLine, startColumn,
// endLine, endColumn: "required" in its SARIF support table): the finding's
// line from its column to the line's end, when the line's text is known.
json physical_location(const std::string& file, int line, int column, const std::string& base_dir,
                       const std::string* line_text) {
    ArtifactUri a = artifact_uri(file, base_dir);
    json artifact = {{"uri", a.uri}};
    if (a.relative) artifact["uriBaseId"] = "%SRCROOT%";
    json loc = {{"artifactLocation", artifact}};
    if (line > 0) {
        const int start = column > 0 ? column : 1;
        json region = {{"startLine", line}, {"startColumn", start}, {"endLine", line}};
        // An error just past the line's end (a truncated rule) is an empty region there.
        if (line_text) region["endColumn"] = std::max(start, code_points(*line_text) + 1);
        loc["region"] = std::move(region);
    }
    return loc;
}

// GitHub's limits on what it displays (SARIF support for code scanning):
// rule names 255 characters, short and full descriptions 1,024.
std::string at_most(const std::string& text, std::size_t chars) {
    if (static_cast<std::size_t>(code_points(text)) <= chars) return text;
    std::size_t n = 0, at = 0;
    for (; at < text.size(); ++at)
        if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && ++n > chars - 3) break;
    return text.substr(0, at) + "...";
}

const char* sarif_level(Severity s) {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

std::string help_text(const CheckInfo& c) {
    return fmt::format("{} {}: {}\n\nDetects: {}\n\nWhy it matters: {}\n\nExample: {}\n\nFix: {}", c.id, c.kind, c.title,
                       c.detects, c.why, c.example, c.fix);
}

std::string help_markdown(const CheckInfo& c) {
    return fmt::format("**{}** ({}, default {}): {}\n\n**Detects.** {}\n\n**Why it matters.** {}\n\n**Example.**\n\n"
                       "```\n{}\n```\n\n**Fix.** {}",
                       c.id, c.kind, severity_name(c.severity), c.title, c.detects, c.why, c.example, c.fix);
}

// SARIF wants a rule name that reads like an identifier: the title in
// PascalCase ("a rule whose removal changes nothing" -> "ARuleWhoseRemovalChangesNothing").
std::string rule_name(const CheckInfo& c) {
    std::string out;
    bool start = true;
    for (char ch : std::string_view(c.title)) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) {
            start = true;
            continue;
        }
        out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
        start = false;
    }
    return out;
}

json rule_entry(const CheckInfo& c) {
    return {{"id", c.id},
            {"name", at_most(rule_name(c), 255)},
            {"shortDescription", {{"text", at_most(c.title, 1024)}}},
            {"fullDescription", {{"text", at_most(c.detects, 1024)}}},
            {"help", {{"text", help_text(c)}, {"markdown", help_markdown(c)}}},
            {"defaultConfiguration", {{"level", sarif_level(c.severity)}}},
            {"properties", {{"tags", json::array({"firewall", c.kind})}}}};
}

}  // namespace

std::string render_sarif(const Report& report, const std::string& base_dir) {
    json rules = json::array();
    std::map<std::string, int> rule_index;
    for (const CheckInfo& c : check_catalog()) {
        rule_index[c.id] = static_cast<int>(rules.size());
        rules.push_back(rule_entry(c));
    }

    json results = json::array();
    // Findings with the same check, file, line text and requirement (two
    // identical rules) are told apart by their order: "hash:1", "hash:2".
    std::map<std::string, int> seen;
    // One hash per check, line and requirement, not per finding: a 1 MB line with
    // thousands of findings on it is normalised and hashed once.
    std::map<std::tuple<std::string_view, std::string_view, int, std::string_view>, std::string> keys;
    auto result_of = [&](const Finding& f) {
        std::string uri = artifact_uri(f.loc.file, base_dir).uri;
        auto [known, added] = keys.try_emplace({f.check, f.loc.file, f.loc.line, f.requirement});
        if (added) {
            const std::string* text = report.quoted.find(f.loc.file, f.loc.line);
            known->second = sha256_hex(fmt::format("{}\n{}\n{}\n{}", f.check, uri,
                                                   text ? normalise_rule_text(*text) : std::string(), f.requirement));
        }
        const std::string& key = known->second;
        std::string message = f.message;
        for (const auto& line : f.remediation) message += "\nfix: " + line;
        json result = {{"ruleId", f.check}};
        if (auto it = rule_index.find(f.check); it != rule_index.end()) result["ruleIndex"] = it->second;
        result["level"] = sarif_level(f.severity);
        result["message"] = {{"text", message}};
        // A finding about the whole file (no line: `line: null` in JSON) stands
        // on line 1: code scanning shows no result without a region.
        const bool whole_file = f.loc.line <= 0 && !f.loc.file.empty();
        const int line = whole_file ? 1 : f.loc.line, column = whole_file ? 1 : f.loc.column;
        result["locations"] = json::array({{{"physicalLocation",
                                             physical_location(f.loc.file, line, column, base_dir,
                                                               report.quoted.find(f.loc.file, line))}}});
        if (whole_file) {
            result["properties"]["wholeFile"] = true;
            // Line 1's text is not held (a file without rules): an empty region at
            // its start, which fits every file.
            auto& region = result["locations"][0]["physicalLocation"]["region"];
            if (!region.contains("endColumn")) region["endColumn"] = 1;
        }
        if (!f.related.empty()) {
            json related = json::array();
            int id = 1;
            for (const auto& r : f.related) {
                if (related.size() == max_related_locations) {
                    result["properties"]["relatedLinesLeftOut"] = f.related.size() - max_related_locations;
                    break;
                }
                const std::string* rt = report.quoted.find(r.file, r.line);
                related.push_back({{"id", id++},
                                   {"physicalLocation", physical_location(r.file, r.line, 1, base_dir, rt)},
                                   {"message", {{"text", rt ? "related: " + *rt : fmt::format("related line {}", r.line)}}}});
            }
            result["relatedLocations"] = related;
        }
        // Code scanning matches results across uploads by primaryLocationLineHash
        // only (any other key is ignored, and the upload-sarif action would hash
        // the line's surroundings instead): it gets the same line-move-proof hash,
        // in the 16-hex-digit form GitHub's own fingerprints have.
        const int occurrence = ++seen[key];
        result["partialFingerprints"] = {{"fwlintFindingHash/v1", fmt::format("{}:{}", key, occurrence)},
                                         {"primaryLocationLineHash", fmt::format("{}:{}", key.substr(0, 16), occurrence)}};
        json properties = {{"kind", f.kind}};
        if (!f.requirement.empty()) properties["requirement"] = f.requirement;
        if (!f.remediation.empty()) properties["remediation"] = f.remediation;
        if (result.contains("properties")) properties.update(result["properties"]);
        result["properties"] = properties;
        return result;
    };
    for (const Finding& f : report.findings) results.push_back(result_of(f));
    // Suppressed findings are results too, with a `suppressions` entry: code
    // scanning shows them as dismissed instead of forgetting them. A comment
    // in the config is "inSource"; the baseline file and --ignore are "external".
    for (const SuppressedFinding& s : report.suppressed) {
        json result = result_of(s.finding);
        json suppression = {{"kind", s.by == "comment" ? "inSource" : "external"}, {"status", "accepted"}};
        if (!s.reason.empty()) suppression["justification"] = s.reason;
        if (s.by == "comment" || s.by == "baseline")
            suppression["location"] = {{"physicalLocation", physical_location(s.where.file, s.where.line, s.where.column,
                                                                              base_dir, nullptr)}};
        result["suppressions"] = json::array({suppression});
        result["properties"]["suppressedBy"] = s.by;
        results.push_back(std::move(result));
    }

    // No informationUri: the project has no public home page, and the field is
    // optional; an invented URL would send users nowhere.
    json driver = {{"name", "fwlint"}, {"version", FWLINT_VERSION}, {"semanticVersion", FWLINT_VERSION}, {"rules", rules}};
    json run = {{"tool", {{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}};
    // Relative URIs name their base (SARIF 3.14.14; GitHub's "relative URI
    // guidance for SARIF producers"): %SRCROOT% is the directory fwlint ran in.
    if (!base_dir.empty()) {
        std::string root = artifact_uri(fs::path(base_dir).lexically_normal().string(), "").uri;
        if (root.empty() || root.back() != '/') root += '/';
        run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root}, {"description", {{"text", "the directory fwlint was run in (the repository root)"}}}}}};
    }
    run["results"] = std::move(results);
    json doc = {{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({run})}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace fwlint
