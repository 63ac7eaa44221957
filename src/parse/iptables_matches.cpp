// What the options of one iptables rule mean: which packets its matches take
// (a PacketSet), which conditions the engine cannot model, its target.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "parse/iptables_internal.hpp"

namespace fwlint::iptables_detail {

namespace {


// a + b, for the string_view pieces a message is made of.
std::string cat(std::string_view a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a);
    out.append(b);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// The items of a separated list, without allocating: "a,b," -> "a", "b", "".
class split {
public:
    split(std::string_view s, char sep) : s_(s), sep_(sep) {}

    class iterator {
    public:
        iterator(std::string_view rest, char sep, bool end) : rest_(rest), sep_(sep), end_(end) {
            if (!end_) pos_ = rest_.find(sep_);
        }
        std::string_view operator*() const { return rest_.substr(0, pos_); }
        iterator& operator++() {
            if (pos_ == std::string_view::npos) {
                end_ = true;
            } else {
                rest_.remove_prefix(pos_ + 1);
                pos_ = rest_.find(sep_);
            }
            return *this;
        }
        bool operator!=(const iterator& o) const { return end_ != o.end_; }

    private:
        std::string_view rest_;
        char sep_;
        bool end_;
        std::size_t pos_ = std::string_view::npos;
    };

    iterator begin() const { return {s_, sep_, false}; }
    iterator end() const { return {{}, sep_, true}; }

private:
    std::string_view s_;
    char sep_;
};

// How a flag reads in a condition's name: "--uid-owner 1000" -> "uid 1000".
std::string_view flag_label(std::string_view module, std::string_view flag) {
    static constexpr std::pair<std::string_view, std::string_view> renames[] = {
        {"--match-set", ""}, {"--limit", ""},       {"--limit-burst", "burst"}, {"--mark", ""},
        {"--uid-owner", "uid"}, {"--gid-owner", "gid"}, {"--src-type", "src"}, {"--dst-type", "dst"},
        {"--mac-source", "source"}, {"--physdev-in", "in"}, {"--physdev-out", "out"}, {"--pkt-type", ""},
        {"--string", ""}, {"--length", ""}, {"--hashlimit-upto", "upto"}, {"--hashlimit-above", "above"},
        {"--hashlimit-name", "name"}, {"--hashlimit-mode", "mode"}, {"--hashlimit-burst", "burst"},
    };
    for (const auto& [f, label] : renames)
        if (f == flag) return label;
    while (!flag.empty() && flag.front() == '-') flag.remove_prefix(1);
    if (flag == module) return "";
    return flag;
}

class Interpreter {
public:
    Interpreter(const RawLine& line, Family family, const std::string& file, Diagnostics& diagnostics, Rule& out)
        : line_(line), family_(family), file_(file), diagnostics_(diagnostics), box_(all_of(family)), out_(out) {}

    RuleTarget run() {
        for (const auto& o : line_.options) option(o);
        flush_group();
        // A rule that takes no new flow matches nothing: no set to build.
        if (out_.new_flows && !nothing_ && !box_.empty()) {
            out_.match = PacketSet::of(family_, std::move(box_));
            for (const auto& f : factors_) out_.match = out_.match.intersect(f);
        }
        return target_;
    }

private:
    enum class Context { base, module, target };

    // Box::all(family), made once: a copy is cheaper to make than the box.
    static const Box& all_of(Family f) {
        static const Box v4 = Box::all(Family::v4), v6 = Box::all(Family::v6);
        return f == Family::v4 ? v4 : v6;
    }

    struct Group {
        std::string_view module;
        bool unknown = false;
        const RawOption* head = nullptr;
        std::vector<const RawOption*> options;
    };

    const RawLine& line_;
    Family family_;
    const std::string& file_;
    Diagnostics& diagnostics_;
    Box box_;
    std::vector<PacketSet> factors_;
    bool nothing_ = false;
    Rule& out_;
    RuleTarget target_;
    Context context_ = Context::base;
    std::string_view module_;
    std::string protocol_;  // as given by -p (lowercase), for its implicit match
    std::optional<Group> group_;

