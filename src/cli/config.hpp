#pragma once
// .fwlint.toml: options read through CLI11's own TOML config reader, so every
// command-line option of a subcommand can be set there ([check] section) and
// the command line always wins.
#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace fwlint {

// The nearest .fwlint.toml in `start` or a directory above it; "" when none.
std::filesystem::path find_config_file(const std::filesystem::path& start);

// Adds --config FILE (default: find_config_file of the working directory)
// and --no-config to `app`. Call before adding the subcommands, so that they
// accept --config after their name too.
void add_config_options(CLI::App& app, int argc, char** argv);

}  // namespace fwlint
