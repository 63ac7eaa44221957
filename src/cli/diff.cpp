// `fwlint diff OLD NEW`: what NEW allows or denies that OLD did not.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/diff.hpp"
#include "cli/commands.hpp"

namespace fwlint {

namespace {

Family family_of(const ParsedInput& in) {
    for (const auto& p : in.policies)
        if (p.name == "filter") return p.family;
    return in.format == "ip6tables-save" ? Family::v6 : Family::v4;
}

nlohmann::ordered_json lines_json(const std::vector<LineRef>& lines) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& l : lines) {
        nlohmann::ordered_json j;
        j["file"] = l.file;
        j["line"] = l.line;
        j["chain"] = l.chain;
        j["text"] = l.text;
        j["policy"] = l.policy;
        a.push_back(std::move(j));
    }
    return a;
}

}  // namespace

int run_diff(const DiffOptions& o) {
    auto old_in = load_config(o.old_file, o.input_format);
    auto new_in = load_config(o.new_file, o.input_format);
    if (!old_in || !new_in) return 2;
    Family f = family_of(*old_in);
    if (family_of(*new_in) != f) {
        fmt::print(stderr, "fwlint: error: {} is {} and {} is {}: diff compares two files of the same family\n",
                   o.old_file, family_name(f), o.new_file, family_name(family_of(*new_in)));
        return 2;
    }
    // A file without a *filter table filters nothing: every chain is taken as empty, ACCEPT.
    Policy no_filter;
    no_filter.name = "filter";
    no_filter.family = f;
    const Policy* op = old_in->find_policy("filter");
    const Policy* np = new_in->find_policy("filter");
    if (!op) op = &no_filter;
    if (!np) np = &no_filter;
    for (const auto& c : o.chains)
        if (!op->find_chain(c) && !np->find_chain(c)) {
            fmt::print(stderr, "fwlint: error: --chain {}: in neither {} nor {}\n", c, o.old_file, o.new_file);
            return 2;
        }

    DiffResult r = diff_policies(*op, *np, o.chains);
    int code = r.any_newly_allowed() ? 1 : 0;
    std::size_t allowed = 0, denied = 0;
    for (const auto& c : r.changes) (c.newly_allowed ? allowed : denied)++;

    if (o.format == "json") {
        nlohmann::ordered_json j;
        j["old"] = o.old_file;
        j["new"] = o.new_file;
        j["family"] = family_name(f);
        j["chains"] = r.chains;
        j["verdict"] = r.changes.empty() ? "unchanged" : "changed";
        j["newly_allowed"] = allowed;
        j["newly_denied"] = denied;
        j["changes"] = nlohmann::ordered_json::array();
        for (const auto& c : r.changes) {
            nlohmann::ordered_json cj;
            cj["chain"] = c.chain;
            cj["change"] = c.newly_allowed ? "newly allowed" : "newly denied";
            cj["packets"] = c.packets.to_string();
            cj["conditional"] = c.conditional;
            cj["conditions"] = c.conditions;
            cj["now"] = lines_json(c.now);
            cj["before"] = lines_json(c.before);
            j["changes"].push_back(std::move(cj));
        }
        j["notes"] = r.notes;
        fmt::print("{}\n", j.dump(2));
        std::fflush(stdout);
        return code;
    }

    std::string out;
    for (const auto& c : r.changes) {
        out += fmt::format("{}: {}{}: {}\n", c.chain, c.newly_allowed ? "newly allowed" : "newly denied",
                           c.conditional ? " (depends on a condition)" : "", c.packets.to_string());
        if (c.newly_allowed) {
            for (const auto& l : c.now) out += fmt::format("    accepted by {}\n", format_line_ref(l));
            for (const auto& l : c.before) out += fmt::format("    was denied by {}\n", format_line_ref(l));
        } else {
            for (const auto& l : c.before) out += fmt::format("    was accepted by {}\n", format_line_ref(l));
            for (const auto& l : c.now) out += fmt::format("    now denied by {}\n", format_line_ref(l));
        }
        if (!c.conditions.empty()) out += fmt::format("    depends on: {}\n", fmt::join(c.conditions, " and "));
    }
    for (const auto& n : r.notes) out += fmt::format("note: {}\n", n);
    if (r.changes.empty())
        out += fmt::format("no change in what is allowed ({}, chains {})\n", family_name(f), fmt::join(r.chains, ", "));
    else
        out += fmt::format("{} newly allowed, {} newly denied ({}, chains {})\n", allowed, denied, family_name(f),
                           fmt::join(r.chains, ", "));
    fmt::print("{}", out);
    std::fflush(stdout);
    return code;
}

}  // namespace fwlint
