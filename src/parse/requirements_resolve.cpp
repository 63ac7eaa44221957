// Applies parameter defaults and --set overrides to a requirement set, and
// finds the bundled sets.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "parse/requirements.hpp"
#include "parse/requirements_text.hpp"

namespace fwlint {

using namespace requirements_detail;

std::vector<ResolvedStatement> resolve_requirements(const RequirementSet& set,
                                                    const std::map<std::string, std::string>& overrides,
                                                    Diagnostics& errors) {
    const SourceLocation cli{"--set", 0, 0};

    // Defaults, then overrides.
    std::map<std::string, std::string> values;
    for (const auto& p : set.params) values[p.name] = p.default_value;
    for (const auto& [name, value] : overrides) {
        const Param* p = set.find_param(name);
        if (!p) {
            std::vector<std::string> known;
            for (const auto& q : set.params) known.push_back(q.name);
            errors.push_back({cli, Severity::error,
                              "unknown parameter '" + name + "' for requirement set '" + set.name + "' (known: " +
                                  (known.empty() ? std::string("none") : join(known, ", ")) + ")"});
            continue;
        }
        if (is_boolean_value(p->default_value)) {
            if (!is_boolean_value(value)) {
                errors.push_back({cli, Severity::error, name + "=" + value + ": '" + name + "' is yes or no"});
                continue;
            }
        } else if (!parse_port_value(value)) {
            errors.push_back({cli, Severity::error,
                              name + "=" + value + ": '" + name +
                                  "' is a port list such as 50000 or 49152-65535 (ports 0-65535)"});
            continue;
        }
        values[name] = value;
    }

    std::map<std::string, IntervalSet> port_params;
    for (const auto& [name, value] : values)
        if (!is_boolean_value(value))
            if (auto ports = parse_port_value(value)) port_params[name] = *ports;

    const IntervalSet all_protocols = IntervalSet::range(0, kMaxProtocol);
    const IntervalSet all_ports = IntervalSet::range(0, kMaxPort);

    std::vector<ResolvedStatement> out;
    std::vector<const ServiceSpec*> chosen;
    out.reserve(set.statements.size());
    for (const auto& s : set.statements) {
        ResolvedStatement r;
        r.statement = &s;
        const ServiceSpec* spec = &s.services;
        if (s.kind != StatementKind::windows_rule) {
            for (const auto& w : s.when) {
                auto it = values.find(w.param);
                if (it != values.end() && it->second == "yes") {
                    spec = &w.services;
                    r.notes.push_back(w.param + "=yes: " + services_text(w.services));
                }
            }
            if (spec->protocols.empty()) {
                r.protocols = all_protocols;
            } else {
                for (unsigned p : spec->protocols) r.protocols.add(p, p);
            }
            if (spec->port_terms.empty()) {
                r.ports = all_ports;  // any port, or a protocol without ports (icmp)
            } else {
                for (const auto& term : spec->port_terms) {
                    if (term.starts_with("$")) {
                        auto it = port_params.find(term.substr(1));
                        if (it != port_params.end()) r.ports = r.ports.unite(it->second);
                    } else if (auto ports = parse_port_value(term)) {
                        r.ports = r.ports.unite(*ports);
                    }
                }
            }
        }
        chosen.push_back(spec);
        out.push_back(std::move(r));
    }

    // limit ... to required: the ports of the matching require statements.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const FlowStatement& s = *out[i].statement;
        if (s.kind != StatementKind::limit || !chosen[i]->to_required) continue;
        IntervalSet ports;
        int matched = 0;
        for (std::size_t j = 0; j < out.size(); ++j) {
            const FlowStatement& q = *out[j].statement;
            if (q.kind != StatementKind::require || q.from != s.from || q.to != s.to) continue;
            if (!out[j].protocols.intersects(out[i].protocols)) continue;
            ports = ports.unite(out[j].ports);
            ++matched;
        }
        out[i].ports = ports;
        out[i].notes.push_back(matched == 0 ? "to required: no require statement for " + s.from + " -> " + s.to +
                                                  " with these protocols, so nothing is needed"
                                            : "to required: ports " + ports_text(ports));
    }
    return out;
}

std::vector<std::string> bundled_rule_set_names(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto& path = it->path();
        std::error_code fec;
        if (path.extension() == ".fwreq" && it->is_regular_file(fec)) names.push_back(path.stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string bundled_rules_dir() {
    if (const char* env = std::getenv("FWLINT_RULES_DIR"); env && *env) return env;
    namespace fs = std::filesystem;
    std::error_code ec;
    // Installed: <prefix>/bin/fwlint finds <prefix>/share/fwlint/rules, wherever
    // the prefix is (a .deb in /usr, a DESTDIR, ~/.local): relative to the
    // executable, never to the working directory.
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path installed = exe.parent_path().parent_path() / "share" / "fwlint" / "rules";
        if (fs::is_directory(installed, ec)) return installed.string();
    }
#ifdef FWLINT_RULES_DIR
    // The build tree: the source checkout's rules/.
    return FWLINT_RULES_DIR;
#else
    return "rules";
#endif
}

}  // namespace fwlint
