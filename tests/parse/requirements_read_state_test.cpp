// The requirement-set reader's shared helpers: the excerpts its messages
// quote, string unescaping, and where a sub-line may go.
#include <string>

#include <catch2/catch.hpp>

#include "parse/requirements_read_state.hpp"

using namespace fwlint;
using namespace fwlint::requirements_detail;

TEST_CASE("requirements: an excerpt stops at a blank and shows odd bytes as hex escapes", "[requirements]") {
    const std::string line = "requir clients to cep";
    CHECK(excerpt(line.data(), line.data() + line.size()) == "requir");
    const std::string odd = "r\xc3\xa9gle'\\ x";
    CHECK(excerpt(odd.data(), odd.data() + odd.size()) == "r\\xc3\\xa9gle\\x27\\x5c");
    const std::string longword(40, 'a');
    CHECK(excerpt(longword.data(), longword.data() + longword.size()) == std::string(32, 'a') + "...");
    CHECK(excerpt(longword.data(), longword.data() + 32) == std::string(32, 'a'));
    CHECK(hex_byte(0x1b) == "0x1b");
}

TEST_CASE("requirements: a quoted string loses its escapes", "[requirements]") {
    CHECK(unescape(R"(a \"b\" \\ c\td\n)") == "a \"b\" \\ c\td\n");
    CHECK(unescape(R"(ends in \)") == "ends in \\");
}

TEST_CASE("requirements: a sub-line goes under the statement it belongs to", "[requirements]") {
    ReadState st;
    st.file = "r.fwreq";
    st.line_loc = SourceLocation{"r.fwreq", 3, 3};
    CHECK_FALSE(sub_line_allowed(st, "note", false, true));
    REQUIRE(st.diags.size() == 1);
    CHECK(st.diags[0].message == "'note' is indented under no statement; statements start at column 1");

    st.parent = Parent::set;
    CHECK(sub_line_allowed(st, "source", true, true));
    CHECK_FALSE(sub_line_allowed(st, "when", false, false));
    REQUIRE(st.diags.size() == 2);
    CHECK(st.diags[1].message == "'when' does not belong under a 'set' statement; it goes under require, forbid or limit");

    st.parent = Parent::failed;  // its statement was reported already
    CHECK_FALSE(sub_line_allowed(st, "note", false, true));
    CHECK(st.diags.size() == 2);
}

TEST_CASE("requirements: a flow naming an undeclared role is dropped, reported once", "[requirements]") {
    ReadState st;
    st.set.roles.push_back(Role{"clients", "", {}});
    check_role(st, "clients", {});
    CHECK_FALSE(st.bad);
    check_role(st, "cep", SourceLocation{"r.fwreq", 5, 14});
    CHECK(st.bad);
    REQUIRE(st.diags.size() == 1);
    CHECK(st.diags[0].message ==
          "undeclared role 'cep'; declare it with a 'role' statement before use (declared: clients)");
    st.bad = false;
    st.poisoned_roles.insert("ca");  // its declaration failed and was reported
    check_role(st, "ca", {});
    CHECK(st.bad);
    CHECK(st.diags.size() == 1);
}
