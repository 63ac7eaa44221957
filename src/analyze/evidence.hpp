#pragma once
// The original text of the lines that findings and requirement verdicts point
// at, for the reports that quote them (HTML, Markdown) and for SARIF
// fingerprints, which must not depend on line numbers.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analyze/finding.hpp"
#include "analyze/requirement_result.hpp"
#include "ir/rule.hpp"

namespace fwlint {

struct QuotedLines {
    // (file, line) -> the line as written, without its line end; lines
    // longer than max_quote bytes are cut (at a character boundary) and end in "...".
    std::map<std::pair<std::string, int>, std::string> text;
    static constexpr std::size_t max_quote = 1000;

    const std::string* find(const std::string& file, int line) const {
        auto it = text.find({file, line});
        return it == text.end() ? nullptr : &it->second;
    }
};

// Adds the text of every line of `input` that `findings` and `results` name
// (locations, related lines, evidence). Lines of other files are left alone.
void quote_lines(const ParsedInput& input, const std::vector<Finding>& findings,
                 const std::vector<RequirementResult>& results, QuotedLines& out);

}  // namespace fwlint
