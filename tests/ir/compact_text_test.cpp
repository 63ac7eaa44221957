// FileName (one shared copy of each file name) and CompactString (8 bytes
// while empty) must behave like the std::strings they replaced in the IR:
// equal and ordered by text, formatted and streamed as text, safe from
// several threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ir/compact_string.hpp"
#include "ir/diagnostic.hpp"
#include "ir/file_name.hpp"

using fwlint::CompactString;
using fwlint::FileName;
using fwlint::SourceLocation;

TEST_CASE("a FileName compares, orders and prints as its text") {
    std::string built = "fixtures/";
    built += "gateway.rules";
    FileName a("fixtures/gateway.rules"), b(built), c("fixtures/ca.rules"), empty;
    CHECK(a == b);
    CHECK(a.c_str() == b.c_str());  // one shared copy
    CHECK(a != c);
    CHECK(a == std::string("fixtures/gateway.rules"));
    CHECK(a == std::string_view("fixtures/gateway.rules"));
    CHECK(a == "fixtures/gateway.rules");
    CHECK_FALSE(a == "fixtures/gateway.rule");
    CHECK(c < a);  // by text ("ca" < "gateway"), whatever the addresses
    CHECK(empty.empty());
    CHECK(empty == "");
    CHECK(FileName("") == empty);
    CHECK(a.size() == 22);
    CHECK(fmt::format("{}:{}", a, 7) == "fixtures/gateway.rules:7");
    CHECK(a + ":7" == "fixtures/gateway.rules:7");
    CHECK("in " + a == "in fixtures/gateway.rules");
    std::ostringstream out;
    out << c;
    CHECK(out.str() == "fixtures/ca.rules");
    const std::string& ref = a;
    CHECK(ref == "fixtures/gateway.rules");
    std::vector<FileName> names{"b", "c", "a", "b"};
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<FileName>{"a", "b", "b", "c"});
}

TEST_CASE("source locations with the same file, line and column are equal") {
    SourceLocation x{"host.rules", 3, 10}, y{std::string("host.rules"), 3, 10};
    CHECK(x == y);
    CHECK_FALSE(x == SourceLocation{"other.rules", 3, 10});
    CHECK_FALSE(x == SourceLocation{"host.rules", 4, 10});
}

TEST_CASE("file names looked up from several threads at once are the same names") {
    std::vector<std::vector<FileName>> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([&seen, t] {
            for (int i = 0; i < 2000; ++i) seen[t].emplace_back("thread-test-" + std::to_string(i % 37) + ".rules");
        });
    for (auto& th : threads) th.join();
    for (std::size_t t = 1; t < seen.size(); ++t)
        for (std::size_t i = 0; i < seen[t].size(); ++i) {
            REQUIRE(seen[t][i] == seen[0][i]);
            REQUIRE(seen[t][i].c_str() == seen[0][i].c_str());
        }
    CHECK(seen[0][36] == "thread-test-36.rules");
}

TEST_CASE("a CompactString reads, assigns and appends like a std::string") {
    CompactString s;
    CHECK(s.empty());
    CHECK(s.str().empty());
    CHECK(s == "");
    CHECK(sizeof(CompactString) == sizeof(void*));
    s = "--reject-with";
    s += ' ';
    s += std::string_view("tcp-reset");
    CHECK(s == "--reject-with tcp-reset");
    CHECK(s.size() == 23);
    CHECK(s.find("tcp") == 14);
    CHECK(s.starts_with("--reject"));
    CHECK(s.substr(14) == "tcp-reset");
    CHECK(s[0] == '-');
    CompactString copy = s;
    s += "; more";
    CHECK(copy == "--reject-with tcp-reset");  // a deep copy
    CHECK(s == "--reject-with tcp-reset; more");
    CHECK("REJECT " + copy == "REJECT --reject-with tcp-reset");
    CHECK(fmt::format("[{}]", copy) == "[--reject-with tcp-reset]");
    CHECK(CompactString("a") < CompactString("b"));
    std::string text = copy;
    CHECK(text == "--reject-with tcp-reset");
    CompactString moved = std::move(copy);
    CHECK(moved == "--reject-with tcp-reset");
    moved = std::string();
    CHECK(moved.empty());
    moved = "x";
    moved.clear();
    CHECK(moved.empty());
    std::ostringstream out;
    out << CompactString("web \"front\"");
    CHECK(out.str() == "web \"front\"");
}
