// The label tables of netsh `show` output (netsh_show_labels.hpp).
#include "parse/netsh_show_labels.hpp"

#include <cctype>
#include <string>

#include "parse/text_trim.hpp"

namespace fwlint::netsh_show {

namespace {

constexpr auto trim = trim_blanks;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Label {
    Field field;
    std::initializer_list<const char*> names;  // lower case; English first
};

// FORMATS.md 1.2 and 1.3 (German and French as observed; per-build variants too).
const Label labels[] = {
    {Field::rule_name, {"rule name", "regelname", "nom de la règle", "nom de règle", "nombre de regla"}},
    {Field::description, {"description", "beschreibung", "descripción"}},
    {Field::enabled, {"enabled", "aktiviert", "activé", "activée", "habilitado"}},
    {Field::direction, {"direction", "richtung", "dirección"}},
    {Field::profiles, {"profiles", "profile", "profils", "perfiles"}},
    {Field::grouping, {"grouping", "gruppierung", "groupement", "regroupement", "agrupación"}},
    {Field::local_ip, {"localip", "lokaleip", "lokales ip", "lokale ip", "ip locale", "adresse ip locale", "ip locales",
                       "ip local"}},
    {Field::remote_ip, {"remoteip", "remote-ip", "remote ip", "ip distante", "adresse ip distante", "ip remotas",
                        "ip remota"}},
    {Field::protocol, {"protocol", "protokoll", "protocole", "protocolo"}},
    {Field::local_port, {"localport", "lokaler port", "port local", "puerto local"}},
    {Field::remote_port, {"remoteport", "remoteport", "remote-port", "remote port", "port distant", "puerto remoto"}},
    {Field::edge, {"edge traversal", "edgeausnahme", "edge-ausnahme", "traversée latérale", "traversée de bord",
                   "traversée de périmètre", "traversée de la périphérie", "cruce perimetral"}},
    {Field::program, {"program", "programm", "programme", "programa"}},
    {Field::service, {"service", "dienst", "servicio"}},
    {Field::interface_types, {"interfacetypes", "schnittstellentypen", "types d'interface", "types d'interfaces",
                              "tipos de interfaz"}},
    {Field::security, {"security", "sicherheit", "sécurité", "seguridad"}},
    {Field::rule_source, {"rule source", "regelquelle", "source de la règle", "source de règle", "origen de la regla"}},
    {Field::action, {"action", "aktion", "acción"}},
};

}  // namespace

Field field_of(std::string_view label) {
    std::string l = lower(trim(label));
    for (const auto& entry : labels)
        for (const char* n : entry.names)
            if (l == n) return entry.field;
    return Field::unknown;
}

const char* language_of(std::string_view rule_name_label) {
    std::string l = lower(trim(rule_name_label));
    if (l == "regelname") return "de";
    if (l == "nom de la règle") return "fr";
    if (l == "nombre de regla") return "es";
    return "en";
}

// French labels in the table above that no French capture shows (FORMATS.md
// 1.3 records one: Nom de la règle, Activé, Direction, Profils, Groupement,
// LocalIP/RemoteIP in English, Protocole, Traversée latérale, Action). They
// are read in case they match and named in a note, never claimed as verified.
bool unverified_french(std::string_view label) {
    static constexpr const char* guessed[] = {
        "nom de règle", "activée", "regroupement", "ip locale", "adresse ip locale", "ip distante",
        "adresse ip distante", "port local", "port distant", "traversée de bord", "traversée de périmètre",
        "traversée de la périphérie", "programme", "types d'interface", "types d'interfaces", "sécurité",
        "source de la règle", "source de règle"};
    std::string l = lower(trim(label));
    for (const char* g : guessed)
        if (l == g) return true;
    return false;
}

std::optional<WindowsDirection> direction_from_name(std::string_view name) {
    std::string l = lower(name);
    for (const char* w : {"-in)", "-in-", "-in ", "traffic-in", "eingehend", "entrant", "inbound", "(in)"})
        if (l.find(w) != std::string::npos) return WindowsDirection::in;
    for (const char* w : {"-out)", "-out-", "-out ", "traffic-out", "ausgehend", "sortant", "outbound", "(out)"})
        if (l.find(w) != std::string::npos) return WindowsDirection::out;
    return std::nullopt;
}

int profile_section(std::string_view label) {
    std::string l = lower(trim(label));
    if (l.find("profil") == std::string::npos) return -1;
    if (l.find("domain") != std::string::npos || l.find("domäne") != std::string::npos) return 0;
    if (l.find("privat") != std::string::npos || l.find("privé") != std::string::npos) return 1;
    if (l.find("public") != std::string::npos || l.find("öffentlich") != std::string::npos ||
        l.find("Öffentlich") != std::string::npos)
        return 2;
    return -1;
}

}  // namespace fwlint::netsh_show
