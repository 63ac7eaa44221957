#pragma once
// A command-line run ends right after its report. Destroying the IR of a large
// input (hundreds of thousands of rules, each with strings and packet sets)
// then costs a sizeable part of the run (15% of a 200,000-rule check) to
// give memory back to a process that is about to exit anyway. The CLI's
// main() opts in; library users and tests keep ordinary destruction.
#include "ir/rule.hpp"

namespace fwlint {

// From now on keep_until_exit() leaks what it is given (call once, from main).
void enable_keep_until_exit();

// Destroys `input` now, or, after enable_keep_until_exit(), moves it into a
// heap object that is deliberately never freed: the operating system takes
// the memory back at exit. Nothing is left to flush: an input holds no
// output streams or files.
void keep_until_exit(ParsedInput&& input);

}  // namespace fwlint
