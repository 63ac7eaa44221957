// The access lists while a Cisco config is read: entry order (sequence
// numbers, ASA `line N` with remarks counted), `no SEQ`, `evaluate`, and the
// policies the lists become.
#include <deque>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "parse/cisco_acl_lists.hpp"

using namespace fwlint;
using namespace fwlint::cisco;

namespace {

Rule rule_on(int line, Family f = Family::v4) {
    Rule r;
    r.loc = SourceLocation{"t.cfg", line, 1};
    r.action = Action::accept;
    r.match = PacketSet::all(f);
    return r;
}

std::vector<int> lines_of(const AclState& a) {
    std::vector<int> out;
    for (const Rule& r : a.rules) out.push_back(r.loc.line);
    return out;
}

}  // namespace

TEST_CASE("cisco lists: unnumbered entries count on by 10, the remarks above become the comment", "[cisco]") {
    AclState a;
    a.name = "EDGE";
    a.remark = "web servers";
    a.pending_remarks = 1;
    add_acl_entry(a, rule_on(3), 0, 0);
    add_acl_entry(a, rule_on(4), 0, 0);
    REQUIRE(a.rules.size() == 2);
    CHECK(a.rules[0].sequence == 10);
    CHECK(a.rules[0].comment == "web servers");
    CHECK(a.rules[1].sequence == 20);
    CHECK(a.rules[1].comment.empty());
    CHECK(a.remarks == std::vector<int>{1, 0});
    CHECK_FALSE(a.explicit_sequence);
}

TEST_CASE("cisco lists: ASA 'line N' inserts before the entry now on line N, remarks counted", "[cisco]") {
    AclState a;
    a.pending_remarks = 1;
    add_acl_entry(a, rule_on(2), 0, 0);  // list line 2 (a remark on line 1)
    add_acl_entry(a, rule_on(3), 0, 0);  // list line 3
    add_acl_entry(a, rule_on(9), 0, 2);  // line 2: before the first entry
    add_acl_entry(a, rule_on(10), 0, 4);  // line 4: before the entry of file line 3
    CHECK(lines_of(a) == std::vector<int>{9, 2, 10, 3});
}

TEST_CASE("cisco lists: 'no SEQ' removes the entry, 'no permit' is not applied", "[cisco]") {
    AclState a;
    a.name = "PKI-IN";
    add_acl_entry(a, rule_on(4), 10, 0);
    add_acl_entry(a, rule_on(5), 20, 0);
    auto gone = remove_acl_entry("no 20 ", a);
    REQUIRE(gone);
    CHECK(gone->severity == Severity::note);
    CHECK(gone->message == "no 20: entry 20 of ACL PKI-IN (line 5) is removed here, as the device removes it: it is "
                           "not checked");
    CHECK(lines_of(a) == std::vector<int>{4});
    auto none = remove_acl_entry("NO 90", a);
    REQUIRE(none);
    CHECK(none->severity == Severity::warning);
    CHECK(none->message == "no 90: ACL PKI-IN has no entry 90 above this line: nothing is removed");
    auto text = remove_acl_entry("no permit tcp any any", a);
    REQUIRE(text);
    CHECK(text->severity == Severity::warning);
    CHECK(text->message.rfind("'no permit tcp any any' removes the entry of ACL PKI-IN written that way", 0) == 0);
    CHECK_FALSE(remove_acl_entry("notify 1", a));
    CHECK_FALSE(remove_acl_entry("permit tcp any any", a));
    CHECK(a.rules.size() == 1);
}

TEST_CASE("cisco lists: '[SEQ] evaluate NAME' is a note, other lines are not", "[cisco]") {
    auto note = reflexive_evaluate_note("30 evaluate TCP-REPLIES ");
    REQUIRE(note);
    CHECK(note->rfind("evaluate TCP-REPLIES: the reflexive list TCP-REPLIES admits only the replies", 0) == 0);
    CHECK(reflexive_evaluate_note("Evaluate R"));
    CHECK_FALSE(reflexive_evaluate_note("evaluate"));
    CHECK_FALSE(reflexive_evaluate_note("30evaluate R"));
    CHECK_FALSE(reflexive_evaluate_note("permit tcp any any reflect R"));
}

TEST_CASE("cisco lists: an ASA list becomes one policy per family its entries touch", "[cisco]") {
    std::deque<AclState> lists(2);
    lists[0].name = "MIXED";  // family nullopt: ASA
    add_acl_entry(lists[0], rule_on(1), 0, 0);
    add_acl_entry(lists[0], rule_on(2, Family::v6), 0, 0);
    lists[1].name = "V4";
    add_acl_entry(lists[1], rule_on(3), 0, 0);
    std::vector<Policy> policies;
    add_acl_policies(lists, Dialect::asa, policies);
    REQUIRE(policies.size() == 3);
    CHECK(policies[0].name == "MIXED");
    CHECK(policies[0].family == Family::v4);
    CHECK(policies[0].syntax == "asa");
    CHECK(policies[0].chains.front().policy == Action::drop);
    REQUIRE(policies[0].chains.front().rules.size() == 1);
    CHECK(policies[0].chains.front().rules[0].sequence == 1);  // ASA: the list line
    CHECK(policies[1].family == Family::v6);
    REQUIRE(policies[1].chains.front().rules.size() == 1);
    CHECK(policies[1].chains.front().rules[0].loc.line == 2);
    CHECK(policies[1].chains.front().rules[0].sequence == 2);
    CHECK(policies[2].name == "V4");
    CHECK(policies[2].family == Family::v4);
}

TEST_CASE("cisco lists: written sequence numbers order an IOS list", "[cisco]") {
    std::deque<AclState> lists(1);
    lists[0].name = "EDGE";
    lists[0].family = Family::v4;
    add_acl_entry(lists[0], rule_on(2), 20, 0);
    add_acl_entry(lists[0], rule_on(3), 0, 0);  // 30
    add_acl_entry(lists[0], rule_on(4), 15, 0);
    std::vector<Policy> policies;
    add_acl_policies(lists, Dialect::ios, policies);
    REQUIRE(policies.size() == 1);
    CHECK(policies[0].syntax == "ios-extended");
    std::vector<int> lines;
    for (const Rule& r : policies[0].chains.front().rules) lines.push_back(r.loc.line);
    CHECK(lines == std::vector<int>{4, 2, 3});
}
