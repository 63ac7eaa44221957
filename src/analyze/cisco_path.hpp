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
    const Policy* policy = nullptr;  // the ACL (ASA: the interface ACL followed by the global ones)
    std::string where;               // "in on GigabitEthernet0/0", "out on dmz", "named with --acl"
    IntervalSet src, dst;
};

struct AclPath {
    std::vector<AclHop> hops;
    std::vector<std::string> unknown;  // "path unknown" notes: addresses no interface holds
};

// The flow src -> dst (family f): in through the inbound ACL of the
// interface whose connected subnet holds the source (then ASA global ACLs),
// out through the outbound ACL of the interface whose subnet holds the
// destination. `acls` (from --acl), when given, is the path instead.
// ASA interface+global combinations are built in `storage`.
AclPath acl_path(const ParsedInput& input, Family f, const IntervalSet& src, const IntervalSet& dst,
                 const std::vector<std::string>& acls, std::deque<Policy>& storage);

// True for inputs whose policies are interface ACLs (Cisco).
bool is_acl_device(const ParsedInput& input);

// The audit of `input` along each flow's ACL path.
std::vector<Finding> audit_acl_device(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary);

}  // namespace fwlint
