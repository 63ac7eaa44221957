#pragma once
// The access lists of a Cisco configuration while it is read: each list's
// entries in the device's order (sequence numbers, ASA `line N`), the
// remarks above them, the `no SEQ` edits of a pasted change, and at the end
// the policies they become (cisco_config.cpp reads the lines).
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"
#include "parse/cisco_names.hpp"

namespace fwlint::cisco {

struct AclState {
    std::string name;
    std::optional<Family> family;  // nullopt: ASA, both families
    bool standard = false;
    SourceLocation loc;
    std::vector<Rule> rules;
    std::string remark;
    int last_sequence = 0;
    bool explicit_sequence = false;
    // ASA: `line N` and the fixes count remarks as lines too, so each rule
    // remembers how many remark lines stand right above it.
    std::vector<int> remarks;
    int pending_remarks = 0;
    // "remark fwlint: ignore ..." (indices in ParsedInput::suppressions): a
    // remark belongs to its list, so it aims at the list's next entry even
    // when other lists' lines stand between them (ASA, numbered IOS lists).
    std::vector<std::size_t> pending_suppressions;
    // Lines of the remarks above the next entry, kept only when a "!" comment
    // may be aimed through them (see aim_comments_over_remarks).
    std::vector<int> pending_remark_lines;
};

// Adds an entry to its list: the remarks above it become its comment; it
// takes `sequence` (0: none written, the last one + 10) and goes where the
// device puts it: ASA `line N` (`position` > 0) inserts it before the entry
// now on line N, remarks counted as lines.
void add_acl_entry(AclState& list, Rule rule, int sequence, int position);

// IOS "[SEQ] evaluate NAME" in an extended list (`body`: the line without its
// indentation): the note that says it is no rule, nullopt for other lines.
// The reflexive list NAME, which "reflect NAME" entries fill while sessions
// run, admits the replies of sessions opened the other way: never a new flow.
std::optional<std::string> reflexive_evaluate_note(std::string_view body);

// "no 20" in a list's sub-mode (a pasted change, not show-running output)
// removes entry 20 from `list`, as the device does (a note naming the
// entry's line; a warning when there is none); "no permit ..." is not
// applied, with a warning. nullopt for a line that is no `no ...`.
struct ListEdit {
    Severity severity;
    std::string message;
};
std::optional<ListEdit> remove_acl_entry(std::string_view body, AclState& list);

// Each list as a Policy (first match, the implicit deny as its end policy),
// appended to `policies` in the order the lists were first named. An ASA
// list becomes one policy per family its entries touch. The lists' rules are
// moved out.
void add_acl_policies(std::deque<AclState>& lists, Dialect dialect, std::vector<Policy>& policies);

}  // namespace fwlint::cisco
