// A Cisco running-config, line by line. First every line gets a role from
// its indentation, its first words and the sub-mode it is in (an ACL block,
// an object-group, an interface, a `line`); lines of no interest (routing,
// AAA, banners...) are skipped quietly. Then two passes: the first reads
// objects, names and interfaces, the second the access lists, so an ACE may
// use a group defined anywhere in the file. Each line is read once by the
// PEGTL grammar of its role (cisco_lines.cpp).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "parse/cisco.hpp"
#include "parse/cisco_internal.hpp"
#include "parse/cisco_near_miss.hpp"
#include "parse/quoted_text.hpp"
#include "parse/suppression.hpp"

namespace fwlint {

namespace {

using namespace cisco;

struct Line {
    int number = 0;
    int indent = 0;
    std::string_view text;  // without the line end
    std::string_view body;  // without the indentation
};

enum class Role : std::uint8_t {
    skip, numbered_acl, acl_header, acl_entry, group_header, object_header, object_entry, asa_access_list,
    asa_access_group, asa_name, interface_header, interface_command, line_header, line_command, other_acl,
    other_acl_entry, asa_route, ip_route,
};

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The first two words of a line.
std::pair<std::string_view, std::string_view> first_words(std::string_view body) {
    auto end1 = body.find_first_of(" \t");
    std::string_view w1 = body.substr(0, end1);
    if (end1 == std::string_view::npos) return {w1, {}};
    auto start2 = body.find_first_not_of(" \t", end1);
    if (start2 == std::string_view::npos) return {w1, {}};
    auto end2 = body.find_first_of(" \t", start2);
    return {w1, body.substr(start2, end2 == std::string_view::npos ? std::string_view::npos : end2 - start2)};
}

bool is_number(std::string_view w) { return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }); }

