// PowerShell inputs: the cmdlet script replayed, CSV and JSON exports, the
// plain listing, bad input and the real-world corpus.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammars/powershell.hpp"
#include "parse/powershell.hpp"
#include "parse/powershell_internal.hpp"
#include "windows_test_support.hpp"

using namespace fwlint;
using namespace fwlint::test_windows;

namespace {

ParsedInput ps(const std::string& text) { return parse_powershell(std::make_shared<const std::string>(text), "t.ps1"); }

bool has_condition(const Rule& r, std::string_view text) {
    for (const auto& c : r.conditions)
        if (c.name.find(text) != std::string::npos || c.text.find(text) != std::string::npos) return true;
    return false;
}

// A list of concrete addresses and keywords becomes two IR rules: look at all of them.
bool any_condition(const ParsedInput& p, std::string_view id, std::string_view text) {
    for (const Rule* r : find_rules(p, id))
        if (has_condition(*r, text)) return true;
    return false;
}

}  // namespace

TEST_CASE("powershell: PEGTL's analyzer finds no rule that could loop without progress", "[powershell]") {
    CHECK(tao::pegtl::analyze<grammar::powershell::statement_line>(1) == 0);
    CHECK(tao::pegtl::analyze<grammar::powershell::separator>(1) == 0);
}

TEST_CASE("powershell: values: strings, arrays, barewords, variables", "[powershell]") {
    using powershell::evaluate;
    CHECK(evaluate("'it''s'").items == std::vector<std::string>{"it's"});
    CHECK(evaluate("\"a `\"b`\"\"").items == std::vector<std::string>{"a \"b\""});
    CHECK(evaluate("@(\"10.0.0.0/8\", 'LocalSubnet'\n  # comment\n  \"DNS\")").items ==
          std::vector<std::string>{"10.0.0.0/8", "LocalSubnet", "DNS"});
    CHECK(evaluate("49152-65535").items == std::vector<std::string>{"49152-65535"});
    CHECK(evaluate("$true").items == std::vector<std::string>{"True"});
    CHECK_FALSE(evaluate("$Group").known);
    CHECK_FALSE(evaluate("\"Loop $p\"").known);
    CHECK_FALSE(evaluate("@params").known);
    CHECK_FALSE(evaluate("([string[]]$ips)").known);
}

TEST_CASE("powershell: the CEP script, replayed in order", "[powershell]") {
    std::string format;
    auto p = load(fixture("cep-server.ps1"), "cep-server.ps1", &format);
    CHECK(format == "powershell");
    CHECK(p.format == "powershell");
    CHECK(p.rule_count() == 12);

    // Backtick continuations, @() arrays, comma lists, a description over two lines.
    auto https = find_rules(p, "CEP-HTTPS-In");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->loc.line == 7);
    CHECK(https.front()->display_name == "CEP HTTPS");
    CHECK(https.front()->comment == "Certificate enrollment policy.\r\nSecond line of the description.");
    CHECK(profiles_of(p, "CEP-HTTPS-In") == std::set<std::string>{"domain", "private"});
    CHECK(any_condition(p, "CEP-HTTPS-In", "LocalSubnet"));

    CHECK_FALSE(find_rules(p, "CEP-DC-TCP").empty());
    auto udp = find_rules(p, "CEP-DC-UDP");
    REQUIRE_FALSE(udp.empty());
    CHECK(udp.front()->action == Action::accept);  // New-NetFirewallRule's default
    CHECK(find_rules(p, "Block-CA").front()->action == Action::drop);
    CHECK(find_rules(p, "Admin-Bypass").front()->target == "Bypass");
    CHECK(find_rules(p, "Edge-App").front()->target_options == "edge=yes");

    // Variables: kept as unknown values, with warnings.
    CHECK(has_diagnostic(p, 18, "variable $port in -LocalPort", Severity::warning));
    CHECK(has_condition(*find_rules(p, "Web-Var").front(), "$port"));
    // Splatting the literal hashtable of line 19: its keys are the parameters, nothing unknown.
    CHECK_FALSE(has_diagnostic(p, 20, "splatting @rule", Severity::warning));
    REQUIRE_FALSE(find_rules(p, "Splatted").empty());
    for (const Rule* r : find_rules(p, "Splatted")) CHECK(r->conditions.empty());
    // Parameters abbreviated to a unique prefix bind as PowerShell binds them (-Prot, -LocalP, -Dir).
    CHECK(find_rules(p, "Odd").front()->conditions.empty());

    // Enable/Disable/Set/Remove act on the rules created before them.
    CHECK(find_rules(p, "Old-HTTP").front()->enabled);
    CHECK_FALSE(find_rules(p, "ICMP-Echo").front()->enabled);
    auto odd = find_rules(p, "Odd");
    REQUIRE_FALSE(odd.empty());
    CHECK(odd.front()->action == Action::drop);
    CHECK(odd.front()->loc.line == 21);
    CHECK(find_rules(p, "Temp").empty());
    CHECK(has_diagnostic(p, 28, "matches no rule created earlier", Severity::note));

    // What the cmdlet refuses is an error naming the line.
    CHECK(has_diagnostic(p, 29, "without -DisplayName", Severity::error));
    CHECK(has_diagnostic(p, 30, "Inbound or Outbound", Severity::error));

    // Inside a foreach block: read, with the loop variable unknown.
    CHECK(has_diagnostic(p, 32, "variable $p", Severity::warning));

    // Set-NetFirewallProfile states the defaults.
    CHECK_FALSE(has_diagnostic(p, 0, "defaults are not in this input", Severity::note));
    CHECK(profile_chain(p, "inbound", "domain")->policy == Action::drop);
}

