#include "cli/query_text.hpp"

#include "analyze/conditional_text.hpp"

#include <fmt/format.h>

#include "cli/commands.hpp"

namespace fwlint {

namespace {

// "lines 62, 63, 64" for a few; "2,000 lines (6 to 2005)" for many.
std::string line_list(const QueryPart& p) {
    if (p.passed_count > 12)
        return fmt::format("{} lines ({} to {})", format_count(p.passed_count), p.passed_lines.front(), p.passed_last_line);
    return fmt::format("line{} {}", p.passed_count == 1 ? "" : "s", fmt::join(p.passed_lines, ", "));
}

}  // namespace

std::string verdict_words(const std::string& verdict) {
    if (verdict == "allowed") return "allowed";
    if (verdict == "denied") return "denied";
    if (verdict == "conditional") return "allowed only if a condition holds";
    if (verdict == "unknown") return "unknown";
    return "partly allowed";
}

std::string query_parts_text(const QueryResult& r, const std::string& indent) {
    std::string out;
    for (const auto& p : r.parts) {
        const char* label = p.verdict == FlowVerdict::allowed       ? "allowed"
                            : p.verdict == FlowVerdict::conditional ? "allowed only if a condition holds"
                            : p.verdict == FlowVerdict::denied      ? "denied"
                                                                    : "decided by an unmodelled target";
        out += fmt::format("{}{}: {}\n", indent, label, p.packets.to_string());
        out += fmt::format("{}  by {}\n", indent, format_line_ref(p.line));
        if (p.passed_count > 0)
            out += fmt::format("{}  after {} of {} (none decided it)\n", indent, line_list(p), p.line.chain);
        for (const auto& l : p.also) out += fmt::format("{}  also matched by {}\n", indent, format_line_ref(l));
        for (const auto& l : p.overrides) out += fmt::format("{}  overriding {}\n", indent, format_line_ref(l));
        for (const auto& l : p.disabled)
            out += fmt::format("{}  would be allowed by {} (disabled)\n", indent, format_line_ref(l));
        if (!p.depends_on.empty()) out += fmt::format("{}  {}\n", indent, only_if(p.depends_on));
    }
    return out;
}

nlohmann::ordered_json line_ref_json(const LineRef& l) {
    nlohmann::ordered_json j;
    j["file"] = l.file;
    j["line"] = l.line;
    j["chain"] = l.chain;
    j["text"] = l.text;
    if (!l.label.empty()) j["label"] = l.label;
    if (!l.rule_id.empty()) j["rule_id"] = l.rule_id;
    return j;
}

nlohmann::ordered_json query_parts_json(const QueryResult& r) {
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& p : r.parts) {
        nlohmann::ordered_json pj;
        pj["packets"] = p.packets.to_string();
        pj["verdict"] = flow_verdict_name(p.verdict);
        pj["file"] = p.line.file;
        pj["line"] = p.line.line;
        pj["chain"] = p.line.chain;
        pj["text"] = p.line.text;
        pj["policy"] = p.line.policy;
        if (!p.line.label.empty()) pj["label"] = p.line.label;
        if (!p.line.rule_id.empty()) pj["rule_id"] = p.line.rule_id;
        pj["conditions"] = p.conditions;
        if (p.verdict == FlowVerdict::conditional) pj["depends_on"] = p.depends_on;
        pj["passed_lines"] = p.passed_lines;
        pj["passed_count"] = p.passed_count;
        if (p.passed_count > 0) pj["passed_last_line"] = p.passed_last_line;
        for (auto [key, lines] : {std::pair{"also", &p.also}, std::pair{"overrides", &p.overrides},
                                  std::pair{"disabled", &p.disabled}}) {
            if (lines->empty()) continue;
            auto& a = pj[key] = nlohmann::ordered_json::array();
            for (const auto& l : *lines) a.push_back(line_ref_json(l));
        }
        parts.push_back(std::move(pj));
    }
    return parts;
}

}  // namespace fwlint
