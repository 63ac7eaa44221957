#pragma once
// Windows Firewall policy from registry exports: `.reg` files (Version 5.00,
// usually UTF-16LE, and REGEDIT4) and `reg query /s` text.
#include <memory>
#include <string>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// Reads the FirewallRules keys (local store and GPO, matched by path suffix)
// and the profile keys (EnableFirewall, DefaultInboundAction,
// DefaultOutboundAction, DoNotAllowExceptions, AllowLocalPolicyMerge).
// Every value under a FirewallRules key becomes a rule or a diagnostic naming
// its line. `text` is UTF-8 (decode_text has run). Format "reg" or "reg-query".
ParsedInput parse_registry(std::shared_ptr<const std::string> text, const std::string& file);

// The profile settings key `path` names, matched by suffix as parse_registry
// matches it: 0 domain, 1 private, 2 public, 3 the GPO StandardProfile
// (private and public), -1 none. For `reg add` lines in scripts.
int registry_profile_key(std::string_view path);
// Does `path` name a FirewallRules key of the local or GPO store?
bool registry_rules_key(std::string_view path);

}  // namespace fwlint
