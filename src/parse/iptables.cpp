// iptables-save / ip6tables-save reader. Each line is read into a RawLine by
// the actions of grammars/iptables.hpp and becomes IR (tables, chains, rules)
// as soon as it is read: a rule is built in place, in its chain; once every
// line is read, targets are resolved and jump loops found. A prescan first
// finds the family named in the header comment and how many rules each chain
// has. What each option of a rule means is in iptables_matches.cpp.
#include "parse/iptables.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammars/iptables.hpp"
#include "parse/iptables_internal.hpp"
#include "ir/thread_heap.hpp"
#include "parse/iptables_prescan.hpp"
#include "parse/suppression.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::iptables;
using namespace iptables_detail;

// Where the reader hands each line it has read: the Builder, or, for the
// second part of a large text, a SecondPart on another thread.
class LineSink {
public:
    virtual void read(const RawLine& l) = 0;  // a line the grammar read (not a blank line)
    virtual void syntax_error(int line, int column, std::string message) = 0;

protected:
    ~LineSink() = default;
};

// ------------------------------------------------------------------ reading

// Without a header comment naming the family, IPv6 addresses, ipv6-icmp or
// -m icmp6 outvoting IPv4 addresses decide it. Counted after the rule's
// meaning is given: it reuses the addresses that parsed.
struct FamilyEvidence {
    std::size_t v4 = 0, v6 = 0;

    void count(const RawLine& l) {
        if (l.kind != LineKind::append && l.kind != LineKind::insert) return;
        for (const auto& o : l.options) {
            if (looks_ipv6(o)) ++v6;
            else if ((o.kind == OptionKind::source || o.kind == OptionKind::destination) && !o.args.empty()) {
                bool is_v4 = o.first_address == RawOption::FirstAddress::v4;
                if (o.first_address == RawOption::FirstAddress::unknown) {
                    auto text = o.args.front().text;
                    auto a = parse_address(text.substr(0, text.find(',')));
                    is_v4 = a && a->family == Family::v4;
                }
                if (is_v4) ++v4;
            }
        }
    }
    void add(const FamilyEvidence& o) {
        v4 += o.v4;
        v6 += o.v6;
    }
    Family winner() const { return v6 > v4 ? Family::v6 : Family::v4; }
};

// What the actions below share while the grammar reads the text: the line
// being read (one RawLine, reused, so its vectors keep their capacity), where
// that line starts, and the Builder that turns each line into IR as soon as
// it is read (the LineSink).
//
// The input tracks no positions (PEGTL's lazy mode); line numbers and columns
// come from counting the '\n's behind each line once, which gives the same
// numbers as PEGTL's eager tracking: line = 1 + '\n's before, column = 1 +
// bytes since the last '\n'.
struct Reader {
    Reader(std::string_view text, const std::string& file, LineSink& sink)
        : file(file), sink(sink), counted(text.data()), line_start(text.data()) {}

    const std::string& file;
    LineSink& sink;
    RawLine current;
    const char* counted;     // '\n's before this are in line_no
    const char* line_start;  // first byte of the line being read
    int line_no = 1;
    // Unquoted words that differ from their text; a deque, so the views into
    // its strings stay valid while more are added.
    std::deque<std::string> scratch;
    std::size_t scratch_used = 0;

    int column(const char* p) const { return static_cast<int>(p - line_start) + 1; }

    // The next line to read starts at `p` and is line number `line`.
    void resume_at(const char* p, int line) {
        counted = line_start = p;
        line_no = line;
    }

    // A line (read or skipped) ends at `end`: count its '\n's.
    void line_done(const char* end) {
        for (const char* p = counted; p < end;) {
            const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            if (!nl) break;
            ++line_no;
            p = static_cast<const char*>(nl) + 1;
            line_start = p;
        }
        counted = end;
        current.clear();
        scratch_used = 0;
    }

    std::string_view unquoted(std::string_view word) {
        if (word.find('"') == std::string_view::npos) return word;
        if (scratch_used == scratch.size()) scratch.emplace_back();
        std::string& out = scratch[scratch_used++];
        out.clear();
        bool quoted = false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            char c = word[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted && c == '\\' && i + 1 < word.size()) {
                out += word[++i];
            } else {
                out += c;
            }
        }
        return out;
    }

    // The line is read: its number, its text, each option's arguments.
    void prepare_line(std::string_view line_text) {
        current.line = line_no;
        current.text = line_text;
        for (auto& o : current.options) o.args = std::span<const RawArg>(current.args.data() + o.first_arg, o.arg_count);
    }
    void finish_line(std::string_view line_text) {
        prepare_line(line_text);
        sink.read(current);
    }
};


