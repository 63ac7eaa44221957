// PowerShell scripts of the NetSecurity cmdlets, read by
// grammars/powershell.hpp statement by statement and replayed in order; and
// the plain Get-NetFirewallRule listing (Format-List text).
#include "parse/powershell.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammars/powershell.hpp"
#include "parse/powershell_internal.hpp"
#include "parse/powershell_splat.hpp"
#include "parse/suppression.hpp"
#include "parse/windows_rule.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

const char* const powershell_export_command =
    "Get-NetFirewallRule -PolicyStore ActiveStore | % { $p=$_|Get-NetFirewallPortFilter; "
    "$a=$_|Get-NetFirewallAddressFilter; $ap=$_|Get-NetFirewallApplicationFilter; $s=$_|Get-NetFirewallServiceFilter; "
    "[pscustomobject]@{Name=$_.Name; DisplayName=$_.DisplayName; Group=$_.Group; Enabled=$_.Enabled; "
    "Direction=$_.Direction; Action=$_.Action; Profile=$_.Profile; EdgeTraversalPolicy=$_.EdgeTraversalPolicy; "
    "Protocol=$p.Protocol; LocalPort=$p.LocalPort -join ','; RemotePort=$p.RemotePort -join ','; "
    "IcmpType=$p.IcmpType -join ','; LocalAddress=$a.LocalAddress -join ','; RemoteAddress=$a.RemoteAddress -join ','; "
    "Program=$ap.Program; Service=$s.Service} } | Export-Csv fw.csv -NoTypeInformation -Encoding UTF8";

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::powershell;
using namespace powershell;

// ------------------------------------------------------------------ reading

using Arg = ScriptArg;
using Cmd = ScriptCommand;

struct Reader {
    std::vector<Cmd>* pipeline = nullptr;  // the statement being read
    std::vector<Value> pending;  // values of the argument being read
    int pending_line = 0, pending_column = 0;
};

bool is_switch(std::string_view name) {
    for (const char* s : {"force", "whatif", "confirm", "passthru", "asjob", "verbose", "debug"})
        if (name == s) return true;
    return false;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::command_name> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (!r.pipeline) return;
        Cmd c;
        c.name = lower(in.string_view());
        c.line = static_cast<int>(in.position().line);
        c.column = static_cast<int>(in.position().column);
        r.pipeline->push_back(std::move(c));
    }
};
template <>
struct action<g::parameter_name> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (!r.pipeline || r.pipeline->empty()) return;
        Arg a;
        a.name = lower(in.string_view());
        a.written = in.string();
        a.awaiting = !is_switch(a.name);
        a.line = static_cast<int>(in.position().line);
        a.column = static_cast<int>(in.position().column) - 1;
        r.pipeline->back().args.push_back(std::move(a));
    }
};
template <>
struct action<g::colon_value> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (!r.pipeline || r.pipeline->empty() || r.pipeline->back().args.empty()) return;
        Arg& a = r.pipeline->back().args.back();
        a.values.push_back(evaluate(in.string_view()));
        a.awaiting = false;
    }
};
template <>
struct action<g::value> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (r.pending.empty()) {
            r.pending_line = static_cast<int>(in.position().line);
            r.pending_column = static_cast<int>(in.position().column);
        }
        r.pending.push_back(evaluate(in.string_view()));
    }
};
template <>
struct action<g::argument> {
    static void apply0(Reader& r) {
        std::vector<Value> values = std::move(r.pending);
        r.pending.clear();
        if (!r.pipeline || r.pipeline->empty()) return;
        Cmd& c = r.pipeline->back();
        if (!c.args.empty() && c.args.back().awaiting) {
            c.args.back().values = std::move(values);
            c.args.back().awaiting = false;
            return;
        }
        Arg a;
        a.values = std::move(values);
        a.line = r.pending_line;
        a.column = r.pending_column;
        c.args.push_back(std::move(a));
    }
};
template <>
struct action<g::pipe> {
    // Values piped into a command are not its arguments.
    static void apply0(Reader& r) { r.pending.clear(); }
};
template <>
struct action<g::value_statement> {
    static void apply0(Reader& r) { r.pending.clear(); }
};

