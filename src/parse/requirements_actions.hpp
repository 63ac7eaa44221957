#pragma once
// Actions of the requirement grammar (grammars/requirements.hpp) for the
// parts of a line every statement has (quoted strings, the keyword), the
// set, role and param statements, the sub-lines (source, note, when) and the
// recovery of a bad line. Flows and services: requirements_flow_actions.hpp.
#include <string>
#include <utility>

#include <tao/pegtl.hpp>

#include "grammars/requirements.hpp"
#include "parse/requirements_read_state.hpp"

namespace fwlint::requirements_detail {

namespace G = grammar::requirements;
namespace pegtl = tao::pegtl;

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<G::begin_line> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.begin_line();
        st.line_loc = st.loc(in.position());
    }
};

template <>
struct action<G::open_quote> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.quote_loc = st.loc(in.position());
    }
};

template <>
struct action<G::string_body> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.text = unescape(in.string_view());
    }
};

template <LineKind K>
struct line_kind_action {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.line_kind = K;
        if constexpr (K == LineKind::set) st.set_attempted = true;
    }
};
template <> struct action<G::kw_set> : line_kind_action<LineKind::set> {};
template <> struct action<G::kw_role> : line_kind_action<LineKind::role> {};
template <> struct action<G::kw_param> : line_kind_action<LineKind::param> {};
template <>
struct action<G::kw_windows_rule> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.line_kind = LineKind::windows_rule;
        st.flow.kind = StatementKind::windows_rule;
    }
};

template <StatementKind K>
struct flow_keyword_action {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.line_kind = LineKind::flow;
        st.flow.kind = K;
    }
};
template <> struct action<G::kw_require> : flow_keyword_action<StatementKind::require> {};
template <> struct action<G::kw_forbid> : flow_keyword_action<StatementKind::forbid> {};
template <> struct action<G::kw_limit> : flow_keyword_action<StatementKind::limit> {};

// --- set

template <>
struct action<G::set_name> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.name = in.string();
        st.name_loc = st.loc(in.position());
    }
};

template <>
struct action<G::set_title> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.title = st.text;
    }
};

template <>
struct action<G::set_statement> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (st.have_set) {
            st.error(st.line_loc, "second 'set' statement; this file already defines set '" + st.set.name +
                                      "' at line " + std::to_string(st.set_line));
            st.parent = Parent::failed;
            return;
        }
        st.have_set = true;
        st.set_line = st.line_loc.line;
        st.set.name = st.name;
        st.set.title = st.title;
        st.parent = Parent::set;
    }
};

// --- role

template <>
struct action<G::role_name> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.name = in.string();
        st.name_loc = st.loc(in.position());
        if (const Role* r = st.set.find_role(st.name)) {
            st.error(st.name_loc,
                     "role '" + st.name + "' is already declared at line " + std::to_string(r->loc.line));
            st.bad = true;
        }
    }
};

template <>
struct action<G::role_description> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.role.description = st.text;
    }
};

template <>
struct action<G::role_statement> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (st.bad) {
            st.parent = Parent::failed;
            return;
        }
        st.role.name = st.name;
        st.role.loc = st.name_loc;
        st.set.roles.push_back(st.role);
        st.parent = Parent::role;
        st.parent_index = st.set.roles.size() - 1;
    }
};

// --- param

template <>
struct action<G::param_name> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.name = in.string();
        st.name_loc = st.loc(in.position());
        if (const Param* p = st.set.find_param(st.name)) {
            st.error(st.name_loc,
                     "parameter '" + st.name + "' is already declared at line " + std::to_string(p->loc.line));
            st.bad = true;
        }
    }
};

template <>
struct action<G::boolean_value> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.param.default_value = in.string();
    }
};

template <>
struct action<G::value_port_list> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.param.default_value = join(st.spec.port_terms, ", ");
        st.spec = {};
    }
};

template <>
struct action<G::param_description> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.param.description = st.text;
    }
};

template <>
struct action<G::param_statement> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (st.bad) {
            st.parent = Parent::failed;
            return;
        }
        st.param.name = st.name;
        st.param.loc = st.name_loc;
        st.set.params.push_back(st.param);
        st.parent = Parent::param;
        st.parent_index = st.set.params.size() - 1;
    }
};

template <>
struct action<G::kw_source> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.line_kind = LineKind::source;
        st.line_loc = st.loc(in.position());
    }
};
template <>
struct action<G::kw_note> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.line_kind = LineKind::note;
        st.line_loc = st.loc(in.position());
    }
};
template <>
struct action<G::kw_when> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.line_kind = LineKind::when;
        st.line_loc = st.loc(in.position());
    }
};

template <>
struct action<G::source_line> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (!sub_line_allowed(st, "source", true, true)) return;
        std::string& target = st.parent == Parent::set ? st.set.source : st.set.statements[st.parent_index].source;
        if (!target.empty()) {
            st.error(st.line_loc, "a second 'source' for the same statement");
            return;
        }
        target = st.text;
    }
};

template <>
struct action<G::note_line> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (!sub_line_allowed(st, "note", false, true)) return;
        st.set.statements[st.parent_index].notes.push_back(st.text);
    }
};

template <>
struct action<G::when_param> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.when.param = in.string();
        st.when.loc = st.loc(in.position());
        const Param* p = st.set.find_param(st.when.param);
        if (!p) {
            if (!st.poisoned_params.count(st.when.param))
                st.error(st.when.loc, "undefined parameter '" + st.when.param +
                                          "'; declare it with a 'param' statement before use");
            st.bad = true;
        } else if (!is_boolean_value(p->default_value)) {
            st.error(st.when.loc, "parameter '" + st.when.param + "' is a port list; 'when' needs a yes/no parameter");
            st.bad = true;
        }
    }
};

template <>
struct action<G::when_services> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        const FlowStatement* f = st.parent_flow();
        st.when.services = finish_services(in, st, f ? f->kind : StatementKind::require);
    }
};

template <>
struct action<G::when_line> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        if (!sub_line_allowed(st, "when", false, false)) return;
        if (st.bad) return;
        st.set.statements[st.parent_index].when.push_back(std::move(st.when));
    }
};

// --- recovery

template <>
struct action<G::skip_line> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        // A name declared on a line that failed is still known, so its uses
        // do not add a second error for the same mistake.
        if (st.line_kind == LineKind::role && !st.name.empty()) st.poisoned_roles.insert(st.name);
        if (st.line_kind == LineKind::param && !st.name.empty()) st.poisoned_params.insert(st.name);
        const char c = in.empty() ? '\n' : *in.begin();
        if (c != ' ' && c != '\t') st.parent = Parent::failed;  // a statement failed, not a sub-line
    }
};

}  // namespace fwlint::requirements_detail
