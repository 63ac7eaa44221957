#pragma once
// One verdict per requirement statement and audited policy: what the JUnit,
// HTML and Markdown reports list, satisfied requirements included (findings
// only exist for the failed ones).
#include <optional>
#include <string>
#include <vector>

#include "analyze/finding.hpp"

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

}  // namespace fwlint
