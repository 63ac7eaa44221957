#include "report/baseline.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parse/input.hpp"

namespace fwlint {

std::string normalise_rule_text(std::string_view line) {
    std::string out;
    std::size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (c == '[') {  // a packet counter "[12:3456]": skip it
            std::size_t j = i + 1;
            while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
            if (j > i + 1 && j < line.size() && line[j] == ':') {
                std::size_t k = j + 1;
                while (k < line.size() && std::isdigit(static_cast<unsigned char>(line[k]))) ++k;
                if (k > j + 1 && k < line.size() && line[k] == ']') {
                    i = k + 1;
                    continue;
                }
            }
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
        ++i;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string finding_fingerprint(const Finding& f, std::string_view line_text, const std::string& base) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64
    auto feed = [&](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0x1f;  // field separator
        h *= 1099511628211ull;
    };
    std::string file = std::filesystem::path(f.loc.file.str()).lexically_normal().string();
    if (!base.empty()) {
        std::error_code ec;
        auto abs = std::filesystem::absolute(f.loc.file.str(), ec);
        auto rel = ec ? std::filesystem::path() : abs.lexically_normal().lexically_relative(base);
        if (!rel.empty()) file = rel.string();
    }
    feed(f.check);
    feed(file);
    feed(f.loc.line > 0 ? normalise_rule_text(line_text) : f.message);
    feed(f.requirement);
    return fmt::format("{:016x}", h);
}

std::string render_baseline(const std::vector<Finding>& findings) {
    using json = nlohmann::ordered_json;
    json list = json::array();
    for (const auto& f : findings)
        list.push_back({{"fingerprint", f.fingerprint},
                        {"check", f.check},
                        {"file", f.loc.file},
                        {"line", f.loc.line},
                        {"requirement", f.requirement},
                        {"message", f.message}});
    json doc = {{"fwlint_baseline", 1}, {"fwlint", FWLINT_VERSION}, {"findings", list}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

// The line each element of the top-level "findings" array starts on, so a
// report can point at the entry that accepted a finding (nlohmann::json keeps
// no positions). Strings are skipped with their escapes; the most recent
// string at the top level before a '[' is that array's key.
std::vector<int> findings_entry_lines(std::string_view text) {
    std::vector<int> lines;
    int line = 1, depth = 0, findings_depth = -1;
    bool want_element = false, in_string = false, escaped = false;
    std::string top_key, current;
    for (char c : text) {
        if (c == '\n') ++line;
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') {
                in_string = false;
                if (depth == 1) top_key = current;
            } else if (depth == 1) current += c;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (depth == findings_depth && want_element && c != ']' && c != ',') {
            lines.push_back(line);
            want_element = false;
        }
        if (c == '"') {
            in_string = true;
            current.clear();
        } else if (c == '{' || c == '[') {
            if (c == '[' && depth == 1 && findings_depth == -1 && top_key == "findings") {
                findings_depth = 2;
                want_element = true;
            }
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == findings_depth) findings_depth = -2;  // the array closed: count no more
            --depth;
        } else if (c == ',' && depth == findings_depth) {
            want_element = true;
        }
    }
    return lines;
}

}  // namespace

std::optional<std::vector<BaselineEntry>> load_baseline(const std::string& path, std::string& error) {
    auto bytes = read_file_bytes(path, error);
    if (!bytes) return std::nullopt;
    return read_baseline(decode_text(std::move(*bytes)).text, error);
}

std::optional<std::vector<BaselineEntry>> read_baseline(std::string_view json_text, std::string& error) {
    auto doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("fwlint_baseline") || !doc.contains("findings") ||
        !doc["findings"].is_array()) {
        error = "not an fwlint baseline (expected the JSON that --write-baseline writes)";
        return std::nullopt;
    }
    std::vector<BaselineEntry> out;
    std::vector<int> lines = findings_entry_lines(json_text);
    if (lines.size() != doc["findings"].size()) lines.clear();  // cannot happen with valid JSON; never guess
    for (const auto& e : doc["findings"]) {
        if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string()) {
            error = "a baseline entry without a \"fingerprint\" string";
            return std::nullopt;
        }
        BaselineEntry b;
        b.fingerprint = e["fingerprint"].get<std::string>();
        // Only the fingerprint matters; the rest is for people, and a hand
        // edit that changed its type is not worth an error.
        auto text = [&](const char* key) {
            auto v = e.find(key);
            return v != e.end() && v->is_string() ? v->get<std::string>() : std::string();
        };
        b.check = text("check");
        b.file = text("file");
        b.requirement = text("requirement");
        b.message = text("message");
        auto line = e.find("line");
        b.line = line != e.end() && line->is_number_integer() ? line->get<int>() : 0;
        b.entry_line = out.size() < lines.size() ? lines[out.size()] : 0;
        out.push_back(std::move(b));
    }
    return out;
}

std::size_t apply_baseline(Report& report, const std::vector<BaselineEntry>& baseline, const std::string& path) {
    // fingerprint -> the entries not yet matched, in file order
    std::map<std::string, std::vector<const BaselineEntry*>> left;
    for (const auto& b : baseline) left[b.fingerprint].push_back(&b);
    std::vector<Finding> kept;
    for (auto& f : report.findings) {
        auto it = left.find(f.fingerprint);
        if (!f.fingerprint.empty() && it != left.end() && !it->second.empty()) {
            // Of equal fingerprints, the entry recorded on the finding's own line first.
            auto& entries = it->second;
            auto e = std::find_if(entries.begin(), entries.end(), [&](const BaselineEntry* b) { return b->line == f.loc.line; });
            if (e == entries.end()) e = entries.begin();
            const BaselineEntry& b = **e;
            entries.erase(e);
            std::string reason = b.line > 0 ? fmt::format("recorded in the baseline when the finding was on line {}", b.line)
                                             : std::string("recorded in the baseline");
            report.suppressed.push_back(
                SuppressedFinding{std::move(f), "baseline", SourceLocation{path, b.entry_line, b.entry_line > 0 ? 1 : 0},
                                  std::move(reason)});
        } else {
            kept.push_back(std::move(f));
        }
    }
    report.findings = std::move(kept);
    std::size_t unmatched = 0;
    for (const auto& [fp, entries] : left) unmatched += entries.size();
    return unmatched;
}

}  // namespace fwlint
