// Reads one line of a Cisco configuration with the PEGTL grammars of
// grammars/cisco_*.hpp into Terms. The actions only tag what matched; all
// meaning is given later (cisco_ace.cpp, cisco_objects.cpp, cisco_config.cpp).
#include <tao/pegtl.hpp>

#include "grammars/cisco_asa.hpp"
#include "grammars/cisco_common.hpp"
#include "grammars/cisco_ios.hpp"
#include "grammars/cisco_nxos.hpp"
#include "grammars/cisco_route.hpp"
#include "parse/cisco_internal.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint::cisco {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar::cisco;
namespace ios = grammar::cisco_ios;
namespace asa = grammar::cisco_asa;
namespace nxos = grammar::cisco_nxos;
namespace route = grammar::cisco_route;

struct LineState {
    std::vector<Term>& terms;
    const char* start;
    int indent;
    int column(const char* p) const { return static_cast<int>(p - start) + indent + 1; }
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <TermKind Kind>
struct term {
    template <typename Input>
    static void apply(const Input& in, LineState& s) {
        std::string_view text = in.string_view();
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
        s.terms.push_back(Term{Kind, text, s.column(in.begin())});
    }
};

// clang-format off
template <> struct action<g::permit_deny> : term<TermKind::permit_deny> {};
template <> struct action<g::protocol_name> : term<TermKind::protocol> {};
template <> struct action<g::protocol_group> : term<TermKind::protocol_group> {};
template <> struct action<g::protocol_object> : term<TermKind::protocol_object> {};
template <> struct action<g::entry_sequence_number> : term<TermKind::sequence> {};
template <> struct action<g::remark_text> : term<TermKind::remark> {};
template <> struct action<g::description> : term<TermKind::description> {};
template <> struct action<g::any_address> : term<TermKind::any> {};
template <> struct action<g::host_value> : term<TermKind::host> {};
template <> struct action<g::group_name> : term<TermKind::group> {};
template <> struct action<g::object_name> : term<TermKind::object> {};
template <> struct action<g::interface_name> : term<TermKind::interface> {};
template <> struct action<g::addrgroup_name> : term<TermKind::addrgroup> {};
template <> struct action<g::identity_match> : term<TermKind::identity> {};
template <> struct action<g::address_value> : term<TermKind::address> {};
template <> struct action<g::prefix_value> : term<TermKind::address> {};
template <> struct action<g::mask_value> : term<TermKind::mask> {};
template <> struct action<g::alias_network> : term<TermKind::alias> {};
template <> struct action<g::address_range> : term<TermKind::address_range> {};
template <> struct action<g::equality> : term<TermKind::port_op> {};
template <> struct action<g::comparison> : term<TermKind::port_op> {};
template <> struct action<g::range_keyword> : term<TermKind::port_op> {};
template <> struct action<g::port_value> : term<TermKind::port> {};
template <> struct action<g::portgroup_name> : term<TermKind::portgroup> {};
template <> struct action<g::log_option> : term<TermKind::log> {};
template <> struct action<g::established_option> : term<TermKind::established> {};
template <> struct action<g::inactive_option> : term<TermKind::inactive> {};
template <> struct action<g::reflect_option> : term<TermKind::log> {};  // like log: no verdict changes
template <> struct action<g::valued_option> : term<TermKind::condition> {};
template <> struct action<g::compared_option> : term<TermKind::condition> {};
template <> struct action<g::flag_option> : term<TermKind::condition> {};
template <> struct action<g::sequence_value> : term<TermKind::sequence_option> {};
template <> struct action<g::other_word> : term<TermKind::word> {};

template <> struct action<ios::standard_number> : term<TermKind::standard_number> {};
template <> struct action<ios::other_number> : term<TermKind::list_number> {};
template <> struct action<ios::dynamic_name> : term<TermKind::condition> {};  // before permit/deny: see entry()

template <> struct action<g::acl_family> : term<TermKind::acl_family> {};
template <> struct action<g::acl_kind> : term<TermKind::acl_kind> {};
template <> struct action<g::acl_name> : term<TermKind::acl_name> {};
template <> struct action<g::acl_setting> : term<TermKind::acl_setting> {};
template <> struct action<g::group_kind> : term<TermKind::group_kind> {};
template <> struct action<g::group_header_name> : term<TermKind::group_name> {};
template <> struct action<g::group_header_protocol> : term<TermKind::group_protocol> {};
template <> struct action<g::object_kind> : term<TermKind::object_kind> {};
template <> struct action<g::object_header_name> : term<TermKind::object_name> {};
template <> struct action<g::interface_header_name> : term<TermKind::interface_name> {};
template <> struct action<g::line_header_name> : term<TermKind::line_name> {};
template <> struct action<g::interface_ip> : term<TermKind::if_address> {};
template <> struct action<g::interface_mask> : term<TermKind::if_mask> {};
template <> struct action<g::interface_prefix> : term<TermKind::if_prefix> {};
template <> struct action<g::nameif_value> : term<TermKind::nameif> {};
template <> struct action<g::shutdown_command> : term<TermKind::shutdown> {};
template <> struct action<g::ipv4_binding> : term<TermKind::bind_v4> {};
template <> struct action<g::ipv6_binding> : term<TermKind::bind_v6> {};
template <> struct action<g::bound_acl> : term<TermKind::bound_acl> {};
template <> struct action<g::bind_direction> : term<TermKind::direction> {};
template <> struct action<g::ipv4_class> : term<TermKind::class_v4> {};
template <> struct action<g::ipv6_class> : term<TermKind::class_v6> {};

template <> struct action<asa::list_name> : term<TermKind::list_name> {};
template <> struct action<asa::line_position> : term<TermKind::line_position> {};
template <> struct action<asa::extended_keyword> : term<TermKind::list_type> {};
template <> struct action<asa::standard_keyword> : term<TermKind::list_type> {};
template <> struct action<asa::other_list_type> : term<TermKind::list_type> {};
template <> struct action<asa::list_setting> : term<TermKind::acl_setting> {};
template <> struct action<asa::group_list> : term<TermKind::bound_acl> {};
template <> struct action<asa::global_binding> : term<TermKind::global> {};
template <> struct action<asa::bound_interface> : term<TermKind::bound_interface> {};
template <> struct action<asa::alias_address> : term<TermKind::alias_address> {};
template <> struct action<asa::alias_name> : term<TermKind::alias_name> {};

template <> struct action<route::route_prefix> : term<TermKind::route_prefix> {};
template <> struct action<route::route_network> : term<TermKind::route_network> {};
template <> struct action<route::route_mask> : term<TermKind::route_mask> {};
template <> struct action<route::route_gateway> : term<TermKind::route_gateway> {};
template <> struct action<route::route_interface> : term<TermKind::route_interface> {};
template <> struct action<route::route_vrf> : term<TermKind::route_vrf> {};
template <> struct action<route::route_setting> : term<TermKind::route_setting> {};
// clang-format on

struct found_error {
    int column;
    std::string message;
};

std::string found_text(const char* p, const char* end) {
    return found_quote(std::string_view(p, std::size_t(end - p)), 40, " \t\r\n");
}

// must<Rule> failed: the grammar's sentence for Rule, at this position.
template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename Input, typename... States>
    [[noreturn]] static void raise(const Input& in, LineState& s, States&&...) {
        static_assert(g::error_message<Rule> != nullptr, "every must<> rule of the grammar needs an error message");
        throw found_error{s.column(in.current()), std::string(g::error_message<Rule>) + found_text(in.current(), in.end())};
    }
};

