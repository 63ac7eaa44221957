// netsh scripts: continuation lines joined, each logical line read by
// grammars/netsh_script.hpp into Commands, the commands replayed in order.
#include "parse/netsh_script.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammars/netsh_script.hpp"
#include "parse/netsh_commands.hpp"
#include "parse/suppression.hpp"
#include "parse/windows_rule.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::netsh_script;
using namespace netsh;

// The first word of a command's text (what a warning about it names).
std::string_view first_word(std::string_view text) { return text.substr(0, text.find_first_of(" \t")); }

// ------------------------------------------------------------ logical lines

// One command line after `^` (batch) and backtick (PowerShell) continuations
// are joined. `source` spans its physical lines in the file.
struct LogicalLine {
    std::string text;
    int line = 1;
    std::string_view source;
};

std::vector<LogicalLine> logical_lines(std::string_view text) {
    std::vector<LogicalLine> out;
    std::size_t pos = 0;
    int line_no = 1;
    bool in_block_comment = false;  // PowerShell <# ... #>
    while (pos < text.size()) {
        LogicalLine l;
        l.line = line_no;
        const std::size_t start = pos;
        while (true) {
            auto end = text.find('\n', pos);
            std::string_view phys = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            pos = end == std::string_view::npos ? text.size() : end + 1;
            ++line_no;
            if (!phys.empty() && phys.back() == '\r') phys.remove_suffix(1);
            if (in_block_comment) {
                if (phys.find("#>") != std::string_view::npos) in_block_comment = false;
                phys = {};
            } else if (auto open = phys.find("<#"); open != std::string_view::npos &&
                                                    phys.find("#>", open) == std::string_view::npos) {
                in_block_comment = true;
                phys = phys.substr(0, open);
            }
            const bool continued = !phys.empty() && (phys.back() == '^' || phys.back() == '`') && pos < text.size() &&
                                   !(phys.size() >= 2 && phys[phys.size() - 2] == '^');
            if (continued) phys.remove_suffix(1);
            l.text += phys;
            if (!continued) break;
        }
        l.source = text.substr(start, pos - start);
        while (!l.source.empty() && (l.source.back() == '\n' || l.source.back() == '\r')) l.source.remove_suffix(1);
        out.push_back(std::move(l));
    }
    return out;
}

// ----------------------------------------------------------------- actions

struct LineReader {
    const std::string& file;
    int line;
    std::vector<Command> commands;
    Command current;
    std::string pending_verb, pending_object, pending_profile, pending_setting, pending_value, pending_tag;
    std::string pending_flag;  // the last netsh global option ("-r", "-c")
    bool after_new = false;
    Diagnostics& diagnostics;
    std::vector<SuppressionComment>* suppressions = nullptr;  // "REM fwlint: ignore ..." comments
    std::string_view comment_text;

    int column(const char* p, const char* begin) const { return static_cast<int>(p - begin) + 1; }
};

// A word without its quotes and batch escapes.
std::string unquote(std::string_view w) {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i] == '"') continue;
        if (w[i] == '^' && i + 1 < w.size()) ++i;
        out += w[i];
    }
    return out;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <typename Input>
int col(const Input& in) {
    return static_cast<int>(in.position().column);
}

