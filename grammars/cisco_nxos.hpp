#pragma once
// Cisco NX-OS access lists (FORMATS.md 5.3): `ip access-list NAME` with
// sequence numbers and CIDR prefixes, `addrgroup`/`portgroup` references to
// `object-group ip address|port`, one port per eq/neq. The lines around them
// (headers, object-group entries, interfaces) are those of cisco_common.hpp.
//
//   acl   := ("ip" | "ipv6") "access-list" name { [seq] (ace | remark | "statistics per-entry") }
//   unit  := "any" | "host" ip | ip "/" len | ip wildcard | "addrgroup" name
//          | ("eq" | "neq" | "lt" | "gt") port | "range" port port | "portgroup" name | option
#include "grammars/cisco_common.hpp"

namespace fwlint::grammar::cisco_nxos {

using namespace cisco;  // NOLINT: grammar vocabulary

// clang-format off
struct unit : sor< any_address, host_address, addrgroup_address, network_address, equal_port, compare_port,
                   port_range, portgroup_match, common_option, other_word > {};
struct named_entry : extended_entry< unit > {};
// clang-format on

}  // namespace fwlint::grammar::cisco_nxos
