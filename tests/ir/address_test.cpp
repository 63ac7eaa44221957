// Address parsing, wildcard masks and address-set rendering.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "ir/address.hpp"

using fwlint::AddressSet;
using fwlint::Family;
using fwlint::Interval;
using fwlint::IntervalSet;
using fwlint::u128;
using fwlint::format_address;
using fwlint::format_address_set;
using fwlint::parse_address;
using fwlint::parse_ipv4;
using fwlint::parse_ipv6;
using fwlint::wildcard_set;

namespace {

constexpr u128 top = ~u128{0};

u128 v4(unsigned a, unsigned b, unsigned c, unsigned d) { return u128{(a << 24) | (b << 16) | (c << 8) | d}; }

u128 v6(std::string_view text) {
    auto v = parse_ipv6(text);
    REQUIRE(v);
    return *v;
}

AddressSet must_parse(std::string_view text) {
    auto a = parse_address(text);
    INFO("parsing " << std::string(text));
    REQUIRE(a);
    return *a;
}

std::vector<Interval> ivs(std::initializer_list<Interval> l) { return l; }

}  // namespace

TEST_CASE("parse_ipv4 and parse_ipv6 single addresses", "[address]") {
    CHECK(parse_ipv4("0.0.0.0") == u128{0});
    CHECK(parse_ipv4("255.255.255.255") == u128{0xffffffffu});
    CHECK(parse_ipv4("10.1.2.3") == v4(10, 1, 2, 3));
    CHECK_FALSE(parse_ipv4("300.1.1.1"));
    CHECK_FALSE(parse_ipv4("1.2.3"));
    CHECK_FALSE(parse_ipv4("1.2.3.4.5"));
    CHECK_FALSE(parse_ipv4(""));
    CHECK_FALSE(parse_ipv4("255.255.255.255255"));
    CHECK(parse_ipv6("::") == u128{0});
    CHECK(parse_ipv6("::1") == u128{1});
    CHECK(parse_ipv6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == top);
    CHECK(parse_ipv6("2001:db8::1") == ((u128{0x20010db8} << 96) | 1));
    CHECK(parse_ipv6("::ffff:10.0.0.1") == ((u128{0xffff} << 32) | v4(10, 0, 0, 1)));
    CHECK_FALSE(parse_ipv6("2001:db8:::1"));
    CHECK_FALSE(parse_ipv6("1::2::3"));
    CHECK_FALSE(parse_ipv6("10.0.0.1"));
}

TEST_CASE("parse_address: IPv4 points, prefixes and ranges", "[address]") {
    auto a = must_parse("10.0.0.1");
    CHECK(a.family == Family::v4);
    CHECK(a.values == IntervalSet::single(v4(10, 0, 0, 1)));

    a = must_parse("10.0.0.0/8");
    CHECK(a.family == Family::v4);
    CHECK(a.values == IntervalSet::range(v4(10, 0, 0, 0), v4(10, 255, 255, 255)));

    // Host bits in a prefix are ignored.
    CHECK(must_parse("10.0.0.9/29").values == IntervalSet::range(v4(10, 0, 0, 8), v4(10, 0, 0, 15)));
    CHECK(must_parse("10.0.0.9/32").values == IntervalSet::single(v4(10, 0, 0, 9)));
    CHECK(must_parse("1.2.3.4/0").values == IntervalSet::range(0, 0xffffffffu));
    CHECK(must_parse("0.0.0.0/0").values == IntervalSet::range(0, 0xffffffffu));
    CHECK(must_parse("128.0.0.0/1").values == IntervalSet::range(v4(128, 0, 0, 0), 0xffffffffu));

    a = must_parse("10.0.0.1-10.0.0.5");
    CHECK(a.family == Family::v4);
    CHECK(a.values == IntervalSet::range(v4(10, 0, 0, 1), v4(10, 0, 0, 5)));
    CHECK(must_parse("10.0.0.1-10.0.0.1").values == IntervalSet::single(v4(10, 0, 0, 1)));
    CHECK(must_parse("0.0.0.0-255.255.255.255").values == IntervalSet::range(0, 0xffffffffu));
}

