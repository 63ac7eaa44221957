#pragma once
// The first step of reading a Cisco running-config: its lines, and the role
// each one has from its indentation, its first words and the sub-mode it is
// in (an ACL block, an object-group, an interface, a `line`). Lines of no
// interest (routing, AAA, banners...) get the role `skip`. cisco_config.cpp
// then reads each line with the grammar of its role.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/rule.hpp"
#include "parse/cisco_names.hpp"

namespace fwlint::cisco {

struct ConfigLine {
    int number = 0;
    int indent = 0;
    std::string_view text;  // without the line end
    std::string_view body;  // without the indentation
};

enum class LineRole : std::uint8_t {
    skip, numbered_acl, acl_header, acl_entry, group_header, object_header, object_entry, asa_access_list,
    asa_ipv6_access_list, asa_access_group, asa_name, interface_header, interface_command, line_header, line_command, other_acl,
    other_acl_entry, asa_route, ip_route,
};

// The lines that say something, in file order: blank lines are dropped; "!"
// (ASA also ":") and "#" comments too, a "! fwlint: ignore ..." one kept in
// out.suppressions; a line with NUL bytes is an error in out.diagnostics.
std::vector<ConfigLine> split_config_lines(std::string_view text, Dialect dialect, const std::string& file,
                                           ParsedInput& out);

// The role of each line (same order). A permit/deny line under no list and a
// misspelt ACL command are reported in `diagnostics`, never skipped silently.
std::vector<LineRole> assign_line_roles(const std::vector<ConfigLine>& lines, Dialect dialect,
                                        const std::string& file, Diagnostics& diagnostics);

// ---- words (Cisco keywords are case-insensitive)

inline bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The first two words of a line.
std::pair<std::string_view, std::string_view> first_words(std::string_view body);

inline bool is_number(std::string_view w) {
    if (w.empty()) return false;
    for (char c : w)
        if (c < '0' || c > '9') return false;
    return true;
}

// The value of a run of digits (0 when it does not read).
int to_int(std::string_view s);

}  // namespace fwlint::cisco
