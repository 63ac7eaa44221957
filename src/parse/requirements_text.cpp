// Small pieces of text the requirement-set parser and resolver share.
#include "parse/requirements_text.hpp"

#include <tao/pegtl.hpp>

#include "grammars/requirements.hpp"

namespace fwlint::requirements_detail {

namespace G = grammar::requirements;
namespace pegtl = tao::pegtl;

// Parses a decimal number of at most `max`; false if it is larger (or absurdly long).
bool parse_bounded(std::string_view digits, unsigned max, unsigned& out) {
    std::size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0') ++i;  // leading zeros
    digits.remove_prefix(i);
    if (digits.empty() || digits.size() > 9) return false;
    unsigned long v = 0;
    for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > max) return false;
    out = static_cast<unsigned>(v);
    return true;
}

std::string protocol_name(unsigned p) {
    switch (p) {
        case 1: return "icmp";
        case kTcp: return "tcp";
        case kUdp: return "udp";
        case 58: return "icmpv6";
    }
    return std::to_string(p);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string services_text(const ServiceSpec& s) {
    if (s.protocols.empty() && s.port_terms.empty() && !s.to_required) return "any";
    std::vector<std::string> protos;
    for (unsigned p : s.protocols) protos.push_back(protocol_name(p));
    std::string out = join(protos, "+");
    if (s.to_required)
        out += " to required";
    else if (!s.port_terms.empty())
        out += " " + join(s.port_terms, ", ");
    return out;
}

std::string ports_text(const IntervalSet& ports) {
    std::vector<std::string> parts;
    for (const auto& iv : ports.intervals()) {
        const auto lo = static_cast<unsigned>(iv.lo), hi = static_cast<unsigned>(iv.hi);
        parts.push_back(lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi));
    }
    return parts.empty() ? "none" : join(parts, ", ");
}

bool is_boolean_value(std::string_view v) { return v == "yes" || v == "no"; }

namespace {

// ------------------------------------------------------------------ port lists in values

struct value_state {
    IntervalSet ports;
    bool ok = true;
};

template <typename Rule>
struct value_action : pegtl::nothing<Rule> {};

template <>
struct value_action<G::port_range> {
    template <typename Input>
    static void apply(const Input& in, value_state& vs) {
        const std::string_view t = in.string_view();
        const auto dash = t.find('-');
        unsigned lo = 0, hi = 0;
        if (!parse_bounded(t.substr(0, dash), kMaxPort, lo)) {
            vs.ok = false;
            return;
        }
        hi = lo;
        if (dash != std::string_view::npos && !parse_bounded(t.substr(dash + 1), kMaxPort, hi)) {
            vs.ok = false;
            return;
        }
        if (lo > hi) {
            vs.ok = false;
            return;
        }
        vs.ports.add(lo, hi);
    }
};

struct value_port_list_only : pegtl::seq<G::ws, G::value_port_list, G::ws, pegtl::eof> {};

}  // namespace

std::optional<IntervalSet> parse_port_value(std::string_view text) {
    value_state vs;
    try {
        pegtl::memory_input in(text.data(), text.size(), "value");
        if (!pegtl::parse<value_port_list_only, value_action>(in, vs) || !vs.ok) return std::nullopt;
    } catch (const pegtl::parse_error&) {
        return std::nullopt;
    }
    return vs.ports;
}

}  // namespace fwlint::requirements_detail
