#include "parse/cisco_near_miss.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "parse/quoted_text.hpp"

namespace fwlint::cisco {

namespace {

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool same_word(std::string_view a, std::string_view b) { return keyword_distance(a, b) == 0; }

// A slip of a long keyword: 1 or 2 edits away (0 is the keyword itself).
bool near(std::string_view word, std::string_view keyword) {
    if (word.size() + 2 < keyword.size() || word.size() > keyword.size() + 2) return false;
    std::size_t d = keyword_distance(word, keyword);
    return d > 0 && d <= 2;
}

// A slip of "ip" or "ipv6" ("ipv4", "iv6", "ip6"): one edit away. mac and arp
// (lists fwlint reports as not modelled) are real words, not slips.
bool near_ip(std::string_view word) {
    if (same_word(word, "mac") || same_word(word, "arp")) return false;
    return keyword_distance(word, "ip") == 1 || keyword_distance(word, "ipv6") == 1;
}

std::vector<std::string_view> words(std::string_view body, std::size_t count) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (out.size() < count) {
        pos = body.find_first_not_of(" \t", pos);
        if (pos == std::string_view::npos) break;
        std::size_t end = body.find_first_of(" \t", pos);
        out.push_back(body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end;
    }
    out.resize(count);
    return out;
}

// The words are quoted as they are, control bytes as \xNN: "access-list\x7f"
// (a stray DEL) looks like "access-list" on a terminal, and the warning
// would then say that 'access-list' looks like a misspelt 'access-list'.
std::string misspelt(std::string_view got, std::string_view want, std::string_view consequence) {
    return fmt::format("'{}' looks like a misspelt '{}': the line is not read ({})", printable_text(got), want,
                       consequence);
}

constexpr std::string_view entry_lost = "its entry belongs to no access list";
constexpr std::string_view header_lost = "the entries under it belong to no access list";
constexpr std::string_view binding_lost = "the access list it names is not bound here";

}  // namespace

std::size_t keyword_distance(std::string_view a, std::string_view b) {
    // Three rows of the optimal-string-alignment table are enough.
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            char x = lower_char(a[i - 1]), y = lower_char(b[j - 1]);
            std::size_t best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
            if (i > 1 && j > 1 && x == lower_char(b[j - 2]) && lower_char(a[i - 2]) == y)
                best = std::min(best, before[j - 2] + 1);
            cur[j] = best;
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string> acl_near_miss(NearMissContext where, std::string_view body) {
    auto w = words(body, 4);
    auto joined = [&](std::size_t a, std::size_t b) { return fmt::format("{} {}", w[a], w[b]); };
    switch (where) {
        case NearMissContext::top: {
            // "acess-list 101 permit ...", ASA "access-lsit OUTSIDE extended ..."
            if (near(w[0], "access-list")) return misspelt(w[0], "access-list", entry_lost);
            if (same_word(w[0], "access") && same_word(w[1], "list"))
                return misspelt(joined(0, 1), "access-list", entry_lost);
            // ASA "acess-group OUTSIDE in interface outside"
            if (near(w[0], "access-group")) return misspelt(w[0], "access-group", binding_lost);
            bool ip = same_word(w[0], "ip") || same_word(w[0], "ipv6");
            // "ip acess-list extended X", "ip access list extended X"
            if (ip && near(w[1], "access-list"))
                return misspelt(joined(0, 1), fmt::format("{} access-list", w[0]), header_lost);
            if (ip && same_word(w[1], "access") && same_word(w[2], "list"))
                return misspelt(fmt::format("{} {} {}", w[0], w[1], w[2]), fmt::format("{} access-list", w[0]),
                                header_lost);
            // "ipv4 access-list X" (IOS XR), "iv6 access-list X"
            if (near_ip(w[0]) && same_word(w[1], "access-list"))
                return misspelt(joined(0, 1), "ip access-list' or 'ipv6 access-list", header_lost);
            return std::nullopt;
        }
        case NearMissContext::interface: {
            bool ip = same_word(w[0], "ip") || same_word(w[0], "ipv6");
            // NX-OS "ip port access-group": the keyword is the third word.
            std::size_t k = ip && same_word(w[1], "port") ? 2 : 1;
            std::string head = k == 2 ? joined(0, 1) : std::string(w[0]);
            if (ip && near(w[k], "access-group"))
                return misspelt(fmt::format("{} {}", head, w[k]), fmt::format("{} access-group", head), binding_lost);
            if (ip && same_word(w[0], "ipv6") && near(w[1], "traffic-filter"))
                return misspelt(joined(0, 1), "ipv6 traffic-filter", binding_lost);
            if (near_ip(w[0]) && (same_word(w[1], "access-group") || same_word(w[1], "traffic-filter")))
                return misspelt(joined(0, 1), fmt::format("ip {}' or 'ipv6 {}", w[1], w[1]), binding_lost);
            return std::nullopt;
        }
        case NearMissContext::line: {
            if (near(w[0], "access-class")) return misspelt(w[0], "access-class", binding_lost);
            if (same_word(w[0], "ipv6") && near(w[1], "access-class"))
                return misspelt(joined(0, 1), "ipv6 access-class", binding_lost);
            return std::nullopt;
        }
    }
    return std::nullopt;
}

}  // namespace fwlint::cisco
