#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "checks/catalog.hpp"

using namespace fwlint;

TEST_CASE("every check has a unique id, full documentation and an entry in docs/checks.md") {
    std::ifstream in(FWLINT_SOURCE_DIR "/docs/checks.md");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    std::set<std::string> ids;
    for (const auto& c : check_catalog()) {
        INFO(c.id);
        CHECK(ids.insert(c.id).second);
        for (const char* text : {c.title, c.detects, c.why, c.example, c.fix}) CHECK(std::string(text).size() > 10);
        CHECK(std::string(c.example).find(std::string("[") + c.id + "]") != std::string::npos);
        CHECK(doc.find(std::string("## ") + c.id + ": " + c.title) != std::string::npos);
    }
}

TEST_CASE("find_check ignores case and rejects unknown ids") {
    REQUIRE(find_check("fw101") != nullptr);
    CHECK(std::string(find_check("fw101")->kind) == "missing");
    CHECK(find_check("FW999") == nullptr);
    CHECK(find_check("") == nullptr);
}