    void report(Severity s, int column, std::string message) {
        diagnostics_.push_back({{file_, line_.line, column}, s, std::move(message)});
    }

    static bool negated(const RawOption& o) {
        bool n = o.negated;
        for (const auto& a : o.args) n = n != a.negated;
        return n;
    }

    void condition(const RawOption& o, std::string name) {
        if (negated(o)) name.insert(0, "not ");
        out_.conditions.push_back({std::move(name), std::string(o.text)});
    }

    // The option's one value, or a diagnostic and an unmodelled condition.
    const RawArg* single(const RawOption& o) {
        if (o.args.size() == 1) return &o.args.front();
        report(Severity::error, o.column,
               fmt::format("option '{}' takes one value, found {}; kept as an unmodelled condition", o.flag,
                           o.args.size()));
        condition(o, cat("unreadable option ", o.flag));
        return nullptr;
    }

    void narrow(Dim d, IntervalSet set, bool negate) {
        const u128 max = dim_max(d, family_);
        if (negate) set = set.complement(max);
        auto& dim = box_.dims[d];
        // Most dimensions are narrowed once, from everything: the result is
        // the set itself (what intersect would return), without the work.
        const auto& all = dim.intervals();
        if (all.size() == 1 && all[0].lo == 0 && all[0].hi == max && (set.empty() || set.max() <= max)) {
            dim = std::move(set);
            return;
        }
        dim = dim.intersect(set);
    }

    void option(const RawOption& o) {
        switch (o.kind) {
            case OptionKind::source: return address(o, src_dim, "source");
            case OptionKind::destination: return address(o, dst_dim, "destination");
            case OptionKind::in_interface: return interface(o, "in-interface");
            case OptionKind::out_interface: return interface(o, "out-interface");
            case OptionKind::protocol: return protocol(o);
            case OptionKind::match: return begin_module(o);
            case OptionKind::jump:
            case OptionKind::go_to: return target(o);
            case OptionKind::other: return other(o);
        }
    }

    // -s / -d: one address, or a comma list (a union), of the rule set's family.
    void address(const RawOption& o, Dim d, const char* what) {
        const RawArg* a = single(o);
        if (!a) return;
        std::vector<Interval> parts;  // sorted before the union: long lists stay linear
        const bool single_item = a->text.find(',') == std::string_view::npos;
        bool first = true;
        for (auto item : split(a->text, ',')) {
            auto parsed = parse_address(item);
            if (first)  // a is o's first argument: record the family evidence
                o.first_address = parsed && parsed->family == Family::v4 ? RawOption::FirstAddress::v4
                                                                         : RawOption::FirstAddress::not_v4;
            first = false;
            if (!parsed) {
                bool hostname = !item.empty() && std::all_of(item.begin(), item.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
                }) && std::any_of(item.begin(), item.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
                if (hostname)
                    report(Severity::warning, a->column,
                           fmt::format("host name '{}' is resolved by iptables when the rule is loaded; kept as an "
                                       "unmodelled condition",
                                       item));
                else
                    report(Severity::error, a->column,
                           fmt::format("invalid {} address '{}'; kept as an unmodelled condition", what, item));
                condition(o, fmt::format("{} {}", what, a->text));
                return;
            }
            if (parsed->family != family_) {
                report(Severity::error, a->column,
                       fmt::format("{} address '{}' in an {} rule set; kept as an unmodelled condition",
                                   family_name(parsed->family), item, family_name(family_)));
                condition(o, fmt::format("{} {}", what, a->text));
                return;
            }
            // One address is already a set: no list to sort and unite.
            if (single_item) return narrow(d, std::move(parsed->values), negated(o));
            parts.insert(parts.end(), parsed->values.intervals().begin(), parsed->values.intervals().end());
        }
        std::sort(parts.begin(), parts.end(), [](const Interval& x, const Interval& y) { return x.lo < y.lo; });
        IntervalSet set;
        for (const auto& part : parts) set.add(part.lo, part.hi);
        narrow(d, set, negated(o));
    }

