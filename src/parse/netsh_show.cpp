// netsh `show rule` / `show allprofiles` output: lines (grammars/netsh_show.hpp)
// grouped into rule blocks and profile sections, then WindowsRuleSpecs.
#include "parse/netsh_show.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "grammars/netsh_show.hpp"
#include "parse/netsh_show_labels.hpp"
#include "parse/text_trim.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint {

namespace {

namespace g = grammar::netsh_show;
using namespace netsh_show;  // Field and the label tables
namespace pegtl = tao::pegtl;

// ------------------------------------------------------------------ one line

enum class LineKind { command, empty, separator, ok, no_rules, icmp_header, icmp_row, continuation, field, setting };

struct RawLine {
    LineKind kind = LineKind::empty;
    std::string_view label, value, icmp_type, icmp_code;
    int value_column = 1;
    const char* begin = nullptr;
    int error_column = 0;
    std::string error;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <LineKind K>
struct set_kind {
    template <typename Input>
    static void apply(const Input&, RawLine& r) {
        r.kind = K;
    }
};
template <> struct action<g::command_line> : set_kind<LineKind::command> {};
template <> struct action<g::empty_line> : set_kind<LineKind::empty> {};
template <> struct action<g::separator> : set_kind<LineKind::separator> {};
template <> struct action<g::ok_line> : set_kind<LineKind::ok> {};
template <> struct action<g::no_rules_line> : set_kind<LineKind::no_rules> {};
template <> struct action<g::icmp_header> : set_kind<LineKind::icmp_header> {};
template <> struct action<g::icmp_row> : set_kind<LineKind::icmp_row> {};
template <> struct action<g::continuation> : set_kind<LineKind::continuation> {};
template <> struct action<g::field> : set_kind<LineKind::field> {};
template <> struct action<g::setting> : set_kind<LineKind::setting> {};

template <typename Input>
void set_value(const Input& in, RawLine& r) {
    r.value = in.string_view();
    // The column of the value itself, past the padding after the label.
    std::size_t blanks = r.value.find_first_not_of(" \t");
    r.value_column = int(in.begin() - r.begin) + 1 + int(blanks == std::string_view::npos ? 0 : blanks);
}
template <> struct action<g::label> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { r.label = in.string_view(); }
};
template <> struct action<g::setting_label> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { r.label = in.string_view(); }
};
template <> struct action<g::value> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { set_value(in, r); }
};
template <> struct action<g::setting_value> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { set_value(in, r); }
};
template <> struct action<g::command_text> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { set_value(in, r); }
};
template <> struct action<g::continuation_text> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { set_value(in, r); }
};
template <> struct action<g::icmp_type> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { r.icmp_type = in.string_view(); }
};
template <> struct action<g::icmp_code> {
    template <typename Input> static void apply(const Input& in, RawLine& r) { r.icmp_code = in.string_view(); }
};

// must<Rule> failed: keep the grammar's sentence and where, then unwind.
template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input>
    [[noreturn]] static void raise(const Input& in, RawLine& r) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        r.error_column = int(in.current() - r.begin) + 1;
        r.error = std::string(g::error_message<Rule>) +
                  found_quote(std::string_view(in.current(), std::size_t(in.end() - in.current())), 40);
        throw pegtl::parse_error(r.error, in);
    }
};

constexpr auto trim = trim_blanks;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// ----------------------------------------------------------------- reader

struct Block {
    WindowsRuleSpec spec;
    const char* begin = nullptr;
    const char* end = nullptr;
    int line = 0;
    bool enabled = false, direction = false, action = false, scope = false, closed = false;
    Field last = Field::unknown;
    bool icmp = false;      // the ICMP table is open
    bool icmp_any = false;  // it has an "Any" type row
};

