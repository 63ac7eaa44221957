#include "parse/role_binding.hpp"

#include <fmt/format.h>

#include "ir/address.hpp"

namespace fwlint {

std::optional<RoleBinding> parse_role_binding(std::string_view text, std::string& error) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        error = fmt::format("expected NAME=ADDR[,ADDR...] in --role '{}'", text);
        return std::nullopt;
    }
    RoleBinding b;
    b.name = std::string(text.substr(0, eq));
    b.text = std::string(text.substr(eq + 1));
    std::string_view rest = text.substr(eq + 1);
    if (rest.empty()) {
        error = fmt::format("--role {}: expected at least one address after '='", b.name);
        return std::nullopt;
    }
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        auto addr = parse_address(item);
        if (!addr) {
            error = fmt::format("--role {}: '{}' is not an IPv4 or IPv6 address, prefix or a-b range", b.name, item);
            return std::nullopt;
        }
        IntervalSet& target = addr->family == Family::v4 ? b.v4 : b.v6;
        target = target.unite(addr->values);
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return b;
}

}  // namespace fwlint
