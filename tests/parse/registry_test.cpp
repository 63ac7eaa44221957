// Windows Firewall policy from registry exports: fixtures with every
// construct of FORMATS.md 3, damaged input, and the real-world corpus.
#include <catch2/catch.hpp>

#include <filesystem>

#include "parse/registry.hpp"
#include "parse/registry_text.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

namespace {

ParsedInput parse_reg(const std::string& text) {
    return parse_registry(std::make_shared<const std::string>(text), "test.reg");
}

const std::string rules_key =
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]\n";

}  // namespace

TEST_CASE("registry: a UTF-16LE .reg export of a CEP server is detected and read", "[registry]") {
    std::string format;
    auto p = load(fixture("cep-server.reg"), "cep-server.reg", &format);
    CHECK(format == "reg");
    CHECK(p.format == "reg");
    CHECK(count(p, Severity::error) == 0);
    CHECK(count(p, Severity::warning) == 0);
    // 8 local rules and 1 GPO rule; the Defaults key's rule is not active policy.
    CHECK(p.rule_count() == 9);
    CHECK(find_rules(p, "CoreNet-Defaults-In").empty());
    CHECK(has_diagnostic(p, 0, "factory defaults", Severity::note));

    auto https = find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->enabled);
    CHECK(https.front()->action == Action::accept);
    CHECK(https.front()->loc.line == 19);
    CHECK(https.front()->display_name == "@%windir%\\system32\\inetsrv\\iisres.dll,-30503");
    CHECK(profiles_of(p, "IIS-WebServerRole-HTTPS-In-TCP") == std::set<std::string>{"domain", "private", "public"});

    auto http = find_rules(p, "IIS-WebServerRole-HTTP-In-TCP");
    REQUIRE_FALSE(http.empty());
    CHECK_FALSE(http.front()->enabled);

    CHECK(profiles_of(p, "CEP-Out-DC-TCP") == std::set<std::string>{"domain"});
    CHECK(profiles_of(p, "{6A1C9E0B-3D2F-4C57-9B1A-2E7F0C4D8A11}") == std::set<std::string>{"public"});
    auto block = find_rules(p, "{6A1C9E0B-3D2F-4C57-9B1A-2E7F0C4D8A11}");
    REQUIRE_FALSE(block.empty());
    CHECK(block.front()->action == Action::drop);
    CHECK(block.front()->chain == "public");

    // Escaped quotes in the rule string are undone.
    auto ping = find_rules(p, "ICMP-Echo-In");
    REQUIRE_FALSE(ping.empty());
    CHECK(ping.front()->display_name == "Ping \"echo\" request");

    // Profile keys: inbound block, outbound allow, stated (not assumed).
    const Chain* domain_in = profile_chain(p, "inbound", "domain");
    REQUIRE(domain_in);
    CHECK(domain_in->policy == Action::drop);
    CHECK(domain_in->loc.line == 4);
    const Chain* public_out = profile_chain(p, "outbound", "public");
    REQUIRE(public_out);
    CHECK(public_out->policy == Action::accept);
    CHECK_FALSE(has_diagnostic(p, 0, "defaults are assumed", Severity::note));
}