    void interface(const RawOption& o, const char* what) {
        const RawArg* a = single(o);
        if (!a) return;
        // The loopback interface carries only what a host sends itself: "-i lo"
        // never holds for a flow between two hosts, "! -i lo" always does.
        if (a->text == "lo") {
            if (negated(o)) return;
            condition(o, fmt::format("{} lo", what));
            out_.conditions.back().loopback_only = true;
            return;
        }
        condition(o, fmt::format("{} {}", what, a->text));
    }

    void protocol(const RawOption& o) {
        const RawArg* a = single(o);
        if (!a) return;
        auto name = lower(a->text);
        auto number = protocol_number(name);
        if (!number) {
            report(Severity::error, a->column,
                   fmt::format("unknown protocol '{}'; kept as an unmodelled condition", a->text));
            condition(o, cat("protocol ", a->text));
            return;
        }
        bool neg = negated(o);
        if (!neg) protocol_ = name;
        if (name == "all" || *number == 0) {
            if (neg) nothing_ = true;
            return;
        }
        narrow(proto_dim, IntervalSet::single(*number), neg);
    }

    // The match a protocol loads implicitly ("-p tcp --dport 22").
    std::string_view implicit_module() const {
        if (protocol_ == "tcp" || protocol_ == "6") return "tcp";
        if (protocol_ == "udp" || protocol_ == "17") return "udp";
        if (protocol_ == "icmp" || protocol_ == "1") return "icmp";
        if (protocol_ == "ipv6-icmp" || protocol_ == "icmpv6" || protocol_ == "icmp6" || protocol_ == "58")
            return "icmp6";
        if (protocol_ == "sctp" || protocol_ == "132") return "sctp";
        if (protocol_ == "dccp" || protocol_ == "33") return "dccp";
        return "";
    }

    void begin_module(const RawOption& o) {
        flush_group();
        context_ = Context::module;
        module_ = o.args.empty() ? std::string_view{} : o.args.front().text;
        const std::string_view m = module_;
        auto only = [&](unsigned proto) { narrow(proto_dim, IntervalSet::single(proto), false); };
        if (m == "tcp") only(proto_tcp);
        else if (m == "udp") only(proto_udp);
        else if (m == "icmp") only(proto_icmp);
        else if (m == "icmp6") only(proto_icmpv6);
        else if (m == "sctp") only(132);
        else if (m == "dccp") only(33);
        else if (m == "udplite") only(136);
        else if (m == "multiport") {
            IntervalSet ported;
            for (unsigned p : {6u, 17u, 33u, 132u, 136u}) ported.add(p, p);
            narrow(proto_dim, ported, false);
        } else if (m == "comment" || m == "iprange" || m == "conntrack" || m == "state") {
            // modelled option by option
        } else {
            bool unknown = !is_opaque_module(m);
            if (unknown)
                report(Severity::warning, o.column,
                       fmt::format("unknown match module '{}': kept as an unmodelled condition", m));
            group_ = Group{m, unknown, &o, {}};
        }
    }

    void flush_group() {
        if (!group_) return;
        std::string text(group_->head->text);
        for (const auto* o : group_->options) {
            text += ' ';
            text += o->text;
        }
        std::string name;
        if (group_->unknown) {
            name = text;
        } else {
            name = group_->module == "set" ? std::string_view("ipset") : group_->module;
            for (const auto* o : group_->options) {
                if (negated(*o)) {
                    if (o == group_->options.front()) name = "not " + name;
                    else name += " not";
                }
                auto label = flag_label(group_->module, o->flag);
                if (!label.empty()) {
                    name += ' ';
                    name += label;
                }
                for (const auto& a : o->args) {
                    name += ' ';
                    name += a.text;
                }
            }
        }
        out_.conditions.push_back({std::move(name), std::move(text)});
        group_.reset();
    }

    void target(const RawOption& o) {
        flush_group();
        context_ = Context::target;
        const std::string_view name = o.args.empty() ? std::string_view{} : o.args.front().text;
        if (!target_.target.empty()) {
            report(Severity::error, o.column,
                   fmt::format("more than one target: '{}' is ignored, the rule keeps '{}'", name, target_.target));
            return;
        }
        target_.target = name;
        target_.is_goto = o.kind == OptionKind::go_to;
        target_.target_column = o.column;
    }

