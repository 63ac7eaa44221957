// `fwlint query`: is a flow allowed through a chain, and by which line(s)?
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/query.hpp"
#include "cli/commands.hpp"
#include "parse/input.hpp"
#include "parse/role_binding.hpp"

namespace fwlint {

namespace {

void usage_error(const std::string& message) { fmt::print(stderr, "fwlint: error: {}\n", message); }

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

// --from / --to: "any" or ADDR[,ADDR...] (IPv4/IPv6 address, prefix, a-b range),
// restricted to the configuration's family.
std::optional<IntervalSet> parse_endpoint(const std::string& option, const std::string& text, Family f,
                                          const std::string& file) {
    if (text.empty() || text == "any") return IntervalSet::range(0, address_max(f));
    std::string error;
    auto b = parse_role_binding(option + "=" + text, error);
    if (!b) {
        // parse_role_binding speaks of --role NAME: say it for this option.
        usage_error(fmt::format("--{} '{}': expected an IPv4 or IPv6 address, prefix or a-b range (or 'any')",
                                option, text));
        return std::nullopt;
    }
    const IntervalSet& s = f == Family::v4 ? b->v4 : b->v6;
    if (s.empty()) {
        usage_error(fmt::format("--{} {} has no {} address, and {} is {} ({})", option, text, family_name(f), file,
                                f == Family::v4 ? "iptables-save" : "ip6tables-save", family_name(f)));
        return std::nullopt;
    }
    return s;
}

nlohmann::ordered_json line_json(const LineRef& l) {
    nlohmann::ordered_json j;
    j["file"] = l.file;
    j["line"] = l.line;
    j["chain"] = l.chain;
    j["text"] = l.text;
    return j;
}

}  // namespace

std::string format_line_ref(const LineRef& l) {
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
                   "{}: error: cannot tell the input format (expected iptables-save or ip6tables-save output); "
                   "use --input-format\n",
                   file);
        return std::nullopt;
    }
    auto parsed = parse_input(std::move(decoded.text), format, file);
    if (!parsed) {
        fmt::print(stderr, "{}: error: unsupported input format '{}'\n", file, format);
        return std::nullopt;
    }
    // The answer is about the rules that could be read: say which could not.
    for (const auto& d : parsed->diagnostics)
        fmt::print(stderr, "{}:{}:{}: {}: {}\n", d.loc.file, d.loc.line, d.loc.column > 0 ? d.loc.column : 1,
                   severity_name(d.severity), d.message);
    return parsed;
}

