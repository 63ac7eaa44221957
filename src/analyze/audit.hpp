#pragma once
// The requirement audit: one verdict per requirement and policy on its path.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyze/finding.hpp"
#include "analyze/requirement_result.hpp"
#include "ir/requirement.hpp"
#include "ir/rule.hpp"
#include "parse/role_binding.hpp"

namespace fwlint {

struct AuditOptions {
    const RequirementSet* set = nullptr;
    std::vector<ResolvedStatement> statements;
    std::map<std::string, RoleBinding> roles;  // roles bound with --role
    std::optional<std::string> host_role;      // --host ROLE: audit that host's INPUT/OUTPUT
    std::vector<std::string> acls;             // --acl NAME...: a Cisco flow's path, in order
    std::string windows_profile = "domain";    // --profile: the Windows profile the host's interfaces are in
};

struct AuditSummary {
    int checked = 0;      // (statement, policy) pairs evaluated
    int satisfied = 0;
    int not_applicable = 0;  // not on this host's path, or no address of this family
    std::vector<std::string> unbound_roles;  // checked as "any address"
    std::vector<RequirementResult> results;  // one per statement and policy, in audit order

    // Adds another input's summary (check runs one audit per file, in parallel).
    void add(const AuditSummary& other) {
        checked += other.checked;
        satisfied += other.satisfied;
        not_applicable += other.not_applicable;
        for (const auto& role : other.unbound_roles)
            if (std::find(unbound_roles.begin(), unbound_roles.end(), role) == unbound_roles.end())
                unbound_roles.push_back(role);
        results.insert(results.end(), other.results.begin(), other.results.end());
    }
};

// Audits every filter-table policy of `input`. Findings name lines of `input`.
std::vector<Finding> audit_requirements(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary);

}  // namespace fwlint
