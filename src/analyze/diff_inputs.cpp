#include "analyze/diff_inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/audit_windows.hpp"
#include "analyze/cisco_path.hpp"

namespace fwlint {

namespace {

// The filter table of `f` in an iptables input, or null. A file holding an
// iptables-save and an ip6tables-save has one of each.
const Policy* filter_table(const ParsedInput& in, Family f) {
    for (const auto& p : in.policies)
        if (p.name == "filter" && p.family == f) return &p;
    return nullptr;
}

// The families an iptables input holds filter tables of; a file without any
// is of the family its format says.
std::vector<Family> iptables_families(const ParsedInput& in) {
    std::vector<Family> out;
    for (Family f : {Family::v4, Family::v6})
        if (filter_table(in, f)) out.push_back(f);
    if (out.empty()) out.push_back(in.format == "ip6tables-save" ? Family::v6 : Family::v4);
    return out;
}

std::optional<InputDiff> diff_iptables(const ParsedInput& old_in, const ParsedInput& new_in, const DiffSelection& sel,
                                       std::string& error) {
    std::vector<Family> of = iptables_families(old_in), nf = iptables_families(new_in);
    if (of.size() == 1 && nf.size() == 1 && of != nf) {
        error = fmt::format("{} is {} and {} is {}: diff compares two files of the same family", old_in.file,
                            family_name(of.front()), new_in.file, family_name(nf.front()));
        return std::nullopt;
    }
    if (!sel.acls.empty() || !sel.direction.empty() || !sel.profile.empty()) {
        error = "--acl, --direction and --profile are for Cisco and Windows inputs; iptables-save diffs take --chain";
        return std::nullopt;
    }
    InputDiff out;
    out.family = "iptables";
    // Both saves in one file (iptables-save; ip6tables-save): each family's
    // tables against the other file's of that family, IPv6 labelled so.
    const bool both = of.size() == 2 || nf.size() == 2;
    for (Family f : {Family::v4, Family::v6}) {
        bool in_old = std::find(of.begin(), of.end(), f) != of.end();
        bool in_new = std::find(nf.begin(), nf.end(), f) != nf.end();
        if (!in_old && !in_new) continue;
        if (!in_old || !in_new) {
            out.notes.push_back(fmt::format("only {} has {} tables: its {} rules are not compared",
                                            in_old ? old_in.file : new_in.file, family_name(f), family_name(f)));
            continue;
        }
        // A file without a *filter table filters nothing: every chain is taken as empty, ACCEPT.
        Policy no_filter;
        no_filter.name = "filter";
        no_filter.family = f;
        const Policy* op = filter_table(old_in, f);
        const Policy* np = filter_table(new_in, f);
        if (!op) op = &no_filter;
        if (!np) np = &no_filter;
        for (const auto& c : sel.chains)
            if (!op->find_chain(c) && !np->find_chain(c)) {
                if (both) continue;  // a chain of the other family's table
                error = fmt::format("--chain {}: in neither {} nor {}", c, old_in.file, new_in.file);
                return std::nullopt;
            }
        std::vector<std::string> chains;
        for (const auto& c : sel.chains)
            if (!both || op->find_chain(c) || np->find_chain(c)) chains.push_back(c);
        if (!sel.chains.empty() && chains.empty()) continue;
        DiffResult r = diff_policies(*op, *np, chains);
        std::string suffix = both && f == Family::v6 ? " (IPv6)" : "";
        for (auto& c : r.chains) out.compared.push_back(c + suffix);
        for (auto& c : r.changes) {
            c.chain += suffix;
            out.changes.push_back(std::move(c));
        }
        for (auto& n : r.notes) out.notes.push_back(suffix.empty() ? n : n + suffix);
    }
    if (both && !sel.chains.empty() && out.compared.empty()) {
        error = fmt::format("--chain {}: in neither {} nor {}", fmt::join(sel.chains, ", "), old_in.file, new_in.file);
        return std::nullopt;
    }
    return out;
}

const Policy* find_acl(const ParsedInput& in, const std::string& name, Family f) {
    for (const auto& p : in.policies)
        if (p.name == name && p.family == f && !p.chains.empty()) return &p;
    return nullptr;
}

bool has_acl(const ParsedInput& in, const std::string& name) {
    return std::any_of(in.policies.begin(), in.policies.end(), [&](const Policy& p) { return p.name == name; });
}

// "in on Gi0/1 (IPv4)" -> ACL name, for the bindings notes.
std::vector<std::pair<std::string, std::string>> bindings(const ParsedInput& in) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& i : in.interfaces)
        for (const auto& b : i.bindings)
            out.emplace_back(fmt::format("{} on {}{}", b.direction == BindDirection::in ? "in" : "out",
                                         i.nameif.empty() ? i.name : i.nameif,
                                         b.family ? fmt::format(" ({})", family_name(*b.family)) : ""),
                             b.acl);
    for (const auto& g : in.global_acls) out.emplace_back("global", g.acl);
    return out;
}