int run_query(const QueryOptions& o) {
    auto parsed = load_config(o.file, o.input_format);
    if (!parsed) return 2;
    Family family = parsed->format == "ip6tables-save" ? Family::v6 : Family::v4;
    const Policy* policy = nullptr;
    for (const auto& p : parsed->policies)
        if (p.name == "filter") policy = &p;
    if (!policy) {
        fmt::print(stderr, "{}: error: no *filter table: nothing to query\n", o.file);
        return 2;
    }
    family = policy->family;
    if (!policy->find_chain(o.chain)) {
        std::string names;
        for (const auto& c : policy->chains) names += (names.empty() ? "" : ", ") + c.name;
        usage_error(fmt::format("--chain {}: no such chain in the filter table of {} (chains: {})", o.chain, o.file,
                                names));
        return 2;
    }
    if (!policy->find_chain(o.chain)->builtin) {
        usage_error(fmt::format("--chain {}: a user chain has no verdict of its own; query the built-in chain that "
                                "jumps to it (INPUT, FORWARD or OUTPUT): the path shows the jump",
                                o.chain));
        return 2;
    }
    auto src = parse_endpoint("from", o.from, family, o.file);
    if (!src) return 2;
    auto dst = parse_endpoint("to", o.to, family, o.file);
    if (!dst) return 2;
    bool ports_given = !o.port.empty() || !o.sport.empty();
    std::string proto_text = o.proto.empty() ? (ports_given ? "tcp" : "any") : o.proto;
    auto protos = parse_protocol(proto_text, family);
    if (!protos) {
        usage_error(fmt::format("--proto '{}': expected tcp, udp, icmp, a protocol number 0-255, or any", o.proto));
        return 2;
    }
    if (ports_given && (protos->contains(proto_icmp) || protos->contains(proto_icmpv6))) {
        usage_error("--port and --sport need a protocol with ports: add --proto tcp or --proto udp");
        return 2;
    }
    Box box = Box::all(family);
    box.dims[proto_dim] = *protos;
    box.dims[src_dim] = *src;
    box.dims[dst_dim] = *dst;
    for (auto [text, dim, name] : {std::tuple{&o.port, dport_dim, "--port"}, std::tuple{&o.sport, sport_dim, "--sport"}}) {
        if (text->empty()) continue;
        auto ports = parse_ports(*text);
        if (!ports) {
            usage_error(fmt::format("{} '{}': expected P, P-Q or a comma-separated list of them (0-65535)", name, *text));
            return 2;
        }
        box.dims[dim] = *ports;
    }
    PacketSet flow = PacketSet::of(family, box);
    auto result = query_flow(*policy, o.chain, flow);
    if (!result) return 2;
    int code = result->verdict == "allowed" ? 0 : 1;

    if (o.format == "json") {
        nlohmann::ordered_json j;
        auto& q = j["query"];
        q["file"] = o.file;
        q["chain"] = o.chain;
        q["family"] = family_name(family);
        q["from"] = o.from.empty() ? "any" : o.from;
        q["to"] = o.to.empty() ? "any" : o.to;
        q["proto"] = proto_text;
        q["port"] = o.port;
        q["sport"] = o.sport;
        q["flow"] = result->flow.to_string();
        j["verdict"] = result->verdict;
        j["parts"] = nlohmann::ordered_json::array();
        for (const auto& p : result->parts) {
            nlohmann::ordered_json pj;
            pj["packets"] = p.packets.to_string();
            pj["verdict"] = flow_verdict_name(p.verdict);
            pj["file"] = p.line.file;
            pj["line"] = p.line.line;
            pj["chain"] = p.line.chain;
            pj["text"] = p.line.text;
            pj["policy"] = p.line.policy;
            pj["conditions"] = p.conditions;
            j["parts"].push_back(std::move(pj));
        }
        j["path"] = nlohmann::ordered_json::array();
        for (const auto& l : result->path) j["path"].push_back(line_json(l));
        fmt::print("{}\n", j.dump(2));
        std::fflush(stdout);
        return code;
    }

    std::string out = fmt::format("query: {} in chain {} of {}\n", result->flow.to_string(), o.chain, o.file);
    if (result->verdict == "allowed")
        out += "verdict: allowed\n";
    else if (result->verdict == "denied")
        out += "verdict: denied\n";
    else if (result->verdict == "conditional")
        out += "verdict: allowed only if a condition holds\n";
    else
        out += "verdict: partly allowed\n";
    for (const auto& p : result->parts) {
        const char* label = p.verdict == FlowVerdict::allowed       ? "allowed"
                            : p.verdict == FlowVerdict::conditional ? "allowed only if a condition holds"
                            : p.verdict == FlowVerdict::denied      ? "denied"
                                                                    : "decided by an unmodelled target";
        out += fmt::format("  {}: {}\n", label, p.packets.to_string());
        out += fmt::format("    by {}\n", format_line_ref(p.line));
        if (!p.conditions.empty()) out += fmt::format("    depends on: {}\n", fmt::join(p.conditions, " and "));
    }
    if (!result->path.empty()) {
        out += "path (jumps taken):\n";
        for (const auto& l : result->path) out += fmt::format("  {}\n", format_line_ref(l));
    }
    fmt::print("{}", out);
    std::fflush(stdout);
    return code;
}

}  // namespace fwlint
