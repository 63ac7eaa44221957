#include "analyze/diff.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <map>

#include <fmt/format.h>

#include "analyze/condition_clause.hpp"
#include "analyze/diff_cells.hpp"
#include "analyze/diff_interfaces.hpp"
#include "analyze/diff_scope.hpp"
#include "analyze/evaluate.hpp"

namespace fwlint {

namespace {

// Union of the packets of `sets[lo, hi)`, pairwise: each set is united with
// one of similar size, not with an ever-growing total.
PacketSet unite_all(const std::vector<const PacketSet*>& sets, std::size_t lo, std::size_t hi) {
    if (hi <= lo) return PacketSet();
    if (hi - lo == 1) return *sets[lo];
    std::size_t mid = lo + (hi - lo) / 2;
    return unite_all(sets, lo, mid).unite(unite_all(sets, mid, hi));
}

// The reference walk (whole_space): slices of the space walked one at a
// time through every rule, tcp and udp by 4,096 destination ports, every
// other protocol at once.
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

// An unmodelled condition and the line of the rule that has it.
struct ConditionRef {
    std::string file;
    int line = 0;
    std::string name;
    friend auto operator<=>(const ConditionRef&, const ConditionRef&) = default;
};

// The changes of one direction, gathered part by part (a slice of the
// reference walk, a cell of walk_cells): the parts partition the space, so
// the differences do too, and whatever touches a change's packets touches
// the piece of them in its own part. `gain` is the side whose accepts grew
// (NEW for newly allowed, OLD for newly denied), `loss` the other. Changes
// are grouped by the accepting line on the gaining side.
class OneWay {
public:
    OneWay(std::string chain, bool newly_allowed, const Policy& gain, const Policy& loss)
        : chain_(std::move(chain)), newly_allowed_(newly_allowed), gain_(gain), loss_(loss) {}

    // One part's walks: gaining side strict and lenient, losing side strict and lenient.
    void add(const Evaluation& gs, const Evaluation& gl, const Evaluation& ls, const Evaluation& ll) {
        PacketSet in_strict = gs.accepted.subtract(ls.accepted);
        PacketSet in_lenient = gl.accepted.subtract(ll.accepted);
        if (in_strict.empty() && in_lenient.empty()) return;
        PacketSet sure = in_strict.intersect(in_lenient);
        PacketSet cond = in_strict.unite(in_lenient).subtract(sure);
        const std::array<const Evaluation*, 4> walks{&gs, &gl, &ls, &ll};
        group(gs, sure, false, walks);
        group(gs, cond.intersect(in_strict), true, walks);
        group(gl, cond.intersect(in_lenient), true, walks);
    }

    void finish(std::vector<DiffChange>& out) {
        // In the order of the accepting lines: rules, then policies.
        std::stable_sort(found_.begin(), found_.end(), [&](const Found& a, const Found& b) {
            const LineRef& la = accepting(a.change);
            const LineRef& lb = accepting(b.change);
            if (la.policy != lb.policy) return lb.policy;
            if (la.line != lb.line) return la.line < lb.line;
            return !a.change.conditional && b.change.conditional;
        });
        for (auto& f : found_) {
            DiffChange& c = f.change;
            // The other side's lines in line order (whatever part they were met in).
            std::vector<LineRef>& other = newly_allowed_ ? c.before : c.now;
            std::sort(other.begin(), other.end(), [](const LineRef& a, const LineRef& b) {
                return std::tie(a.policy, a.line, a.chain, a.text) < std::tie(b.policy, b.line, b.chain, b.text);
            });
            other.erase(std::unique(other.begin(), other.end()), other.end());
            std::sort(f.conditions.begin(), f.conditions.end());
            f.conditions.erase(std::unique(f.conditions.begin(), f.conditions.end()), f.conditions.end());
            for (const auto& cr : f.conditions) c.conditions.push_back(fmt::format("{} ({}:{})", cr.name, cr.file, cr.line));
            c.depends_on = fmt::format("{}", fmt::join(f.clauses, "; "));
            c.packets.compact();
            out.push_back(std::move(c));
        }
    }

private:
    struct Found {
        DiffChange change;
        std::vector<ConditionRef> conditions;
        std::vector<std::string> clauses;  // condition_clause() per part, each once
    };

    const LineRef& accepting(const DiffChange& c) const { return newly_allowed_ ? c.now.front() : c.before.front(); }