std::optional<InputDiff> diff_cisco(const ParsedInput& old_in, const ParsedInput& new_in, const DiffSelection& sel,
                                    std::string& error) {
    if (!sel.chains.empty() || !sel.direction.empty() || !sel.profile.empty()) {
        error = "--chain, --direction and --profile are for iptables and Windows inputs; Cisco diffs take --acl";
        return std::nullopt;
    }
    InputDiff out;
    out.family = "cisco";
    // The pairs compared: (old name, new name).
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& a : sel.acls) {
        auto colon = a.find(':');
        std::string o = a.substr(0, colon), n = colon == std::string::npos ? o : a.substr(colon + 1);
        if (!has_acl(old_in, o) || !has_acl(new_in, n)) {
            error = fmt::format("--acl {}: {} is not an ACL of {}", a, has_acl(old_in, o) ? n : o,
                                has_acl(old_in, o) ? new_in.file : old_in.file);
            return std::nullopt;
        }
        pairs.emplace_back(o, n);
    }
    if (pairs.empty()) {
        for (const auto& p : old_in.policies)
            if (has_acl(new_in, p.name)) {
                if (std::find(pairs.begin(), pairs.end(), std::pair{p.name, p.name}) == pairs.end())
                    pairs.emplace_back(p.name, p.name);
            } else {
                out.notes.push_back(fmt::format("ACL {} is only in the old file: not compared (name its new name "
                                                "with --acl {}:NEW)", p.name, p.name));
            }
        for (const auto& p : new_in.policies)
            if (!has_acl(old_in, p.name))
                out.notes.push_back(fmt::format("ACL {} is only in the new file: not compared", p.name));
        std::sort(out.notes.begin(), out.notes.end());
        out.notes.erase(std::unique(out.notes.begin(), out.notes.end()), out.notes.end());
        // Nothing in common: "no change" would pass a review gate it never looked at.
        if (pairs.empty() && (!old_in.policies.empty() || !new_in.policies.empty())) {
            auto names = [](const ParsedInput& in) {
                std::vector<std::string> n;
                for (const auto& p : in.policies)
                    if (std::find(n.begin(), n.end(), p.name) == n.end()) n.push_back(p.name);
                return n.empty() ? std::string("none") : fmt::format("{}", fmt::join(n, ", "));
            };
            error = fmt::format("no ACL name is in both files ({}: {}; {}: {}): pair them with --acl OLD:NEW",
                                old_in.file, names(old_in), new_in.file, names(new_in));
            return std::nullopt;
        }
    }
    for (const auto& [o, n] : pairs)
        for (Family f : {Family::v4, Family::v6}) {
            const Policy* op = find_acl(old_in, o, f);
            const Policy* np = find_acl(new_in, n, f);
            if (!op && !np) continue;
            std::string label = o == n ? fmt::format("ACL {}", o) : fmt::format("ACL {} -> {}", o, n);
            if (f == Family::v6) label += " (IPv6)";
            if (!op || !np) {
                out.notes.push_back(fmt::format("{}: only the {} file has {} entries: not compared", label,
                                                op ? "old" : "new", family_name(f)));
                continue;
            }
            out.compared.push_back(label);
            diff_chains(*op, op->chains.front().name, *np, np->chains.front().name, label, out.changes);
        }
    // Where the lists are applied can change what they filter: say so (for
    // two files of one dialect: interface names differ between dialects).
    if (old_in.format != new_in.format) return out;
    auto ob = bindings(old_in), nb = bindings(new_in);
    for (auto& b : ob)
        for (const auto& [o, n] : pairs)
            if (b.second == o) b.second = n;
    for (const auto& b : ob)
        if (std::find(nb.begin(), nb.end(), b) == nb.end())
            out.notes.push_back(fmt::format("binding changed: ACL {} {} in the old file, not in the new", b.second, b.first));
    for (const auto& b : nb)
        if (std::find(ob.begin(), ob.end(), b) == ob.end())
            out.notes.push_back(fmt::format("binding changed: ACL {} {} in the new file, not in the old", b.second, b.first));
    return out;
}