    static bool is_port_option(std::string_view f) {
        return f == "--sport" || f == "--source-port" || f == "--dport" || f == "--destination-port";
    }

    // iptables refuses the line (and iptables-restore the whole file), so it
    // is an error; the rule stays, its ports an unmodelled condition, so that
    // nothing it was meant to do is silently lost.
    void port_without_protocol(const RawOption& o) {
        report(Severity::error, o.column,
               fmt::format("'{}' without a protocol: expected '-p tcp', '-p udp', '-p sctp' or '-p dccp' (or '-m tcp' "
                           "...) before it; iptables-restore refuses this line; kept as an unmodelled condition",
                           o.flag));
        condition(o, cat("ports without a protocol ", o.flag));
    }

    void unknown_option(const RawOption& o, std::string_view module) {
        std::string where = module.empty() ? std::string{} : fmt::format(" for match '{}'", module);
        report(Severity::warning, o.column,
               fmt::format("unknown option '{}'{}: kept as an unmodelled condition", o.flag, where));
        condition(o, cat("unknown option ", o.flag));
    }

    void other(const RawOption& o) {
        const std::string_view f = o.flag;
        if (f == "-f" || f == "--fragment") return condition(o, "fragment");
        if (f == "-4" || f == "--ipv4" || f == "-6" || f == "--ipv6") {
            bool v4_only = f == "-4" || f == "--ipv4";
            if ((v4_only ? Family::v4 : Family::v6) != family_) {
                nothing_ = true;
                report(Severity::note, o.column,
                       fmt::format("rule is for {} only ({}): it matches nothing in this {} rule set",
                                   v4_only ? "IPv4" : "IPv6", f, family_name(family_)));
            }
            return;
        }
        if (f == "-c" || f == "--set-counters") return;  // counters
        switch (context_) {
            case Context::target:  // "--reject-with tcp-reset", "--log-prefix ..."
                if (!out_.target_options.empty()) out_.target_options += ' ';
                out_.target_options += o.text;
                return;
            case Context::module:
                // iptables offers an option to the matches loaded so far and
                // then to the one -p loads: in "-m set --match-set S src -p
                // tcp --dport 22" the port is tcp's, not the set match's.
                if (auto m = implicit_module(); !m.empty() && module_knows(m, f) && !module_takes(module_, f))
                    return module_option(m, o);
                if (group_) {
                    group_->options.push_back(&o);
                    return;
                }
                return module_option(module_, o);
            case Context::base: {
                auto m = implicit_module();
                if (!m.empty() && module_knows(m, f)) return module_option(m, o);
                if (m.empty() && is_port_option(f)) return port_without_protocol(o);
                return unknown_option(o, "");
            }
        }
    }

    static bool module_knows(std::string_view m, std::string_view f) {
        if (m == "icmp") return f == "--icmp-type";
        if (m == "icmp6") return f == "--icmpv6-type";
        bool ports = f == "--sport" || f == "--source-port" || f == "--dport" || f == "--destination-port";
        if (m == "tcp") return ports || f == "--tcp-flags" || f == "--syn" || f == "--tcp-option";
        if (m == "udp") return ports;
        if (m == "sctp") return ports || f == "--chunk-types";
        if (m == "dccp") return ports || f == "--dccp-types" || f == "--dccp-option";
        return false;
    }

    // Whether module `m` (loaded with -m) reads option `f` itself.
    static bool module_takes(std::string_view m, std::string_view f) {
        return module_knows(m, f) || (m == "udplite" && is_port_option(f));
    }

