#pragma once
// Reader for Cisco IOS / IOS-XE, ASA and NX-OS configurations (a whole
// `show running-config`, or just its ACL lines). Each access list becomes a
// Policy (first match) with one chain named after the list whose policy is
// the implicit deny; interfaces, their addresses and bindings, ASA global
// lists and line access-class bindings are kept in ParsedInput.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ir/rule.hpp"
#include "parse/cisco_names.hpp"

namespace fwlint {

ParsedInput parse_cisco(std::shared_ptr<const std::string> text, const std::string& file, cisco::Dialect dialect);

// "ios", "asa" or "nxos" when the text looks like a configuration of that
// platform, else "".
std::string detect_cisco(std::string_view text);

// "ios" -> Dialect::ios ...; nullopt for other names.
std::optional<cisco::Dialect> cisco_dialect(std::string_view format);

}  // namespace fwlint
