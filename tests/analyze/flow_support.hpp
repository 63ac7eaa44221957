#pragma once
// Shared by the analysis and reader tests: flows to ask about (a protocol,
// addresses and a destination port range, as packet sets), single packets,
// and configurations read through parse_input with their diagnostics checked.
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "ir/address.hpp"
#include "ir/packet_set.hpp"
#include "parse/input.hpp"

namespace fwlint_test {

// `proto` from `src` to `dst` (address text; nullptr: any) on destination
// ports lo-hi, in one family.
inline fwlint::PacketSet flow(unsigned proto, const char* src, const char* dst, fwlint::u128 lo, fwlint::u128 hi,
                              fwlint::Family family = fwlint::Family::v4) {
    using namespace fwlint;
    Box b = Box::all(family);
    b.dims[proto_dim] = IntervalSet::single(proto);
    if (src) b.dims[src_dim] = parse_address(src)->values;
    if (dst) b.dims[dst_dim] = parse_address(dst)->values;
    b.dims[dport_dim] = IntervalSet::range(lo, hi);
    return PacketSet::of(family, b);
}

inline fwlint::PacketSet tcp(const char* src, const char* dst, fwlint::u128 lo, fwlint::u128 hi) {
    return flow(fwlint::proto_tcp, src, dst, lo, hi);
}

// One packet: a box of single values.
inline fwlint::PacketSet packet(fwlint::Family f, unsigned proto, std::string_view src, std::string_view dst,
                                unsigned sport, unsigned dport) {
    using namespace fwlint;
    Box b = Box::all(f);
    b.dims[proto_dim] = IntervalSet::single(proto);
    b.dims[src_dim] = parse_address(src)->values;
    b.dims[dst_dim] = parse_address(dst)->values;
    b.dims[sport_dim] = IntervalSet::single(sport);
    b.dims[dport_dim] = IntervalSet::single(dport);
    return PacketSet::of(f, b);
}

// The input `text` read as `format`; every diagnostic it gives is at most `worst`.
inline fwlint::ParsedInput read_input(const std::string& text, const std::string& format, const std::string& file,
                                      fwlint::Severity worst) {
    auto in = fwlint::parse_input(text, format, file);
    REQUIRE(in);
    for (const auto& d : in->diagnostics) {
        INFO(file << ":" << d.loc.line << ": " << d.message);
        CHECK(d.severity <= worst);
    }
    return std::move(*in);
}

}  // namespace fwlint_test
