#include "parse/iptables_prescan.hpp"

#include <array>
#include <cstring>

#include <fmt/format.h>

namespace fwlint::iptables_detail {

std::optional<Family> family_named(std::string_view comment, std::string_view lead) {
    for (auto [tool, family] : {std::pair{"ip6tables-save", Family::v6}, std::pair{"iptables-save", Family::v4}})
        if (comment.find(fmt::format("{}{}", lead, tool)) != std::string_view::npos) return family;
    return std::nullopt;
}

namespace {

std::string_view token(const char* p, const char* end) {
    const char* q = p;
    while (q < end && *q != ' ' && *q != '\t' && *q != '\r') ++q;
    return {p, static_cast<std::size_t>(q - p)};
}

// Whether two names are equal; names read from one table line share their
// bytes, so equal pointers answer without comparing (most comparisons here
// are of a table's name with itself, 200,000 times for a large file).
bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.data() == b.data() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}
bool same(const std::pair<std::string_view, std::string_view>& a,
          const std::pair<std::string_view, std::string_view>& b) {
    return same(a.second, b.second) && same(a.first, b.first);
}

// The -A / -I command at `q` ("-A", "-I", "--append", "--insert"), or "":
// the two-byte forms are told by their bytes, without a token and four
// string comparisons per line.
std::string_view rule_command(const char* q, const char* end) {
    if (end - q >= 2 && q[0] == '-' && (q[1] == 'A' || q[1] == 'I') &&
        (end - q == 2 || q[2] == ' ' || q[2] == '\t' || q[2] == '\r'))
        return {q, 2};
    std::string_view command = token(q, end);
    if (command == "--append" || command == "--insert") return command;
    return {};
}

// Picks the split while the lines go by: the first -A line at or after the
// middle of the text is the candidate; the first chain boundary (an -A line
// whose chain is not the previous line's) before `limit` replaces it. From
// the split on, the run of -A lines is counted per chain.
class SplitChooser {
public:
    SplitChooser(std::size_t size, std::size_t split_from)
        : on_(split_from > 0 && size >= split_from), middle_(size / 2), limit_(size / 2 + size / 8) {}

    void append_line(std::size_t offset, int line, std::string_view table, std::string_view chain,
                     std::optional<Family> family) {
        if (on_ && !split_ && offset >= middle_ && !table.empty()) {
            const bool boundary = !same(chain, previous_chain_);
            if (!candidate_ || boundary) {
                // A new start: counts restart from this line.
                candidate_ = ReadSplit{offset, line, table, family, {}};
                index_.clear();
                recent_.fill(0);
            }
            if (boundary || offset >= limit_) split_ = true;  // a boundary, or the candidate (cut mid-chain)
        }
        previous_chain_ = chain;
        if (candidate_ && counting_) count(chain);
    }
    // Any other line but a blank one ends a run of -A lines.
    void other_line() {
        previous_chain_ = {};
        if (candidate_) split_ = true, counting_ = false;
    }
    std::optional<ReadSplit> take() { return std::move(candidate_); }

private:
    void count(std::string_view chain) {
        auto& chains = candidate_->chains;
        if (last_ < chains.size() && same(chains[last_].first, chain)) {
            ++chains[last_].second;
            return;
        }
        const std::size_t n = chain.size();
        std::size_t& slot = recent_[(n * 7 + (n ? std::size_t(chain[n - 1]) : 0) * 3 +
                                     (n > 1 ? std::size_t(chain[n - 2]) : 0)) % recent_.size()];
        if (slot < chains.size() && same(chains[slot].first, chain)) {
            last_ = slot;
        } else {
            auto [it, added] = index_.try_emplace(chain, chains.size());
            if (added) chains.emplace_back(chain, 0);
            last_ = slot = it->second;
        }
        ++chains[last_].second;
    }

    bool on_;
    std::size_t middle_, limit_;
    std::optional<ReadSplit> candidate_;
    bool split_ = false;     // the candidate is final
    bool counting_ = true;   // still in the run of -A lines from the candidate
    std::string_view previous_chain_;  // of the line before, if it was an -A line
    std::unordered_map<std::string_view, std::size_t, NameHash> index_;
    std::size_t last_ = 0;
    std::array<std::size_t, 64> recent_{};  // chain index by a hash of the name, checked
};

}  // namespace

Prescan::Prescan(std::string_view text, std::size_t split_from) {
    const char* const begin = text.data();
    const char* p = begin;
    const char* const end = p + text.size();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") p += 3;
    std::string_view table;
    std::pair<std::string_view, std::string_view> last_key;
    std::size_t* last_count = nullptr;
    struct Recent {
        std::pair<std::string_view, std::string_view> key;
        std::size_t* count = nullptr;  // into rules_ (node-based: stays valid)
    };
    std::array<Recent, 64> recent{};
    std::optional<Family> generated;  // named by the last "Generated by" comment
    SplitChooser chooser(text.size(), split_from);
    int line = 0;
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* line_end = nl ? nl : end;
        const char* const start = p;
        const char* q = p;
        p = nl ? nl + 1 : end;
        ++line;
        while (q < line_end && (*q == ' ' || *q == '\t')) ++q;
        if (q == line_end || (*q == '\r' && q + 1 == line_end)) continue;
        if (*q == '#') {
            const std::string_view comment(q, static_cast<std::size_t>(line_end - q));
            if (!family) family = family_named(comment, "");
            if (auto f = family_named(comment, "Generated by ")) generated = f;
            chooser.other_line();
            continue;
        }
        if (*q == '*') {
            table = token(q + 1, line_end);
            chooser.other_line();
            continue;
        }
        if (*q == '[') {
            while (q < line_end && *q != ']') ++q;
            if (q == line_end) {
                chooser.other_line();
                continue;
            }
            ++q;
            while (q < line_end && (*q == ' ' || *q == '\t')) ++q;
        }
        const std::string_view command = rule_command(q, line_end);
        if (command.empty()) {
            chooser.other_line();
            continue;
        }
        q += command.size();
        while (q < line_end && (*q == ' ' || *q == '\t')) ++q;
        std::pair<std::string_view, std::string_view> key{table, token(q, line_end)};
        if (!last_count || !same(key, last_key)) {
            // Chains interleaved line by line (a generated file): a small
            // cache of counters in front of the hash table, one slot per
            // chain name's length and last two characters.
            const std::string_view chain = key.second;
            const std::size_t n = chain.size();
            auto& slot = recent[(n * 7 + (n ? std::size_t(chain[n - 1]) : 0) * 3 +
                                 (n > 1 ? std::size_t(chain[n - 2]) : 0)) % recent.size()];
            if (!slot.count || !same(slot.key, key)) slot = {key, &rules_[key]};
            last_key = key;
            last_count = slot.count;
        }
        ++*last_count;
        // -I lines end the second thread's part: they insert into what the
        // first part holds.
        if (command[1] == 'A' || command == "--append")
            chooser.append_line(static_cast<std::size_t>(start - begin), line, table, key.second, generated);
        else
            chooser.other_line();
    }
    split = chooser.take();
}

}  // namespace fwlint::iptables_detail
