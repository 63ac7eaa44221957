#include "analyze/requirement_result.hpp"

#include "ir/packet_set.hpp"

namespace fwlint {

RequirementResult requirement_result(const std::string& set, const ResolvedStatement& rs, const std::string& file,
                                     Family family) {
    const FlowStatement& st = *rs.statement;
    RequirementResult r;
    r.set = set;
    r.statement = statement_kind_name(st.kind);
    r.description = st.kind == StatementKind::windows_rule && st.description.empty() ? st.rule_id : st.description;
    r.flow = FlowRef{st.from, st.to, format_protocols(rs.protocols),
                     rs.ports.is_all(max_port) ? "" : format_ports(rs.ports)};
    r.statement_loc = st.loc;
    r.file = file;
    r.family = family_name(family);
    return r;
}

void settle_result(RequirementResult& result, const std::vector<Finding>& findings, std::size_t findings_before) {
    if (findings.size() > findings_before) {
        const Finding& f = findings.back();
        result.verdict = f.kind;
        result.finding = f;
        result.evidence.clear();
        if (f.loc.line > 0) result.evidence.push_back(RelatedLine{f.loc.file, f.loc.line});
        for (const auto& r : f.related) result.evidence.push_back(r);
    } else {
        result.verdict = "satisfied";
    }
}

}  // namespace fwlint
