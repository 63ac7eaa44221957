#include "cli/config.hpp"

#include <memory>
#include <string_view>
#include <system_error>

#include <CLI/CLI.hpp>

namespace fwlint {

namespace fs = std::filesystem;

fs::path find_config_file(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (ec) return {};
    for (;;) {
        fs::path candidate = dir / ".fwlint.toml";
        if (fs::is_regular_file(candidate, ec)) return candidate;
        fs::path parent = dir.parent_path();
        if (parent == dir || parent.empty()) return {};
        dir = parent;
    }
}

void add_config_options(CLI::App& app, int argc, char** argv) {
    // --no-config has to be known before CLI11 reads the default file, which it
    // does while parsing: look for it in the arguments first.
    bool no_config = false;
    for (int i = 1; i < argc; ++i) no_config = no_config || std::string_view(argv[i]) == "--no-config";
    std::string found;
    if (!no_config) {
        std::error_code ec;
        found = find_config_file(fs::current_path(ec)).string();
    }
    app.config_formatter(std::make_shared<CLI::ConfigTOML>());
    app.set_config("--config", found,
                   "read options from this TOML file ([check] section: rules, role, set, fail-on, ignore...); "
                   "default: .fwlint.toml in the working directory or the nearest directory above it");
    app.add_flag("--no-config")->description("do not read .fwlint.toml");
    // A key that is no option is an error, not silently ignored (a typo in
    // "fail-on" must not pass unnoticed).
    app.allow_config_extras(CLI::config_extras_mode::error);
    // `fwlint check --config FILE ...`: the subcommand hands --config to the app.
    app.fallthrough();
}

}  // namespace fwlint