TEST_CASE("parse_address: dotted masks, contiguous and not", "[address]") {
    CHECK(must_parse("10.0.0.0/255.0.0.0").values == must_parse("10.0.0.0/8").values);
    CHECK(must_parse("192.168.1.77/255.255.255.192").values == must_parse("192.168.1.64/26").values);
    CHECK(must_parse("10.1.2.3/255.255.255.255").values == IntervalSet::single(v4(10, 1, 2, 3)));
    CHECK(must_parse("10.1.2.3/0.0.0.0").values == IntervalSet::range(0, 0xffffffffu));

    // 10.x.0.y for every x and y: 256 blocks of 256 addresses.
    auto a = must_parse("10.0.0.0/255.0.255.0");
    CHECK(a.family == Family::v4);
    CHECK(a.values.intervals().size() == 256);
    CHECK(a.values.size() == 256 * 256);
    for (u128 member : {v4(10, 0, 0, 0), v4(10, 0, 0, 255), v4(10, 5, 0, 7), v4(10, 255, 0, 255), v4(10, 128, 0, 1)})
        CHECK(a.values.contains(member));
    for (u128 outsider : {v4(10, 0, 1, 0), v4(10, 5, 3, 7), v4(11, 0, 0, 0), v4(9, 255, 0, 255), v4(10, 255, 255, 255),
                          v4(10, 0, 128, 0)})
        CHECK_FALSE(a.values.contains(outsider));

    // Brute force over a mask with scattered free bits in the low 12 bits.
    auto b = must_parse("10.0.5.0/255.255.250.170");  // free bits: 1,3,4,6,8,10
    const u128 base = v4(10, 0, 5, 0);
    const u128 free = 0xffffffffu & ~v4(255, 255, 250, 170);
    u128 count = 0;
    for (u128 x = base & ~u128{0xfff}; x <= (base | 0xfff); ++x) {
        bool in = (x & ~free) == (base & ~free);
        count += in;
        CHECK(b.values.contains(x) == in);
    }
    CHECK(b.values.size() == count);
    CHECK(count == 64);

    // IPv6 with an IPv6 mask.
    auto c = must_parse("2001:db8::/ffff:ffff::");
    CHECK(c.family == Family::v6);
    CHECK(c.values == must_parse("2001:db8::/32").values);
}

TEST_CASE("wildcard_set (Cisco base + wildcard)", "[address]") {
    CHECK(wildcard_set(v4(10, 0, 0, 0), v4(0, 0, 0, 255), Family::v4) ==
          IntervalSet::range(v4(10, 0, 0, 0), v4(10, 0, 0, 255)));
    CHECK(wildcard_set(v4(10, 0, 0, 7), 0, Family::v4) == IntervalSet::single(v4(10, 0, 0, 7)));
    CHECK(wildcard_set(0, 0xffffffffu, Family::v4) == IntervalSet::range(0, 0xffffffffu));
    CHECK(wildcard_set(0, top, Family::v6) == IntervalSet::range(0, top));
    // Bits above 32 in an IPv4 wildcard are ignored.
    CHECK(wildcard_set(v4(10, 0, 0, 0), top, Family::v4) == IntervalSet::range(0, 0xffffffffu));
    // Even addresses of 10.0.0.0/29: free bits 1 and 2.
    CHECK(wildcard_set(v4(10, 0, 0, 0), 6, Family::v4).intervals() ==
          ivs({{v4(10, 0, 0, 0), v4(10, 0, 0, 0)},
               {v4(10, 0, 0, 2), v4(10, 0, 0, 2)},
               {v4(10, 0, 0, 4), v4(10, 0, 0, 4)},
               {v4(10, 0, 0, 6), v4(10, 0, 0, 6)}}));
    // Cisco "0.0.255.0": 10.0.x.5 for every x.
    auto s = wildcard_set(v4(10, 0, 0, 5), v4(0, 0, 255, 0), Family::v4);
    CHECK(s.size() == 256);
    CHECK(s.contains(v4(10, 0, 77, 5)));
    CHECK_FALSE(s.contains(v4(10, 0, 77, 6)));

    // Randomized against brute force on the low 10 bits.
    std::mt19937_64 rng(7);
    for (int c = 0; c < 300; ++c) {
        u128 base = v4(192, 168, 0, 0) | (rng() & 0x3ff);
        u128 wild = rng() & 0x3ff;
        auto w = wildcard_set(base, wild, Family::v4);
        u128 n = 0;
        for (u128 x = v4(192, 168, 0, 0); x <= v4(192, 168, 3, 255); ++x) {
            bool in = (x & ~wild) == (base & ~wild);
            n += in;
            REQUIRE(w.contains(x) == in);
        }
        REQUIRE(w.size() == n);
    }
}

