#pragma once
// `diff` of two whole inputs of one family of formats: iptables-save against
// iptables-save, Cisco IOS / ASA / NX-OS ACLs against each other (paired by
// name or as told), any two Windows Firewall inputs (per direction, family
// and profile). Every comparison is diff_chains; never prints.
#include <optional>
#include <string>
#include <vector>

#include "analyze/diff.hpp"

namespace fwlint {

// "iptables", "cisco", "windows", or "" for a format no diff knows.
std::string format_family(const ParsedInput& input);

struct DiffSelection {
    std::vector<std::string> chains;  // iptables: empty = INPUT, FORWARD, OUTPUT
    // Cisco: "OLD:NEW" pairs an ACL with a renamed one, "NAME" compares that
    // ACL only; empty = every ACL of one file paired with the same name in the other.
    std::vector<std::string> acls;
    std::string direction;  // Windows: "in", "out"; empty = both
    std::string profile;    // Windows: "domain", "private", "public"; empty = all
};

struct InputDiff {
    std::string family;            // format_family of both
    std::vector<std::string> compared;  // labels of the comparisons made, in order
    std::vector<DiffChange> changes;
    std::vector<std::string> notes;
    bool any_newly_allowed() const {
        for (const auto& c : changes)
            if (c.newly_allowed) return true;
        return false;
    }
};

// nullopt and `error` set for a usage error: different families, an
// iptables-save against an ip6tables-save, a chain or ACL in neither file.
std::optional<InputDiff> diff_inputs(const ParsedInput& old_in, const ParsedInput& new_in, const DiffSelection& sel,
                                     std::string& error);

}  // namespace fwlint
