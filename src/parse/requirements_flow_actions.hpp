#pragma once
// Actions of the requirement grammar for require, forbid, limit and
// windows-rule statements: the roles a flow names, its services (protocols,
// port ranges, $param references) and the statement itself.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "parse/requirements_actions.hpp"

namespace fwlint::requirements_detail {

template <>
struct action<G::from_role> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.flow.from = in.string();
        check_role(st, st.flow.from, st.loc(in.position()));
    }
};

template <>
struct action<G::to_role> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.flow.to = in.string();
        check_role(st, st.flow.to, st.loc(in.position()));
    }
};

template <>
struct action<G::host_role> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.flow.from = in.string();
        check_role(st, st.flow.from, st.loc(in.position()));
    }
};

// --- services

template <>
struct action<G::protocol> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        const std::string p = in.string();
        unsigned n = 0;
        if (p == "tcp")
            n = kTcp;
        else if (p == "udp")
            n = kUdp;
        else if (p == "icmp")
            n = 1;
        else if (p == "icmpv6")
            n = 58;
        else if (!parse_bounded(p, kMaxProtocol, n)) {
            st.error(st.loc(in.position()),
                     "protocol number " + excerpt(p.data(), p.data() + p.size()) + " is out of range 0-255");
            st.bad = true;
            return;
        }
        st.spec.protocols.push_back(n);
    }
};

template <>
struct action<G::any_port> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.spec_any_ports = true;
    }
};

template <>
struct action<G::to_required> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.spec.to_required = true;
        st.to_required_loc = st.loc(in.position());
    }
};

template <>
struct action<G::port_range> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        const std::string_view t = in.string_view();
        const SourceLocation where = st.loc(in.position());
        const auto dash = t.find('-');
        const std::string_view first = t.substr(0, dash);
        unsigned lo = 0, hi = 0;
        if (!parse_bounded(first, kMaxPort, lo)) {
            st.error(where, "port " + excerpt(first.data(), first.data() + first.size()) +
                                " is out of range; ports are 0-65535");
            st.bad = true;
            return;
        }
        hi = lo;
        if (dash != std::string_view::npos) {
            const std::string_view last = t.substr(dash + 1);
            SourceLocation last_loc = where;
            last_loc.column += static_cast<int>(dash + 1);
            if (!parse_bounded(last, kMaxPort, hi)) {
                st.error(last_loc, "port " + excerpt(last.data(), last.data() + last.size()) +
                                       " is out of range; ports are 0-65535");
                st.bad = true;
                return;
            }
            if (lo > hi) {
                st.error(where, "empty port range " + std::to_string(lo) + "-" + std::to_string(hi) +
                                    "; the first port must not be greater than the last");
                st.bad = true;
                return;
            }
        }
        st.spec.port_terms.push_back(lo == hi ? std::to_string(lo)
                                              : std::to_string(lo) + "-" + std::to_string(hi));
    }
};

template <>
struct action<G::param_ref> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        const std::string n = in.string().substr(1);
        const SourceLocation where = st.loc(in.position());
        if (const Param* p = st.set.find_param(n)) {
            if (is_boolean_value(p->default_value)) {
                st.error(where, "parameter '" + n + "' is yes/no, not a port list; use it in a 'when' sub-line");
                st.bad = true;
                return;
            }
        } else {
            st.bad = true;
            if (!st.poisoned_params.count(n))
                st.error(where, "undefined parameter '$" + n + "'; declare it with a 'param' statement before use");
            return;
        }
        st.spec.port_terms.push_back("$" + n);
    }
};

// Checks a finished service spec against the statement kind and moves it out.
template <typename Input>
ServiceSpec finish_services(const Input& in, ReadState& st, StatementKind kind) {
    ServiceSpec s = std::move(st.spec);
    s.loc = st.loc(in.position());
    const bool needs_ports = std::any_of(s.protocols.begin(), s.protocols.end(),
                                         [](unsigned p) { return p == kTcp || p == kUdp; });
    if (needs_ports && s.port_terms.empty() && !s.to_required && !st.spec_any_ports && !st.bad) {
        SourceLocation after = s.loc;
        after.column += static_cast<int>(in.size());
        st.error(after, "expected ports after '" + services_text(s) +
                            "': a list like 443, 1024-65535, $param; 'any' for every port");
        st.bad = true;
    }
    if (s.to_required && kind != StatementKind::limit) {
        st.error(st.to_required_loc, "'to required' is only allowed in limit statements");
        st.bad = true;
    }
    st.spec = {};
    st.spec_any_ports = false;
    return s;
}

template <>
struct action<G::flow_services> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.flow.services = finish_services(in, st, st.flow.kind);
    }
};

template <>
struct action<G::flow_description> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.flow.description = st.text;
    }
};

template <>
struct action<G::flow_body> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        commit_flow(st);
    }
};

// --- windows-rule

template <>
struct action<G::rule_id> {
    template <typename Input>
    static void apply(const Input& in, ReadState& st) {
        st.flow.rule_id = st.text;
        if (st.text.empty()) {
            st.error(st.loc(in.position()), "the Windows rule ID must not be empty");
            st.bad = true;
        }
    }
};

template <>
struct action<G::display_name> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        st.flow.display_names.push_back(st.text);
    }
};

template <>
struct action<G::windows_rule_statement> {
    template <typename Input>
    static void apply(const Input&, ReadState& st) {
        commit_flow(st);
    }
};

}  // namespace fwlint::requirements_detail
