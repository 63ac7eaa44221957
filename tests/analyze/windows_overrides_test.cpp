// Dead and redundant Windows rules: no order, a block beats an allow.
#include <catch2/catch.hpp>

#include "analyze/windows_overrides.hpp"
#include "parse/windows_rule.hpp"

using namespace fwlint;

namespace {

WindowsRuleSpec spec(int line, WindowsAction action, const char* ports, const char* remote = "",
                     std::uint8_t profiles = all_profiles) {
    WindowsRuleSpec s;
    s.display_name = "rule at line " + std::to_string(line);
    s.action = action;
    s.protocol = proto_tcp;
    parse_windows_ports(ports, s.local_ports);
    if (*remote) parse_windows_addresses(remote, s.remote_addresses);
    s.profiles = profiles;
    s.loc = SourceLocation{"host.txt", line, 1};
    return s;
}

ParsedInput host(std::vector<WindowsRuleSpec> specs) {
    auto source = std::make_shared<const std::string>("");
    return windows_input(specs, WindowsProfileDefaults{}, source, "host.txt", "netsh-show", {});
}

std::vector<int> lines_of(const std::vector<const Rule*>& rules) {
    std::vector<int> out;
    for (const Rule* r : rules) out.push_back(r->loc.line);
    return out;
}

}  // namespace

TEST_CASE("windows overrides: an allow under a broader block is dead whatever the order") {
    // The block comes after the allow in the file: on Windows it still wins.
    auto in = host({spec(10, WindowsAction::allow, "3389", "10.0.0.0/8"),
                    spec(20, WindowsAction::block, "3380-3390")});
    auto dead = find_overridden_allows(in);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].loc.line == 10);
    CHECK(lines_of(dead[0].by) == std::vector<int>{20});
    CHECK(dead[0].profiles == std::vector<std::string>{"domain", "private", "public"});
}

TEST_CASE("windows overrides: several blocks together, and only in the profiles they apply to") {
    auto in = host({spec(5, WindowsAction::allow, "80,443"),
                    spec(6, WindowsAction::block, "80", "", profile_domain | profile_private),
                    spec(7, WindowsAction::block, "443", "", profile_domain),
                    spec(8, WindowsAction::block, "1-79")});  // meets nothing of the allow
    auto dead = find_overridden_allows(in);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].loc.line == 5);
    CHECK(lines_of(dead[0].by) == std::vector<int>{6, 7});
    CHECK(dead[0].profiles == std::vector<std::string>{"domain"});
}

TEST_CASE("windows overrides: a partial block, a bypass and a disabled block leave the allow alive") {
    WindowsRuleSpec disabled = spec(3, WindowsAction::block, "1-65535");
    disabled.enabled = false;
    auto in = host({spec(1, WindowsAction::allow, "80,443"), spec(2, WindowsAction::block, "80"), disabled,
                    spec(4, WindowsAction::bypass, "22"), spec(5, WindowsAction::block, "22")});
    CHECK(find_overridden_allows(in).empty());
}

TEST_CASE("windows overrides: a block that depends on a keyword never overrides") {
    // LocalSubnet is resolved on the host: the block may not hold.
    auto in = host({spec(1, WindowsAction::allow, "445"), spec(2, WindowsAction::block, "445", "LocalSubnet")});
    CHECK(find_overridden_allows(in).empty());
}

TEST_CASE("windows overrides: the later of two duplicates is redundant, a covered allow too") {
    auto in = host({spec(1, WindowsAction::allow, "443", "10.0.0.0/8"),
                    spec(2, WindowsAction::allow, "443", "10.0.0.0/8"),
                    spec(3, WindowsAction::allow, "80-90"),
                    spec(4, WindowsAction::allow, "85"),
                    spec(5, WindowsAction::block, "135"),
                    spec(6, WindowsAction::allow, "135")});  // dead, not redundant
    auto dead = find_overridden_allows(in);
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].loc.line == 6);
    auto redundant = find_redundant_windows_rules(in, dead);
    REQUIRE(redundant.size() == 2);
    CHECK(redundant[0].loc.line == 2);
    CHECK(lines_of(redundant[0].by) == std::vector<int>{1});
    CHECK(redundant[1].loc.line == 4);
    CHECK(lines_of(redundant[1].by) == std::vector<int>{3});
}

TEST_CASE("windows overrides: a rule needed in one profile is not redundant") {
    auto in = host({spec(1, WindowsAction::allow, "443", "", profile_domain),
                    spec(2, WindowsAction::allow, "443", "", profile_domain | profile_public)});
    // Line 2 is the only allow in the public profile.
    CHECK(find_redundant_windows_rules(in, {}).size() == 1);
    CHECK(find_redundant_windows_rules(in, {})[0].loc.line == 1);
}
