#include "cli/check_files.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "checks/windows_lint.hpp"
#include "checks/suppress.hpp"
#include "ir/keep_until_exit.hpp"
#include "ir/thread_heap.hpp"
#include "cli/parallel_tasks.hpp"
#include "cli/report_output.hpp"
#include "parse/input.hpp"
#include "report/baseline.hpp"
#include "report/digest.hpp"

namespace fwlint {

namespace {

// Rules from which the lints and the audit run on several cores (below it a
// thread costs more than it saves).
constexpr std::size_t parallel_checks_from = 5000;
// Input bytes from which the heap is faulted in ahead on another core.
constexpr std::size_t prefault_from = std::size_t{1} << 20;

Finding finding_from(const Diagnostic& d) {
    Finding f;
    f.check = d.severity == Severity::error ? "FW001" : "FW002";
    f.kind = "syntax";
    f.severity = d.severity;
    f.loc = d.loc;
    f.message = d.message;
    return f;
}

// The text of each finding's line (the rule's own text for a rule, which a
// Windows block spans several lines of), for the fingerprints. Only the few
// lines findings are on are looked up: one pass over the rules, no index of
// every rule (a 200,000-rule input has a handful of findings). A finding in
// a Windows profiles file takes its line from that file.
void add_fingerprints(const ParsedInput& parsed, FileCheck& out, const std::string& base,
                      const WindowsCompanions* companions) {
    std::vector<int> lines;
    for (const auto& f : out.findings) lines.push_back(f.loc.line);
    for (const auto& s : out.suppressed) lines.push_back(s.finding.loc.line);
    std::erase_if(lines, [](int line) { return line <= 0; });
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    std::vector<std::optional<std::string_view>> rule_text(lines.size());  // the first rule on each line
    std::shared_ptr<const std::string> source;
    if (!lines.empty())
        for (const auto& p : parsed.policies)
            for (const auto& c : p.chains)
                for (const auto& r : c.rules) {
                    if (!source) source = r.source;
                    auto it = std::lower_bound(lines.begin(), lines.end(), r.loc.line);
                    if (it != lines.end() && *it == r.loc.line && !rule_text[it - lines.begin()])
                        rule_text[it - lines.begin()] = r.text;
                }
    // Lines that are no rule (a chain's policy line): their text from the
    // source, in one pass that stops at the last of them.
    if (source) {
        std::string_view text(*source);
        std::size_t start = 0;
        int number = 1;
        for (std::size_t i = 0; i < lines.size() && start < text.size(); ++i) {
            if (rule_text[i]) continue;
            for (; number < lines[i] && start < text.size(); ++number) {
                const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
                start = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
            }
            if (number != lines[i] || start >= text.size()) break;
            std::size_t end = text.find('\n', start);
            rule_text[i] = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start + 1);
        }
    }
    auto text_of = [&](int line) -> std::string_view {
        auto it = std::lower_bound(lines.begin(), lines.end(), line);
        if (line <= 0 || it == lines.end() || !rule_text[it - lines.begin()]) return {};
        return *rule_text[it - lines.begin()];
    };
    auto line_of = [&](const Finding& f) -> std::string_view {
        if (companions)
            if (auto line = profiles_file_line(*companions, f.loc.file, f.loc.line)) return *line;
        return text_of(f.loc.line);
    };
    // Findings of one check on one line of a file share a fingerprint unless their
    // requirements differ: each line is normalised and hashed once per check, not
    // once per finding (a 1 MB line of repeated options gives tens of thousands).
    std::map<std::tuple<std::string_view, std::string_view, int, std::string_view>, std::string> done;
    auto fingerprint = [&](const Finding& f) {
        if (f.loc.line <= 0) return finding_fingerprint(f, {}, base);
        auto [it, added] = done.try_emplace({f.loc.file, f.check, f.loc.line, f.requirement});
        if (added) it->second = finding_fingerprint(f, line_of(f), base);
        return it->second;
    };
    for (auto& f : out.findings) f.fingerprint = fingerprint(f);
    for (auto& s : out.suppressed) s.finding.fingerprint = fingerprint(s.finding);
}

}  // namespace

