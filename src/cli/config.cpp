#include "cli/config.hpp"

#include <memory>
#include <string>
#include <vector>
#include <string_view>
#include <system_error>

#include <CLI/CLI.hpp>

namespace fwlint {

namespace fs = std::filesystem;

namespace {

// CLI11's TOML reader, with the paths of [check] (baseline, write-baseline,
// output, files, and rules entries that name a .fwreq file) taken relative to
// the file's own directory: a .fwlint.toml found above the working directory
// means the same wherever in the repository fwlint runs.
class RelativeToFile : public CLI::ConfigTOML {
public:
    explicit RelativeToFile(fs::path dir) : dir_(std::move(dir)) {}

    std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
        auto items = CLI::ConfigTOML::from_config(input);
        std::error_code ec;
        fs::path cwd = fs::current_path(ec);
        if (dir_.empty() || ec || dir_ == cwd) return items;  // already relative to the right place
        for (auto& item : items) {
            if (item.parents != std::vector<std::string>{"check"}) continue;
            bool paths = item.name == "baseline" || item.name == "write-baseline" || item.name == "output" ||
                         item.name == "o" || item.name == "files";
            if (!paths && item.name != "rules") continue;
            for (auto& value : item.inputs) {
                // rules: a bundled set's name stays a name (as in cli/rule_sets.cpp)
                bool is_path = paths || value.find('/') != std::string::npos || value.ends_with(".fwreq");
                if (is_path && !value.empty() && fs::path(value).is_relative()) value = rebase(value, cwd);
            }
        }
        return items;
    }

private:
    std::string rebase(const std::string& value, const fs::path& cwd) const {
        fs::path full = (dir_ / value).lexically_normal();
        fs::path rel = full.lexically_relative(cwd);
        if (rel.empty()) return full.string();
        std::string out = rel.string();
        return out.find('/') == std::string::npos ? "./" + out : out;  // still reads as a path
    }

    fs::path dir_;
};

// The file CLI11 will read: --config FILE / --config=FILE, else `found`.
fs::path config_file_in_use(int argc, char** argv, const std::string& found) {
    std::string file = found;
    for (int i = 1; i < argc; ++i) {
        std::string_view a(argv[i]);
        if (a == "--config" && i + 1 < argc) file = argv[i + 1];
        else if (a.starts_with("--config=")) file = std::string(a.substr(9));
    }
    if (file.empty()) return {};
    std::error_code ec;
    fs::path abs = fs::absolute(file, ec);
    return ec ? fs::path() : abs.lexically_normal();
}

}  // namespace

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
    app.config_formatter(std::make_shared<RelativeToFile>(config_file_in_use(argc, argv, found).parent_path()));
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
