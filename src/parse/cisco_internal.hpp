#pragma once
// Internals of the Cisco reader, shared by cisco_lines.cpp (the PEGTL
// grammars read one line into Terms), cisco_objects.cpp (object-groups,
// objects, names), cisco_ace.cpp (what an ACE's terms mean) and
// cisco_config.cpp (the running-config: contexts, lists, interfaces).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/rule.hpp"
#include "parse/cisco_names.hpp"
#include "parse/quoted_text.hpp"

namespace fwlint::cisco {

// What the grammar saw: one entry per token (or unit) that carries meaning,
// tagged by the grammar rule that matched it.
enum class TermKind : std::uint8_t {
    permit_deny, protocol, protocol_group, protocol_object, sequence, remark, description,
    // addresses
    any, host, group, object, interface, addrgroup, identity, address, mask, alias, address_range,
    // ports
    port_op, port, portgroup,
    // options
    log, established, inactive, condition, sequence_option, word,
    // numbered IOS lists
    standard_number, list_number,
    // headers and commands
    acl_family, acl_kind, acl_name, acl_setting, group_kind, group_name, group_protocol, object_kind, object_name,
    interface_name, line_name, if_address, if_mask, if_prefix, nameif, shutdown, bind_v4, bind_v6, bound_acl,
    direction, class_v4, class_v6,
    // ASA
    list_name, line_position, list_type, global, bound_interface, alias_address, alias_name,
    // static routes
    route_prefix, route_network, route_mask, route_gateway, route_interface, route_vrf, route_setting,
};

struct Term {
    TermKind kind;
    std::string_view text;
    int column = 0;  // 1-based, in the whole line
};

// The grammar rule a line is read with (the reader picks it from the
// line's context and first words).
enum class LineRule {
    ios_numbered, ios_entry, ios_standard_entry, nxos_entry, asa_access_list, asa_ipv6_access_list, asa_access_group, asa_name,
    acl_header, group_header, object_header, object_entry, interface_header, line_header, interface_command,
    line_command, asa_route, ip_route,
};

struct SyntaxError {
    int column = 0;
    std::string message;
};

// Reads `body` (a line without its line end and indentation; `indent`
// characters came before it) with `rule`. true: read, terms filled. false
// with an empty error message: the rule does not apply to this line; with a
// message: a syntax error at error.column.
bool read_line(LineRule rule, std::string_view body, int indent, std::vector<Term>& terms, SyntaxError& error);

// ---- values

// Addresses of both families; an ACE side, a network object or group.
struct Addresses {
    IntervalSet v4, v6;
    std::vector<Condition> conditions;  // fqdn objects, identity matches: not modelled
    void add(const Addresses& o) {
        // Into an empty side the group's list is shared, not rebuilt.
        v4 = v4.empty() ? o.v4 : v4.unite(o.v4);
        v6 = v6.empty() ? o.v6 : v6.unite(o.v6);
        conditions.insert(conditions.end(), o.conditions.begin(), o.conditions.end());
    }
};

// One service: protocols x source ports x destination ports (for ICMP the
// destination dimension holds type * 256 + code, as in the packet space).
struct Service {
    IntervalSet protocols = IntervalSet::range(0, 255);
    IntervalSet sports = IntervalSet::range(0, 65535);
    IntervalSet dports = IntervalSet::range(0, 65535);
};

enum class ObjectKind { network, service, port, protocol, icmp, other };

struct ObjectEntry {
    int line = 0;
    int indent = 0;
    std::string_view text;
    std::vector<Term> terms;
};

// An object-group or (ASA) object, read in the first pass and resolved on
// first use, so groups may nest and be defined in any order.
struct ObjectDef {
    std::string name;
    bool is_object = false;  // `object` (ASA) rather than `object-group`
    ObjectKind kind = ObjectKind::other;
    std::string kind_text;   // as written: "network", "ip address", "service"
    std::string protocol;    // port groups: "tcp", "udp", "tcp-udp"
    SourceLocation loc;
    std::vector<ObjectEntry> entries;
    enum class State { unresolved, resolving, resolved } state = State::unresolved;
    Addresses addresses;
    std::vector<Service> services;
    bool referenced = false;
};

// Hashes a string and a string_view alike, so maps keyed by std::string are
// looked up by string_view without building a string per lookup.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using NameMap = std::unordered_map<std::string, T, NameHash, std::equal_to<>>;

// A lookup table over a NameMap that no longer grows: open addressing in a
// power-of-two array of (hash, name, value). The map's own lookup (a prime
// modulo per node and a walk over 400-byte nodes) was a tenth of reading a
// 300,000-line ASA config, whose ACEs mostly name an object or group. A map
// that grew after build() is looked up directly, so results never differ.
template <typename T>
class NameIndex {
public:
    void build(NameMap<T>& map) {
        std::size_t n = 16;
        while (n < 2 * map.size()) n *= 2;
        slots_.assign(n, Slot{});
        for (auto& [name, value] : map) {
            std::size_t h = NameHash{}(name), i = h & (n - 1);
            while (slots_[i].value) i = (i + 1) & (n - 1);
            slots_[i] = Slot{h, name, &value};
        }
        map_ = &map;
        size_ = map.size();
    }
    T* find(NameMap<T>& map, std::string_view name) const {
        if (map_ != &map || size_ != map.size()) {
            auto it = map.find(name);
            return it == map.end() ? nullptr : &it->second;
        }
        std::size_t h = NameHash{}(name), mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (!s.value) return nullptr;
            if (s.hash == h && s.name == name) return s.value;
        }
    }

private:
    struct Slot {
        std::size_t hash = 0;
        std::string_view name;
        T* value = nullptr;
    };
    std::vector<Slot> slots_;
    const NameMap<T>* map_ = nullptr;
    std::size_t size_ = 0;
};

