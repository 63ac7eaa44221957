#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/rule.hpp"

namespace fwlint {

struct CheckOptions {
    std::vector<std::string> files;
    std::vector<std::string> rule_sets;
    std::vector<std::string> roles;
    std::vector<std::string> params;
    std::string host_role;
    std::string windows_profile = "domain";  // --profile: Windows inputs only
    std::string format = "text";  // text, json, sarif, junit, html, markdown
    std::string output;           // -o FILE; empty or "-": standard output
    std::string report_date;      // --report-date: the HTML report's date
    std::string fail_on = "warning";
    std::string input_format = "auto";
    std::string color = "auto";
    bool lint = true;  // --no-lint: the requirement audit only
    unsigned max_open_ports = 1000;  // FW204
    std::vector<std::string> acls;   // --acl NAME (Cisco): the path, in order
    std::string baseline;        // --baseline FILE: report only findings not recorded there
    std::string write_baseline;  // --write-baseline FILE: record the current findings
    bool show_suppressed = false;
    std::vector<std::string> ignores;  // --ignore ID: checks not reported
    bool skip_unknown = false;         // named files of no detected format: skipped, as in a walk
};

struct QueryOptions {
    std::string file;
    std::string from;
    std::string to;
    std::string proto;  // "" = tcp when a port is given, else any
    std::string port;
    std::string sport;
    std::string chain;  // iptables: default FORWARD; Cisco: taken as --acl
    std::vector<std::string> acls;     // --acl NAME (Cisco): the path, in order
    std::string direction;  // Windows: in | out; empty: in
    std::string profile;    // Windows: domain | private | public; empty: domain
    std::string format = "text";
    std::string input_format = "auto";
};

struct DiffOptions {
    std::string old_file;
    std::string new_file;
    std::vector<std::string> chains;
    std::vector<std::string> acls;  // Cisco: OLD:NEW pairs of renamed ACLs, or NAME to compare only that one
    std::string direction;          // Windows: in | out; empty: both
    std::string profile;            // Windows: domain | private | public; empty: all three
    std::string format = "text";
    std::string input_format = "auto";
    // Most parts of a change's packets, and most lines per change in text,
    // written; 0: all (diff_packets.hpp).
    std::size_t max_parts = 50;
};

int run_check(const CheckOptions& options);
int run_query(const QueryOptions& options);
int run_diff(const DiffOptions& options);

// query and diff: reads, decodes, detects and parses one configuration.
// Errors (and the file's own syntax diagnostics) go to stderr; nullopt when
// the file cannot be used at all.
std::optional<ParsedInput> load_config(const std::string& file, const std::string& input_format);
struct LineRef;
// "file:line: text", or "file:line: policy of chain C (:C DROP)".
std::string format_line_ref(const LineRef& line);
int run_rules(const std::string& name);
int run_explain(const std::string& id);

}  // namespace fwlint
