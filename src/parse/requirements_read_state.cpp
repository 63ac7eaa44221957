// The requirement-set reader's state: message helpers and the checks that
// several actions share (requirements_read_state.hpp).
#include "parse/requirements_read_state.hpp"

namespace fwlint::requirements_detail {

std::string excerpt(const char* p, const char* end, std::size_t max_bytes) {
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

const char* const kStatementKeywords[7] = {"set", "role", "param", "require", "forbid", "limit", "windows-rule"};

void check_role(ReadState& st, const std::string& n, const SourceLocation& where) {
    if (st.set.find_role(n)) return;
    st.bad = true;  // the statement is dropped: it would name a role the set lacks
    if (st.poisoned_roles.count(n)) return;  // its declaration already failed and was reported
    st.error(where, "undeclared role '" + n + "'; declare it with a 'role' statement before use (declared: " +
                        st.declared_roles() + ")");
    st.bad = true;
}

void commit_flow(ReadState& st) {
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

bool sub_line_allowed(ReadState& st, const char* what, bool under_set, bool under_windows_rule) {
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

}  // namespace fwlint::requirements_detail
