#pragma once
// The error messages of the requirement grammar's must<> rules: a statement
// or sub-line keyword nobody knows, a bad string. Each is reported at its
// line and column, and the line is skipped (grammars/requirements.hpp).
#include <algorithm>
#include <iterator>
#include <string>
#include <type_traits>

#include <tao/pegtl.hpp>

#include "grammars/requirements.hpp"
#include "parse/requirements_read_state.hpp"

namespace fwlint::requirements_detail {

namespace G = grammar::requirements;
namespace pegtl = tao::pegtl;

template <typename Input>
bool at_line_end(const Input& in) {
    if (in.empty()) return true;
    const char c = in.peek_char();
    return c == '\n' || c == '\r';
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, ReadState& st) {
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

}  // namespace fwlint::requirements_detail
