#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "ir/interval_set.hpp"

namespace fwlint {

// A role bound to addresses on the command line: --role clients=10.20.0.0/16,2001:db8::/48
struct RoleBinding {
    std::string name;
    IntervalSet v4;
    IntervalSet v6;
    std::string text;  // the addresses as the user wrote them
};

// Parses NAME=ADDR[,ADDR...]; each ADDR an IPv4/IPv6 address, prefix or a-b range.
// On failure returns nullopt and sets `error` to a sentence naming the bad part.
std::optional<RoleBinding> parse_role_binding(std::string_view text, std::string& error);

}  // namespace fwlint
