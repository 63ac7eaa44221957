#include "checks/suppress.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checks/catalog.hpp"

namespace fwlint {

namespace {

Finding suppression_warning(const SuppressionComment& c, std::string message) {
    Finding f;
    f.check = "FW009";
    f.kind = "suppression";
    f.severity = Severity::warning;
    f.loc = c.loc;
    f.message = std::move(message);
    return f;
}

}  // namespace

std::vector<SuppressedFinding> apply_suppression_comments(const ParsedInput& input, std::vector<Finding>& findings,
                                                          const std::function<bool(std::string_view)>& ran) {
    std::vector<SuppressedFinding> out;
    if (input.suppressions.empty()) return out;
    // The lines a comment can apply to: rules and chain headers (a chain
    // policy is where "nothing allows this flow" findings point).
    std::vector<int> targets;
    std::vector<const Chain*> chains;
    for (const auto& p : input.policies)
        for (const auto& c : p.chains) {
            if (c.loc.line > 0) targets.push_back(c.loc.line);
            chains.push_back(&c);
            for (const auto& r : c.rules)
                if (r.loc.line > 0) targets.push_back(r.loc.line);
        }
    std::sort(targets.begin(), targets.end());
    // A comment aimed (by its reader) at an entry of a list whose header line
    // stands between them: a Cisco "!" right above an ASA or numbered list
    // that starts with a remark. The header (that remark) is where list-wide
    // findings point (FW401, the implicit deny), so the comment covers it too.
    auto list_header_before = [&](const SuppressionComment& comment, int next) {
        if (comment.target_line <= next) return 0;
        for (const Chain* c : chains)
            if (c->loc.line == next && c->loc.file == input.file &&
                std::any_of(c->rules.begin(), c->rules.end(),
                            [&](const Rule& r) { return r.loc.line == comment.target_line; }))
                return next;
        return 0;
    };

    std::vector<Finding> warnings;
    for (const auto& comment : input.suppressions) {
        if (!comment.error.empty()) {
            warnings.push_back(suppression_warning(comment, comment.error));
            continue;
        }
        // Script and Cisco remark comments come aimed by their reader (target_line).
        auto next = std::upper_bound(targets.begin(), targets.end(), comment.loc.line);
        int target = comment.target_line > 0   ? comment.target_line
                     : comment.target_line < 0 ? 0
                     : next == targets.end()   ? 0
                                               : *next;
        const int header = next == targets.end() ? 0 : list_header_before(comment, *next);
        const char* what = comment.target_line == 0                  ? "rule"
                           : input.format.rfind("cisco-", 0) == 0 ? "entry of its access list"
                                                                  : "command";
        for (const auto& id : comment.checks) {
            if (!find_check(id)) {
                warnings.push_back(suppression_warning(
                    comment, fmt::format("'fwlint: ignore {}': {} is not a check id (`fwlint explain ID`, docs/checks.md)",
                                         id, id)));
                continue;
            }
            std::size_t before = out.size();
            auto silenced = [&](const Finding& f) {
                return target > 0 && f.check == id && (f.loc.line == target || (header > 0 && f.loc.line == header)) &&
                       f.loc.file == input.file;
            };
            auto first = std::stable_partition(findings.begin(), findings.end(),
                                               [&](const Finding& f) { return !silenced(f); });
            for (auto it = first; it != findings.end(); ++it)
                out.push_back(SuppressedFinding{std::move(*it), "comment", comment.loc, comment.reason});
            findings.erase(first, findings.end());
            if (out.size() == before && ran(id))
                warnings.push_back(suppression_warning(
                    comment, target == 0 ? fmt::format("'fwlint: ignore {}': no {} follows this comment", id, what)
                                         : fmt::format("'fwlint: ignore {}' suppresses nothing: no {} finding on line "
                                                       "{}, the next {}",
                                                       id, id, target, what)));
        }
    }
    for (auto& w : warnings) findings.push_back(std::move(w));
    return out;
}

}  // namespace fwlint
