#include <catch2/catch.hpp>

#include <filesystem>

#include "parse/input.hpp"
#include "parse/netsh_show.hpp"

using namespace fwlint;

namespace {

std::string fixture_text(const std::string& name) {
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/" + name, error);
    REQUIRE(bytes);
    return decode_text(std::move(*bytes)).text;
}

const WindowsRuleSpec* find(const NetshShowResult& r, std::string_view name) {
    for (const auto& s : r.specs)
        if (s.display_name == name) return &s;
    return nullptr;
}

bool has_diag(const NetshShowResult& r, int line, Severity sev, std::string_view text) {
    for (const auto& d : r.diagnostics)
        if (d.loc.line == line && d.severity == sev && d.message.find(text) != std::string::npos) return true;
    return false;
}

std::string block(const std::string& name, const std::string& action = "Allow") {
    return "Rule Name:                            " + name +
           "\n----------------------------------------------------------------------\n"
           "Enabled:                              Yes\nDirection:                            In\n"
           "Profiles:                             Domain\nProtocol:                             TCP\n"
           "LocalPort:                            443\nAction:                               " +
           action + "\n\n";
}

}  // namespace

TEST_CASE("netsh show rule verbose output in English: every field") {
    std::string text = fixture_text("netsh-show-en.txt");
    NetshShowResult r = read_netsh_show(text, "en.txt");
    CHECK(r.language == "en");
    CHECK(r.rule_blocks == 9);
    REQUIRE(r.specs.size() == 9);

    const auto* https = find(r, "World Wide Web Services (HTTPS Traffic-In)");
    REQUIRE(https);
    CHECK(https->enabled);
    CHECK(https->direction == WindowsDirection::in);
    CHECK(https->action == WindowsAction::allow);
    CHECK(https->profiles == all_profiles);
    CHECK(https->group == "World Wide Web Services (HTTPS)");
    CHECK(https->description.find("[TCP 443]") != std::string::npos);
    CHECK(https->protocol == 6u);
    REQUIRE(https->local_ports.size() == 1);
    CHECK(https->local_ports[0].lo == 443);
    CHECK(https->remote_ports.empty());
    CHECK(https->program == "System");
    CHECK(https->service.empty());
    CHECK(https->scope_known);
    CHECK(https->security == "NotRequired");
    CHECK(https->loc.line == 35);
    CHECK(https->text.substr(0, 10) == "Rule Name:");
    CHECK(https->text.find("Action:                               Allow") != std::string_view::npos);

    CHECK_FALSE(find(r, "World Wide Web Services (HTTP Traffic-In)")->enabled);

    // A rule name holding a colon; address lists with ranges and keywords.
    const auto* rdp = find(r, "Admin: RDP from jump hosts");
    REQUIRE(rdp);
    CHECK(rdp->profiles == profile_domain);
    CHECK(rdp->group.empty());
    REQUIRE(rdp->remote_addresses.size() == 3);
    CHECK(rdp->remote_addresses[1].set->values.size() == 5);
    CHECK(rdp->remote_addresses[2].keyword == "LocalSubnet");
    CHECK(rdp->service == "TermService");
    CHECK(rdp->interface_types == std::vector<std::string>{"LAN"});

    const auto* app = find(r, "App ports: range, list and keywords");
    REQUIRE(app);
    REQUIRE(app->local_ports.size() == 4);
    CHECK(app->local_ports[0].hi == 8445);
    CHECK(app->local_ports[2].keyword == "RPC-EPMap");
    CHECK(app->local_ports[3].keyword == "RPC");
    CHECK(app->edge == EdgeTraversal::defer_to_user);
    REQUIRE(app->remote_addresses.size() == 2);
    CHECK(app->remote_addresses[1].set->family == Family::v6);

    CHECK(find(r, "Teredo edge: inbound from the Internet")->edge == EdgeTraversal::allow);

    const auto* ping = find(r, "Block ping from the Internet");
    REQUIRE(ping);
    CHECK(ping->protocol == 1u);
    REQUIRE(ping->icmp.size() == 2);
    CHECK(ping->icmp[0].type == 8);
    CHECK_FALSE(ping->icmp[0].code);
    CHECK(ping->icmp[1].code == 0u);

    const auto* dns = find(r, "Core Networking - DNS (UDP-Out)");
    REQUIRE(dns);
    CHECK(dns->direction == WindowsDirection::out);
    REQUIRE(dns->remote_addresses.size() == 2);
    CHECK(dns->remote_addresses[0].keyword == "DNS");

    const auto* bypass = find(r, "Authenticated admin bypass");
    REQUIRE(bypass);
    CHECK(bypass->action == WindowsAction::bypass);
    CHECK_FALSE(bypass->protocol);
    CHECK(bypass->security == "Authenticate");
    REQUIRE(bypass->attributes.size() == 1);
    CHECK(bypass->attributes[0].name == "Remote computer group");
    CHECK(has_diag(r, bypass->attributes[0].loc.line, Severity::warning, "unknown label 'Remote computer group'"));

    CHECK(find(r, "GRE to the VPN concentrator")->protocol == 47u);

    // The allprofiles sections at the top: stated, not assumed.
    CHECK(r.profile_sections == 3);
    CHECK_FALSE(r.defaults.assumed);
    CHECK(r.defaults.profiles[2].default_inbound == WindowsAction::block);
    CHECK(r.defaults.profiles[2].loc.line > 0);
    CHECK(r.diagnostics.size() == 1);  // only the unknown label
}