TEST_CASE("parse_address: IPv6", "[address]") {
    auto a = must_parse("2001:db8::/32");
    CHECK(a.family == Family::v6);
    u128 lo = u128{0x20010db8} << 96;
    CHECK(a.values == IntervalSet::range(lo, lo | ((u128{1} << 96) - 1)));

    a = must_parse("::1");
    CHECK(a.family == Family::v6);
    CHECK(a.values == IntervalSet::single(1));
    CHECK(must_parse("::").values == IntervalSet::single(0));
    CHECK(must_parse("2001:db8::5/128").values == IntervalSet::single(v6("2001:db8::5")));
    CHECK(must_parse("::/0").values == IntervalSet::range(0, top));
    CHECK(must_parse("2001:db8::/0").values == IntervalSet::range(0, top));
    CHECK(must_parse("::/0").family == Family::v6);
    CHECK(must_parse("8000::/1").values == IntervalSet::range(u128{1} << 127, top));
    CHECK(must_parse("2001:db8::1-2001:db8::ff").values ==
          IntervalSet::range(v6("2001:db8::1"), v6("2001:db8::ff")));
    CHECK(must_parse("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").values == IntervalSet::range(0, top));
}

TEST_CASE("parse_address rejects malformed input", "[address]") {
    for (std::string_view bad : {
             "",
             "300.1.1.1",
             "10.0.0.0/33",
             "10.0.0.0/",
             "10.0.0.0/-1",
             "10.0.0.0/+8",
             "10.0.0.0/ 8",
             "10.0.0.0/8/8",
             "10.0.0.0/4294967304",
             "10.0.0.0/255.0.0",
             "10.0.0.0/ffff::",  // IPv6 mask on an IPv4 address
             "2001:db8::/129",
             "2001:db8::/255.255.0.0",
             "2001:db8::/",
             "10.0.0.1-2001:db8::1",  // mixed families
             "2001:db8::1-10.0.0.1",
             "10.0.0.5-10.0.0.1",  // reversed
             "2001:db8::9-2001:db8::1",
             "10.0.0.1-",
             "-10.0.0.1",
             "-",
             "10.0.0.1-10.0.0.2-10.0.0.3",
             "10.0.0.0/8-10.1.0.0",
             "garbage",
             "any",
             "10.0.0.1 ",
             " 10.0.0.1",
             "10.0.0.1x",
             "1:2:3:4:5:6:7:8:9",
             "::g",
             "/8",
         }) {
        INFO("input: '" << std::string(bad) << "'");
        CHECK_FALSE(parse_address(bad));
    }
    // Very long inputs (past every fixed buffer).
    CHECK_FALSE(parse_address(std::string(10000, '1')));
    CHECK_FALSE(parse_address(std::string(10000, ':')));
    CHECK_FALSE(parse_address("10.0.0.1" + std::string(5000, '0')));
    CHECK_FALSE(parse_address("10.0.0.0/" + std::string(5000, '8')));
    CHECK_FALSE(parse_address("2001:db8::" + std::string(100, '0') + "/32"));
    CHECK_FALSE(parse_address(std::string(40, '1') + "-" + std::string(40, '2')));
    // An embedded NUL must not cut the text short.
    CHECK_FALSE(parse_address(std::string_view("10.0.0.1\0zz", 11)));
    CHECK_FALSE(parse_address(std::string_view("::1\0zz", 6)));
    CHECK_FALSE(parse_address(std::string_view("10.0.0.0/8\0", 11)));
}

