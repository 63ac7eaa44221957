#pragma once
// Requirement sets (rules/*.fwreq) as values: roles, parameters and flow
// statements, plus the concrete flows they resolve to once parameters are set.
#include <optional>
#include <string>
#include <vector>

#include "ir/diagnostic.hpp"
#include "ir/interval_set.hpp"

namespace fwlint {

struct Role {
    std::string name;
    std::string description;
    SourceLocation loc;
};

struct Param {
    std::string name;
    std::string default_value;  // "no", "yes", "49152-65535", "50000"
    std::string description;
    SourceLocation loc;
};

// "tcp 443", "tcp+udp 389", "tcp 135, $rpc_dynamic", "any".
struct ServiceSpec {
    std::vector<unsigned> protocols;       // empty = any protocol
    std::vector<std::string> port_terms;   // "443", "1024-65535", "$rpc_dynamic"; empty = any port
    bool to_required = false;              // limit only: "tcp to required"
    SourceLocation loc;
};

// "when legacy_rpc: tcp 1024-65535": replaces the statement's services when
// the boolean parameter is yes.
struct WhenClause {
    std::string param;
    ServiceSpec services;
    SourceLocation loc;
};

enum class StatementKind {
    require,       // the flow must be allowed
    forbid,        // the flow must not be allowed (an allow is "unneeded")
    limit,         // allows between these roles beyond the bound are "broad"
    windows_rule,  // a built-in Windows rule that must be enabled
};

const char* statement_kind_name(StatementKind k);

struct FlowStatement {
    StatementKind kind = StatementKind::require;
    std::string from;  // role names; for windows_rule: `from` is the host role
    std::string to;
    ServiceSpec services;
    std::string description;            // the quoted text after the services
    std::string source;                 // "source" sub-line: the seed it comes from
    std::vector<std::string> notes;     // "note" sub-lines
    std::vector<WhenClause> when;
    // windows_rule only: the rule ID and the display names it goes by.
    std::string rule_id;
    std::vector<std::string> display_names;
    SourceLocation loc;
};

struct RequirementSet {
    std::string name;    // "cep"
    std::string title;   // "Certificate Enrollment Policy Web Service (CEP)"
    std::string source;  // the seed document
    std::string file;
    std::vector<Role> roles;
    std::vector<Param> params;
    std::vector<FlowStatement> statements;

    const Role* find_role(std::string_view n) const {
        for (const auto& r : roles)
            if (r.name == n) return &r;
        return nullptr;
    }
    const Param* find_param(std::string_view n) const {
        for (const auto& p : params)
            if (p.name == n) return &p;
        return nullptr;
    }
};

// A statement with parameters applied: concrete protocols and ports.
struct ResolvedStatement {
    const FlowStatement* statement = nullptr;
    IntervalSet protocols;   // full 0-255 for "any"
    IntervalSet ports;       // full 0-65535 for "any"
    std::vector<std::string> notes;  // e.g. "legacy_rpc=yes: 1024-65535"
};

}  // namespace fwlint