std::string_view without_line_end(std::string_view s) {
    if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <OptionKind Kind>
struct start_option {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        RawOption& o = r.current.options.emplace_back();
        o.kind = Kind;
        o.flag = in.string_view();
        o.column = r.column(in.begin());
        o.first_arg = static_cast<std::uint32_t>(r.current.args.size());
    }
};

// clang-format off
template <> struct action<g::source_flag> : start_option<OptionKind::source> {};
template <> struct action<g::destination_flag> : start_option<OptionKind::destination> {};
template <> struct action<g::in_flag> : start_option<OptionKind::in_interface> {};
template <> struct action<g::out_flag> : start_option<OptionKind::out_interface> {};
template <> struct action<g::protocol_flag> : start_option<OptionKind::protocol> {};
template <> struct action<g::match_flag> : start_option<OptionKind::match> {};
template <> struct action<g::jump_flag> : start_option<OptionKind::jump> {};
template <> struct action<g::goto_flag> : start_option<OptionKind::go_to> {};
template <> struct action<g::text_flag> : start_option<OptionKind::other> {};
template <> struct action<g::other_flag> : start_option<OptionKind::other> {};
// clang-format on

struct add_argument {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (r.current.options.empty()) return;  // "-F INPUT": a bare word of an ignored command
        r.current.args.push_back({r.unquoted(in.string_view()), false, r.column(in.begin())});
        ++r.current.options.back().arg_count;
    }
};
template <>
struct action<g::value> : add_argument {};
template <>
struct action<g::text_value> : add_argument {};

template <>
struct action<g::negated_value> {
    static void apply0(Reader& r) {
        if (!r.current.options.empty() && r.current.options.back().arg_count != 0) r.current.args.back().negated = true;
    }
};

template <>
struct action<g::negated_option> {
    static void apply0(Reader& r) {
        if (!r.current.options.empty()) r.current.options.back().negated = true;
    }
};

template <>
struct action<g::rule_option> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (!r.current.options.empty()) r.current.options.back().text = in.string_view();
    }
};

template <LineKind Kind>
struct start_command {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.current.kind = Kind;
        r.current.command = in.string_view();
        r.current.column = r.column(in.begin());
    }
};

// clang-format off
template <> struct action<g::append_flag> : start_command<LineKind::append> {};
template <> struct action<g::insert_flag> : start_command<LineKind::insert> {};
template <> struct action<g::new_chain_flag> : start_command<LineKind::new_chain> {};
template <> struct action<g::policy_flag> : start_command<LineKind::set_policy> {};
template <> struct action<g::other_command_flag> : start_command<LineKind::unsupported> {};
// clang-format on

struct set_name {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (r.current.name.empty()) r.current.name = in.string_view();
    }
};
template <>
struct action<g::chain_name> : set_name {};
template <>
struct action<g::declared_chain> : set_name {};
template <>
struct action<g::table_name> : set_name {};

template <>
struct action<g::policy_name> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.current.policy = in.string_view();
    }
};

template <>
struct action<g::rule_number> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        unsigned long n = 0;
        for (char ch : in.string_view()) n = std::min<unsigned long>(n * 10 + static_cast<unsigned long>(ch - '0'), 1u << 30);
        r.current.number = n;
    }
};

template <LineKind Kind>
struct line_of_kind {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.current.kind = Kind;
        r.current.column = r.column(in.begin());
    }
};
// clang-format off
template <> struct action<g::comment> : line_of_kind<LineKind::comment> {};
template <> struct action<g::table> : line_of_kind<LineKind::table> {};
template <> struct action<g::chain_declaration> : line_of_kind<LineKind::chain> {};
template <> struct action<g::commit> : line_of_kind<LineKind::commit> {};
// clang-format on

template <>
struct action<g::line> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        if (r.current.kind != LineKind::none) r.finish_line(without_line_end(in.string_view()));
        r.line_done(in.end());
    }
};

template <>
struct action<g::skipped_line> {
    template <typename Input>
    static void apply(const Input& in, Reader& r) {
        r.line_done(in.end());
    }
};

// ", found 'xyz'" / ", found the end of the line": what stood where the
// expected thing should have been.
template <typename Input>
std::string found(const Input& in) {
    return found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 24, " \t\r\n");
}

