// Actions for grammars/requirements.hpp: build a RequirementSet and check the
// meaning of each line (declared roles, parameter kinds, port ranges).
// Resolution of parameters is in requirements_resolve.cpp.
#include "parse/requirements.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include "grammars/requirements.hpp"
#include "parse/requirements_text.hpp"

namespace fwlint {
namespace {

namespace G = grammar::requirements;
namespace pegtl = tao::pegtl;
using namespace requirements_detail;

// A short, printable excerpt of the input for messages ("unknown statement 'requir'").
std::string excerpt(const char* p, const char* end, std::size_t max_bytes = 32) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    std::size_t n = 0;
    for (; p != end && n < max_bytes; ++p, ++n) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') break;
        if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (p != end && n == max_bytes) {
        const auto c = static_cast<unsigned char>(*p);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += "...";
    }
    return out;
}

std::string hex_byte(unsigned char c) {
    static const char* hex = "0123456789abcdef";
    return std::string("0x") + hex[c >> 4] + hex[c & 15];
}

std::string unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            const char c = raw[++i];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            out += raw[i];
        }
    }
    return out;
}

const char* const kStatementKeywords[] = {"set", "role", "param", "require", "forbid", "limit", "windows-rule"};

// ------------------------------------------------------------------ state

enum class Parent { none, set, role, param, flow, failed };
enum class LineKind { none, set, role, param, flow, windows_rule, source, note, when };

struct State {
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

    SourceLocation loc(const pegtl::position& p) const {
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

// ------------------------------------------------------------------ control

template <typename Input>
bool at_line_end(const Input& in) {
    if (in.empty()) return true;
    const char c = in.peek_char();
    return c == '\n' || c == '\r';
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, State& st) {
        SourceLocation where = st.loc(in.position());
        std::string message;
        if constexpr (std::is_same_v<Rule, G::statement>) {
            message = "unknown statement '" + excerpt(in.current(), in.end()) +
                      "'; expected set, role, param, require, forbid, limit or windows-rule";
        } else if constexpr (std::is_same_v<Rule, G::sub_statement>) {
            const std::string w = excerpt(in.current(), in.end());
            const bool is_statement =
                std::find(std::begin(kStatementKeywords), std::end(kStatementKeywords), w) != std::end(kStatementKeywords);
            message = is_statement ? "'" + w + "' starts a statement and must begin at column 1; indented lines are "
                                               "source, note or when sub-lines"
                                   : "unknown sub-line '" + w + "'; expected source, note or when";
        } else if constexpr (std::is_same_v<Rule, G::close_quote>) {
            if (at_line_end(in)) {
                where = st.quote_loc;
                message = "unterminated string; expected a closing '\"' before the end of the line";
            } else {
                const auto c = static_cast<unsigned char>(in.peek_char());
                if (c < 0x20 || c == 0x7f)
                    message = "control character " + hex_byte(c) + " in a quoted string (write \\t or \\n)";
                else
                    message = "invalid UTF-8 byte " + hex_byte(c) + " in a quoted string";
            }
        } else if constexpr (std::is_same_v<Rule, G::escaped_char>) {
            where.column -= 1;  // point at the backslash
            message = "unknown escape '\\" + excerpt(in.current(), in.current() + 1) + "'; expected \\\" \\\\ \\n or \\t";
        } else {
            static_assert(G::error_message<Rule> != nullptr, "every must<> rule needs an error message");
            message = G::error_message<Rule>;
        }
        st.error(where, message);
        throw pegtl::parse_error(message, in);
    }
};

// ------------------------------------------------------------------ actions

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<G::begin_line> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.begin_line();
        st.line_loc = st.loc(in.position());
    }
};

template <>
struct action<G::open_quote> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.quote_loc = st.loc(in.position());
    }
};

template <>
struct action<G::string_body> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.text = unescape(in.string_view());
    }
};

