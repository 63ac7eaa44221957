#include "analyze/audit.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "analyze/cisco_path.hpp"
#include "analyze/audit_windows.hpp"
#include "analyze/conditional_text.hpp"
#include "analyze/evaluate.hpp"
#include "analyze/remediation.hpp"
#include "analyze/remediation_windows.hpp"

namespace fwlint {

namespace {


class PolicyAudit {
public:
    PolicyAudit(const ParsedInput& input, const Policy& policy, const AuditOptions& options, AuditSummary& summary,
                std::vector<Finding>& out)
        : input_(input), policy_(policy), options_(options), summary_(summary), out_(out) {}

    void run(const ResolvedStatement& rs) {
        const FlowStatement& st = *rs.statement;
        RequirementResult result = start_result(rs);
        if (st.kind == StatementKind::windows_rule) {
            // Windows inputs: audit_windows_rule_statements checks these.
            if (!windows()) not_applicable(std::move(result), "a Windows rule: an iptables input cannot show it");
            return;
        }
        std::string chain = chain_for(st);
        auto src = role_addresses(st.from);
        auto dst = role_addresses(st.to);
        if (chain.empty()) return not_applicable(std::move(result), "not on this host's path");
        if (!policy_.find_chain(chain)) return not_applicable(std::move(result), "the file has no chain " + chain);
        if (!src || !dst)
            return not_applicable(std::move(result),
                                  fmt::format("a role has no {} address", family_name(policy_.family)));
        ++summary_.checked;
        chain_ = chain;
        name_ = "fwlint: " + (st.description.empty() ? st.from + " -> " + st.to : st.description);
        result.chain = chain;
        evidence_.clear();
        satisfied_ = false;
        std::size_t findings_before = out_.size();
        switch (st.kind) {
            case StatementKind::require: check_require(rs, *src, *dst); break;
            case StatementKind::forbid: check_forbid(rs, *src, *dst); break;
            case StatementKind::limit: check_limit(rs, *src, *dst); break;
            case StatementKind::windows_rule: break;
        }
        if (satisfied_) {
            result.verdict = "satisfied";
            result.evidence = std::move(evidence_);
        } else {
            settle_result(result, out_, findings_before);
        }
        summary_.results.push_back(std::move(result));
    }

private:
    RequirementResult start_result(const ResolvedStatement& rs) const {
        return requirement_result(options_.set->name, rs, input_.file, policy_.family);
    }

    void not_applicable(RequirementResult result, std::string reason) {
        ++summary_.not_applicable;
        result.verdict = "not applicable";
        result.reason = std::move(reason);
        summary_.results.push_back(std::move(result));
    }

    // The lines that decide a satisfied statement's flow, as its evidence.
    void note_evidence(const std::vector<const Decision*>& ds) {
        satisfied_ = true;
        for (const Decision* d : ds) {
            RelatedLine line{where(*d).file, where(*d).line};
            if (std::find(evidence_.begin(), evidence_.end(), line) == evidence_.end()) evidence_.push_back(line);
        }
    }

    // The built-in chain a flow between these roles crosses, or "" when the
    // flow does not touch the audited host.
    std::string chain_for(const FlowStatement& st) const {
        if (windows()) return windows_chain_for(policy_, st, options_);
        if (!options_.host_role) return "FORWARD";
        const std::string& host = *options_.host_role;
        if (st.to == host && st.from != host) return "INPUT";
        if (st.from == host && st.to != host) return "OUTPUT";
        return "";
    }

    // nullopt: the role is bound but has no address of this policy's family.
    std::optional<IntervalSet> role_addresses(const std::string& role) {
        auto it = options_.roles.find(role);
        if (it == options_.roles.end()) {
            if (std::find(summary_.unbound_roles.begin(), summary_.unbound_roles.end(), role) ==
                summary_.unbound_roles.end())
                summary_.unbound_roles.push_back(role);
            return IntervalSet::range(0, address_max(policy_.family));
        }
        const IntervalSet& s = policy_.family == Family::v4 ? it->second.v4 : it->second.v6;
        if (s.empty()) return std::nullopt;
        return s;
    }

