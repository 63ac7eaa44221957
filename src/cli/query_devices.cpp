// `fwlint query` on Cisco devices (the ACLs of the flow's path) and Windows
// hosts (one direction and profile, by Windows precedence).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

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

namespace {

// "allowed" when every family's answer is, "denied" when every one is,
// else "partial".
std::string combined_verdict(const std::vector<FamilyAnswer>& answers) {
    bool all_allowed = true, all_denied = true;
    for (const auto& a : answers) {
        all_allowed = all_allowed && a.verdict == "allowed";
        all_denied = all_denied && a.verdict == "denied";
    }
    return all_allowed ? "allowed" : all_denied ? "denied" : "partial";
}

}  // namespace

// The families a question is asked in: those both endpoints have addresses
// of (`any` has both) and the input has policies of. nullopt: a usage error,
// printed.
std::optional<std::vector<FlowQuestion>> questions(const QueryOptions& o, const std::vector<Family>& present) {
    auto first = flow_question(o, std::nullopt);  // prints a bad address, port or protocol
    if (!first) return std::nullopt;
    std::vector<FlowQuestion> out;
    for (Family f : {Family::v4, Family::v6}) {
        if (std::find(present.begin(), present.end(), f) == present.end() || !endpoints_have(o, f)) continue;
        auto q = flow_question(o, f);
        if (!q) return std::nullopt;
        out.push_back(std::move(*q));
    }
    if (out.empty()) out.push_back(std::move(*first));  // the input has none of its family: answered as before
    return out;
}

// Prints the answers: one as before; two (IPv4 and IPv6 of an any -> any
// question) one after the other, each headed by its family, and in JSON as
// {"verdict", "families": [answer, answer]}.
int print_answers(const QueryOptions& o, const std::vector<FamilyAnswer>& answers) {
    const std::string verdict = answers.size() == 1 ? answers.front().verdict : combined_verdict(answers);
    const int code = verdict == "allowed" ? 0 : 1;
    if (o.format == "json") {
        if (answers.size() == 1) return print_json(answers.front().json, code);
        nlohmann::ordered_json j;
        j["verdict"] = verdict;
        j["families"] = nlohmann::ordered_json::array();
        for (const auto& a : answers) j["families"].push_back(a.json);
        return print_json(j, code);
    }
    std::string out;
    for (const auto& a : answers) {
        if (answers.size() > 1)
            out += fmt::format("{}{}:\n", out.empty() ? "" : "\n", a.family);
        out += a.text;
    }
    fmt::print("{}", out);
    std::fflush(stdout);
    return code;
}

namespace {

std::vector<Family> families_of(const ParsedInput& input) {
    std::vector<Family> out;
    for (const auto& p : input.policies)
        if (std::find(out.begin(), out.end(), p.family) == out.end()) out.push_back(p.family);
    return out;
}

std::optional<FamilyAnswer> answer_acl(const ParsedInput& input, const QueryOptions& o, const FlowQuestion& qq,
                                       const std::vector<std::string>& acls) {
    const FlowQuestion* q = &qq;
    AclQueryResult r = query_acl_path(input, q->family, q->src, q->dst, q->flow, acls);
    FamilyAnswer answer;
    answer.family = family_name(q->family);
    answer.verdict = r.verdict;
    {
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
        answer.json = std::move(j);
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
    answer.text = std::move(out);
    return answer;
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
    auto qs = questions(o, families_of(input));
    if (!qs) return 2;
    // With --acl, a family is asked only if it has every ACL named.
    std::vector<FlowQuestion> asked;
    for (auto& q : *qs) {
        std::vector<std::string> names = acl_names(input, q.family);
        bool all = std::all_of(acls.begin(), acls.end(), [&](const std::string& a) {
            return std::find(names.begin(), names.end(), a) != names.end();
        });
        if (all) asked.push_back(q);
    }
    if (asked.empty()) {
        const FlowQuestion& q = qs->front();
        std::vector<std::string> names = acl_names(input, q.family);
        for (const auto& a : acls)
            if (std::find(names.begin(), names.end(), a) == names.end()) {
                print_usage_error(fmt::format("--acl {}: no {} ACL of that name in {} ({} ACLs: {})", a,
                                              family_name(q.family), o.file, family_name(q.family),
                                              names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
                return 2;
            }
        return 2;
    }
    std::vector<FamilyAnswer> answers;
    for (const auto& q : asked)
        if (auto a = answer_acl(input, o, q, acls)) answers.push_back(std::move(*a));
    return print_answers(o, answers);
}

int query_windows(const ParsedInput& input, const QueryOptions& o) {
    if (!o.chain.empty() || !o.acls.empty()) {
        print_usage_error(fmt::format("{} is a Windows Firewall input ({}): choose the policy with --direction in|out "
                                      "and --profile domain|private|public, not --chain or --acl",
                                      o.file, input.format));
        return 2;
    }
    auto qs = questions(o, families_of(input));
    if (!qs) return 2;
    std::string direction = o.direction.empty() ? "in" : o.direction;
    std::string profile = o.profile.empty() ? "domain" : o.profile;
    std::string policy_name = direction == "out" ? "outbound" : "inbound";
    std::vector<FamilyAnswer> answers;
    for (const auto& qq : *qs) {
        const FlowQuestion* q = &qq;
        const Policy* policy = nullptr;
        for (const auto& p : input.policies)
            if (p.name == policy_name && p.family == q->family) policy = &p;
        if (!policy || !policy->find_chain(profile)) {
            if (qs->size() > 1) continue;  // the other family answers
            fmt::print(stderr, "{}: error: no {} {} policy for the {} profile in the file\n", o.file,
                       family_name(q->family), policy_name, profile);
            return 2;
        }
        auto result = query_flow(*policy, profile, q->flow);
        if (!result) return 2;
        FamilyAnswer a;
        a.family = family_name(q->family);
        a.verdict = result->verdict;
        a.json["query"] = query_json(o, *q);
        a.json["query"]["direction"] = direction;
        a.json["query"]["profile"] = profile;
        a.json["verdict"] = result->verdict;
        a.json["parts"] = query_parts_json(*result);
        a.text = fmt::format("query: {} {} in the {} profile of {} ({})\n", q->flow.to_string(), policy_name, profile,
                             o.file, input.format);
        a.text += "order: Windows precedence (bypass beats block, block beats allow, allow beats the profile default)\n";
        a.text += fmt::format("verdict: {}\n", verdict_words(result->verdict));
        a.text += query_parts_text(*result, "  ");
        answers.push_back(std::move(a));
    }
    if (answers.empty()) {
        fmt::print(stderr, "{}: error: no {} policy for the {} profile in the file\n", o.file, policy_name, profile);
        return 2;
    }
    return print_answers(o, answers);
}

}  // namespace fwlint
