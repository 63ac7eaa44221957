#include "ir/rule.hpp"

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

}  // namespace fwlint