    PacketSet space(const IntervalSet& protos, const IntervalSet& src, const IntervalSet& dst,
                    const IntervalSet& ports) const {
        Box b = Box::all(policy_.family);
        b.dims[proto_dim] = protos;
        b.dims[src_dim] = src;
        b.dims[dst_dim] = dst;
        b.dims[dport_dim] = ports;
        return PacketSet::of(policy_.family, b);
    }

    Finding base(const ResolvedStatement& rs, const char* check, const char* kind, Severity sev) const {
        const FlowStatement& st = *rs.statement;
        Finding f;
        f.check = check;
        f.kind = kind;
        f.severity = sev;
        f.loc = SourceLocation{input_.file, 0, 0};
        f.requirement = options_.set->name + ": " + st.description;
        f.flow = FlowRef{st.from, st.to, format_protocols(rs.protocols),
                         rs.ports.is_all(max_port) ? "" : format_ports(rs.ports)};
        return f;
    }

    // "DNS: cep -> dc tcp+udp 53"
    std::string flow_text(const ResolvedStatement& rs) const {
        const FlowStatement& st = *rs.statement;
        std::string text = fmt::format("{} -> {} {}", st.from, st.to, format_protocols(rs.protocols));
        if (!rs.ports.is_all(max_port)) text += " " + format_ports(rs.ports);
        if (!st.description.empty()) text = st.description + ": " + text;
        return text;
    }

    // The part of `whole` in `part`, said the short way round.
    static std::string part_text(const PacketSet& part, const PacketSet& whole) {
        if (part == whole) return "all of it";
        PacketSet rest = whole.subtract(part);
        if (rest.box_count() < part.box_count()) return "all but " + rest.to_string();
        return part.to_string();
    }

    std::string unbound_note(const FlowStatement& st) const {
        std::vector<std::string> names;
        for (const auto& r : {st.from, st.to})
            if (!options_.roles.count(r) && std::find(names.begin(), names.end(), r) == names.end()) names.push_back(r);
        if (names.empty()) return "";
        return fmt::format("; role{} {} unbound: checked for any address", names.size() > 1 ? "s" : "",
                           fmt::join(names, ", "));
    }

    bool windows() const { return is_windows_policy(policy_); }
    bool inbound() const { return policy_.name == "inbound"; }

    std::string describe(const Decision& d) const {
        if (windows()) return windows_decision_text(d, policy_);
        if (d.rule) return fmt::format("line {} in chain {}", d.rule->loc.line, d.chain->name);
        return fmt::format("the {} policy {} (line {})", d.chain->name,
                           d.verdict == Verdict::accept ? "ACCEPT" : "DROP", d.chain->loc.line);
    }

    static SourceLocation where(const Decision& d) { return d.rule ? d.rule->loc : d.chain->loc; }

    void point_at(Finding& f, const std::vector<const Decision*>& ds) const {
        for (std::size_t i = 0; i < ds.size(); ++i) {
            SourceLocation loc = where(*ds[i]);
            if (i == 0 && f.loc.line == 0)
                f.loc = loc;
            else if (loc.line != f.loc.line)
                f.related.push_back(RelatedLine{loc.file, loc.line});
        }
    }

    std::vector<const Decision*> decisions(const Evaluation& e, const PacketSet& part, bool accepts) const {
        std::vector<const Decision*> out;
        for (const auto& d : e.decisions)
            if ((d.verdict == Verdict::accept) == accepts && d.packets.intersects(part)) out.push_back(&d);
        return out;
    }

    // Accept rules anywhere in the chains reachable from the audited chain
    // that would take `part` if they were reached.
    std::vector<const Rule*> unreached_allows(const PacketSet& part) const {
        std::vector<const Rule*> out;
        const Chain* start = policy_.find_chain(chain_);
        if (!start) return out;
        const Family f = policy_.family;
        const Family other = f == Family::v4 ? Family::v6 : Family::v4;
        if (!part.boxes(other).empty()) {  // not a flow of this policy's family: no index for it
            for (const Chain* c : policy_.reachable_from(*start))
                for (const Rule& r : c->rules)
                    if (is_allow(r) && r.match.intersects(part)) out.push_back(&r);
        } else if (auto bounds = destination_bounds(part.boxes(f))) {
            for (const Allow& a : allows_from(*start))
                if (a.dst_lo <= bounds->hi && bounds->lo <= a.dst_hi && a.rule->match.intersects(part))
                    out.push_back(a.rule);
        }
        std::sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) { return a->loc.line < b->loc.line; });
        return out;
    }

