#pragma once
// Vendor-independent lint checks over a parsed input: FW201 shadowed rules,
// FW202 redundant rules, FW203-FW207 exposure. `fwlint check` runs them on
// every input unless --no-lint.
#include <vector>

#include "analyze/finding.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// Runs every lint check on the policies of `input` that filter: the filter
// table of iptables-save / ip6tables-save, every Cisco ACL, the Windows
// inbound and outbound policies (FW201/FW202 in Windows' own terms: see
// analyze/windows_overrides.hpp). Fixes are in the input's own syntax
// (checks/fix_lines.hpp). Findings are not sorted.
struct LintOptions {
    u128 max_open_ports = 1000;  // FW204: more ports than this open to any source
};

std::vector<Finding> lint_policy(const ParsedInput& input, const LintOptions& options = {});

// lint_policy's work cut into pieces that only read the input, so that they
// can run on several threads at once (cli/check_files.cpp does on large
// inputs): FW201/FW202 of one chain, FW203-FW207 of one policy. Each piece's
// findings, concatenated in piece order, then given to finish(), are exactly
// lint_policy's. `input` must outlive the pieces.
class LintPieces {
public:
    LintPieces(const ParsedInput& input, const LintOptions& options);
    std::size_t size() const { return pieces_.size(); }
    // A rough cost (the rules the piece reads), so that the big pieces start first.
    std::size_t weight(std::size_t i) const { return pieces_[i].weight; }
    // Appends piece i's findings to `out`; safe to call for different pieces at once.
    void run(std::size_t i, std::vector<Finding>& out) const;
    // What needs every piece's findings: Windows FW201/FW202, the Cisco rewording.
    void finish(std::vector<Finding>& findings) const;

private:
    enum class Kind { chain, exposures, everything };
    struct Piece {
        Kind kind;
        const Policy* policy;
        const Chain* chain;  // Kind::chain only
        std::size_t weight;
        const Policy* twin = nullptr;  // Kind::exposures of an ACL: its other family's policy
    };
    const ParsedInput& input_;
    LintOptions options_;
    std::vector<Piece> pieces_;
    bool windows_ = false;  // some policy is a Windows one
    bool acls_ = false;     // Cisco: every ACL is a policy of its own
};

// Every `from` in `s` becomes `to`: findings written in iptables terms are
// told in a vendor's terms (chain -> ACL, policy -> profile default).
void replace_all(std::string& s, std::string_view from, std::string_view to);

// Cisco inputs (cisco_lint.cpp): FW401 unapplied ACLs, FW403 bindings of
// undefined ACLs; rewrites the FW201/FW202 findings already in `findings`
// into the device's terms (ACL, implicit deny) and syntax (`no SEQ`).
void lint_cisco(const ParsedInput& input, std::vector<Finding>& findings);

// " (IPv4 part)" / " (IPv6 part)": FW201/FW202 on an entry of both families,
// found in one family's policy of an ACL.
const char* family_part_text(Family family);

}  // namespace fwlint