    void group(const Evaluation& e, const PacketSet& changed, bool conditional,
               const std::array<const Evaluation*, 4>& walks) {
        if (changed.empty()) return;
        for (const auto& d : e.decisions) {
            if (d.verdict != Verdict::accept) continue;
            PacketSet part = d.packets.intersect(changed);
            if (part.empty()) continue;
            LineRef line = decision_line(gain_, d);
            auto it = std::find_if(found_.begin(), found_.end(), [&](const Found& f) {
                return f.change.conditional == conditional && accepting(f.change) == line;
            });
            if (it == found_.end()) {
                Found f;
                f.change.chain = chain_;
                f.change.newly_allowed = newly_allowed_;
                f.change.conditional = conditional;
                (newly_allowed_ ? f.change.now : f.change.before).push_back(line);
                found_.push_back(std::move(f));
                it = found_.end() - 1;
            }
            it->change.packets.add_disjoint(part);  // the parts, decisions and groups are disjoint
            // The lines on the other side that did not accept these packets.
            std::vector<LineRef>& other = newly_allowed_ ? it->change.before : it->change.now;
            for (const Evaluation* lw : {walks[2], walks[3]}) {
                if (lw == walks[3] && !conditional) break;
                for (const auto& ld : lw->decisions)
                    if (ld.verdict != Verdict::accept && ld.packets.intersects(part)) {
                        LineRef l = decision_line(loss_, ld);
                        if (std::find(other.begin(), other.end(), l) == other.end()) other.push_back(std::move(l));
                    }
            }
            if (conditional) {
                for (const Evaluation* w : walks) conditions_of(*w, part, it->conditions);
                std::string clause = clause_of(part, walks);
                if (!clause.empty() && std::find(it->clauses.begin(), it->clauses.end(), clause) == it->clauses.end())
                    it->clauses.push_back(std::move(clause));
            }
        }
    }

    // What the gaining side needs to accept `part` and what would make the
    // losing side accept it too: "on new.rules:12, X holds, unless, on
    // old.rules:9, Y holds".
    std::string clause_of(const PacketSet& part, const std::array<const Evaluation*, 4>& walks) const {
        bool gain_final = false, loss_final = false;
        auto gain = condition_steps(gain_, chain_, {walks[1], walks[0]}, part, false, &gain_final);
        auto loss = condition_steps(loss_, chain_, {walks[3], walks[2]}, part, false, &loss_final);
        std::string text = condition_clause(gain, gain_final, true);
        std::string unless = condition_clause(loss, loss_final, true);
        if (!unless.empty()) text += (text.empty() ? "unless, " : ", unless, ") + unless;
        return text;
    }

    // The conditions of rules with unmodelled matches that decided or jumped
    // on part of `part` (as conditions_on, naming each line's file).
    static void conditions_of(const Evaluation& e, const PacketSet& part, std::vector<ConditionRef>& out) {
        auto add = [&](const Rule* r) {
            for (const auto& c : r->conditions)
                if (!c.loopback_only) out.push_back(ConditionRef{std::string(r->loc.file), r->loc.line, c.name});
        };
        for (const auto& d : e.decisions)
            if (d.rule && !d.rule->conditions.empty() && d.packets.intersects(part)) add(d.rule);
        for (const auto& j : e.jumps)
            if (!j.rule->conditions.empty() && j.packets.intersects(part)) add(j.rule);
    }

    std::string chain_;
    bool newly_allowed_;
    const Policy& gain_;
    const Policy& loss_;
    std::vector<Found> found_;
};

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
    // Rules that name interfaces: once per interface assignment (diff_interfaces.hpp).
    if (diff_chains_per_interface(old_policy, old_chain, new_policy, new_chain, label, out, whole_space)) return;
    OneWay allowed(label, true, new_policy, old_policy), denied(label, false, old_policy, new_policy);
    const Chain* oc = old_policy.find_chain(old_chain);
    const Chain* nc = new_policy.find_chain(new_chain);
    if (whole_space || !oc || !nc) {
        // The reference: every slice of the space through every rule.
        for (const PacketSet& slice : slices(PacketSet::all(old_policy.family), old_policy.family)) {
            Evaluation os = evaluate_slice(old_policy, old_chain, slice, ConditionMode::strict);
            Evaluation ns = evaluate_slice(new_policy, new_chain, slice, ConditionMode::strict);
            Evaluation ol = os.conditions_met ? evaluate_slice(old_policy, old_chain, slice, ConditionMode::lenient) : os;
            Evaluation nl = ns.conditions_met ? evaluate_slice(new_policy, new_chain, slice, ConditionMode::lenient) : ns;
            allowed.add(ns, nl, os, ol);
            denied.add(os, ol, ns, nl);
        }
    } else {
        // Only where the chains can differ (diff_scope.hpp): the same
        // decisions there, so the same changes, lines and packets, at the
        // cost of the entries that changed instead of the whole space.
        PacketSet region = PacketSet::all(old_policy.family);
        if (auto scope = differing_space(old_policy, old_chain, new_policy, new_chain)) {
            if (scope->empty()) return;
            region = std::move(*scope);
        }
        walk_cells(old_policy, *oc, new_policy, *nc, region, [&](const CellWalks& w) {
            allowed.add(w.new_strict, w.new_lenient, w.old_strict, w.old_lenient);
            denied.add(w.old_strict, w.old_lenient, w.new_strict, w.new_lenient);
        });
    }
    allowed.finish(out);
    denied.finish(out);
}

}  // namespace fwlint
