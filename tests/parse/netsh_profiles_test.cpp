// `netsh advfirewall show allprofiles` output as a file of its own: read, and
// used for the rule listing of the same host.
#include <catch2/catch.hpp>

#include <algorithm>

#include "parse/input.hpp"
#include "parse/netsh_profiles.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

namespace {

std::string fixture_text(const std::string& name) {
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/" + name, error);
    REQUIRE(bytes);
    return decode_text(std::move(*bytes)).text;
}

ParsedInput parsed(const std::string& name, const std::string& format = "netsh-show") {
    auto p = parse_input(fixture_text(name), format, name);
    REQUIRE(p);
    return std::move(*p);
}

}  // namespace

TEST_CASE("a file of allprofiles output alone is read as profile settings, a rule listing is not") {
    auto d = read_profiles_only(fixture_text("paired/cep-allprofiles.txt"), "p.txt");
    REQUIRE(d);
    CHECK_FALSE(d->assumed);
    CHECK(d->profiles[0].default_outbound == WindowsAction::block);
    CHECK(d->profiles[0].loc.line == 5);
    CHECK(d->profiles[0].loc.file == "p.txt");
    CHECK(d->profiles[1].default_outbound == WindowsAction::allow);
    CHECK_FALSE(d->profiles[2].firewall_on);
    CHECK(d->profiles[2].block_inbound_always);
    CHECK_FALSE(read_profiles_only(fixture_text("paired/cep-rules.txt"), "r.txt"));
    CHECK_FALSE(read_profiles_only(fixture_text("cep-server.txt"), "both.txt"));  // rules and profiles in one file
    CHECK_FALSE(read_profiles_only("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", "x"));
    CHECK_FALSE(read_profiles_only("", "x"));
}

TEST_CASE("a companion profiles file sets the defaults of the rule listing it goes with") {
    ParsedInput rules = parsed("paired/cep-rules.txt");
    CHECK(has_diagnostic(rules, 0, "defaults are assumed", Severity::note));
    auto d = read_profiles_only(fixture_text("paired/cep-allprofiles.txt"), "cep-allprofiles.txt");
    REQUIRE(d);
    REQUIRE(apply_profile_companion(rules, *d, "cep-allprofiles.txt"));

    const Chain* out_domain = profile_chain(rules, "outbound", "domain");
    REQUIRE(out_domain);
    CHECK(out_domain->policy == Action::drop);  // BlockOutbound
    CHECK(out_domain->loc.file == "cep-allprofiles.txt");
    CHECK(out_domain->loc.line == 5);
    CHECK(profile_chain(rules, "outbound", "domain", Family::v6)->policy == Action::drop);
    CHECK(profile_chain(rules, "outbound", "private")->policy == Action::accept);
    // Public: the firewall is off, so no rule applies and everything is allowed.
    const Chain* in_public = profile_chain(rules, "inbound", "public");
    CHECK(in_public->rules.empty());
    CHECK(in_public->policy == Action::accept);
    // The rules are still there in the other profiles.
    CHECK(profiles_of(rules, "World Wide Web Services (HTTPS Traffic-In)") == std::set<std::string>{"domain", "private"});
    CHECK_FALSE(has_diagnostic(rules, 0, "defaults are assumed", Severity::note));
    CHECK(has_diagnostic(rules, 0, "taken from cep-allprofiles.txt", Severity::note));
}

TEST_CASE("an input that states its own profiles keeps them, the companion fills only the rest") {
    // cep-server.txt holds its own allprofiles sections: nothing to take.
    ParsedInput own = parsed("cep-server.txt");
    auto d = read_profiles_only(fixture_text("paired/cep-allprofiles.txt"), "c.txt");
    REQUIRE(d);
    CHECK_FALSE(apply_profile_companion(own, *d, "c.txt"));
    CHECK(profile_chain(own, "inbound", "public")->rules.size() > 0);

    // A companion that states only the domain profile leaves the others assumed.
    auto domain_only = read_profiles_only("Domain Profile Settings:\n" + std::string(70, '-') +
                                              "\nState                                 ON\n"
                                              "Firewall Policy                       BlockInbound,BlockOutbound\nOk.\n",
                                          "d.txt");
    REQUIRE(domain_only);
    ParsedInput rules = parsed("paired/cep-rules.txt");
    REQUIRE(apply_profile_companion(rules, *domain_only, "d.txt"));
    CHECK(profile_chain(rules, "outbound", "domain")->policy == Action::drop);
    CHECK(profile_chain(rules, "outbound", "public")->loc.line == 0);
    CHECK(has_diagnostic(rules, 0, "defaults are assumed", Severity::note));  // private and public still are

    // Not a Windows input: nothing changes.
    ParsedInput iptables;
    iptables.format = "iptables-save";
    CHECK_FALSE(apply_profile_companion(iptables, *d, "c.txt"));
}
