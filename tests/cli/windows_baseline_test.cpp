// --baseline on a Windows rule listing paired with its `show allprofiles`
// file: findings located in the profiles file (the public profile's default
// allow, on its policy line 27 of cep-allprofiles.txt) are fingerprinted from that file's
// line, so a baseline keeps matching them when lines move in either file.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace fs = std::filesystem;
using fwlint_test::fwlint;
using fwlint_test::read_file;
using fwlint_test::TempDir;

namespace {

// A copy of the paired fixture (a rule listing and its `show allprofiles`
// file) in a temporary directory, and where a baseline of it goes.
struct PairedCopy {
    TempDir d;
    fs::path rules = d.path / "cep-rules.txt", profiles = d.path / "cep-allprofiles.txt";
    std::string inputs = " " + rules.string() + " " + profiles.string();
    std::string baseline = (d.path / "baseline.json").string();
    PairedCopy() {
        d.copy("fixtures/windows/paired/cep-rules.txt", "cep-rules.txt");
        d.copy("fixtures/windows/paired/cep-allprofiles.txt", "cep-allprofiles.txt");
    }
};

void prepend(const fs::path& p, const std::string& lines) {
    fwlint_test::write_file(p, lines + read_file(p));
}

// The baseline's entries for one check in the profiles file: fingerprint and line.
std::vector<std::pair<std::string, int>> entries(const std::string& baseline, const std::string& check) {
    std::vector<std::pair<std::string, int>> out;
    auto doc = nlohmann::json::parse(read_file(baseline));
    for (const auto& f : doc["findings"])
        if (f["check"] == check && f["file"].get<std::string>().ends_with("cep-allprofiles.txt"))
            out.emplace_back(f["fingerprint"].get<std::string>(), f["line"].get<int>());
    return out;
}

}  // namespace

TEST_CASE("windows baseline: a finding in the paired profiles file is matched by that file's line", "[baseline][windows]") {
    PairedCopy copy;
    const auto& [d, rules, profiles, inputs, baseline] = copy;

    auto write = fwlint("check --fail-on never --write-baseline " + baseline + inputs);
    INFO(write.out);
    REQUIRE(write.status == 0);
    auto recorded = entries(baseline, "FW203");  // the public profile's default allow (firewall off)
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0].second == 27);

    auto same = fwlint("check --baseline " + baseline + inputs);
    INFO(same.out);
    CHECK(same.status == 0);
    CHECK(same.out.find("[FW203]") == std::string::npos);

    // Unrelated lines move: two blank lines on top of the profiles file, one
    // on top of the rule listing. The finding is now on line 29.
    prepend(profiles, "\r\n\r\n");
    prepend(rules, "\r\n");
    auto moved = fwlint("check --baseline " + baseline + " --format json" + inputs);
    INFO(moved.out);
    CHECK(moved.status == 0);
    auto report = nlohmann::json::parse(moved.out.substr(moved.out.find('{')));
    for (const auto& f : report["findings"]) CHECK(f["check"] != "FW203");
    bool suppressed = false;
    for (const auto& s : report["suppressed"])
        if (s["check"] == "FW203") {
            suppressed = true;
            CHECK(s["suppressed_by"] == "baseline");
            CHECK(s["line"] == 29);
        }
    CHECK(suppressed);

    // Recorded again after the moves: the same fingerprint, on the new line.
    const std::string again = (d.path / "again.json").string();
    REQUIRE(fwlint("check --fail-on never --write-baseline " + again + inputs).status == 0);
    auto now = entries(again, "FW203");
    REQUIRE(now.size() == 1);
    CHECK(now[0].first == recorded[0].first);
    CHECK(now[0].second == 29);
    // The profiles file's own note on that line (its firewall is off) too.
    auto note_before = entries(baseline, "FW002"), note_after = entries(again, "FW002");
    REQUIRE(note_before.size() == note_after.size());
    for (std::size_t i = 0; i < note_before.size(); ++i) CHECK(note_before[i].first == note_after[i].first);
}

TEST_CASE("windows baseline: a changed line in the profiles file is a new finding", "[baseline][windows]") {
    PairedCopy copy;
    const auto& [d, rules, profiles, inputs, baseline] = copy;
    REQUIRE(fwlint("check --fail-on never --write-baseline " + baseline + inputs).status == 0);
    // The public profile's policy line (27, where the finding is) changes; the
    // firewall stays off, so the finding stays, but as a new one: the
    // fingerprint follows the text of the line.
    std::string text = read_file(profiles);
    const std::string before = "BlockInboundAlways,AllowOutbound";
    auto at = text.find(before);
    REQUIRE(at != std::string::npos);
    text.replace(at, before.size(), "BlockInbound,AllowOutbound");
    fwlint_test::write_file(profiles, text);
    auto r = fwlint("check --baseline " + baseline + inputs);
    INFO(r.out);
    CHECK(r.out.find("cep-allprofiles.txt:27:1: warning: allow any to any") != std::string::npos);
}