void report_syntax_error(Reader& r, int column, std::string message) {
    r.sink.syntax_error(r.line_no, column, std::move(message));
}

// must<Rule> failed: report the grammar's sentence for Rule at this position,
// then unwind to the line's try_catch, which skips the line.
template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input, typename... States>
    [[noreturn]] static void raise(const Input& in, Reader& r, States&&...) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        const int column = r.column(in.current());
        std::string message = g::error_message<Rule> + found(in);
        pegtl::position pos(static_cast<std::size_t>(in.current() - in.begin()), static_cast<std::size_t>(r.line_no),
                            static_cast<std::size_t>(column), r.file);
        report_syntax_error(r, column, message);
        throw pegtl::parse_error(message, std::move(pos));
    }
};


// ------------------------------------------------------------------ building

// What every rule of a reading shares.
struct RuleContext {
    const std::string& file;
    const FileName& file_name;                         // file, looked up once for every location
    const std::shared_ptr<const std::string>& source;  // the text every Rule::text views into
    Family family;
};

// The rule of -A / -I line `l`, whole but for its target's resolution (once
// the table is read); its problems go to `diagnostics`, the column of its
// -j / -g to target_column[l.line].
void make_rule(const RawLine& l, const RuleContext& c, Diagnostics& diagnostics, std::vector<int>& target_column,
               Rule& rule) {
    rule.loc = {c.file_name, l.line, l.column};
    rule.text = l.text;
    rule.source = c.source;
    rule.chain = l.name;
    RuleTarget t = interpret_rule(l, c.family, c.file, diagnostics, rule);
    rule.target = t.target;
    if (rule.target.empty()) return;
    rule.action = t.is_goto ? Action::go_to : Action::jump;
    if (static_cast<std::size_t>(l.line) >= target_column.size()) target_column.resize(l.line + 1, 0);
    target_column[l.line] = t.target_column;
}

class SecondPart;

// Builds tables, chains and rules line by line, as they are read; resolves
// targets and finds loops once every line is read.
class Builder final : public LineSink {
public:
    Builder(const std::string& file, const Prescan& prescan, Family family, bool count_evidence,
            std::shared_ptr<const std::string> source)
        : file_(file), file_name_(file), prescan_(prescan), family_(family), count_evidence_(count_evidence),
          source_(std::move(source)) {
        out_.file = file_;
        out_.format = family_ == Family::v6 ? "ip6tables-save" : "iptables-save";
    }

    // One line the grammar read (not a blank line).
    void read(const RawLine& l) override {
        if (l.kind == LineKind::append || l.kind == LineKind::insert) {
            if (need_table(l, "rule")) add_rule(l);
        } else {
            interpret(l);
        }
        if (count_evidence_) evidence_.count(l);  // after add_rule(), see FamilyEvidence
    }

private:
    void interpret(const RawLine& l) {
        switch (l.kind) {
            case LineKind::none: return;
            case LineKind::comment:
                if (!open_) switch_family(l.text);
                if (auto s = read_suppression_comment(l.text.substr(std::min<std::size_t>(l.column, l.text.size())),
                                                      SourceLocation{file_, l.line, l.column}))
                    out_.suppressions.push_back(std::move(*s));
                return;
            case LineKind::table: return open_table(l);
            case LineKind::commit:
                if (!open_) return warning(l.line, l.column, "COMMIT without an open table");
                open_ = false;
                return;
            case LineKind::chain:
                if (need_table(l, "chain declaration")) declare_chain(l);
                return;
            case LineKind::append:
            case LineKind::insert:
                return;  // replay()
            case LineKind::new_chain:
                if (need_table(l, "-N")) new_chain(l);
                return;
            case LineKind::set_policy:
                if (need_table(l, "-P")) set_policy(l);
                return;
            case LineKind::unsupported:
                return warning(l.line, l.column,
                               fmt::format("'{}' is an iptables-restore command that the save-format reader does "
                                           "not support; line ignored",
                                           l.command));
        }
    }

public:
    void syntax_error(int line, int column, std::string message) override { error(line, column, std::move(message)); }

    // Takes what `part` read on another thread (SecondPart::splice_into), when
    // reading up to its start has left this Builder where `part` assumed.
    friend class SecondPart;

    // Without a header comment, IPv6 addresses, ipv6-icmp or -m icmp6
    // outvoting IPv4 addresses decide the family (counted by read()).
    Family evidence() const { return evidence_.winner(); }

