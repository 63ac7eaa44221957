#pragma once
// The requirement audit on a device whose ACLs are bound to interfaces
// (Cisco IOS, ASA, NX-OS): which ACLs a flow crosses, and the verdict of each.
#include <deque>
#include <string>
#include <vector>

#include "analyze/audit.hpp"

namespace fwlint {

// One ACL on a flow's path and the part of the flow that crosses it.
struct AclHop {
    // The lists the flow meets here, in order, the implicit deny after the
    // last: one ACL, or on the ASA the interface ACL then the global ones
    // (never copied into one list: an interface ACL can have 100,000 entries).
    std::vector<const Policy*> acls;
    std::string name;   // "SERVERS-IN"; ASA: "DMZ_IN then GLOBAL_ACL"
    std::string where;  // "in on GigabitEthernet0/0", "out on dmz", "named with --acl"
    IntervalSet src, dst;
};

struct AclPath {
    std::vector<AclHop> hops;
    std::vector<std::string> unknown;  // "path unknown" notes: addresses no interface holds
    // The source and destination addresses whose interface neither a
    // connected subnet nor a static route decides (empty with --acl).
    IntervalSet src_unknown, dst_unknown;
};

// The flow src -> dst (family f): in through the inbound ACL of the
// interface whose connected subnet holds the source (then ASA global ACLs),
// out through the outbound ACL of the interface whose subnet holds the
// destination; an address outside every connected subnet is behind the
// interface its static route leaves by (analyze/cisco_routes.hpp). `acls` (from --acl), when given, is the path instead.
AclPath acl_path(const ParsedInput& input, Family f, const IntervalSet& src, const IntervalSet& dst,
                 const std::vector<std::string>& acls);

// The hop's lists as one Policy (for query_flow): the ACL itself, or an ASA
// interface+global combination copied into `storage` once per name.
const Policy& hop_policy(const AclHop& hop, std::deque<Policy>& storage);

// True for inputs whose policies are interface ACLs (Cisco).
bool is_acl_device(const ParsedInput& input);

// The audit of `input` along each flow's ACL path.
std::vector<Finding> audit_acl_device(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary);

}  // namespace fwlint
