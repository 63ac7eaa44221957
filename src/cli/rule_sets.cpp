#include "cli/rule_sets.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "parse/input.hpp"
#include "parse/requirements.hpp"

namespace fwlint {

namespace {

void report(Diagnostics& diags, const std::string& file, std::string message) {
    Diagnostic d;
    d.loc.file = file;
    d.severity = Severity::error;
    d.message = std::move(message);
    diags.push_back(std::move(d));
}

}  // namespace

std::optional<RequirementSet> load_rule_set(const std::string& name, Diagnostics& diags) {
    std::string path = name;
    bool looks_like_path = name.find('/') != std::string::npos || name.ends_with(".fwreq");
    if (!looks_like_path) {
        path = bundled_rules_dir() + "/" + name + ".fwreq";
        if (!std::filesystem::exists(path)) {
            auto names = bundled_rule_set_names(bundled_rules_dir());
            report(diags, name,
                             fmt::format("unknown requirement set '{}' (bundled: {})", name,
                                         names.empty() ? "none found in " + bundled_rules_dir()
                                                       : fmt::format("{}", fmt::join(names, ", "))));
            return std::nullopt;
        }
    }
    std::string error;
    auto bytes = read_file_bytes(path, error);
    if (!bytes) {
        report(diags, path, error);
        return std::nullopt;
    }
    auto result = parse_requirement_set(decode_text(*bytes).text, path);
    bool failed = false;
    for (auto& d : result.diagnostics) {
        failed = failed || d.severity == Severity::error;
        diags.push_back(std::move(d));
    }
    if (failed || !result.set) return std::nullopt;
    return std::move(result.set);
}

}  // namespace fwlint