    static bool is_allow(const Rule& r) { return r.action == Action::accept && r.enabled && r.new_flows; }

    // The lowest and highest destination address of `boxes`; nullopt when
    // there are none.
    static std::optional<Interval> destination_bounds(std::span<const Box> boxes) {
        std::optional<Interval> out;
        for (const Box& b : boxes) {
            const IntervalSet& d = b.dims[dst_dim];
            if (d.empty()) continue;
            if (!out) out = Interval{d.min(), d.max()};
            out->lo = std::min(out->lo, d.min());
            out->hi = std::max(out->hi, d.max());
        }
        return out;
    }

    // The allows unreached_allows() tries, in the order it used to meet
    // them, each with the destination addresses its match spans in this
    // policy's family (rules with no match there are left out: they take
    // nothing of a flow of this family). Made once per start chain: trying
    // the packet set of each of 200,000 rules for every unsatisfied
    // requirement was most of the audit's time; the bounds rule out almost
    // all of them without reading their sets.
    struct Allow {
        u128 dst_lo = 0, dst_hi = 0;
        const Rule* rule = nullptr;
    };
    const std::vector<Allow>& allows_from(const Chain& start) const {
        auto [it, fresh] = allows_.try_emplace(&start);
        if (!fresh) return it->second;
        for (const Chain* c : policy_.reachable_from(start))
            for (const Rule& r : c->rules)
                if (is_allow(r))
                    if (auto bounds = destination_bounds(r.match.boxes(policy_.family)))
                        it->second.push_back({bounds->lo, bounds->hi, &r});
        return it->second;
    }

    // FW104/FW105 judge what some interface assignment and the lenient walk
    // allow. The part of `allowed` not accepted whatever the interfaces and
    // conditions is allowed only if some hold: say which, as FW107 does,
    // instead of stating it as a fact (analyze/conditional_text.hpp).
    std::string condition_suffix(const InterfaceWalks& walks, const PacketSet& allowed) const {
        PacketSet sure = surely_accepted(walks, allowed);
        if (sure == allowed) return "";
        ConditionalText conds = allowed_only_if(policy_, chain_, walks, allowed.subtract(sure));
        if (conds.text.empty()) return "";
        if (sure.empty()) return ", " + only_if(conds.text);
        return "; part of it " + only_if(conds.text);
    }

    // The accepting decisions of every walk on `part` (one per rule and chain).
    static std::vector<const Decision*> allow_decisions(const InterfaceWalks& walks, const PacketSet& part) {
        std::vector<const Decision*> out;
        for (const auto& w : walks.walks)
            for (const Evaluation* e : {&w.lenient, &w.strict})
            for (const auto& d : e->decisions)
                if (d.verdict == Verdict::accept && d.packets.intersects(part) &&
                    std::none_of(out.begin(), out.end(),
                                 [&](const Decision* o) { return o->rule == d.rule && o->chain == d.chain; }))
                    out.push_back(&d);
        return out;
    }

    // "line 26 (...)", and the other lines that allow part of it.
    std::string describe_allows(const std::vector<const Decision*>& allows, const char* also = "; also") const {
        if (allows.empty()) return "?";
        std::string out = describe(*allows.front());
        std::vector<int> more;
        for (std::size_t i = 1; i < allows.size(); ++i) {
            int line = where(*allows[i]).line;
            if (line != where(*allows.front()).line && std::find(more.begin(), more.end(), line) == more.end())
                more.push_back(line);
        }
        if (!more.empty())
            out += fmt::format("{} line{} {}", also, more.size() == 1 ? "" : "s", fmt::join(more, ", "));
        return out;
    }

    std::vector<std::string> insert_rules(const PacketSet& packets, const Decision* before, const char* target) const {
        if (windows())  // no order: a new allow works unless a block rule takes the flow (see check_require)
            return windows_add_rules(packets, policy_.family, inbound(), std::string(target) == "ACCEPT",
                                     options_.windows_profile, name_);
        if (before && before->rule)
            return iptables_rules_for(packets, policy_.family, before->chain->name,
                                      rule_position(*before->chain, before->rule), target);
        std::string chain = before ? before->chain->name : chain_;
        return iptables_rules_for(packets, policy_.family, chain, 0, target);
    }

