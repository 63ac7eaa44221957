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

// Texts of at least this many bytes are read by two threads (on a machine
// with two cores or more): the second reads from an -A line near the middle
// while the first reads up to it. The result is the one-thread result.
inline constexpr std::size_t iptables_parallel_read_from = std::size_t{1} << 20;
// The same, with texts of at least `parallel_from` bytes read by two threads
// (0: always one), whatever the number of cores; for tests.
ParsedInput parse_iptables_save(std::shared_ptr<const std::string> text, const std::string& file,
                                std::size_t parallel_from);

}  // namespace fwlint
