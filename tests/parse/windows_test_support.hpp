#pragma once
// Helpers shared by the tests of the Windows readers (registry, netsh
// scripts, PowerShell): find a rule's IR copies, read fixtures and corpus files.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ir/rule.hpp"
#include "parse/input.hpp"

namespace fwlint::test_windows {

// Every IR copy of the rules with this ID (or display name), across
// directions, families and profile chains.
inline std::vector<const Rule*> find_rules(const ParsedInput& p, std::string_view id_or_name) {
    std::vector<const Rule*> out;
    for (const auto& policy : p.policies)
        for (const auto& c : policy.chains)
            for (const auto& r : c.rules)
                if (r.rule_id == id_or_name || (r.rule_id.empty() && r.display_name == id_or_name)) out.push_back(&r);
    return out;
}

// The profile chains ("domain", "private", "public") that hold the rule.
inline std::set<std::string> profiles_of(const ParsedInput& p, std::string_view id_or_name) {
    std::set<std::string> out;
    for (const auto& policy : p.policies)
        for (const auto& c : policy.chains)
            for (const auto& r : c.rules)
                if (r.rule_id == id_or_name || (r.rule_id.empty() && r.display_name == id_or_name)) out.insert(c.name);
    return out;
}

inline const Chain* profile_chain(const ParsedInput& p, std::string_view direction, std::string_view profile,
                                  Family f = Family::v4) {
    for (const auto& policy : p.policies)
        if (policy.name == direction && policy.family == f) return policy.find_chain(profile);
    return nullptr;
}

inline std::size_t count(const ParsedInput& p, Severity s) {
    std::size_t n = 0;
    for (const auto& d : p.diagnostics) n += d.severity == s;
    return n;
}

inline bool has_diagnostic(const ParsedInput& p, int line, std::string_view text, Severity s) {
    for (const auto& d : p.diagnostics)
        if ((line == 0 || d.loc.line == line) && d.severity == s && d.message.find(text) != std::string::npos)
            return true;
    return false;
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string fixture(const std::string& name) {
    return read_bytes(std::string(FWLINT_SOURCE_DIR) + "/fixtures/windows/" + name);
}

// Decoded, detected and parsed as `fwlint check` does it.
inline ParsedInput load(const std::string& bytes, const std::string& file, std::string* format = nullptr) {
    DecodedText d = decode_text(bytes);
    std::string f = detect_format(d.text);
    if (format) *format = f;
    auto parsed = parse_input(std::move(d.text), f, file);
    return parsed ? std::move(*parsed) : ParsedInput{};
}

// ../shared/corpus/<folder>, or "" when this clone has no ../shared.
inline std::string corpus_dir(const std::string& folder) {
    std::filesystem::path p = std::filesystem::path(FWLINT_SOURCE_DIR) / ".." / "shared" / "corpus" / folder;
    std::error_code ec;
    return std::filesystem::is_directory(p, ec) ? p.string() : "";
}

// Lines (1-based) that hold a rule or an error diagnostic.
inline std::set<int> rule_or_error_lines(const ParsedInput& p) {
    std::set<int> out;
    for (const auto& policy : p.policies)
        for (const auto& c : policy.chains)
            for (const auto& r : c.rules) out.insert(r.loc.line);
    for (const auto& d : p.diagnostics)
        if (d.severity == Severity::error) out.insert(d.loc.line);
    return out;
}

}  // namespace fwlint::test_windows
