#include "parse/windows_port_range.hpp"

#include <algorithm>
#include <cctype>

namespace fwlint {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// 0 when `s` is not all digits; 2 for a value above 65535; 1 otherwise.
int number_kind(std::string_view s) {
    s = trimmed(s);
    if (s.empty()) return 0;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
    if (s.size() > 5) return 2;
    return std::stoul(std::string(s)) > 65535 ? 2 : 1;
}

}  // namespace

std::vector<std::string> out_of_range_ports(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trimmed(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const std::size_t dash = item.find('-');
        const int kind = dash == std::string_view::npos
                             ? number_kind(item)
                             : (number_kind(item.substr(0, dash)) && number_kind(item.substr(dash + 1))
                                    ? std::max(number_kind(item.substr(0, dash)), number_kind(item.substr(dash + 1)))
                                    : 0);
        if (kind == 2) out.emplace_back(item);
    }
    return out;
}

}  // namespace fwlint