TEST_CASE("netsh show rule output from a German server in CP850 with CRLF") {
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/netsh-show-de-cp850.txt", error);
    REQUIRE(bytes);
    CHECK(bytes->find("Dom\x84ne") != std::string::npos);  // the raw file really is CP850
    DecodedText decoded = decode_text(std::move(*bytes));
    CHECK(decoded.encoding == "CP850");
    NetshShowResult r = read_netsh_show(decoded.text, "de.txt");
    CHECK(r.language == "de");
    REQUIRE(r.specs.size() == 4);
    const auto* https = find(r, "WWW-Dienste (HTTPS-Datenverkehr eingehend)");
    REQUIRE(https);
    CHECK(https->enabled);
    CHECK(https->profiles == all_profiles);
    CHECK(https->remote_addresses.empty());  // Beliebig
    CHECK_FALSE(https->scope_known);         // not verbose
    CHECK_FALSE(find(r, "WWW-Dienste (HTTP-Datenverkehr eingehend)")->enabled);
    const auto* smb = find(r, "Datei- und Druckerfreigabe (SMB eingehend)");
    REQUIRE(smb);
    CHECK(smb->action == WindowsAction::block);
    CHECK(smb->profiles == profile_domain);
    const auto* ping = find(r, "Ping blockieren");
    REQUIRE(ping);
    CHECK(ping->direction == WindowsDirection::out);  // "Aus"
    CHECK(ping->profiles == profile_public);
    REQUIRE(ping->icmp.size() == 1);
    CHECK_FALSE(ping->icmp[0].code);
    CHECK(r.profile_sections == 3);
    CHECK_FALSE(r.defaults.assumed);
    // Only the note that the output is not verbose.
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Severity::note);
    CHECK(r.diagnostics[0].message.find("scope unknown") != std::string::npos);
}