    void module_option(std::string_view m, const RawOption& o) {
        const std::string_view f = o.flag;
        bool port_module = m == "tcp" || m == "udp" || m == "udplite" || m == "sctp" || m == "dccp";
        if (port_module && (f == "--sport" || f == "--source-port")) return ports(o, sport_dim);
        if (port_module && (f == "--dport" || f == "--destination-port")) return ports(o, dport_dim);
        if (m == "tcp" && f == "--tcp-flags") {
            std::string name = "tcp-flags";
            for (const auto& a : o.args) {
                name += ' ';
                name += a.text;
            }
            return condition(o, name);
        }
        if (m == "tcp" && f == "--syn") return condition(o, "tcp-flags FIN,SYN,RST,ACK SYN");
        if ((m == "tcp" && f == "--tcp-option") || (m == "sctp" && f == "--chunk-types") ||
            (m == "dccp" && (f == "--dccp-types" || f == "--dccp-option"))) {
            std::string name = fmt::format("{} {}", m, f.substr(2));
            for (const auto& a : o.args) {
                name += ' ';
                name += a.text;
            }
            return condition(o, name);
        }
        if (m == "icmp" && f == "--icmp-type") return icmp(o, false);
        if (m == "icmp6" && f == "--icmpv6-type") return icmp(o, true);
        if (m == "multiport") {
            if (f == "--dports" || f == "--destination-ports") return port_list(o, dport_dim);
            if (f == "--sports" || f == "--source-ports") return port_list(o, sport_dim);
            if (f == "--ports") return either_port_list(o);
        }
        if (m == "iprange") {
            if (f == "--src-range") return address_range(o, src_dim, "src-range");
            if (f == "--dst-range") return address_range(o, dst_dim, "dst-range");
        }
        if (m == "conntrack") {
            if (f == "--ctstate") return states(o, true);
            static constexpr std::string_view known[] = {
                "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst", "--ctorigsrcport",
                "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctstatus", "--ctexpire", "--ctdir"};
            if (std::find(std::begin(known), std::end(known), f) != std::end(known)) {
                std::string name = fmt::format("conntrack {}", f.substr(2));
                for (const auto& a : o.args) {
                    name += ' ';
                    name += a.text;
                }
                return condition(o, name);
            }
        }
        if (m == "state" && f == "--state") return states(o, false);
        if (m == "comment" && f == "--comment") {
            if (o.args.size() == 1) {
                if (!out_.comment.empty()) out_.comment += "; ";
                out_.comment += o.args.front().text;
                return;
            }
        }
        unknown_option(o, m);
    }

    void ports(const RawOption& o, Dim d) {
        const RawArg* a = single(o);
        if (!a) return;
        auto set = port_spec(a->text);
        if (!set) {
            report(Severity::error, a->column,
                   fmt::format("invalid port '{}' for {}; kept as an unmodelled condition", a->text, o.flag));
            return condition(o, fmt::format("{} {}", d == sport_dim ? "source port" : "destination port", a->text));
        }
        narrow(d, *set, negated(o));
    }

    // multiport: "80,443,8000:8010"
    std::optional<IntervalSet> list(const RawOption& o) {
        const RawArg* a = single(o);
        if (!a) return std::nullopt;
        IntervalSet set;
        for (auto item : split(a->text, ',')) {
            auto s = port_spec(item);
            if (!s) {
                report(Severity::error, a->column,
                       fmt::format("invalid port '{}' in {}; kept as an unmodelled condition", item, o.flag));
                condition(o, fmt::format("multiport {} {}", o.flag.substr(2), a->text));
                return std::nullopt;
            }
            set = set.unite(*s);
        }
        return set;
    }

    void port_list(const RawOption& o, Dim d) {
        if (auto set = list(o)) narrow(d, *set, negated(o));
    }

    // --ports: the source port or the destination port is in the list.
    void either_port_list(const RawOption& o) {
        auto set = list(o);
        if (!set) return;
        if (negated(o)) {
            narrow(sport_dim, *set, true);
            narrow(dport_dim, *set, true);
            return;
        }
        Box by_source = Box::all(family_), by_destination = Box::all(family_);
        by_source.dims[sport_dim] = *set;
        by_destination.dims[dport_dim] = *set;
        factors_.push_back(PacketSet::of(family_, by_source).unite(PacketSet::of(family_, by_destination)));
    }