FileCheck check_file(const InputFile& input, const FileCheckOptions& options, const WindowsCompanions* companions,
                     std::size_t index, unsigned threads) {
    FileCheck out;
    out.file = input.path;
    const std::string& file = input.path;
    std::string error;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    // A large input: the heap pages its text and IR will take (about 7 bytes
    // for each byte of text) are faulted in on another core while this one
    // reads, decodes, prescans and starts parsing it (ir/thread_heap.hpp).
    // Where the kernel must find fresh pages this took a 200,000-rule check
    // from 0.47 to 0.29 s on a quiet machine (lead's measurement).
    std::optional<HeapPrefault> prefault;
    std::error_code size_error;
    const auto size = std::filesystem::file_size(file, size_error);
    if (!size_error && threads > 1 && size >= prefault_from) prefault.emplace(size * 7);
    auto bytes = read_file_bytes(file, error);
    if (!bytes) {
        out.errors.push_back(fmt::format("{}: error: {}", file, error));
        return out;
    }
    std::string digest = options.digest ? sha256_hex(*bytes) : std::string();
    DecodedText decoded = decode_text(std::move(*bytes));
    if (decoded.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (input.from_walk)
            out.skipped = true;
        else
            out.errors.push_back(fmt::format("{}: error: the file is empty: nothing to check", file));
        return out;
    }
    // A walk meets READMEs and scripts: only files that look like a known
    // format are checked, whatever --input-format says.
    std::string detected = options.input_format == "auto" || input.from_walk ? detect_format(decoded.text) : "";
    if (input.from_walk && detected.empty()) {
        out.skipped = true;
        return out;
    }
    std::string format = options.input_format == "auto" ? detected : options.input_format;
    if (format.empty() && !unsupported_input(decoded.text).empty()) {
        out.errors.push_back(fmt::format("{}: error: {}", file, unsupported_input(decoded.text)));
        return out;
    }
    if (format.empty()) {
        out.errors.push_back(fmt::format(
            "{}: error: cannot tell the input format (expected iptables-save, ip6tables-save or netsh advfirewall "
            "show output, a netsh script, a .reg export or reg query output, a PowerShell script, CSV or JSON "
            "export, or a Cisco IOS, ASA or NX-OS configuration); use --input-format",
            file));
        return out;
    }
    auto parsed = parse_input(std::move(decoded.text), format, file);
    prefault.reset();
    if (!parsed) {
        out.errors.push_back(fmt::format("{}: error: unsupported input format '{}'", file, format));
        return out;
    }
    // A Windows profiles-only file lends its defaults to its rule listing and is not audited itself.
    const CompanionUse use = companions ? use_windows_companions(*companions, index, *parsed) : CompanionUse{};
    out.input = InputSummary{file, parsed->format, parsed->rule_count(), parsed->diagnostics.size(), digest,
                             file_modified_utc(file)};
    for (const auto& d : parsed->diagnostics) out.findings.push_back(finding_from(d));
    auto audits = [&] {
        std::vector<Finding> found;
        for (const auto& audit : options.audits)
            for (auto& f : audit_requirements(*parsed, audit, out.summary)) found.push_back(std::move(f));
        return found;
    };
    const bool lint = options.lint && use.lint, audit = use.audit && !options.audits.empty();
    if (parsed->rule_count() < parallel_checks_from) threads = 1;
    std::vector<Finding> linted, audited;
    if (lint) {
        // The lint pieces (a chain's FW201/FW202, a policy's exposures) and the
        // audit only read the IR: each is a task with its own findings, put
        // back together in the order of the sequential run (lint_policy's
        // order, then the audit), so the output is the same.
        const LintPieces pieces(*parsed, options.lint_options);
        std::vector<std::vector<Finding>> found(pieces.size());
        std::vector<Task> tasks;
        for (std::size_t i = 0; i < pieces.size(); ++i)
            tasks.push_back({pieces.weight(i), [&, i] { pieces.run(i, found[i]); }});
        if (audit) tasks.push_back({parsed->rule_count(), [&] { audited = audits(); }});
        run_tasks(tasks, threads);
        for (auto& piece : found)
            for (auto& f : piece) linted.push_back(std::move(f));
        pieces.finish(linted);
        for (auto& f : lint_windows(*parsed)) linted.push_back(std::move(f));
    } else if (audit) {
        audited = audits();
    }
    for (auto* found : {&linted, &audited})
        for (auto& f : *found) out.findings.push_back(std::move(f));
    // An ignore comment for a check that did not run (--no-lint, no --rules) is not stale.
    auto ran = [&](std::string_view id) {
        if (id.starts_with("FW0")) return true;
        if (id.starts_with("FW1")) return !options.audits.empty();
        return options.lint;
    };
    out.suppressed = apply_suppression_comments(*parsed, out.findings, ran);
    add_fingerprints(*parsed, out, options.fingerprint_base, companions);
    quote_lines(*parsed, out.findings, out.summary.results, out.quoted);
    if (!out.suppressed.empty()) {
        // The reports list suppressed findings too, and the comment that silenced each.
        std::vector<Finding> silenced;
        for (const auto& s : out.suppressed) {
            silenced.push_back(s.finding);
            silenced.emplace_back().loc = s.where;
        }
        quote_lines(*parsed, silenced, {}, out.quoted);
    }
    keep_until_exit(std::move(*parsed));  // the CLI skips freeing the IR (ir/keep_until_exit.hpp)
    return out;
}

std::vector<FileCheck> check_files(const std::vector<InputFile>& inputs, const FileCheckOptions& options,
                                   unsigned threads) {
    std::vector<FileCheck> results(inputs.size());
    const WindowsCompanions companions = pair_windows_profiles(inputs);
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const unsigned cores = threads;
    threads = std::min<std::size_t>(threads, inputs.size());
    if (threads <= 1) {
        // One file at a time: a large one's checks use the cores.
        for (std::size_t i = 0; i < inputs.size(); ++i) results[i] = check_file(inputs[i], options, &companions, i, cores);
        return results;
    }
    // Each worker takes the next unchecked file; every result has its own
    // slot, so no lock is needed and the order is the input order.
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();) {
            try {
                results[i] = check_file(inputs[i], options, &companions, i);
            } catch (const std::exception& e) {  // e.g. out of memory: this file fails, not the run
                results[i].file = inputs[i].path;
                results[i].errors.push_back(fmt::format("{}: error: {}", inputs[i].path, e.what()));
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    return results;
}

}  // namespace fwlint
