// The units of Cisco lines: addresses (any, host, wildcard or netmask,
// prefixes, object-groups, ASA objects, aliases and interfaces), port
// matches with the platform's port names, ICMP types and services.
#include "parse/cisco_terms.hpp"

#include <charconv>

#include <fmt/format.h>

namespace fwlint::cisco {

namespace {

std::optional<unsigned> small_number(std::string_view s, unsigned max) {
    unsigned v = 0;
    if (s.empty() || s.size() > 6) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > max) return std::nullopt;
    return v;
}

IntervalSet all_of(Family f) { return IntervalSet::range(0, address_max(f)); }

void put(Addresses& out, const AddressSet& a) {
    (a.family == Family::v4 ? out.v4 : out.v6) = (a.family == Family::v4 ? out.v4 : out.v6).unite(a.values);
}

}  // namespace

IntervalSet tcp_udp() { return IntervalSet::single(6).unite(IntervalSet::single(17)); }

bool TermReader::is_word(std::string_view lower_text) const {
    return is(TermKind::word) && lower(peek().text) == lower_text;
}

SourceLocation TermReader::here() const {
    if (!at_end()) return where(terms_[i_]);
    int column = 1;
    if (!terms_.empty()) column = terms_.back().column + int(terms_.back().text.size());
    return SourceLocation{store_.file, line_, column};
}

void TermReader::error(std::string message) {
    failed_ = true;
    if (at_end())
        message += ", found the end of the line";
    else
        message += fmt::format(", found '{}'", shown(peek().text));
    store_.diagnose(here(), Severity::error, std::move(message));
}

void TermReader::error_at(const Term& t, std::string message) {
    failed_ = true;
    store_.diagnose(where(t), Severity::error, std::move(message));
}

void TermReader::expect_end() {
    if (!at_end() && !failed_) error("expected the end of the entry");
}

bool TermReader::address_follows() const {
    if (at_end()) return false;
    switch (peek().kind) {
        case TermKind::any:
        case TermKind::host:
        case TermKind::group:
        case TermKind::addrgroup:
        case TermKind::object:
        case TermKind::interface:
        case TermKind::identity:
        case TermKind::address:
        case TermKind::alias:
        case TermKind::address_range: return true;
        default: return false;
    }
}

