#pragma once
// Runs the fwlint binary from the repository root, as a user would, and
// captures its output (stdout and stderr together) and exit code.
#include <sys/wait.h>

#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

namespace fwlint_test {

struct Run {
    int status = -1;
    std::string out;
};

// fwlint ARGS run in `dir` (quoted: temporary directories may hold spaces).
inline Run fwlint_in(const std::string& dir, const std::string& args) {
    std::string cmd = "cd '" + dir + "' && NO_COLOR=1 " FWLINT_BINARY " " + args + " 2>&1";
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

inline Run fwlint(const std::string& args) { return fwlint_in(FWLINT_SOURCE_DIR, args); }

// A fresh directory under the system's temporary one, removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "fwlint-test-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    // Writes the bytes as they are; returns the file's path.
    std::string write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path / name, std::ios::binary) << bytes;
        return (path / name).string();
    }
};

}  // namespace fwlint_test