TEST_CASE("registry: edge cases of FORMATS.md 3.1-3.3 in a REGEDIT4 file", "[registry]") {
    std::string format;
    auto p = load(fixture("registry-edge-cases.reg"), "registry-edge-cases.reg", &format);
    CHECK(format == "reg");

    // An offline hive (ControlSet001 under a mount root) is matched by suffix.
    // The GPO sets AllowLocalPolicyMerge=0 in the domain profile: local
    // rules lose that profile.
    CHECK(profiles_of(p, "Local-SMB-In") == std::set<std::string>{"public"});
    CHECK(has_diagnostic(p, 0, "AllowLocalPolicyMerge=0", Severity::note));
    // The local StandardProfile (= private) turns the firewall off there: no rules in it.
    CHECK(profiles_of(p, "GPO-HTTPS-In") == std::set<std::string>{"domain", "public"});

    // No Active field: disabled.
    auto no_active = find_rules(p, "Local-NoActive");
    REQUIRE_FALSE(no_active.empty());
    CHECK_FALSE(no_active.front()->enabled);

    // An unknown key is kept as a condition and warned about.
    auto hand = find_rules(p, "Local-HandWritten");
    REQUIRE_FALSE(hand.empty());
    CHECK(has_diagnostic(p, 8, "unknown key 'RemoteIP'", Severity::warning));
    bool kept = false;
    for (const auto& c : hand.front()->conditions) kept = kept || c.name.find("RemoteIP") != std::string::npos;
    CHECK(kept);

    // No trailing '|': read, with a warning on that line.
    CHECK_FALSE(find_rules(p, "Local-NoTrailingBar").empty());
    CHECK(has_diagnostic(p, 9, "does not end with '|'", Severity::warning));

    // A '|' in the name: the piece after it is an error, the rule is still read.
    CHECK(has_diagnostic(p, 10, "no escaping", Severity::error));
    CHECK_FALSE(find_rules(p, "Local-PipeInName").empty());

    // No Action: not a rule, an error naming the line.
    CHECK(find_rules(p, "Local-NoAction").empty());
    CHECK(has_diagnostic(p, 11, "no valid Action", Severity::error));

    // "name"=- deletes the value set on the line before.
    CHECK(find_rules(p, "Local-Deleted").empty());

    // A DWORD under FirewallRules is not a rule string.
    CHECK(has_diagnostic(p, 14, "not a rule string", Severity::error));

    // Registry spellings of keywords are understood, nothing unknown.
    CHECK_FALSE(has_diagnostic(p, 15, "unknown", Severity::warning));
    auto kw = find_rules(p, "Local-Keywords");
    REQUIRE_FALSE(kw.empty());

    // ByPass with an authorization list: bypass action, RMAuth kept, no warning.
    auto auth = find_rules(p, "Local-Auth");
    REQUIRE_FALSE(auth.empty());
    CHECK(auth.front()->target == "Bypass");
    CHECK_FALSE(has_diagnostic(p, 16, "unknown", Severity::warning));

    // RestrictedServices is not merged into the rule list.
    CHECK(find_rules(p, "WSH-1").empty());
    CHECK(has_diagnostic(p, 0, "service-hardening", Severity::note));

    // The local StandardProfile turns the private profile's firewall off.
    const Chain* private_in = profile_chain(p, "inbound", "private");
    REQUIRE(private_in);
    CHECK(private_in->policy == Action::accept);
    CHECK(has_diagnostic(p, 0, "firewall is off in the private profile", Severity::note));
    // The GPO DomainProfile blocks outbound by default.
    const Chain* domain_out = profile_chain(p, "outbound", "domain");
    REQUIRE(domain_out);
    CHECK(domain_out->policy == Action::drop);
}

TEST_CASE("registry: reg query output is detected and read", "[registry]") {
    std::string format;
    auto p = load(fixture("reg-query.txt"), "reg-query.txt", &format);
    CHECK(format == "reg-query");
    CHECK(p.format == "reg-query");
    CHECK(p.rule_count() == 2);
    auto https = find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->loc.line == 8);
    CHECK(https.front()->display_name == "World Wide Web Services (HTTPS Traffic-In)");
    CHECK(find_rules(p, "CES-Out-CA-RPC").size() >= 1);
    CHECK(has_diagnostic(p, 10, "version", Severity::error));
    const Chain* domain_in = profile_chain(p, "inbound", "domain");
    REQUIRE(domain_in);
    CHECK(domain_in->policy == Action::drop);
}

TEST_CASE("registry: a GPO StandardProfile key covers private and public when they have none", "[registry]") {
    auto p = parse_reg("REGEDIT4\n"
                       "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile]\n"
                       "\"DefaultOutboundAction\"=dword:00000001\n"
                       "\"AllowLocalPolicyMerge\"=dword:00000000\n" +
                       rules_key + "\"L\"=\"v2.33|Action=Allow|Active=TRUE|Dir=Out|Name=l|\"\n");
    CHECK(profile_chain(p, "outbound", "private")->policy == Action::drop);
    CHECK(profile_chain(p, "outbound", "public")->policy == Action::drop);
    CHECK(profile_chain(p, "outbound", "domain")->policy == Action::accept);
    CHECK(profiles_of(p, "L") == std::set<std::string>{"domain"});
}

TEST_CASE("registry: local rules inert in every profile are reported, not silently dropped", "[registry]") {
    std::string gpo = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\";
    auto p = parse_reg("REGEDIT4\n" + gpo + "DomainProfile]\n\"AllowLocalPolicyMerge\"=dword:00000000\n" + gpo +
                       "PrivateProfile]\n\"AllowLocalPolicyMerge\"=dword:00000000\n" + gpo +
                       "PublicProfile]\n\"AllowLocalPolicyMerge\"=dword:00000000\n" + rules_key +
                       "\"L\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=22|Name=ssh|\"\n");
    CHECK(p.rule_count() == 0);
    CHECK(has_diagnostic(p, 9, "local rule 'L' has no effect", Severity::note));
}

TEST_CASE("registry: a [-KEY] line deletes the rules read before it", "[registry]") {
    auto p = parse_reg("REGEDIT4\n" + rules_key + "\"A\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Name=a|\"\n" + "[-" +
                       rules_key.substr(1) + rules_key + "\"B\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Name=b|\"\n");
    CHECK(find_rules(p, "A").empty());
    CHECK_FALSE(find_rules(p, "B").empty());
}

