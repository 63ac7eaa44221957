// The registry rule string splitter: fields, versions and every kind of damage.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/windows_rule_string.hpp"
#include "parse/windows_rule_string.hpp"

using namespace fwlint;

TEST_CASE("rule string: PEGTL's analyzer finds no rule that could loop without progress", "[registry]") {
    CHECK(tao::pegtl::analyze<grammar::windows_rule_string::rule_string>(1) == 0);
}

TEST_CASE("rule string: the fields of a built-in rule, in order, repeated keys kept", "[registry]") {
    auto r = read_rule_string(
        "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Public|LPort=RPC|RPort=49000|"
        "LA4=192.168.1.0/255.255.255.0|LA4=192.168.0.0/255.255.255.0|RA4=LocalSubnet|App=c:\\path\\foo.exe|"
        "Name=Firewall Rule Test|Security=Authenticate|Security2_9=An-NoEncap|");
    CHECK(r.problems.empty());
    CHECK(r.has_version);
    CHECK(r.major == 2);
    CHECK(r.minor == 10);
    REQUIRE(r.fields.size() == 14);
    CHECK(r.fields[0].key == "Action");
    CHECK(r.fields[0].value == "Allow");
    CHECK(r.fields[0].offset == 6);
    CHECK(r.fields[7].key == "LA4");
    CHECK(r.fields[8].key == "LA4");
    CHECK(r.fields[8].value == "192.168.0.0/255.255.255.0");
    CHECK(r.fields[10].value == "c:\\path\\foo.exe");
    CHECK(r.fields[11].value == "Firewall Rule Test");
    CHECK(r.fields[13].key == "Security2_9");
}

TEST_CASE("rule string: empty values and '=' inside a value are text", "[registry]") {
    auto r = read_rule_string("v2.33|Name=a=b|Desc=|");
    CHECK(r.problems.empty());
    REQUIRE(r.fields.size() == 2);
    CHECK(r.fields[0].value == "a=b");
    CHECK(r.fields[1].key == "Desc");
    CHECK(r.fields[1].value.empty());
}

TEST_CASE("rule string: a missing trailing '|' is a warning and the last field is kept", "[registry]") {
    auto r = read_rule_string("v2.33|Action=Block|Dir=Out|Name=no end");
    REQUIRE(r.fields.size() == 3);
    CHECK(r.fields[2].value == "no end");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].severity == Severity::warning);
    CHECK(r.problems[0].message.find("does not end with '|'") != std::string::npos);
}

TEST_CASE("rule string: a '|' inside a name splits it, the piece is reported, the rest read", "[registry]") {
    auto r = read_rule_string("v2.33|Action=Allow|Name=Web | HTTPS|Dir=In|LPort=443|");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].severity == Severity::error);
    CHECK(r.problems[0].message.find("no escaping") != std::string::npos);
    REQUIRE(r.fields.size() == 4);
    CHECK(r.fields[1].value == "Web ");
    CHECK(r.fields[2].key == "Dir");
    CHECK(r.fields[3].value == "443");
}

TEST_CASE("rule string: no version, a bad version and binary junk are errors, never a crash", "[registry]") {
    auto none = read_rule_string("Action=Allow|Dir=In|");
    CHECK_FALSE(none.has_version);
    REQUIRE(none.problems.size() == 1);
    CHECK(none.problems[0].message.find("version") != std::string::npos);

    auto bad = read_rule_string("v2x|Action=Allow|");
    CHECK_FALSE(bad.has_version);
    CHECK_FALSE(bad.problems.empty());

    std::string junk("v2.33|\x01\x02\xff\xfe=|Dir=In|\0\0|", 22);
    auto j = read_rule_string(junk);
    CHECK(j.has_version);
    CHECK_FALSE(j.problems.empty());
    bool dir = false;
    for (const auto& f : j.fields) dir = dir || (f.key == "Dir" && f.value == "In");
    CHECK(dir);

    auto empty = read_rule_string("");
    CHECK_FALSE(empty.problems.empty());
}

TEST_CASE("rule string: a 1 MB value is read in one piece", "[registry]") {
    std::string big = "v2.33|Action=Block|Name=" + std::string(1 << 20, 'x') + "|Dir=Out|";
    auto r = read_rule_string(big);
    CHECK(r.problems.empty());
    REQUIRE(r.fields.size() == 3);
    CHECK(r.fields[1].value.size() == (1u << 20));
}

TEST_CASE("rule string: looks_like_rule_string wants vN.N|", "[registry]") {
    CHECK(looks_like_rule_string("v2.33|Action=Allow|"));
    CHECK(looks_like_rule_string("V2.10|"));
    CHECK_FALSE(looks_like_rule_string("v2.33 Action=Allow"));
    CHECK_FALSE(looks_like_rule_string("version|"));
    CHECK_FALSE(looks_like_rule_string("v.1|"));
}
