#pragma once
// How `query` answers read, shared by the iptables, Cisco and Windows forms:
// one part of the flow and the line(s) that decide it, as text and as JSON.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyze/query.hpp"
#include "cli/commands.hpp"

namespace fwlint {

// The flow a `query` asks about, from --from/--to/--proto/--port/--sport.
struct FlowQuestion {
    Family family = Family::v4;
    IntervalSet src, dst;
    std::string proto_text;  // as asked, or the default ("tcp" with ports, else "any")
    PacketSet flow;
};

// `family`: the configuration's own (iptables); nullopt: the endpoints'
// (IPv4 unless they are IPv6 addresses). Usage errors are printed; nullopt.
std::optional<FlowQuestion> flow_question(const QueryOptions& o, std::optional<Family> family);
// Whether --from and --to both hold addresses of family f (`any` holds both).
// Prints nothing.
bool endpoints_have(const QueryOptions& o, Family f);
// The "query" object of the JSON answer.
nlohmann::ordered_json query_json(const QueryOptions& o, const FlowQuestion& q);
int query_acl_device(const ParsedInput& input, const QueryOptions& o);

// One family's answer, printed alone or beside the other family's (a
// question whose endpoints cover both, on an input with policies of both).
struct FamilyAnswer {
    std::string family;  // "IPv4", "IPv6"
    std::string verdict;
    nlohmann::ordered_json json;
    std::string text;
};
// The families a question is asked in: those both endpoints have addresses
// of (`any` has both) and `present` holds. nullopt: a usage error, printed.
std::optional<std::vector<FlowQuestion>> questions(const QueryOptions& o, const std::vector<Family>& present);
// One answer as it is; two one after the other under "IPv4:" / "IPv6:"
// headings (JSON {"verdict", "families": [answer, answer]}). The exit code:
// 0 when every answer is "allowed".
int print_answers(const QueryOptions& o, const std::vector<FamilyAnswer>& answers);
int query_windows(const ParsedInput& input, const QueryOptions& o);
void print_usage_error(const std::string& message);

// "  allowed: tcp ... \n    by file:line: text\n ..." for each part of `r`.
std::string query_parts_text(const QueryResult& r, const std::string& indent);
nlohmann::ordered_json query_parts_json(const QueryResult& r);
nlohmann::ordered_json line_ref_json(const LineRef& l);
// "verdict: allowed", "partly allowed"... for a verdict word of QueryResult.
std::string verdict_words(const std::string& verdict);

}  // namespace fwlint
