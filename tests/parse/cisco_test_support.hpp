#pragma once
// Helpers shared by the Cisco reader tests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "analyze/evaluate.hpp"
#include "parse/cisco.hpp"
#include "parse/input.hpp"
#include "tests/analyze/flow_support.hpp"

namespace fwlint::test_cisco {

inline ParsedInput parse(std::string_view text, cisco::Dialect d) {
    return parse_cisco(std::make_shared<const std::string>(text), "test.cfg", d);
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Calls visit(parsed, text) for every configuration in ../shared/corpus/cisco-ios,
// cisco-asa and nxos, in name order, read as `fwlint check` reads it (the detected
// dialect, else the folder's). Returns how many it read, or -1 without a corpus (the
// test is then skipped with a warning).
template <class Visit>
int for_each_corpus_config(Visit visit) {
    namespace fs = std::filesystem;
    const fs::path root = FWLINT_SOURCE_DIR "/../shared/corpus";
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        WARN("no corpus at " << root.string() << ": skipped");
        SUCCEED();
        return -1;
    }
    int files = 0;
    for (auto [folder, fallback] : {std::pair{"cisco-ios", cisco::Dialect::ios}, std::pair{"cisco-asa", cisco::Dialect::asa},
                                    std::pair{"nxos", cisco::Dialect::nxos}}) {
        std::vector<fs::path> paths;
        for (const auto& entry : fs::directory_iterator(root / folder, ec))
            if (entry.is_regular_file()) paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        for (const auto& path : paths) {
            INFO(path.string());
            auto decoded = decode_text(read_file(path.string()));
            auto dialect = cisco_dialect(detect_format(decoded.text)).value_or(fallback);
            auto p = parse_cisco(std::make_shared<const std::string>(decoded.text), path.filename().string(), dialect);
            visit(p, decoded.text);
            ++files;
        }
    }
    return files;
}

inline ParsedInput parse_fixture(const std::string& name, cisco::Dialect d) {
    return parse_cisco(std::make_shared<const std::string>(read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/" + name)),
                       name, d);
}

inline const Policy* acl(const ParsedInput& p, std::string_view name, Family f = Family::v4) {
    for (const auto& pol : p.policies)
        if (pol.name == name && pol.family == f) return &pol;
    return nullptr;
}

inline const std::vector<Rule>& rules(const ParsedInput& p, std::string_view name, Family f = Family::v4) {
    static const std::vector<Rule> none;
    const Policy* a = acl(p, name, f);
    return a ? a->chains.front().rules : none;
}

using fwlint_test::packet;  // one packet as a box of single values

// The line of the ACE (or 0 for the implicit deny) that decides this packet
// in ACL `name`, and whether it is permitted.
struct Outcome {
    bool permitted = false;
    int line = 0;
};
inline Outcome decide(const ParsedInput& p, std::string_view name, unsigned proto, std::string_view src,
                      std::string_view dst, unsigned dport, unsigned sport = 40000) {
    Family f = src.find(':') != std::string_view::npos ? Family::v6 : Family::v4;
    const Policy* a = acl(p, name, f);
    if (!a) return {};
    auto e = evaluate_chain(*a, a->chains.front().name, packet(f, proto, src, dst, sport, dport),
                            ConditionMode::strict);
    for (const auto& d : e.decisions) return Outcome{d.verdict == Verdict::accept, d.rule ? d.rule->loc.line : 0};
    return {};
}

inline bool has_diagnostic(const ParsedInput& p, int line, std::string_view part) {
    for (const auto& d : p.diagnostics)
        if (d.loc.line == line && d.message.find(part) != std::string::npos) return true;
    return false;
}

inline std::string diagnostics_text(const ParsedInput& p) {
    std::string out;
    for (const auto& d : p.diagnostics)
        out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message + "\n";
    return out;
}

// Each (line, text): a diagnostic on that line says the text (all of them
// listed when one is missing).
inline void check_diagnostics(const ParsedInput& p,
                              std::initializer_list<std::pair<int, std::string_view>> expected) {
    INFO(diagnostics_text(p));
    for (const auto& [line, part] : expected) {
        INFO("line " << line << ": " << part);
        CHECK(has_diagnostic(p, line, part));
    }
}

inline int line_of(const std::string& text, std::string_view needle) {
    auto pos = text.find(needle);
    if (pos == std::string::npos) return -1;
    return 1 + int(std::count(text.begin(), text.begin() + pos, '\n'));
}

}  // namespace fwlint::test_cisco
