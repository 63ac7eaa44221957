// What one access-control entry means: its terms, in order, are
//   permit|deny  protocol  source [source-port]  destination [destination-port]  options
// (standard lists: permit|deny source [log]). The grammar has only checked
// each unit's shape; which unit is which is decided here, with the
// object-groups at hand: on the ASA `object-group X` after the source is the
// destination when X is a network group and a source-port match when it is a
// port group. The result is one packet set, one box per service and family.
#include <fmt/format.h>

#include "parse/cisco_internal.hpp"
#include "parse/cisco_terms.hpp"

namespace fwlint::cisco {

namespace {

bool is_port_group(ObjectStore& store, std::string_view name) {
    const ObjectDef* def = store.find_group(name);
    return def && (def->kind == ObjectKind::port || def->kind == ObjectKind::service);
}

bool is_icmp_group(ObjectStore& store, std::string_view name) {
    const ObjectDef* def = store.find_group(name);
    return def && def->kind == ObjectKind::icmp;
}

// The protocol field: a name or number, a service or protocol group, an ASA
// service object.
std::optional<std::vector<Service>> protocol_services(TermReader& r, const AceContext& c) {
    const Term& t = r.next();
    if (t.kind == TermKind::protocol) {
        std::string name = lower(t.text);
        Service s;
        if (c.family == Family::v6 && (name == "ipv6")) return std::vector<Service>{s};
        if (c.family == Family::v6 && (name == "icmp" || name == "icmpv6")) {
            s.protocols = IntervalSet::single(58);
            return std::vector<Service>{s};
        }
        if (c.dialect == Dialect::asa && name == "icmp6") {
            s.protocols = IntervalSet::single(58);
            return std::vector<Service>{s};
        }
        auto n = protocol_number(c.dialect, t.text);
        if (!n) {
            r.error_at(t, fmt::format("unknown protocol '{}' (expected ip, tcp, udp, icmp, a name of FORMATS.md 7.5 "
                                      "or a number 0-255)",
                                      shown(t.text)));
            return std::nullopt;
        }
        if (*n != any_protocol) s.protocols = IntervalSet::single(*n);
        return std::vector<Service>{s};
    }
    const ObjectDef* def = t.kind == TermKind::protocol_group ? r.store().group(t.text, r.line(), t.column)
                                                              : r.store().object(t.text, r.line(), t.column);
    if (!def) return std::nullopt;
    if (def->kind != ObjectKind::service && def->kind != ObjectKind::protocol && def->kind != ObjectKind::icmp) {
        r.error_at(t, fmt::format("'{}' is a {} {} where a service or protocol is expected", t.text, def->kind_text,
                                  def->is_object ? "object" : "object-group"));
        return std::nullopt;
    }
    return def->services;
}

IntervalSet protocols_of(const std::vector<Service>& services) {
    IntervalSet p;
    for (const auto& s : services) p = p.unite(s.protocols);
    return p;
}

// Source or destination port: eq/neq/lt/gt/range, NX-OS portgroup, ASA
// object-group of ports. nullopt: none here.
std::optional<IntervalSet> port_part(TermReader& r, const IntervalSet& protocols, bool& failed) {
    if (r.is(TermKind::group) && is_port_group(r.store(), r.peek().text)) {
        const Term& t = r.next();
        const ObjectDef* def = r.store().group(t.text, r.line(), t.column);
        IntervalSet ports;
        if (def)
            for (const auto& s : def->services) ports = ports.unite(s.dports);
        return ports;
    }
    if (!r.is(TermKind::port_op) && !r.is(TermKind::portgroup)) return std::nullopt;
    if (!protocols.is_subset_of(tcp_udp().unite(IntervalSet::single(132)))) {
        r.error("port matches apply only to tcp, udp and sctp");
        failed = true;
        return std::nullopt;
    }
    auto m = r.port_match(protocols);
    if (!m) failed = true;
    return m;
}

}  // namespace

AceMeaning interpret_ace(const std::vector<Term>& terms, std::size_t first, const AceContext& c, int line,
                         ObjectStore& store) {
    AceMeaning m;
    TermReader r(terms, line, store, first);
    const Term& verb = r.next();
    m.action = lower(verb.text) == "permit" ? Action::accept : Action::drop;
    auto fail = [&m] {
        m.ok = false;
        return m;
    };

    std::vector<Service> services{Service{}};
    if (!c.standard) {
        auto s = protocol_services(r, c);
        if (!s) return fail();
        services = std::move(*s);
    }
    IntervalSet protocols = protocols_of(services);
    MaskStyle style = c.dialect == Dialect::asa ? MaskStyle::netmask : MaskStyle::wildcard;

    Addresses src, dst;
    if (!r.address(style, c.family, src)) {
        if (!r.failed()) r.error("expected a source address (any, host A, an address and mask, object-group NAME)");
        return fail();
    }
    bool failed = false;
    std::optional<IntervalSet> sports, dports, icmp;
    if (!c.standard) {
        sports = port_part(r, protocols, failed);
        if (failed) return fail();
        if (!r.address(style, c.family, dst)) {
            if (!r.failed())
                r.error("expected a destination address (any, host A, an address and mask, object-group NAME)");
            return fail();
        }
        dports = port_part(r, protocols, failed);
        if (failed) return fail();
    } else {
        dst.v4 = IntervalSet::range(0, address_max(Family::v4));
        dst.v6 = IntervalSet::range(0, address_max(Family::v6));
    }

    // Options. ICMP types come first, right after the destination.
    bool is_icmp = !protocols.empty() && (protocols == IntervalSet::single(1) || protocols == IntervalSet::single(58));
    if (is_icmp && !dports) {
        if (r.is(TermKind::group) && is_icmp_group(store, r.peek().text)) {
            const Term& t = r.next();
            if (const ObjectDef* def = store.group(t.text, r.line(), t.column)) {
                IntervalSet v;
                for (const auto& s : def->services) v = v.unite(s.dports);
                icmp = v;
            }
        } else {
            icmp = r.icmp_match(protocols.contains(58));
        }
    }
    std::vector<Condition> conditions = src.conditions;
    conditions.insert(conditions.end(), dst.conditions.begin(), dst.conditions.end());
    while (!r.at_end()) {
        const Term& t = r.next();
        switch (t.kind) {
            case TermKind::log: break;  // logging changes no verdict
            case TermKind::established:
                // TCP with ACK or RST: the replies of connections opened the
                // other way, never a new flow.
                m.new_flows = false;
                break;
            case TermKind::inactive: m.enabled = false; break;
            case TermKind::sequence_option: m.sequence = std::atoi(std::string(t.text).c_str()); break;
            case TermKind::condition:
                conditions.push_back(Condition{std::string(t.text), std::string(t.text)});
                break;
            default:
                conditions.push_back(Condition{fmt::format("unknown keyword '{}'", shown(t.text)), std::string(t.text)});
                store.diagnose(r.where(t), Severity::warning,
                               fmt::format("unknown keyword '{}' in an access-list entry: kept as an unmodelled "
                                           "condition",
                                           shown(t.text)));
        }
    }

    for (const Service& s : services) {
        Box base;
        base.dims[proto_dim] = s.protocols.intersect(protocols.empty() ? s.protocols : protocols);
        base.dims[sport_dim] = sports ? s.sports.intersect(*sports) : s.sports;
        base.dims[dport_dim] = dports ? s.dports.intersect(*dports) : s.dports;
        if (icmp) base.dims[dport_dim] = base.dims[dport_dim].intersect(*icmp);
        for (Family f : {Family::v4, Family::v6}) {
            if (c.family && *c.family != f) continue;
            const IntervalSet& a = f == Family::v4 ? src.v4 : src.v6;
            const IntervalSet& b = f == Family::v4 ? dst.v4 : dst.v6;
            if (a.empty() || b.empty()) continue;
            Box box = base;
            box.dims[src_dim] = a;
            box.dims[dst_dim] = b;
            if (box.empty()) continue;
            if (m.match.empty())
                m.match = PacketSet::of(f, std::move(box));  // the usual case: one service, one family
            else
                m.match = m.match.unite(PacketSet::of(f, std::move(box)));
        }
    }
    m.conditions = std::move(conditions);
    return m;
}

}  // namespace fwlint::cisco
