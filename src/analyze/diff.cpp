#include "analyze/diff.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "analyze/diff_scope.hpp"
#include "analyze/evaluate.hpp"

namespace fwlint {

namespace {

// The two ConditionModes' evaluations of the whole space through one chain.
// One entry per slice of the space (the same slices for both files).
struct Both {
    const Policy* policy = nullptr;
    std::vector<Evaluation> strict, lenient;
};

// Union of the packets of `sets[lo, hi)`, pairwise: each set is united with
// one of similar size, not with an ever-growing total.
PacketSet unite_all(const std::vector<const PacketSet*>& sets, std::size_t lo, std::size_t hi) {
    if (hi <= lo) return PacketSet();
    if (hi - lo == 1) return *sets[lo];
    std::size_t mid = lo + (hi - lo) / 2;
    return unite_all(sets, lo, mid).unite(unite_all(sets, mid, hi));
}

// Slices of the space walked one at a time: tcp and udp by 4,096
// destination ports, every other protocol at once. A rule that misses a
// slice costs one intersection test there, so the remaining query stays small.
std::vector<PacketSet> slices(const PacketSet& space, Family f) {
    std::vector<PacketSet> out;
    IntervalSet rest = IntervalSet::range(0, max_proto);
    for (unsigned proto : {proto_tcp, proto_udp}) {
        rest = rest.subtract(IntervalSet::single(proto));
        for (u128 lo = 0; lo <= max_port; lo += 4096) {
            Box b = Box::all(f);
            b.dims[proto_dim] = IntervalSet::single(proto);
            b.dims[dport_dim] = IntervalSet::range(lo, lo + 4095);
            out.push_back(space.intersect(PacketSet::of(f, b)));
        }
    }
    Box b = Box::all(f);
    b.dims[proto_dim] = rest;
    out.push_back(space.intersect(PacketSet::of(f, b)));
    return out;
}

// One slice's decisions, summed into the buckets at the end.
Evaluation evaluate_slice(const Policy& policy, const std::string& chain, const PacketSet& slice, ConditionMode mode) {
    Evaluation e = evaluate_chain_decisions(policy, chain, slice, mode);
    for (Verdict v : {Verdict::accept, Verdict::deny, Verdict::unknown}) {
        std::vector<const PacketSet*> sets;
        for (const auto& d : e.decisions)
            if (d.verdict == v) sets.push_back(&d.packets);
        PacketSet all = unite_all(sets, 0, sets.size());
        (v == Verdict::accept ? e.accepted : v == Verdict::deny ? e.denied : e.unknown) = std::move(all);
    }
    return e;
}

Both evaluate_both(const Policy& policy, const std::string& chain, const std::vector<PacketSet>& parts) {
    Both b;
    b.policy = &policy;
    bool conditions = false;
    for (const auto& slice : parts) {
        b.strict.push_back(evaluate_slice(policy, chain, slice, ConditionMode::strict));
        conditions = conditions || b.strict.back().conditions_met;
    }
    if (!conditions) {
        b.lenient = b.strict;
        return b;
    }
    for (const auto& slice : parts) b.lenient.push_back(evaluate_slice(policy, chain, slice, ConditionMode::lenient));
    return b;
}

// A stand-in for a built-in chain a file does not have: no rules, ACCEPT.
Policy empty_chain_policy(Family f, const std::string& chain, const std::string& file) {
    Policy p;
    p.name = "filter";
    p.family = f;
    Chain c;
    c.name = chain;
    c.builtin = true;
    c.policy = Action::accept;
    c.loc = SourceLocation{file, 0, 0};
    p.chains.push_back(std::move(c));
    return p;
}

void add_line(std::vector<LineRef>& lines, const LineRef& l) {
    if (std::find(lines.begin(), lines.end(), l) == lines.end()) lines.push_back(l);
}

// The lines of `e` whose decisions (accepting or not, as `accepts` says) touch `part`.
void lines_deciding(const Policy& p, const Evaluation& e, const PacketSet& part, bool accepts, std::vector<LineRef>& out) {
    for (const auto& d : e.decisions)
        if ((d.verdict == Verdict::accept) == accepts && d.packets.intersects(part)) add_line(out, decision_line(p, d));
}

// One direction of the comparison. `gain_*` are the evaluations whose accepts
// grew (NEW for newly allowed, OLD for newly denied), `loss_*` the others.
// Changes are grouped by the accepting line on the gaining side.
void changes_one_way(const std::string& chain, bool newly_allowed, const Both& gain, const Both& loss,
                     std::vector<DiffChange>& out) {
    std::vector<DiffChange> found;
    auto group = [&](const Evaluation& e, const PacketSet& changed, bool conditional) {
        if (changed.empty()) return;
        for (const auto& d : e.decisions) {
            if (d.verdict != Verdict::accept) continue;
            PacketSet part = d.packets.intersect(changed);
            if (part.empty()) continue;
            LineRef line = decision_line(*gain.policy, d);
            // The accepting line is the first of its list (pushed when the change is made).
            auto it = std::find_if(found.begin(), found.end(), [&](const DiffChange& c) {
                return c.conditional == conditional && (newly_allowed ? c.now.front() : c.before.front()) == line;
            });
            if (it != found.end()) {
                it->packets = it->packets.unite(part);
                continue;
            }
            DiffChange c;
            c.chain = chain;
            c.newly_allowed = newly_allowed;
            c.conditional = conditional;
            c.packets = part;
            (newly_allowed ? c.now : c.before).push_back(line);
            found.push_back(std::move(c));
        }
    };
    // Slice by slice: the slices partition the space, so the differences do too.
    for (std::size_t i = 0; i < gain.strict.size(); ++i) {
        PacketSet in_strict = gain.strict[i].accepted.subtract(loss.strict[i].accepted);
        PacketSet in_lenient = gain.lenient[i].accepted.subtract(loss.lenient[i].accepted);
        if (in_strict.empty() && in_lenient.empty()) continue;
        PacketSet sure = in_strict.intersect(in_lenient);
        PacketSet cond = in_strict.unite(in_lenient).subtract(sure);
        group(gain.strict[i], sure, false);
        group(gain.strict[i], cond.intersect(in_strict), true);
        group(gain.lenient[i], cond.intersect(in_lenient), true);
    }

    // In the order of the accepting lines, whatever slice they were met in.
    std::stable_sort(found.begin(), found.end(), [&](const DiffChange& a, const DiffChange& b) {
        const LineRef& la = newly_allowed ? a.now.front() : a.before.front();
        const LineRef& lb = newly_allowed ? b.now.front() : b.before.front();
        if (la.policy != lb.policy) return lb.policy;  // rules before the policy
        if (la.line != lb.line) return la.line < lb.line;
        return !a.conditional && b.conditional;
    });
    std::vector<const Evaluation*> all;
    for (const auto* side : {&gain.strict, &gain.lenient, &loss.strict, &loss.lenient})
        for (const auto& e : *side) all.push_back(&e);
    for (auto& c : found) {
        // The lines on the other side that did not accept these packets.
        std::vector<LineRef>& other = newly_allowed ? c.before : c.now;
        for (const auto& e : loss.strict) lines_deciding(*loss.policy, e, c.packets, false, other);
        if (c.conditional) {
            for (const auto& e : loss.lenient) lines_deciding(*loss.policy, e, c.packets, false, other);
            c.conditions = conditions_on(all, c.packets, true);  // two files: say whose line
        }
        c.packets.compact();
        out.push_back(std::move(c));
    }
}

}  // namespace

DiffResult diff_policies(const Policy& old_policy, const Policy& new_policy, const std::vector<std::string>& chains) {
    DiffResult out;
    out.family = old_policy.family;
    out.chains = chains;
    if (out.chains.empty())
        for (const char* name : {"INPUT", "FORWARD", "OUTPUT"})
            if (old_policy.find_chain(name) || new_policy.find_chain(name)) out.chains.push_back(name);

    for (const auto& chain : out.chains) {
        const Chain* oc = old_policy.find_chain(chain);
        const Chain* nc = new_policy.find_chain(chain);
        if (!oc && !nc) {
            out.notes.push_back(fmt::format("chain {} is in neither file", chain));
            continue;
        }
        Policy old_stub, new_stub;
        const Policy* op = &old_policy;
        const Policy* np = &new_policy;
        if (!oc) {
            old_stub = empty_chain_policy(out.family, chain, "");
            op = &old_stub;
            out.notes.push_back(fmt::format("chain {} is not in the old file: taken as empty with policy ACCEPT", chain));
        }
        if (!nc) {
            new_stub = empty_chain_policy(out.family, chain, "");
            np = &new_stub;
            out.notes.push_back(fmt::format("chain {} is not in the new file: taken as empty with policy ACCEPT", chain));
        }
        if ((oc && !oc->builtin) || (nc && !nc->builtin))
            out.notes.push_back(fmt::format("chain {} is a user chain: compared as if it were entered directly", chain));
        diff_chains(*op, chain, *np, chain, chain, out.changes);
        // Stub policies die here; their lines are copied already (LineRef).
    }
    return out;
}

void diff_chains(const Policy& old_policy, const std::string& old_chain, const Policy& new_policy,
                 const std::string& new_chain, const std::string& label, std::vector<DiffChange>& out,
                 bool whole_space) {
    // Both sides are cut into the same slices of the space of the old policy's family.
    std::vector<PacketSet> parts = slices(PacketSet::all(old_policy.family), old_policy.family);
    // Only where the chains can differ (diff_scope.hpp): the same decisions
    // there, so the same changes, lines and packets, at the cost of the few
    // entries that changed instead of the whole space.
    if (!whole_space)
        if (auto scope = differing_space(old_policy, old_chain, new_policy, new_chain)) {
            if (scope->empty()) return;
            for (auto& slice : parts) slice = slice.intersect(*scope);
        }
    Both o = evaluate_both(old_policy, old_chain, parts);
    Both n = evaluate_both(new_policy, new_chain, parts);
    changes_one_way(label, true, n, o, out);
    changes_one_way(label, false, o, n, out);
}

}  // namespace fwlint