    void address_range(const RawOption& o, Dim d, const char* what) {
        const RawArg* a = single(o);
        if (!a) return;
        auto parsed = parse_address(a->text);
        if (!parsed || parsed->family != family_) {
            report(Severity::error, a->column,
                   fmt::format("invalid {} address range '{}' for {}; kept as an unmodelled condition",
                               family_name(family_), a->text, o.flag));
            return condition(o, fmt::format("{} {}", what, a->text));
        }
        narrow(d, parsed->values, negated(o));
    }

    void icmp(const RawOption& o, bool v6) {
        const RawArg* a = single(o);
        if (!a) return;
        auto set = icmp_types(a->text, v6);
        if (!set) {
            report(Severity::error, a->column,
                   fmt::format("invalid {} type '{}'; kept as an unmodelled condition", v6 ? "ICMPv6" : "ICMP",
                               a->text));
            return condition(o, fmt::format("{} {}", v6 ? "icmpv6-type" : "icmp-type", a->text));
        }
        narrow(dport_dim, *set, negated(o));
    }

    // --ctstate / --state: a rule that admits no NEW connection takes no new
    // flow at all. SNAT/DNAT states may be new connections: a condition.
    void states(const RawOption& o, bool conntrack) {
        const RawArg* a = single(o);
        if (!a) return;
        static constexpr std::string_view all[] = {"INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED",
                                                   "SNAT", "DNAT"};
        std::size_t count = conntrack ? 7 : 5;
        unsigned listed = 0;  // bit i: all[i] is listed
        std::string_view rest = a->text;
        while (true) {
            auto comma = rest.find(',');
            auto item = rest.substr(0, comma);
            std::size_t i = 0;
            while (i < count && !iequals(item, all[i])) ++i;
            if (i == count) {
                report(Severity::error, a->column,
                       fmt::format("unknown connection state '{}' for {}; kept as an unmodelled condition", item,
                                   o.flag));
                out_.states_exact = false;
                return condition(o, fmt::format("{} {}", conntrack ? "ctstate" : "state", a->text));
            }
            listed |= 1u << i;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        // A new connection has the NEW state, and SNAT / DNAT besides when it
        // is translated; the match holds when any listed state is set.
        constexpr unsigned new_state = 1u << 1, snat = 1u << 5, dnat = 1u << 6;
        bool has_new = (listed & new_state) != 0;
        bool translated = conntrack && (listed & (snat | dnat)) != 0;
        // The bit order of `all` is that of ConnState.
        if (negated(o)) {
            out_.states &= static_cast<std::uint8_t>(all_conn_states & ~listed);
            out_.states_exact = false;
        } else {
            out_.states &= static_cast<std::uint8_t>(listed);
        }
        if (negated(o)) {
            if (has_new) out_.new_flows = false;
            else if (translated) condition(o, cat("ctstate ", a->text));
            return;
        }
        if (has_new) return;
        if (translated) return condition(o, cat("ctstate ", a->text));
        out_.new_flows = false;
    }
};

}  // namespace

RuleTarget interpret_rule(const RawLine& line, Family family, const std::string& file, Diagnostics& diagnostics,
                          Rule& rule) {
    return Interpreter(line, family, file, diagnostics, rule).run();
}

bool looks_ipv6(const RawOption& o) {
    auto v6_address = [](std::string_view text) {
        for (auto item : split(text, ','))
            if (item.find(':') != std::string_view::npos) {
                auto a = parse_address(item);
                if (a && a->family == Family::v6) return true;
            }
        return false;
    };
    switch (o.kind) {
        case OptionKind::source:
        case OptionKind::destination:
            return !o.args.empty() && v6_address(o.args.front().text);
        case OptionKind::protocol: {
            if (o.args.empty()) return false;
            auto p = o.args.front().text;
            return iequals(p, "ipv6-icmp") || iequals(p, "icmpv6") || iequals(p, "icmp6");
        }
        case OptionKind::match:
            return !o.args.empty() && o.args.front().text == "icmp6";
        case OptionKind::other:
            if (o.flag == "--icmpv6-type") return true;
            if ((o.flag == "--src-range" || o.flag == "--dst-range") && !o.args.empty())
                return v6_address(o.args.front().text);
            return false;
        default:
            return false;
    }
}

}  // namespace fwlint::iptables_detail
