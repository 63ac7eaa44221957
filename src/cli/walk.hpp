#pragma once
// `fwlint check DIR...`: which files a command line names.
#include <string>
#include <vector>

namespace fwlint {

struct InputFile {
    std::string path;
    // Found by walking a directory (not named on the command line): a file
    // whose format is not detected is skipped with a note instead of an error.
    bool from_walk = false;
};

// Each argument in order: a file as it is; a directory walked recursively,
// its files sorted by path (deterministic on every filesystem), skipping
// version-control and build directories (see skipped_directory). Symbolic
// links to directories are not followed. A directory that cannot be read is
// reported in `errors` ("DIR: error: ...").
// A file reached twice (a directory and a file in it, the same file named
// twice, "a/./f" and "a/f", a link and its target) is kept once, where it first came, by
// canonical path; it counts as named if either occurrence was.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& args, std::vector<std::string>& errors);

// A directory a walk does not enter: hidden ones (.git, .svn, .venv...),
// build output (build, build-*, cmake-build-*, a CMake build tree),
// node_modules, __pycache__.
bool skipped_directory(const std::string& path);

}  // namespace fwlint
