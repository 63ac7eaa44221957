// Static routes: the values of a route line read by grammars/cisco_route.hpp.
#include <bit>

#include <fmt/format.h>

#include "parse/cisco_internal.hpp"

namespace fwlint::cisco {

namespace {

const Term* term_of(const std::vector<Term>& terms, TermKind k) {
    for (const auto& t : terms)
        if (t.kind == k) return &t;
    return nullptr;
}

// The prefix length of a contiguous block (one interval, a power of two in
// size, aligned); nullopt for anything else (a non-contiguous mask).
std::optional<unsigned> prefix_length(const AddressSet& a) {
    const unsigned bits = a.family == Family::v4 ? 32 : 128;
    if (a.values.intervals().size() != 1) return std::nullopt;
    u128 lo = a.values.min(), hi = a.values.max();
    u128 span = hi - lo;  // size - 1: all ones below the prefix
    if ((span & (span + 1)) != 0 || (lo & span) != 0) return std::nullopt;
    unsigned host_bits = 0;
    while (host_bits < bits && ((span >> host_bits) & 1)) ++host_bits;
    return bits - host_bits;
}

}  // namespace

std::optional<StaticRoute> route_from_terms(const std::vector<Term>& terms, const SourceLocation& loc,
                                            std::string& error) {
    error.clear();
    if (term_of(terms, TermKind::route_setting) || term_of(terms, TermKind::route_vrf)) return std::nullopt;
    std::optional<AddressSet> net;
    const Term* where = term_of(terms, TermKind::route_prefix);
    if (where) {
        net = parse_address(where->text);
        if (!net) error = fmt::format("'{}' is not a network prefix", shown(where->text));
    } else if ((where = term_of(terms, TermKind::route_network))) {
        net = address_with_mask(where->text, term_of(terms, TermKind::route_mask)->text, false, error);
    }
    if (!net) {
        if (error.empty()) error = "expected a network";
        return std::nullopt;
    }
    auto length = prefix_length(*net);
    if (!length) {
        error = fmt::format("'{}' is not a network and a contiguous mask", shown(where->text));
        return std::nullopt;
    }
    StaticRoute r;
    r.family = net->family;
    r.network = net->values.min();
    r.prefix_length = *length;
    r.loc = loc;
    if (const Term* i = term_of(terms, TermKind::route_interface)) r.interface = std::string(i->text);
    if (const Term* g = term_of(terms, TermKind::route_gateway)) {
        auto gw = parse_address(g->text);
        if (!gw || gw->family != r.family || gw->values.size() != 1) {
            error = fmt::format("'{}' is not a gateway address of the route's family", shown(g->text));
            return std::nullopt;
        }
        r.gateway = gw->values.min();
    }
    return r;
}

}  // namespace fwlint::cisco
