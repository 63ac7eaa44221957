// Exports of Get-NetFirewallRule with its filters (FORMATS.md 3.4): Export-Csv
// of the flattened rules, and ConvertTo-Json (an array, or a bare object for
// one rule; flat keys or nested filter objects; enums as names or integers).
// Each property goes through apply_property, as script parameters do.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parse/powershell.hpp"
#include "parse/powershell_internal.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

namespace {

using namespace powershell;

// Properties that carry the filters; an export with none of them is only a
// listing of rules, and cannot support port checks.
bool is_filter_property(std::string_view name) {
    std::string n = lower(name);
    if (auto dot = n.rfind('.'); dot != std::string::npos) n = n.substr(dot + 1);
    return n == "protocol" || n == "localport" || n == "remoteport" || n == "localaddress" || n == "remoteaddress" ||
           n == "portfilter" || n == "addressfilter";
}

// Collects one rule's properties and reports what cannot be read, once per
// unknown property name.
class RuleBuilder {
public:
    RuleBuilder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

    bool set(WindowsRuleSpec& spec, const std::string& name, const std::vector<std::string>& items, int line) {
        std::string problem;
        switch (apply_property(spec, name, items, problem)) {
            case Applied::ok:
                if (!problem.empty()) diags_.push_back({{file_, line, 1}, Severity::warning, problem});
                return true;
            case Applied::ignored: return true;
            case Applied::bad_value:
                diags_.push_back({{file_, line, 1}, Severity::error, problem + ": the rule is not read"});
                return false;
            case Applied::unknown:
                if (unknown_.insert(lower(name)).second)
                    diags_.push_back({{file_, line, 1}, Severity::note,
                                      fmt::format("property '{}' is not a rule property fwlint reads: ignored", name)});
                return true;
        }
        return true;
    }

    // Without filters the rule may be far narrower than it looks: a condition says so.
    void finish(WindowsRuleSpec& spec, bool has_filters) {
        if (!has_filters) {
            spec.attributes.push_back({"filters", "not in this export", spec.loc});
            spec.scope_known = false;
        }
    }

private:
    const std::string& file_;
    Diagnostics& diags_;
    std::set<std::string> unknown_;
};

void warn_no_filters(const std::string& file, Diagnostics& diags, std::size_t rules) {
    diags.push_back({{file, 0, 0}, Severity::warning,
                     fmt::format("this export has no port or address filters: its {} rules are read, but it cannot "
                                 "support port checks; export the rules with their filters: {}",
                                 rules, powershell_export_command)});
}

// ---------------------------------------------------------------------- CSV

struct CsvRecord {
    std::vector<std::string> fields;
    int line = 0;
    std::size_t begin = 0, end = 0;
};

// The separator of the header line: ',' (Export-Csv), or ';' or a tab
// (Export-Csv -UseCulture on a German or French system, -Delimiter): the
// one found most often outside quotes.
char csv_delimiter(std::string_view text) {
    std::size_t counts[3] = {0, 0, 0};
    const char candidates[3] = {',', ';', '\t'};
    bool quoted = false;
    for (char c : text) {
        if (c == '\n' && !quoted) break;
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        for (int k = 0; k < 3; ++k) counts[k] += c == candidates[k];
    }
    int best = 0;
    for (int k = 1; k < 3; ++k)
        if (counts[k] > counts[best]) best = k;
    return candidates[best];
}

// RFC 4180: quoted fields may hold separators, line ends and "" for a quote.
std::vector<CsvRecord> read_csv(std::string_view text, const std::string& file, Diagnostics& diags, char delimiter) {
    std::vector<CsvRecord> out;
    std::size_t i = 0;
    int line = 1;
    while (i < text.size()) {
        CsvRecord r;
        r.line = line;
        r.begin = i;
        std::string field;
        bool quoted = false, any = false;
        for (; i < text.size(); ++i) {
            char c = text[i];
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
                else if (c == '"') quoted = false;
                else {
                    if (c == '\n') ++line;
                    field += c;
                }
                continue;
            }
            if (c == '"') quoted = true, any = true;
            else if (c == delimiter) r.fields.push_back(std::move(field)), field.clear(), any = true;
            else if (c == '\n') break;
            else if (c != '\r') field += c, any = true;
        }
        if (quoted)
            diags.push_back({{file, r.line, 1}, Severity::error,
                             "unterminated quoted CSV field: expected a closing '\"' before the end of the file"});
        r.fields.push_back(std::move(field));
        r.end = i;
        if (i < text.size()) ++i, ++line;
        if (any) out.push_back(std::move(r));
    }
    return out;
}

// ---------------------------------------------------------------------- JSON

// Where each rule object starts and ends in the text (the top-level object,
// or each object of the top-level array), for line numbers and rule text.
// Only strings and nesting are followed; nlohmann-json does the parsing.
std::vector<std::pair<std::size_t, std::size_t>> object_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    int depth = 0;
    bool in_string = false, top_array = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (depth == 0) top_array = c == '[';
            if (c == '{' && depth == (top_array ? 1 : 0)) start = i;
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
            if (c == '}' && depth == (top_array ? 1 : 0)) spans.emplace_back(start, i + 1);
        }
    }
    return spans;
}

int line_at(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n'));
}