template <>
struct action<g::netsh_keyword> {
    static void apply0(LineReader& r) { r.current.via_netsh = true; }
};
template <>
struct action<g::global_flag> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_flag = lower(in.string_view());
    }
};
template <>
struct action<g::global_value> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        // netsh -c "advfirewall firewall": the commands after it are in that context.
        std::string v = lower(unquote(in.string_view()));
        if (v.find("firewall") != std::string::npos) r.current.has_context = true;
        // netsh -r HOST: another computer's firewall.
        if (r.pending_flag == "-r") r.current.remote_host = unquote(in.string_view());
    }
};
template <>
struct action<g::advfirewall_keyword> {
    static void apply0(LineReader& r) { r.current.has_context = true; }
};
template <>
struct action<g::rule_verb> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_verb = lower(in.string_view());
    }
};
template <>
struct action<g::rule_command> {
    static void apply0(LineReader& r) {
        r.current.kind = Kind::rule;
        r.current.verb = r.pending_verb;
    }
};
template <>
struct action<g::firewall_keyword> {
    static void apply0(LineReader& r) { r.current.has_context = true; }
};
template <>
struct action<g::profile_name> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_profile = lower(in.string_view());
    }
};
template <>
struct action<g::setting_name> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_setting = lower(unquote(in.string_view()));
        r.pending_value.clear();
    }
};
template <>
struct action<g::setting_value> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_value = lower(unquote(in.string_view()));
    }
};
template <>
struct action<g::profile_command> {
    static void apply0(LineReader& r) {
        r.current.kind = Kind::profile;
        r.current.profile = r.pending_profile;
        r.current.setting = r.pending_setting;
        r.current.setting_value = r.pending_value;
    }
};
template <>
struct action<g::reset_command> {
    static void apply0(LineReader& r) { r.current.kind = Kind::reset; }
};
template <>
struct action<g::legacy_verb> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_verb = lower(in.string_view());
        r.pending_object.clear();
    }
};
template <>
struct action<g::legacy_object> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_object = lower(unquote(in.string_view()));
    }
};
template <>
struct action<g::legacy_command> {
    static void apply0(LineReader& r) {
        r.current.kind = Kind::legacy;
        r.current.verb = r.pending_verb;
        r.current.object = r.pending_object;
    }
};
template <>
struct action<g::other_firewall_command> {
    static void apply0(LineReader& r) { r.current.kind = Kind::other_firewall; }
};
template <>
struct action<g::other_advfirewall> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.kind = Kind::other_advfirewall;
        r.current.name = lower(first_word(in.string_view()));
    }
};
template <>
struct action<g::other_netsh> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.kind = Kind::other_netsh;
        r.current.name = lower(first_word(in.string_view()));
    }
};
template <>
struct action<g::other_name> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.name = lower(unquote(in.string_view()));
    }
};
template <>
struct action<g::pushd_command> {
    static void apply0(LineReader& r) { r.current.kind = Kind::pushd; }
};
// Comments: "fwlint: ignore ID reason" after REM, :: or # is a suppression
// (parse/suppression.hpp); the text after "::" still starts with its second ':'.
template <>
struct action<g::rest_of_line> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.comment_text = in.string_view();
        if (!r.comment_text.empty() && r.comment_text.front() == ':') r.comment_text.remove_prefix(1);
    }
};
template <>
struct action<g::comment> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        if (!r.suppressions) return;
        if (auto s = read_suppression_comment(r.comment_text, SourceLocation{r.file, r.line, col(in)}))
            r.suppressions->push_back(std::move(*s));
    }
};
template <>
struct action<g::popd_command> {
    static void apply0(LineReader& r) { r.current.kind = Kind::popd; }
};
template <>
struct action<g::new_keyword> {
    static void apply0(LineReader& r) {
        r.current.has_new = true;
        r.after_new = true;
    }
};
template <>
struct action<g::tag> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.pending_tag = lower(in.string_view());
    }
};
template <>
struct action<g::quoted_tag> : action<g::tag> {};
struct add_param {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.params.push_back(Param{r.pending_tag, unquote(in.string_view()), col(in), r.after_new});
    }
};
template <>
struct action<g::value> : add_param {};
template <>
struct action<g::quoted_value> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.params.push_back(Param{r.pending_tag, in.string(), col(in), r.after_new});
    }
};
template <>
struct action<g::empty_value> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.params.push_back(Param{r.pending_tag, "", col(in), r.after_new});
    }
};
template <>
struct action<g::positional> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        r.current.words.push_back(Word{unquote(in.string_view()), col(in)});
    }
};
template <>
struct action<g::command> {
    template <typename Input>
    static void apply(const Input& in, LineReader& r) {
        if (r.current.kind == Kind::none) r.current.kind = Kind::other;
        r.current.column = col(in);
        r.commands.push_back(std::move(r.current));
        r.current = Command{};
        r.after_new = false;
    }
};

template <typename Input>
std::string found(const Input& in) {
    return found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 24, " \r\n");
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, LineReader& r) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        std::string message = g::error_message<Rule> + found(in);
        r.diagnostics.push_back({{r.file, r.line, col(in)}, Severity::error, message});
        throw pegtl::parse_error(message, in);
    }
};

}  // namespace

