#pragma once
// What the requirement-set reader keeps while the grammar
// (grammars/requirements.hpp) walks the file: the set built so far, the
// statement sub-lines attach to, and the pieces of the current line. The
// grammar's actions (requirements_actions.hpp, requirements_flow_actions.hpp)
// fill it; requirements.cpp runs the parse.
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>

#include "ir/requirement.hpp"
#include "parse/requirements_text.hpp"

namespace fwlint::requirements_detail {

// A short, printable excerpt of the input for messages ("unknown statement
// 'requir'"): up to the next blank, at most max_bytes, odd bytes as \xNN.
std::string excerpt(const char* p, const char* end, std::size_t max_bytes = 32);
// "0x1b"
std::string hex_byte(unsigned char c);
// A quoted string's body without its escapes (\n, \t, \", \\).
std::string unescape(std::string_view raw);

// The words that start a statement (they must begin at column 1).
extern const char* const kStatementKeywords[7];

enum class Parent { none, set, role, param, flow, failed };
enum class LineKind { none, set, role, param, flow, windows_rule, source, note, when };

struct ReadState {
    std::string file;
    RequirementSet set;
    Diagnostics diags;
    bool have_set = false;
    bool set_attempted = false;
    int set_line = 0;
    std::set<std::string, std::less<>> poisoned_roles;   // declared on a line that failed
    std::set<std::string, std::less<>> poisoned_params;

    // The statement that sub-lines attach to.
    Parent parent = Parent::none;
    std::size_t parent_index = 0;

    // Per line.
    LineKind line_kind = LineKind::none;
    bool bad = false;  // a meaning error: the line is reported and dropped
    SourceLocation line_loc;
    std::string text;  // the last quoted string, unescaped
    SourceLocation quote_loc;
    std::string name;
    SourceLocation name_loc;
    std::string title;
    Role role;
    Param param;
    FlowStatement flow;
    WhenClause when;
    ServiceSpec spec;
    bool spec_any_ports = false;
    SourceLocation to_required_loc;

    SourceLocation loc(const tao::pegtl::position& p) const {
        return SourceLocation{file, static_cast<int>(p.line), static_cast<int>(p.column)};
    }
    void error(SourceLocation where, std::string message) {
        diags.push_back(Diagnostic{std::move(where), Severity::error, std::move(message)});
    }
    void begin_line() {
        line_kind = LineKind::none;
        bad = false;
        line_loc = {};
        text.clear();
        name.clear();
        title.clear();
        role = {};
        param = {};
        flow = {};
        when = {};
        spec = {};
        spec_any_ports = false;
    }
    std::string declared_roles() const {
        std::vector<std::string> names;
        for (const auto& r : set.roles) names.push_back(r.name);
        return names.empty() ? "none" : join(names, ", ");
    }
    // The statement kind a `when` or services line belongs to.
    const FlowStatement* parent_flow() const {
        return parent == Parent::flow ? &set.statements[parent_index] : nullptr;
    }
};

// A flow statement names a role: the statement is dropped (bad) when the set
// does not declare it, with an error unless its declaration already failed.
void check_role(ReadState& st, const std::string& name, const SourceLocation& where);
// The flow or windows-rule statement of the line joins the set, and its
// sub-lines attach to it (unless the line was bad).
void commit_flow(ReadState& st);
// Where a sub-line may go; returns false (after reporting) if not here.
bool sub_line_allowed(ReadState& st, const char* what, bool under_set, bool under_windows_rule);

}  // namespace fwlint::requirements_detail
