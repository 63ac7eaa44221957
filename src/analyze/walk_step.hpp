#pragma once
// What a first-match walk does with a rule, read once per rule: one reading
// for the exposure leaf walk and the diff's cell walk, so that both give a
// rule the same part as evaluate.cpp / evaluate_windows.cpp do.
#include <cstdint>
#include <span>

#include "analyze/evaluate.hpp"
#include "ir/rule.hpp"

namespace fwlint {

// What a rule does to the packets it takes.
enum class Step : std::uint8_t { accept, deny, unknown, ret, jump, go_to };

constexpr std::uint8_t mode_bit(ConditionMode m) { return std::uint8_t(1u << unsigned(m)); }
constexpr std::uint8_t both_modes = mode_bit(ConditionMode::strict) | mode_bit(ConditionMode::lenient);

struct WalkStep {
    Step step = Step::deny;
    std::uint8_t takes = 0;    // bit m: takes its packets in ConditionMode m
    bool conditional = false;  // an unmodelled condition: the modes may differ
    int target = -1;           // jump/goto: position of the target chain in the walk's chains
};

// evaluate.cpp's reading of a first-match rule of `policy`, whose walk knows
// `chains` (a jump's target is found among them); false for a rule that never
// takes a packet (disabled, replies only, LOG and other non-terminating
// targets, a jump to no chain, a loopback-only condition).
bool read_step(const Rule& r, const Policy& policy, std::span<const Chain* const> chains, WalkStep& out);

// evaluate_windows_chain's reading of a Windows rule.
bool read_windows_step(const Rule& r, WalkStep& out);

}  // namespace fwlint
