// `fwlint query` on Cisco devices (the ACLs of the flow's path) and Windows
// hosts (one direction and profile, by Windows precedence).
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/query_acl.hpp"
#include "cli/query_text.hpp"

namespace fwlint {

namespace {

int print_json(const nlohmann::ordered_json& j, int code) {
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    std::fflush(stdout);
    return code;
}

}  // namespace

int query_acl_device(const ParsedInput& input, const QueryOptions& o) {
    if (!o.direction.empty() || !o.profile.empty()) {
        print_usage_error(fmt::format("--direction and --profile are for Windows inputs; {} is {}: name the ACLs "
                                      "with --acl or let the interfaces give the path",
                                      o.file, input.format));
        return 2;
    }
    std::vector<std::string> acls = o.acls;
    if (!o.chain.empty()) acls.insert(acls.begin(), o.chain);  // --chain X reads as --acl X here
    auto q = flow_question(o, std::nullopt);
    if (!q) return 2;
    std::vector<std::string> names = acl_names(input, q->family);
    for (const auto& a : acls)
        if (std::find(names.begin(), names.end(), a) == names.end()) {
            print_usage_error(fmt::format("--acl {}: no {} ACL of that name in {} ({} ACLs: {})", a,
                                          family_name(q->family), o.file, family_name(q->family),
                                          names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
            return 2;
        }
    AclQueryResult r = query_acl_path(input, q->family, q->src, q->dst, q->flow, acls);
    int code = r.verdict == "allowed" ? 0 : 1;

    if (o.format == "json") {
        nlohmann::ordered_json j;
        j["query"] = query_json(o, *q);
        j["query"]["acls"] = acls;
        j["verdict"] = r.verdict;
        j["path_known"] = r.path_known;
        j["allowed"] = r.allowed.to_string();
        j["denied"] = r.denied.to_string();
        j["conditional"] = r.conditional.to_string();
        j["unknown_path"] = r.unknown_path.to_string();
        j["no_acl"] = r.no_acl.to_string();
        j["notes"] = r.notes;
        j["acls"] = nlohmann::ordered_json::array();
        for (const auto& h : r.hops) {
            nlohmann::ordered_json hj;
            hj["acl"] = h.acl;
            hj["where"] = h.where;
            hj["verdict"] = h.result.verdict;
            hj["packets"] = h.result.flow.to_string();
            hj["reached"] = h.reached.to_string();
            hj["parts"] = query_parts_json(h.result);
            j["acls"].push_back(std::move(hj));
        }
        return print_json(j, code);
    }

    std::string out = fmt::format("query: {} through {} ({})\n", q->flow.to_string(), o.file, input.format);
    if (!acls.empty())
        out += fmt::format("path: {} (named with --acl)\n", fmt::join(acls, ", "));
    else if (!r.path_known)
        out += "path: unknown (name the ACLs the flow crosses with --acl); each ACL asked alone:\n";
    else {
        std::vector<std::string> hops;
        for (const auto& h : r.hops) hops.push_back(fmt::format("{} ({})", h.acl, h.where));
        out += fmt::format("path: {}\n", hops.empty() ? std::string("no ACL") : fmt::format("{}", fmt::join(hops, ", ")));
    }
    for (const auto& n : r.notes) out += fmt::format("note: {}\n", n);
    out += fmt::format("verdict: {}\n", r.path_known ? verdict_words(r.verdict)
                                                     : std::string("unknown: the path is not known"));
    if (r.path_known && r.verdict != "allowed" && r.verdict != "denied") {
        if (!r.allowed.empty()) out += fmt::format("  allowed: {}\n", r.allowed.to_string());
        if (!r.conditional.empty()) out += fmt::format("  allowed only if a condition holds: {}\n", r.conditional.to_string());
        if (!r.denied.empty()) out += fmt::format("  denied: {}\n", r.denied.to_string());
        if (!r.unknown_path.empty()) out += fmt::format("  path unknown: {}\n", r.unknown_path.to_string());
    }
    if (!r.no_acl.empty()) out += fmt::format("  crosses no ACL (nothing filters it): {}\n", r.no_acl.to_string());
    for (const auto& h : r.hops) {
        std::string reach;
        if (r.path_known && h.reached.empty())
            reach = " (not reached: an earlier ACL of the path denies all of it)";
        else if (r.path_known && !(h.reached == h.result.flow))
            reach = fmt::format(" (reached only by {})", h.reached.to_string());
        out += fmt::format("ACL {} ({}): {}{}\n", h.acl, h.where, verdict_words(h.result.verdict), reach);
        out += query_parts_text(h.result, "  ");
    }
    fmt::print("{}", out);
    std::fflush(stdout);
    return code;
}

int query_windows(const ParsedInput& input, const QueryOptions& o) {
    if (!o.chain.empty() || !o.acls.empty()) {
        print_usage_error(fmt::format("{} is a Windows Firewall input ({}): choose the policy with --direction in|out "
                                      "and --profile domain|private|public, not --chain or --acl",
                                      o.file, input.format));
        return 2;
    }
    auto q = flow_question(o, std::nullopt);
    if (!q) return 2;
    std::string direction = o.direction.empty() ? "in" : o.direction;
    std::string profile = o.profile.empty() ? "domain" : o.profile;
    std::string policy_name = direction == "out" ? "outbound" : "inbound";
    const Policy* policy = nullptr;
    for (const auto& p : input.policies)
        if (p.name == policy_name && p.family == q->family) policy = &p;
    if (!policy || !policy->find_chain(profile)) {
        fmt::print(stderr, "{}: error: no {} {} policy for the {} profile in the file\n", o.file, family_name(q->family),
                   policy_name, profile);
        return 2;
    }
    auto result = query_flow(*policy, profile, q->flow);
    if (!result) return 2;
    int code = result->verdict == "allowed" ? 0 : 1;
    if (o.format == "json") {
        nlohmann::ordered_json j;
        j["query"] = query_json(o, *q);
        j["query"]["direction"] = direction;
        j["query"]["profile"] = profile;
        j["verdict"] = result->verdict;
        j["parts"] = query_parts_json(*result);
        return print_json(j, code);
    }
    std::string out = fmt::format("query: {} {} in the {} profile of {} ({})\n", q->flow.to_string(), policy_name,
                                  profile, o.file, input.format);
    out += "order: Windows precedence (bypass beats block, block beats allow, allow beats the profile default)\n";
    out += fmt::format("verdict: {}\n", verdict_words(result->verdict));
    out += query_parts_text(*result, "  ");
    fmt::print("{}", out);
    std::fflush(stdout);
    return code;
}

}  // namespace fwlint