ParsedInput parse_netsh_script(std::shared_ptr<const std::string> text, const std::string& file) {
    std::string_view all(*text);
    if (all.substr(0, 3) == "\xEF\xBB\xBF") all.remove_prefix(3);
    Diagnostics diagnostics;
    std::vector<LocatedCommand> commands;
    std::vector<SuppressionComment> suppressions;
    for (const auto& l : logical_lines(all)) {
        auto read = [&](std::string_view text, int column_offset) {
            LineReader r{file, l.line, {}, {}, {}, {}, {}, {}, {}, {}, {}, false, diagnostics,
                         column_offset == 0 ? &suppressions : nullptr, {}};
            pegtl::memory_input<> in(text.data(), text.size(), file);
            const std::size_t errors_before = diagnostics.size();
            try {
                pegtl::parse<g::line, action, control>(in, r);
            } catch (const pegtl::parse_error&) {
                // Reported by control; a netsh line cut short is still
                // reported below by what it lacks, so keep what was read.
                if (r.current.kind != Kind::none) r.commands.push_back(std::move(r.current));
            }
            for (std::size_t i = errors_before; i < diagnostics.size(); ++i) diagnostics[i].loc.column += column_offset;
            for (auto& c : r.commands) c.column += column_offset;
            return std::move(r.commands);
        };
        auto found = read(l.text, 0);
        for (auto& c : found) {
            // `if exist x netsh ...`, `for ... do netsh ...`, `start /wait netsh ...`, junk before
            // netsh: read the netsh command where it starts. (`echo netsh ...` only prints.)
            if (c.kind == Kind::other && c.name != "echo" && c.name != "@echo" && c.name != "title") {
                std::string lowered = lower(l.text);
                std::size_t at = lowered.find("netsh", static_cast<std::size_t>(c.column));
                while (at != std::string::npos && at > 0 && std::isalnum(static_cast<unsigned char>(lowered[at - 1])))
                    at = lowered.find("netsh", at + 1);
                if (at != std::string::npos && lowered.find("firewall", at) != std::string::npos) {
                    for (auto& inner : read(std::string_view(l.text).substr(at), static_cast<int>(at)))
                        commands.push_back({std::move(inner), l.line, l.source});
                    continue;
                }
            }
            commands.push_back({std::move(c), l.line, l.source});
        }
    }
    // A suppression applies to the next firewall command: netsh, or a `reg
    // add` the replay reads (not an `echo` or `pushd` between the comment and it).
    std::vector<int> firewall_lines;
    for (const auto& c : commands) {
        const Kind k = c.command.kind;
        const bool reg = k == Kind::other && (c.command.name == "reg" || c.command.name == "reg.exe");
        if (reg || (k != Kind::none && k != Kind::other && k != Kind::pushd && k != Kind::popd))
            firewall_lines.push_back(c.line);
    }
    aim_at_next_command(suppressions, std::move(firewall_lines));
    ParsedInput out = replay(commands, std::move(text), file, std::move(diagnostics));
    out.suppressions = std::move(suppressions);
    return out;
}

// fwlint's own reports quote netsh fix lines, and `fwlint check DIR` meets
// them when a report was written into the directory it checks: a Markdown
// table row ('|': no cmd line starts with a pipe), a text report's "fix:"
// line and a `netsh ...` in backticks are no script (JSON, SARIF, JUnit and
// HTML reports: see detect_format). They were read as one, each quoted fix an
// FW001.
bool looks_like_netsh_script(std::string_view text) {
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 2000; ++lines) {
        auto end = text.find('\n', pos);
        std::string l = lower(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end == std::string_view::npos ? text.size() : end + 1;
        auto first = l.find_first_not_of(" \t");
        if (first == std::string::npos || l[first] == '|' || l.compare(first, 4, "fix:") == 0) continue;
        auto netsh = l.find("netsh");
        while (netsh != std::string::npos && netsh > 0 && l[netsh - 1] == '`') netsh = l.find("netsh", netsh + 5);
        if (netsh != std::string::npos &&
            (l.find("advfirewall", netsh) != std::string::npos || l.find(" firewall ", netsh) != std::string::npos))
            return true;
        if (l.compare(first, 26, "pushd advfirewall firewall") == 0) return true;
    }
    return false;
}

}  // namespace fwlint