    // One DROP per chain, before the first rule there that allows part of
    // `packets`: of just what those rules allow (`exact`), or of all of `packets`.
    std::vector<std::string> drops_before(const std::vector<const Decision*>& allows, const PacketSet& packets,
                                          bool exact) const {
        std::vector<std::string> out;
        if (windows()) {  // block beats allow whatever the order: one block rule does it
            PacketSet dropped = exact ? PacketSet() : packets;
            if (exact)
                for (const Decision* e : allows) dropped = dropped.unite(e->packets.intersect(packets));
            return windows_add_rules(dropped, policy_.family, inbound(), false, options_.windows_profile, name_);
        }
        std::vector<const Chain*> done;
        for (const Decision* d : allows) {
            if (std::find(done.begin(), done.end(), d->chain) != done.end()) continue;
            done.push_back(d->chain);
            PacketSet dropped = exact ? PacketSet() : packets;
            if (exact)
                for (const Decision* e : allows)
                    if (e->chain == d->chain) dropped = dropped.unite(e->packets.intersect(packets));
            for (auto& line : insert_rules(dropped, d, "DROP")) out.push_back(std::move(line));
        }
        return out;
    }

    void check_require(const ResolvedStatement& rs, const IntervalSet& src, const IntervalSet& dst) {
        const FlowStatement& st = *rs.statement;
        PacketSet q = space(rs.protocols, src, dst, rs.ports);
        // Once per interface assignment when rules name interfaces: a packet
        // enters and leaves on one interface each (analyze/interfaces.hpp).
        InterfaceWalks walks = evaluate_per_interface(policy_, chain_, q);
        const Evaluation& strict = walks.walks.front().strict;
        PacketSet sure = surely_accepted(walks, q);
        if (sure == q) {
            ++summary_.satisfied;
            std::vector<const Decision*> evidence;
            for (const auto& w : walks.walks)
                for (const Decision* d : decisions(w.strict, q, true)) evidence.push_back(d);
            note_evidence(evidence);
            if (windows()) scope_note(rs, strict, q);
            return;
        }
        PacketSet maybe = possibly_accepted(walks, q);
        if (maybe == q) {
            Finding f = base(rs, "FW107", "partial", Severity::note);
            ConditionalText conds = allowed_only_if(policy_, chain_, walks, q.subtract(sure));
            std::string by;
            if (walks.per_interface()) by = " (" + describe_allows(allow_decisions(walks, q)) + ")";
            f.message = fmt::format("{} is allowed{} {} ({}){}", flow_text(rs), by, only_if(conds.text),
                                    windows() ? chain_ + " profile" : "chain " + chain_, unbound_note(st));
            point_at(f, conds.involved);
            out_.push_back(std::move(f));
            return;
        }
        PacketSet missing = q.subtract(maybe);
        std::vector<const Decision*> blockers;
        for (const auto& w : walks.walks)
            for (const Decision* d : decisions(w.lenient, missing, false))
                if (std::none_of(blockers.begin(), blockers.end(), [&](const Decision* b) { return b->rule == d->rule && b->chain == d->chain; }))
                    blockers.push_back(d);
        const Decision* first_blocker = blockers.empty() ? nullptr : blockers.front();
        // An allow that still takes some of the flow makes the verdict partial;
        // one that takes none of it is dead for this requirement: shadowed.
        auto dead = unreached_allows(missing);
        std::erase_if(dead, [&](const Rule* r) {
            return std::any_of(walks.walks.begin(), walks.walks.end(), [&](const AssignedWalk& w) {
                return std::any_of(w.lenient.decisions.begin(), w.lenient.decisions.end(),
                                   [&](const Decision& d) { return d.rule == r && d.packets.intersects(q); });
            });
        });
        Finding f;
        if (!dead.empty()) {
            f = base(rs, "FW103", "shadowed", Severity::error);
            f.loc = dead.front()->loc;
            if (windows())
                f.message = fmt::format(
                    "{} is not allowed: the allow at line {} never takes effect because {} blocks it (in Windows "
                    "Firewall a block rule beats every allow, whatever the order){}",
                    flow_text(rs), dead.front()->loc.line, first_blocker ? describe(*first_blocker) : "a block rule",
                    unbound_note(st));
            else
            f.message = fmt::format(
                "{} is not allowed: the allow at line {} never sees the traffic because {} takes it first{}",
                flow_text(rs), dead.front()->loc.line, first_blocker ? describe(*first_blocker) : "an earlier rule",
                unbound_note(st));
            for (const Decision* b : blockers) f.related.push_back(RelatedLine{where(*b).file, where(*b).line});
        } else if (maybe.empty()) {
            f = base(rs, "FW101", "missing", Severity::error);
            f.message = fmt::format("{} is not allowed: {}{}", flow_text(rs),
                                    first_blocker ? describe(*first_blocker) + " drops it" : "nothing accepts it",
                                    unbound_note(st));
            point_at(f, blockers);
        } else {
            f = base(rs, "FW102", "partial", Severity::error);
            f.message = fmt::format("{} is only partly allowed; not allowed: {} ({}){}", flow_text(rs),
                                    missing.to_string(),
                                    first_blocker ? describe(*first_blocker) + " drops it" : "nothing accepts it",
                                    unbound_note(st));
            point_at(f, blockers);
        }
        f.remediation = insert_rules(missing, first_blocker, "ACCEPT");
        if (windows()) windows_missing(f, rs, missing, first_blocker);
        out_.push_back(std::move(f));
    }

