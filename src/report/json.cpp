#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace fwlint {

std::string render_json(const Report& report) {
    using json = nlohmann::ordered_json;
    json inputs = json::array();
    for (const auto& in : report.inputs)
        inputs.push_back({{"file", in.file}, {"format", in.format}, {"rules", in.rules}, {"diagnostics", in.diagnostics}});
    auto finding_json = [](const Finding& f) {
        json flow = nullptr;
        if (f.flow)
            flow = {{"from", f.flow->from}, {"to", f.flow->to}, {"protocol", f.flow->protocol},
                    {"ports", f.flow->ports}};
        json related = json::array();
        for (const auto& r : f.related) related.push_back({{"file", r.file}, {"line", r.line}});
        json remediation = nullptr;
        if (!f.remediation.empty()) {
            std::string joined;
            for (const auto& line : f.remediation) joined += (joined.empty() ? "" : "\n") + line;
            remediation = joined;
        }
        return json{
            {"check", f.check},
            {"kind", f.kind},
            {"severity", severity_name(f.severity)},
            {"file", f.loc.file},
            {"line", f.loc.line > 0 ? json(f.loc.line) : json(nullptr)},
            {"column", f.loc.line > 0 ? json(f.loc.column > 0 ? f.loc.column : 1) : json(nullptr)},
            {"message", f.message},
            {"requirement", f.requirement.empty() ? json(nullptr) : json(f.requirement)},
            {"flow", flow},
            {"related", related},
            {"remediation", remediation},
        };
    };
    json findings = json::array();
    for (const Finding& f : report.findings) findings.push_back(finding_json(f));
    json suppressed = json::array();
    for (const SuppressedFinding& s : report.suppressed) {
        json entry = finding_json(s.finding);
        entry["suppressed_by"] = s.by;
        entry["reason"] = s.reason;
        entry["suppression"] = {{"file", s.where.file},
                                {"line", s.where.line > 0 ? json(s.where.line) : json(nullptr)}};
        suppressed.push_back(std::move(entry));
    }
    json summary = {{"checked", report.checked},
                    {"satisfied", report.satisfied},
                    {"not_applicable", report.not_applicable},
                    {"rule_sets", report.rule_sets},
                    {"notes", report.notes}};
    json doc = {{"fwlint", FWLINT_VERSION}, {"inputs", inputs}, {"findings", findings}, {"suppressed", suppressed}, {"summary", summary}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace fwlint