TEST_CASE("format_address and format_address_set", "[address]") {
    CHECK(format_address(v4(10, 0, 0, 1), Family::v4) == "10.0.0.1");
    CHECK(format_address(0, Family::v4) == "0.0.0.0");
    CHECK(format_address(0xffffffffu, Family::v4) == "255.255.255.255");
    CHECK(format_address(v6("2001:db8::1"), Family::v6) == "2001:db8::1");
    CHECK(format_address(0, Family::v6) == "::");
    CHECK(format_address(top, Family::v6) == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    auto fmt4 = [](std::string_view text) { return format_address_set(must_parse(text).values, Family::v4); };
    auto fmt6 = [](std::string_view text) { return format_address_set(must_parse(text).values, Family::v6); };

    CHECK(format_address_set(IntervalSet{}, Family::v4) == "nothing");
    CHECK(fmt4("0.0.0.0/0") == "any");
    CHECK(fmt6("::/0") == "any");
    CHECK(fmt4("10.0.0.1") == "10.0.0.1");
    CHECK(fmt4("10.0.0.8/29") == "10.0.0.8/29");
    CHECK(fmt4("10.0.0.0/8") == "10.0.0.0/8");
    CHECK(fmt4("0.0.0.0/1") == "0.0.0.0/1");
    CHECK(fmt4("128.0.0.0/1") == "128.0.0.0/1");
    CHECK(fmt4("10.0.0.0/31") == "10.0.0.0/31");
    // Not a single prefix: rendered as a range.
    CHECK(fmt4("10.0.0.1-10.0.0.6") == "10.0.0.1-10.0.0.6");
    CHECK(fmt4("10.0.0.1-10.0.0.5") == "10.0.0.1-10.0.0.5");
    CHECK(fmt4("10.0.0.0-10.0.0.8") == "10.0.0.0-10.0.0.8");
    CHECK(fmt4("10.0.0.8-10.0.0.15") == "10.0.0.8/29");
    CHECK(fmt4("0.0.0.1-255.255.255.255") == "0.0.0.1-255.255.255.255");
    CHECK(fmt6("2001:db8::/32") == "2001:db8::/32");
    CHECK(fmt6("2001:db8::5") == "2001:db8::5");
    CHECK(fmt6("8000::/1") == "8000::/1");
    CHECK(fmt6("2001:db8::1-2001:db8::6") == "2001:db8::1-2001:db8::6");
    CHECK(fmt6("::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == "::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    IntervalSet several = must_parse("10.0.0.8/29").values;
    several = several.unite(must_parse("10.0.1.1-10.0.1.3").values).unite(must_parse("192.168.0.1").values);
    CHECK(format_address_set(several, Family::v4) == "10.0.0.8/29, 10.0.1.1-10.0.1.3, 192.168.0.1");

    // Round trip: every rendered piece parses back to the same interval.
    std::mt19937_64 rng(99);
    for (int c = 0; c < 500; ++c) {
        u128 lo = rng() & 0xffffffffu, hi = rng() & 0xffffffffu;
        if (c % 3 == 0) hi = lo | ((u128{1} << (rng() % 33)) - 1);  // often a prefix block
        if (lo > hi) std::swap(lo, hi);
        std::string text = format_address_set(IntervalSet::range(lo, hi), Family::v4);
        INFO(text);
        if (text == "any") {
            CHECK((lo == 0 && hi == 0xffffffffu));
            continue;
        }
        auto back = parse_address(text);
        REQUIRE(back);
        CHECK(back->values == IntervalSet::range(lo, hi));
    }
}
