#pragma once
// `diff`: what a new configuration allows or denies that the old one did
// not, chain by chain, over the whole packet space. Answered by
// evaluate_chain in both ConditionModes; never prints.
#include <string>
#include <vector>

#include "analyze/query.hpp"
#include "ir/rule.hpp"

namespace fwlint {

struct DiffChange {
    std::string chain;  // INPUT, FORWARD, OUTPUT; "ACL CLIENTS-IN"; "inbound domain IPv4"
    bool newly_allowed = true;  // false: newly denied
    // Only under some assumption about unmodelled conditions (-i, -m set...):
    // the change shows in one ConditionMode and not the other.
    bool conditional = false;
    std::vector<std::string> conditions;  // "ipset trusted src (old.rules:12)"
    // What the change depends on, per rule (analyze/condition_clause.hpp) and
    // interface: "when it enters on eth0", "on new.rules:12, ipset trusted src
    // holds, unless, on old.rules:9, ... holds"; parts joined with "; ".
    std::string depends_on;
    PacketSet packets;                    // compacted
    // Newly allowed: the NEW lines that accept, the OLD lines/policies that
    // denied. Newly denied: the NEW lines/policies that drop, the OLD lines
    // that accepted.
    std::vector<LineRef> now;
    std::vector<LineRef> before;
};

struct DiffResult {
    Family family = Family::v4;
    std::vector<std::string> chains;   // compared, in order
    std::vector<DiffChange> changes;   // per chain: newly allowed, then newly denied
    std::vector<std::string> notes;   // e.g. a chain present in one file only
    bool any_newly_allowed() const {
        for (const auto& c : changes)
            if (c.newly_allowed) return true;
        return false;
    }
};

// Compares the filter tables of `old_policy` and `new_policy` (same family)
// on `chains` (empty: every built-in chain INPUT, FORWARD, OUTPUT present in
// either). A built-in chain absent from one side is taken as iptables has it
// without rules: policy ACCEPT.
DiffResult diff_policies(const Policy& old_policy, const Policy& new_policy, const std::vector<std::string>& chains);

// One comparison: chain `old_chain` of `old_policy` against `new_chain` of
// `new_policy` (same family; the names may differ: a renamed Cisco ACL), over
// the whole space. Changes are appended, labelled `label` (their `chain`).
// Evaluated in each policy's own order (first match, Windows precedence),
// only where the chains can differ when that is known (diff_scope.hpp);
// `whole_space` walks all of it anyway (the same result, for tests).
void diff_chains(const Policy& old_policy, const std::string& old_chain, const Policy& new_policy,
                 const std::string& new_chain, const std::string& label, std::vector<DiffChange>& out,
                 bool whole_space = false);

}  // namespace fwlint