    ParsedInput finish() {
        if (open_) {
            warning(open_line_, 1, fmt::format("table '{}' not closed by COMMIT (the file ends first)", table().name));
        }
        for (std::size_t i = 0; i < out_.policies.size(); ++i) {
            resolve_targets(i);
            find_loops(out_.policies[i]);
        }
        std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.column < b.loc.column;
        });
        out_.diagnostics = std::move(diagnostics_);
        return std::move(out_);
    }

private:
    const std::string& file_;
    FileName file_name_;  // file_, looked up once for every location
    const Prescan& prescan_;
    Family family_ = Family::v4;
    bool count_evidence_ = false;
    std::shared_ptr<const std::string> source_;  // the text every Rule::text views into
    FamilyEvidence evidence_;
    Diagnostics diagnostics_;
    ParsedInput out_;
    bool open_ = false;          // between "*table" and COMMIT
    std::size_t table_ = 0;      // index of the open table's policy
    int open_line_ = 0;
    std::map<std::string, int> table_lines_;  // table -> line of its first header
    std::vector<int> target_column_;          // rule line -> column of its -j / -g (0: none)
    // Per table (as out_.policies): chain name -> index in its chains.
    std::vector<std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>>> chain_index_;
    // find_chain's cache: (table, chain index) per slot; checked by name on use.
    std::array<std::pair<std::size_t, std::size_t>, 64> recent_chains_ =
        [] {
            std::array<std::pair<std::size_t, std::size_t>, 64> a;
            a.fill({~std::size_t{0}, 0});
            return a;
        }();

    int target_column(int line) const {
        return line >= 0 && static_cast<std::size_t>(line) < target_column_.size() ? target_column_[line] : 0;
    }

    void report(Severity s, int line, int column, std::string message) {
        diagnostics_.push_back({{file_name_, line, column}, s, std::move(message)});
    }
    void error(int line, int column, std::string m) { report(Severity::error, line, column, std::move(m)); }
    void warning(int line, int column, std::string m) { report(Severity::warning, line, column, std::move(m)); }

    Policy& table() { return out_.policies[table_]; }

    // `iptables-save > f; ip6tables-save >> f` is a common way to keep both
    // families in one file: each save's header comment says which family the
    // tables after it hold, so the second '*filter' is the IPv6 filter table,
    // not the IPv4 one again.
    void switch_family(std::string_view comment) {
        if (auto f = family_named(comment, "Generated by ")) family_ = *f;
    }

    std::string table_key(std::string_view name) const {
        return fmt::format("{}/{}", name, family_ == Family::v6 ? 6 : 4);
    }

    bool need_table(const RawLine& l, const char* what) {
        if (open_) return true;
        error(l.line, l.column,
              fmt::format("{} outside a table: expected a '*filter' (or other '*table') line before it; line ignored",
                          what));
        return false;
    }

    void open_table(const RawLine& l) {
        if (open_)
            warning(l.line, 1,
                    fmt::format("table '{}' (line {}) not closed by COMMIT before this table", table().name,
                                open_line_));
        open_ = true;
        open_line_ = l.line;
        for (std::size_t i = 0; i < out_.policies.size(); ++i) {
            if (out_.policies[i].name != l.name || out_.policies[i].family != family_) continue;
            warning(l.line, 1,
                    fmt::format("table '{}' appears again (first at line {}); iptables-restore would replace it, "
                                "here its chains and rules are merged",
                                l.name, table_lines_[table_key(l.name)]));
            table_ = i;
            return;
        }
        Policy p;
        p.name = l.name;
        p.family = family_;
        p.order = EvaluationOrder::first_match;
        out_.policies.push_back(std::move(p));
        chain_index_.emplace_back();
        table_ = out_.policies.size() - 1;
        table_lines_[table_key(l.name)] = l.line;
    }

    Chain& create_chain(std::string_view name, int line, int column) {
        Chain c;
        c.name = name;
        c.loc = {file_name_, line, column};
        c.builtin = is_builtin(table().name, name);
        c.rules.reserve(rules_to_read(name));
        if (c.builtin) c.policy = Action::accept;
        chain_index_[table_].emplace(name, table().chains.size());
        table().chains.push_back(std::move(c));
        return table().chains.back();
    }

    // How many rules of chain `name` (of the open table) to allocate: the
    // prescan's count, or none when a SecondPart reads them all (its vector
    // is then taken whole). A chain with rules on both sides of the split
    // gets room for all: the second part's rules are moved in after the first's.
    std::size_t rules_to_read(std::string_view name) {
        const std::size_t n = prescan_.rules_in(table().name, name);
        const auto& split = prescan_.split;
        if (!split || split->table != table().name) return n;
        for (const auto& [chain, count] : split->chains)
            if (chain == name) return count >= n ? 0 : n;
        return n;
    }

    // The open table's chain called `name`, or null (as Policy::find_chain,
    // without comparing every chain's name on every rule).
    Chain* find_chain(std::string_view name) {
        // Rules of many chains interleaved (a generated file) miss the hash
        // table's cache lines: a small cache of (table, chain) by a hash of
        // the name's length and last characters comes first, checked by name.
        const std::size_t n = name.size();
        auto& slot = recent_chains_[(n * 7 + (n ? std::size_t(name[n - 1]) : 0) * 3 +
                                     (n > 1 ? std::size_t(name[n - 2]) : 0)) % recent_chains_.size()];
        auto& chains = table().chains;
        if (slot.first == table_ && slot.second < chains.size() && chains[slot.second].name == name)
            return &chains[slot.second];
        const auto& index = chain_index_[table_];
        auto it = index.find(name);
        if (it == index.end()) return nullptr;
        slot = {table_, it->second};
        return &chains[it->second];
    }

    void declare_chain(const RawLine& l) {
        bool builtin = is_builtin(table().name, l.name);
        std::optional<Action> policy;
        if (l.policy == "ACCEPT") policy = Action::accept;
        if (l.policy == "DROP") policy = Action::drop;
        if (builtin && !policy) {
            error(l.line, 1,
                  fmt::format("built-in chain '{}' needs a policy ACCEPT or DROP; assuming ACCEPT", l.name));
            policy = Action::accept;
        }
        if (!builtin && policy) {
            if (is_builtin_anywhere(l.name))
                error(l.line, 1,
                      fmt::format("table '{}' has no built-in chain '{}'; treated as a user-defined chain without "
                                  "policy",
                                  table().name, l.name));
            else
                error(l.line, 1,
                      fmt::format("user-defined chain '{}' cannot have a policy; '{}' ignored", l.name, l.policy));
            policy.reset();
        }
        if (Chain* existing = find_chain(l.name)) {
            warning(l.line, 1,
                    fmt::format("chain '{}' declared again (first at line {})", l.name, existing->loc.line));
            if (builtin) existing->policy = policy;
            return;
        }
        Chain& c = create_chain(l.name, l.line, 1);
        c.policy = policy;
    }

    void new_chain(const RawLine& l) {
        if (Chain* existing = find_chain(l.name))
            return warning(l.line, l.column,
                           fmt::format("chain '{}' already exists (line {})", l.name, existing->loc.line));
        if (is_builtin(table().name, l.name))
            return error(l.line, l.column, fmt::format("'{}' is a built-in chain; -N ignored", l.name));
        create_chain(l.name, l.line, l.column);
    }

    void set_policy(const RawLine& l) {
        if (!is_builtin(table().name, l.name))
            return error(l.line, l.column,
                         fmt::format("-P sets the policy of a built-in chain; '{}' is not one in table '{}'", l.name,
                                     table().name));
        Chain* c = find_chain(l.name);
        if (!c) c = &create_chain(l.name, l.line, l.column);
        c->policy = l.policy == "DROP" ? Action::drop : Action::accept;
    }

    // An -A / -I line: the rule is built where it belongs (appended to its
    // chain), not built elsewhere and moved there.
    void add_rule(const RawLine& l) {
        Chain* chain = find_chain(l.name);
        if (!chain) {
            bool builtin = is_builtin(table().name, l.name);
            error(l.line, l.column,
                  fmt::format("chain '{}' is not declared in table '{}' (no ':{} {} [0:0]' line); created{}", l.name,
                              table().name, l.name, builtin ? "ACCEPT" : "-",
                              builtin ? " with policy ACCEPT" : ""));
            chain = &create_chain(l.name, l.line, l.column);
        }
        auto& rules = chain->rules;
        if (l.kind == LineKind::append) return build_rule(l, rules.emplace_back());
        Rule rule;
        build_rule(l, rule);
        std::size_t n = l.number.value_or(1);
        if (n == 0 || n > rules.size() + 1) {
            warning(l.line, l.column,
                    fmt::format("rule number {} is outside chain '{}' ({} rules); the rule is {}", n, l.name,
                                rules.size(), n == 0 ? "inserted first" : "appended"));
            n = n == 0 ? 1 : rules.size() + 1;
        }
        rules.insert(rules.begin() + static_cast<std::ptrdiff_t>(n - 1), std::move(rule));
    }

    // The rule of line `l`, whole but for its target's resolution (once the
    // table is read); its problems go to the diagnostics.
    void build_rule(const RawLine& l, Rule& rule) {
        make_rule(l, {file_, file_name_, source_, family_}, diagnostics_, target_column_, rule);
    }

    void resolve_targets(std::size_t policy) {
        Policy& p = out_.policies[policy];
        const auto& index = chain_index_[policy];
        // A few names are every rule's target (ACCEPT, DROP, the zone chains):
        // the last eight looked up are kept with their answers, checked by
        // their bytes, so 200,000 rules make a handful of hash lookups (this
        // runs on one thread after both have read).
        struct Known {
            std::string_view name;  // a rule's target (its string outlives the loop)
            std::uint64_t tag = 0;  // name_tag(name): most names differ in it
            const Chain* to = nullptr;
            std::optional<Action> builtin;
        };
        auto name_tag = [](std::string_view n) {
            std::uint64_t t = n.size();
            for (std::size_t i = 0; i < n.size() && i < 7; ++i) t |= std::uint64_t(static_cast<unsigned char>(n[i])) << (8 * i + 8);
            return t;
        };
        std::array<Known, 8> known{};
        std::size_t known_next = 0;
        auto resolve = [&](std::string_view target) -> const Known& {
            const std::uint64_t tag = name_tag(target);
            for (const Known& k : known)
                if (k.tag == tag && k.name.size() == target.size() && k.name.data() &&
                    (target.size() <= 7 || std::memcmp(k.name.data(), target.data(), target.size()) == 0))
                    return k;
            Known& k = known[known_next++ % known.size()];
            auto it = index.find(target);
            k.name = target;
            k.tag = tag;
            k.to = it == index.end() ? nullptr : &p.chains[it->second];
            k.builtin = k.to ? std::nullopt : builtin_target(target);
            return k;
        };
        for (auto& chain : p.chains) {
            for (auto& r : chain.rules) {
                if (r.target.empty()) {
                    r.action = Action::none;
                    continue;
                }
                bool is_goto = r.action == Action::go_to;
                const Known& k = resolve(r.target);
                const Chain* to = k.to;
                if (to && !to->builtin) continue;  // jump / go_to as read
                int column = target_column(r.loc.line);
                r.action = Action::other;
                if (to) {
                    error(r.loc.line, column,
                          fmt::format("cannot {} built-in chain '{}'; kept as an unmodelled target",
                                      is_goto ? "goto" : "jump to", r.target));
                } else if (auto a = k.builtin; a && !is_goto) {
                    r.action = *a;
                } else if (is_goto) {
                    error(r.loc.line, column,
                          fmt::format("goto target '{}' is not a chain of table '{}'; kept as an unmodelled target",
                                      r.target, p.name));
                } else {
                    error(r.loc.line, column,
                          fmt::format("unknown target '{}': neither a built-in target nor a chain of table '{}'; "
                                      "kept as an unmodelled terminating target",
                                      r.target, p.name));
                }
            }
        }
    }

    // Depth-first search over -j / -g edges without recursion; every edge
    // back into the current path closes a loop.
    void find_loops(const Policy& p) {
        const std::size_t n = p.chains.size();
        std::unordered_map<std::string_view, std::size_t> index;
        for (std::size_t i = 0; i < n; ++i) index.emplace(p.chains[i].name, i);
        struct Edge {
            std::size_t to;
            const Rule* rule;
        };
        std::vector<std::vector<Edge>> edges(n);
        for (std::size_t i = 0; i < n; ++i)
            for (const auto& r : p.chains[i].rules)
                if (r.action == Action::jump || r.action == Action::go_to)
                    if (auto it = index.find(r.target); it != index.end()) edges[i].push_back({it->second, &r});

        enum class Color { white, grey, black };
        std::vector<Color> color(n, Color::white);
        struct Frame {
            std::size_t node;
            std::size_t next = 0;
        };
        for (std::size_t root = 0; root < n; ++root) {
            if (color[root] != Color::white) continue;
            std::vector<Frame> stack{{root}};
            color[root] = Color::grey;
            while (!stack.empty()) {
                Frame& f = stack.back();
                if (f.next == edges[f.node].size()) {
                    color[f.node] = Color::black;
                    stack.pop_back();
                    continue;
                }
                const Edge e = edges[f.node][f.next++];
                if (color[e.to] == Color::white) {
                    color[e.to] = Color::grey;
                    stack.push_back({e.to});
                } else if (color[e.to] == Color::grey) {
                    std::string path;
                    bool on = false;
                    for (const auto& s : stack) {
                        on = on || s.node == e.to;
                        if (on) path += p.chains[s.node].name + " -> ";
                    }
                    path += p.chains[e.to].name;
                    error(e.rule->loc.line, target_column(e.rule->loc.line), "jump loop: " + path);
                }
            }
        }
    }
};