bool TermReader::address(MaskStyle style, std::optional<Family> family, Addresses& out) {
    if (at_end()) return false;
    const Term& t = peek();
    std::string error;
    switch (t.kind) {
        case TermKind::any: {
            next();
            std::string text = lower(t.text);
            if (text == "any4" || (text == "any" && family == Family::v4)) out.v4 = all_of(Family::v4);
            else if (text == "any6" || (text == "any" && family == Family::v6)) out.v6 = all_of(Family::v6);
            else out.v4 = all_of(Family::v4), out.v6 = all_of(Family::v6);
            break;
        }
        case TermKind::host: {
            next();
            if (auto a = parse_address(t.text); a && t.text.find('/') == std::string_view::npos) {
                put(out, *a);
            } else if (const u128* alias = store_.find_alias(t.text)) {
                out.v4 = IntervalSet::single(*alias);
            } else {
                error_at(t, fmt::format("'{}' after host is neither an address nor a name defined by `name`", t.text));
                return false;
            }
            break;
        }
        case TermKind::group:
        case TermKind::addrgroup: {
            next();
            const ObjectDef* def = store_.group(t.text, line_, t.column);
            if (!def) {
                failed_ = true;
                return false;
            }
            if (def->kind != ObjectKind::network) {
                error_at(t, fmt::format("object-group '{}' is a {} group where a network group is expected", t.text,
                                        def->kind_text));
                return false;
            }
            out.add(def->addresses);
            break;
        }
        case TermKind::object: {
            next();
            const ObjectDef* def = store_.object(t.text, line_, t.column);
            if (!def) {
                failed_ = true;
                return false;
            }
            if (def->kind != ObjectKind::network) {
                error_at(t, fmt::format("object '{}' is a {} object where a network object is expected", t.text,
                                        def->kind_text));
                return false;
            }
            out.add(def->addresses);
            break;
        }
        case TermKind::interface: {
            next();
            auto it = store_.nameifs.find(t.text);
            if (it == store_.nameifs.end() || it->second->addresses.empty()) {
                out.conditions.push_back(Condition{fmt::format("address of interface {}", t.text),
                                                   fmt::format("interface {}", t.text)});
                out.v4 = all_of(Family::v4);
                out.v6 = all_of(Family::v6);
                store_.diagnose(where(t), Severity::warning,
                                fmt::format("interface '{}' has no known address (no nameif with an ip address): "
                                            "kept as an unmodelled condition",
                                            t.text));
            } else {
                for (const auto& a : it->second->addresses) put(out, a);
            }
            break;
        }
        case TermKind::identity: {
            next();
            out.conditions.push_back(Condition{std::string(t.text), std::string(t.text)});
            // ASA writes the user (and security group) before the address it
            // qualifies: "object-group-user ADMINS any object WEB eq https".
            // Read as the address itself, it made the source any, the real
            // source the destination and the destination's words unknown.
            if (address_follows()) return address(style, family, out);
            if (family != Family::v6) out.v4 = all_of(Family::v4);
            if (family != Family::v4) out.v6 = all_of(Family::v6);
            break;
        }
        case TermKind::address: {
            next();
            std::string_view mask;
            if (is(TermKind::mask)) mask = next().text;
            std::string prefixed;
            // "10.10.10.0 /24" (as some generators write group entries)
            if (mask.empty() && is(TermKind::word) && peek().text.size() > 1 && peek().text[0] == '/' &&
                peek().text.find_first_not_of("0123456789", 1) == std::string_view::npos)
                prefixed = std::string(t.text) + std::string(next().text);
            auto a = prefixed.empty() ? address_with_mask(t.text, mask, style == MaskStyle::wildcard, error)
                                      : address_with_mask(prefixed, {}, false, error);
            if (!a) {
                error_at(t, error);
                return false;
            }
            put(out, *a);
            break;
        }
        case TermKind::alias: {
            next();
            auto space = t.text.find_first_of(" \t");
            std::string name(t.text.substr(0, space));
            std::string_view mask = t.text.substr(t.text.find_last_of(" \t") + 1);
            const u128* alias = store_.find_alias(name);
            if (!alias) {
                error_at(t, fmt::format("'{}' is neither an address nor a name defined by `name`", name));
                return false;
            }
            auto a = address_with_mask(format_address(*alias, Family::v4), mask, false, error);
            if (!a) {
                error_at(t, error);
                return false;
            }
            put(out, *a);
            break;
        }
        case TermKind::address_range: {
            next();
            // "range A B"
            std::string_view rest = t.text.substr(5);
            auto b_start = rest.find_last_of(" \t");
            std::string_view a_text = rest.substr(0, b_start), b_text = rest.substr(b_start + 1);
            while (!a_text.empty() && (a_text.front() == ' ' || a_text.front() == '\t')) a_text.remove_prefix(1);
            while (!a_text.empty() && (a_text.back() == ' ' || a_text.back() == '\t')) a_text.remove_suffix(1);
            auto a = parse_address(fmt::format("{}-{}", a_text, b_text));
            if (!a) {
                error_at(t, fmt::format("'{}' is not an address range (LOW HIGH, same family, LOW <= HIGH)", rest));
                return false;
            }
            put(out, *a);
            break;
        }
        default: return false;
    }
    if (family) {
        bool had = !out.v4.empty() || !out.v6.empty();
        (*family == Family::v4 ? out.v6 : out.v4) = IntervalSet();
        if (had && out.v4.empty() && out.v6.empty()) {
            error_at(t, fmt::format("'{}' is not an {} address, as the list is", t.text, family_name(*family)));
            return false;
        }
    }
    return true;
}

bool TermReader::port_known(const IntervalSet& protocols, std::string_view text) const {
    if (small_number(text, 65535)) return true;
    for (unsigned p : {6u, 17u, 132u})
        if ((protocols.contains(p) || protocols.is_all(255)) && port_number(dialect(), p, text)) return true;
    return false;
}

std::optional<unsigned> TermReader::port_value(const IntervalSet& protocols, const Term& t) {
    if (auto n = small_number(t.text, 65535)) return n;
    bool tcp = protocols.contains(6) || protocols.contains(132), udp = protocols.contains(17);
    if (!tcp && !udp) tcp = udp = true;  // a port group of unknown protocol: accept either name
    std::optional<unsigned> by_tcp = tcp ? port_number(dialect(), 6, t.text) : std::nullopt;
    std::optional<unsigned> by_udp = udp ? port_number(dialect(), 17, t.text) : std::nullopt;
    bool need_both = protocols.contains(6) && protocols.contains(17);
    if (need_both) {
        if (by_tcp && by_udp && *by_tcp == *by_udp) return by_tcp;
    } else if (by_tcp || by_udp) {
        return by_tcp ? by_tcp : by_udp;
    }
    std::string proto = need_both ? "both tcp and udp" : (protocols.contains(17) ? "udp" : "tcp");
    error_at(t, fmt::format("'{}' is not a {} port name on {} (FORMATS.md 7; use the number)", shown(t.text), proto,
                            dialect() == Dialect::asa ? "the ASA" : dialect() == Dialect::nxos ? "NX-OS" : "IOS"));
    return std::nullopt;
}