// "permit ...", "deny ...", "10 permit ...": the first words of an ACE.
bool ace_words(std::string_view w1, std::string_view w2) {
    if (is_number(w1)) w1 = w2;
    return ieq(w1, "permit") || ieq(w1, "deny");
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

struct AclState {
    std::string name;
    std::optional<Family> family;  // nullopt: ASA, both families
    bool standard = false;
    SourceLocation loc;
    std::vector<Rule> rules;
    std::string remark;
    int last_sequence = 0;
    bool explicit_sequence = false;
    // ASA: `line N` and the fixes count remarks as lines too, so each rule
    // remembers how many remark lines stand right above it.
    std::vector<int> remarks;
    int pending_remarks = 0;
    // "remark fwlint: ignore ..." (indices in ParsedInput::suppressions): a
    // remark belongs to its list, so it aims at the list's next entry even
    // when other lists' lines stand between them (ASA, numbered IOS lists).
    std::vector<std::size_t> pending_suppressions;
    // Lines of the remarks above the next entry, kept only when a "!" comment
    // may be aimed through them (see aim_comments_over_remarks).
    std::vector<int> pending_remark_lines;
};

class ConfigReader {
public:
    ConfigReader(std::shared_ptr<const std::string> source, const std::string& file, Dialect dialect)
        : source_(std::move(source)), file_(file), dialect_(dialect) {
        out_.file = file;
        out_.format = std::string("cisco-") + dialect_name(dialect);
        store_.dialect = dialect;
        store_.file = file;
        store_.diagnostics = &out_.diagnostics;
    }

    ParsedInput run() {
        split();
        const std::size_t comment_lines = out_.suppressions.size();  // "!" and ":" comments; remarks come later
        track_remarks_ = comment_lines > 0;
        assign_roles();
        for (std::size_t k = 0; k < lines_.size(); ++k) first_pass(k);
        attach_asa_bindings();
        for (const auto& i : out_.interfaces)
            if (!i.nameif.empty()) store_.nameifs[i.nameif] = &i;
        count_entries();
        store_.index_names();
        for (std::size_t k = 0; k < lines_.size(); ++k) second_pass(k);
        build_policies();
        for (const AclState& a : acls_) {
            for (std::size_t s : a.pending_suppressions) out_.suppressions[s].target_line = -1;  // no entry follows
            for (int r : a.pending_remark_lines) remark_targets_.emplace_back(r, -1);
        }
        aim_comments_over_remarks(comment_lines);
        // `!` and `:` comments were met while splitting, remarks in the second pass.
        std::stable_sort(out_.suppressions.begin(), out_.suppressions.end(),
                         [](const SuppressionComment& x, const SuppressionComment& y) { return x.loc.line < y.loc.line; });
        return std::move(out_);
    }

private:
    SourceLocation at(const Line& l, int column = 0) const {
        return SourceLocation{file_, l.number, column > 0 ? column : l.indent + 1};
    }
    void diagnose(const Line& l, Severity s, std::string message, int column = 0) {
        out_.diagnostics.push_back(Diagnostic{at(l, column), s, std::move(message)});
    }
    // Reads the line with `rule`; a syntax error becomes a diagnostic (FW001).
    bool read(const Line& l, LineRule rule, const char* what) {
        SyntaxError e;
        if (read_line(rule, l.body, l.indent, terms_, e)) return true;
        if (e.message.empty())
            diagnose(l, Severity::error, fmt::format("expected {}", what));
        else
            diagnose(l, Severity::error, std::move(e.message), e.column);
        return false;
    }
    // "! fwlint: ignore ID reason" (ASA also ": fwlint: ...") silences the
    // check on the next ACE line of the file; "remark fwlint: ignore ID
    // reason" on the next entry of its own list (parse/suppression.hpp).
    bool suppression(std::string_view comment, const Line& l) {
        auto s = read_suppression_comment(comment, at(l));
        if (s) out_.suppressions.push_back(std::move(*s));
        return s.has_value();
    }
    // A "!" (ASA ":") comment applies to the next access-list line of the
    // file (checks/suppress.cpp finds it among rules and list headers). When
    // that line is a remark, the comment documents the entry the remark
    // stands above, so it is aimed where the remark is: the next entry of the
    // remark's list (-1: none). Without this, a "!" right above a list whose
    // first line is a remark (ASA, numbered IOS lists) aimed at the remark line
    // itself, the list's header, and silenced nothing on its first entry.
    void aim_comments_over_remarks(std::size_t comment_lines) {
        if (remark_targets_.empty()) return;
        std::sort(remark_targets_.begin(), remark_targets_.end());
        std::vector<int> lines;  // what a "!" comment can apply to
        for (const auto& p : out_.policies)
            for (const auto& c : p.chains) {
                lines.push_back(c.loc.line);
                for (const auto& r : c.rules) lines.push_back(r.loc.line);
            }
        for (const auto& [remark, target] : remark_targets_) lines.push_back(remark);
        std::sort(lines.begin(), lines.end());
        for (std::size_t k = 0; k < comment_lines; ++k) {
            SuppressionComment& c = out_.suppressions[k];
            auto next = std::upper_bound(lines.begin(), lines.end(), c.loc.line);
            if (next == lines.end()) continue;
            auto remark = std::lower_bound(remark_targets_.begin(), remark_targets_.end(), std::pair<int, int>(*next, INT_MIN));
            if (remark != remark_targets_.end() && remark->first == *next) c.target_line = remark->second;
        }
    }
    const Term* find(TermKind k) const {
        for (const auto& t : terms_)
            if (t.kind == k) return &t;
        return nullptr;
    }
    std::string_view text_of(TermKind k) const {
        const Term* t = find(k);
        return t ? t->text : std::string_view();
    }

    void split() {
        std::string_view text(*source_);
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        int number = 0;
        std::size_t pos = 0;
        lines_.reserve(std::count(text.begin(), text.end(), '\n') + 1);
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
            pos = end == std::string_view::npos ? text.size() : end + 1;
            ++number;
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            std::size_t indent = l.find_first_not_of(" \t");
            if (indent == std::string_view::npos) continue;  // blank
            Line line{number, int(indent), l, l.substr(indent)};
            if (l.find('\0') != std::string_view::npos) {
                // UTF-16 without a byte-order mark, or binary junk: never
                // guess what such a line says.
                diagnose(line, Severity::error,
                         "the line contains NUL bytes (a UTF-16 file without a byte-order mark, or binary data): "
                         "not read");
                continue;
            }
            if (line.body.front() == '!' || (line.body.front() == ':' && dialect_ == Dialect::asa) ||
                line.body.front() == '#') {
                if (line.body.front() != '#') suppression(line.body.substr(1), line);
                continue;  // comments
            }
            lines_.push_back(line);
        }
        roles_.assign(lines_.size(), Role::skip);
    }

    void assign_roles() {
        enum class Ctx { none, acl, group, object, interface, line, other_acl, banner } ctx = Ctx::none;
        std::string_view banner_end;
        for (std::size_t k = 0; k < lines_.size(); ++k) {
            const Line& l = lines_[k];
            if (ctx == Ctx::banner) {
                if (l.text.find(banner_end) != std::string_view::npos) ctx = Ctx::none;
                continue;
            }
            auto [w1, w2] = first_words(l.body);
            bool sub = l.indent > 0;
            if (sub || ctx == Ctx::acl || ctx == Ctx::group || ctx == Ctx::object) {
                Role r = Role::skip;
                switch (ctx) {
                    case Ctx::acl:
                        if (sub || ieq(w1, "permit") || ieq(w1, "deny") || ieq(w1, "remark") || is_number(w1))
                            r = Role::acl_entry;
                        break;
                    case Ctx::group:
                    case Ctx::object:
                        if (sub || ieq(w1, "network-object") || ieq(w1, "port-object") || ieq(w1, "service-object") ||
                            ieq(w1, "group-object") || ieq(w1, "icmp-object") || ieq(w1, "protocol-object") ||
                            ieq(w1, "description"))
                            r = Role::object_entry;
                        break;
                    case Ctx::interface:
                        if (ieq(w1, "ip") || ieq(w1, "ipv6") || ieq(w1, "nameif") || ieq(w1, "shutdown"))
                            r = Role::interface_command;
                        near_miss(l, NearMissContext::interface);
                        break;
                    case Ctx::line:
                        if (ieq(w1, "access-class") || (ieq(w1, "ipv6") && ieq(w2, "access-class")))
                            r = Role::line_command;
                        else
                            near_miss(l, NearMissContext::line);
                        break;
                    case Ctx::other_acl: r = Role::other_acl_entry; break;
                    default: break;
                }
                // An ACE under a header fwlint does not know ("ip acess-list
                // extended X", a line of junk above it) is not silently dropped.
                if (r == Role::skip && sub && ctx != Ctx::other_acl && ace_words(w1, w2))
                    diagnose(l, Severity::error,
                             "permit/deny entry outside an access list: expected it under an 'ip access-list' or "
                             "'ipv6 access-list' line: not read");
                if (r != Role::skip || sub) {
                    roles_[k] = r;
                    continue;
                }
            }
            ctx = Ctx::none;
            if (ieq(w1, "access-list")) {
                roles_[k] = dialect_ == Dialect::asa ? Role::asa_access_list : Role::numbered_acl;
            } else if ((ieq(w1, "ip") || ieq(w1, "ipv6")) && ieq(w2, "access-list")) {
                roles_[k] = Role::acl_header;
                ctx = Ctx::acl;
            } else if ((ieq(w1, "mac") || ieq(w1, "arp")) && ieq(w2, "access-list")) {
                roles_[k] = Role::other_acl;
                ctx = Ctx::other_acl;
            } else if (ieq(w1, "object-group")) {
                roles_[k] = Role::group_header;
                ctx = Ctx::group;
            } else if (ieq(w1, "object") && (ieq(w2, "network") || ieq(w2, "service"))) {
                roles_[k] = Role::object_header;
                ctx = Ctx::object;
            } else if (dialect_ == Dialect::asa && ieq(w1, "name")) {
                roles_[k] = Role::asa_name;
            } else if (ieq(w1, "access-group")) {
                roles_[k] = Role::asa_access_group;
            } else if (ieq(w1, "interface")) {
                roles_[k] = Role::interface_header;
                ctx = Ctx::interface;
            } else if (ieq(w1, "line") && !w2.empty()) {
                roles_[k] = Role::line_header;
                ctx = Ctx::line;
            } else if (dialect_ == Dialect::asa && (ieq(w1, "route") || (ieq(w1, "ipv6") && ieq(w2, "route")))) {
                roles_[k] = Role::asa_route;
            } else if (dialect_ != Dialect::asa && (ieq(w1, "ip") || ieq(w1, "ipv6")) && ieq(w2, "route")) {
                roles_[k] = Role::ip_route;
            } else if (ieq(w1, "banner") && !w2.empty()) {
                // "banner motd ^C ... ^C": the delimiter is the first
                // character (or the "^C" pair) after the banner's type.
                std::size_t start = l.body.find(w2) + w2.size();
                std::size_t d = l.body.find_first_not_of(" \t", start);
                if (d == std::string_view::npos) continue;
                banner_end = l.body.substr(d, l.body.substr(d, 2) == "^C" ? 2 : 1);
                if (l.body.find(banner_end, d + banner_end.size()) == std::string_view::npos) ctx = Ctx::banner;
            } else {
                near_miss(l, NearMissContext::top);  // skipped by design, unless it is a misspelt ACL command
            }
        }
    }

    void near_miss(const Line& l, NearMissContext where) {
        if (auto message = acl_near_miss(where, l.body)) diagnose(l, Severity::warning, std::move(*message));
    }

    // ---- first pass: objects, names, interfaces, bindings

    void first_pass(std::size_t k) {
        const Line& l = lines_[k];
        switch (roles_[k]) {
            case Role::group_header: {
                current_def_ = nullptr;
                if (!read(l, LineRule::group_header, "object-group KIND NAME")) return;
                std::string kind = lower(text_of(TermKind::group_kind));
                for (auto p = kind.find_first_of(" \t"); p != std::string::npos; p = kind.find_first_of(" \t"))
                    kind.replace(p, kind.find_first_not_of(" \t", p) - p, "_");
                std::string name(text_of(TermKind::group_name));
                std::string proto = lower(text_of(TermKind::group_protocol));
                ObjectDef def;
                def.name = name;
                def.kind_text = kind;
                def.protocol = proto;
                def.loc = at(l);
                if (kind == "network" || kind == "ip_address" || kind == "ipv6_address") def.kind = ObjectKind::network;
                else if (kind == "ip_port" || (kind == "service" && !proto.empty())) def.kind = ObjectKind::port;
                else if (kind == "service") def.kind = ObjectKind::service;
                else if (kind == "protocol") def.kind = ObjectKind::protocol;
                else if (kind == "icmp-type" || kind == "icmp-object") def.kind = ObjectKind::icmp;
                else diagnose(l, Severity::warning, fmt::format("object-group {} {} is not modelled: entries that use it are kept with a condition", kind, name));
                std::replace(def.kind_text.begin(), def.kind_text.end(), '_', ' ');
                if (store_.groups.count(name))
                    diagnose(l, Severity::warning, fmt::format("object-group '{}' is defined again: its entries are added", name));
                auto [it, fresh] = store_.groups.emplace(name, std::move(def));
                current_def_ = &it->second;
                return;
            }
            case Role::object_header: {
                current_def_ = nullptr;
                if (!read(l, LineRule::object_header, "object network|service NAME")) return;
                std::string name(text_of(TermKind::object_name));
                ObjectDef def;
                def.name = name;
                def.is_object = true;
                def.kind_text = lower(text_of(TermKind::object_kind));
                def.kind = def.kind_text == "network" ? ObjectKind::network : ObjectKind::service;
                def.loc = at(l);
                auto [it, fresh] = store_.objects.emplace(name, std::move(def));
                current_def_ = &it->second;
                return;
            }
            case Role::object_entry: {
                if (!current_def_) return;  // its header did not read: reported there
                if (!read(l, LineRule::object_entry, "an object-group entry")) return;
                current_def_->entries.push_back(ObjectEntry{l.number, l.indent, l.text, terms_});
                return;
            }
            case Role::asa_name: {
                if (!read(l, LineRule::asa_name, "name ADDRESS ALIAS")) return;
                auto a = parse_ipv4(text_of(TermKind::alias_address));
                if (!a) {
                    diagnose(l, Severity::error, fmt::format("'{}' is not an IPv4 address", text_of(TermKind::alias_address)));
                    return;
                }
                store_.aliases[std::string(text_of(TermKind::alias_name))] = *a;
                return;
            }
            case Role::interface_header: {
                if (!read(l, LineRule::interface_header, "interface NAME")) return;
                Interface i;
                i.name = std::string(text_of(TermKind::interface_name));
                i.loc = at(l);
                out_.interfaces.push_back(std::move(i));
                return;
            }
            case Role::interface_command: interface_command(l); return;
            case Role::line_header: {
                current_line_ = read(l, LineRule::line_header, "line NAME") ? std::string(text_of(TermKind::line_name)) : "";
                return;
            }
            case Role::line_command: {
                if (!read(l, LineRule::line_command, "access-class NAME in|out")) return;
                LineAccessClass c;
                c.line = current_line_;
                c.binding = binding(l, find(TermKind::class_v6) ? Family::v6 : Family::v4);
                out_.line_acls.push_back(std::move(c));
                return;
            }
            case Role::asa_access_group: {
                if (!read(l, LineRule::asa_access_group, "access-group NAME in|out interface IF, or access-group NAME global")) return;
                AclBinding b = binding(l, std::nullopt);
                if (find(TermKind::global))
                    out_.global_acls.push_back(std::move(b));
                else
                    pending_bindings_.emplace_back(std::string(text_of(TermKind::bound_interface)), std::move(b));
                return;
            }
            case Role::other_acl:
                diagnose(l, Severity::warning, "not an IP access list (MAC or ARP): not modelled, its entries are skipped");
                return;
            case Role::asa_route: static_route(l, LineRule::asa_route); return;
            case Role::ip_route: static_route(l, LineRule::ip_route); return;
            default: return;
        }
    }

    AclBinding binding(const Line& l, std::optional<Family> family) {
        AclBinding b;
        b.acl = std::string(text_of(TermKind::bound_acl));
        b.direction = ieq(text_of(TermKind::direction), "out") ? BindDirection::out : BindDirection::in;
        b.loc = at(l);
        b.family = dialect_ == Dialect::asa ? std::nullopt : family;
        return b;
    }

    void interface_command(const Line& l) {
        if (out_.interfaces.empty()) return;
        Interface& i = out_.interfaces.back();
        SyntaxError e;
        if (!read_line(LineRule::interface_command, l.body, l.indent, terms_, e)) {
            if (!e.message.empty()) diagnose(l, Severity::error, std::move(e.message), e.column);
            return;  // another `ip ...` command: not ACL-related
        }
        if (find(TermKind::bind_v4) || find(TermKind::bind_v6)) {
            i.bindings.push_back(binding(l, find(TermKind::bind_v6) ? Family::v6 : Family::v4));
        } else if (const Term* n = find(TermKind::nameif)) {
            i.nameif = std::string(n->text);
        } else if (find(TermKind::shutdown)) {
            i.shutdown = true;
        } else if (const Term* a = find(TermKind::if_prefix) ? find(TermKind::if_prefix) : find(TermKind::if_address)) {
            std::string error;
            std::string_view mask = text_of(TermKind::if_mask);
            auto own = parse_address(a->text.substr(0, a->text.find('/')));
            auto net = a->kind == TermKind::if_prefix ? parse_address(a->text)
                       : mask.empty()                  ? own
                                                       : address_with_mask(a->text, mask, false, error);
            if (!own || !net) {
                diagnose(l, Severity::error, error.empty() ? fmt::format("'{}' is not an interface address", a->text) : error, a->column);
                return;
            }
            i.addresses.push_back(*own);
            i.connected.push_back(*net);
        }
    }

    // A route line the grammar cannot read is a warning, not an error: it
    // is no ACL, and a flow it would route is then reported as path unknown.
    void static_route(const Line& l, LineRule rule) {
        SyntaxError e;
        std::string error;
        if (!read_line(rule, l.body, l.indent, terms_, e))
            error = e.message.empty() ? std::string("expected a static route") : std::move(e.message);
        else if (auto r = route_from_terms(terms_, at(l), error))
            out_.routes.push_back(std::move(*r));
        if (!error.empty())
            diagnose(l, Severity::warning, fmt::format("static route not read: {} (flows it would route have an unknown path)", error),
                     e.column);
    }

    void attach_asa_bindings() {
        for (auto& [nameif, b] : pending_bindings_) {
            auto it = std::find_if(out_.interfaces.begin(), out_.interfaces.end(),
                                   [&](const Interface& i) { return i.nameif == nameif; });
            if (it == out_.interfaces.end()) {
                // Kept on an interface of its own, so the binding is not lost.
                diagnose(Line{b.loc.line, 0, {}, {}}, Severity::warning,
                         fmt::format("access-group {}: no interface has nameif '{}' (its addresses are unknown)", b.acl, nameif));
                Interface i;
                i.name = nameif;
                i.nameif = nameif;
                i.loc = b.loc;
                i.bindings.push_back(b);
                out_.interfaces.push_back(std::move(i));
                continue;
            }
            it->bindings.push_back(b);
        }
    }

    // ---- second pass: access lists

    // How many lines each list has (an upper bound on its rules), so each
    // list's rules are allocated once: a 50,000-entry list would otherwise
    // be moved some 16 times as it grows.
    void count_entries() {
        std::string_view header;
        for (std::size_t k = 0; k < lines_.size(); ++k) {
            const Line& l = lines_[k];
            if (roles_[k] == Role::asa_access_list || roles_[k] == Role::numbered_acl) {
                ++expected_[first_words(l.body).second];
            } else if (roles_[k] == Role::acl_header) {
                auto last = l.body.find_last_of(" \t");
                header = last == std::string_view::npos ? std::string_view() : l.body.substr(last + 1);
            } else if (roles_[k] == Role::acl_entry) {
                ++expected_[header];
            }
        }
    }

    AclState& acl(const std::string& name, std::optional<Family> family, bool standard, const Line& l) {
        std::string key = name + (family == Family::v6 ? "\n6" : "");
        auto it = acl_index_.find(key);
        if (it != acl_index_.end()) return acls_[it->second];
        acl_index_.emplace(key, acls_.size());
        AclState& a = acls_.emplace_back();
        a.name = name;
        if (auto e = expected_.find(name); e != expected_.end()) {
            a.rules.reserve(std::size_t(e->second));
            if (dialect_ == Dialect::asa) a.remarks.reserve(std::size_t(e->second));
        }
        a.family = family;
        a.standard = standard;
        a.loc = at(l);
        return a;
    }

    void second_pass(std::size_t k) {
        const Line& l = lines_[k];
        switch (roles_[k]) {
            case Role::numbered_acl: {
                current_acl_ = nullptr;
                if (!read(l, LineRule::ios_numbered, "access-list NUMBER permit|deny|remark ...")) return;
                const Term* id = nullptr;
                for (const auto& t : terms_)
                    if (t.kind == TermKind::standard_number || t.kind == TermKind::list_number) id = &t;
                if (!id) return;
                int n = to_int(id->text);
                bool standard = (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
                bool extended = (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
                if (!is_number(id->text) || (!standard && !extended)) {
                    diagnose(l, Severity::warning, fmt::format("access-list {} is not an IP access list (IP lists are 1-199, 1300-2699): not modelled", id->text), id->column);
                    return;
                }
                entry(acl(std::string(id->text), Family::v4, standard, l), l);
                return;
            }
            case Role::acl_header: {
                current_acl_ = nullptr;
                if (!read(l, LineRule::acl_header, "ip access-list [standard|extended] NAME")) return;
                if (const Term* s = find(TermKind::acl_setting)) {
                    // resequence, logging: settings without entries
                    if (lower(s->text).rfind("role-based", 0) == 0)
                        diagnose(l, Severity::warning, "role-based (TrustSec SGACL) access lists are not modelled: its entries are skipped");
                    return;
                }
                bool v6 = ieq(text_of(TermKind::acl_family), "ipv6");
                bool standard = ieq(text_of(TermKind::acl_kind), "standard");
                current_acl_ = &acl(std::string(text_of(TermKind::acl_name)), v6 ? Family::v6 : Family::v4, standard, l);
                return;
            }
            case Role::acl_entry: {
                if (!current_acl_) return;  // the header did not read: reported there
                if (reflexive_evaluate(l) || removal(l, *current_acl_)) return;
                LineRule rule = dialect_ == Dialect::nxos ? LineRule::nxos_entry
                                : current_acl_->standard  ? LineRule::ios_standard_entry
                                                          : LineRule::ios_entry;
                if (!read(l, rule, "an access-list entry")) return;
                entry(*current_acl_, l);
                return;
            }
            case Role::asa_access_list: {
                if (!read(l, LineRule::asa_access_list, "access-list NAME extended|standard|remark ...")) return;
                if (find(TermKind::acl_setting)) return;
                std::string type = lower(text_of(TermKind::list_type));
                if (!type.empty() && type != "extended" && type != "standard") {
                    diagnose(l, Severity::warning, fmt::format("{} access lists are not modelled: entry skipped", type.substr(0, type.find(' '))));
                    return;
                }
                entry(acl(std::string(text_of(TermKind::list_name)), type == "standard" ? std::optional<Family>(Family::v4) : std::nullopt,
                          type == "standard", l),
                      l, type == "standard");
                return;
            }
            case Role::other_acl_entry: return;  // counted under the list's warning
            default: return;
        }
    }

    // IOS "[SEQ] evaluate NAME" in an extended list: the reflexive list NAME,
    // which "reflect NAME" entries fill while sessions run, admits the replies
    // of sessions opened the other way: never a new flow, so no rule; a note
    // says so (it was an FW001 "expected permit, deny or remark").
    bool reflexive_evaluate(const Line& l) {
        std::string_view b = l.body;
        std::size_t digits = 0;
        while (digits < b.size() && std::isdigit(static_cast<unsigned char>(b[digits]))) ++digits;
        if (digits > 0) {
            if (digits == b.size() || (b[digits] != ' ' && b[digits] != '\t')) return false;
            b.remove_prefix(digits);
            while (!b.empty() && (b.front() == ' ' || b.front() == '\t')) b.remove_prefix(1);
        }
        if (b.size() < 9 || !ieq(b.substr(0, 8), "evaluate") || (b[8] != ' ' && b[8] != '\t')) return false;
        std::string_view name = b.substr(9);
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
        if (name.empty()) return false;
        diagnose(l, Severity::note,
                 fmt::format("evaluate {}: the reflexive list {} admits only the replies of sessions that 'reflect "
                             "{}' entries saw opened the other way, never a new flow: no rule (not modelled)",
                             printable_text(name), printable_text(name), printable_text(name)));
        return true;
    }

    // "no 20" in a list's sub-mode (a pasted change, not show-running output)
    // removes entry 20 from the list, as the device does; "no permit ..." is
    // not applied, with a warning. Both were skipped without a word.
    bool removal(const Line& l, AclState& a) {
        std::string_view b = l.body;
        while (!b.empty() && std::isspace(static_cast<unsigned char>(b.back()))) b.remove_suffix(1);
        if (b.size() < 4 || !ieq(b.substr(0, 2), "no") || (b[2] != ' ' && b[2] != '\t')) return false;
        std::string_view rest = b.substr(3);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        if (!is_number(rest)) {
            diagnose(l, Severity::warning,
                     fmt::format("'no {}' removes the entry of ACL {} written that way: fwlint does not apply it (the "
                                 "entry, if any, is still checked); remove the entry from the file or use 'no SEQ'",
                                 printable_text(rest), printable_text(a.name)));
            return true;
        }
        const int sequence = to_int(rest);
        for (std::size_t k = 0; k < a.rules.size(); ++k) {
            if (a.rules[k].sequence != sequence) continue;
            diagnose(l, Severity::note,
                     fmt::format("no {}: entry {} of ACL {} (line {}) is removed here, as the device removes it: it is "
                                 "not checked",
                                 sequence, sequence, printable_text(a.name), a.rules[k].loc.line));
            a.rules.erase(a.rules.begin() + std::ptrdiff_t(k));
            a.remarks.erase(a.remarks.begin() + std::ptrdiff_t(k));
            return true;
        }
        diagnose(l, Severity::warning,
                 fmt::format("no {}: ACL {} has no entry {} above this line: nothing is removed", sequence,
                             printable_text(a.name), sequence));
        return true;
    }

    void entry(AclState& a, const Line& l, bool standard_line = false) {
        std::size_t i = 0;
        int sequence = 0, position = 0;
        std::string_view dynamic;  // "access-list 101 dynamic NAME ...": lock-and-key
        for (; i < terms_.size(); ++i) {
            const Term& t = terms_[i];
            if (t.kind == TermKind::condition) dynamic = t.text;
            else if (t.kind == TermKind::sequence) sequence = to_int(t.text);
            else if (t.kind == TermKind::line_position) position = to_int(t.text);
            else if (t.kind == TermKind::remark) {
                if (suppression(t.text, l)) a.pending_suppressions.push_back(out_.suppressions.size() - 1);
                if (track_remarks_) a.pending_remark_lines.push_back(l.number);
                ++a.pending_remarks;
                if (!a.remark.empty()) a.remark += " ";
                a.remark += std::string(t.text);
                return;
            } else if (t.kind == TermKind::permit_deny) break;
        }
        if (i == terms_.size()) return;  // "statistics per-entry", "no 10": no rule
        for (std::size_t s : a.pending_suppressions) out_.suppressions[s].target_line = l.number;
        a.pending_suppressions.clear();
        for (int r : a.pending_remark_lines) remark_targets_.emplace_back(r, l.number);
        a.pending_remark_lines.clear();
        AceContext c{dialect_, a.standard || standard_line, standard_line ? std::optional<Family>(Family::v4) : a.family};
        std::size_t before = out_.diagnostics.size();
        AceMeaning m = interpret_ace(terms_, i, c, l.number, store_);
        if (!m.ok) {
            if (out_.diagnostics.size() == before) diagnose(l, Severity::error, "the access-list entry could not be read");
            return;
        }
        Rule r;
        r.loc = at(l);
        r.text = l.text;
        r.source = source_;
        r.chain = a.name;
        r.action = m.action;
        r.target = m.action == Action::accept ? "permit" : "deny";
        r.match = std::move(m.match);
        r.new_flows = m.new_flows;
        if (!m.new_flows) {
            r.match = PacketSet();
            r.states = state_established;
            r.states_exact = false;
        }
        r.enabled = m.enabled;
        r.conditions = std::move(m.conditions);
        // A lock-and-key template matches only after a user's access-enable.
        if (!dynamic.empty())
            r.conditions.push_back(Condition{fmt::format("dynamic {} (lock-and-key, after access-enable)", dynamic),
                                             fmt::format("dynamic {}", dynamic)});
        r.comment = std::move(a.remark);
        a.remark.clear();
        if (m.sequence) sequence = m.sequence;
        if (sequence) a.explicit_sequence = true;
        r.sequence = sequence ? sequence : a.last_sequence + 10;
        a.last_sequence = std::max(a.last_sequence, r.sequence);
        int remarks = a.pending_remarks;
        a.pending_remarks = 0;
        // ASA "line N" inserts before the entry now on line N (remarks count).
        std::size_t at = a.rules.size();
        for (std::size_t k = 0, n = 0; position > 0 && k < a.rules.size(); ++k) {
            n += std::size_t(a.remarks[k]) + 1;
            if (n >= std::size_t(position)) {
                at = k;
                break;
            }
        }
        a.rules.insert(a.rules.begin() + std::ptrdiff_t(at), std::move(r));
        a.remarks.insert(a.remarks.begin() + std::ptrdiff_t(at), remarks);
    }

    void build_policies() {
        for (AclState& a : acls_) {
            if (dialect_ == Dialect::asa) {
                int n = 0;
                for (std::size_t k = 0; k < a.rules.size(); ++k) a.rules[k].sequence = n += a.remarks[k] + 1;
            }
            if (a.explicit_sequence)
                std::stable_sort(a.rules.begin(), a.rules.end(),
                                 [](const Rule& x, const Rule& y) { return x.sequence < y.sequence; });
            auto make = [&](Family f) {
                Policy p;
                p.name = a.name;
                p.family = f;
                p.order = EvaluationOrder::first_match;
                Chain c;
                c.name = a.name;
                c.loc = a.loc;
                c.builtin = true;
                c.policy = Action::drop;  // the implicit deny
                p.chains.push_back(std::move(c));
                bool v6 = f == Family::v6;
                p.syntax = dialect_ == Dialect::asa    ? "asa"
                           : dialect_ == Dialect::nxos ? (v6 ? "nxos-ipv6" : "nxos")
                           : v6                        ? "ios-ipv6"
                           : a.standard                ? "ios-standard"
                                                       : "ios-extended";
                return p;
            };
            if (a.family) {
                Policy p = make(*a.family);
                p.chains.front().rules = std::move(a.rules);
                out_.policies.push_back(std::move(p));
                continue;
            }
            // ASA: one policy per family the list's entries touch (IPv4 when
            // none does), so each evaluates like the device does.
            Policy v4 = make(Family::v4), v6 = make(Family::v6);
            auto only6 = [](const Rule& r) { return r.match.boxes(Family::v4).empty() && !r.match.boxes(Family::v6).empty(); };
            if (std::none_of(a.rules.begin(), a.rules.end(), only6)) {
                // The usual case: every entry is in the IPv4 list, in order,
                // and the list moves whole (not rule by rule); entries that
                // match IPv6 too are copied to the IPv6 list.
                for (const Rule& r : a.rules)
                    if (!r.match.boxes(Family::v6).empty()) v6.chains.front().rules.push_back(r);
                v4.chains.front().rules = std::move(a.rules);
                out_.policies.push_back(std::move(v4));
                if (!v6.chains.front().rules.empty()) out_.policies.push_back(std::move(v6));
                continue;
            }
            v4.chains.front().rules.reserve(a.rules.size());
            for (Rule& r : a.rules) {
                bool has6 = !r.match.boxes(Family::v6).empty();
                bool has4 = !r.match.boxes(Family::v4).empty() || !has6;
                if (has4 && has6) v6.chains.front().rules.push_back(r);
                else if (has6) {
                    v6.chains.front().rules.push_back(std::move(r));
                    continue;
                }
                v4.chains.front().rules.push_back(std::move(r));
            }
            bool any6 = !v6.chains.front().rules.empty();
            if (!v4.chains.front().rules.empty() || !any6) out_.policies.push_back(std::move(v4));
            if (any6) out_.policies.push_back(std::move(v6));
        }
    }

    std::shared_ptr<const std::string> source_;
    std::string file_;
    Dialect dialect_;
    ParsedInput out_;
    ObjectStore store_;
    std::vector<Line> lines_;
    std::vector<Role> roles_;
    std::vector<Term> terms_;
    ObjectDef* current_def_ = nullptr;
    AclState* current_acl_ = nullptr;
    std::string current_line_;
    std::vector<std::pair<std::string, AclBinding>> pending_bindings_;
    std::deque<AclState> acls_;
    std::map<std::string, std::size_t> acl_index_;
    std::map<std::string_view, int, std::less<>> expected_;
    bool track_remarks_ = false;
    std::vector<std::pair<int, int>> remark_targets_;  // remark line -> the entry it stands above (-1: none)
};

}  // namespace

ParsedInput parse_cisco(std::shared_ptr<const std::string> text, const std::string& file, Dialect dialect) {
    return ConfigReader(std::move(text), file, dialect).run();
}

std::optional<Dialect> cisco_dialect(std::string_view format) {
    if (format == "ios" || format == "cisco-ios") return Dialect::ios;
    if (format == "asa" || format == "cisco-asa") return Dialect::asa;
    if (format == "nxos" || format == "cisco-nxos") return Dialect::nxos;
    return std::nullopt;
}

}  // namespace fwlint
