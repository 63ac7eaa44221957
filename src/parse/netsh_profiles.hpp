#pragma once
// `netsh advfirewall show allprofiles` output given as its own file, the
// companion of a rule listing of the same host: reading it, and using its
// per-profile state and default actions for another Windows input.
#include <optional>
#include <string>
#include <string_view>

#include "ir/rule.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

// The profile settings of a file that holds `show allprofiles` output and no
// rule block; nullopt for anything else (a rule listing, another format).
// `text` is decoded text (decode_text).
std::optional<WindowsProfileDefaults> read_profiles_only(std::string_view text, const std::string& file);

// Uses `defaults` (read from `from_file`) for every profile whose state and
// default actions `input` does not state itself (a profile chain whose
// location is line 0): the chains' default actions, a firewall that is off
// (no rule applies), shields up (inbound allows ignored). Replaces the
// "defaults are assumed" note with one naming `from_file`. Not a Windows
// input, or nothing assumed: nothing changes, false.
bool apply_profile_companion(ParsedInput& input, const WindowsProfileDefaults& defaults, const std::string& from_file);

}  // namespace fwlint
