#pragma once
// Helpers shared by the requirement-set parser and resolver.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/requirement.hpp"

namespace fwlint::requirements_detail {

inline constexpr unsigned kMaxPort = 65535;
inline constexpr unsigned kMaxProtocol = 255;
inline constexpr unsigned kTcp = 6;
inline constexpr unsigned kUdp = 17;

// Parses a decimal number of at most `max`; false if it is larger (or absurdly long).
bool parse_bounded(std::string_view digits, unsigned max, unsigned& out);
std::string protocol_name(unsigned p);
std::string join(const std::vector<std::string>& v, const char* sep);
std::string services_text(const ServiceSpec& s);
std::string ports_text(const IntervalSet& ports);
bool is_boolean_value(std::string_view v);
// A parameter value or --set value that is a port list ("50000", "135, 49152-65535").
std::optional<IntervalSet> parse_port_value(std::string_view text);

}  // namespace fwlint::requirements_detail
