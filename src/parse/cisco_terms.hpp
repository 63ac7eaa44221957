#pragma once
// Reading the units of a Cisco line from its Terms: addresses, port matches,
// ICMP types, services. Shared by ACEs (cisco_ace.cpp) and object-group
// entries (cisco_objects.cpp), which use the same units.
#include <optional>
#include <string>
#include <vector>

#include "parse/cisco_internal.hpp"

namespace fwlint::cisco {

// IOS and NX-OS ACEs (and NX-OS groups) use wildcard masks; the ASA and IOS
// object-groups use netmasks.
enum class MaskStyle { wildcard, netmask };

class TermReader {
public:
    // `line`: the line number; locations name the store's file (built only
    // for a diagnostic: an ACE is read without a copy of the file name).
    TermReader(const std::vector<Term>& terms, int line, ObjectStore& store, std::size_t first = 0)
        : terms_(terms), line_(line), store_(store), i_(first) {}

    bool at_end() const { return i_ >= terms_.size(); }
    bool is(TermKind k) const { return !at_end() && terms_[i_].kind == k; }
    bool is_word(std::string_view lower_text) const;
    const Term& peek() const { return terms_[i_]; }
    const Term& next() { return terms_[i_++]; }
    void skip(TermKind k) {
        if (is(k)) ++i_;
    }
    SourceLocation where(const Term& t) const { return SourceLocation{store_.file, line_, t.column}; }
    int line() const { return line_; }
    SourceLocation here() const;

    // A syntax error (FW001) at the current term, or at the end of the line.
    void error(std::string message);
    void error_at(const Term& t, std::string message);
    bool failed() const { return failed_; }
    void expect_end();

    // The address unit at the current position: false when there is none,
    // or it is malformed or undefined (then failed() and a diagnostic).
    // `family`: the list's family; "any" means it (both without one).
    bool address(MaskStyle style, std::optional<Family> family, Addresses& out);
    // The next term starts an address (any, host, a group, an object...).
    bool address_follows() const;
    // eq/neq/lt/gt/range (or NX-OS portgroup) at the current position, for
    // these protocols' port names; nullopt when there is none (or failed()).
    std::optional<IntervalSet> port_match(const IntervalSet& protocols);
    // An ICMP type [code] or message name; nullopt when there is none.
    std::optional<IntervalSet> icmp_match(bool v6);
    // "tcp [source OP P] [destination OP P]", "tcp www", "tcp-udp eq domain",
    // "icmp echo", "esp", "47" (IOS service groups, ASA service objects).
    std::optional<Service> service_entry();

    std::optional<unsigned> port_value(const IntervalSet& protocols, const Term& t);
    bool port_known(const IntervalSet& protocols, std::string_view text) const;
    Dialect dialect() const { return store_.dialect; }
    ObjectStore& store() { return store_; }

private:
    const std::vector<Term>& terms_;
    int line_ = 0;
    ObjectStore& store_;
    std::size_t i_ = 0;
    bool failed_ = false;
};

// tcp + udp
IntervalSet tcp_udp();

}  // namespace fwlint::cisco