// g::file, a line at a time: every line of `text` to `reader`. False when
// the safety net below stopped the reading.
bool read_lines(std::string_view text, bool bom, Reader& reader) {
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(text.data(), text.size(),
                                                                                      reader.file.c_str());
    try {
        if (bom) in.bump(3);  // opt< utf8::bom >
        while (!in.empty()) {
            reader.current.clear();
            reader.scratch_used = 0;
            pegtl::parse<g::recoverable_line, action, control>(in, reader);
        }
    } catch (const pegtl::parse_error& e) {
        // Every line is parsed under try_catch; this is a safety net.
        const auto& positions = e.positions();
        if (!positions.empty()) reader.line_no = static_cast<int>(positions.front().line);
        report_syntax_error(reader, positions.empty() ? 0 : static_cast<int>(positions.front().column),
                            std::string(e.message()));
        return false;
    }
    return true;
}

// The second part of a large text, from the prescan's split on, read on a
// thread of its own while the calling thread reads the first part: the run
// of -A lines that starts at the split, each rule built as the Builder builds
// it, into vectors of its own. It stops at the first line that is not an -A
// line (blank lines aside) or does not parse; the calling thread reads on
// from there. When reading the first part has left the Builder elsewhere than
// this part assumed (another table or family, a chain not declared), its
// work is dropped and the calling thread reads the second part too: the
// result is always the one-thread result.
class SecondPart final : public LineSink {
public:
    SecondPart(const std::shared_ptr<const std::string>& source, const std::string& file, const ReadSplit& split,
               Family family, bool count_evidence)
        : split_(split),
          file_(file),
          file_name_(file),
          // The rules hold the text through a control block of their own: the
          // two threads do not count references on one shared counter.
          holder_(std::make_shared<std::shared_ptr<const std::string>>(source)),
          source_(holder_, holder_->get()),
          family_(family),
          count_evidence_(count_evidence) {
        // Allocated here, by the calling thread: in the heap main() advises
        // for huge pages, not in the other thread's arena.
        for (const auto& [name, count] : split.chains) {
            index_.emplace(name, chains_.size());
            chains_.emplace_back(name, std::vector<Rule>{}).second.reserve(count);
        }
        thread_ = std::thread([this] { run(); });
    }
    SecondPart(const SecondPart&) = delete;
    SecondPart& operator=(const SecondPart&) = delete;
    ~SecondPart() {
        if (thread_.joinable()) thread_.join();
    }

