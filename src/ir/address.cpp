#include "ir/address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace fwlint {

std::optional<u128> parse_ipv4(std::string_view text) {
    // An embedded NUL would end the C string early and hide trailing garbage.
    if (text.size() > 15 || text.find('\0') != std::string_view::npos) return std::nullopt;
    char buf[16];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    in_addr a{};
    if (inet_pton(AF_INET, buf, &a) != 1) return std::nullopt;
    return u128{ntohl(a.s_addr)};
}

std::optional<u128> parse_ipv6(std::string_view text) {
    // An embedded NUL would end the C string early and hide trailing garbage.
    if (text.size() > 45 || text.find('\0') != std::string_view::npos) return std::nullopt;
    char buf[46];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    in6_addr a{};
    if (inet_pton(AF_INET6, buf, &a) != 1) return std::nullopt;
    u128 v = 0;
    for (unsigned char byte : a.s6_addr) v = (v << 8) | byte;
    return v;
}

namespace {

struct Point {
    Family family;
    u128 value;
};

std::optional<Point> parse_point(std::string_view text) {
    if (text.find(':') != std::string_view::npos) {
        if (auto v = parse_ipv6(text)) return Point{Family::v6, *v};
        return std::nullopt;
    }
    if (auto v = parse_ipv4(text)) return Point{Family::v4, *v};
    return std::nullopt;
}

unsigned bits(Family f) { return f == Family::v4 ? 32 : 128; }

u128 prefix_mask(unsigned len, Family f) {
    unsigned width = bits(f);
    if (len == 0) return 0;
    u128 all = address_max(f);
    return (all << (width - len)) & all;
}

// Split a non-contiguous mask into exact intervals: each "don't care" bit
// below the lowest fixed bit forms one contiguous block; the bits above it
// multiply the number of blocks.
void add_wildcard(IntervalSet& out, u128 base, u128 wildcard, Family f) {
    unsigned width = bits(f);
    unsigned low = 0;  // trailing don't-care bits form one block
    while (low < width && ((wildcard >> low) & 1)) ++low;
    std::vector<unsigned> free_bits;
    for (unsigned b = low; b < width; ++b)
        if ((wildcard >> b) & 1) free_bits.push_back(b);
    // Guard against pathological masks; 2^16 blocks is plenty for real configs.
    if (free_bits.size() > 16) free_bits.resize(16);
    u128 block = low == 128 ? ~u128{0} : ((u128{1} << low) - 1);
    u128 fixed = base & ~wildcard & address_max(f);
    for (u128 combo = 0; combo < (u128{1} << free_bits.size()); ++combo) {
        u128 v = fixed;
        for (std::size_t i = 0; i < free_bits.size(); ++i)
            if ((combo >> i) & 1) v |= u128{1} << free_bits[i];
        u128 lo = v & ~block;
        out.add(lo, lo | block);
    }
}

}  // namespace

IntervalSet wildcard_set(u128 base, u128 wildcard, Family f) {
    IntervalSet out;
    add_wildcard(out, base, wildcard & address_max(f), f);
    return out;
}

std::optional<AddressSet> parse_address(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (auto dash = text.find('-'); dash != std::string_view::npos) {
        auto a = parse_point(text.substr(0, dash));
        auto b = parse_point(text.substr(dash + 1));
        if (!a || !b || a->family != b->family || a->value > b->value) return std::nullopt;
        return AddressSet{a->family, IntervalSet::range(a->value, b->value)};
    }
    auto slash = text.find('/');
    auto p = parse_point(text.substr(0, slash));
    if (!p) return std::nullopt;
    if (slash == std::string_view::npos) return AddressSet{p->family, IntervalSet::single(p->value)};
    auto rest = text.substr(slash + 1);
    unsigned len = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), len);
    if (ec == std::errc{} && end == rest.data() + rest.size()) {
        if (len > bits(p->family)) return std::nullopt;
        u128 mask = prefix_mask(len, p->family);
        u128 lo = p->value & mask;
        return AddressSet{p->family, IntervalSet::range(lo, lo | (~mask & address_max(p->family)))};
    }
    auto mask = parse_point(rest);
    if (!mask || mask->family != p->family) return std::nullopt;
    return AddressSet{p->family, wildcard_set(p->value, ~mask->value, p->family)};
}

std::string format_address(u128 value, Family f) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (f == Family::v4) {
        in_addr a{};
        a.s_addr = htonl(static_cast<uint32_t>(value));
        inet_ntop(AF_INET, &a, buf, sizeof buf);
    } else {
        in6_addr a{};
        for (int i = 15; i >= 0; --i) {
            a.s6_addr[i] = static_cast<unsigned char>(value & 0xff);
            value >>= 8;
        }
        inet_ntop(AF_INET6, &a, buf, sizeof buf);
    }
    return buf;
}

namespace {

// Largest aligned prefix block starting at lo that stays within hi.
unsigned block_bits(u128 lo, u128 hi, unsigned width) {
    unsigned n = 0;
    while (n + 1 < width) {
        u128 size = u128{1} << (n + 1);
        if ((lo & (size - 1)) != 0) break;
        if (lo + (size - 1) > hi || lo + (size - 1) < lo) break;
        ++n;
    }
    return n;
}

}  // namespace

std::string format_address_set(const IntervalSet& set, Family f) {
    if (set.empty()) return "nothing";
    if (set.is_all(address_max(f))) return "any";
    std::string out;
    unsigned width = bits(f);
    for (const auto& iv : set.intervals()) {
        if (!out.empty()) out += ", ";
        if (iv.lo == iv.hi) {
            out += format_address(iv.lo, f);
            continue;
        }
        unsigned n = block_bits(iv.lo, iv.hi, width);
        if (iv.lo + ((u128{1} << n) - 1) == iv.hi) {
            out += format_address(iv.lo, f) + "/" + std::to_string(width - n);
        } else {
            out += format_address(iv.lo, f) + "-" + format_address(iv.hi, f);
        }
    }
    return out;
}

}  // namespace fwlint
