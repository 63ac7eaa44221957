// .fwlint.toml (CLI11's TOML config reader), --config, --no-config, --ignore
// and --skip-unknown, run from inside a temporary repository.
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "run_fwlint.hpp"

namespace fs = std::filesystem;

namespace {

using fwlint_test::Run;

Run run_in(const fs::path& dir, const std::string& args) { return fwlint_test::fwlint_in(dir.string(), args); }

bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

// A firewall repository with a .fwlint.toml at its root, and a subdirectory to run from.
struct Repo {
    fs::path root;
    Repo() {
        std::string tmpl = (fs::temp_directory_path() / "fwlint-config-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        root = tmpl;
        fs::create_directories(root / "site" / "paris");
        fs::copy_file(fs::path(FWLINT_SOURCE_DIR) / "fixtures/iptables/gateway.rules", root / "site/gateway.rules");
        std::ofstream(root / ".fwlint.toml") << "# settings of this repository\n"
                                                "[check]\n"
                                                "rules = [\"cep\"]\n"
                                                "role = [\"clients=10.20.0.0/16\", \"cep=10.0.1.10\", "
                                                "\"dc=10.0.0.8/29\", \"ca=10.0.2.5\"]\n"
                                                "fail-on = \"never\"\n"
                                                "ignore = [\"FW206\"]\n";
    }
    ~Repo() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

}  // namespace

TEST_CASE("the nearest .fwlint.toml above the working directory sets check's options", "[config]") {
    Repo repo;
    Run r = run_in(repo.root / "site" / "paris", "check ../gateway.rules");
    INFO(r.out);
    CHECK(r.status == 0);  // fail-on = "never"
    CHECK(has(r.out, "requirement set cep: "));
    CHECK(has(r.out, "[FW103]"));  // roles bound: the SMB allow behind the 445 drop
    CHECK_FALSE(has(r.out, "not bound with --role"));
    CHECK_FALSE(has(r.out, "[FW206]"));  // ignore = ["FW206"]
    CHECK(has(r.out, "suppressed"));
}

TEST_CASE("the command line overrides the file, --no-config and --config choose the file", "[config]") {
    Repo repo;
    fs::path dir = repo.root / "site";
    Run strict = run_in(dir, "check --fail-on error gateway.rules");
    CHECK(strict.status == 1);
    Run other_set = run_in(dir, "check --rules ces gateway.rules");
    // The command line's set replaces the file's; the file's roles stay, and ces has no role cep:
    // a usage error, as it would be with the same options on the command line.
    CHECK(has(other_set.out, "--role cep: no selected requirement set declares this role"));
    CHECK(other_set.status == 2);
    Run none = run_in(dir, "check --no-config gateway.rules");
    CHECK(has(none.out, "no requirement set selected"));
    CHECK(none.status == 0);  // the lints find only notes on this file: below the default fail-on
    CHECK(has(none.out, "[FW206]"));
    std::ofstream(repo.root / "strict.toml") << "[check]\nfail-on = \"note\"\n";
    Run named = run_in(dir, "check --config ../strict.toml gateway.rules");
    CHECK(named.status == 1);
    CHECK(has(named.out, "no requirement set selected"));
    CHECK(run_in(dir, "check --config ../missing.toml gateway.rules").status == 2);
}

TEST_CASE("paths in .fwlint.toml are relative to the file, wherever fwlint runs", "[config]") {
    Repo repo;
    fs::create_directories(repo.root / "sets");
    std::ofstream(repo.root / "sets/web.fwreq") << "set web \"Web\"\nrole clients \"c\"\nrole web \"w\"\n"
                                                   "require clients -> web tcp 8443 \"the admin UI\"\n";
    std::ofstream(repo.root / ".fwlint.toml") << "[check]\n"
                                                 "rules = [\"sets/web.fwreq\"]\n"
                                                 "role = [\"clients=10.20.0.0/16\", \"web=10.0.1.10\"]\n"
                                                 "baseline = \"fwlint-baseline.json\"\n";
    // Recorded at the root; the file's baseline is the one written.
    Run write = run_in(repo.root, "check --write-baseline fwlint-baseline.json site/gateway.rules");
    INFO(write.out);
    REQUIRE(write.status == 0);
    Run from_sub = run_in(repo.root / "site" / "paris", "check ../gateway.rules");
    INFO(from_sub.out);
    CHECK(from_sub.status == 0);  // every finding is in the baseline, found from here too
    CHECK(has(from_sub.out, "requirement set web: 1 checked"));
    CHECK(has(from_sub.out, "0 errors, 0 warnings, 0 notes ("));
    CHECK_FALSE(has(from_sub.out, "no longer reported"));
    // The same file named with --config from elsewhere.
    Run named = run_in(repo.root.parent_path(), "check --config " + (repo.root / ".fwlint.toml").string() + " " +
                                                    (repo.root / "site/gateway.rules").string());
    INFO(named.out);
    CHECK(named.status == 0);
    CHECK(has(named.out, "requirement set web: 1 checked"));
}

TEST_CASE("a key that is no option is an error, not ignored", "[config]") {
    Repo repo;
    std::ofstream(repo.root / ".fwlint.toml", std::ios::app) << "fail-onn = \"error\"\n";
    Run r = run_in(repo.root, "check site/gateway.rules");
    CHECK(r.status == 2);
    CHECK(has(r.out, "fail-onn"));
    // Other commands read the file too, and still work with a valid one.
    Repo ok;
    CHECK(run_in(ok.root, "rules").status == 0);
    CHECK(run_in(ok.root, "explain FW201").status == 0);
}

TEST_CASE("the options --ignore and --skip-unknown from the command line", "[config]") {
    Repo repo;
    fs::path dir = repo.root / "site";
    Run ignored = run_in(dir, "check --no-config --ignore FW206,fw202 --show-suppressed gateway.rules");
    CHECK_FALSE(has(ignored.out, "note: redundant"));
    CHECK(has(ignored.out, "    by: --ignore FW206 (command line or .fwlint.toml)"));
    CHECK(run_in(dir, "check --no-config --ignore FW999 gateway.rules").status == 2);
    std::ofstream(dir / "setup.cfg") << "[metadata]\nname = x\n";
    CHECK(run_in(dir, "check --no-config setup.cfg").status == 2);
    Run skipped = run_in(dir, "check --no-config --skip-unknown setup.cfg");
    CHECK(skipped.status == 0);
    CHECK(has(skipped.out, "skipped 1 file"));
}