template <typename Rule>
bool parse_with(std::string_view body, int indent, std::vector<Term>& terms, SyntaxError& error) {
    LineState state{terms, body.data(), indent};
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(body.data(), body.size(), "");
    try {
        return pegtl::parse<Rule, action, control>(in, state);
    } catch (const found_error& e) {
        error.column = e.column;
        error.message = e.message;
        return false;
    }
}

}  // namespace

bool read_line(LineRule rule, std::string_view body, int indent, std::vector<Term>& terms, SyntaxError& error) {
    terms.clear();
    error = SyntaxError{};
    switch (rule) {
        case LineRule::ios_numbered: return parse_with<ios::numbered_acl>(body, indent, terms, error);
        case LineRule::ios_entry: return parse_with<ios::named_entry>(body, indent, terms, error);
        case LineRule::ios_standard_entry: return parse_with<ios::standard_named_entry>(body, indent, terms, error);
        case LineRule::nxos_entry: return parse_with<nxos::named_entry>(body, indent, terms, error);
        case LineRule::asa_access_list: return parse_with<asa::access_list>(body, indent, terms, error);
        case LineRule::asa_ipv6_access_list: return parse_with<asa::ipv6_access_list>(body, indent, terms, error);
        case LineRule::asa_access_group: return parse_with<asa::access_group>(body, indent, terms, error);
        case LineRule::asa_name: return parse_with<asa::name_command>(body, indent, terms, error);
        case LineRule::acl_header: return parse_with<g::acl_header>(body, indent, terms, error);
        case LineRule::group_header: return parse_with<g::group_header>(body, indent, terms, error);
        case LineRule::object_header: return parse_with<g::object_header>(body, indent, terms, error);
        case LineRule::object_entry: return parse_with<g::object_entry>(body, indent, terms, error);
        case LineRule::interface_header: return parse_with<g::interface_header>(body, indent, terms, error);
        case LineRule::line_header: return parse_with<g::line_header>(body, indent, terms, error);
        case LineRule::interface_command: return parse_with<g::interface_command>(body, indent, terms, error);
        case LineRule::line_command: return parse_with<g::line_binding>(body, indent, terms, error);
        case LineRule::asa_route: return parse_with<route::asa_route>(body, indent, terms, error);
        case LineRule::ip_route: return parse_with<route::ip_route>(body, indent, terms, error);
    }
    return false;
}

}  // namespace fwlint::cisco
