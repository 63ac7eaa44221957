#pragma once
// The names Cisco ACLs use for ports, protocols and ICMP messages, per
// platform (FORMATS.md section 7). IOS, ASA and NX-OS differ: `https` and
// `ssh` are ASA names only, `kerberos` is 750 on the ASA, `cifs` is 3020.
#include <optional>
#include <string_view>

#include "ir/interval_set.hpp"

namespace fwlint::cisco {

enum class Dialect { ios, asa, nxos };

const char* dialect_name(Dialect d);  // "ios", "asa", "nxos"

// The port a name stands for with protocol `proto` (6 tcp, 17 udp, 132 sctp)
// on `d`; a number 0-65535 is itself. nullopt: not a name of this platform
// for this protocol.
std::optional<unsigned> port_number(Dialect d, unsigned proto, std::string_view name);

// "tcp" 6, "ahp" 51, "47" 47; "ip" (and ASA "ipv4", IOS "ipv6" in an IPv6 ACL)
// is every protocol: returned as 256.
inline constexpr unsigned any_protocol = 256;
std::optional<unsigned> protocol_number(Dialect d, std::string_view name);

// ICMP (v6 = false) or ICMPv6 message names: type * 256 + code values, as the
// packet space stores them ("echo" -> 8/any code, "host-unreachable" -> 3/1).
std::optional<IntervalSet> icmp_message(std::string_view name, bool v6);

// Values for an ICMP type (and code; -1 = any code).
IntervalSet icmp_values(unsigned type, int code);

}  // namespace fwlint::cisco
