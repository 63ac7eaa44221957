#include "checks/lint.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/evaluate.hpp"
#include "analyze/remediation.hpp"
#include "analyze/shadowing.hpp"

namespace fwlint {

namespace {

std::string target_name(const Rule& r) {
    if (r.action == Action::ret) return "RETURN";
    if (r.action == Action::go_to) return "goto " + r.target;
    if (r.action == Action::jump) return "jump to " + r.target;
    return r.target.empty() ? "no target" : r.target;
}

std::string lines_text(const Chain& chain, const std::vector<std::size_t>& rules) {
    std::vector<int> lines;
    for (std::size_t k : rules) lines.push_back(chain.rules[k].loc.line);
    return fmt::format("line{} {}", lines.size() == 1 ? "" : "s", fmt::join(lines, ", "));
}

std::string conditions_text(const Rule& r) {
    std::vector<std::string> names;
    for (const auto& c : r.conditions) names.push_back(c.name);
    return fmt::format("{}", fmt::join(names, ", "));
}

Finding base(const Policy& policy, const Chain& chain, std::size_t index, const char* check, const char* kind,
             Severity severity) {
    const Rule& r = chain.rules[index];
    Finding f;
    f.check = check;
    f.kind = kind;
    f.severity = severity;
    f.loc = r.loc;
    f.remediation.push_back(iptables_delete(policy.family, chain.name, int(index) + 1));
    return f;
}

void lint_chain(const Policy& policy, const Chain& chain, std::vector<Finding>& out) {
    auto shadowed = find_shadowed(chain, policy.family);
    for (const auto& s : shadowed) {
        const Rule& r = chain.rules[s.rule];
        Finding f = base(policy, chain, s.rule, "FW201", "shadowed", Severity::warning);
        std::string earlier = lines_text(chain, s.covering);
        bool one = s.covering.size() == 1;
        if (s.same_action) {
            f.message = fmt::format("redundant: never reached in chain {}; earlier {} already {} the same", chain.name,
                                    earlier, one ? "does" : "do");
        } else {
            std::vector<std::string> theirs;
            for (std::size_t k : s.covering) {
                std::string t = target_name(chain.rules[k]);
                if (std::find(theirs.begin(), theirs.end(), t) == theirs.end()) theirs.push_back(t);
            }
            f.message = fmt::format(
                "dead: never reached in chain {}; earlier {} {} its traffic with a different action ({}, this rule "
                "{}) - probably a bug",
                chain.name, earlier, one ? "takes" : "take", fmt::join(theirs, ", "), target_name(r));
        }
        if (!r.conditions.empty())
            f.message += fmt::format(" (its own unmodelled conditions, {}, only narrow it)", conditions_text(r));
        for (std::size_t k : s.covering) f.related.push_back(RelatedLine{chain.rules[k].loc.file, chain.rules[k].loc.line});
        out.push_back(std::move(f));
    }

    for (const auto& red : find_redundant(chain, policy.family, shadowed)) {
        const Rule& r = chain.rules[red.rule];
        Finding f = base(policy, chain, red.rule, "FW202", "lint", Severity::note);
        std::string who;
        std::size_t n = red.deciders.size() + (red.policy_decides ? 1 : 0);
        if (!red.deciders.empty()) who = lines_text(chain, red.deciders);
        if (red.policy_decides) {
            std::string pol = fmt::format("the {} policy {}", chain.name, chain.policy == Action::accept ? "ACCEPT" : "DROP");
            if (chain.loc.line > 0) pol += fmt::format(" (line {})", chain.loc.line);
            who = who.empty() ? pol : who + " and " + pol;
        }
        bool plural = n > 1 || red.deciders.size() > 1;
        f.message = fmt::format("redundant: removing line {} changes nothing in chain {}; {} {} the same verdict ({})",
                                r.loc.line, chain.name, who, plural ? "give" : "gives", target_name(r));
        if (!r.conditions.empty())
            f.message += fmt::format(" (whatever its unmodelled conditions, {}, are)", conditions_text(r));
        for (std::size_t k : red.deciders)
            f.related.push_back(RelatedLine{chain.rules[k].loc.file, chain.rules[k].loc.line});
        if (red.policy_decides && chain.loc.line > 0) f.related.push_back(RelatedLine{chain.loc.file, chain.loc.line});
        out.push_back(std::move(f));
    }
}

}  // namespace

std::vector<Finding> lint_policy(const ParsedInput& input) {
    std::vector<Finding> out;
    for (const Policy& policy : input.policies) {
        if (policy.name != "filter" || policy.order != EvaluationOrder::first_match) continue;
        for (const Chain& chain : policy.chains) lint_chain(policy, chain, out);
    }
    return out;
}

}  // namespace fwlint
