// The NX-OS reader on fixtures/cisco/nxos-switch.cfg (FORMATS.md 5.3).
#include <catch2/catch.hpp>

#include "tests/parse/cisco_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_cisco;
using cisco::Dialect;

namespace {

const std::string& fixture_text() {
    static const std::string text = read_file(FWLINT_SOURCE_DIR "/fixtures/cisco/nxos-switch.cfg");
    return text;
}
const ParsedInput& fixture() {
    static const ParsedInput p = parse_fixture("nxos-switch.cfg", Dialect::nxos);
    return p;
}
int line(std::string_view needle) { return line_of(fixture_text(), needle); }

}  // namespace

TEST_CASE("nxos fixture: lists with sequence numbers, prefixes, addrgroup and portgroup", "[cisco][nxos]") {
    const auto& p = fixture();
    INFO(diagnostics_text(p));
    CHECK(p.format == "cisco-nxos");
    CHECK(p.diagnostics.empty());
    const auto& r = rules(p, "SERVER-IN");
    REQUIRE(r.size() == 7);  // statistics per-entry and the remark are no rules
    CHECK(r[0].comment == "allow web");
    CHECK(r[0].sequence == 20);
    CHECK(decide(p, "SERVER-IN", 6, "192.0.2.1", "10.30.1.10", 443).line == line("20 permit tcp any addrgroup"));
    CHECK(decide(p, "SERVER-IN", 6, "192.0.2.1", "10.30.3.7", 443).permitted);  // wildcard entry of the group
    CHECK_FALSE(decide(p, "SERVER-IN", 6, "192.0.2.1", "10.30.4.7", 443).permitted);
    CHECK(decide(p, "SERVER-IN", 6, "10.5.5.5", "10.30.9.9", 8005).line == line("30 permit tcp 10.0.0.0/8"));
    CHECK(decide(p, "SERVER-IN", 17, "10.0.5.5", "8.8.8.8", 53).permitted);
    CHECK_FALSE(decide(p, "SERVER-IN", 17, "10.1.5.5", "8.8.8.8", 53).permitted);  // 0.0.255.255 wildcard
    const Rule& pg = r[3];
    CHECK(pg.match.intersects(packet(Family::v4, 6, "10.1.1.1", "10.30.1.10", 1, 8005)));
    CHECK_FALSE(pg.match.intersects(packet(Family::v4, 6, "10.1.1.1", "10.30.1.10", 1, 9000)));
    CHECK(decide(p, "SERVER-IN", 6, "192.0.2.1", "10.30.1.10", 22).line == line("80 deny ip any any log"));
    CHECK(decide(p, "V6-IN", 6, "2001:db8::1", "2001:db8:5::1", 443).permitted);
    CHECK(acl(p, "V6-IN", Family::v6)->syntax == "nxos-ipv6");
}

TEST_CASE("nxos fixture: interfaces, port access-groups, line access-class", "[cisco][nxos]") {
    const auto& p = fixture();
    REQUIRE(p.interfaces.size() == 3);
    CHECK(p.interfaces[0].name == "Vlan30");
    CHECK(format_address_set(p.interfaces[0].connected[0].values, Family::v4) == "10.30.0.0/16");
    REQUIRE(p.interfaces[0].bindings.size() == 1);
    CHECK(p.interfaces[0].bindings[0].direction == BindDirection::out);
    CHECK(p.interfaces[2].bindings.size() == 1);  // ip port access-group
    REQUIRE(p.line_acls.size() == 1);
    CHECK(p.line_acls[0].binding.acl == "MGMT");
}