std::optional<IntervalSet> TermReader::port_match(const IntervalSet& protocols) {
    if (is(TermKind::portgroup)) {
        const Term& t = next();
        const ObjectDef* def = store_.group(t.text, line_, t.column);
        if (!def) {
            failed_ = true;
            return std::nullopt;
        }
        IntervalSet ports;
        for (const auto& s : def->services) ports = ports.unite(s.dports);
        return ports;
    }
    if (!is(TermKind::port_op)) return std::nullopt;
    const Term& op = next();
    std::string o = lower(op.text);
    std::vector<unsigned> values;
    while (is(TermKind::port)) {
        // IOS "eq P1 P2 ...": a word after the first port that is no port
        // is not one; the options read it (an unknown keyword, with a warning).
        if (!values.empty() && !port_known(protocols, peek().text)) break;
        auto v = port_value(protocols, next());
        if (!v) return std::nullopt;
        values.push_back(*v);
    }
    if (values.empty()) {
        error_at(op, fmt::format("expected a port after '{}'", op.text));
        return std::nullopt;
    }
    IntervalSet out;
    if (o == "eq" || o == "neq") {
        for (unsigned v : values) out.add(v, v);
        if (o == "neq") out = out.complement(65535);
    } else if (o == "lt") {
        if (values[0] == 0) return IntervalSet();
        out = IntervalSet::range(0, values[0] - 1);
    } else if (o == "gt") {
        out = IntervalSet::range(values[0] + 1, 65535);
    } else {  // range
        if (values.size() < 2 || values[0] > values[1]) {
            error_at(op, "a range needs two ports, the lower first");
            return std::nullopt;
        }
        out = IntervalSet::range(values[0], values[1]);
    }
    return out;
}

std::optional<IntervalSet> TermReader::icmp_match(bool v6) {
    if (!is(TermKind::word) && !is(TermKind::port)) return std::nullopt;
    const Term& t = peek();
    if (auto type = small_number(t.text, 255)) {
        next();
        int code = -1;
        if (is(TermKind::word))
            if (auto c = small_number(peek().text, 255)) {
                next();
                code = int(*c);
            }
        return icmp_values(*type, code);
    }
    if (auto m = icmp_message(t.text, v6)) {
        next();
        return m;
    }
    return std::nullopt;
}

std::optional<Service> TermReader::service_entry() {
    if (at_end()) return std::nullopt;
    const Term& p = next();
    std::string name = lower(p.text);
    Service s;
    if (name == "tcp-udp") {
        s.protocols = tcp_udp();
    } else if (auto n = protocol_number(dialect(), p.text)) {
        if (*n != any_protocol) s.protocols = IntervalSet::single(*n);
    } else {
        error_at(p, fmt::format("unknown protocol '{}' in a service entry", p.text));
        return std::nullopt;
    }
    bool icmp = s.protocols == IntervalSet::single(1) || s.protocols == IntervalSet::single(58);
    bool ports = s.protocols.is_subset_of(tcp_udp().unite(IntervalSet::single(132)));
    while (!at_end()) {
        if (icmp) {
            auto v = icmp_match(s.protocols.contains(58));
            if (!v) break;
            s.dports = *v;
            continue;
        }
        if (!ports) break;
        bool source = is_word("source"), destination = is_word("destination");
        if (source || destination) next();
        if (is(TermKind::word) || is(TermKind::port)) {
            // IOS "tcp www": a bare port is "eq"
            auto v = port_value(s.protocols, next());
            if (!v) return std::nullopt;
            (source ? s.sports : s.dports) = IntervalSet::single(*v);
            continue;
        }
        auto m = port_match(s.protocols);
        if (!m) {
            if (!failed_) error("expected eq, neq, lt, gt or range");
            return std::nullopt;
        }
        (source ? s.sports : s.dports) = *m;
    }
    if (!at_end()) {
        error("unexpected words in the service entry");
        return std::nullopt;
    }
    return s;
}

}  // namespace fwlint::cisco
