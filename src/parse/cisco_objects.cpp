// Object-groups, ASA objects and `name` aliases: what their entries mean.
// Groups are resolved on first use (so they can be defined in any order and
// nest through group-object); a group that contains itself, directly or not,
// is an error and resolves to nothing instead of recursing forever.
#include <fmt/format.h>

#include "parse/cisco_internal.hpp"
#include "parse/cisco_terms.hpp"

namespace fwlint::cisco {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

void ObjectStore::diagnose(const SourceLocation& loc, Severity s, std::string message) {
    if (diagnostics) diagnostics->push_back(Diagnostic{loc, s, std::move(message)});
}

const ObjectDef* ObjectStore::group(std::string_view name, int line, int column) {
    ObjectDef* def = find_group(name);
    if (!def) {
        diagnose(SourceLocation{file, line, column}, Severity::error,
                 fmt::format("object-group '{}' is not defined: the entry cannot be evaluated", name));
        return nullptr;
    }
    def->referenced = true;
    if (def->state == ObjectDef::State::unresolved) resolve(*def);
    return def;
}

const ObjectDef* ObjectStore::object(std::string_view name, int line, int column) {
    ObjectDef* def = find_object(name);
    if (!def) {
        diagnose(SourceLocation{file, line, column}, Severity::error, fmt::format("object '{}' is not defined: the entry cannot be evaluated", name));
        return nullptr;
    }
    def->referenced = true;
    if (def->state == ObjectDef::State::unresolved) resolve(*def);
    return def;
}

std::optional<AddressSet> address_with_mask(std::string_view address, std::string_view mask, bool wildcard,
                                            std::string& error) {
    if (mask.empty()) {
        auto a = parse_address(address);
        if (!a) error = fmt::format("'{}' is not an IPv4 or IPv6 address", address);
        return a;
    }
    auto base = parse_ipv4(address);
    auto m = parse_ipv4(mask);
    if (!base) {
        error = fmt::format("'{}' is not an IPv4 address", address);
        return std::nullopt;
    }
    if (!m) {
        error = fmt::format("'{}' is not a {}", mask, wildcard ? "wildcard mask" : "netmask");
        return std::nullopt;
    }
    u128 wild = wildcard ? *m : (~*m & 0xffffffffu);
    // A netmask is ones then zeros (the device refuses others); "0.0.0.255"
    // is an IOS wildcard in a place that takes a netmask (an ASA entry, an
    // object-group), e.g. an IOS config read with --input-format asa: read
    // as a netmask it is 16M scattered addresses.
    if (!wildcard && (wild & (wild + 1)) != 0) {
        error = fmt::format("'{}' is not a netmask (its one bits must come first, as in 255.255.255.0){}", mask,
                            (*m & (*m + 1)) == 0 ? "; it reads like an IOS wildcard mask" : "");
        return std::nullopt;
    }
    return AddressSet{Family::v4, wildcard_set(*base, wild, Family::v4)};
}

void ObjectStore::resolve(ObjectDef& def) {
    def.state = ObjectDef::State::resolving;
    for (const ObjectEntry& e : def.entries) {
        SourceLocation where{file, e.line, e.indent + 1};
        TermReader r(e.terms, e.line, *this);
        r.skip(TermKind::sequence);
        if (r.at_end() || r.is(TermKind::description)) continue;
        std::string lead = r.is(TermKind::word) ? lower(r.peek().text) : "";
        if (lead == "nat" || lead == "description") continue;  // NAT is not filtering
        if (lead == "group-object") {
            r.next();
            if (r.at_end()) {
                r.error("expected an object-group name after group-object");
                continue;
            }
            const Term& name = r.next();
            const ObjectDef* inner = group(name.text, e.line, name.column);
            if (!inner) continue;
            if (inner == &def || inner->state == ObjectDef::State::resolving) {
                diagnose(r.where(name), Severity::error,
                         fmt::format("object-group '{}' contains itself through group-object '{}': the cycle is cut here",
                                     def.name, name.text));
                continue;
            }
            def.addresses.add(inner->addresses);
            def.services.insert(def.services.end(), inner->services.begin(), inner->services.end());
            continue;
        }
        switch (def.kind) {
            case ObjectKind::network: {
                if (lead == "network-object" || lead == "subnet") r.next();
                if (r.is(TermKind::word) && lower(r.peek().text) == "fqdn") {
                    r.next();
                    std::string host;
                    while (!r.at_end()) host = std::string(r.next().text);  // "fqdn [v4|v6] NAME"
                    // Any address, but only if the condition holds: the rule is conditional.
                    def.addresses.v4 = IntervalSet::range(0, address_max(Family::v4));
                    def.addresses.v6 = IntervalSet::range(0, address_max(Family::v6));
                    def.addresses.conditions.push_back(Condition{"fqdn " + host, std::string(e.text)});
                    diagnose(where, Severity::warning,
                             fmt::format("fqdn {} in {} '{}': resolved by the device at run time, kept as an unknown "
                                         "address (an unmodelled condition)",
                                         host, def.is_object ? "object" : "object-group", def.name));
                    continue;
                }
                MaskStyle style = dialect == Dialect::nxos ? MaskStyle::wildcard : MaskStyle::netmask;
                Addresses a;
                if (!r.address(style, std::nullopt, a)) {
                    if (!r.failed()) r.error(fmt::format("expected an address in network {} '{}'", def.is_object ? "object" : "object-group", def.name));
                    continue;
                }
                def.addresses.add(a);
                r.expect_end();
                break;
            }
            case ObjectKind::port: {
                if (lead == "port-object") r.next();
                Service s;
                unsigned proto = def.protocol == "udp" ? 17 : 6;
                IntervalSet protos = def.protocol == "tcp-udp" ? IntervalSet::single(6).unite(IntervalSet::single(17))
                                                                : IntervalSet::single(proto);
                if (def.protocol.empty()) protos = IntervalSet::range(0, 255);
                auto ports = r.port_match(protos);
                if (!ports) {
                    if (!r.failed()) r.error("expected eq, neq, lt, gt or range in a port group");
                    continue;
                }
                s.dports = *ports;
                def.services.push_back(s);
                r.expect_end();
                break;
            }
            case ObjectKind::service: {
                if (lead == "service-object" || lead == "service") r.next();
                if (r.is(TermKind::object)) {
                    const Term& name = r.next();
                    if (const ObjectDef* o = object(name.text, e.line, name.column))
                        def.services.insert(def.services.end(), o->services.begin(), o->services.end());
                    continue;
                }
                auto s = r.service_entry();
                if (!s) continue;
                def.services.push_back(*s);
                break;
            }
            case ObjectKind::protocol: {
                if (lead == "protocol-object") r.next();
                if (r.at_end()) continue;
                const Term& t = r.next();
                auto n = protocol_number(dialect, t.text);
                if (!n) {
                    r.error_at(t, fmt::format("unknown protocol '{}'", t.text));
                    continue;
                }
                Service s;
                if (*n != any_protocol) s.protocols = IntervalSet::single(*n);
                def.services.push_back(s);
                break;
            }
            case ObjectKind::icmp: {
                if (lead == "icmp-object") r.next();
                auto v = r.icmp_match(false);
                if (!v) {
                    if (!r.failed()) r.error("expected an ICMP type in an icmp-type group");
                    continue;
                }
                Service s;
                s.protocols = IntervalSet::single(1);
                s.dports = *v;
                def.services.push_back(s);
                break;
            }
            case ObjectKind::other: break;
        }
    }
    def.state = ObjectDef::State::resolved;
}

}  // namespace fwlint::cisco