// Comments between statements: "# fwlint: ignore ID reason" is a
// suppression (parse/suppression.hpp). A comment after a statement on the
// same line is not read: it is not before a cmdlet.
template <typename Rule>
struct comment_action : pegtl::nothing<Rule> {};
template <>
struct comment_action<g::line_comment> {
    template <typename Input>
    static void apply(const Input& in, std::vector<SuppressionComment>& out, const std::string& file) {
        SourceLocation at{file, static_cast<int>(in.position().line), static_cast<int>(in.position().column)};
        if (auto s = read_suppression_comment(in.string_view().substr(1), at)) out.push_back(std::move(*s));
    }
};

template <typename Input>
std::string found(const Input& in) {
    return found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 24);
}

struct SyntaxError {
    int line, column;
    std::string message;
};

template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, Reader&) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        throw SyntaxError{static_cast<int>(in.position().line), static_cast<int>(in.position().column),
                          g::error_message<Rule> + found(in)};
    }
};

bool mentions_firewall(std::string_view s) {
    std::string l = lower(s.substr(0, 4096));
    return l.find("netfirewall") != std::string::npos;
}

// ------------------------------------------------------------- the listing

// `Get-NetFirewallRule` printed as Format-List: blocks of "Property : value".
bool looks_like_listing(std::string_view text) {
    int seen = 0;
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 200; ++lines) {
        auto end = text.find('\n', pos);
        std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        for (const char* p : {"Name ", "DisplayName ", "Direction ", "Action ", "Enabled "})
            if (l.substr(0, std::string_view(p).size()) == p && l.find(" : ") != std::string_view::npos) ++seen;
    }
    return seen >= 4;
}

ParsedInput parse_listing(std::shared_ptr<const std::string> source, const std::string& file) {
    const std::string_view text(*source);
    Diagnostics diags;
    std::vector<WindowsRuleSpec> specs;
    std::optional<WindowsRuleSpec> current;
    std::size_t block_start = 0;
    int line_no = 0;
    std::string last_property;
    std::set<std::string> unknown_properties;
    auto flush = [&](std::size_t end) {
        if (!current) return;
        current->text = text.substr(block_start, end - block_start);
        // No ports, addresses, programs or services in this listing: the rule
        // may be much narrower than it looks.
        current->attributes.push_back({"filters", "not in a Get-NetFirewallRule listing", current->loc});
        current->scope_known = false;
        specs.push_back(std::move(*current));
        current.reset();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        const std::size_t line_start = pos;
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++line_no;
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.find_first_not_of(" \t") == std::string_view::npos) {
            flush(line_start);
            continue;
        }
        auto colon = l.find(" : ");
        if (colon == std::string_view::npos || l.front() == ' ') continue;  // a wrapped value
        std::string property(l.substr(0, colon));
        while (!property.empty() && property.back() == ' ') property.pop_back();
        std::string value(l.substr(colon + 3));
        if (!current) {
            current.emplace();
            current->loc = {file, line_no, 1};
            block_start = line_start;
        }
        std::string problem;
        switch (apply_property(*current, property, {value}, problem)) {
            case Applied::ok: break;
            case Applied::bad_value:
                diags.push_back({{file, line_no, static_cast<int>(colon) + 4}, Severity::warning, problem});
                break;
            case Applied::ignored: break;
            case Applied::unknown: unknown_properties.insert(property); break;
        }
    }
    flush(text.size());
    diags.push_back({{file, 0, 0}, Severity::warning,
                     fmt::format("a plain Get-NetFirewallRule listing has no ports, addresses, programs or services: "
                                 "its {} rules are read, but it cannot support port checks; export the rules with their "
                                 "filters instead and check that file: {}",
                                 specs.size(), powershell_export_command)});
    return windows_input(specs, WindowsProfileDefaults{}, std::move(source), file, "powershell", std::move(diags));
}

}  // namespace

namespace {

class ScriptReader {
public:
    ScriptReader(const std::string& file, Diagnostics& diags, std::vector<std::vector<ScriptCommand>>& statements)
        : file_(file), diags_(diags), statements_(statements) {}

