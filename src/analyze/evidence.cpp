#include "analyze/evidence.hpp"

#include <set>
#include <string_view>

namespace fwlint {

namespace {

// Every rule of a file views into the same decoded text; a file without rules
// (only chain headers) has none to share.
const std::string* source_of(const ParsedInput& input) {
    for (const auto& p : input.policies)
        for (const auto& c : p.chains)
            for (const auto& r : c.rules)
                if (r.source) return r.source.get();
    return nullptr;
}

std::string quote(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (line.size() <= QuotedLines::max_quote) return std::string(line);
    std::size_t cut = QuotedLines::max_quote;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return std::string(line.substr(0, cut)) + "...";
}

}  // namespace

void quote_lines(const ParsedInput& input, const std::vector<Finding>& findings,
                 const std::vector<RequirementResult>& results, QuotedLines& out) {
    std::set<int> wanted;
    auto want = [&](const std::string& file, int line) {
        if (file == input.file && line > 0 && !out.find(file, line)) wanted.insert(line);
    };
    for (const Finding& f : findings) {
        want(f.loc.file, f.loc.line > 0 ? f.loc.line : 1);  // SARIF shows a whole-file finding on line 1
        for (const auto& r : f.related) want(r.file, r.line);
    }
    for (const RequirementResult& r : results) {
        for (const auto& e : r.evidence) want(e.file, e.line);
        if (r.finding) want(r.finding->loc.file, r.finding->loc.line);
    }
    if (wanted.empty()) return;

    if (const std::string* source = source_of(input)) {
        std::string_view text(*source);
        int number = 1;
        std::size_t start = 0;
        for (int line : wanted) {
            while (number < line && start < text.size()) {
                std::size_t nl = text.find('\n', start);
                start = nl == std::string_view::npos ? text.size() : nl + 1;
                ++number;
            }
            if (number != line || start >= text.size()) break;
            std::size_t nl = text.find('\n', start);
            out.text[{input.file, line}] = quote(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
        }
        return;
    }
    // No rule to share the text: the chain headers are all there is to quote.
    for (const auto& p : input.policies)
        for (const auto& c : p.chains)
            if (wanted.count(c.loc.line) && c.policy)
                out.text[{input.file, c.loc.line}] =
                    ":" + c.name + " " + (*c.policy == Action::accept ? "ACCEPT" : "DROP");
}

}  // namespace fwlint
