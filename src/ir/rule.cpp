#include "ir/rule.hpp"

#include <algorithm>

namespace fwlint {

const char* action_name(Action a) {
    switch (a) {
        case Action::accept: return "accept";
        case Action::drop: return "drop";
        case Action::reject: return "reject";
        case Action::jump: return "jump";
        case Action::go_to: return "goto";
        case Action::ret: return "return";
        case Action::log: return "log";
        case Action::none: return "none";
        case Action::other: return "other";
    }
    return "other";
}

std::size_t ParsedInput::rule_count() const {
    std::size_t n = 0;
    std::vector<std::pair<int, int>> windows;
    for (const auto& p : policies)
        for (const auto& c : p.chains)
            for (const auto& r : c.rules) {
                if (p.order == EvaluationOrder::windows_precedence)
                    windows.emplace_back(r.loc.line, r.loc.column);
                else
                    ++n;
            }
    std::sort(windows.begin(), windows.end());
    return n + std::size_t(std::unique(windows.begin(), windows.end()) - windows.begin());
}

std::vector<const Chain*> Policy::reachable_from(const Chain& start) const {
    std::vector<const Chain*> todo{&start}, seen;
    while (!todo.empty()) {
        const Chain* c = todo.back();
        todo.pop_back();
        if (!c || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
        seen.push_back(c);
        for (const Rule& r : c->rules)
            if (r.action == Action::jump || r.action == Action::go_to) todo.push_back(find_chain(r.target));
    }
    return seen;
}

}  // namespace fwlint