    std::vector<SuppressionComment> suppressions;  // "# fwlint: ignore ..." between statements

    // Reads the statements of `in` (a whole script, or the body of a script
    // block `depth` levels down).
    void read(pegtl::memory_input<>& in, int depth) {
        Reader r;
        while (!in.empty()) {
            const char* start = in.current();
            const auto pos = in.position();
            if (pegtl::parse<g::separator, comment_action>(in, suppressions, file_)) continue;
            std::vector<ScriptCommand> pipeline;
            r.pipeline = &pipeline;
            r.pending.clear();
            std::optional<SyntaxError> error;
            bool read = false;
            {
                // On failure the input goes back to the statement's start, so a
                // stray quote costs one line, not the rest of the file.
                auto marker = in.template mark<pegtl::rewind_mode::required>();
                try {
                    read = pegtl::parse<g::statement_line, action, control>(in, r);
                } catch (const SyntaxError& e) {
                    error = e;
                }
                read = marker(read);
            }
            if (read) {
                std::string_view stmt(start, static_cast<std::size_t>(in.current() - start));
                for (auto& c : pipeline) {
                    c.text = stmt;
                    splats_.expand(c);
                }
                splats_.statement(stmt, static_cast<int>(pos.line), static_cast<int>(pos.column));
                if (!pipeline.empty()) last_command_ = {pipeline.back().name, pipeline.back().line};
                if (!pipeline.empty()) statements_.push_back(pipeline);
                script_blocks(pipeline, stmt, pos, depth);
                continue;
            }
            // Not a statement fwlint reads: skip its line. A firewall cmdlet
            // that could not be read is reported; other PowerShell is not ours.
            std::string_view rest(start, static_cast<std::size_t>(in.end() - start));
            if (mentions_firewall(rest.substr(0, rest.find('\n')))) {
                // At the statement's line: a string left open runs to the end of the file.
                if (error && error->line == static_cast<int>(pos.line))
                    diags_.push_back({{file_, error->line, error->column}, Severity::error, error->message});
                else if (error)
                    diags_.push_back({{file_, static_cast<int>(pos.line), static_cast<int>(pos.column)}, Severity::error,
                                      fmt::format("{} (at line {})", error->message, error->line)});
                else
                    diags_.push_back({{file_, static_cast<int>(pos.line), static_cast<int>(pos.column)}, Severity::error,
                                      "expected a PowerShell command: this firewall statement could not be read"});
            } else if (auto param = leading_parameter(rest); !param.empty()) {
                orphan_parameters(param, pos);
                skip_continued_lines(in);
                continue;
            }
            pegtl::parse<pegtl::until<pegtl::eolf>>(in);
        }
    }

private:
    // "-Action Allow ..." at the start of a statement: the parameter's name
    // ("-Action"), or "" when the statement does not start with a parameter.
    static std::string leading_parameter(std::string_view rest) {
        if (rest.size() < 2 || rest[0] != '-' || !std::isalpha(static_cast<unsigned char>(rest[1]))) return "";
        std::size_t end = 1;
        while (end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[end])) || rest[end] == '_')) ++end;
        std::string name(rest.substr(0, end));
        // -not, -join...: unary operators that may start an expression statement.
        const std::string l = lower(name);
        if (l == "-not" || l == "-join" || l == "-split" || l == "-bnot") return "";
        return name;
    }

    // A line of parameters with no command: the line before it did not
    // continue (no backtick at its end, or a space or comment after it), so
    // PowerShell runs the command before without them and fails on this line.
    // fwlint reads the command the same way, and says so here.
    void orphan_parameters(const std::string& param, const pegtl::position& pos) {
        std::string before = last_command_.line > 0 ? fmt::format("the {} of line {}", last_command_.name, last_command_.line)
                                                    : std::string("the command before it");
        diags_.push_back({{file_, static_cast<int>(pos.line), static_cast<int>(pos.column)}, Severity::error,
                          fmt::format("this line starts with a parameter ({}) and no command: the line before it does "
                                      "not continue onto it (a backtick missing at its end?), so PowerShell runs {} "
                                      "without the parameters from here on and fails on this line; fwlint reads it "
                                      "that way too",
                                      param, before)});
    }

    // Past this line and the lines a backtick at its end continues it onto.
    static void skip_continued_lines(pegtl::memory_input<>& in) {
        while (!in.empty()) {
            const char* start = in.current();
            pegtl::parse<pegtl::until<pegtl::eolf>>(in);
            std::string_view line(start, static_cast<std::size_t>(in.current() - start));
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' ||
                                     line.back() == '\t'))
                line.remove_suffix(1);
            if (line.empty() || line.back() != '`') return;
        }
    }

    struct LastCommand {
        std::string name;
        int line = 0;
    };
    LastCommand last_command_;

    // Script blocks passed to a command (ForEach-Object { ... }, Invoke-Command
    // -ScriptBlock { ... }, & { ... }) that hold firewall cmdlets: their
    // statements are read in place, once (fwlint does not run the script, so
    // $_ and the other variables inside stay unknown values, each reported).
    // A filter (Where-Object { ... }) is not run: the replay reports the
    // selection as unknown.
    void script_blocks(const std::vector<ScriptCommand>& pipeline, std::string_view stmt, const pegtl::position& at,
                       int depth) {
        for (const auto& c : pipeline) {
            if (c.name == "where-object" || c.name == "where" || c.name == "?") continue;
            // Invoke-Command -ComputerName srv2 { ... } changes another host's firewall.
            const bool remote = std::any_of(c.args.begin(), c.args.end(), [](const ScriptArg& a) {
                return a.name == "computername" || a.name == "cn" || a.name == "session" || a.name == "vmname";
            });
            std::size_t from = 0;
            for (const auto& a : c.args)
                for (const auto& v : a.values) {
                    if (v.raw.size() < 2 || v.raw.front() != '{' || !mentions_firewall(v.raw)) continue;
                    std::size_t offset = stmt.find(v.raw, from);
                    if (offset == std::string_view::npos) continue;
                    from = offset + v.raw.size();
                    if (remote) {
                        diags_.push_back({{file_, c.line, c.column}, Severity::warning,
                                          fmt::format("the script block given to {} runs on another computer "
                                                      "(-ComputerName/-Session): its firewall cmdlets are not read as "
                                                      "this host's",
                                                      c.name)});
                        continue;
                    }
                    if (depth >= 8) {
                        diags_.push_back({{file_, a.line, a.column}, Severity::warning,
                                          "script blocks nested too deep: the firewall cmdlets inside are not read"});
                        continue;
                    }
                    // The position of the body, just past the '{'.
                    std::string_view before = stmt.substr(0, offset + 1);
                    std::size_t newlines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
                    std::size_t line = at.line + newlines;
                    std::size_t column = newlines == 0 ? at.column + offset + 1 : before.size() - before.rfind('\n');
                    diags_.push_back({{file_, static_cast<int>(line), static_cast<int>(column)}, Severity::note,
                                      fmt::format("the script block given to {} holds firewall cmdlets: read once, as "
                                                  "written (fwlint does not run it: $_ and other variables stay unknown)",
                                                  c.name)});
                    pegtl::memory_input<> body(stmt.data() + offset + 1, stmt.data() + offset + v.raw.size() - 1,
                                               file_, at.byte + offset + 1, line, column);
                    read(body, depth + 1);
                }
        }
    }

    const std::string& file_;
    Diagnostics& diags_;
    std::vector<std::vector<ScriptCommand>>& statements_;
    SplatTables splats_;  // literal hashtables assigned so far, for @name
};

}  // namespace

