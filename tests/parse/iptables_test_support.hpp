#pragma once
// Helpers shared by the iptables reader tests.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "parse/iptables.hpp"
#include "tests/analyze/flow_support.hpp"

namespace fwlint::test_iptables {

inline ParsedInput parse(std::string_view text) { return parse_iptables_save(text, "test.rules"); }

// A filter table with the usual built-in chains (declared on lines 2-4),
// `body` starting on line 5.
inline std::string filter_with(const std::string& body) {
    return "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n" + body + "COMMIT\n";
}

inline const Chain& chain(const ParsedInput& p, std::string_view table, std::string_view name) {
    static const Chain none{};
    const Policy* policy = p.find_policy(table);
    if (!policy) return none;
    const Chain* c = policy->find_chain(name);
    return c ? *c : none;
}

// The first rule of filter INPUT (the one a one-rule test writes).
inline Rule input_rule(const std::string& rule_line) {
    auto p = parse(filter_with(rule_line + "\n"));
    const auto& rules = chain(p, "filter", "INPUT").rules;
    return rules.empty() ? Rule{} : rules.front();
}

using fwlint_test::packet;  // one packet as a box of single values

inline bool takes(const Rule& r, unsigned proto, std::string_view src, std::string_view dst, unsigned sport,
                  unsigned dport) {
    return r.match.intersects(packet(Family::v4, proto, src, dst, sport, dport));
}

inline bool takes6(const Rule& r, unsigned proto, std::string_view src, std::string_view dst, unsigned sport,
                   unsigned dport) {
    return r.match.intersects(packet(Family::v6, proto, src, dst, sport, dport));
}

// An ICMP packet of type/code (they live in the destination-port dimension).
inline bool takes_icmp(const Rule& r, unsigned type, unsigned code) {
    return takes(r, proto_icmp, "192.0.2.1", "198.51.100.1", 0, type * 256 + code);
}

inline bool has_condition(const Rule& r, std::string_view name) {
    return std::any_of(r.conditions.begin(), r.conditions.end(), [&](const Condition& c) { return c.name == name; });
}

inline std::size_t count(const Diagnostics& ds, Severity s) {
    return static_cast<std::size_t>(
        std::count_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.severity == s; }));
}

// A diagnostic of severity `s` on `line` whose message contains `part`.
inline bool has_diagnostic(const ParsedInput& p, int line, Severity s, std::string_view part) {
    return std::any_of(p.diagnostics.begin(), p.diagnostics.end(), [&](const Diagnostic& d) {
        return d.loc.line == line && d.severity == s && d.message.find(part) != std::string::npos;
    });
}

inline std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(FWLINT_SOURCE_DIR) + "/fixtures/iptables/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace fwlint::test_iptables
