#pragma once
// Misspelt ACL commands in a Cisco running-config. The reader skips every
// top-level command it does not know (routing, AAA, banners...) on purpose,
// so `acess-list 101 permit ...` or `ip acess-list extended X` would vanish
// without a word, and with it the list an interface names. A word within a
// small edit distance of an ACL keyword is reported instead (a warning naming
// the line). The distance is the optimal-string-alignment one (insert, delete,
// replace, swap two neighbours), case-insensitive, at most 2: far enough for
// the usual slips (acess-list, access-lsit, access_list, access-lists), near
// enough that no real command is caught (access-class is 3 away from
// access-list, access-group 5, access-session more).
#include <optional>
#include <string>
#include <string_view>

namespace fwlint::cisco {

// Where the words stand: a top-level command, a command under `interface`,
// a command under `line`.
enum class NearMissContext { top, interface, line };

// The warning for a line (`body`: without its indentation) whose first words
// look like a misspelt ACL command the reader did not take ("acess-list",
// "access list", "ip acess-list", "ipv4 access-list", an "ip acess-group"
// under an interface, an "acess-class" under a line); nullopt for anything
// else, the correctly spelt commands included.
std::optional<std::string> acl_near_miss(NearMissContext where, std::string_view body);

// Optimal-string-alignment distance between two words, case-insensitive.
std::size_t keyword_distance(std::string_view a, std::string_view b);

}  // namespace fwlint::cisco