class Reader {
public:
    Reader(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    NetshShowResult run() {
        std::size_t pos = 0;
        int line_no = 0;
        while (pos < text_.size()) {
            std::size_t nl = text_.find('\n', pos);
            std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
            std::string_view line = text_.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++line_no;
            read_line(line, line_no);
            pos = end + 1;
        }
        finish_block();
        finish_orphans();
        if (unscoped_ > 0)
            note(0, 0, fmt::format("{} rule{} come{} from netsh output without `verbose`: Program and Service are not "
                                   "shown, so {} marked \"scope unknown\" (a rule may be limited to one program); "
                                   "use `netsh advfirewall firewall show rule name=all verbose`",
                                   unscoped_, unscoped_ == 1 ? "" : "s", unscoped_ == 1 ? "s" : "",
                                   unscoped_ == 1 ? "it is" : "each is"));
        if (!unverified_.empty()) {
            std::vector<std::pair<int, std::string>> by_line;
            for (const auto& [label, line] : unverified_) by_line.emplace_back(line, label);
            std::sort(by_line.begin(), by_line.end());
            std::vector<std::string> names;
            for (const auto& [line, label] : by_line) names.push_back(fmt::format("'{}' (line {})", label, line));
            note(0, 0, fmt::format("French label{} {} {} read as the English field{}, but {} not verified against real "
                                   "French netsh output (no capture of it was found): check that the rules' program, "
                                   "ports and addresses read as the host has them",
                                   names.size() == 1 ? "" : "s", fmt::join(names, ", "),
                                   names.size() == 1 ? "was" : "were", names.size() == 1 ? "" : "s",
                                   names.size() == 1 ? "that translation is" : "these translations are"));
        }
        return std::move(out_);
    }

private:
    void diag(Severity s, int line, int column, std::string message) {
        out_.diagnostics.push_back(Diagnostic{SourceLocation{file_, line, column}, s, std::move(message)});
    }
    void error(int line, int column, std::string m) { diag(Severity::error, line, column, std::move(m)); }
    void warning(int line, int column, std::string m) { diag(Severity::warning, line, column, std::move(m)); }
    void note(int line, int column, std::string m) { diag(Severity::note, line, column, std::move(m)); }

    void read_line(std::string_view line, int line_no) {
        RawLine raw;
        raw.begin = line.data();
        pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(line.data(),
                                                                                          line.size(), file_.c_str());
        try {
            pegtl::parse<g::line, action, control>(in, raw);
        } catch (const pegtl::parse_error&) {
            error(line_no, raw.error_column > 0 ? raw.error_column : 1, raw.error);
            if (block_) block_->end = line.data() + line.size();
            return;
        }
        handle(raw, line, line_no);
    }

    void handle(const RawLine& raw, std::string_view line, int line_no) {
        if (raw.kind != LineKind::icmp_row && raw.kind != LineKind::icmp_header && raw.kind != LineKind::empty &&
            block_)
            block_->icmp = false;
        switch (raw.kind) {
            case LineKind::command: return command(raw, line_no);
            case LineKind::empty: return;
            case LineKind::separator: return;  // under a rule name or section header
            case LineKind::ok:
            case LineKind::no_rules:
                finish_block();
                section_ = -1;
                return;
            case LineKind::icmp_header:
                if (block_ && block_->last == Field::protocol) block_->icmp = true;
                else warning(line_no, 1, "an ICMP 'Type Code' header outside an ICMP rule: ignored");
                return;
            case LineKind::icmp_row: return icmp_row(raw, line, line_no);
            case LineKind::continuation: return continuation(raw, line, line_no);
            case LineKind::setting: return setting(raw, line_no);
            case LineKind::field: return field(raw, line, line_no);
        }
    }

    // "netsh advfirewall firewall show rule name=all dir=in": the rules that
    // follow are all inbound, whatever their Direction line says (FORMATS.md
    // 1.3: a French build prints "Actif").
    void command(const RawLine& raw, int line_no) {
        finish_block();
        section_ = -1;
        std::string l = lower(raw.value);
        command_dir_.reset();
        for (std::size_t at = l.find("dir="); at != std::string::npos; at = l.find("dir=", at + 1)) {
            if (at > 0 && l[at - 1] != ' ') continue;
            std::string_view v = std::string_view(l).substr(at + 4, 3);
            if (v.substr(0, 2) == "in") command_dir_ = WindowsDirection::in;
            else if (v == "out") command_dir_ = WindowsDirection::out;
        }
        command_line_ = line_no;
    }

    void icmp_row(const RawLine& raw, std::string_view line, int line_no) {
        if (!block_ || !block_->icmp) {
            error(line_no, 1, "an ICMP type/code row outside an ICMP table (expected it under 'Protocol: ICMPv4')");
            return;
        }
        block_->end = line.data() + line.size();
        if (is_windows_any(raw.icmp_type)) {
            block_->icmp_any = true;  // "Any Any": every type
            block_->spec.icmp.clear();
            return;
        }
        if (block_->icmp_any) return;
        std::string item = fmt::format("{}:{}", raw.icmp_type, raw.icmp_code);
        auto bad = parse_windows_icmp(item, block_->spec.icmp);
        for (const auto& b : bad)
            error(line_no, 1, fmt::format("ICMP type/code '{}' is not a number 0-255 or Any: the row is not used", b));
    }

    void continuation(const RawLine& raw, std::string_view line, int line_no) {
        if (block_ && !block_->closed) block_->end = line.data() + line.size();
        if (block_ && !block_->closed && block_->last == Field::description) {
            block_->spec.description += " ";
            block_->spec.description += trim(raw.value);
            return;
        }
        if (block_ && !block_->closed && block_->last == Field::rule_name) {
            block_->spec.display_name += " ";
            block_->spec.display_name += trim(raw.value);
            return;
        }
        if (section_ >= 0) return;  // allprofiles: wrapped setting values carry nothing we use
        warning(line_no, raw.value_column, "an indented line that continues no field: ignored");
    }

    void setting(const RawLine& raw, int line_no) {
        if (section_ < 0) {
            if (block_ && !block_->closed) {
                warning(line_no, 1, fmt::format("'{}' has no ':': kept as an attribute of rule '{}'",
                                                trim(raw.label), block_->spec.display_name));
                block_->spec.attributes.push_back(WindowsAttribute{std::string(trim(raw.label)),
                                                                   std::string(trim(raw.value)),
                                                                   SourceLocation{file_, line_no, 1}});
                return;
            }
            error(line_no, 1, "expected a 'Label: value' line (a rule block starts with 'Rule Name:')");
            return;
        }
        std::string label = lower(trim(raw.label));
        std::string value = lower(trim(raw.value));
        WindowsProfileState& p = out_.defaults.profiles[std::size_t(section_)];
        if (label == "state" || label == "status" || label == "état" || label == "estado") {
            if (value == "on" || value == "ein" || value == "activé" || value == "actif")
                p.firewall_on = true;
            else if (value == "off" || value == "aus" || value == "désactivé" || value == "inactif")
                p.firewall_on = false;
            else
                warning(line_no, raw.value_column, fmt::format("unknown firewall state '{}' (expected ON or OFF): "
                                                               "taken as ON", trim(raw.value)));
            p.loc = SourceLocation{file_, line_no, 1};
        } else if (label == "firewall policy" || label == "firewallrichtlinie" || label == "stratégie de pare-feu" ||
                   label == "directiva de firewall") {
            for (std::size_t start = 0; start <= value.size();) {
                std::size_t comma = value.find(',', start);
                std::string token(trim(std::string_view(value).substr(start, comma - start)));
                if (token == "blockinbound") p.default_inbound = WindowsAction::block;
                else if (token == "blockinboundalways") p.default_inbound = WindowsAction::block, p.block_inbound_always = true;
                else if (token == "allowinbound") p.default_inbound = WindowsAction::allow;
                else if (token == "allowoutbound") p.default_outbound = WindowsAction::allow;
                else if (token == "blockoutbound") p.default_outbound = WindowsAction::block;
                else if (token != "notconfigured" && !token.empty())
                    warning(line_no, raw.value_column, fmt::format("unknown firewall policy '{}': the default is kept", token));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            p.loc = SourceLocation{file_, line_no, 1};
        }
        // Other settings (logging, notifications) do not change what is allowed.
    }

    void field(const RawLine& raw, std::string_view line, int line_no) {
        Field f = field_of(raw.label);
        if (f != Field::unknown && unverified_french(raw.label)) unverified_.emplace(std::string(trim(raw.label)), line_no);
        std::string_view value = trim(raw.value);
        if (f == Field::rule_name) return start_block(raw, line, line_no);
        if (f == Field::unknown && value.empty()) {
            int section = profile_section(raw.label);
            if (section >= 0 || !block_ || block_->closed) {
                // A section header of allprofiles ("Logging:", "Global Settings:" too).
                finish_block();
                if (section >= 0) {
                    section_ = section;
                    ++out_.profile_sections;
                    out_.defaults.assumed = false;
                } else if (section_ < 0) {
                    warning(line_no, 1, fmt::format("unknown section '{}': ignored", trim(raw.label)));
                }
                return;
            }
        }
        if (!block_ || block_->closed) {
            if (section_ >= 0) return;  // "Logging:"-style lines inside allprofiles
            if (!orphan_line_) orphan_line_ = line_no;
            orphan_last_ = line_no;
            return;
        }
        Block& b = *block_;
        b.end = line.data() + line.size();
        b.last = f;
        apply(b, f, raw, value, line_no);
    }

    void start_block(const RawLine& raw, std::string_view line, int line_no) {
        finish_block();
        finish_orphans();
        section_ = -1;
        if (out_.language.empty()) out_.language = language_of(raw.label);
        ++out_.rule_blocks;
        block_.emplace();
        block_->begin = line.data();
        block_->end = line.data() + line.size();
        block_->line = line_no;
        block_->last = Field::rule_name;
        block_->spec.display_name = std::string(trim(raw.value));
        block_->spec.loc = SourceLocation{file_, line_no, 1};
        if (block_->spec.display_name.empty()) warning(line_no, raw.value_column, "a rule with an empty name");
    }

    void bad_value(int line_no, int column, std::string_view label, std::string_view value, const char* expected,
                   const char* consequence) {
        warning(line_no, column, fmt::format("unknown {} value '{}' (expected {}): {}", trim(label), value,
                                             expected, consequence));
    }

    void keep_attribute(Block& b, const RawLine& raw, std::string_view value, int line_no) {
        b.spec.attributes.push_back(
            WindowsAttribute{std::string(trim(raw.label)), std::string(value), SourceLocation{file_, line_no, 1}});
    }

    void apply(Block& b, Field f, const RawLine& raw, std::string_view value, int line_no) {
        WindowsRuleSpec& s = b.spec;
        int col = raw.value_column;
        switch (f) {
            case Field::rule_name: break;
            case Field::description: s.description = std::string(value); break;
            case Field::grouping: s.group = std::string(value); break;
            case Field::enabled:
                b.enabled = true;
                if (auto v = parse_windows_bool(value)) s.enabled = *v;
                else bad_value(line_no, col, raw.label, value, "Yes or No", "the rule is taken as enabled");
                break;
            case Field::direction:
                if (auto v = parse_windows_direction(value)) {
                    s.direction = *v;
                    b.direction = true;
                } else if (command_dir_) {
                    // The command's dir= decides (finish_block); the value is a translation artefact.
                    if (lower(value) != "actif")
                        bad_value(line_no, col, raw.label, value, "In or Out", "the direction is the command's dir=");
                } else if (lower(value) == "actif") {
                    // FORMATS.md 1.3: a French build prints "Direction : Actif" for In.
                    s.direction = WindowsDirection::in;
                    b.direction = true;
                    note(line_no, col, "'Direction : Actif' is how some French builds print In: read as inbound");
                } else {
                    bad_value(line_no, col, raw.label, value, "In or Out", "the direction is taken from the rule name");
                }
                break;
            case Field::profiles:
                if (auto v = parse_windows_profiles(value)) s.profiles = *v;
                else {
                    bad_value(line_no, col, raw.label, value, "Domain, Private, Public", "the rule is taken for every profile");
                    keep_attribute(b, raw, value, line_no);
                }
                break;
            case Field::local_ip:
            case Field::remote_ip:
            case Field::local_port:
            case Field::remote_port: {
                const bool ports = f == Field::local_port || f == Field::remote_port;
                const auto unknown =
                    ports ? parse_windows_ports(value, f == Field::local_port ? s.local_ports : s.remote_ports)
                          : parse_windows_addresses(value, f == Field::local_ip ? s.local_addresses : s.remote_addresses);
                for (const auto& u : unknown)
                    warning(line_no, col, fmt::format("unknown {} or keyword '{}' in {}: kept as a condition of the "
                                                      "rule", ports ? "port" : "address", u, trim(raw.label)));
                break;
            }
            case Field::protocol:
                if (!parse_windows_protocol(value, s.protocol)) {
                    error(line_no, col, fmt::format("unknown protocol '{}' (expected TCP, UDP, ICMPv4, ICMPv6, Any or "
                                                    "a number): the rule is taken for any protocol", value));
                    keep_attribute(b, raw, value, line_no);
                }
                break;
            case Field::edge:
                if (auto v = parse_windows_edge(value)) s.edge = *v;
                else bad_value(line_no, col, raw.label, value, "No, Yes, Defer to application, Defer to user",
                               "taken as No");
                break;
            case Field::program:
                b.scope = true;
                if (!is_windows_any(value)) s.program = std::string(value);
                break;
            case Field::service:
                b.scope = true;
                if (!is_windows_any(value)) s.service = std::string(value);
                break;
            case Field::interface_types:
                s.interface_types.clear();
                if (!is_windows_any(value))
                    for (std::size_t start = 0; start <= value.size();) {
                        std::size_t comma = value.find(',', start);
                        auto item = trim(value.substr(start, comma == std::string_view::npos ? comma : comma - start));
                        if (!item.empty()) s.interface_types.push_back(std::string(item));
                        if (comma == std::string_view::npos) break;
                        start = comma + 1;
                    }
                break;
            case Field::security: s.security = std::string(value); break;
            case Field::rule_source: break;  // local or GPO: both are active policy
            case Field::action:
                if (auto v = parse_windows_action(value)) {
                    s.action = *v;
                    b.action = true;
                } else {
                    error(line_no, col, fmt::format("unknown {} '{}' (expected Allow, Block or Bypass): the rule is "
                                                    "not used", trim(raw.label), value));
                }
                b.closed = true;  // Action is always the last line of a block
                break;
            case Field::unknown:
                warning(line_no, 1, fmt::format("unknown label '{}' in rule '{}': kept as an attribute (an unmodelled "
                                                "condition of the rule)", trim(raw.label), s.display_name));
                keep_attribute(b, raw, value, line_no);
                break;
        }
    }

    void finish_block() {
        if (!block_) return;
        Block b = std::move(*block_);
        block_.reset();
        WindowsRuleSpec& s = b.spec;
        s.text = std::string_view(b.begin, std::size_t(b.end - b.begin));
        if (!b.action) {
            error(b.line, 1, fmt::format("rule '{}' is cut off: its block has no readable Action line, so the rule "
                                         "is not used (expected 'Action: Allow', 'Block' or 'Bypass' as its last line)",
                                         s.display_name));
            return;
        }
        if (command_dir_) {
            if (b.direction && s.direction != *command_dir_)
                warning(b.line, 1, fmt::format("rule '{}' says {} but the command at line {} lists only dir={} rules: "
                                               "taken as {}", s.display_name,
                                               s.direction == WindowsDirection::in ? "In" : "Out", command_line_,
                                               *command_dir_ == WindowsDirection::in ? "in" : "out",
                                               *command_dir_ == WindowsDirection::in ? "inbound" : "outbound"));
            s.direction = *command_dir_;  // the listing was filtered by dir=
        } else if (!b.direction) {
            auto d = direction_from_name(s.display_name);
            s.direction = d.value_or(WindowsDirection::in);
            warning(b.line, 1, fmt::format("rule '{}' has no readable direction: taken as {} ({})", s.display_name,
                                           s.direction == WindowsDirection::in ? "inbound" : "outbound",
                                           d ? "from its name" : "the default"));
        }
        if (!b.enabled) warning(b.line, 1, fmt::format("rule '{}' has no Enabled line: taken as enabled", s.display_name));
        if (!b.scope) {
            s.scope_known = false;
            ++unscoped_;
        }
        out_.specs.push_back(std::move(s));
    }

    void finish_orphans() {
        if (!orphan_line_) return;
        error(orphan_line_, 1,
              orphan_last_ > orphan_line_
                  ? fmt::format("lines {}-{} are rule fields without a 'Rule Name:' line (the start of the block is "
                                "cut off): not used", orphan_line_, orphan_last_)
                  : "a rule field without a 'Rule Name:' line (the start of the block is cut off): not used");
        orphan_line_ = orphan_last_ = 0;
    }

    std::string_view text_;
    const std::string& file_;
    NetshShowResult out_;
    std::optional<Block> block_;
    int section_ = -1;  // allprofiles section being read
    std::optional<WindowsDirection> command_dir_;  // dir= of the command line the capture kept
    int command_line_ = 0;
    int orphan_line_ = 0, orphan_last_ = 0;
    int unscoped_ = 0;
    std::map<std::string, int> unverified_;  // guessed French label -> first line
};

}  // namespace

NetshShowResult read_netsh_show(std::string_view text, const std::string& file) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return Reader(text, file).run();
}

ParsedInput parse_netsh_show(std::shared_ptr<const std::string> text, const std::string& file) {
    NetshShowResult r = read_netsh_show(*text, file);
    return windows_input(r.specs, r.defaults, std::move(text), file, "netsh-show", std::move(r.diagnostics));
}

bool looks_like_netsh_show(std::string_view text) {
    std::string_view previous;
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 200; ++lines) {
        std::size_t end = text.find('\n', pos);
        std::string_view line = trim(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (line.empty()) continue;
        std::string l = lower(line);
        if (l.rfind("no rules match", 0) == 0 || l.rfind("keine regeln", 0) == 0) return true;
        if (line.size() >= 20 && line.find_first_not_of('-') == std::string_view::npos && !previous.empty()) {
            auto colon = previous.find(':');
            if (colon != std::string_view::npos &&
                (field_of(previous.substr(0, colon)) == Field::rule_name || profile_section(previous.substr(0, colon)) >= 0))
                return true;
        }
        previous = line;
    }
    return false;
}

}  // namespace fwlint