template <LineKind K>
struct line_kind_action {
    template <typename Input>
    static void apply(const Input&, State& st) {
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
    static void apply(const Input&, State& st) {
        st.line_kind = LineKind::windows_rule;
        st.flow.kind = StatementKind::windows_rule;
    }
};

template <StatementKind K>
struct flow_keyword_action {
    template <typename Input>
    static void apply(const Input&, State& st) {
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
    static void apply(const Input& in, State& st) {
        st.name = in.string();
        st.name_loc = st.loc(in.position());
    }
};

template <>
struct action<G::set_title> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.title = st.text;
    }
};

template <>
struct action<G::set_statement> {
    template <typename Input>
    static void apply(const Input&, State& st) {
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
    static void apply(const Input& in, State& st) {
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
    static void apply(const Input&, State& st) {
        st.role.description = st.text;
    }
};

template <>
struct action<G::role_statement> {
    template <typename Input>
    static void apply(const Input&, State& st) {
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
    static void apply(const Input& in, State& st) {
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
    static void apply(const Input& in, State& st) {
        st.param.default_value = in.string();
    }
};

template <>
struct action<G::value_port_list> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.param.default_value = join(st.spec.port_terms, ", ");
        st.spec = {};
    }
};

template <>
struct action<G::param_description> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.param.description = st.text;
    }
};

template <>
struct action<G::param_statement> {
    template <typename Input>
    static void apply(const Input&, State& st) {
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

// --- roles in flows

void check_role(State& st, const std::string& n, const SourceLocation& where) {
    if (st.set.find_role(n)) return;
    st.bad = true;  // the statement is dropped: it would name a role the set lacks
    if (st.poisoned_roles.count(n)) return;  // its declaration already failed and was reported
    st.error(where, "undeclared role '" + n + "'; declare it with a 'role' statement before use (declared: " +
                        st.declared_roles() + ")");
    st.bad = true;
}

template <>
struct action<G::from_role> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.flow.from = in.string();
        check_role(st, st.flow.from, st.loc(in.position()));
    }
};

template <>
struct action<G::to_role> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.flow.to = in.string();
        check_role(st, st.flow.to, st.loc(in.position()));
    }
};

template <>
struct action<G::host_role> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.flow.from = in.string();
        check_role(st, st.flow.from, st.loc(in.position()));
    }
};

// --- services

template <>
struct action<G::protocol> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        const std::string p = in.string();
        unsigned n = 0;
        if (p == "tcp")
            n = kTcp;
        else if (p == "udp")
            n = kUdp;
        else if (p == "icmp")
            n = 1;
        else if (p == "icmpv6")
            n = 58;
        else if (!parse_bounded(p, kMaxProtocol, n)) {
            st.error(st.loc(in.position()),
                     "protocol number " + excerpt(p.data(), p.data() + p.size()) + " is out of range 0-255");
            st.bad = true;
            return;
        }
        st.spec.protocols.push_back(n);
    }
};

template <>
struct action<G::any_port> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.spec_any_ports = true;
    }
};

template <>
struct action<G::to_required> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.spec.to_required = true;
        st.to_required_loc = st.loc(in.position());
    }
};

template <>
struct action<G::port_range> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        const std::string_view t = in.string_view();
        const SourceLocation where = st.loc(in.position());
        const auto dash = t.find('-');
        const std::string_view first = t.substr(0, dash);
        unsigned lo = 0, hi = 0;
        if (!parse_bounded(first, kMaxPort, lo)) {
            st.error(where, "port " + excerpt(first.data(), first.data() + first.size()) +
                                " is out of range; ports are 0-65535");
            st.bad = true;
            return;
        }
        hi = lo;
        if (dash != std::string_view::npos) {
            const std::string_view last = t.substr(dash + 1);
            SourceLocation last_loc = where;
            last_loc.column += static_cast<int>(dash + 1);
            if (!parse_bounded(last, kMaxPort, hi)) {
                st.error(last_loc, "port " + excerpt(last.data(), last.data() + last.size()) +
                                       " is out of range; ports are 0-65535");
                st.bad = true;
                return;
            }
            if (lo > hi) {
                st.error(where, "empty port range " + std::to_string(lo) + "-" + std::to_string(hi) +
                                    "; the first port must not be greater than the last");
                st.bad = true;
                return;
            }
        }
        st.spec.port_terms.push_back(lo == hi ? std::to_string(lo)
                                              : std::to_string(lo) + "-" + std::to_string(hi));
    }
};

