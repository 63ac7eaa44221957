#pragma once
// Every check fwlint reports, with its stable id and its documentation.
// `fwlint explain ID` prints an entry; docs/checks.md holds the same text.
#include <string_view>
#include <vector>

#include "ir/diagnostic.hpp"

namespace fwlint {

struct CheckInfo {
    const char* id;
    const char* kind;   // missing, partial, shadowed, broad, unneeded, disabled, lint, syntax
    Severity severity;  // default severity
    const char* title;  // one line
    const char* detects;
    const char* why;
    const char* example;
    const char* fix;
};

const std::vector<CheckInfo>& check_catalog();
const CheckInfo* find_check(std::string_view id);

}  // namespace fwlint
