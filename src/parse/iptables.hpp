#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

// Reads iptables-save or ip6tables-save text (already decoded to UTF-8).
// Every -A line becomes a Rule or a diagnostic; parsing goes on after a bad line.
ParsedInput parse_iptables_save(std::string_view text, const std::string& file);
// The same, sharing `text` with the rules (Rule::text views into it) instead of copying it.
ParsedInput parse_iptables_save(std::shared_ptr<const std::string> text, const std::string& file);

}  // namespace fwlint
