#include "analyze/evaluate.hpp"

#include "analyze/evaluate_windows.hpp"
#include "analyze/interfaces.hpp"
#include "analyze/takes_part.hpp"

#include <algorithm>

namespace fwlint {

namespace {

// Kernel jump depth is limited; deeper nesting than this only happens with a
// loop, which the parser already reported.
constexpr int max_depth = 64;

struct ChainResult {
    PacketSet returned;  // fell off the end of a user chain or hit RETURN
};

class Walker {
public:
    Walker(const Policy& policy, ConditionMode mode, Evaluation& out, bool buckets = true,
           const InterfaceAssignment* interfaces = nullptr)
        : policy_(policy), mode_(mode), out_(out), buckets_(buckets), interfaces_(interfaces) {}

    // Walks `chain` with `query`; decisions go to out_, the part that returns
    // to the caller is the result. `caller_returned` collects what a goto'd
    // chain returns: it resumes in the chain that called the goto-ing chain.
    PacketSet walk(const Chain& chain, PacketSet query, int depth) {
        if (depth > max_depth || std::find(stack_.begin(), stack_.end(), &chain) != stack_.end())
            return query;  // loop: reported by the parser, treated as "no match"
        stack_.push_back(&chain);
        PacketSet returned;
        for (const Rule& rule : chain.rules) {
            if (query.empty()) break;
            if (!rule.enabled || !rule.new_flows || !query.intersects(rule.match)) continue;
            bool takes = interfaces_ ? takes_part(rule, mode_, *interfaces_) : takes_part(rule, mode_);
            if (!rule.conditions.empty() && !loopback_only(rule) &&
                (!interfaces_ || (has_open_conditions(rule) && !interface_excludes(rule, *interfaces_))))
                out_.conditions_met = true;
            if (!takes) continue;
            PacketSet taken = query.intersect(rule.match);
            switch (rule.action) {
                case Action::accept: decide(&rule, chain, Verdict::accept, taken); break;
                case Action::drop:
                case Action::reject: decide(&rule, chain, Verdict::deny, taken); break;
                case Action::other: decide(&rule, chain, Verdict::unknown, taken); break;
                case Action::ret: returned = returned.unite(taken); break;
                case Action::log:
                case Action::none: continue;  // not terminating: the packets go on
                case Action::jump: {
                    const Chain* target = policy_.find_chain(rule.target);
                    if (!target) continue;
                    out_.jumps.push_back(JumpStep{&rule, &chain, taken});
                    PacketSet back = walk(*target, taken, depth + 1);
                    // What came back continues after the jump; the rest was decided.
                    query = query.subtract(taken).unite(back);
                    continue;
                }
                case Action::go_to: {
                    const Chain* target = policy_.find_chain(rule.target);
                    if (!target) continue;
                    out_.jumps.push_back(JumpStep{&rule, &chain, taken});
                    returned = returned.unite(walk(*target, taken, depth + 1));
                    break;
                }
            }
            query = query.subtract(taken);
        }
        stack_.pop_back();
        return returned.unite(query);
    }

    void decide(const Rule* rule, const Chain& chain, Verdict v, const PacketSet& packets) {
        if (packets.empty()) return;
        out_.decisions.push_back(Decision{rule, &chain, v, packets});
        if (!buckets_) return;
        PacketSet& bucket = v == Verdict::accept ? out_.accepted : v == Verdict::deny ? out_.denied : out_.unknown;
        bucket = bucket.unite(packets);
    }

private:
    const Policy& policy_;
    ConditionMode mode_;
    Evaluation& out_;
    bool buckets_ = true;
    const InterfaceAssignment* interfaces_ = nullptr;
    std::vector<const Chain*> stack_;
};

}  // namespace

namespace {

Evaluation evaluate(const Policy& policy, std::string_view chain_name, const PacketSet& query, ConditionMode mode,
                    bool buckets, const InterfaceAssignment* interfaces = nullptr) {
    Evaluation out;
    const Chain* chain = policy.find_chain(chain_name);
    if (!chain) return out;
    PacketSet in_family = query.intersect(PacketSet::all(policy.family));
    if (policy.order == EvaluationOrder::windows_precedence) return evaluate_windows_chain(*chain, in_family, mode, buckets);
    Walker walker(policy, mode, out, buckets, interfaces);
    PacketSet rest = walker.walk(*chain, in_family, 0);
    // The end of a built-in chain, or RETURN in it, applies the policy.
    Verdict v = chain->policy == Action::accept ? Verdict::accept : Verdict::deny;
    if (!chain->policy) v = Verdict::unknown;
    walker.decide(nullptr, *chain, v, rest);
    return out;
}

}  // namespace

Evaluation evaluate_chain(const Policy& policy, std::string_view chain_name, const PacketSet& query,
                          ConditionMode mode) {
    return evaluate(policy, chain_name, query, mode, true);
}

Evaluation evaluate_chain(const Policy& policy, std::string_view chain_name, const PacketSet& query,
                          ConditionMode mode, const InterfaceAssignment* interfaces) {
    return evaluate(policy, chain_name, query, mode, true, interfaces);
}

Evaluation evaluate_chain_decisions(const Policy& policy, std::string_view chain_name, const PacketSet& query,
                                    ConditionMode mode) {
    return evaluate(policy, chain_name, query, mode, false);
}

int rule_position(const Chain& chain, const Rule* rule) {
    for (std::size_t i = 0; i < chain.rules.size(); ++i)
        if (&chain.rules[i] == rule) return int(i) + 1;
    return int(chain.rules.size()) + 1;
}

}  // namespace fwlint