std::optional<InputDiff> diff_windows(const ParsedInput& old_in, const ParsedInput& new_in, const DiffSelection& sel,
                                      std::string& error) {
    if (!sel.chains.empty() || !sel.acls.empty()) {
        error = "--chain and --acl are for iptables and Cisco inputs; Windows diffs take --direction and --profile";
        return std::nullopt;
    }
    InputDiff out;
    out.family = "windows";
    for (const ParsedInput* in : {&old_in, &new_in})
        if (in->format == "netsh-script" || in->format == "powershell")
            out.notes.push_back(fmt::format("{} is a script ({}): it shows the rules it creates and the defaults it "
                                            "sets, not the rules already on the host",
                                            in->file, in->format));
    for (const char* dir : {"inbound", "outbound"}) {
        if (!sel.direction.empty() && sel.direction != std::string(dir).substr(0, sel.direction.size())) continue;
        for (Family f : {Family::v4, Family::v6}) {
            const Policy *op = nullptr, *np = nullptr;
            for (const auto& p : old_in.policies)
                if (p.name == dir && p.family == f) op = &p;
            for (const auto& p : new_in.policies)
                if (p.name == dir && p.family == f) np = &p;
            if (!op || !np) continue;
            for (const char* profile : {"domain", "private", "public"}) {
                if (!sel.profile.empty() && sel.profile != profile) continue;
                const Chain* oc = op->find_chain(profile);
                const Chain* nc = np->find_chain(profile);
                if (!oc || !nc) continue;
                std::string label = fmt::format("{} {} {}", dir, profile, family_name(f));
                // One side's default assumed: a difference may be no change on the host.
                if ((oc->loc.line == 0) != (nc->loc.line == 0)) {
                    std::string note = fmt::format(
                        "the {} file does not state the profile defaults (Windows' own are assumed: inbound Block, "
                        "outbound Allow) and the {} file does: changes by a profile default may be no change on "
                        "the host",
                        oc->loc.line == 0 ? "old" : "new", oc->loc.line == 0 ? "new" : "old");
                    if (std::find(out.notes.begin(), out.notes.end(), note) == out.notes.end()) out.notes.push_back(note);
                }
                out.compared.push_back(label);
                diff_chains(*op, profile, *np, profile, label, out.changes);
            }
        }
    }
    return out;
}

}  // namespace

std::string format_family(const ParsedInput& input) {
    if (input.format == "iptables-save" || input.format == "ip6tables-save") return "iptables";
    if (is_acl_device(input)) return "cisco";
    if (is_windows_format(input.format)) return "windows";
    return "";
}

std::optional<InputDiff> diff_inputs(const ParsedInput& old_in, const ParsedInput& new_in, const DiffSelection& sel,
                                     std::string& error) {
    std::string of = format_family(old_in), nf = format_family(new_in);
    if (of != nf || of.empty()) {
        error = fmt::format("{} is {} ({}) and {} is {} ({}): diff compares two configurations of one family "
                            "(iptables with iptables, Cisco IOS/ASA/NX-OS with each other, Windows with Windows)",
                            old_in.file, of.empty() ? "unknown" : of, old_in.format, new_in.file,
                            nf.empty() ? "unknown" : nf, new_in.format);
        return std::nullopt;
    }
    if (of == "iptables") return diff_iptables(old_in, new_in, sel, error);
    if (of == "cisco") return diff_cisco(old_in, new_in, sel, error);
    return diff_windows(old_in, new_in, sel, error);
}

}  // namespace fwlint