TEST_CASE("netsh show rule output in French: space before the colon, translated values") {
    NetshShowResult r = read_netsh_show(fixture_text("netsh-show-fr.txt"), "fr.txt");
    CHECK(r.language == "fr");
    REQUIRE(r.specs.size() == 2);
    const auto* https = find(r, "Services World Wide Web (trafic HTTPS entrant)");
    REQUIRE(https);
    CHECK(https->profiles == all_profiles);
    CHECK(https->action == WindowsAction::allow);
    // "Direction : Actif" (a translation artefact of In, FORMATS.md 1.3): read as inbound, with a note.
    const auto* rpc = find(r, "Bloquer le RPC : plage large");
    REQUIRE(rpc);
    CHECK(rpc->direction == WindowsDirection::in);
    CHECK(has_diag(r, 18, Severity::note, "'Direction : Actif' is how some French builds print In"));
    CHECK_FALSE(has_diag(r, 15, Severity::warning, "no readable direction"));
    CHECK(r.defaults.assumed);
    // Only the labels FORMATS.md 1.3 saw in a French capture: no note about guessed ones.
    CHECK_FALSE(has_diag(r, 0, Severity::note, "not verified against real French netsh output"));
}

TEST_CASE("netsh show rule verbose output in French (CP850): the unverified labels are read and named in a note") {
    // The verbose-only French labels (Programme, Sécurité...) and values such as
    // Entrée/Sortie are translations no public French capture confirms: the
    // fixture is hand-written, and the reader says which guessed labels it used.
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/netsh-show-fr-cp850.txt", error);
    REQUIRE(bytes);
    DecodedText decoded = decode_text(std::move(*bytes));
    CHECK(decoded.encoding == "CP850");
    NetshShowResult r = read_netsh_show(decoded.text, "fr850.txt");
    CHECK(r.language == "fr");
    REQUIRE(r.specs.size() == 4);
    for (const auto& d : r.diagnostics) CHECK(d.severity == Severity::note);  // nothing unknown
    CHECK(has_diag(r, 0, Severity::note, "French labels 'IP locale' (line 7), 'IP distante' (line 8)"));
    CHECK(has_diag(r, 0, Severity::note, "'Programme' (line 13)"));
    CHECK(has_diag(r, 0, Severity::note, "'Sécurité' (line 16)"));
    CHECK(has_diag(r, 0, Severity::note, "not verified against real French netsh output"));

    const auto* https = find(r, "Services World Wide Web (trafic HTTPS entrant)");
    REQUIRE(https);
    CHECK(https->direction == WindowsDirection::in);    // Entrée
    CHECK(https->action == WindowsAction::allow);        // Autoriser
    CHECK(https->profiles == all_profiles);              // Domaine,Privé,Public
    CHECK(https->enabled);                               // Oui
    CHECK(https->program == "System");                   // Programme
    CHECK(https->service.empty());                       // Tout
    CHECK(https->scope_known);
    CHECK(https->local_ports.size() == 1);               // Port local
    CHECK(https->remote_addresses.empty());              // IP distante : Tout

    const auto* smb = find(r, "Bloquer SMB sortant (référentiel de sécurité)");
    REQUIRE(smb);
    CHECK(smb->direction == WindowsDirection::out);      // Sortie
    CHECK(smb->action == WindowsAction::block);          // Bloquer
    CHECK(smb->profiles == profile_domain);
    REQUIRE(smb->remote_ports.size() == 1);
    CHECK(smb->remote_ports[0].lo == 445);
    REQUIRE(smb->remote_addresses.size() == 1);

    const auto* admin = find(r, "Administration authentifiée");
    REQUIRE(admin);
    CHECK(admin->action == WindowsAction::bypass);       // Contourner
    CHECK(admin->profiles == profile_private);           // Privé
    CHECK(admin->edge == EdgeTraversal::defer_to_user);  // Différer à l'utilisateur
    CHECK(admin->interface_types == std::vector<std::string>{"LAN"});  // Types d'interface
    CHECK(admin->security == "Authenticate");            // Sécurité
    REQUIRE(admin->remote_addresses.size() == 1);
    CHECK(admin->remote_addresses[0].keyword == "LocalSubnet");

    const auto* ping = find(r, "Partage de fichiers et d'imprimantes (Demande d'écho - Trafic entrant ICMPv4)");
    REQUIRE(ping);
    CHECK_FALSE(ping->enabled);                          // Non
    CHECK(ping->protocol == 1u);
    REQUIRE(ping->icmp.size() == 1);                     // Type Code / 8 Tout
    CHECK(ping->icmp[0].type == 8);
    CHECK_FALSE(ping->icmp[0].code);
}