    void read(const RawLine& l) override {
        if (l.kind != LineKind::append) {
            stopped_ = true;  // the calling thread reads it
            return;
        }
        make_rule(l, {file_, file_name_, source_, family_}, diagnostics_, target_column_, rules_of(l.name).emplace_back());
        if (count_evidence_) evidence_.count(l);
    }
    void syntax_error(int, int, std::string) override { stopped_ = true; }

    // Waits for the part. When `b` (having read everything before the split)
    // is where the part assumed, moves the part's rules and diagnostics into
    // it and returns where reading goes on: the first line the part did not
    // take (offset, line number). Otherwise leaves `b` alone.
    std::optional<std::pair<std::size_t, int>> splice_into(Builder& b) {
        thread_.join();
        if (failed_ || !b.open_ || b.family_ != family_ || b.table().name != split_.table) return std::nullopt;
        for (const auto& [name, rules] : chains_)
            if (!rules.empty() && !b.find_chain(name)) return std::nullopt;
        for (auto& [name, rules] : chains_) {
            if (rules.empty()) continue;
            auto& to = b.find_chain(name)->rules;
            if (to.empty())
                to.swap(rules);
            else
                to.insert(to.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
        }
        for (auto& d : diagnostics_) b.diagnostics_.push_back(std::move(d));
        if (target_column_.size() > b.target_column_.size()) b.target_column_.resize(target_column_.size(), 0);
        for (std::size_t line = static_cast<std::size_t>(split_.line); line < target_column_.size(); ++line)
            if (target_column_[line] != 0) b.target_column_[line] = target_column_[line];
        if (count_evidence_) b.evidence_.add(evidence_);
        return std::pair{stop_, stop_line_};
    }

private:
    void run() {
        use_huge_pages_for_this_thread();
        try {
            const std::string_view text(*source_);
            Reader reader(text, file_, *this);
            reader.resume_at(text.data() + split_.offset, split_.line);
            pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
                text.data() + split_.offset, text.size() - split_.offset, file_.c_str());
            while (!in.empty()) {
                const char* const at = in.current();
                const int line = reader.line_no;
                reader.current.clear();
                reader.scratch_used = 0;
                pegtl::parse<g::recoverable_line, action, control>(in, reader);
                if (stopped_) {
                    stop_ = static_cast<std::size_t>(at - text.data());
                    stop_line_ = line;
                    return;
                }
            }
            stop_ = text.size();
            stop_line_ = reader.line_no;
        } catch (...) {  // out of memory, the grammar's safety net: the calling thread reads it all
            failed_ = true;
        }
    }

