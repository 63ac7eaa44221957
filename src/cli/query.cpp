// `fwlint query`: is a flow allowed, and by which line(s)? The iptables form
// here; Cisco and Windows in query_devices.cpp.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/audit_windows.hpp"
#include "analyze/cisco_path.hpp"
#include "analyze/query.hpp"
#include "cli/commands.hpp"
#include "cli/query_text.hpp"
#include "parse/input.hpp"
#include "parse/role_binding.hpp"

namespace fwlint {

namespace {

std::optional<unsigned> parse_number(std::string_view s, unsigned max) {
    if (s.empty() || s.size() > 6) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + unsigned(c - '0');
    }
    if (v > max) return std::nullopt;
    return v;
}

// "22", "1024-65535", "1024:65535", "53,88,135-139".
std::optional<IntervalSet> parse_ports(std::string_view text) {
    IntervalSet out;
    while (true) {
        auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        auto dash = item.find_first_of("-:");
        auto lo = parse_number(item.substr(0, dash), unsigned(max_port));
        auto hi = dash == std::string_view::npos ? lo : parse_number(item.substr(dash + 1), unsigned(max_port));
        if (!lo || !hi || *lo > *hi) return std::nullopt;
        out = out.unite(IntervalSet::range(*lo, *hi));
        if (comma == std::string_view::npos) break;
        text = text.substr(comma + 1);
    }
    return out;
}

std::optional<IntervalSet> parse_protocol(const std::string& text, Family f) {
    if (text == "any" || text == "all") return IntervalSet::range(0, max_proto);
    if (text == "tcp") return IntervalSet::single(proto_tcp);
    if (text == "udp") return IntervalSet::single(proto_udp);
    if (text == "icmp") return IntervalSet::single(f == Family::v6 ? proto_icmpv6 : proto_icmp);
    if (text == "icmpv6" || text == "ipv6-icmp") return IntervalSet::single(proto_icmpv6);
    if (auto n = parse_number(text, unsigned(max_proto))) return IntervalSet::single(*n);
    return std::nullopt;
}

// --from / --to: "any" or ADDR[,ADDR...] (IPv4/IPv6 address, prefix, a-b range).
std::optional<RoleBinding> parse_endpoint(const std::string& option, const std::string& text) {
    if (text.empty() || text == "any")
        return RoleBinding{option, IntervalSet::range(0, address_max(Family::v4)),
                           IntervalSet::range(0, address_max(Family::v6)), "any"};
    std::string error;
    auto b = parse_role_binding(option + "=" + text, error);
    if (!b) {
        // parse_role_binding speaks of --role NAME: say it for this option.
        print_usage_error(fmt::format("--{} '{}': expected an IPv4 or IPv6 address, prefix or a-b range (or 'any')",
                                      option, text));
        return std::nullopt;
    }
    return b;
}

}  // namespace

void print_usage_error(const std::string& message) { fmt::print(stderr, "fwlint: error: {}\n", message); }

std::optional<FlowQuestion> flow_question(const QueryOptions& o, std::optional<Family> family) {
    auto from = parse_endpoint("from", o.from);
    if (!from) return std::nullopt;
    auto to = parse_endpoint("to", o.to);
    if (!to) return std::nullopt;
    FlowQuestion q;
    if (family) {
        q.family = *family;
        for (auto [b, name] : {std::pair{&*from, "from"}, std::pair{&*to, "to"}})
            if ((q.family == Family::v4 ? b->v4 : b->v6).empty()) {
                print_usage_error(fmt::format("--{} {} has no {} address, and {} is {}", name,
                                              name == std::string("from") ? o.from : o.to, family_name(q.family),
                                              o.file, family_name(q.family)));
                return std::nullopt;
            }
    } else if (!from->v4.empty() && !to->v4.empty()) {
        q.family = Family::v4;
    } else if (!from->v6.empty() && !to->v6.empty()) {
        q.family = Family::v6;
    } else {
        print_usage_error(fmt::format("--from {} and --to {} are not of one family (IPv4 or IPv6)", o.from, o.to));
        return std::nullopt;
    }
    q.src = q.family == Family::v4 ? from->v4 : from->v6;
    q.dst = q.family == Family::v4 ? to->v4 : to->v6;
    bool ports_given = !o.port.empty() || !o.sport.empty();
    q.proto_text = o.proto.empty() ? (ports_given ? "tcp" : "any") : o.proto;
    auto protos = parse_protocol(q.proto_text, q.family);
    if (!protos) {
        print_usage_error(fmt::format("--proto '{}': expected tcp, udp, icmp, a protocol number 0-255, or any", o.proto));
        return std::nullopt;
    }
    if (ports_given && (protos->contains(proto_icmp) || protos->contains(proto_icmpv6))) {
        print_usage_error("--port and --sport need a protocol with ports: add --proto tcp or --proto udp");
        return std::nullopt;
    }
    Box box = Box::all(q.family);
    box.dims[proto_dim] = *protos;
    box.dims[src_dim] = q.src;
    box.dims[dst_dim] = q.dst;
    for (auto [text, dim, name] : {std::tuple{&o.port, dport_dim, "--port"}, std::tuple{&o.sport, sport_dim, "--sport"}}) {
        if (text->empty()) continue;
        auto ports = parse_ports(*text);
        if (!ports) {
            print_usage_error(
                fmt::format("{} '{}': expected P, P-Q or a comma-separated list of them (0-65535)", name, *text));
            return std::nullopt;
        }
        box.dims[dim] = *ports;
    }
    q.flow = PacketSet::of(q.family, box);
    return q;
}

