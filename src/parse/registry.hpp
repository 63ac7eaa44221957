#pragma once
// Windows Firewall policy from registry exports: `.reg` files (Version 5.00,
// usually UTF-16LE, and REGEDIT4) and `reg query /s` text.
#include <memory>
#include <string>

#include "ir/rule.hpp"

namespace fwlint {

// Reads the FirewallRules keys (local store and GPO, matched by path suffix)
// and the profile keys (EnableFirewall, DefaultInboundAction,
// DefaultOutboundAction, DoNotAllowExceptions, AllowLocalPolicyMerge).
// Every value under a FirewallRules key becomes a rule or a diagnostic naming
// its line. `text` is UTF-8 (decode_text has run). Format "reg" or "reg-query".
ParsedInput parse_registry(std::shared_ptr<const std::string> text, const std::string& file);

}  // namespace fwlint
