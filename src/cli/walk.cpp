#include "cli/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include <fmt/format.h>

namespace fwlint {

namespace fs = std::filesystem;

bool skipped_directory(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    if (name.empty()) return false;
    if (name.front() == '.' && name != "." && name != "..") return true;
    if (name == "build" || name.starts_with("build-") || name.starts_with("cmake-build-")) return true;
    if (name == "node_modules" || name == "__pycache__") return true;
    std::error_code ec;
    return fs::exists(fs::path(path) / "CMakeCache.txt", ec);
}

namespace {

void walk(const std::string& root, std::vector<InputFile>& out, std::vector<std::string>& errors) {
    std::vector<std::string> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
        errors.push_back(fmt::format("{}: error: cannot read the directory: {}", root, ec.message()));
        return;
    }
    for (; it != end; it.increment(ec)) {
        if (ec) {
            errors.push_back(fmt::format("{}: error: cannot read the directory: {}", root, ec.message()));
            return;
        }
        std::error_code fec;
        if (it->is_directory(fec) && !it->is_symlink(fec)) {
            if (skipped_directory(it->path().string())) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(fec)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    for (auto& f : found) out.push_back(InputFile{std::move(f), true});
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& args, std::vector<std::string>& errors) {
    std::vector<InputFile> all;
    for (const auto& arg : args) {
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            // "configs/" and "configs" name the same files the same way.
            std::string root = arg;
            while (root.size() > 1 && root.back() == '/') root.pop_back();
            walk(root, all, errors);
        } else {
            all.push_back(InputFile{arg, false});
        }
    }
    // A file reached twice (`check configs/ configs/edge/gw.rules`, or named
    // twice) is checked once, where it first came: its findings are not
    // reported twice. Named once is enough for an unknown format to be an error.
    std::vector<InputFile> out;
    std::map<fs::path, std::size_t> seen;
    for (auto& in : all) {
        std::error_code ec;
        fs::path key = fs::weakly_canonical(in.path, ec);
        if (ec) key = fs::path(in.path).lexically_normal();
        auto [it, fresh] = seen.emplace(key, out.size());
        if (fresh) out.push_back(std::move(in));
        else out[it->second].from_walk = out[it->second].from_walk && in.from_walk;
    }
    return out;
}

}  // namespace fwlint
