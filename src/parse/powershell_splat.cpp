// Literal hashtables for splatting (see powershell_splat.hpp).
#include "parse/powershell_splat.hpp"

#include <cctype>

#include <fmt/format.h>

#include "parse/powershell_internal.hpp"
#include "parse/text_trim.hpp"

namespace fwlint::powershell {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }

// "$script:common" and "@common" name the same variable in a script.
std::string variable_key(std::string_view name) {
    std::string l = lower(name);
    for (const char* scope : {"script:", "global:", "local:", "private:"})
        if (l.rfind(scope, 0) == 0) return l.substr(std::string_view(scope).size());
    return l;
}

// The index just past the quoted string starting at s[i], or s.size() when it is not closed.
std::size_t past_quoted(std::string_view s, std::size_t i) {
    const std::size_t end = skip_string(s, i);
    return end == std::string_view::npos ? s.size() : end;
}

// The index of the bracket closing the one at s[open] ('(', '{', '['), or npos.
std::size_t closing(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size();) {
        const char c = s[i];
        if (c == '\'' || c == '"') {
            i = past_quoted(s, i);
            continue;
        }
        if (c == '#' && depth > 0) {  // a comment inside the hashtable
            while (i < s.size() && s[i] != '\n') ++i;
            continue;
        }
        if (c == '`') ++i;
        else if (c == '(' || c == '{' || c == '[') ++depth;
        else if ((c == ')' || c == '}' || c == ']') && --depth == 0) return i;
        ++i;
    }
    return std::string_view::npos;
}

struct Piece {
    std::string_view text;
    std::size_t offset = 0;  // in the text that was split
};

// Splits `s` at top-level `separator`s and, when `at_line_ends`, line ends
// that do not continue the value (after ',' or a backtick they do); `#`
// comments are dropped.
std::vector<Piece> split_top(std::string_view s, char separator, bool at_line_ends) {
    std::vector<Piece> out;
    std::size_t start = 0;
    int depth = 0;
    auto push = [&](std::size_t end) {
        const std::string_view piece = s.substr(start, end - start);
        const std::size_t lead = piece.find_first_not_of(" \t\r\n\f\v");
        if (lead != std::string_view::npos) out.push_back({trim_blanks(piece), start + lead});
    };
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\'' || c == '"') {
            i = past_quoted(s, i);
            continue;
        }
        if (c == '#' && depth == 0) {
            push(i);
            while (i < s.size() && s[i] != '\n') ++i;
            start = i;
            continue;
        }
        if (c == '`') {
            i += 2;
            continue;
        }
        if (c == '(' || c == '{' || c == '[') ++depth;
        else if ((c == ')' || c == '}' || c == ']') && depth > 0) --depth;
        else if (depth == 0 && (c == separator || (at_line_ends && c == '\n'))) {
            std::string_view before = trim_blanks(s.substr(start, i - start));
            if (c == '\n' && !before.empty() && before.back() == ',') {
                ++i;  // the value goes on on the next line
                continue;
            }
            push(i);
            start = i + 1;
        }
        ++i;
    }
    push(s.size());
    return out;
}

// One hashtable value: `'TCP'`, `88, 464`, `@('389', '636')`, `$true`. A
// bareword there is a command PowerShell would run, so it stays unknown.
std::vector<Value> entry_values(std::string_view text) {
    std::vector<Value> out;
    for (const Piece& item : split_top(text, ',', false)) {
        const std::string_view t = item.text;
        if (std::isalpha(static_cast<unsigned char>(t.front()))) {
            Value v;
            v.raw = std::string(t);
            v.known = false;
            v.unknown = v.raw;
            v.items.push_back(v.raw);
            out.push_back(std::move(v));
        } else {
            out.push_back(evaluate(t));
        }
    }
    return out;
}

struct Position {
    int line, column;
};

Position position_in(std::string_view text, std::size_t offset, int line, int column) {
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, column = 1;
        else ++column;
    }
    return {line, column};
}

// "'Key'", "Key": the key as written, unquoted.
std::string key_text(std::string_view key) {
    key = trim_blanks(key);
    if (key.size() >= 2 && (key.front() == '\'' || key.front() == '"') && key.back() == key.front())
        return std::string(key.substr(1, key.size() - 2));
    return std::string(key);
}

}  // namespace