    std::vector<Rule>& rules_of(std::string_view chain) {
        if (last_ < chains_.size() && chains_[last_].first == chain) return chains_[last_].second;
        auto [it, added] = index_.try_emplace(chain, chains_.size());
        if (added) chains_.emplace_back(chain, std::vector<Rule>{});
        last_ = it->second;
        return chains_[last_].second;
    }

    const ReadSplit& split_;
    const std::string& file_;
    const FileName file_name_;
    std::shared_ptr<std::shared_ptr<const std::string>> holder_;
    const std::shared_ptr<const std::string> source_;
    const Family family_;
    const bool count_evidence_;
    std::vector<std::pair<std::string_view, std::vector<Rule>>> chains_;  // in order of first appearance
    std::unordered_map<std::string_view, std::size_t, NameHash> index_;
    std::size_t last_ = 0;
    Diagnostics diagnostics_;
    std::vector<int> target_column_;
    FamilyEvidence evidence_;
    bool stopped_ = false;
    bool failed_ = false;
    std::size_t stop_ = 0;
    int stop_line_ = 0;
    std::thread thread_;  // last: started once everything above is set
};

// Reads the whole text as `family`; `evidence`: which family its addresses
// point to. With a split, two threads read it (SecondPart).
ParsedInput read_as(const std::shared_ptr<const std::string>& source, const std::string& file, const Prescan& prescan,
                    Family family, bool count_evidence, Family* evidence) {
    const std::string_view text(*source);
    Builder builder(file, prescan, family, count_evidence, source);
    Reader reader(text, file, builder);
    const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
    std::unique_ptr<SecondPart> second;
    if (prescan.split) {
        try {
            second = std::make_unique<SecondPart>(source, file, *prescan.split, prescan.split->family.value_or(family),
                                                  count_evidence);
        } catch (const std::system_error&) {  // no second thread: one reads it all
        }
    }
    if (!second) {
        read_lines(text, bom, reader);
    } else if (read_lines(text.substr(0, prescan.split->offset), bom, reader)) {
        if (auto resume = second->splice_into(builder)) reader.resume_at(text.data() + resume->first, resume->second);
        read_lines(text.substr(static_cast<std::size_t>(reader.counted - text.data())), false, reader);
    }
    second.reset();
    if (evidence) *evidence = builder.evidence();
    return builder.finish();
}

}  // namespace

ParsedInput parse_iptables_save(std::string_view text, const std::string& file) {
    return parse_iptables_save(std::make_shared<const std::string>(text), file);
}

ParsedInput parse_iptables_save(std::shared_ptr<const std::string> source, const std::string& file) {
    const bool cores = std::thread::hardware_concurrency() > 1;
    return parse_iptables_save(std::move(source), file, cores ? iptables_parallel_read_from : 0);
}

ParsedInput parse_iptables_save(std::shared_ptr<const std::string> source, const std::string& file,
                                std::size_t parallel_from) {
    const std::string_view text(*source);
    const Prescan prescan(text, parallel_from);
    if (prescan.family) return read_as(source, file, prescan, *prescan.family, false, nullptr);
    // No header: read as IPv4, counting the evidence on the way; read again
    // as IPv6 when the evidence says so.
    Family evidence = Family::v4;
    ParsedInput v4 = read_as(source, file, prescan, Family::v4, true, &evidence);
    if (evidence == Family::v4) return v4;
    v4 = ParsedInput{};  // free it before the second reading
    return read_as(source, file, prescan, Family::v6, false, nullptr);
}

}  // namespace fwlint