std::vector<std::string> json_items(const nlohmann::json& v) {
    std::vector<std::string> items;
    auto scalar = [&](const nlohmann::json& x) {
        if (x.is_string()) items.push_back(x.get<std::string>());
        else if (x.is_boolean()) items.push_back(x.get<bool>() ? "True" : "False");
        else if (x.is_number_integer()) items.push_back(std::to_string(x.get<long long>()));
        else if (x.is_number()) items.push_back(x.dump());
    };
    if (v.is_array())
        for (const auto& x : v) scalar(x);
    else
        scalar(v);
    return items;
}

}  // namespace

ParsedInput parse_powershell_csv(std::shared_ptr<const std::string> source, const std::string& file) {
    std::string_view text(*source);
    Diagnostics diags;
    // The header decides the separator ("#TYPE ..." of Export-Csv comes first when kept).
    std::string_view header_text = text;
    if (header_text.rfind("#TYPE", 0) == 0 && header_text.find('\n') != std::string_view::npos)
        header_text.remove_prefix(header_text.find('\n') + 1);
    auto records = read_csv(text, file, diags, csv_delimiter(header_text));
    // Export-Csv without -NoTypeInformation starts with "#TYPE ...".
    if (!records.empty() && !records.front().fields.empty() && records.front().fields.front().rfind("#TYPE", 0) == 0)
        records.erase(records.begin());
    std::vector<WindowsRuleSpec> specs;
    if (records.empty()) return windows_input(specs, {}, source, file, "powershell-csv", std::move(diags));
    const CsvRecord header = records.front();
    const bool has_filters = std::any_of(header.fields.begin(), header.fields.end(), is_filter_property);
    RuleBuilder builder(file, diags);
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.fields.size() != header.fields.size())
            diags.push_back({{file, rec.line, 1}, Severity::warning,
                             fmt::format("{} fields where the header has {}: the extra or missing ones are ignored",
                                         rec.fields.size(), header.fields.size())});
        WindowsRuleSpec spec;
        spec.loc = {file, rec.line, 1};
        spec.text = text.substr(rec.begin, rec.end - rec.begin);
        bool ok = true;
        for (std::size_t f = 0; f < rec.fields.size() && f < header.fields.size(); ++f)
            ok = builder.set(spec, header.fields[f], {rec.fields[f]}, rec.line) && ok;
        if (!ok) continue;
        builder.finish(spec, has_filters);
        specs.push_back(std::move(spec));
    }
    if (!has_filters) warn_no_filters(file, diags, specs.size());
    return windows_input(specs, {}, std::move(source), file, "powershell-csv", std::move(diags));
}

ParsedInput parse_powershell_json(std::shared_ptr<const std::string> source, const std::string& file) {
    std::string_view text(*source);
    Diagnostics diags;
    std::vector<WindowsRuleSpec> specs;
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        diags.push_back({{file, line_at(text, e.byte == 0 ? 0 : e.byte - 1), 1}, Severity::error,
                         fmt::format("not valid JSON, nothing read: {}", e.what())});
        return windows_input(specs, {}, std::move(source), file, "powershell-json", std::move(diags));
    }
    std::vector<const nlohmann::json*> objects;
    if (doc.is_array()) {
        for (const auto& o : doc) objects.push_back(&o);
    } else if (doc.is_object()) {
        objects.push_back(&doc);  // ConvertTo-Json of a single rule: a bare object
    }
    const auto spans = object_spans(text);
    RuleBuilder builder(file, diags);
    bool any_filters = false, warned_depth = false;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const nlohmann::json& o = *objects[i];
        const int line = i < spans.size() ? line_at(text, spans[i].first) : 1;
        if (!o.is_object()) {
            diags.push_back({{file, line, 1}, Severity::error, "expected a rule object ({...}) here: not read"});
            continue;
        }
        WindowsRuleSpec spec;
        spec.loc = {file, line, 1};
        if (i < spans.size()) spec.text = text.substr(spans[i].first, spans[i].second - spans[i].first);
        bool ok = true, filters = false;
        // Flat keys, and nested filter objects (PortFilter: {Protocol, LocalPort...}) one level down.
        auto visit = [&](const nlohmann::json& obj, auto&& self) -> void {
            for (auto it = obj.begin(); it != obj.end(); ++it) {
                const nlohmann::json& v = it.value();
                if (v.is_object()) {
                    filters = filters || is_filter_property(it.key());
                    self(v, self);
                    continue;
                }
                if (v.is_null() || (v.is_array() && std::any_of(v.begin(), v.end(), [](const auto& x) { return x.is_object(); })))
                    continue;
                if (v.is_string() && v.get<std::string>().rfind("MSFT_", 0) == 0 && !warned_depth) {
                    warned_depth = true;
                    diags.push_back({{file, line, 1}, Severity::warning,
                                     fmt::format("'{}' holds an object ConvertTo-Json cut to text (its default depth is "
                                                 "2): export with ConvertTo-Json -Depth 4",
                                                 it.key())});
                    continue;
                }
                filters = filters || is_filter_property(it.key());
                ok = builder.set(spec, it.key(), json_items(v), line) && ok;
            }
        };
        visit(o, visit);
        if (!ok) continue;
        any_filters = any_filters || filters;
        builder.finish(spec, filters);
        specs.push_back(std::move(spec));
    }
    if (!any_filters && !specs.empty()) warn_no_filters(file, diags, specs.size());
    return windows_input(specs, {}, std::move(source), file, "powershell-json", std::move(diags));
}

}  // namespace fwlint