bool endpoints_have(const QueryOptions& o, Family f) {
    for (const std::string* text : {&o.from, &o.to}) {
        if (text->empty() || *text == "any") continue;
        std::string error;
        auto b = parse_role_binding("endpoint=" + *text, error);
        if (!b || (f == Family::v4 ? b->v4 : b->v6).empty()) return false;
    }
    return true;
}

nlohmann::ordered_json query_json(const QueryOptions& o, const FlowQuestion& q) {
    nlohmann::ordered_json j;
    j["file"] = o.file;
    j["family"] = family_name(q.family);
    j["from"] = o.from.empty() ? "any" : o.from;
    j["to"] = o.to.empty() ? "any" : o.to;
    j["proto"] = q.proto_text;
    j["port"] = o.port;
    j["sport"] = o.sport;
    j["flow"] = q.flow.to_string();
    return j;
}

std::string format_line_ref(const LineRef& l) {
    if (!l.label.empty()) return l.line > 0 ? fmt::format("{}:{}: {}", l.file, l.line, l.label) : fmt::format("{}: {}", l.file, l.label);
    if (l.policy && l.line == 0) return fmt::format("no {} chain in the file: taken as policy ACCEPT", l.chain);
    if (l.policy) return fmt::format("{}:{}: the {} policy ({})", l.file, l.line, l.chain, l.text);
    return fmt::format("{}:{}: {}", l.file, l.line, l.text);
}

std::optional<ParsedInput> load_config(const std::string& file, const std::string& input_format) {
    std::string error;
    auto bytes = read_file_bytes(file, error);
    if (!bytes) {
        fmt::print(stderr, "{}: error: {}\n", file, error);
        return std::nullopt;
    }
    DecodedText decoded = decode_text(std::move(*bytes));
    if (decoded.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        fmt::print(stderr, "{}: error: the file is empty\n", file);
        return std::nullopt;
    }
    std::string format = input_format == "auto" ? detect_format(decoded.text) : input_format;
    if (format.empty() && !unsupported_input(decoded.text).empty()) {
        fmt::print(stderr, "{}: error: {}\n", file, unsupported_input(decoded.text));
        return std::nullopt;
    }
    if (format.empty()) {
        fmt::print(stderr,
                   "{}: error: cannot tell the input format (expected iptables-save output, a Cisco IOS/ASA/NX-OS "
                   "configuration or a Windows Firewall export); use --input-format\n",
                   file);
        return std::nullopt;
    }
    auto parsed = parse_input(std::move(decoded.text), format, file);
    if (!parsed) {
        fmt::print(stderr, "{}: error: unsupported input format '{}'\n", file, format);
        return std::nullopt;
    }
    // The answer is about the rules that could be read: say which could not.
    // In line order (file-wide ones first), as a reader reads the file; a
    // diagnostic about the whole file (line 0) names the file alone, as check
    // prints it. The readers add some diagnostics after the file is read (the
    // registry's skipped keys, the Windows profile notes), out of order.
    std::vector<const Diagnostic*> in_order;
    for (const auto& d : parsed->diagnostics) in_order.push_back(&d);
    std::stable_sort(in_order.begin(), in_order.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::pair(a->loc.line, a->loc.column) < std::pair(b->loc.line, b->loc.column);
    });
    for (const Diagnostic* p : in_order) {
        const Diagnostic& d = *p;
        if (d.loc.line > 0)
            fmt::print(stderr, "{}:{}:{}: {}: {}\n", d.loc.file, d.loc.line, d.loc.column > 0 ? d.loc.column : 1,
                       severity_name(d.severity), d.message);
        else
            fmt::print(stderr, "{}: {}: {}\n", d.loc.file, severity_name(d.severity), d.message);
    }
    return parsed;
}