    void check_forbid(const ResolvedStatement& rs, const IntervalSet& src, const IntervalSet& dst) {
        const FlowStatement& st = *rs.statement;
        PacketSet q = space(rs.protocols, src, dst, rs.ports);
        InterfaceWalks walks = evaluate_per_interface(policy_, chain_, q);
        PacketSet allowed = possibly_accepted(walks, q);
        if (allowed.empty()) {
            ++summary_.satisfied;
            std::vector<const Decision*> evidence;
            for (const auto& w : walks.walks)
                for (const Decision* d : decisions(w.lenient, q, false)) evidence.push_back(d);
            note_evidence(evidence);
            return;
        }
        Finding f = base(rs, "FW105", "unneeded", Severity::warning);
        auto allows = allow_decisions(walks, q);
        point_at(f, allows);
        f.message = fmt::format("{} is allowed by {} although the set says this flow never happens; allowed: {}{}{}",
                                flow_text(rs), describe_allows(allows, " and by"), part_text(allowed, q),
                                condition_suffix(walks, allowed), unbound_note(st));
        // A rule wholly inside the forbidden flow goes; the others get a DROP
        // of the whole flow before them (tidier than the exact leftovers).
        std::vector<const Decision*> keep;
        for (const Decision* d : allows) {
            if (d->rule && d->rule->conditions.empty() && d->rule->match.is_subset_of(q) && windows())
                for (auto& line : windows_delete_rule(*d->rule)) f.remediation.push_back(line);
            else if (d->rule && d->rule->conditions.empty() && d->rule->match.is_subset_of(q))
                f.remediation.push_back(
                    iptables_delete(policy_.family, d->chain->name, rule_position(*d->chain, d->rule)));
            else
                keep.push_back(d);
        }
        for (auto& line : drops_before(keep, q, false)) f.remediation.push_back(line);
        out_.push_back(std::move(f));
    }

    void check_limit(const ResolvedStatement& rs, const IntervalSet& src, const IntervalSet& dst) {
        const FlowStatement& st = *rs.statement;
        PacketSet whole = space(rs.protocols, src, dst, IntervalSet::range(0, max_port));
        PacketSet bound = space(rs.protocols, src, dst, rs.ports);
        InterfaceWalks walks = evaluate_per_interface(policy_, chain_, whole);
        PacketSet excess = possibly_accepted(walks, whole).subtract(bound);
        if (excess.empty()) {
            ++summary_.satisfied;
            note_evidence(allow_decisions(walks, whole));
            return;
        }
        Finding f = base(rs, "FW104", "broad", Severity::warning);
        auto allows = allow_decisions(walks, excess);
        point_at(f, allows);
        IntervalSet extra = excess.project(policy_.family, dport_dim);
        f.message = fmt::format("{} -> {} {} is allowed beyond the required {}: {} extra port{} in {} ({}){}{}",
                                st.from, st.to, format_protocols(rs.protocols),
                                rs.ports.empty() ? "nothing" : format_ports(rs.ports), format_count(extra.size()),
                                extra.size() == 1 ? "" : "s", format_ports(extra), describe_allows(allows),
                                condition_suffix(walks, excess), unbound_note(st));
        f.remediation = windows() ? windows_limit_fix(allows, excess, whole, rs.ports, policy_, options_.windows_profile, name_)
                                  : drops_before(allows, excess, true);
        out_.push_back(std::move(f));
    }

