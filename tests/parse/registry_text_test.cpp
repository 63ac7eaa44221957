// The .reg / reg query reader: keys, values, escapes and damaged lines.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/registry.hpp"
#include "parse/registry_text.hpp"

using namespace fwlint;

TEST_CASE("registry text: PEGTL's analyzer finds no rule that could loop without progress", "[registry]") {
    CHECK(tao::pegtl::analyze<grammar::registry::reg_file_line>(1) == 0);
    CHECK(tao::pegtl::analyze<grammar::registry::query_file_line>(1) == 0);
}

TEST_CASE("registry text: a .reg file's keys and values, escapes undone, line numbers kept", "[registry]") {
    std::string text =
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "; exported\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Rules]\r\n"
        "\"Rule \\\"one\\\"\"=\"v2.33|App=C:\\\\x\\\\y.exe|\"\r\n"
        "\"DefaultInboundAction\"=dword:00000001\r\n"
        "@=\"default\"\r\n"
        "\"Bin\"=hex(7):41,00,42,00,\\\r\n"
        "  00,00\r\n"
        "\"Gone\"=-\r\n"
        "[-HKEY_LOCAL_MACHINE\\SYSTEM\\Old]\r\n";
    auto r = read_registry_text(text, "t.reg");
    CHECK(r.format == "reg");
    CHECK(r.diagnostics.empty());
    REQUIRE(r.keys.size() == 2);
    CHECK(r.keys[0].path == "HKEY_LOCAL_MACHINE\\SYSTEM\\Rules");
    CHECK(r.keys[0].line == 4);
    CHECK(r.keys[1].deleted);
    REQUIRE(r.values.size() == 5);
    CHECK(r.values[0].name == "Rule \"one\"");
    CHECK(r.values[0].type == "REG_SZ");
    CHECK(r.values[0].data == "v2.33|App=C:\\x\\y.exe|");
    CHECK(r.values[0].line == 5);
    CHECK(r.values[0].key == "HKEY_LOCAL_MACHINE\\SYSTEM\\Rules");
    CHECK(r.values[1].type == "REG_DWORD");
    CHECK(r.values[1].dword == 1);
    CHECK(r.values[2].name.empty());
    CHECK(r.values[3].type == "hex(7)");
    CHECK(r.values[3].line == 8);
    CHECK(r.values[4].deleted);
    CHECK(r.values[4].line == 10);
}

TEST_CASE("registry text: REGEDIT4 header", "[registry]") {
    auto r = read_registry_text("REGEDIT4\n\n[HKEY_X]\n\"a\"=\"b\"\n", "t.reg");
    CHECK(r.format == "reg");
    REQUIRE(r.values.size() == 1);
    CHECK(r.values[0].data == "b");
    CHECK(looks_like_reg_file("REGEDIT4\r\n"));
    CHECK_FALSE(looks_like_reg_file("*filter\n"));
}

TEST_CASE("registry text: damaged lines are reported with line and column, the rest is read", "[registry]") {
    std::string text =
        "Windows Registry Editor Version 5.00\n"
        "[HKEY_X\n"                       // 2: no ]
        "\"a\"=\"unterminated\n"          // 3
        "\"b\"=dword:zz\n"                // 4
        "\"c\" \"d\"\n"                   // 5: no =
        "garbage line\n"                  // 6
        "\"ok\"=\"yes\"\n"                // 7
        "\x01\x02\xff\n"                  // 8: binary junk
        "\"ok2\"=dword:0000000a\n";       // 9
    auto r = read_registry_text(text, "bad.reg");
    REQUIRE(r.diagnostics.size() == 6);
    CHECK(r.diagnostics[0].loc.line == 2);
    CHECK(r.diagnostics[0].message.find("']'") != std::string::npos);
    CHECK(r.diagnostics[1].loc.line == 3);
    CHECK(r.diagnostics[1].message.find("unterminated") != std::string::npos);
    CHECK(r.diagnostics[2].loc.line == 4);
    CHECK(r.diagnostics[2].loc.column == 11);
    CHECK(r.diagnostics[3].loc.line == 5);
    CHECK(r.diagnostics[4].loc.line == 6);
    CHECK(r.diagnostics[5].loc.line == 8);
    REQUIRE(r.values.size() == 2);
    CHECK(r.values[0].name == "ok");
    CHECK(r.values[1].dword == 10);
}

TEST_CASE("registry text: a 1 MB string value", "[registry]") {
    std::string text = "REGEDIT4\n[HKEY_X]\n\"big\"=\"" + std::string(1 << 20, 'a') + "\"\n\"after\"=\"x\"\n";
    auto r = read_registry_text(text, "big.reg");
    CHECK(r.diagnostics.empty());
    REQUIRE(r.values.size() == 2);
    CHECK(r.values[0].data.size() == (1u << 20));
    CHECK(r.values[1].line == 4);
}

TEST_CASE("registry text: reg query output, names with spaces, DWORDs in 0x form", "[registry]") {
    std::string text =
        "\r\n"
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules\r\n"
        "    RemoteDesktop-UserMode-In-TCP    REG_SZ    v2.33|Action=Allow|App=C:\\x.exe|\r\n"
        "    My rule name    REG_SZ    v2.33|Action=Block|\r\n"
        "\r\n"
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\PublicProfile\r\n"
        "    EnableFirewall    REG_DWORD    0x1\r\n"
        "    Empty    REG_SZ    \r\n"
        "\r\n"
        "End of search: 4 match(es) found.\r\n";
    CHECK(looks_like_reg_query(text));
    CHECK_FALSE(looks_like_reg_file(text));
    auto r = read_registry_text(text, "q.txt");
    CHECK(r.format == "reg-query");
    CHECK(r.diagnostics.empty());
    REQUIRE(r.values.size() == 4);
    CHECK(r.values[0].name == "RemoteDesktop-UserMode-In-TCP");
    CHECK(r.values[0].data == "v2.33|Action=Allow|App=C:\\x.exe|");
    CHECK(r.values[0].line == 3);
    CHECK(r.values[0].column == 48);
    CHECK(r.values[1].name == "My rule name");
    CHECK(r.values[2].dword == 1);
    CHECK(r.values[2].key.ends_with("PublicProfile"));
    CHECK(r.values[3].data.empty());
}
