// The findings FW203-FW207 of one accepting rule (or chain policy), from
// what the walk says it accepts.
#include "analyze/exposure_chain.hpp"

namespace fwlint::exposure_detail {

void ChainExposure::check(const Group& g) {
    const Family f = policy_.family;
    // What the rule accepts in either walk (Group::strict_packets).
    const PacketSet both = g.strict_packets.empty() ? PacketSet() : g.packets.unite(g.strict_packets);
    const PacketSet& p = g.strict_packets.empty() ? g.packets : both;
    // Open to any source (and destination): by the lenient walk's verdicts
    // (with the conditions that may close it), and for a rule that an
    // earlier conditional ACCEPT hides in that walk, by the strict walk's.
    auto open = [&](bool dst_too) {
        PacketSet out = open_part(g.open_scope, dst_too);
        if (!g.strict_scope.empty()) out = out.unite(strict_open_part(g.strict_scope, dst_too));
        return out;
    };
    const IntervalSet tcp_udp = IntervalSet::single(proto_tcp).unite(IntervalSet::single(proto_udp));
    const IntervalSet all_ports = IntervalSet::range(0, max_port);

    // FW203: any source to any destination, every tcp and udp port (the
    // rule's own part of it: every source, destination and port appears).
    const bool any_source = open_evaluated_ && written_for_any(g, src_dim);
    PacketSet anywhere = any_source && written_for_any(g, dst_dim) ? open(true) : PacketSet();
    if (!anywhere.empty()) {
        IntervalSet protos = anywhere.project(f, proto_dim);
        IntervalSet ports = anywhere.intersect(proto_ports(f, tcp_udp, all_ports)).project(f, dport_dim);
        if (tcp_udp.is_subset_of(protos) && ports.is_all(max_port)) {
            Exposure e = make(g, ExposureKind::any_to_any, anywhere);
            e.all_protocols = protos.is_all(max_proto);
            e.ports = ports;
            emit(std::move(e));
            return;  // the wider findings below would only repeat it
        }
    }

    // FW204, FW205: from any source.
    PacketSet any_src = any_source ? open(false) : PacketSet();
    PacketSet risky_part;
    std::vector<const RiskyService*> risky;
    IntervalSet risky_ports;
    for (unsigned proto : {proto_tcp, proto_udp}) {
        PacketSet part = any_src.intersect(proto_all(f, proto));
        if (part.empty()) continue;
        IntervalSet ports = part.project(f, dport_dim);
        if (ports.size() > max_open_ports_) {
            Exposure e = make(g, ExposureKind::wide_ports, part);
            e.proto = proto;
            e.ports = ports;
            emit(std::move(e));
        }
        for (const auto& s : risky_services()) {
            if (s.proto != proto) continue;
            IntervalSet hit = ports.intersect(IntervalSet::range(s.lo, s.hi));
            if (hit.empty()) continue;
            risky.push_back(&s);
            risky_part = risky_part.unite(part.intersect(proto_ports(f, IntervalSet::single(proto), hit)));
        }
    }
    if (!risky.empty()) {
        Exposure e = make(g, ExposureKind::risky_service, risky_part);
        e.services = std::move(risky);
        e.ports = risky_part.project(f, dport_dim);
        emit(std::move(e));
    }

    // FW206, FW207 are about the ports a rule names: the chain policy,
    // and a rule that names no tcp/udp ports, have nothing to narrow.
    if (!g.rule) return;

    // FW206: an RPC range much wider than 49152-65535, from any source or not.
    if (rpc_evaluated_) {
        PacketSet tcp = p.intersect(proto_all(f, proto_tcp));
        IntervalSet own = g.rule->match.intersect(proto_all(f, proto_tcp)).project(f, dport_dim);
        IntervalSet ports = tcp.project(f, dport_dim);
        // The rule's range that runs on into 49152-65535 (135 beside
        // 1024-65535 is the endpoint mapper, not part of the range).
        IntervalSet range;
        for (const auto& iv : own.intervals())
            if (iv.lo < rpc_dynamic_lo && iv.hi == max_port) range = IntervalSet::range(iv.lo, iv.hi);
        IntervalSet excess = ports.intersect(range).intersect(IntervalSet::range(0, rpc_dynamic_lo - 1));
        if (!tcp.empty() && !range.empty() && !own.is_all(max_port) &&
            IntervalSet::range(rpc_dynamic_lo, max_port).is_subset_of(ports) &&
            excess.size() > rpc_excess_threshold) {
            Exposure e = make(g, ExposureKind::rpc_range, tcp.intersect(proto_ports(f, IntervalSet::single(proto_tcp), range)));
            e.proto = proto_tcp;
            e.ports = range;
            e.excess = excess;
            emit(std::move(e));
        }
    }

    // FW207: port 440 accepted where the rule names it as a port of its
    // own (or a range end), not inside a wider range.
    if (kerberos_evaluated_) {
        IntervalSet protos;
        for (unsigned proto : {proto_tcp, proto_udp}) {
            IntervalSet own = g.rule->match.intersect(proto_all(f, proto)).project(f, dport_dim);
            IntervalSet ports = p.intersect(proto_all(f, proto)).project(f, dport_dim);
            if (!ports.contains(mistaken_kerberos_port)) continue;
            for (const auto& iv : own.intervals())
                if (iv.lo == mistaken_kerberos_port || iv.hi == mistaken_kerberos_port) protos.add(proto, proto);
        }
        if (!protos.empty()) {
            PacketSet part = p.intersect(proto_ports(f, protos, IntervalSet::single(mistaken_kerberos_port)));
            Exposure e = make(g, ExposureKind::mistaken_port, part);
            e.proto = protos.size() == 1 ? unsigned(protos.min()) : 0;
            e.ports = IntervalSet::single(mistaken_kerberos_port);
            emit(std::move(e));
        }
    }
}

Exposure ChainExposure::make(const Group& g, ExposureKind kind, const PacketSet& packets) const {
    Exposure e;
    e.kind = kind;
    e.family = policy_.family;
    e.builtin = &builtin_;
    e.chain = g.chain;
    e.rule = g.rule;
    e.packets = packets;
    e.sources = count(packets, policy_.family, src_dim);
    e.destinations = count(packets, policy_.family, dst_dim);
    return e;
}

}  // namespace fwlint::exposure_detail
