// fwlint check DIR...: the walk, the skipped files, and parallel checking
// that gives the same bytes as checking the files one by one.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "cli/check_files.hpp"
#include "cli/walk.hpp"
#include "report/report.hpp"
#include "run_fwlint.hpp"

namespace fs = std::filesystem;
using fwlint_test::Run;
using fwlint_test::TempDir;

namespace {

Run run(const std::string& args) { return fwlint_test::fwlint(args); }

// A repository of firewall configs as a team keeps it.
void make_config_repo(const TempDir& d) {
    d.copy("fixtures/iptables/gateway.rules", "sites/paris/gateway.rules");
    d.copy("fixtures/iptables/host.rules", "sites/berlin/host.rules");
    d.copy("fixtures/iptables/wide-open.rules", "sites/berlin/edge.rules");
    d.copy("fixtures/iptables/host6.rules", "ip6tables-save");
    d.write("README.md", "# Our firewalls\n\nExported nightly.\n");
    d.write("sites/paris/notes.txt", "ask Bob about port 8443\n");
    d.write("sites/empty.rules", "");
    // Never walked into: version control and build output.
    d.copy("fixtures/iptables/wide-open.rules", ".git/objects/copy.rules");
    d.copy("fixtures/iptables/wide-open.rules", "build/copy.rules");
    d.copy("fixtures/iptables/wide-open.rules", "out/CMakeCache.txt");
    d.copy("fixtures/iptables/wide-open.rules", "out/copy.rules");
}

}  // namespace

TEST_CASE("expand_inputs walks directories in sorted order and skips VCS and build directories", "[walk]") {
    TempDir d;
    make_config_repo(d);
    std::vector<std::string> errors;
    auto inputs = fwlint::expand_inputs({d.path.string() + "/", "named.rules"}, errors);
    CHECK(errors.empty());
    std::string root = d.path.filename().string();
    std::vector<std::string> paths;
    for (const auto& in : inputs)
        if (in.from_walk) paths.push_back(in.path.substr(in.path.find(root)));
    REQUIRE(inputs.size() == 8);
    CHECK(inputs.back().path == "named.rules");
    CHECK_FALSE(inputs.back().from_walk);
    CHECK(inputs.front().from_walk);
    CHECK(paths == std::vector<std::string>{root + "/README.md", root + "/ip6tables-save",
                                            root + "/sites/berlin/edge.rules", root + "/sites/berlin/host.rules",
                                            root + "/sites/empty.rules", root + "/sites/paris/gateway.rules",
                                            root + "/sites/paris/notes.txt"});
    // No double slash from "DIR/".
    CHECK(inputs.front().path.find("//") == std::string::npos);
}

TEST_CASE("skipped_directory knows VCS, build and tool directories", "[walk]") {
    CHECK(fwlint::skipped_directory("repo/.git"));
    CHECK(fwlint::skipped_directory(".svn"));
    CHECK(fwlint::skipped_directory("x/build"));
    CHECK(fwlint::skipped_directory("x/build-test"));
    CHECK(fwlint::skipped_directory("x/cmake-build-debug"));
    CHECK(fwlint::skipped_directory("node_modules"));
    CHECK_FALSE(fwlint::skipped_directory("sites"));
    CHECK_FALSE(fwlint::skipped_directory("builders"));
}

TEST_CASE("check DIR reports the same findings as naming the detected files, and notes the skipped ones", "[walk]") {
    TempDir d;
    make_config_repo(d);
    std::string p = d.path.string();
    Run walked = run("check --fail-on never " + p);
    Run named = run("check --fail-on never " + p + "/ip6tables-save " + p + "/sites/berlin/edge.rules " + p +
                       "/sites/berlin/host.rules " + p + "/sites/paris/gateway.rules");
    INFO(walked.out);
    CHECK(walked.status == 0);
    CHECK(named.status == 0);
    std::string note = "note: skipped 3 files that are empty or of no detected format: " + p +
                       "/README.md, " + p + "/sites/empty.rules, " + p + "/sites/paris/notes.txt\n";
    auto at = walked.out.find(note);
    REQUIRE(at != std::string::npos);
    std::string without_note = walked.out;
    without_note.erase(at, note.size());
    CHECK(without_note == named.out);
    CHECK(walked.out.find("copy.rules") == std::string::npos);  // .git, build/, a CMake build tree
    CHECK(walked.out.find("gateway.rules (iptables-save") != std::string::npos);
    // Exit 1 on findings, like the files one by one.
    CHECK(run("check " + p).status == 1);
}