// Everything the ACEs of a configuration can refer to. Hashed: a
// 300,000-line config looks a name up for most of its ACEs.
struct ObjectStore {
    Dialect dialect = Dialect::ios;
    std::string file;
    NameMap<ObjectDef> groups;   // object-group NAME
    NameMap<ObjectDef> objects;  // ASA object NAME
    NameMap<u128> aliases;       // ASA name A ALIAS (IPv4)
    NameMap<const Interface*> nameifs;
    Diagnostics* diagnostics = nullptr;

    // Once every object, group and name is read (before the ACEs).
    void index_names() {
        group_index.build(groups);
        object_index.build(objects);
        alias_index.build(aliases);
    }
    ObjectDef* find_group(std::string_view name) { return group_index.find(groups, name); }
    ObjectDef* find_object(std::string_view name) { return object_index.find(objects, name); }
    const u128* find_alias(std::string_view name) { return alias_index.find(aliases, name); }
    NameIndex<ObjectDef> group_index, object_index;
    NameIndex<u128> alias_index;

    // nullptr (and a diagnostic at line:column of `file`) when undefined.
    const ObjectDef* group(std::string_view name, int line, int column);
    const ObjectDef* object(std::string_view name, int line, int column);
    void resolve(ObjectDef& def);
    void diagnose(const SourceLocation& loc, Severity s, std::string message);
};

// An address with an optional mask: "10.0.0.0"+"0.0.0.255" (wildcard: IOS and
// NX-OS ACEs, NX-OS groups) or "255.255.255.0" (netmask: ASA, IOS groups), or
// "10.0.0.0/8". nullopt (and `error`) when malformed.
std::optional<AddressSet> address_with_mask(std::string_view address, std::string_view mask, bool wildcard,
                                            std::string& error);

// ---- static routes (cisco_routes.cpp)

// The route a line read with LineRule::asa_route or ip_route names. nullopt
// with `error` empty for a line that is no route of the global table (a
// setting, a `vrf` route); with `error` set for a malformed value.
std::optional<StaticRoute> route_from_terms(const std::vector<Term>& terms, const SourceLocation& loc,
                                            std::string& error);

// ---- ACEs

struct AceContext {
    Dialect dialect = Dialect::ios;
    bool standard = false;  // IOS standard list: addresses only
    // The list's family: IOS/NX-OS lists are one family; ASA lists take both
    // (`any` is IPv4 and IPv6 there) unless this is set.
    std::optional<Family> family;
};

struct AceMeaning {
    Action action = Action::drop;
    PacketSet match;
    bool new_flows = true;
    bool enabled = true;
    std::vector<Condition> conditions;
    bool ok = true;  // false: the ACE could not be read (a diagnostic says why)
    int sequence = 0;  // IPv6 entries' trailing "sequence N"
};

// Gives meaning to the terms of one ACE (starting at permit/deny).
AceMeaning interpret_ace(const std::vector<Term>& terms, std::size_t first, const AceContext& context, int line,
                         ObjectStore& store);

std::string lower(std::string_view s);
// A token as a message quotes it: at most 60 bytes, cut at a character boundary,
// control bytes as \xNN (parse/quoted_text.hpp).
inline std::string shown(std::string_view s) {
    return s.size() <= 60 ? printable_text(s) : printable_text(cut_at_character(s, 57)) + "...";
}

}  // namespace fwlint::cisco
