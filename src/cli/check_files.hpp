#pragma once
// `fwlint check`: reads, parses, lints and audits each input file, on all
// cores, and hands the results back in input order.
#include <optional>
#include <string>
#include <vector>

#include "analyze/audit.hpp"
#include "checks/lint.hpp"
#include "cli/walk.hpp"
#include "cli/windows_companions.hpp"
#include "report/report.hpp"

namespace fwlint {

struct FileCheckOptions {
    std::string input_format = "auto";  // or a format every input is read as
    bool lint = true;
    LintOptions lint_options;
    std::vector<AuditOptions> audits;  // one per selected requirement set
    // The baseline file's directory (absolute): fingerprints name each file
    // relative to it, so a baseline matches from any working directory. Empty:
    // the path as given.
    std::string fingerprint_base;
    // Whether to take each input's SHA-256 (InputSummary::sha256): only the
    // HTML report shows it, and it is a serial 12 ms on a 17 MB file.
    bool digest = true;
};

struct FileCheck {
    std::string file;
    std::optional<InputSummary> input;  // set when the file was parsed
    std::vector<Finding> findings;      // syntax, lint and audit findings, unsorted, with fingerprints
    std::vector<SuppressedFinding> suppressed;  // by the file's own "fwlint: ignore" comments
    AuditSummary summary;
    QuotedLines quoted;                 // the text of the lines the findings and verdicts name
    std::vector<std::string> errors;    // "file: error: ..." lines for stderr: exit 2
    // A walked file that is empty or of no detected format: left out, with a note.
    bool skipped = false;
};

// `companions`: the pairing of Windows profiles files over all the inputs
// (windows_companions.hpp), `index` this input's place in it. A large input's
// lints and audit run on up to `threads` cores (0: one per core).
FileCheck check_file(const InputFile& input, const FileCheckOptions& options,
                     const WindowsCompanions* companions = nullptr, std::size_t index = 0, unsigned threads = 1);

// check_file on every input, `threads` at a time (0: one per core). The
// results are in the order of `inputs`, whatever order they finish in, so the
// output is the same bytes as checking the files one by one.
std::vector<FileCheck> check_files(const std::vector<InputFile>& inputs, const FileCheckOptions& options,
                                   unsigned threads = 0);

}  // namespace fwlint
