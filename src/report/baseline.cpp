#include "report/baseline.hpp"

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

std::string finding_fingerprint(const Finding& f, std::string_view line_text) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64
    auto feed = [&](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0x1f;  // field separator
        h *= 1099511628211ull;
    };
    std::string file = std::filesystem::path(f.loc.file).lexically_normal().string();
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
    return doc.dump(2) + "\n";
}

std::optional<std::vector<BaselineEntry>> load_baseline(const std::string& path, std::string& error) {
    auto bytes = read_file_bytes(path, error);
    if (!bytes) return std::nullopt;
    auto doc = nlohmann::json::parse(decode_text(std::move(*bytes)).text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("fwlint_baseline") || !doc.contains("findings") ||
        !doc["findings"].is_array()) {
        error = "not an fwlint baseline (expected the JSON that --write-baseline writes)";
        return std::nullopt;
    }
    std::vector<BaselineEntry> out;
    for (const auto& e : doc["findings"]) {
        if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string()) {
            error = "a baseline entry without a \"fingerprint\" string";
            return std::nullopt;
        }
        BaselineEntry b;
        b.fingerprint = e["fingerprint"].get<std::string>();
        b.check = e.value("check", "");
        b.file = e.value("file", "");
        b.requirement = e.value("requirement", "");
        b.message = e.value("message", "");
        b.line = e.value("line", 0);
        out.push_back(std::move(b));
    }
    return out;
}

std::size_t apply_baseline(Report& report, const std::vector<BaselineEntry>& baseline, const std::string& path) {
    std::map<std::string, std::size_t> left;  // fingerprint -> occurrences not yet matched
    for (const auto& b : baseline) ++left[b.fingerprint];
    std::vector<Finding> kept;
    for (auto& f : report.findings) {
        auto it = left.find(f.fingerprint);
        if (!f.fingerprint.empty() && it != left.end() && it->second > 0) {
            --it->second;
            report.suppressed.push_back(
                SuppressedFinding{std::move(f), "baseline", SourceLocation{path, 0, 0}, "recorded in the baseline " + path});
        } else {
            kept.push_back(std::move(f));
        }
    }
    report.findings = std::move(kept);
    std::size_t unmatched = 0;
    for (const auto& [fp, n] : left) unmatched += n;
    return unmatched;
}

}  // namespace fwlint
