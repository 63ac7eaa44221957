// The access lists of a Cisco configuration: entry order, `no SEQ` edits,
// `evaluate` lines, and the policies the lists become (cisco_acl_lists.hpp).
#include "parse/cisco_acl_lists.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "parse/cisco_config_lines.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint::cisco {

void add_acl_entry(AclState& a, Rule r, int sequence, int position) {
    r.comment = std::move(a.remark);
    a.remark.clear();
    if (sequence) a.explicit_sequence = true;
    r.sequence = sequence ? sequence : a.last_sequence + 10;
    a.last_sequence = std::max(a.last_sequence, r.sequence);
    int remarks = a.pending_remarks;
    a.pending_remarks = 0;
    // ASA "line N" inserts before the entry now on line N (remarks count).
    std::size_t at = a.rules.size();
    for (std::size_t k = 0, n = 0; position > 0 && k < a.rules.size(); ++k) {
        n += std::size_t(a.remarks[k]) + 1;
        if (n >= std::size_t(position)) {
            at = k;
            break;
        }
    }
    a.rules.insert(a.rules.begin() + std::ptrdiff_t(at), std::move(r));
    a.remarks.insert(a.remarks.begin() + std::ptrdiff_t(at), remarks);
}

std::optional<std::string> reflexive_evaluate_note(std::string_view b) {
    std::size_t digits = 0;
    while (digits < b.size() && std::isdigit(static_cast<unsigned char>(b[digits]))) ++digits;
    if (digits > 0) {
        if (digits == b.size() || (b[digits] != ' ' && b[digits] != '\t')) return std::nullopt;
        b.remove_prefix(digits);
        while (!b.empty() && (b.front() == ' ' || b.front() == '\t')) b.remove_prefix(1);
    }
    if (b.size() < 9 || !ieq(b.substr(0, 8), "evaluate") || (b[8] != ' ' && b[8] != '\t')) return std::nullopt;
    std::string_view name = b.substr(9);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
    if (name.empty()) return std::nullopt;
    return fmt::format("evaluate {}: the reflexive list {} admits only the replies of sessions that 'reflect "
                       "{}' entries saw opened the other way, never a new flow: no rule (not modelled)",
                       printable_text(name), printable_text(name), printable_text(name));
}

std::optional<ListEdit> remove_acl_entry(std::string_view b, AclState& a) {
    while (!b.empty() && std::isspace(static_cast<unsigned char>(b.back()))) b.remove_suffix(1);
    if (b.size() < 4 || !ieq(b.substr(0, 2), "no") || (b[2] != ' ' && b[2] != '\t')) return std::nullopt;
    std::string_view rest = b.substr(3);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (!is_number(rest))
        return ListEdit{Severity::warning,
                        fmt::format("'no {}' removes the entry of ACL {} written that way: fwlint does not apply it "
                                    "(the entry, if any, is still checked); remove the entry from the file or use "
                                    "'no SEQ'",
                                    printable_text(rest), printable_text(a.name))};
    const int sequence = to_int(rest);
    for (std::size_t k = 0; k < a.rules.size(); ++k) {
        if (a.rules[k].sequence != sequence) continue;
        ListEdit note{Severity::note,
                      fmt::format("no {}: entry {} of ACL {} (line {}) is removed here, as the device removes it: it "
                                  "is not checked",
                                  sequence, sequence, printable_text(a.name), a.rules[k].loc.line)};
        a.rules.erase(a.rules.begin() + std::ptrdiff_t(k));
        a.remarks.erase(a.remarks.begin() + std::ptrdiff_t(k));
        return note;
    }
    return ListEdit{Severity::warning, fmt::format("no {}: ACL {} has no entry {} above this line: nothing is removed",
                                                   sequence, printable_text(a.name), sequence)};
}

void add_acl_policies(std::deque<AclState>& lists, Dialect dialect, std::vector<Policy>& policies) {
    for (AclState& a : lists) {
        if (dialect == Dialect::asa) {
            int n = 0;
            for (std::size_t k = 0; k < a.rules.size(); ++k) a.rules[k].sequence = n += a.remarks[k] + 1;
        }
        if (a.explicit_sequence)
            std::stable_sort(a.rules.begin(), a.rules.end(),
                             [](const Rule& x, const Rule& y) { return x.sequence < y.sequence; });
        auto make = [&](Family f) {
            Policy p;
            p.name = a.name;
            p.family = f;
            p.order = EvaluationOrder::first_match;
            Chain c;
            c.name = a.name;
            c.loc = a.loc;
            c.builtin = true;
            c.policy = Action::drop;  // the implicit deny
            p.chains.push_back(std::move(c));
            bool v6 = f == Family::v6;
            p.syntax = dialect == Dialect::asa    ? "asa"
                       : dialect == Dialect::nxos ? (v6 ? "nxos-ipv6" : "nxos")
                       : v6                        ? "ios-ipv6"
                       : a.standard                ? "ios-standard"
                                                   : "ios-extended";
            return p;
        };
        if (a.family) {
            Policy p = make(*a.family);
            p.chains.front().rules = std::move(a.rules);
            policies.push_back(std::move(p));
            continue;
        }
        // ASA: one policy per family the list's entries touch (IPv4 when
        // none does), so each evaluates like the device does.
        Policy v4 = make(Family::v4), v6 = make(Family::v6);
        auto only6 = [](const Rule& r) { return r.match.boxes(Family::v4).empty() && !r.match.boxes(Family::v6).empty(); };
        if (std::none_of(a.rules.begin(), a.rules.end(), only6)) {
            // The usual case: every entry is in the IPv4 list, in order,
            // and the list moves whole (not rule by rule); entries that
            // match IPv6 too are copied to the IPv6 list.
            for (const Rule& r : a.rules)
                if (!r.match.boxes(Family::v6).empty()) v6.chains.front().rules.push_back(r);
            v4.chains.front().rules = std::move(a.rules);
            policies.push_back(std::move(v4));
            if (!v6.chains.front().rules.empty()) policies.push_back(std::move(v6));
            continue;
        }
        v4.chains.front().rules.reserve(a.rules.size());
        for (Rule& r : a.rules) {
            bool has6 = !r.match.boxes(Family::v6).empty();
            bool has4 = !r.match.boxes(Family::v4).empty() || !has6;
            if (has4 && has6) v6.chains.front().rules.push_back(r);
            else if (has6) {
                v6.chains.front().rules.push_back(std::move(r));
                continue;
            }
            v4.chains.front().rules.push_back(std::move(r));
        }
        bool any6 = !v6.chains.front().rules.empty();
        if (!v4.chains.front().rules.empty() || !any6) policies.push_back(std::move(v4));
        if (any6) policies.push_back(std::move(v6));
    }
}

}  // namespace fwlint::cisco