TEST_CASE("registry: bad input never crashes and every value is a rule or an error", "[registry]") {
    SECTION("truncated file: the last rule string cut in half") {
        auto p = parse_reg("Windows Registry Editor Version 5.00\r\n" + rules_key +
                           "\"A\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=443|\"\r\n"
                           "\"B\"=\"v2.33|Action=Allow|Active=TR");
        CHECK(p.rule_count() == 1);
        CHECK(has_diagnostic(p, 4, "unterminated", Severity::error));
    }
    SECTION("binary junk between values") {
        std::string junk("\x00\x01\xfe\xff\x80garbage\x00\n", 14);
        auto p = parse_reg("REGEDIT4\n" + rules_key + junk + "\"A\"=\"v2.33|Action=Block|Active=TRUE|Dir=Out|\"\n");
        CHECK(p.rule_count() == 1);
        CHECK(has_diagnostic(p, 3, "expected", Severity::error));
    }
    SECTION("a 1 MB line") {
        std::string big = "\"Big\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Name=" + std::string(1 << 20, 'n') + "|\"\n";
        auto p = parse_reg("REGEDIT4\n" + rules_key + big + "\"After\"=\"v2.33|Action=Block|Active=TRUE|Dir=In|\"\n");
        CHECK(p.rule_count() == 2);
        CHECK(find_rules(p, "After").front()->loc.line == 4);
    }
    SECTION("wrong encoding: Windows-1252 bytes and UTF-16LE without its BOM are still read") {
        auto cp = load("REGEDIT4\r\n" + rules_key + "\"R\xe9seau\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|Name=Acc\xe8s|\"\r\n",
                       "cp1252.reg");
        CHECK(cp.rule_count() == 1);
        CHECK(count(cp, Severity::error) == 0);
        std::string u16;
        for (char c : "Windows Registry Editor Version 5.00\r\n" + rules_key +
                          "\"A\"=\"v2.33|Action=Allow|Active=TRUE|Dir=In|\"\r\n")
            u16 += c, u16 += '\0';
        auto p = load(u16, "nobom.reg");
        CHECK(p.format == "reg");
        CHECK(p.rule_count() == 1);
    }
    SECTION("a rule string with unknown keys and values") {
        auto p = parse_reg("REGEDIT4\n" + rules_key +
                           "\"U\"=\"v2.99|Action=Allow|Active=MAYBE|Dir=In|Protocol=6|LPort=Bogus|Frob=1|\"\n");
        REQUIRE(find_rules(p, "U").size() >= 1);
        CHECK_FALSE(find_rules(p, "U").front()->enabled);
        CHECK(has_diagnostic(p, 3, "Active=TRUE or FALSE", Severity::warning));
        CHECK(has_diagnostic(p, 3, "unknown port 'Bogus'", Severity::warning));
        CHECK(has_diagnostic(p, 3, "unknown key 'Frob'", Severity::warning));
    }
}

TEST_CASE("registry: the binary .wfw export is refused with a clear message", "[registry]") {
    std::string hive = "regf" + std::string(60, '\0');
    CHECK(unsupported_input(hive).find("binary policy export not supported") != std::string::npos);
    CHECK(detect_format(decode_text(hive).text).empty());
    CHECK(unsupported_input("*filter\n").empty());
}

TEST_CASE("registry: every corpus file parses, every rule value accounted for", "[registry][corpus]") {
    const std::string dir = corpus_dir("winreg");
    if (dir.empty()) {
        WARN("../shared/corpus/winreg not found: corpus test skipped");
        return;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string path = entry.path().string();
        INFO(path);
        const std::string bytes = read_bytes(path);
        DecodedText d = decode_text(bytes);
        if (entry.path().extension() == ".wfw") {
            CHECK(detect_format(d.text).empty());
            CHECK(unsupported_input(d.text).find("binary policy export not supported") != std::string::npos);
            continue;
        }
        CHECK(detect_format(d.text) == "reg");
        auto p = parse_registry(std::make_shared<const std::string>(d.text), path);
        // Every value line under a FirewallRules key is a rule or a diagnostic.
        std::set<int> accounted = rule_or_error_lines(p);
        for (const auto& diag : p.diagnostics) accounted.insert(diag.loc.line);
        RegistryText text = read_registry_text(d.text, path);
        std::size_t rule_values = 0, missing = 0;
        for (const auto& v : text.values) {
            std::string key = v.key;
            for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (!key.ends_with("\\firewallrules") || key.find("\\defaults\\") != std::string::npos) continue;
            ++rule_values;
            if (!accounted.count(v.line)) ++missing;
        }
        CHECK(missing == 0);
        if (path.find("gorstak") != std::string::npos) {
            CHECK(rule_values == 7410);
            CHECK(p.rule_count() == 7410);
        }
    }
}
