#include "ir/requirement.hpp"

namespace fwlint {

const char* statement_kind_name(StatementKind k) {
    switch (k) {
        case StatementKind::require: return "require";
        case StatementKind::forbid: return "forbid";
        case StatementKind::limit: return "limit";
        case StatementKind::windows_rule: return "windows-rule";
    }
    return "require";
}

}  // namespace fwlint
