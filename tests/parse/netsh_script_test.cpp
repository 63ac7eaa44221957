// netsh scripts: every construct of FORMATS.md 2 in the fixtures, the replay
// of set/delete, bad input, and the real-world corpus.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/netsh_script.hpp"
#include "parse/netsh_script.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

namespace {

ParsedInput script(const std::string& text) {
    return parse_netsh_script(std::make_shared<const std::string>(text), "test.cmd");
}

bool has_condition(const Rule& r, std::string_view text) {
    for (const auto& c : r.conditions)
        if (c.name.find(text) != std::string::npos || c.text.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("netsh script: PEGTL's analyzer finds no rule that could loop without progress", "[netsh-script]") {
    CHECK(tao::pegtl::analyze<grammar::netsh_script::line>(1) == 0);
}

TEST_CASE("netsh script: the CEP batch file, replayed in order", "[netsh-script]") {
    std::string format;
    auto p = load(fixture("cep-firewall.cmd"), "cep-firewall.cmd", &format);
    CHECK(format == "netsh-script");
    CHECK(p.format == "netsh-script");
    // 10 advfirewall rules left after the delete, 3 legacy exceptions and
    // FILEANDPRINT (two rules, one line).
    CHECK(p.rule_count() == 14);

    // Quoted values, a description, address keywords, profiles.
    auto https = find_rules(p, "CEP HTTPS");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->loc.line == 11);
    CHECK(https.front()->comment == "Certificate enrollment policy");
    CHECK(profiles_of(p, "CEP HTTPS") == std::set<std::string>{"domain", "private"});

    // A whole-token quoted name; enable=no, then `set rule ... new enable=yes`.
    auto http = find_rules(p, "CEP HTTP");
    REQUIRE_FALSE(http.empty());
    CHECK(http.front()->enabled);
    CHECK(http.front()->loc.line == 12);

    // A ^ continuation: one rule, at its first line; NETSH in capitals.
    auto dc = find_rules(p, "CEP-DC-TCP");
    REQUIRE_FALSE(dc.empty());
    CHECK(dc.front()->loc.line == 13);
    CHECK(dc.front()->text.find("49152-65535") != std::string_view::npos);
    // `|| echo failed` after the command.
    CHECK_FALSE(find_rules(p, "CEP-DC-UDP").empty());

    auto block = find_rules(p, "Block CA");
    REQUIRE_FALSE(block.empty());
    CHECK(block.front()->action == Action::drop);

    // Program paths with Windows environment variables are not "unexpanded".
    CHECK_FALSE(has_diagnostic(p, 18, "unexpanded", Severity::warning));
    auto teredo = find_rules(p, "Teredo app");
    REQUIRE_FALSE(teredo.empty());
    CHECK(teredo.front()->target_options == "edge=defer-app");

    // A batch variable in a port: kept as an unknown value, with a warning.
    CHECK(has_diagnostic(p, 20, "unexpanded variable %WEBPORT%", Severity::warning));
    REQUIRE_FALSE(find_rules(p, "Web variable").empty());
    CHECK(has_condition(*find_rules(p, "Web variable").front(), "%WEBPORT%"));

    // An unknown parameter: kept as a condition, warned.
    CHECK(has_diagnostic(p, 21, "unknown parameter 'frobnicate'", Severity::warning));
    CHECK(has_condition(*find_rules(p, "Odd").front(), "frobnicate"));

    // delete rule removes the earlier add; set on a group nobody added is noted.
    CHECK(find_rules(p, "Temp").empty());
    CHECK(has_diagnostic(p, 24, "matches no rule added earlier", Severity::note));

    // netsh refuses these: errors naming the line, no rule.
    CHECK(has_diagnostic(p, 26, "need protocol=tcp or udp", Severity::error));
    CHECK(find_rules(p, "No protocol").empty());
    CHECK(has_diagnostic(p, 27, "without dir=", Severity::error));

    // Legacy netsh firewall: positional arguments, spaces around '='.
    auto rdp = find_rules(p, "Remote Desktop (legacy)");
    REQUIRE_FALSE(rdp.empty());
    CHECK(rdp.front()->enabled);
    CHECK(has_condition(*rdp.front(), "LocalSubnet"));
    auto snmp = find_rules(p, "SNMP");
    REQUIRE_FALSE(snmp.empty());
    CHECK_FALSE(snmp.front()->enabled);
    CHECK(profiles_of(p, "SNMP") == std::set<std::string>{"domain"});
    CHECK_FALSE(find_rules(p, "App").empty());
    CHECK(find_rules(p, "fileandprint (netsh firewall service)").size() >= 2);

    // The profile defaults come from the script.
    CHECK_FALSE(has_diagnostic(p, 0, "defaults are not in this input", Severity::note));
    CHECK(profile_chain(p, "inbound", "public")->policy == Action::drop);
    CHECK(profile_chain(p, "outbound", "public")->policy == Action::accept);
}

TEST_CASE("netsh script: pushd contexts and netsh -f comments", "[netsh-script]") {
    std::string format;
    auto p = load(fixture("sql-context.netsh"), "sql-context.netsh", &format);
    CHECK(format == "netsh-script");
    CHECK(p.rule_count() == 1);
    CHECK(count(p, Severity::warning) == 0);
    CHECK(count(p, Severity::error) == 0);
    CHECK_FALSE(find_rules(p, "SQL from app").empty());
    // blockinboundalways: shields up in the domain profile, outbound blocked.
    CHECK(profile_chain(p, "outbound", "domain")->policy == Action::drop);
    CHECK(profile_chain(p, "inbound", "domain")->rules.empty());
    CHECK(profiles_of(p, "SQL from app") == std::set<std::string>{"private", "public"});
}

TEST_CASE("netsh script: set rule changes the values of every matching earlier rule", "[netsh-script]") {
    auto p = script(
        "netsh advfirewall firewall add rule name=Web dir=in action=allow protocol=tcp localport=80\n"
        "netsh advfirewall firewall add rule name=Web dir=out action=allow protocol=tcp remoteport=80\n"
        "netsh advfirewall firewall set rule name=Web dir=in new localport=8080 action=block\n"
        "netsh advfirewall firewall set rule name=web new enable=no\n");
    auto rules = find_rules(p, "Web");
    REQUIRE(rules.size() >= 2);
    bool in_block = false, out_allow = false;
    for (const Rule* r : rules) {
        CHECK_FALSE(r->enabled);
        in_block = in_block || (r->chain == "domain" && r->action == Action::drop);
        out_allow = out_allow || r->action == Action::accept;
    }
    CHECK(in_block);
    CHECK(out_allow);
    CHECK(script("netsh advfirewall firewall set rule name=x enable=no\n").diagnostics.front().message.find("'new'") !=
          std::string::npos);
}

TEST_CASE("netsh script: delete and set select rules by value, not by how the value was written", "[netsh-script]") {
    // protocol=6 is tcp, ports and addresses are sets, profiles and
    // directions as netsh reads them: each delete removes the rule it names.
    auto p = script(
        "netsh advfirewall firewall add rule name=Web dir=in action=allow protocol=tcp localport=80,443 "
        "remoteip=10.0.0.0/24,10.0.1.0/24\n"
        "netsh advfirewall firewall add rule name=Dns dir=in action=allow protocol=udp localport=53\n"
        "netsh advfirewall firewall add rule name=Mail dir=in action=allow protocol=tcp localport=25\n"
        "netsh advfirewall firewall delete rule name=Web protocol=6 localport=443,80 remoteip=10.0.0.0/23\n"
        "netsh advfirewall firewall set rule name=Dns protocol=17 new enable=no\n"
        "netsh advfirewall firewall delete rule name=Mail protocol=udp\n");
    CHECK(find_rules(p, "Web").empty());
    auto dns = find_rules(p, "Dns");
    REQUIRE_FALSE(dns.empty());
    for (const Rule* r : dns) CHECK_FALSE(r->enabled);
    CHECK_FALSE(has_diagnostic(p, 4, "matches no rule added earlier", Severity::note));
    CHECK_FALSE(has_diagnostic(p, 5, "matches no rule added earlier", Severity::note));
    // A different value still selects nothing: Mail is tcp.
    CHECK_FALSE(find_rules(p, "Mail").empty());
    CHECK(has_diagnostic(p, 6, "matches no rule added earlier", Severity::note));

    // ICMP types: whether protocol=icmpv4 selects icmpv4:8,any is not
    // documented, so that case is compared as written (README).
    auto icmp = script(
        "netsh advfirewall firewall add rule name=Ping dir=in action=allow protocol=icmpv4:8,any\n"
        "netsh advfirewall firewall delete rule name=Ping protocol=icmpv4\n"
        "netsh advfirewall firewall add rule name=Echo dir=in action=allow protocol=icmpv4:8,any\n"
        "netsh advfirewall firewall delete rule name=Echo protocol=icmpv4:8,any\n");
    CHECK_FALSE(find_rules(icmp, "Ping").empty());
    CHECK(has_diagnostic(icmp, 2, "matches no rule added earlier", Severity::note));
    CHECK(find_rules(icmp, "Echo").empty());
}

TEST_CASE("netsh script: netsh -r HOST changes another computer: reported, not applied", "[netsh-script]") {
    auto p = script(
        "netsh advfirewall firewall add rule name=Local dir=in action=allow protocol=tcp localport=443\n"
        "netsh -r fileserver02 advfirewall firewall add rule name=Remote dir=in action=allow protocol=tcp localport=22\n"
        "netsh -r fileserver02 -c \"advfirewall firewall\" delete rule name=Local\n"
        "netsh -r localhost advfirewall firewall add rule name=Here dir=in action=allow protocol=tcp localport=80\n"
        "netsh -r fileserver02 advfirewall set allprofiles state off\n");
    CHECK_FALSE(find_rules(p, "Local").empty());  // the delete was for the other computer
    CHECK(find_rules(p, "Remote").empty());
    CHECK_FALSE(find_rules(p, "Here").empty());
    CHECK(profile_chain(p, "inbound", "domain")->policy == Action::drop);  // state off was remote too
    for (int line : {2, 3, 5})
        CHECK(has_diagnostic(p, line, "netsh -r fileserver02: this command changes the firewall of another computer",
                             Severity::warning));
}

TEST_CASE("netsh script: legacy opmode with exceptions disabled names the allows it makes inert", "[netsh-script]") {
    auto p = script(
        "netsh firewall add portopening TCP 3389 RDP\n"
        "netsh firewall add allowedprogram C:\\tools\\x.exe X ENABLE\n"
        "netsh firewall set opmode mode=ENABLE exceptions=DISABLE\n");
    // Shields up: no inbound allow applies, and the note says which lines it leaves out.
    CHECK(has_diagnostic(p, 3, "its inbound allow rules are ignored (2 rules, lines 1, 2)", Severity::note));
}

TEST_CASE("netsh script: legacy profile= as netsh's help gives it (CURRENT by default, ALL without public)",
          "[netsh-script]") {
    auto p = script(
        "netsh firewall add portopening TCP 3389 RDP profile=ALL\n"
        "netsh firewall add portopening TCP 1433 SQL ENABLE profile=STANDARD\n"
        "netsh firewall add portopening TCP 80 Web ENABLE ALL profile = DOMAIN\n"
        "netsh firewall add portopening protocol=TCP port=8080 name=Alt\n"
        "netsh firewall add allowedprogram C:\\tools\\x.exe X ENABLE SUBNET\n");
    // ALL is domain and standard (private), "does not apply to the public profile"; STANDARD is private.
    CHECK(profiles_of(p, "RDP") == std::set<std::string>{"domain", "private"});
    CHECK(profiles_of(p, "SQL") == std::set<std::string>{"private"});
    CHECK(profiles_of(p, "Web") == std::set<std::string>{"domain"});
    // No profile= is CURRENT, which the script cannot tell: every profile, and one note naming the lines.
    CHECK(profiles_of(p, "Alt") == std::set<std::string>{"domain", "private", "public"});
    CHECK(profiles_of(p, "X") == std::set<std::string>{"domain", "private", "public"});
    CHECK(has_diagnostic(p, 4, "without profile= (or profile=CURRENT) changes the profile that is active",
                         Severity::note));
    CHECK(has_diagnostic(p, 4, "lines 4, 5 are applied to every profile", Severity::note));
    CHECK(count(p, Severity::note) == 2);  // that one and the assumed profile defaults
    CHECK(count(p, Severity::warning) == 0);

    // opmode profile=ALL turns the firewall off in domain and private only;
    // opmode without profile= is for the current profile.
    auto off = script("netsh firewall set opmode mode=DISABLE profile=ALL\n");
    CHECK(profile_chain(off, "inbound", "domain")->policy == Action::accept);
    CHECK(profile_chain(off, "inbound", "private")->policy == Action::accept);
    CHECK(profile_chain(off, "inbound", "public")->policy == Action::drop);
    CHECK_FALSE(has_diagnostic(off, 0, "profile=CURRENT", Severity::note));
    auto current = script("netsh firewall set opmode DISABLE\n");
    for (const char* profile : {"domain", "private", "public"})
        CHECK(profile_chain(current, "inbound", profile)->policy == Action::accept);
    CHECK(has_diagnostic(current, 1, "line 1 is applied to every profile", Severity::note));

    auto bad = script("netsh firewall add portopening protocol=TCP port=22 name=SSH profile=PUBLIC\n");
    CHECK(has_diagnostic(bad, 1, "expected profile=CURRENT, DOMAIN, STANDARD or ALL, found 'PUBLIC'",
                         Severity::warning));
    CHECK(profiles_of(bad, "SSH") == std::set<std::string>{"domain", "private", "public"});
}

TEST_CASE("netsh script: an empty port, address or protocol value is an error, never read as any", "[netsh-script]") {
    auto p = script("netsh advfirewall firewall add rule name=Cut dir=in action=allow protocol=tcp localport=\n"
                    "netsh advfirewall firewall add rule name=Web dir=in action=allow protocol=tcp localport=80\n"
                    "netsh advfirewall firewall set rule name=Web new remoteip= \n"
                    "netsh advfirewall firewall add rule name=Desc dir=in action=allow description= protocol=udp "
                    "localport=53\n");
    CHECK(find_rules(p, "Cut").empty());
    CHECK(has_diagnostic(p, 1, "expected a value after localport=, found nothing", Severity::error));
    CHECK(has_diagnostic(p, 3, "expected a value after remoteip=, found nothing", Severity::error));
    REQUIRE_FALSE(find_rules(p, "Web").empty());
    CHECK(find_rules(p, "Web").front()->match.project(Family::v4, src_dim).is_all(address_max(Family::v4)));
    CHECK_FALSE(find_rules(p, "Desc").empty());  // an empty description is fine

    // netsh refuses a set rule with one invalid new value as a whole: the valid ones do not apply either.
    auto set = script("netsh advfirewall firewall add rule name=Web dir=in action=allow protocol=tcp localport=80\n"
                      "netsh advfirewall firewall set rule name=Web new localport=8080 action=maybe\n");
    CHECK(has_diagnostic(set, 2, "expected action=allow, block or bypass, found 'maybe'", Severity::error));
    CHECK(has_diagnostic(set, 2, "set rule with an invalid value (see above): netsh refuses it", Severity::error));
    REQUIRE_FALSE(find_rules(set, "Web").empty());
    CHECK(find_rules(set, "Web").front()->match.project(Family::v4, dport_dim) == IntervalSet::single(80));

    // A group takes only enable=.
    auto group = script("netsh advfirewall firewall add rule name=Web dir=in action=allow protocol=tcp localport=80 "
                        "group=Sites enable=no\n"
                        "netsh advfirewall firewall set rule group=Sites new enable=yes localport=8080\n");
    CHECK(has_diagnostic(group, 2, "only enable= can be set on a group: netsh refuses localport=", Severity::error));
    REQUIRE_FALSE(find_rules(group, "Web").empty());
    CHECK_FALSE(find_rules(group, "Web").front()->enabled);
}

TEST_CASE("netsh script: add rules netsh refuses (name=all, bypass without IPsec) are errors and add nothing",
          "[netsh-script]") {
    auto p = script(
        "netsh advfirewall firewall add rule name=all dir=in action=allow\n"
        "netsh advfirewall firewall add rule name=\"Bypass bad\" dir=in action=bypass protocol=tcp localport=445\n"
        "netsh advfirewall firewall add rule name=\"Bypass no group\" dir=in action=bypass security=authenticate "
        "protocol=tcp localport=445\n"
        "netsh advfirewall firewall add rule name=\"Dyn out\" dir=out action=allow security=authdynenc\n"
        "netsh advfirewall firewall add rule name=\"Bypass ok\" dir=in action=bypass security=authenticate "
        "rmtcomputergrp=\"D:(A;;CC;;;S-1-5-21-1)\" protocol=tcp localport=445\n"
        "netsh advfirewall firewall add rule name=\"Bypass out\" dir=out action=bypass security=authenc\n");
    CHECK(p.rule_count() == 2);
    CHECK(has_diagnostic(p, 1, "a rule cannot be named 'all'", Severity::error));
    CHECK(has_diagnostic(p, 2, "action=bypass needs security=", Severity::error));
    CHECK(has_diagnostic(p, 3, "an inbound action=bypass needs rmtcomputergrp=", Severity::error));
    CHECK(has_diagnostic(p, 4, "security=authdynenc is for inbound rules only", Severity::error));
    CHECK_FALSE(find_rules(p, "Bypass ok").empty());
    CHECK_FALSE(find_rules(p, "Bypass out").empty());
}

TEST_CASE("netsh script: icmpv4:type,code, icmpv4:any,any and icmpv6", "[netsh-script]") {
    auto p = script("netsh advfirewall firewall add rule name=echo dir=in action=allow protocol=icmpv4:8,any\n"
                    "netsh advfirewall firewall add rule name=any-icmp dir=in action=allow protocol=icmpv4:any,any\n"
                    "netsh advfirewall firewall add rule name=v6 dir=in action=allow protocol=icmpv6:128,0\n"
                    "netsh advfirewall firewall add rule name=bad dir=in action=allow protocol=icmpv4:x,y\n");
    CHECK(p.rule_count() == 4);
    CHECK(count(p, Severity::warning) == 1);
    CHECK(has_diagnostic(p, 4, "expected icmp type,code", Severity::warning));
}

TEST_CASE("netsh script: reg add on the firewall keys sets profiles and adds rules", "[netsh-script]") {
    auto p = script(
        "reg add \"HKLM\\Software\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile\" /v \"DefaultOutboundAction\" "
        "/t REG_DWORD /d 1 /f\r\n"
        "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules "
        "/v Reg-Rule /t REG_SZ /d \"v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=8080|Name=from reg|\" /f\r\n"
        "reg add HKLM\\Software\\Other /v DefaultOutboundAction /t REG_DWORD /d 0 /f\r\n"
        "netsh advfirewall firewall add rule name=x dir=in action=allow\r\n");
    CHECK(profile_chain(p, "outbound", "public")->policy == Action::drop);
    CHECK(profile_chain(p, "outbound", "domain")->policy == Action::accept);
    auto r = find_rules(p, "Reg-Rule");
    REQUIRE_FALSE(r.empty());
    CHECK(r.front()->loc.line == 2);
    CHECK(p.rule_count() == 2);
}

TEST_CASE("netsh script: bad input is reported by line and never crashes", "[netsh-script]") {
    SECTION("an unterminated quote") {
        auto p = script("netsh advfirewall firewall add rule name=\"Web dir=in action=allow\n"
                        "netsh advfirewall firewall add rule name=ok dir=in action=allow\n");
        CHECK(has_diagnostic(p, 1, "unterminated", Severity::error));
        CHECK(p.rule_count() == 1);
    }
    SECTION("a truncated line") {
        auto p = script("netsh advfirewall firewall add rule name=half dir=in\n");
        CHECK(has_diagnostic(p, 1, "without action=", Severity::error));
        CHECK(p.rule_count() == 0);
    }
    SECTION("invalid values") {
        auto p = script("netsh advfirewall firewall add rule name=x dir=sideways action=allow\n"
                        "netsh advfirewall set allprofiles firewallpolicy blockeverything\n");
        CHECK(has_diagnostic(p, 1, "expected dir=in or out", Severity::error));
        CHECK(has_diagnostic(p, 2, "firewallpolicy", Severity::error));
        CHECK(p.rule_count() == 0);
    }
    SECTION("binary junk and a 1 MB line") {
        std::string junk("\x00\x01\xff\xfe netsh advfirewall firewall add rule \x80\x81\n", 45);
        std::string big = "netsh advfirewall firewall add rule name=" + std::string(1 << 20, 'b') +
                          " dir=in action=allow\n";
        auto p = script(junk + big + "netsh advfirewall firewall add rule name=last dir=out action=block\n");
        CHECK(has_diagnostic(p, 1, "without name=, dir=, action=", Severity::error));
        CHECK(p.rule_count() == 2);
        CHECK(find_rules(p, "last").front()->loc.line == 3);
    }
    SECTION("wrong encoding: UTF-16LE without a BOM, Windows-1252 names") {
        std::string u16;
        for (char c : std::string("netsh advfirewall firewall add rule name=x dir=in action=allow\r\n")) u16 += c, u16 += '\0';
        std::string format;
        auto p = load(u16, "nobom.cmd", &format);
        CHECK(format == "netsh-script");
        CHECK(p.rule_count() == 1);
        auto cp = load("netsh advfirewall firewall add rule name=\"Acc\xe8s \xe0 distance\" dir=in action=allow\r\n",
                       "cp1252.cmd");
        CHECK(cp.rule_count() == 1);
        CHECK(count(cp, Severity::error) == 0);
    }
    SECTION("netsh after if, for and junk on the same line") {
        auto p = script("if exist C:\\x netsh advfirewall firewall add rule name=a dir=in action=allow\n"
                        "for %%p in (80 443) do netsh advfirewall firewall add rule name=p%%p dir=in action=allow "
                        "protocol=tcp localport=%%p\n"
                        "echo netsh advfirewall firewall add rule name=printed dir=in action=allow\n");
        CHECK(p.rule_count() == 2);
        CHECK(find_rules(p, "printed").empty());
        CHECK(has_diagnostic(p, 2, "unexpanded variable %%p in localport", Severity::warning));
    }
    SECTION("an advfirewall firewall command that is not about rules") {
        auto p = script("netsh advfirewall firewall frobnicate rule name=x\n");
        CHECK(has_diagnostic(p, 1, "not an add, set, delete or show rule command", Severity::warning));
    }
    SECTION("a misspelt context word is reported, not dropped; other contexts are read past") {
        auto p = script("netsh advfirewall firewal add rule name=a dir=in action=allow\n"
                        "NETSH advfirewal firewall add rule name=b dir=in action=allow\n"
                        "netsh advfirewall export C:\\fw.wfw\n"
                        "netsh advfirewall set global statefulftp disable\n"
                        "netsh interface ip set address eth0 dhcp\n"
                        "netsh advfirewall firewall add rule name=c dir=in action=allow\n");
        CHECK(has_diagnostic(p, 1, "advfirewall firewal: expected firewall", Severity::warning));
        CHECK(has_diagnostic(p, 2, "netsh advfirewal: expected advfirewall or firewall", Severity::warning));
        CHECK(count(p, Severity::warning) == 2);  // lines 3-5 read past quietly
        CHECK(count(p, Severity::error) == 0);
        CHECK(p.rule_count() == 1);
    }
}

TEST_CASE("netsh script: every corpus file parses, every netsh rule line accounted for", "[netsh-script][corpus]") {
    const std::string dir = corpus_dir("netsh-script");
    if (dir.empty()) {
        WARN("../shared/corpus/netsh-script not found: corpus test skipped");
        return;
    }
    const std::regex rule_line(R"((^|\s)(add|set|delete)\s+(rule|portopening|allowedprogram)\b)", std::regex::icase);
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string path = entry.path().string();
        INFO(path);
        DecodedText d = decode_text(read_bytes(path));
        CHECK(detect_format(d.text) == "netsh-script");
        auto p = parse_netsh_script(std::make_shared<const std::string>(d.text), path);
        std::set<int> accounted = rule_or_error_lines(p);
        for (const auto& diag : p.diagnostics) accounted.insert(diag.loc.line);
        // Lines that add a rule must be a rule or a diagnostic; set/delete
        // lines change rules (no rule of their own) or are noted when they match none.
        std::size_t line_no = 0, missing = 0, adds = 0;
        std::size_t pos = 0;
        const std::string& t = d.text;
        std::set<int> changed_lines;
        while (pos < t.size()) {
            auto end = t.find('\n', pos);
            std::string line = t.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
            pos = end == std::string::npos ? t.size() : end + 1;
            ++line_no;
            std::string lower = line;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            auto first = lower.find_first_not_of(" \t@");
            if (first == std::string::npos || lower.compare(first, 3, "rem") == 0 || lower[first] == ':' ||
                lower[first] == '#' || lower.compare(first, 4, "echo") == 0)
                continue;
            if (lower.find("netsh") == std::string::npos || !std::regex_search(lower, rule_line)) continue;
            if (lower.find(" add ") != std::string::npos) ++adds;
            if (lower.find(" add ") != std::string::npos && !accounted.count(static_cast<int>(line_no))) {
                ++missing;
                UNSCOPED_INFO("line " << line_no << " is neither a rule nor a diagnostic: " << line.substr(0, 120));
            }
        }
        CHECK(missing == 0);
        CHECK(p.rule_count() + p.diagnostics.size() >= 1);
        (void)adds;
    }
}
