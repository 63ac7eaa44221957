#include "parse/suppression.hpp"

#include <algorithm>
#include <cctype>

namespace fwlint {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

void skip_blanks(std::string_view& s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
}

// Consumes `word` (case-insensitive) at the start of `s`.
bool take(std::string_view& s, std::string_view word) {
    if (s.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
    s.remove_prefix(word.size());
    return true;
}

bool is_id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::optional<SuppressionComment> read_suppression_comment(std::string_view comment, SourceLocation loc) {
    skip_blanks(comment);
    if (!take(comment, "fwlint")) return std::nullopt;
    skip_blanks(comment);
    if (!take(comment, ":")) return std::nullopt;  // "fwlint rocks": prose, not a directive
    SuppressionComment out;
    out.loc = std::move(loc);
    skip_blanks(comment);
    if (!take(comment, "ignore") || (!comment.empty() && !is_blank(comment.front()))) {
        out.error = "expected 'fwlint: ignore CHECK-ID reason' (e.g. 'fwlint: ignore FW201 kept for the audit trail')";
        return out;
    }
    // One id or a comma-separated list: "FW201", "FW201,FW202", "FW201, FW202".
    for (;;) {
        skip_blanks(comment);
        std::size_t n = 0;
        while (n < comment.size() && is_id_char(comment[n])) ++n;
        if (n == 0) break;
        std::string id(comment.substr(0, n));
        for (char& c : id) c = char(std::toupper(static_cast<unsigned char>(c)));
        out.checks.push_back(std::move(id));
        comment.remove_prefix(n);
        std::string_view rest = comment;
        skip_blanks(rest);
        if (rest.empty() || rest.front() != ',') break;
        rest.remove_prefix(1);
        comment = rest;
    }
    if (out.checks.empty()) {
        out.error = "'fwlint: ignore' names no check id (e.g. 'fwlint: ignore FW201 reason')";
        return out;
    }
    skip_blanks(comment);
    // "FW201 - reason", "FW201: reason"
    if (!comment.empty() && (comment.front() == '-' || comment.front() == ':')) comment.remove_prefix(1);
    skip_blanks(comment);
    while (!comment.empty() && is_blank(comment.back())) comment.remove_suffix(1);
    out.reason = std::string(comment);
    return out;
}

void aim_at_next_command(std::vector<SuppressionComment>& comments, std::vector<int> command_lines) {
    std::sort(command_lines.begin(), command_lines.end());
    for (auto& c : comments) {
        auto next = std::upper_bound(command_lines.begin(), command_lines.end(), c.loc.line);
        c.target_line = next != command_lines.end() ? *next : -1;
    }
}

}  // namespace fwlint
