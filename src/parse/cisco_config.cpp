// A Cisco running-config, line by line. First every line gets a role from
// its indentation, its first words and the sub-mode it is in
// (cisco_config_lines.cpp); lines of no interest (routing, AAA, banners...)
// are skipped quietly. Then two passes: the first reads objects, names and
// interfaces, the second the access lists (kept in cisco_acl_lists.cpp), so
// an ACE may use a group defined anywhere in the file. Each line is read once
// by the PEGTL grammar of its role (cisco_lines.cpp).
#include <algorithm>
#include <charconv>
#include <climits>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "parse/cisco.hpp"
#include "parse/cisco_acl_lists.hpp"
#include "parse/cisco_config_lines.hpp"
#include "parse/cisco_internal.hpp"
#include "parse/quoted_text.hpp"
#include "parse/suppression.hpp"

namespace fwlint {

namespace {

using namespace cisco;

// ASA before 9.0, PIX and FWSM: `access-list` is IPv4 (`any` too); IPv6
// entries are in `ipv6 access-list` (FORMATS.md 5.2).
bool before_asa_9(std::string_view text) {
    // The version line is near the top of `show running-config`.
    std::size_t pos = 0;
    for (int n = 0; n < 100 && pos < text.size(); ++n) {
        std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (line.rfind("PIX Version ", 0) == 0 || line.rfind("FWSM Version ", 0) == 0) return true;
        if (line.rfind("ASA Version ", 0) == 0) {
            const std::string_view v = line.substr(12);
            int major = 0;
            std::from_chars(v.data(), v.data() + v.size(), major);
            return major > 0 && major < 9;
        }
    }
    return false;
}

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
        any_is_ipv4_ = dialect_ == Dialect::asa && before_asa_9(*source_);
        lines_ = split_config_lines(*source_, dialect_, file_, out_);
        const std::size_t comment_lines = out_.suppressions.size();  // "!" and ":" comments; remarks come later
        track_remarks_ = comment_lines > 0;
        roles_ = assign_line_roles(lines_, dialect_, file_, out_.diagnostics);
        for (std::size_t k = 0; k < lines_.size(); ++k) first_pass(k);
        attach_asa_bindings();
        for (const auto& i : out_.interfaces)
            if (!i.nameif.empty()) store_.nameifs[i.nameif] = &i;
        count_entries();
        store_.index_names();
        for (std::size_t k = 0; k < lines_.size(); ++k) second_pass(k);
        add_acl_policies(acls_, dialect_, out_.policies);
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
    SourceLocation at(const ConfigLine& l, int column = 0) const {
        return SourceLocation{file_, l.number, column > 0 ? column : l.indent + 1};
    }
    void diagnose(const ConfigLine& l, Severity s, std::string message, int column = 0) {
        out_.diagnostics.push_back(Diagnostic{at(l, column), s, std::move(message)});
    }
    // Reads the line with `rule`; a syntax error becomes a diagnostic (FW001).
    bool read(const ConfigLine& l, LineRule rule, const char* what) {
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
    bool suppression(std::string_view comment, const ConfigLine& l) {
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

    // ---- first pass: objects, names, interfaces, bindings

    void first_pass(std::size_t k) {
        const ConfigLine& l = lines_[k];
        switch (roles_[k]) {
            case LineRole::group_header: {
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
            case LineRole::object_header: {
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
            case LineRole::object_entry: {
                if (!current_def_) return;  // its header did not read: reported there
                if (!read(l, LineRule::object_entry, "an object-group entry")) return;
                current_def_->entries.push_back(ObjectEntry{l.number, l.indent, l.text, terms_});
                return;
            }
            case LineRole::asa_name: {
                if (!read(l, LineRule::asa_name, "name ADDRESS ALIAS")) return;
                auto a = parse_ipv4(text_of(TermKind::alias_address));
                if (!a) {
                    diagnose(l, Severity::error, fmt::format("'{}' is not an IPv4 address", text_of(TermKind::alias_address)));
                    return;
                }
                store_.aliases[std::string(text_of(TermKind::alias_name))] = *a;
                return;
            }
            case LineRole::interface_header: {
                if (!read(l, LineRule::interface_header, "interface NAME")) return;
                Interface i;
                i.name = std::string(text_of(TermKind::interface_name));
                i.loc = at(l);
                out_.interfaces.push_back(std::move(i));
                return;
            }
            case LineRole::interface_command: interface_command(l); return;
            case LineRole::line_header: {
                current_line_ = read(l, LineRule::line_header, "line NAME") ? std::string(text_of(TermKind::line_name)) : "";
                return;
            }
            case LineRole::line_command: {
                if (!read(l, LineRule::line_command, "access-class NAME in|out")) return;
                LineAccessClass c;
                c.line = current_line_;
                c.binding = binding(l, find(TermKind::class_v6) ? Family::v6 : Family::v4);
                out_.line_acls.push_back(std::move(c));
                return;
            }
            case LineRole::asa_access_group: {
                if (!read(l, LineRule::asa_access_group, "access-group NAME in|out interface IF, or access-group NAME global")) return;
                AclBinding b = binding(l, std::nullopt);
                if (find(TermKind::global))
                    out_.global_acls.push_back(std::move(b));
                else
                    pending_bindings_.emplace_back(std::string(text_of(TermKind::bound_interface)), std::move(b));
                return;
            }
            case LineRole::other_acl:
                diagnose(l, Severity::warning, "not an IP access list (MAC or ARP): not modelled, its entries are skipped");
                return;
            case LineRole::asa_route: static_route(l, LineRule::asa_route); return;
            case LineRole::ip_route: static_route(l, LineRule::ip_route); return;
            default: return;
        }
    }

    AclBinding binding(const ConfigLine& l, std::optional<Family> family) {
        AclBinding b;
        b.acl = std::string(text_of(TermKind::bound_acl));
        b.direction = ieq(text_of(TermKind::direction), "out") ? BindDirection::out : BindDirection::in;
        b.loc = at(l);
        b.family = dialect_ == Dialect::asa ? std::nullopt : family;
        return b;
    }

    void interface_command(const ConfigLine& l) {
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
    void static_route(const ConfigLine& l, LineRule rule) {
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
                diagnose(ConfigLine{b.loc.line, 0, {}, {}}, Severity::warning,
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
            const ConfigLine& l = lines_[k];
            if (roles_[k] == LineRole::asa_access_list || roles_[k] == LineRole::numbered_acl) {
                ++expected_[first_words(l.body).second];
            } else if (roles_[k] == LineRole::asa_ipv6_access_list) {
                // "ipv6 access-list NAME ...": the name is the third word.
                const std::string_view second = first_words(l.body).second;
                std::string_view rest = l.body.substr(static_cast<std::size_t>(second.data() + second.size() - l.body.data()));
                const std::size_t name_at = rest.find_first_not_of(" \t");
                if (name_at != std::string_view::npos) ++expected_[first_words(rest.substr(name_at)).first];
            } else if (roles_[k] == LineRole::acl_header) {
                auto last = l.body.find_last_of(" \t");
                header = last == std::string_view::npos ? std::string_view() : l.body.substr(last + 1);
            } else if (roles_[k] == LineRole::acl_entry) {
                ++expected_[header];
            }
        }
    }

    AclState& acl(const std::string& name, std::optional<Family> family, bool standard, const ConfigLine& l) {
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
        const ConfigLine& l = lines_[k];
        switch (roles_[k]) {
            case LineRole::numbered_acl: {
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
            case LineRole::acl_header: {
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
            case LineRole::acl_entry: {
                if (!current_acl_) return;  // the header did not read: reported there
                if (list_edit(l, *current_acl_)) return;
                LineRule rule = dialect_ == Dialect::nxos ? LineRule::nxos_entry
                                : current_acl_->standard  ? LineRule::ios_standard_entry
                                                          : LineRule::ios_entry;
                if (!read(l, rule, "an access-list entry")) return;
                entry(*current_acl_, l);
                return;
            }
            case LineRole::asa_access_list: {
                if (!read(l, LineRule::asa_access_list, "access-list NAME extended|standard|remark ...")) return;
                if (find(TermKind::acl_setting)) return;
                std::string type = lower(text_of(TermKind::list_type));
                if (!type.empty() && type != "extended" && type != "standard") {
                    diagnose(l, Severity::warning, fmt::format("{} access lists are not modelled: entry skipped", type.substr(0, type.find(' '))));
                    return;
                }
                entry(acl(std::string(text_of(TermKind::list_name)),
                          type == "standard" || any_is_ipv4_ ? std::optional<Family>(Family::v4) : std::nullopt,
                          type == "standard", l),
                      l, type == "standard");
                return;
            }
            case LineRole::asa_ipv6_access_list: {
                if (!read(l, LineRule::asa_ipv6_access_list, "ipv6 access-list NAME [line N] permit|deny|remark ..."))
                    return;
                if (find(TermKind::acl_setting)) return;
                if (!text_of(TermKind::list_type).empty()) {
                    diagnose(l, Severity::error,
                             fmt::format("ipv6 access-list takes no '{}' keyword (ASA 8.x: ipv6 access-list NAME "
                                         "permit|deny ...): entry skipped",
                                         text_of(TermKind::list_type)));
                    return;
                }
                entry(acl(std::string(text_of(TermKind::list_name)), Family::v6, false, l), l);
                return;
            }
            case LineRole::other_acl_entry: return;  // counted under the list's warning
            default: return;
        }
    }

    void entry(AclState& a, const ConfigLine& l, bool standard_line = false) {
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
        if (m.sequence) sequence = m.sequence;
        add_acl_entry(a, std::move(r), sequence, position);
    }

    // "evaluate NAME" and "no SEQ" lines under a list: a note or a warning,
    // no rule.
    bool list_edit(const ConfigLine& l, AclState& a) {
        if (auto note = reflexive_evaluate_note(l.body)) {
            diagnose(l, Severity::note, std::move(*note));
            return true;
        }
        if (auto edit = remove_acl_entry(l.body, a)) {
            diagnose(l, edit->severity, std::move(edit->message));
            return true;
        }
        return false;
    }

    std::shared_ptr<const std::string> source_;
    std::string file_;
    Dialect dialect_;
    ParsedInput out_;
    ObjectStore store_;
    std::vector<ConfigLine> lines_;
    std::vector<LineRole> roles_;
    std::vector<Term> terms_;
    ObjectDef* current_def_ = nullptr;
    AclState* current_acl_ = nullptr;
    std::string current_line_;
    std::vector<std::pair<std::string, AclBinding>> pending_bindings_;
    std::deque<AclState> acls_;
    std::map<std::string, std::size_t> acl_index_;
    std::map<std::string_view, int, std::less<>> expected_;
    bool track_remarks_ = false;
    bool any_is_ipv4_ = false;  // ASA before 9.0, PIX, FWSM: access-list is IPv4, `any` too
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