template <>
struct action<G::param_ref> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        const std::string n = in.string().substr(1);
        const SourceLocation where = st.loc(in.position());
        if (const Param* p = st.set.find_param(n)) {
            if (is_boolean_value(p->default_value)) {
                st.error(where, "parameter '" + n + "' is yes/no, not a port list; use it in a 'when' sub-line");
                st.bad = true;
                return;
            }
        } else {
            st.bad = true;
            if (!st.poisoned_params.count(n))
                st.error(where, "undefined parameter '$" + n + "'; declare it with a 'param' statement before use");
            return;
        }
        st.spec.port_terms.push_back("$" + n);
    }
};

// Checks a finished service spec against the statement kind and moves it out.
template <typename Input>
ServiceSpec finish_services(const Input& in, State& st, StatementKind kind) {
    ServiceSpec s = std::move(st.spec);
    s.loc = st.loc(in.position());
    const bool needs_ports = std::any_of(s.protocols.begin(), s.protocols.end(),
                                         [](unsigned p) { return p == kTcp || p == kUdp; });
    if (needs_ports && s.port_terms.empty() && !s.to_required && !st.spec_any_ports && !st.bad) {
        SourceLocation after = s.loc;
        after.column += static_cast<int>(in.size());
        st.error(after, "expected ports after '" + services_text(s) +
                            "': a list like 443, 1024-65535, $param; 'any' for every port");
        st.bad = true;
    }
    if (s.to_required && kind != StatementKind::limit) {
        st.error(st.to_required_loc, "'to required' is only allowed in limit statements");
        st.bad = true;
    }
    st.spec = {};
    st.spec_any_ports = false;
    return s;
}

template <>
struct action<G::flow_services> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.flow.services = finish_services(in, st, st.flow.kind);
    }
};

template <>
struct action<G::flow_description> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.flow.description = st.text;
    }
};

void commit_flow(State& st) {
    if (st.bad) {
        st.parent = Parent::failed;
        return;
    }
    st.flow.loc = st.line_loc;
    st.set.statements.push_back(std::move(st.flow));
    st.flow = {};
    st.parent = Parent::flow;
    st.parent_index = st.set.statements.size() - 1;
}

template <>
struct action<G::flow_body> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        commit_flow(st);
    }
};

// --- windows-rule

template <>
struct action<G::rule_id> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.flow.rule_id = st.text;
        if (st.text.empty()) {
            st.error(st.loc(in.position()), "the Windows rule ID must not be empty");
            st.bad = true;
        }
    }
};

template <>
struct action<G::display_name> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        st.flow.display_names.push_back(st.text);
    }
};

template <>
struct action<G::windows_rule_statement> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        commit_flow(st);
    }
};

// --- sub-lines

// Where a sub-line may go; returns false (after reporting) if not here.
bool sub_line_allowed(State& st, const char* what, bool under_set, bool under_windows_rule) {
    const std::string kw = what;
    switch (st.parent) {
        case Parent::failed: return false;  // its statement was already reported
        case Parent::none:
            st.error(st.line_loc, "'" + kw + "' is indented under no statement; statements start at column 1");
            return false;
        case Parent::set:
            if (under_set) return true;
            break;
        case Parent::role:
        case Parent::param: break;
        case Parent::flow:
            if (under_windows_rule || st.set.statements[st.parent_index].kind != StatementKind::windows_rule)
                return true;
            break;
    }
    const char* parent_name = st.parent == Parent::set     ? "set"
                              : st.parent == Parent::role  ? "role"
                              : st.parent == Parent::param ? "param"
                                                           : "windows-rule";
    std::string allowed = under_set ? "set, require, forbid, limit or windows-rule"
                                    : under_windows_rule ? "require, forbid, limit or windows-rule"
                                                         : "require, forbid or limit";
    st.error(st.line_loc, "'" + kw + "' does not belong under a '" + parent_name + "' statement; it goes under " +
                              allowed);
    return false;
}

