#pragma once
// Runs the fwlint binary from the repository root, as a user would, and
// captures its output (stdout and stderr together) and exit code.
#include <sys/wait.h>

#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
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

// The bytes of a file ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// Writes the bytes as they are, creating the directories above the file.
inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

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
    // Writes the bytes as they are (NAME may name subdirectories); returns the file's path.
    std::string write(const std::string& name, const std::string& bytes) const {
        write_file(path / name, bytes);
        return (path / name).string();
    }
    // Copies a file of the source tree (FIXTURE, relative to it) to NAME; returns its path.
    std::string copy(const std::string& fixture, const std::string& name) const {
        return write(name, read_file(std::filesystem::path(FWLINT_SOURCE_DIR) / fixture));
    }
};

}  // namespace fwlint_test