TEST_CASE("netsh show rule in French (Windows-1252): the command's dir= gives the direction 'Actif' does not") {
    std::string error;
    auto bytes = read_file_bytes(FWLINT_SOURCE_DIR "/fixtures/windows/netsh-show-fr-cp1252.txt", error);
    REQUIRE(bytes);
    DecodedText decoded = decode_text(std::move(*bytes));
    CHECK(decoded.encoding == "Windows-1252");
    NetshShowResult r = read_netsh_show(decoded.text, "fr1252.txt");
    REQUIRE(r.specs.size() == 2);
    for (const auto& d : r.diagnostics) CHECK(d.severity == Severity::note);  // the command line is no error
    const auto* rdp = find(r, "Bureau à distance - Mode utilisateur (TCP-Entrée)");
    REQUIRE(rdp);
    CHECK(rdp->direction == WindowsDirection::in);
    CHECK(rdp->service == "termservice");
    CHECK(rdp->profiles == (profile_domain | profile_private));
    // No direction word in its name: only `dir=in` tells.
    const auto* snmp = find(r, "Règle de l'équipe réseau");
    REQUIRE(snmp);
    CHECK(snmp->direction == WindowsDirection::in);
    CHECK(snmp->action == WindowsAction::block);

    SECTION("without the command line, 'Actif' is read as In (FORMATS.md 1.3) with a note") {
        std::string text = decoded.text.substr(decoded.text.find("Nom de la"));
        NetshShowResult r2 = read_netsh_show(text, "fr.txt");
        REQUIRE(r2.specs.size() == 2);
        for (const auto& s : r2.specs) CHECK(s.direction == WindowsDirection::in);
        CHECK(has_diag(r2, 4, Severity::note, "'Direction : Actif' is how some French builds print In"));
    }
    SECTION("dir=out in the command wins over a Direction line that says In, with a warning") {
        std::string text = "PS C:\\> netsh advfirewall firewall show rule name=all dir=out\n\n" + block("X");
        NetshShowResult r3 = read_netsh_show(text, "out.txt");
        REQUIRE(r3.specs.size() == 1);
        CHECK(r3.specs[0].direction == WindowsDirection::out);
        CHECK(has_diag(r3, 3, Severity::warning, "lists only dir=out rules"));
    }
}

TEST_CASE("netsh show rule: cut blocks, unknown labels and junk are reported by line") {
    NetshShowResult r = read_netsh_show(fixture_text("netsh-show-bad.txt"), "bad.txt");
    CHECK(r.rule_blocks == 4);
    REQUIRE(r.specs.size() == 2);
    CHECK(has_diag(r, 1, Severity::error, "lines 1-5 are rule fields without a 'Rule Name:' line"));
    CHECK(has_diag(r, 9, Severity::warning, "unknown Enabled value 'Perhaps'"));
    CHECK(has_diag(r, 16, Severity::warning, "unknown port or keyword 'Frobnicate'"));
    CHECK(has_diag(r, 18, Severity::warning, "unknown label 'Frobnication level'"));
    CHECK(has_diag(r, 22, Severity::error, "rule 'Cut in half' is cut off"));
    CHECK(has_diag(r, 35, Severity::error, "expected the end of the ICMP row after the code, found '!y'"));
    CHECK(has_diag(r, 37, Severity::error, "expected a 'Label: value' line"));
    CHECK(has_diag(r, 40, Severity::error, "rule 'Truncated at end of file' is cut off"));
    const auto* complete = find(r, "Complete rule");
    REQUIRE(complete);
    REQUIRE(complete->attributes.size() == 1);
    CHECK(complete->attributes[0].value == "11");
    CHECK(complete->local_ports.back().keyword == "Frobnicate");
    const auto* icmp = find(r, "ICMP with a bad row");
    REQUIRE(icmp);
    REQUIRE(icmp->icmp.size() == 1);  // the good row
    CHECK(icmp->icmp[0].code == 4u);
}

