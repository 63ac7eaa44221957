#pragma once
// Shared by the lint tests: an iptables-save text around a list of rules,
// and the lint findings of it.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "checks/lint.hpp"
#include "parse/iptables.hpp"

namespace fwlint_test {

// Rules start at line 6: after "*filter", the three built-in chain headers
// and the header of a user chain USER.
inline std::string iptables_config(const std::vector<std::string>& rules, const char* input_policy,
                                   const char* forward_policy) {
    std::string text = fmt::format("*filter\n:INPUT {} [0:0]\n:FORWARD {} [0:0]\n:OUTPUT ACCEPT [0:0]\n:USER - [0:0]\n",
                                   input_policy, forward_policy);
    for (const auto& r : rules) text += r + "\n";
    text += "COMMIT\n";
    return text;
}

struct Linted {
    fwlint::ParsedInput input;
    std::vector<fwlint::Finding> findings;
};

// Parses `text` (which must read without diagnostics) and lints it.
inline Linted lint_text(const std::string& text) {
    Linted l;
    l.input = fwlint::parse_iptables_save(text, "t.rules");
    INFO(text);
    REQUIRE(l.input.diagnostics.empty());
    l.findings = fwlint::lint_policy(l.input);
    return l;
}

inline std::vector<const fwlint::Finding*> with_check(const Linted& l, const std::string& check) {
    std::vector<const fwlint::Finding*> out;
    for (const auto& f : l.findings)
        if (f.check == check) out.push_back(&f);
    return out;
}

}  // namespace fwlint_test
