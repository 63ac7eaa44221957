#include "analyze/conditional_text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analyze/condition_clause.hpp"

namespace fwlint {

namespace {

std::string line_ref(const Decision& d, bool name_files) {
    SourceLocation loc = d.rule ? d.rule->loc : d.chain->loc;
    if (name_files) return fmt::format("{}:{}", loc.file, loc.line);
    return fmt::format("line {}", loc.line);
}

void add_unique(std::vector<std::string>& to, std::string s) {
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(std::move(s));
}

// "line 97", "lines 95, 97"
std::string lines_text(const std::vector<std::string>& refs, bool name_files) {
    if (name_files || refs.size() == 1) return fmt::format("{}", fmt::join(refs, ", "));
    std::vector<std::string> numbers;
    for (const auto& r : refs) numbers.push_back(r.substr(5));
    return fmt::format("lines {}", fmt::join(numbers, ", "));
}

struct Group {
    std::string detail;
    std::vector<InterfaceAssignment> members;
};

void add_to_group(std::vector<Group>& groups, const std::string& detail, const InterfaceAssignment& a) {
    for (auto& g : groups)
        if (g.detail == detail) {
            g.members.push_back(a);
            return;
        }
    groups.push_back({detail, {a}});
}

std::string either_phrase(const std::vector<std::string>& phrases) {
    if (phrases.size() == 1) return phrases.front();
    std::vector<std::string> head(phrases.begin(), phrases.end() - 1);
    return fmt::format("{} or {}", fmt::join(head, ", "), phrases.back());
}

// Whether a phrase names "an interface no rule names": naming the interfaces
// reads better on a tie.
bool names_other(const std::vector<std::string>& phrases) {
    return std::any_of(phrases.begin(), phrases.end(),
                       [](const std::string& p) { return p.find("no rule names") != std::string::npos; });
}

}  // namespace

std::string when_phrase(const std::vector<InterfaceAssignment>& all, const std::vector<InterfaceAssignment>& members) {
    std::vector<InterfaceAssignment> rest;
    for (const auto& a : all)
        if (std::find(members.begin(), members.end(), a) == members.end()) rest.push_back(a);
    auto yes = describe_assignments(all, members);
    if (!rest.empty()) {
        auto no = describe_assignments(all, rest);
        if (no.size() < yes.size() || (no.size() == yes.size() && names_other(yes) && !names_other(no)))
            return "unless it " + either_phrase(no);
    }
    return "when it " + either_phrase(yes);
}

std::string if_phrase(const std::vector<InterfaceAssignment>& all, const std::vector<InterfaceAssignment>& members) {
    std::vector<InterfaceAssignment> rest;
    for (const auto& a : all)
        if (std::find(members.begin(), members.end(), a) == members.end()) rest.push_back(a);
    auto yes = describe_assignments(all, members);
    if (!rest.empty()) {
        auto no = describe_assignments(all, rest, true);
        if (no.size() < yes.size() || (no.size() == yes.size() && names_other(yes) && !names_other(no)))
            return "it does not " + either_phrase(no);
    }
    return "it " + either_phrase(yes);
}

std::string only_if(const std::string& text) {
    if (text.rfind("unless", 0) == 0) return text;
    return (text.rfind("on ", 0) == 0 ? "only if, " : "only if ") + text;
}

PacketSet surely_accepted(const InterfaceWalks& walks, const PacketSet& part) {
    PacketSet sure = part;
    for (const auto& w : walks.walks) sure = sure.intersect(w.strict.accepted).intersect(w.lenient.accepted);
    return sure;
}

PacketSet possibly_accepted(const InterfaceWalks& walks, const PacketSet& part) {
    PacketSet maybe;
    for (const auto& w : walks.walks) maybe = maybe.unite(w.strict.accepted).unite(w.lenient.accepted);
    return maybe.intersect(part);
}

ConditionalText allowed_only_if(const Policy& policy, std::string_view chain, const InterfaceWalks& walks,
                                const PacketSet& part, bool name_files) {
    ConditionalText out;
    const bool skip = !walks.independent;
    if (!walks.per_interface()) {
        const AssignedWalk& w = walks.walks.front();
        PacketSet open = part.subtract(surely_accepted(walks, part));
        if (open.empty()) return out;
        bool final_accept = false;
        auto steps = condition_steps(policy, chain, {&w.lenient, &w.strict}, open, skip, &final_accept);
        out.text = condition_clause(steps, final_accept, name_files, skip);
        if (out.text.empty()) out.text = "a condition holds";
        for (const Evaluation* e : {&w.lenient, &w.strict})
            for (const auto& d : e->decisions)
                if (d.rule && !d.rule->conditions.empty() && d.packets.intersects(open)) out.involved.push_back(&d);
        return out;
    }
    // Per interface assignment: which walks accept all of `part` whatever the
    // conditions, which stop it (and where), which need conditions.
    std::vector<Group> stopped, conditional;
    std::vector<const Decision*> accepts, stops;
    std::vector<std::string> all_stop_refs;  // every line that stops part of it somewhere
    for (const auto& w : walks.walks) {
        PacketSet sure = part.intersect(w.strict.accepted).intersect(w.lenient.accepted);
        if (sure == part) continue;
        PacketSet maybe = part.intersect(w.strict.accepted.unite(w.lenient.accepted));
        PacketSet never = part.subtract(maybe);
        if (!never.empty()) {
            std::vector<std::string> refs;
            for (const auto& d : w.lenient.decisions)
                if (d.verdict != Verdict::accept && d.packets.intersects(never)) {
                    add_unique(refs, line_ref(d, name_files));
                    add_unique(all_stop_refs, line_ref(d, name_files));
                    stops.push_back(&d);
                }
            std::string detail = refs.empty() ? "" : lines_text(refs, name_files);
            if (!maybe.empty()) detail += (detail.empty() ? "" : ", ") + std::string("for part of it");
            add_to_group(stopped, detail, w.interfaces);
        }
        PacketSet open = maybe.subtract(sure);
        if (!open.empty()) {
            bool final_accept = false;
            auto steps = condition_steps(policy, chain, {&w.lenient, &w.strict}, open, true, &final_accept);
            std::string clause = condition_clause(steps, final_accept, name_files, true);
            add_to_group(conditional, clause.empty() ? "a condition holds" : clause, w.interfaces);
        }
    }
    if (stopped.empty() && conditional.empty()) return out;
    for (const auto& w : walks.walks)
        for (const Evaluation* e : {&w.lenient, &w.strict})
        for (const auto& d : e->decisions)
            if (d.verdict == Verdict::accept && d.packets.intersects(part) &&
                std::none_of(accepts.begin(), accepts.end(), [&](const Decision* a) { return a->rule == d.rule; }))
                accepts.push_back(&d);
    out.involved = accepts;
    out.involved.insert(out.involved.end(), stops.begin(), stops.end());

    const auto all = walks.assignments();
    std::vector<std::string> avoid;
    std::size_t avoid_phrases = 0;
    std::vector<InterfaceAssignment> stopped_members;
    std::vector<std::string> stop_lines;
    bool partly = false;
    for (const auto& g : stopped) {
        // "it does not enter on X", but "it neither enters on X, nor ..."
        auto phrases = describe_assignments(all, g.members, stopped.size() == 1);
        avoid_phrases += phrases.size();
        std::string phrase = either_phrase(phrases);
        avoid.push_back(g.detail.empty() ? phrase : fmt::format("{} ({})", phrase, g.detail));
        stopped_members.insert(stopped_members.end(), g.members.begin(), g.members.end());
        partly = partly || g.detail.find("part of it") != std::string::npos;
    }
    // "lines 19, 21" in the order met
    if (!all_stop_refs.empty()) stop_lines.push_back(lines_text(all_stop_refs, name_files));
    std::vector<std::string> parts;
    // Said the other way round when that is shorter: "it enters on eth2
    // (otherwise line 6)" rather than "it does not enter on any other".
    std::vector<InterfaceAssignment> open_members;
    for (const auto& a : all)
        if (std::find(stopped_members.begin(), stopped_members.end(), a) == stopped_members.end())
            open_members.push_back(a);
    auto positive = describe_assignments(all, open_members);
    // On a tie, naming the interfaces it may use reads better, unless that is
    // "an interface no rule names".
    bool shorter = positive.size() < avoid_phrases || (positive.size() == avoid_phrases && !names_other(positive));
    if (!avoid.empty() && !partly && !open_members.empty() && shorter) {
        parts.push_back(fmt::format("it {}{}", either_phrase(positive),
                                    stop_lines.empty() ? "" : fmt::format(" (otherwise {})", fmt::join(stop_lines, ", "))));
    } else if (avoid.size() == 1) {
        parts.push_back("it does not " + avoid.front());
    } else if (!avoid.empty()) {
        std::string text = "it neither " + avoid.front();
        for (std::size_t i = 1; i < avoid.size(); ++i) text += ", nor " + avoid[i];
        parts.push_back(text);
    }
    for (const auto& g : conditional)
        parts.push_back(fmt::format("{} ({})", g.detail, when_phrase(all, g.members)));
    out.text = fmt::format("{}", fmt::join(parts, ", and, "));
    return out;
}

}  // namespace fwlint