TEST_CASE("netsh show rule: empty, no rules, binary junk and a huge line never crash") {
    CHECK(read_netsh_show("", "e.txt").specs.empty());
    auto none = read_netsh_show("\r\nNo rules match the specified criteria.\r\n", "n.txt");
    CHECK(none.specs.empty());
    CHECK(none.diagnostics.empty());

    std::string junk = block("Before junk") + std::string("\x01\x02\xFF\xFE\x00garbage\n", 13) + block("After junk");
    auto j = read_netsh_show(decode_text(junk).text, "j.txt");
    CHECK(j.specs.size() == 2);
    CHECK(j.diagnostics.size() == 2);  // the junk line, the not-verbose note

    std::string huge = block("Huge") + "Description: " + std::string(1 << 20, 'x') + "\n" + block("After huge");
    auto h = read_netsh_show(huge, "h.txt");
    CHECK(h.specs.size() == 2);

    // A name-only block followed at once by another: the first is cut off.
    auto cut = read_netsh_show("Rule Name: only a name\n" + block("Next"), "c.txt");
    CHECK(cut.specs.size() == 1);
    CHECK(cut.rule_blocks == 2);
}

TEST_CASE("netsh show output is detected and parsed into Windows policies") {
    std::string en = fixture_text("netsh-show-en.txt");
    CHECK(detect_format(en) == "netsh-show");
    CHECK(detect_format(fixture_text("netsh-show-de-cp850.txt")) == "netsh-show");
    CHECK(detect_format(fixture_text("netsh-show-fr.txt")) == "netsh-show");
    CHECK(detect_format("No rules match the specified criteria.\r\n") == "netsh-show");
    CHECK(detect_format("Rule Name: x\nsomething else\n") == "");
    auto parsed = parse_input(en, "netsh-show", "en.txt");
    REQUIRE(parsed);
    CHECK(parsed->format == "netsh-show");
    CHECK(parsed->rule_count() == 9);
    REQUIRE(parsed->policies.size() == 4);
    CHECK(parsed->policies[0].order == EvaluationOrder::windows_precedence);
}

TEST_CASE("every netsh show file of the shared corpus is read with every rule block accounted for") {
    const std::filesystem::path dir = FWLINT_SOURCE_DIR "/../shared/corpus/netsh-show";
    if (!std::filesystem::is_directory(dir)) {
        WARN("no ../shared/corpus/netsh-show: corpus test skipped");
        return;
    }
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string error;
        auto bytes = read_file_bytes(entry.path().string(), error);
        REQUIRE(bytes);
        std::string text = decode_text(std::move(*bytes)).text;
        NetshShowResult r = read_netsh_show(text, entry.path().string());
        ++files;
        // Every "Rule Name:"-style line started a block; each is a spec or an error at its line.
        int errors_at_blocks = 0;
        for (const auto& d : r.diagnostics)
            if (d.severity == Severity::error && d.message.find("is cut off") != std::string::npos) ++errors_at_blocks;
        CHECK(r.rule_blocks > 0);
        CHECK(int(r.specs.size()) + errors_at_blocks == r.rule_blocks);
        std::size_t name_lines = 0;
        for (std::size_t pos = 0; (pos = text.find("Rule Name:", pos)) != std::string::npos; ++pos) ++name_lines;
        if (r.language == "en") CHECK(int(name_lines) == r.rule_blocks);
        auto parsed = parse_input(text, "netsh-show", entry.path().string());
        REQUIRE(parsed);
        CHECK(parsed->rule_count() == r.specs.size());
    }
    CHECK(files > 0);
}