void SplatTables::statement(std::string_view text, int line, int column) {
    text = trim_blanks(text);
    const std::string_view whole = text;  // positions are counted from its start
    if (!text.empty() && text.front() == '[') {  // [hashtable]$p = @{ ... }
        const std::size_t end = closing(text, 0);
        if (end == std::string_view::npos) return;
        text = trim_blanks(text.substr(end + 1));
    }
    if (text.size() < 2 || text.front() != '$') return;
    std::size_t end = 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    const std::string written(text.substr(1, end - 1));
    const std::string name = variable_key(written);
    if (name.empty()) return;
    std::string_view rest = trim_blanks(text.substr(end));
    auto forget = [&](std::string why) {
        Table t;
        t.literal = false;
        t.why = std::move(why);
        tables_[name] = std::move(t);
    };
    const auto found = tables_.find(name);
    // $p.LocalPort = 443, $p['LocalPort'] = 443, $p.Remove('LocalPort')...
    if (!rest.empty() && (rest.front() == '.' || rest.front() == '[')) {
        if (found == tables_.end() || !found->second.literal) return;
        std::string key;
        std::string_view after;
        if (rest.front() == '.') {
            std::size_t k = 1;
            while (k < rest.size() && is_name_char(rest[k])) ++k;
            key = std::string(rest.substr(1, k - 1));
            after = trim_blanks(rest.substr(k));
        } else {
            const std::size_t close = closing(rest, 0);
            if (close == std::string_view::npos) return;
            key = key_text(rest.substr(1, close - 1));
            after = trim_blanks(rest.substr(close + 1));
        }
        if (!after.empty() && after.front() == '(') {
            forget(fmt::format("${} is changed at line {} by .{}(), which fwlint does not run", written, line, key));
            return;
        }
        if (after.empty() || after.front() != '=' || (after.size() > 1 && after[1] == '=')) return;  // a read
        const std::string_view value = trim_blanks(after.substr(1));
        Entry e{key, entry_values(value), line, column};
        auto& entries = found->second.entries;
        bool replaced = false;
        for (auto& old : entries)
            if (lower(old.key) == lower(key)) old = e, replaced = true;
        if (!replaced) entries.push_back(std::move(e));
        return;
    }
    const bool add = rest.rfind("+=", 0) == 0;
    if (!add && (rest.empty() || rest.front() != '=' || (rest.size() > 1 && rest[1] == '='))) return;
    std::string_view value = trim_blanks(rest.substr(add ? 2 : 1));
    if (lower(value.substr(0, 9)) == "[ordered]") value = trim_blanks(value.substr(9));
    const std::size_t close = value.size() >= 2 && value.substr(0, 2) == "@{" ? closing(value, 1) : std::string_view::npos;
    std::string_view tail = close == std::string_view::npos ? std::string_view{} : trim_blanks(value.substr(close + 1));
    if (close == std::string_view::npos || !(tail.empty() || tail.front() == '#' || tail.front() == ';')) {
        forget(fmt::format("${} is assigned at line {} from something other than a literal hashtable @{{...}}", written,
                           line));
        return;
    }
    if (add && (found == tables_.end() || !found->second.literal)) {
        forget(fmt::format("${} is added to at line {} but holds no literal hashtable before it", written, line));
        return;
    }
    Table t = add ? found->second : Table{};
    const std::size_t body_offset = static_cast<std::size_t>(value.data() - whole.data()) + 2;
    std::string_view body = value.substr(2, close - 2);
    for (const Piece& p : split_top(body, ';', true)) {
        const std::size_t eq = p.text.find('=');
        const Position at = position_in(whole, body_offset + p.offset, line, column);
        if (eq == std::string_view::npos) {
            forget(fmt::format("${} (line {}) holds an entry without '=' at line {}", written, line, at.line));
            return;
        }
        Entry e{key_text(p.text.substr(0, eq)), entry_values(trim_blanks(p.text.substr(eq + 1))), at.line, at.column};
        for (const auto& old : t.entries)
            if (lower(old.key) == lower(e.key)) {
                // PowerShell refuses a hashtable literal with a key twice ("Duplicate keys").
                forget(fmt::format("${} (line {}) has the key {} twice, which PowerShell refuses", written, line, e.key));
                return;
            }
        t.entries.push_back(std::move(e));
    }
    tables_[name] = std::move(t);
}

void SplatTables::expand(ScriptCommand& c) const {
    std::vector<ScriptArg> out;
    for (auto& a : c.args) {
        const bool splat = a.name.empty() && a.values.size() == 1 && a.values.front().raw.size() > 1 &&
                           a.values.front().raw.front() == '@' && is_name_char(a.values.front().raw[1]);
        if (!splat) {
            out.push_back(std::move(a));
            continue;
        }
        const std::string written = a.values.front().raw.substr(1);
        const auto found = tables_.find(variable_key(written));
        if (found == tables_.end() || !found->second.literal) {
            a.values.front().unknown_why = found == tables_.end()
                                               ? fmt::format("${} is not assigned a literal hashtable before line {}",
                                                             written, a.line)
                                               : found->second.why;
            out.push_back(std::move(a));
            continue;
        }
        for (const Entry& e : found->second.entries) {
            ScriptArg p;
            p.name = lower(e.key);
            p.written = e.key;
            p.values = e.values;
            p.line = e.line;
            p.column = e.column;
            out.push_back(std::move(p));
        }
    }
    c.args = std::move(out);
}

}  // namespace fwlint::powershell
