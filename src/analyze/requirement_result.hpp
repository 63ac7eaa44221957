#pragma once
// One verdict per requirement statement and audited policy: what the JUnit,
// HTML and Markdown reports list, satisfied requirements included (findings
// only exist for the failed ones).
#include <optional>
#include <string>
#include <vector>

#include "analyze/finding.hpp"
#include "ir/address.hpp"
#include "ir/requirement.hpp"

namespace fwlint {

struct RequirementResult {
    std::string set;          // "cep"
    std::string statement;    // "require", "forbid", "limit", "windows-rule"
    std::string description;  // the statement's quoted text
    FlowRef flow;             // roles, protocols and ports as resolved
    SourceLocation statement_loc;  // the statement in the .fwreq file
    std::string file;         // the audited input
    std::string family;       // "IPv4", "IPv6"
    std::string chain;        // "FORWARD", "INPUT", "OUTPUT"; empty when not applicable
    // "satisfied", "not applicable", or the kind of the finding (missing,
    // partial, shadowed, broad, unneeded).
    std::string verdict;
    std::string reason;       // why not applicable
    std::optional<Finding> finding;  // the finding when not satisfied
    // Lines that show the verdict: the rules (or chain policy) accepting a
    // satisfied required flow, dropping a forbidden one, or those the finding names.
    std::vector<RelatedLine> evidence;
};

// The result for statement `rs` of set `set`, checked on `file`'s `family`
// policies; the verdict is still to be settled.
RequirementResult requirement_result(const std::string& set, const ResolvedStatement& rs, const std::string& file,
                                     Family family);

// The verdict from what checking the statement added to `findings` (those past
// `findings_before`): the last finding's kind, with its lines as evidence, or "satisfied".
void settle_result(RequirementResult& result, const std::vector<Finding>& findings, std::size_t findings_before);

}  // namespace fwlint
