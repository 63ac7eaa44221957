#pragma once
// `query` on a device whose ACLs are bound to interfaces (Cisco IOS, ASA,
// NX-OS): the flow crosses the ACLs of its path (named with --acl, or found
// from the interfaces as `check` finds them: cisco_path.hpp), each answered by
// query_flow (first match, implicit deny). Never prints.
#include <string>
#include <vector>

#include "analyze/query.hpp"

namespace fwlint {

struct AclQueryHop {
    std::string acl;
    std::string where;  // "in on GigabitEthernet0/0", "named with --acl", "path unknown: asked alone"
    QueryResult result; // the part of the flow that crosses this ACL
    // The part of result.flow that earlier ACLs of the path did not deny: the
    // packets that do reach this one (a known path only).
    PacketSet reached;
};

struct AclQueryResult {
    Family family = Family::v4;
    PacketSet flow;
    // "allowed" | "denied" | "partial" | "conditional" | "unknown"
    std::string verdict;
    PacketSet allowed, conditional, denied, unknown_path;  // a partition of `flow`
    PacketSet no_acl;  // part of `allowed` that crosses no ACL (IOS, NX-OS: nothing filters it)
    std::vector<AclQueryHop> hops;  // in path order
    bool path_known = true;  // false: hops are every ACL of the family, each asked alone
    std::vector<std::string> notes;  // why the path is (partly) unknown
};

// Evaluates `flow` (src x dst of family `f`, with protocol and ports) along
// the ACL path of `input`. `acls` non-empty: that path, in order (names not
// defined for `f` are skipped: the caller checks them). Without it, the
// interface path; a flow whose path is entirely unknown is asked of every ACL
// of the family separately, and its verdict is "unknown".
AclQueryResult query_acl_path(const ParsedInput& input, Family f, const IntervalSet& src, const IntervalSet& dst,
                              const PacketSet& flow, const std::vector<std::string>& acls);

// The ACL names of `input` defined for family `f`, in file order.
std::vector<std::string> acl_names(const ParsedInput& input, Family f);

}  // namespace fwlint