TEST_CASE("repeatable options take one value each: the files after them are all checked", "[walk]") {
    // `--rules cep a b`, `--role X a b`: CLI11 would give a vector option every
    // word up to the last file, and a.rules was read as a requirement set.
    std::string files = " fixtures/iptables/gateway.rules fixtures/iptables/suppressions.rules";
    std::string both = "(iptables-save, 21 rules), fixtures/iptables/suppressions.rules (iptables-save, 9 rules)";
    Run rules = run("check --fail-on never --rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --set "
                    "dc_rpc_dynamic=49152-65535 --role ca=10.0.2.5" + files);
    INFO(rules.out);
    CHECK(rules.status == 0);
    CHECK(rules.out.find(both) != std::string::npos);
    Run ignore = run("check --fail-on never --ignore FW205 --ignore FW201,FW202" + files);
    INFO(ignore.out);
    CHECK(ignore.status == 0);
    CHECK(ignore.out.find(both) != std::string::npos);
    Run acl = run("check --fail-on never --acl STAFF-IN fixtures/cisco/branch-before.cfg fixtures/cisco/branch-after.cfg");
    INFO(acl.out);
    CHECK(acl.status == 0);
    CHECK(acl.out.find("branch-after.cfg (cisco-ios") != std::string::npos);
}

TEST_CASE("a file reached twice is checked once, where it first came", "[walk]") {
    TempDir d;
    std::string gw = d.copy("fixtures/iptables/wide-open.rules", "sites/gw.rules");
    std::string host = d.copy("fixtures/iptables/host.rules", "sites/edge/host.rules");
    std::vector<std::string> errors;
    auto inputs =
        fwlint::expand_inputs({d.path.string() + "/sites", host, gw, d.path.string() + "/sites/./gw.rules"}, errors);
    CHECK(errors.empty());
    REQUIRE(inputs.size() == 2);
    CHECK(inputs[0].path == host);  // the walk's sorted order: edge/host.rules before gw.rules
    CHECK(inputs[1].path == gw);
    CHECK_FALSE(inputs[0].from_walk);  // named on the command line too
    Run twice = run("check --fail-on never " + gw + " " + gw);
    Run once = run("check --fail-on never " + gw);
    INFO(twice.out);
    CHECK(once.out.find("[FW2") != std::string::npos);
    CHECK(twice.out == once.out);
    // The directory and a file inside it: the same report as the directory alone.
    Run dir_and_file = run("check --fail-on never --format json " + d.path.string() + "/ " + host);
    Run dir = run("check --fail-on never --format json " + d.path.string());
    CHECK(dir_and_file.out == dir.out);
    CHECK(dir.out.find("host.rules") != std::string::npos);
}

TEST_CASE("a named file of no detected format stays an error, a directory with no config is one too", "[walk]") {
    TempDir d;
    std::string readme = d.write("README.md", "# nothing to see\n");
    Run named = run("check " + readme);
    CHECK(named.status == 2);
    CHECK(named.out.find("cannot tell the input format") != std::string::npos);
    Run dir = run("check " + d.path.string());
    CHECK(dir.status == 2);
    CHECK(dir.out.find("no configuration file found") != std::string::npos);
    Run missing = run("check " + d.path.string() + "/no-such-dir/");
    CHECK(missing.status == 2);
}

TEST_CASE("check_files in parallel gives the results of one thread, in input order", "[walk]") {
    std::vector<std::string> errors;
    auto inputs = fwlint::expand_inputs({std::string(FWLINT_SOURCE_DIR) + "/fixtures/iptables"}, errors);
    REQUIRE(inputs.size() >= 10);
    // Twice over, so workers finish out of order.
    auto twice = inputs;
    twice.insert(twice.end(), inputs.begin(), inputs.end());
    fwlint::FileCheckOptions options;
    auto render = [](const std::vector<fwlint::FileCheck>& checks) {
        fwlint::Report report;
        for (const auto& c : checks) {
            if (c.input) report.inputs.push_back(*c.input);
            report.findings.insert(report.findings.end(), c.findings.begin(), c.findings.end());
        }
        return fwlint::render_text(report, false);
    };
    auto serial = fwlint::check_files(twice, options, 1);
    auto parallel = fwlint::check_files(twice, options, 4);
    REQUIRE(parallel.size() == twice.size());
    for (std::size_t i = 0; i < twice.size(); ++i) CHECK(parallel[i].file == twice[i].path);
    CHECK(render(serial) == render(parallel));
    CHECK(render(serial).find("[FW2") != std::string::npos);
}
