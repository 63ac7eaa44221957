#include "cli/report_output.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace fwlint {

std::string file_modified_utc(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    std::time_t t = st.st_mtime;
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return "";
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string report_date(const Report& report, const CheckOptions& options) {
    if (!options.report_date.empty()) return options.report_date;
    std::string newest;
    for (const auto& in : report.inputs) newest = std::max(newest, in.modified);  // ISO 8601 sorts as text
    return newest.empty() ? "unknown" : newest;
}

bool write_report(const Report& report, const CheckOptions& options, bool color) {
    std::string out;
    if (options.format == "json")
        out = render_json(report);
    else if (options.format == "sarif") {
        out = render_sarif(report, std::filesystem::current_path().string());
        // GitHub code scanning rejects a run of more than 25,000 results (and
        // shows the first 5,000 by severity): say so before an upload fails.
        const std::size_t results = report.findings.size() + report.suppressed.size();
        if (results > 25000)
            fmt::print(stderr,
                       "fwlint: warning: the SARIF run has {} results: GitHub code scanning rejects a run of more "
                       "than 25,000 (suppressed ones count too); check fewer files per upload, each upload with "
                       "its own category\n",
                       results);
    }
    else if (options.format == "junit") {
        std::optional<Severity> fail_on;
        if (options.fail_on == "error") fail_on = Severity::error;
        if (options.fail_on == "warning") fail_on = Severity::warning;
        if (options.fail_on == "note") fail_on = Severity::note;
        out = render_junit(report, fail_on);
    } else if (options.format == "html")
        out = render_html(report, report_date(report, options));
    else if (options.format == "markdown")
        out = render_markdown(report);
    else
        out = render_text(report, color);

    if (options.output.empty() || options.output == "-") {
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        return true;
    }
    std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
    if (file) file.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (file) file.close();
    if (!file) {
        fmt::print(stderr, "fwlint: error: cannot write the report to {}: {}\n", options.output, std::strerror(errno));
        return false;
    }
    return true;
}

}  // namespace fwlint
