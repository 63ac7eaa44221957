// `fwlint diff OLD NEW`: what NEW allows or denies that OLD did not, for two
// inputs of one family of formats (analyze/diff_inputs.hpp).
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/conditional_text.hpp"
#include "analyze/diff_inputs.hpp"
#include "cli/commands.hpp"
#include "cli/diff_packets.hpp"
#include "cli/query_text.hpp"

namespace fwlint {

namespace {

nlohmann::ordered_json lines_json(const std::vector<LineRef>& lines) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& l : lines) {
        nlohmann::ordered_json j = line_ref_json(l);
        j["policy"] = l.policy;
        a.push_back(std::move(j));
    }
    return a;
}

// Error diagnostics (FW001 and the like: lines that could not be read) of one input.
std::size_t input_errors(const ParsedInput& in) {
    return std::size_t(std::count_if(in.diagnostics.begin(), in.diagnostics.end(),
                                     [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

// A diff of inputs with lines that could not be read is about the rules that
// were: an unread line may be the ACCEPT that matters, so a review gate must
// not pass it. The diff is printed as usual, then this says why the exit
// code is 2 (the diagnostics themselves are on stderr already).
int exit_code(const DiffOptions& o, std::size_t old_errors, std::size_t new_errors, int code) {
    if (!old_errors && !new_errors) return code;
    std::vector<std::string> which;
    if (old_errors) which.push_back(fmt::format("{} in {}", old_errors, o.old_file));
    if (new_errors) which.push_back(fmt::format("{} in {}", new_errors, o.new_file));
    fmt::print(stderr,
               "error: {} input error{} ({}): the diff covers only the lines that were read; exit 2{}\n",
               old_errors + new_errors, old_errors + new_errors == 1 ? "" : "s", fmt::join(which, ", "),
               code == 1 ? " (something is also newly allowed)" : "");
    return 2;
}

}  // namespace

int run_diff(const DiffOptions& o) {
    auto old_in = load_config(o.old_file, o.input_format);
    auto new_in = load_config(o.new_file, o.input_format);
    if (!old_in || !new_in) return 2;
    std::string error;
    auto r = diff_inputs(*old_in, *new_in, DiffSelection{o.chains, o.acls, o.direction, o.profile}, error);
    if (!r) {
        print_usage_error(error);
        return 2;
    }
    int code = r->any_newly_allowed() ? 1 : 0;
    const std::size_t old_errors = input_errors(*old_in), new_errors = input_errors(*new_in);
    std::size_t allowed = 0, denied = 0;
    for (const auto& c : r->changes) (c.newly_allowed ? allowed : denied)++;
    // iptables: the family of the file's tables.
    std::string family = r->family;
    if (family == "iptables") {
        const Policy* p = old_in->find_policy("filter");
        family = family_name(p ? p->family : old_in->format == "ip6tables-save" ? Family::v6 : Family::v4);
        // Both saves in one file: the IPv6 chains are labelled "INPUT (IPv6)".
        for (const auto& c : r->compared)
            if (c.ends_with(" (IPv6)")) family = "IPv4 and IPv6";
    }

    if (o.format == "json") {
        nlohmann::ordered_json j;
        j["old"] = o.old_file;
        j["new"] = o.new_file;
        j["old_format"] = old_in->format;
        j["new_format"] = new_in->format;
        j["family"] = family;
        j["chains"] = r->compared;
        j["verdict"] = r->changes.empty() ? "unchanged" : "changed";
        j["newly_allowed"] = allowed;
        j["newly_denied"] = denied;
        j["changes"] = nlohmann::ordered_json::array();
        for (const auto& c : r->changes) {
            nlohmann::ordered_json cj;
            cj["chain"] = c.chain;
            cj["change"] = c.newly_allowed ? "newly allowed" : "newly denied";
            ShownPackets shown = show_packets(c.packets, o.max_parts);
            cj["packets"] = shown.text;
            cj["packets_parts"] = shown.parts;
            cj["packets_truncated"] = shown.truncated;
            cj["conditional"] = c.conditional;
            cj["conditions"] = c.conditions;
            if (c.conditional) cj["depends_on"] = c.depends_on;
            cj["now"] = lines_json(c.now);
            cj["before"] = lines_json(c.before);
            j["changes"].push_back(std::move(cj));
        }
        j["notes"] = r->notes;
        j["input_errors"] = {{"old", old_errors}, {"new", new_errors}};
        fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        std::fflush(stdout);
        return exit_code(o, old_errors, new_errors, code);
    }

    std::string out;
    for (const auto& c : r->changes) {
        out += fmt::format("{}: {}{}: {}\n", c.chain, c.newly_allowed ? "newly allowed" : "newly denied",
                           c.conditional ? " (depends on a condition)" : "", show_packets(c.packets, o.max_parts).text);
        // At most max_parts lines of each kind, then how many more.
        auto lines = [&](const std::vector<LineRef>& ls, const char* how) {
            std::size_t n = 0;
            for (const auto& l : ls) {
                if (o.max_parts && n == o.max_parts) {
                    out += fmt::format("    ... and {} more lines ({}; --max-parts 0 or --format json lists all)\n",
                                       format_count(ls.size() - n), how);
                    break;
                }
                out += fmt::format("    {} {}\n", how, format_line_ref(l));
                ++n;
            }
        };
        if (c.newly_allowed) {
            lines(c.now, "accepted by");
            lines(c.before, "was denied by");
        } else {
            lines(c.before, "was accepted by");
            lines(c.now, "now denied by");
        }
        if (!c.depends_on.empty()) out += fmt::format("    {}\n", only_if(c.depends_on));
        else if (!c.conditions.empty()) out += fmt::format("    depends on: {}\n", fmt::join(c.conditions, "; "));
    }
    for (const auto& n : r->notes) out += fmt::format("note: {}\n", n);
    std::string what = r->family == "iptables" ? fmt::format("{}, chains {}", family, fmt::join(r->compared, ", "))
                                               : fmt::format("{}: {}", r->family, fmt::join(r->compared, ", "));
    if (r->compared.empty()) what = fmt::format("{}: nothing compared", r->family);
    if (r->family != "iptables" && r->compared.size() > 4)
        what = fmt::format("{}: {} policies compared, {} ... {}", r->family, r->compared.size(), r->compared.front(),
                           r->compared.back());
    if (r->changes.empty())
        out += fmt::format("no change in what is allowed ({})\n", what);
    else
        out += fmt::format("{} newly allowed, {} newly denied ({})\n", allowed, denied, what);
    fmt::print("{}", out);
    std::fflush(stdout);
    return exit_code(o, old_errors, new_errors, code);
}

}  // namespace fwlint
