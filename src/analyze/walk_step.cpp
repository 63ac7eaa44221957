#include "analyze/walk_step.hpp"

#include <algorithm>

#include "analyze/evaluate_windows.hpp"
#include "analyze/takes_part.hpp"

namespace fwlint {

bool read_step(const Rule& r, const Policy& policy, std::span<const Chain* const> chains, WalkStep& out) {
    if (!r.enabled || !r.new_flows) return false;
    switch (r.action) {
        case Action::accept: out.step = Step::accept; break;
        case Action::drop:
        case Action::reject: out.step = Step::deny; break;
        case Action::other: out.step = Step::unknown; break;
        case Action::ret: out.step = Step::ret; break;
        case Action::jump:
        case Action::go_to: {
            out.step = r.action == Action::jump ? Step::jump : Step::go_to;
            const Chain* t = policy.find_chain(r.target);
            auto it = std::find(chains.begin(), chains.end(), t);
            out.target = t && it != chains.end() ? int(it - chains.begin()) : -1;
            if (out.target < 0) return false;
            break;
        }
        case Action::log:
        case Action::none: return false;
    }
    for (ConditionMode m : {ConditionMode::strict, ConditionMode::lenient})
        if (takes_part(r, m)) out.takes |= mode_bit(m);
    out.conditional = !r.conditions.empty() && !loopback_only(r);
    return out.takes != 0;
}

bool read_windows_step(const Rule& r, WalkStep& out) {
    if (!r.enabled || !r.new_flows) return false;
    out.step = r.action == Action::accept ? Step::accept : Step::deny;
    for (ConditionMode m : {ConditionMode::strict, ConditionMode::lenient})
        if (windows_takes_part(r, m)) out.takes |= mode_bit(m);
    out.conditional = windows_has_real_condition(r);
    return out.takes != 0;
}

}  // namespace fwlint