TEST_CASE("powershell: a flattened CSV export", "[powershell]") {
    std::string format;
    auto p = load(fixture("rules-export.csv"), "rules-export.csv", &format);
    CHECK(format == "powershell-csv");
    CHECK(p.rule_count() == 5);
    auto https = find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->enabled);
    CHECK(https.front()->loc.line == 2);
    CHECK(https.front()->comment == "An incoming rule\nover two lines with \"quotes\"");
    CHECK_FALSE(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").front()->enabled);
    CHECK(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").front()->loc.line == 4);
    CHECK(profiles_of(p, "{0B5A7C2E-1D44-4F0B-9E61-3A2B8C7D9E10}") == std::set<std::string>{"domain", "private"});
    CHECK(has_condition(*find_rules(p, "RPC-In").front(), "RPC"));
    CHECK(has_diagnostic(p, 8, "Inbound or Outbound", Severity::error));
    CHECK(find_rules(p, "Bad-Row").empty());
}

TEST_CASE("powershell: CSV exports separated by ',' or a tab (Export-Csv -UseCulture, -Delimiter)", "[powershell]") {
    // A German or French Windows writes "Name";"DisplayName";... with -UseCulture.
    const std::string comma = fixture("rules-export.csv");
    for (const char* sep : {"\";\"", "\"\t\""}) {
        std::string text = comma;
        for (std::size_t at = 0; (at = text.find("\",\"", at)) != std::string::npos; at += 3) text.replace(at, 3, sep);
        INFO(sep);
        std::string format;
        auto p = load(text, "culture.csv", &format);
        CHECK(format == "powershell-csv");
        CHECK(p.rule_count() == 5);
        CHECK(profiles_of(p, "{0B5A7C2E-1D44-4F0B-9E61-3A2B8C7D9E10}") == std::set<std::string>{"domain", "private"});
        CHECK(find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP").front()->comment ==
              "An incoming rule\nover two lines with \"quotes\"");
        CHECK(has_diagnostic(p, 8, "Inbound or Outbound", Severity::error));
    }
}

TEST_CASE("powershell: JSON exports: arrays, a bare object, integer enums, nested filters", "[powershell]") {
    std::string format;
    auto p = load(fixture("rules-export.json"), "rules-export.json", &format);
    CHECK(format == "powershell-json");
    CHECK(p.rule_count() == 3);
    CHECK(count(p, Severity::error) == 0);
    auto https = find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->enabled);
    CHECK(https.front()->loc.line == 2);
    CHECK(any_condition(p, "IIS-WebServerRole-HTTPS-In-TCP", "LocalSubnet"));
    CHECK(profiles_of(p, "IIS-WebServerRole-HTTPS-In-TCP") == std::set<std::string>{"domain", "private", "public"});
    CHECK_FALSE(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").front()->enabled);
    CHECK(profiles_of(p, "IIS-WebServerRole-HTTP-In-TCP") == std::set<std::string>{"domain", "private"});
    auto block = find_rules(p, "Block-Out-CA");
    REQUIRE_FALSE(block.empty());
    CHECK(block.front()->action == Action::drop);
    CHECK(block.front()->chain == "domain");

    auto single = load(fixture("rule-single.json"), "rule-single.json", &format);
    CHECK(format == "powershell-json");
    CHECK(single.rule_count() == 1);
    CHECK_FALSE(find_rules(single, "RemoteDesktop-UserMode-In-TCP").front()->enabled);
    CHECK(has_diagnostic(single, 0, "ConvertTo-Json -Depth 4", Severity::warning));
    CHECK(has_diagnostic(single, 0, "cannot support port checks", Severity::warning));
}

TEST_CASE("powershell: a plain Get-NetFirewallRule listing: rules read, port checks refused", "[powershell]") {
    std::string format;
    auto p = load(fixture("get-netfirewallrule.txt"), "get-netfirewallrule.txt", &format);
    CHECK(format == "powershell");
    CHECK(p.rule_count() == 2);
    CHECK(has_diagnostic(p, 0, "cannot support port checks", Severity::warning));
    CHECK(has_diagnostic(p, 0, "Get-NetFirewallPortFilter", Severity::warning));
    auto https = find_rules(p, "IIS-WebServerRole-HTTPS-In-TCP");
    REQUIRE_FALSE(https.empty());
    CHECK(https.front()->enabled);
    CHECK(https.front()->loc.line == 2);
    CHECK(has_condition(*https.front(), "filters"));
    CHECK_FALSE(find_rules(p, "IIS-WebServerRole-HTTP-In-TCP").front()->enabled);
}

TEST_CASE("powershell: bad input is reported by line and never crashes", "[powershell]") {
    SECTION("an unterminated string costs its line, not the rest of the file") {
        auto p = ps("New-NetFirewallRule -DisplayName 'Web -Direction Inbound\n"
                    "New-NetFirewallRule -DisplayName ok -Protocol TCP -LocalPort 22\n");
        CHECK(has_diagnostic(p, 1, "unterminated", Severity::error));
        CHECK(p.rule_count() == 1);
    }
    SECTION("ports without -Protocol TCP or UDP: refused, unless the protocol is a variable") {
        auto p = ps("New-NetFirewallRule -DisplayName a -LocalPort 80\n"
                    "New-NetFirewallRule -DisplayName b -Protocol $proto -LocalPort 80\n");
        CHECK(has_diagnostic(p, 1, "need -Protocol TCP or UDP", Severity::error));
        CHECK(find_rules(p, "a").empty());
        CHECK_FALSE(find_rules(p, "b").empty());
    }
    SECTION("truncated: a parameter with no value at the end of the file") {
        auto p = ps("New-NetFirewallRule -DisplayName x -LocalPort");
        CHECK(has_diagnostic(p, 1, "-LocalPort has no value", Severity::warning));
    }
    SECTION("binary junk and a 1 MB line") {
        std::string junk("\x00\x01\xff\xfe New-NetFirewallRule \x80\n", 27);
        std::string big = "New-NetFirewallRule -DisplayName big -Description '" + std::string(1 << 20, 'd') + "'\n";
        auto p = ps(junk + big + "New-NetFirewallRule -DisplayName last -Direction Outbound -Action Block\n");
        CHECK(p.rule_count() == 2);
        CHECK(find_rules(p, "last").front()->loc.line == 3);
    }
    SECTION("a million nested parentheses: an error, not a stack overflow") {
        auto p = ps("Set-NetFirewallRule -DisplayName " + std::string(1000000, '(') + "\n"
                    "New-NetFirewallRule -DisplayName after\n");
        CHECK(has_diagnostic(p, 1, "expected ')'", Severity::error));
        CHECK(p.rule_count() == 1);
    }
    SECTION("wrong encoding: UTF-16LE without its BOM") {
        std::string u16;
        for (char c : std::string("New-NetFirewallRule -DisplayName x -Protocol TCP -LocalPort 80\r\n")) u16 += c, u16 += '\0';
        std::string format;
        auto p = load(u16, "nobom.ps1", &format);
        CHECK(format == "powershell");
        CHECK(p.rule_count() == 1);
    }
    SECTION("broken JSON and CSV") {
        auto j = parse_powershell_json(std::make_shared<const std::string>("[{\"Name\": \"a\",\n \"Direction\": }]"), "b.json");
        CHECK(has_diagnostic(j, 2, "not valid JSON", Severity::error));
        auto c = parse_powershell_csv(
            std::make_shared<const std::string>("\"Name\",\"DisplayName\",\"Direction\"\n\"a\",\"A\",\"Inbound\"\n\"b\",\"unterminated"),
            "b.csv");
        CHECK(c.rule_count() == 2);
        CHECK(has_diagnostic(c, 3, "unterminated", Severity::error));
        CHECK(has_diagnostic(c, 0, "cannot support port checks", Severity::warning));
    }
}

TEST_CASE("powershell: a misspelt cmdlet and parameters cut off by a missing backtick are errors naming the line",
          "[powershell]") {
    SECTION("a misspelt cmdlet: PowerShell fails on it, no rule, an error naming the line and the cmdlet meant") {
        auto p = ps("New-NetFirewallRule -DisplayName Ok -Direction Inbound -Protocol TCP -LocalPort 80\n"
                    "New-NetFirewalRule -DisplayName Typo -Direction Inbound -Protocol TCP -LocalPort 3389\n"
                    "Add-NetFirewallRule -DisplayName Verb -Direction Inbound\n"
                    "Set-NetFirewallRul -DisplayName Ok -Enabled False\n"
                    "Get-Service WinRM\n");
        CHECK(p.rule_count() == 1);
        CHECK(find_rules(p, "Typo").empty());
        CHECK(has_diagnostic(p, 2, "new-netfirewalrule: no such cmdlet (did you mean New-NetFirewallRule?)",
                             Severity::error));
        CHECK(has_diagnostic(p, 3, "add-netfirewallrule: no such cmdlet (did you mean New-NetFirewallRule?)",
                             Severity::error));
        CHECK(has_diagnostic(p, 4, "(did you mean Set-NetFirewallRule?)", Severity::error));
        REQUIRE_FALSE(find_rules(p, "Ok").empty());
        CHECK(find_rules(p, "Ok").front()->enabled);  // the misspelt Set- changed nothing
        CHECK(count(p, Severity::error) == 3);        // Get-Service is not a misspelling
    }
    SECTION("a continuation without its backtick: the rule is read without the lines after, which are an error") {
        auto p = ps("New-NetFirewallRule -DisplayName Web `\n"
                    "    -Direction Inbound -Protocol TCP -LocalPort 443\n"
                    "    -Action Block `\n"
                    "    -Profile Public\n"
                    "New-NetFirewallRule -DisplayName Next -Direction Inbound -Protocol TCP -LocalPort 22\n"
                    "-not (Test-Path C:\\x)\n");
        CHECK(p.rule_count() == 2);
        REQUIRE_FALSE(find_rules(p, "Web").empty());
        CHECK(find_rules(p, "Web").front()->action == Action::accept);  // -Action Block never reached it
        CHECK(has_diagnostic(p, 3,
                             "this line starts with a parameter (-Action) and no command: the line before it does "
                             "not continue onto it",
                             Severity::error));
        CHECK(has_diagnostic(p, 3, "PowerShell runs the new-netfirewallrule of line 1 without the parameters",
                             Severity::error));
        // One error for the statement, not one per continued line; a unary -not is not a parameter.
        CHECK(count(p, Severity::error) == 1);
        CHECK_FALSE(find_rules(p, "Next").empty());
    }
}

TEST_CASE("powershell: -OverrideBlockRules without -Authentication is refused like the cmdlet refuses it",
          "[powershell]") {
    auto p = ps("New-NetFirewallRule -DisplayName NoAuth -Direction Inbound -Protocol TCP -LocalPort 1433 "
                "-OverrideBlockRules $true\n"
                "New-NetFirewallRule -DisplayName Auth -Direction Inbound -Protocol TCP -LocalPort 1433 "
                "-OverrideBlockRules $true -Authentication Required -RemoteMachine \"O:LSD:(A;;CC;;;S-1-5-21-1)\"\n"
                "New-NetFirewallRule -DisplayName Var -Direction Inbound -OverrideBlockRules $true -Authentication $a\n");
    CHECK(find_rules(p, "NoAuth").empty());
    CHECK(has_diagnostic(p, 1, "-OverrideBlockRules needs -Authentication Required", Severity::error));
    CHECK_FALSE(find_rules(p, "Auth").empty());
    CHECK_FALSE(find_rules(p, "Var").empty());  // fwlint cannot tell what $a holds
    CHECK(count(p, Severity::error) == 1);
}

TEST_CASE("powershell: a cmdlet run on another computer (-CimSession) is reported, not applied here", "[powershell]") {
    auto p = ps("New-NetFirewallRule -DisplayName Local -Direction Inbound -Protocol TCP -LocalPort 443\n"
                "New-NetFirewallRule -CimSession srv2 -DisplayName Remote -Direction Inbound -Protocol TCP "
                "-LocalPort 22\n"
                "$s = New-CimSession -ComputerName srv3\n"
                "Set-NetFirewallProfile -CimSession $s -Profile Domain -Enabled False\n"
                "Remove-NetFirewallRule -DisplayName Local -CimSession $s\n"
                "New-NetFirewallRule -CimSession localhost -DisplayName Here -Direction Inbound\n");
    CHECK(find_rules(p, "Remote").empty());
    CHECK_FALSE(find_rules(p, "Local").empty());  // removed on srv3, not here
    CHECK_FALSE(find_rules(p, "Here").empty());
    CHECK(profile_chain(p, "inbound", "domain")->policy == Action::drop);  // the firewall stays on here
    CHECK(has_diagnostic(p, 2, "new-netfirewallrule -CimSession srv2: this command changes the firewall of another "
                               "computer",
                         Severity::warning));
    CHECK(has_diagnostic(p, 4, "set-netfirewallprofile -CimSession $s", Severity::warning));
    CHECK(has_diagnostic(p, 5, "remove-netfirewallrule -CimSession $s", Severity::warning));

    // A GPO store: read as this host's, with a warning; the local stores without one.
    auto gpo = ps("New-NetFirewallRule -PolicyStore \"contoso.com\\Servers\" -DisplayName G -Direction Inbound\n"
                  "New-NetFirewallRule -PolicyStore PersistentStore -DisplayName L -Direction Inbound\n"
                  "New-NetFirewallRule -GPOSession $gpo -DisplayName S -Direction Inbound\n"
                  "New-NetFirewallRule -PolicyStore $store -DisplayName V -Direction Inbound\n");
    CHECK(gpo.rule_count() == 4);
    CHECK_FALSE(has_diagnostic(gpo, 4, "Group Policy", Severity::warning));  // unknown: its own warning says so
    CHECK(has_diagnostic(gpo, 1, "writes to the Group Policy object contoso.com\\Servers, not to this computer's own",
                         Severity::warning));
    CHECK(has_diagnostic(gpo, 3, "writes to the Group Policy object $gpo", Severity::warning));
    CHECK_FALSE(has_diagnostic(gpo, 2, "Group Policy", Severity::warning));
}

TEST_CASE("powershell: splatting and script blocks are kept or reported, never silently dropped", "[powershell]") {
    SECTION("splatting: a literal hashtable gives the parameters; any other splat is a condition, with a warning") {
        auto p = ps("$params = @{ DisplayName = 'Web'; Direction = 'Inbound'; Protocol = 'TCP'; LocalPort = 443 }\n"
                    "New-NetFirewallRule @params\n"
                    "New-NetFirewallRule -DisplayName Extra -Direction Inbound -Protocol TCP @more -LocalPort 8443\n");
        CHECK(p.rule_count() == 2);
        CHECK_FALSE(has_diagnostic(p, 2, "splatting @params", Severity::warning));
        REQUIRE_FALSE(find_rules(p, "Web").empty());
        for (const Rule* r : find_rules(p, "Web")) CHECK(r->conditions.empty());
        CHECK(has_diagnostic(p, 3, "splatting @more: $more is not assigned a literal hashtable before line 3",
                             Severity::warning));
        CHECK(any_condition(p, "Extra", "@more"));
    }
    SECTION("a script block value of a parameter is an unknown value") {
        auto p = ps("New-NetFirewallRule -DisplayName Calc -Direction Inbound -Protocol TCP -LocalPort { 80 + 1 }\n");
        CHECK(p.rule_count() == 1);
        CHECK(has_diagnostic(p, 1, "expression { 80 + 1 } in -LocalPort", Severity::warning));
        CHECK(any_condition(p, "Calc", "80 + 1"));
    }
    SECTION("script blocks given to ForEach-Object and & are read once, their variables unknown") {
        auto p = ps("80, 8080 | ForEach-Object { New-NetFirewallRule -DisplayName \"Port $_\" -Direction Inbound "
                    "-Protocol TCP -LocalPort $_ }\n"
                    "& {\n  New-NetFirewallRule -DisplayName Inner -Direction Outbound -Action Block\n}\n");
        CHECK(p.rule_count() == 2);
        CHECK(has_diagnostic(p, 1, "script block given to foreach-object holds firewall cmdlets", Severity::note));
        CHECK(has_diagnostic(p, 1, "variable $_ in -LocalPort", Severity::warning));
        // Line numbers inside a block are the file's.
        REQUIRE(find_rules(p, "Inner").size() > 0);
        CHECK(find_rules(p, "Inner").front()->loc.line == 3);
    }
    SECTION("a script block run on another computer is reported, not read as this host's") {
        auto p = ps("Invoke-Command -ComputerName srv2 -ScriptBlock { New-NetFirewallRule -DisplayName R "
                    "-Direction Inbound }\n");
        CHECK(p.rule_count() == 0);
        CHECK(has_diagnostic(p, 1, "runs on another computer", Severity::warning));
    }
    SECTION("rules selected through Where-Object or a variable: unknown, nothing changed, reported") {
        auto p = ps("New-NetFirewallRule -DisplayName Web -Direction Inbound -Protocol TCP -LocalPort 80\n"
                    "Get-NetFirewallRule -DisplayName W* | Where-Object { $_.Profile -eq 'Public' } | "
                    "Disable-NetFirewallRule\n"
                    "$rules | Remove-NetFirewallRule\n");
        REQUIRE(find_rules(p, "Web").size() > 0);
        CHECK(find_rules(p, "Web").front()->enabled);
        CHECK(has_diagnostic(p, 2, "through where-object, which fwlint does not run", Severity::warning));
        CHECK(has_diagnostic(p, 3, "names no rule", Severity::warning));
    }
    SECTION("Get-NetFirewallRule | Get-NetFirewallPortFilter | Set-NetFirewallPortFilter narrows the rule") {
        auto p = ps("New-NetFirewallRule -DisplayName Web -Direction Inbound -Protocol TCP -LocalPort 80-90\n"
                    "Get-NetFirewallRule -DisplayName Web | Get-NetFirewallPortFilter | "
                    "Set-NetFirewallPortFilter -LocalPort 80\n");
        auto rules = find_rules(p, "Web");
        REQUIRE(rules.size() > 0);
        CHECK(rules.front()->match.project(Family::v4, dport_dim) == IntervalSet::single(80));
    }
}

TEST_CASE("powershell: every corpus file parses, every New-NetFirewallRule accounted for", "[powershell][corpus]") {
    const std::string dir = corpus_dir("powershell");
    if (dir.empty()) {
        WARN("../shared/corpus/powershell not found: corpus test skipped");
        return;
    }
    const std::regex create(R"(^\s*(\$\w+\s*=\s*)?New-NetFirewallRule\b)", std::regex::icase);
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string path = entry.path().string();
        INFO(path);
        DecodedText d = decode_text(read_bytes(path));
        CHECK(detect_format(d.text) == "powershell");
        auto p = parse_powershell(std::make_shared<const std::string>(d.text), path);
        std::set<int> accounted = rule_or_error_lines(p);
        for (const auto& diag : p.diagnostics) accounted.insert(diag.loc.line);
        std::size_t line_no = 0, missing = 0, pos = 0;
        const std::string& t = d.text;
        bool in_block_comment = false;
        while (pos < t.size()) {
            auto end = t.find('\n', pos);
            std::string line = t.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
            pos = end == std::string::npos ? t.size() : end + 1;
            ++line_no;
            if (line.find("<#") != std::string::npos) in_block_comment = true;
            if (line.find("#>") != std::string::npos) {
                in_block_comment = false;
                continue;
            }
            if (in_block_comment || !std::regex_search(line, create)) continue;
            if (!accounted.count(static_cast<int>(line_no))) {
                ++missing;
                UNSCOPED_INFO("line " << line_no << " is neither a rule nor a diagnostic: " << line.substr(0, 120));
            }
        }
        CHECK(missing == 0);
    }
}