ParsedInput parse_powershell(std::shared_ptr<const std::string> source, const std::string& file) {
    std::string_view text(*source);
    if (looks_like_listing(text)) return parse_listing(std::move(source), file);
    std::size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    Diagnostics diags;
    std::vector<std::vector<ScriptCommand>> statements;
    pegtl::memory_input<> in(text.data() + skip, text.size() - skip, file);
    ScriptReader reader(file, diags, statements);
    reader.read(in, 0);
    // A suppression applies to the next statement that calls a firewall cmdlet.
    std::vector<int> cmdlet_lines;
    for (const auto& pipeline : statements)
        for (const auto& c : pipeline)
            if (c.name.find("netfirewall") != std::string::npos) {
                cmdlet_lines.push_back(pipeline.front().line);
                break;
            }
    aim_at_next_command(reader.suppressions, std::move(cmdlet_lines));
    ParsedInput out = replay_script(statements, std::move(source), file, std::move(diags));
    out.suppressions = std::move(reader.suppressions);
    return out;
}

}  // namespace fwlint

namespace fwlint {

namespace {

// The next "firewall" at or after `from`, in any letter case (ASCII: what
// powershell::lower folds); npos when there is none.
std::size_t find_firewall(std::string_view text, std::size_t from) {
    static constexpr std::string_view word = "firewall";
    for (std::size_t i = from; i + word.size() <= text.size(); ++i) {
        // 'f' | 0x20 == 'f' holds for 'f' and 'F' only.
        if ((static_cast<unsigned char>(text[i]) | 0x20) != 'f') continue;
        std::size_t k = 1;
        while (k < word.size() && (static_cast<unsigned char>(text[i + k]) | 0x20) == word[k]) ++k;
        if (k == word.size()) return i;
    }
    return std::string_view::npos;
}

}  // namespace

std::string detect_powershell(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    const std::string head = powershell::lower(text.substr(0, 65536));
    if ((text[first] == '[' || text[first] == '{') &&
        (head.find("\"direction\"") != std::string::npos || head.find("\"displayname\"") != std::string::npos))
        return "powershell-json";
    // The CSV header: the first line that is not Export-Csv's "#TYPE ...".
    std::size_t pos = first;
    std::string_view line = text.substr(pos, text.find('\n', pos) - pos);
    if (line.rfind("#TYPE", 0) == 0 && text.find('\n', pos) != std::string_view::npos) {
        pos = text.find('\n', pos) + 1;
        line = text.substr(pos, text.find('\n', pos) - pos);
    }
    const std::string header = powershell::lower(line);
    // Export-Csv separates with ',', or with ';' or a tab (-UseCulture, -Delimiter).
    if (header.find_first_of(",;\t") != std::string::npos && header.find("name") != std::string::npos &&
        (header.find("direction") != std::string::npos || header.find("displayname") != std::string::npos) &&
        header.find("-netfirewall") == std::string::npos)
        return "powershell-csv";
    if (looks_like_listing(text)) return "powershell";
    // A script: more NetSecurity cmdlets than netsh firewall lines (a .cmd
    // with one stray Set-NetFirewallProfile stays a netsh script), over the
    // whole file. Cmdlets count where a command starts: at the start of a
    // line, after an assignment or a pipe; not in comments or quoted text.
    // Both kinds of line hold "firewall": only those lines are lowered (the
    // rest of a 25 MB configuration is looked at once, never copied).
    std::size_t cmdlets = 0, netsh = 0;
    std::string l;
    for (std::size_t at = find_firewall(text, 0); at != std::string_view::npos;) {
        auto start = text.rfind('\n', at);
        start = start == std::string_view::npos ? 0 : start + 1;
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        l = powershell::lower(text.substr(start, end - start));
        at = end < text.size() ? find_firewall(text, end + 1) : std::string_view::npos;
        auto n = l.find("netsh");
        if (n != std::string::npos && l.find("firewall", n) != std::string::npos) ++netsh;
        for (const char* c : {"new-netfirewallrule", "set-netfirewallrule", "enable-netfirewallrule",
                              "disable-netfirewallrule", "remove-netfirewallrule", "set-netfirewallprofile"}) {
            auto found = l.find(c);
            if (found == std::string::npos) continue;
            auto before = std::string_view(l).substr(0, found);
            auto last = before.find_last_not_of(" \t");
            if (last == std::string_view::npos || before[last] == '=' || before[last] == '|' || before[last] == '{' ||
                before[last] == ';')
                ++cmdlets;
        }
    }
    return cmdlets > netsh ? "powershell" : "";
}

}  // namespace fwlint
