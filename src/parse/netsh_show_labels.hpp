#pragma once
// The labels of netsh `show rule` / `show allprofiles` output in the languages
// fwlint reads (FORMATS.md 1.2, 1.3): which rule field a label is, which
// language a file is in, which French labels no capture confirms, and the
// profile sections of `show allprofiles`. Internal to netsh_show.cpp and its tests.
#include <optional>
#include <string_view>

#include "parse/windows_rule.hpp"

namespace fwlint::netsh_show {

enum class Field {
    rule_name, description, enabled, direction, profiles, grouping, local_ip, remote_ip, protocol, local_port,
    remote_port, edge, program, service, interface_types, security, rule_source, action, unknown
};

// The field a label names (any case, blanks around it ignored), or Field::unknown.
Field field_of(std::string_view label);

// "en", "de", "fr" or "es", from the label of the first rule name.
const char* language_of(std::string_view rule_name_label);

// A French label fwlint reads but no French capture shows (named in a note).
bool unverified_french(std::string_view label);

// A rule name says its direction in the built-in naming scheme ("... (TCP-In)").
std::optional<WindowsDirection> direction_from_name(std::string_view name);

// "Domain Profile Settings:", "Domänenprofil-Einstellungen:", "Paramètres du
// profil de domaine :": the profile index (0 domain, 1 private, 2 public), or -1.
int profile_section(std::string_view label);

}  // namespace fwlint::netsh_show
