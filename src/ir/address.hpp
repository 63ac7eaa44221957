#pragma once
// IPv4 and IPv6 addresses as points of one interval dimension per family.
// The two families are never mixed: every parsed address says which it is.
#include <optional>
#include <string>
#include <string_view>

#include "ir/interval_set.hpp"

namespace fwlint {

enum class Family { v4, v6 };

inline u128 address_max(Family f) { return f == Family::v4 ? u128{0xffffffffu} : ~u128{0}; }
inline const char* family_name(Family f) { return f == Family::v4 ? "IPv4" : "IPv6"; }

struct AddressSet {
    Family family = Family::v4;
    IntervalSet values;
};

std::optional<u128> parse_ipv4(std::string_view text);
std::optional<u128> parse_ipv6(std::string_view text);

// One address in any of the spellings configs use: "10.0.0.1", "10.0.0.0/8",
// "10.0.0.0/255.0.0.0" (non-contiguous dotted masks are exact sets),
// "10.0.0.1-10.0.0.9", "2001:db8::/32". Returns nullopt when malformed.
std::optional<AddressSet> parse_address(std::string_view text);

// Address from an Cisco-style base and wildcard (bits set = don't care).
IntervalSet wildcard_set(u128 base, u128 wildcard, Family f);

std::string format_address(u128 value, Family f);
// "any", "10.0.0.8/29", "10.0.0.1-10.0.0.5", joined with ", ".
std::string format_address_set(const IntervalSet& set, Family f);

}  // namespace fwlint
