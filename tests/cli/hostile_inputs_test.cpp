// fwlint on inputs a careless or hostile user gives it, found by mutating
// fixtures (scripts/mutate_inputs.py): each case here once crashed or hung.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

using fwlint_test::Run;
using fwlint_test::TempDir;

namespace {

const std::string ssh_rules = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";

// The output is one JSON document (stderr is captured with it: a crash's
// message would make it fail to parse).
nlohmann::json parsed(const Run& r) {
    INFO(r.out.substr(0, 2000));
    REQUIRE((r.status == 0 || r.status == 1));
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE(!j.is_discarded());
    return j;
}

}  // namespace

TEST_CASE("JSON output names a file whose name is not UTF-8 instead of aborting") {
    TempDir dir;
    dir.write("r\xE9gle.rules", ssh_rules);  // Latin-1 "règle": an old archive's file name
    dir.write("old.rules", ssh_rules);
    auto j = parsed(fwlint_test::fwlint_in(dir.path.string(), "check --format json 'r\xE9gle.rules'"));
    CHECK(j["inputs"][0]["file"] == "r\xEF\xBF\xBDgle.rules");  // the byte shown as U+FFFD
    CHECK(j["inputs"][0]["rules"] == 1);

    auto q = parsed(fwlint_test::fwlint_in(
        dir.path.string(), "query 'r\xE9gle.rules' --from any --to any --port 22 --chain INPUT --format json"));
    CHECK(q.dump().find("gle.rules") != std::string::npos);
    parsed(fwlint_test::fwlint_in(dir.path.string(), "diff old.rules 'r\xE9gle.rules' --format json"));

    Run b = fwlint_test::fwlint_in(dir.path.string(), "check --fail-on never --write-baseline base.json 'r\xE9gle.rules'");
    INFO(b.out);
    CHECK(b.status == 0);
}

TEST_CASE("JSON output of a syntax error whose quoted text ends inside a UTF-8 character") {
    // netsh show quotes 40 bytes of a bad line: here the 40th is the first
    // byte of a two-byte 'é'.
    TempDir dir;
    std::string show = "Rule Name:                            Web\n"
                       "----------------------------------------------------------------------\n"
                       "Enabled:                              Yes\n"
                       "Direction:                            In\n"
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9 here\n"
                       "Profiles:                             Domain\n"
                       "Action:                               Allow\n"
                       "Ok.\n";
    std::string file = dir.write("show.txt", show);
    auto j = parsed(fwlint_test::fwlint("check --format json --input-format netsh-show '" + file + "'"));
    bool quoted = false;
    for (const auto& f : j["findings"])
        if (f["check"] == "FW001" && f["line"] == 5)
            quoted = f["message"].get<std::string>().find("found 'aaaa") != std::string::npos;
    CHECK(quoted);
}

TEST_CASE("tens of thousands of findings on one 1 MB line are fingerprinted in linear time") {
    // 40,000 copies of one rule on one line: each extra target is an FW001 on
    // that line, and each finding used to normalise and hash the whole line.
    std::string line;
    while (line.size() < (1u << 20)) line += "-A INPUT -i lo -j ACCEPT ";
    TempDir dir;
    std::string file = dir.write("huge.rules", "*filter\n:INPUT DROP [0:0]\n" + line + "\nCOMMIT\n");
    for (const char* format : {"json", "sarif"}) {
        INFO(format);
        Run r = fwlint_test::fwlint(std::string("check --no-lint --format ") + format + " -o '" + dir.path.string() +
                                    "/out' '" + file + "'");
        CHECK(r.status == 1);
    }
}

TEST_CASE("a 1 MB line repeating a rule gives 10 findings and one that counts the rest, in every command") {
    std::string line;
    while (line.size() < (1u << 20)) line += "-A INPUT -i lo -j ACCEPT ";
    TempDir dir;
    std::string file = dir.write("huge.rules", "*filter\n:INPUT DROP [0:0]\n" + line + "\nCOMMIT\n");
    auto j = parsed(fwlint_test::fwlint("check --no-lint --format json '" + file + "'"));
    int on_line = 0;
    std::string last;
    for (const auto& f : j["findings"])
        if (f["line"] == 3) {
            ++on_line;
            last = f["message"].get<std::string>();
        }
    CHECK(on_line == 11);
    CHECK(last.find("more diagnostics on this line (") != std::string::npos);
    CHECK(j["inputs"][0]["diagnostics"] == 11);

    // query prints the input's diagnostics on stderr: the same 11.
    Run q = fwlint_test::fwlint("query '" + file + "' --from any --to any --port 22 --chain INPUT");
    int diagnostics = 0;
    std::istringstream out(q.out);
    for (std::string l; std::getline(out, l);)
        diagnostics += l.find("huge.rules:3:") != std::string::npos && l.find(": error: ") != std::string::npos;
    INFO(q.out.substr(0, 3000));
    CHECK(diagnostics == 11);
}