template <>
struct action<G::kw_source> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.line_kind = LineKind::source;
        st.line_loc = st.loc(in.position());
    }
};
template <>
struct action<G::kw_note> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.line_kind = LineKind::note;
        st.line_loc = st.loc(in.position());
    }
};
template <>
struct action<G::kw_when> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        st.line_kind = LineKind::when;
        st.line_loc = st.loc(in.position());
    }
};

template <>
struct action<G::source_line> {
    template <typename Input>
    static void apply(const Input&, State& st) {
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
    static void apply(const Input&, State& st) {
        if (!sub_line_allowed(st, "note", false, true)) return;
        st.set.statements[st.parent_index].notes.push_back(st.text);
    }
};

template <>
struct action<G::when_param> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
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
    static void apply(const Input& in, State& st) {
        const FlowStatement* f = st.parent_flow();
        st.when.services = finish_services(in, st, f ? f->kind : StatementKind::require);
    }
};

template <>
struct action<G::when_line> {
    template <typename Input>
    static void apply(const Input&, State& st) {
        if (!sub_line_allowed(st, "when", false, false)) return;
        if (st.bad) return;
        st.set.statements[st.parent_index].when.push_back(std::move(st.when));
    }
};

// --- recovery

template <>
struct action<G::skip_line> {
    template <typename Input>
    static void apply(const Input& in, State& st) {
        // A name declared on a line that failed is still known, so its uses
        // do not add a second error for the same mistake.
        if (st.line_kind == LineKind::role && !st.name.empty()) st.poisoned_roles.insert(st.name);
        if (st.line_kind == LineKind::param && !st.name.empty()) st.poisoned_params.insert(st.name);
        const char c = in.empty() ? '\n' : *in.begin();
        if (c != ' ' && c != '\t') st.parent = Parent::failed;  // a statement failed, not a sub-line
    }
};

std::string file_stem(const std::string& file) {
    std::string stem = std::filesystem::path(file).stem().string();
    return stem.empty() ? file : stem;
}

}  // namespace

// ------------------------------------------------------------------ public

RequirementParseResult parse_requirement_set(std::string_view text, const std::string& file) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM

    // Every line ends with LF or CRLF, the last one included (see the grammar).
    // A lone CR becomes LF byte for byte, so columns do not move.
    std::string buffer;
    bool lone_cr = false;
    for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
        if (i + 1 == text.size() || text[i + 1] != '\n') {
            lone_cr = true;
            break;
        }
    const bool add_break = !text.empty() && text.back() != '\n';
    if (lone_cr || add_break) {
        buffer.reserve(text.size() + 1);
        buffer.append(text);
        if (lone_cr)
            for (std::size_t i = 0; i < buffer.size(); ++i)
                if (buffer[i] == '\r' && (i + 1 == buffer.size() || buffer[i + 1] != '\n')) buffer[i] = '\n';
        if (buffer.back() != '\n') buffer += '\n';
        text = buffer;
    }

    State st;
    st.file = file;
    st.set.file = file;
    pegtl::memory_input in(text.data(), text.size(), file);
    try {
        pegtl::parse<G::file, action, control>(in, st);
    } catch (const pegtl::parse_error& e) {
        // Not expected (every line recovers), but never lose the input silently.
        const auto& p = e.positions().empty() ? pegtl::position(in.position()) : e.positions().front();
        st.error(st.loc(p), std::string(e.message()));
    }

    if (!st.have_set && !st.set_attempted)
        st.error(SourceLocation{file, 1, 1}, "missing 'set NAME \"TITLE\"' statement; every requirement set has one");

    RequirementParseResult result;
    const bool usable = st.have_set || !st.set.roles.empty() || !st.set.params.empty() || !st.set.statements.empty();
    if (usable) {
        if (!st.have_set) st.set.name = file_stem(file);
        result.set = std::move(st.set);
    }
    result.diagnostics = std::move(st.diags);
    return result;
}

}  // namespace fwlint
