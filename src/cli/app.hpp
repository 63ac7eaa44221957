#pragma once

namespace fwlint {

// Parses the command line, runs the subcommand, returns the exit code
// (0 clean, 1 findings at or above --fail-on, 2 usage or input error).
int run_cli(int argc, char** argv);

}  // namespace fwlint