namespace {

// One filter table's answer to `q` through built-in chain `chain`.
std::optional<FamilyAnswer> answer_iptables(const Policy& policy, const std::string& chain, const QueryOptions& o,
                                            const FlowQuestion& q) {
    auto result = query_flow(policy, chain, q.flow);
    if (!result) return std::nullopt;
    FamilyAnswer a;
    a.family = family_name(q.family);
    a.verdict = result->verdict;
    a.json["query"] = query_json(o, q);
    a.json["query"]["chain"] = chain;
    a.json["verdict"] = result->verdict;
    a.json["parts"] = query_parts_json(*result);
    a.json["path"] = nlohmann::ordered_json::array();
    for (const auto& l : result->path) a.json["path"].push_back(line_ref_json(l));
    a.text = fmt::format("query: {} in chain {} of {}\n", result->flow.to_string(), chain, o.file);
    a.text += fmt::format("verdict: {}\n", verdict_words(result->verdict));
    a.text += query_parts_text(*result, "  ");
    if (!result->path.empty()) {
        a.text += "path (jumps taken):\n";
        for (const auto& l : result->path) a.text += fmt::format("  {}\n", format_line_ref(l));
    }
    return a;
}

int query_iptables(const ParsedInput& parsed, const QueryOptions& o) {
    // An iptables-save and an ip6tables-save in one file give one filter
    // table per family.
    std::vector<const Policy*> filters;
    std::vector<Family> present;
    for (const auto& p : parsed.policies)
        if (p.name == "filter" && std::find(present.begin(), present.end(), p.family) == present.end()) {
            filters.push_back(&p);
            present.push_back(p.family);
        }
    if (filters.empty()) {
        fmt::print(stderr, "{}: error: no *filter table: nothing to query\n", o.file);
        return 2;
    }
    if (!o.acls.empty() || !o.direction.empty() || !o.profile.empty()) {
        print_usage_error(fmt::format("--acl, --direction and --profile are for Cisco and Windows inputs; {} is {}: "
                                      "use --chain",
                                      o.file, parsed.format));
        return 2;
    }
    // One table: asked in its family. Both: in each family both endpoints
    // have addresses of (`any -> any` in both, one after the other).
    std::vector<FlowQuestion> qs;
    if (filters.size() == 1) {
        auto q = flow_question(o, filters.front()->family);
        if (!q) return 2;
        qs.push_back(std::move(*q));
    } else {
        auto q = questions(o, present);
        if (!q) return 2;
        qs = std::move(*q);
    }
    std::string chain = o.chain.empty() ? "FORWARD" : o.chain;
    std::vector<FamilyAnswer> answers;
    for (const auto& q : qs) {
        const Policy* policy = filters.front();
        for (const Policy* p : filters)
            if (p->family == q.family) policy = p;
        if (!policy->find_chain(chain)) {
            std::string names;
            for (const auto& c : policy->chains) names += (names.empty() ? "" : ", ") + c.name;
            print_usage_error(
                fmt::format("--chain {}: no such chain in the filter table of {} (chains: {})", chain, o.file, names));
            return 2;
        }
        if (!policy->find_chain(chain)->builtin) {
            print_usage_error(fmt::format("--chain {}: a user chain has no verdict of its own; query the built-in "
                                          "chain that jumps to it (INPUT, FORWARD or OUTPUT): the path shows the jump",
                                          chain));
            return 2;
        }
        auto a = answer_iptables(*policy, chain, o, q);
        if (!a) return 2;
        answers.push_back(std::move(*a));
    }
    return print_answers(o, answers);
}

}  // namespace

int run_query(const QueryOptions& o) {
    auto parsed = load_config(o.file, o.input_format);
    if (!parsed) return 2;
    if (is_acl_device(*parsed)) return query_acl_device(*parsed, o);
    if (is_windows_format(parsed->format)) return query_windows(*parsed, o);
    return query_iptables(*parsed, o);
}

}  // namespace fwlint