    // Windows: a block rule beats any new allow, so the fix is at the block
    // rule; a disabled allow that would take the flow makes it FW106.
    void windows_missing(Finding& f, const ResolvedStatement& rs, const PacketSet& missing,
                         const Decision* blocker) const {
        if (blocker && blocker->rule) {
            f.remediation = {fmt::format("# {} beats every allow: narrow it so it no longer covers {}, or disable it:",
                                         describe(*blocker), missing.to_string())};
            for (auto& line : windows_disable_rule(*blocker->rule)) f.remediation.push_back(line);
            return;
        }
        const Chain* chain = policy_.find_chain(chain_);
        auto off = chain ? disabled_allows(*chain, missing) : std::vector<const Rule*>{};
        if (off.empty() || f.check == "FW103") return;
        const Rule& r = *off.front();
        f.check = "FW106";
        f.kind = "disabled";
        f.related.push_back(RelatedLine{f.loc.file, f.loc.line});
        f.loc = r.loc;
        f.message = fmt::format("{} is not allowed: the allow at line {} ('{}') would allow it but is disabled{}",
                                flow_text(rs), r.loc.line, r.display_name, unbound_note(*rs.statement));
        f.remediation = windows_enable_rule(r.rule_id, r.display_name);
    }

    // A required flow allowed only for one program or service: satisfied,
    // with a note naming the scope (FW302).
    void scope_note(const ResolvedStatement& rs, const Evaluation& e, const PacketSet& q) {
        std::vector<const Decision*> scoped;
        std::vector<std::string> scopes;
        for (const auto& d : e.decisions)
            if (d.rule && d.verdict == Verdict::accept && d.packets.intersects(q)) {
                std::string scope = windows_scope_text(*d.rule);
                if (scope.empty()) continue;
                scoped.push_back(&d);
                std::string text = fmt::format("{} (line {})", scope, d.rule->loc.line);
                if (std::find(scopes.begin(), scopes.end(), text) == scopes.end()) scopes.push_back(text);
            }
        if (scoped.empty()) return;
        Finding f = base(rs, "FW302", "scope", Severity::note);
        point_at(f, scoped);
        f.message = fmt::format("{} is allowed, but only for {} ({} profile){}", flow_text(rs),
                                fmt::join(scopes, " and "), chain_, unbound_note(*rs.statement));
        out_.push_back(std::move(f));
    }

    const ParsedInput& input_;
    const Policy& policy_;
    const AuditOptions& options_;
    AuditSummary& summary_;
    std::vector<Finding>& out_;
    std::string chain_;
    std::string name_;  // Windows: the display name of rules a fix adds
    std::vector<RelatedLine> evidence_;  // of the statement being checked
    bool satisfied_ = false;             // it was: a note it got (Windows scope) is no failure
    mutable std::map<const Chain*, std::vector<Allow>> allows_;  // by start chain, see allows_from()
};

}  // namespace

std::vector<Finding> audit_requirements(const ParsedInput& input, const AuditOptions& options, AuditSummary& summary) {
    if (is_acl_device(input)) return audit_acl_device(input, options, summary);  // Cisco: cisco_audit.cpp
    std::vector<Finding> out;
    bool windows = false;
    const AuditCounts before = counts_of(summary);
    for (const Policy& policy : input.policies) {
        windows = windows || is_windows_policy(policy);
        if (policy.name != "filter" && !is_windows_policy(policy)) continue;
        PolicyAudit audit(input, policy, options, summary, out);
        for (const auto& rs : options.statements) audit.run(rs);
    }
    if (windows) count_windows_statements_once(summary, before);
    if (windows) drop_repeated_windows_findings(out, 0);
    if (windows) audit_windows_rule_statements(input, options, summary, out);
    return out;
}

}  // namespace fwlint
