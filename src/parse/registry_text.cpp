// Actions of grammars/registry.hpp: keys and values of a `.reg` file or of
// `reg query` output, each with the line it came from.
#include "parse/registry_text.hpp"

#include <charconv>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammars/registry.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::registry;

struct Reader {
    const std::string& file;
    RegistryText out;
    std::string current_key;
    bool key_deleted = false;
    RegistryValue value;  // the value line being read

    void error(const pegtl::position& p, std::string message) {
        out.diagnostics.push_back(
            {{file, static_cast<int>(p.line), static_cast<int>(p.column)}, Severity::error, std::move(message)});
    }
};

// "\\" -> "\", "\"" -> "\"": the only escapes a .reg string has.
std::string unescape(std::string_view quoted) {
    std::string out;
    std::string_view body = quoted.substr(1, quoted.size() >= 2 ? quoted.size() - 2 : 0);
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\\' && i + 1 < body.size()) ++i;
        out += body[i];
    }
    return out;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::uint32_t hex_number(std::string_view s) {
    if (s.substr(0, 2) == "0x" || s.substr(0, 2) == "0X") s.remove_prefix(2);
    std::uint32_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v, 16);
    return v;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::key_deletion> {
    static void apply0(Reader& r) { r.key_deleted = true; }
};
template <>
struct action<g::key_path> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.out.keys.push_back({std::string(trim_right(in.string_view())), r.key_deleted, static_cast<int>(in.position().line)});
        r.key_deleted = false;
        r.current_key = r.out.keys.back().path;
    }
};
template <>
struct action<g::query_key> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.out.keys.push_back({std::string(trim_right(in.string_view())), false, static_cast<int>(in.position().line)});
        r.current_key = r.out.keys.back().path;
    }
};

// The start of a value line: a fresh value under the current key.
struct start_value {
    template <typename Input>
    static void begin(const Input& in, Reader& r, std::string name) {
        r.value = RegistryValue{};
        r.value.key = r.current_key;
        r.value.name = std::move(name);
        r.value.line = static_cast<int>(in.position().line);
    }
};
template <>
struct action<g::value_name> : start_value {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        begin(in, r, unescape(in.string_view()));
    }
};
template <>
struct action<g::default_name> : start_value {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        begin(in, r, "");
    }
};
template <>
struct action<g::query_name> : start_value {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        begin(in, r, std::string(in.string_view()));
    }
};

template <>
struct action<g::data> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.value.column = static_cast<int>(in.position().column);
    }
};
template <>
struct action<g::string_data> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.value.type = "REG_SZ";
        r.value.data = unescape(in.string_view());
    }
};
template <>
struct action<g::dword_digits> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.value.type = "REG_DWORD";
        r.value.data = in.string();
        r.value.dword = hex_number(in.string_view());
    }
};
template <>
struct action<g::hex_data> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        std::string_view text = in.string_view();
        auto colon = text.find(':');
        r.value.type = std::string(text.substr(0, colon));
        r.value.data = std::string(text.substr(colon + 1));
    }
};
template <>
struct action<g::deleted_data> {
    static void apply0(Reader& r) { r.value.deleted = true; }
};
template <>
struct action<g::value_line> {
    static void apply0(Reader& r) { r.out.values.push_back(std::move(r.value)); }
};

template <>
struct action<g::query_type> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.value.type = in.string();
        r.value.column = static_cast<int>(in.position().column);
    }
};
template <>
struct action<g::query_data> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.value.data = std::string(trim_right(in.string_view()));
        r.value.column = static_cast<int>(in.position().column);
        if (r.value.type == "REG_DWORD") r.value.dword = hex_number(r.value.data);
    }
};
template <>
struct action<g::query_value> {
    static void apply0(Reader& r) { r.out.values.push_back(std::move(r.value)); }
};

template <typename Input>
std::string found(const Input& in) {
    return found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 24);
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, Reader& r) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        std::string message = g::error_message<Rule> + found(in);
        r.error(in.position(), message);
        throw pegtl::parse_error(message, in);
    }
};

// The first line that is not blank, without its line end.
std::string_view first_line(std::string_view text, std::size_t* after = nullptr) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        auto line = trim_right(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (line.find_first_not_of(" \t") != std::string_view::npos) {
            if (after) *after = next;
            return line.substr(line.find_first_not_of(" \t"));
        }
        pos = next;
    }
    return {};
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

}  // namespace

bool looks_like_reg_file(std::string_view text) {
    auto line = first_line(text);
    return iequals(line, "Windows Registry Editor Version 5.00") || iequals(line, "REGEDIT4");
}

bool looks_like_reg_query(std::string_view text) {
    // "HKEY_LOCAL_MACHINE\..." at the start of a line, then "    NAME    REG_xx" below it.
    std::size_t pos = 0;
    bool saw_key = false;
    for (int lines = 0; pos < text.size() && lines < 200; ++lines) {
        auto end = text.find('\n', pos);
        auto line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (line.substr(0, 5) == "HKEY_") saw_key = true;
        else if (saw_key && line.substr(0, 4) == "    " && line.find("    REG_", 4) != std::string_view::npos) return true;
    }
    return false;
}

RegistryText read_registry_text(std::string_view text, const std::string& file) {
    Reader r{file, {}, {}, false, {}};
    const bool reg_file = looks_like_reg_file(text);
    r.out.format = reg_file ? "reg" : "reg-query";
    pegtl::memory_input<> in(text.data(), text.size(), file);
    if (reg_file) {
        // Skip up to the end of the header line.
        std::size_t after = 0;
        first_line(text, &after);
        in.bump(after);
    }
    while (!in.empty()) {
        try {
            if (reg_file) pegtl::parse<g::reg_file_line, action, control>(in, r);
            else pegtl::parse<g::query_file_line, action, control>(in, r);
        } catch (const pegtl::parse_error& e) {
            // Every line is parsed under try_catch; this is a safety net.
            r.out.diagnostics.push_back({{file, 0, 0}, Severity::error, std::string(e.message())});
            break;
        }
    }
    return std::move(r.out);
}

}  // namespace fwlint
