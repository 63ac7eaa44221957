#include "checks/catalog.hpp"

#include <algorithm>
#include <cctype>

namespace fwlint {

const std::vector<CheckInfo>& check_catalog() {
    static const std::vector<CheckInfo> catalog = {
        {"FW001", "syntax", Severity::error, "a line of the input could not be read",
         "A line that is not valid in the input's format: a truncated rule, an unterminated quote, binary junk, "
         "a rule outside a table, a jump loop between chains.",
         "The line is not part of the analysed policy, so every verdict may be missing a rule the device has "
         "(or the device itself would refuse to load the file).",
         "gateway.rules:12:1: error: expected a chain name after -A [FW001]",
         "Correct the line; `iptables-restore --test FILE` shows what the kernel would make of it."},
        {"FW002", "syntax", Severity::warning, "a construct fwlint keeps as an unmodelled condition",
         "A match fwlint cannot evaluate exactly (an unknown -m module, an unknown option, an iptables-restore "
         "command the save format does not have). The rule is kept, with the construct as a named condition. "
         "In a Cisco configuration also a line fwlint does not read but will not skip silently: a command that "
         "looks like a misspelt ACL command (`acess-list`, `ip acess-list`, `ip acess-group`, `acces-class`), "
         "a MAC or ARP list, a static route it cannot read.",
         "Verdicts that depend on such a rule say \"allowed only if CONDITION holds\" instead of a yes or a no. "
         "A misspelt Cisco command is not read at all: the entry, the list or the binding it was meant to be is "
         "missing from every verdict (a device refuses the command, so the file is not what it runs).",
         "gateway.rules:30:22: warning: unknown match module 'geoip': kept as an unmodelled condition [FW002]",
         "Nothing to fix in the config if the construct is intended; report the module so fwlint can model it. "
         "Correct a misspelt Cisco command (the warning names the command it looks like)."},
        {"FW009", "suppression", Severity::warning, "an fwlint: ignore comment that silences nothing",
         "A comment `fwlint: ignore ID reason` (in the config's own comment syntax: `#` for iptables-save, `!` "
         "or `remark` for Cisco, `REM`, `::` or `#` for netsh scripts, `#` for PowerShell) that cannot be read, "
         "names an id that is not a check, or names a check that ran and found nothing on the rule (or script "
         "command) after the comment.",
         "A stale suppression hides nothing today but will silently hide a real finding if the rule below it "
         "changes; a misspelt id never silenced what it was meant to.",
         "gateway.rules:14:1: warning: 'fwlint: ignore FW201' suppresses nothing: no FW201 finding on line 15, "
         "the next rule [FW009]",
         "Correct the id (`fwlint explain ID`), move the comment to the line just above the rule, or delete it."},
        {"FW101", "missing", Severity::error, "a required flow is not allowed",
         "A requirement of the selected set (e.g. clients -> cep tcp 443) that no rule on the flow's path "
         "allows. The finding points at the rule or chain policy that drops it.",
         "The service the requirement belongs to does not work: enrollment fails, typically with a timeout "
         "or \"The RPC server is unavailable\".",
         "gateway.rules:6:1: error: LDAP Global Catalog: cep -> dc tcp 3268 is not allowed: the FORWARD policy DROP (line 6) drops it [FW101]",
         "Insert the printed ACCEPT rule before the rule that drops the flow (or append it when the chain "
         "policy drops it)."},
        {"FW102", "partial", Severity::error, "a required flow is only partly allowed",
         "Some of the required ports or addresses are allowed and some are not; the message lists the part "
         "that is not.",
         "Partly open services fail intermittently: DNS over TCP but not UDP, RPC with only part of the "
         "dynamic range, one domain controller of several.",
         "gateway.rules:6:1: error: DNS (Domain Name System): cep -> dc tcp+udp 53 is only partly allowed; not allowed: tcp 10.0.1.10 -> 10.0.0.8/29 ports 53 (the FORWARD policy DROP (line 6) drops it) [FW102]",
         "Add the printed ACCEPT rules for the part that is missing."},
        {"FW103", "shadowed", Severity::error, "the allow for a required flow is never reached",
         "A rule that would allow the required flow exists, but an earlier rule takes the traffic first "
         "(drops or rejects it). The finding is at the dead allow; related lines are the rules that take the "
         "traffic.",
         "The config looks right when read line by line, and is wrong: the kernel stops at the first match.",
         "gateway.rules:28:1: error: SMB (Server Message Block), RPC named pipes: cep -> dc tcp 445 is not allowed: the allow at line 28 never sees the traffic because line 15 in chain FORWARD takes it first [FW103]",
         "Move the allow above the rule that takes the traffic, or narrow that rule."},
        {"FW104", "broad", Severity::warning, "a flow is allowed beyond what the requirement needs",
         "Between two roles, the config allows more ports of a protocol than the set's bound (a `limit` "
         "statement): for example RPC 1024-65535 where 49152-65535 is enough. The message counts the excess, "
         "names every line that allows part of it, and ends \"only if CONDITION holds\" (or \"does not hold\" "
         "for a drop rule's condition) when that part is allowed only under unmodelled conditions.",
         "Every extra port is attack surface on servers that hold the keys of the PKI; auditors ask for the "
         "justification of each open range.",
         "gateway.rules:19:1: warning: ces -> ca tcp is allowed beyond the required 135,49152-65535: 48,128 extra ports in 1024-49151 (line 19 in chain FORWARD) [FW104]",
         "Narrow the rule to the required ports, or insert the printed DROP for the excess before it. If "
         "2003/XP peers remain, run with --set legacy_rpc=yes; if the CA uses a static DCOM port, "
         "--set rpc_dynamic=PORT. On a Windows host the printed fix narrows an allow that serves only this "
         "flow (netsh `set rule ... new localport=|remoteport=` and `Set-NetFirewallRule -LocalPort|-RemotePort`) "
         "and blocks the rest."},
        {"FW105", "unneeded", Severity::warning, "a flow the requirement set says never happens is allowed",
         "A `forbid` statement of the set (e.g. CEP -> CA: the CEP never talks to the CA) is allowed by a "
         "rule.",
         "An allow with no purpose is attack surface and a sign the rule set was written from a wrong table "
         "(such as the mistaken port 440 for Kerberos).",
         "gateway.rules:18:1: warning: the CEP never talks to the CA: cep -> ca any protocol is allowed by line 18 in chain FORWARD although the set says this flow never happens; allowed: all but tcp 10.0.1.10 -> 10.0.2.5 ports 445 [FW105]",
         "Delete the rule when all of it is unneeded (the printed -D line), otherwise insert the printed DROP "
         "before it."},
        {"FW106", "disabled", Severity::error, "a required rule or allow is disabled",
         "A `windows-rule` statement of the set (e.g. IIS-WebServerRole-HTTPS-In-TCP must be enabled on the CEP) names a Windows rule that exists in the input but is disabled, or does not apply in the audited profile (--profile). The rule is found by its ID where the input has IDs (registry, PowerShell) and by its built-in display names (English, German, French) otherwise (netsh output). Also reported for a required flow that nothing allows while a disabled allow rule would.",
         "The service behind the rule is unreachable although the rule is there: a re-enabled role, a policy reset or a GPO left the built-in rule off.",
         "cep.txt:55:1: error: the Windows rule IIS-WebServerRole-HTTP-In-TCP (\"World Wide Web Services (HTTP Traffic-In)\") must be enabled on the cep host, but it is disabled [FW106]",
         "Enable the rule: the printed `netsh advfirewall firewall set rule ... new enable=yes` line or `Enable-NetFirewallRule -Name \"IIS-WebServerRole-HTTPS-In-TCP\"`."},
        {"FW107", "partial", Severity::note, "a required flow is allowed only if a condition holds",
         "The flow is allowed by a rule that has a match fwlint cannot evaluate (an ipset, "
         "a rate limit, a mark), or could be dropped by such a rule, or only for some in- or out-interfaces. The message says per rule what must hold (\"on line 42, A and B hold, or, on line 57, C holds\") and for which interfaces the flow is stopped, by which line (a packet enters and leaves on one interface each: the chain is evaluated once per interface it names, plus any other).",
         "Whether the requirement holds depends on something outside the file: which interface the clients "
         "come in on, what the ipset holds at run time.",
         "gateway.rules:27:1: note: NTP (time synchronisation): cep -> dc udp 123 is allowed (line 27 in chain DC-OUT) only if it enters on eth2 (otherwise line 6) (chain FORWARD) [FW107]",
         "Confirm the condition holds for the flow (e.g. the clients' network is on eth1)."},
        {"FW201", "shadowed", Severity::warning, "a rule is never reached: earlier rules take all its traffic",
         "In a chain of the filter table, a rule every packet of which an earlier terminating rule of the same chain "
         "(ACCEPT, DROP, REJECT, RETURN, -g, other terminating targets; not LOG, not -j into a user chain) already "
         "takes. The related lines are a minimal set of earlier rules that together cover it. An earlier rule with "
         "an unmodelled condition (-i, -m set...) never counts, since it may not match; the dead rule's own "
         "conditions only narrow it. A rule limited to some connection states only covers rules limited to the "
         "same states or fewer."
         " Cisco ACLs are read the same way (first match, ending in the implicit deny). On Windows, where rule order means nothing and a block beats an allow, the FW201 finding is an allow rule whose every packet enabled block rules (without unmodelled conditions) take, in the profiles named in the message; a bypass rule is never overridden. An ASA entry of `any` (both families) that is never reached in one family only is reported with \"(IPv4 part)\" or \"(IPv6 part)\" and no removal, since its other part is still reached; the same holds for FW202.",
         "A dead rule is misleading: when the earlier lines do the same it is clutter (\"redundant\"), when they "
         "decide otherwise the rule's author expected traffic it never gets (\"dead ... probably a bug\").",
         "gateway.rules:19:1: warning: dead: never reached in chain FORWARD; earlier lines 15, 17 take its traffic "
         "with a different action (DROP, this rule ACCEPT) - probably a bug [FW201]",
         "Delete the rule (the printed command: `iptables -D CHAIN POS`; `no SEQ` under the ACL on IOS and NX-OS; `no access-list ...` on an ASA; `netsh advfirewall firewall delete rule` and `Remove-NetFirewallRule` on Windows), or, if it was meant to win, move it above the lines named in the message (on Windows: narrow the block rules)."},
        {"FW202", "lint", Severity::note, "a rule whose removal changes nothing",
         "An ACCEPT, DROP or REJECT rule, not shadowed, every packet of which would get the same verdict from the "
         "later rules of its chain and the chain's end (the policy of a built-in chain; a user chain returns, "
         "which never counts as the same verdict) if it were removed. Later rules with unmodelled conditions, "
         "state matches or jumps that meet its packets with another verdict make it not redundant."
         " A later rule FW201 reports (never reached, because this rule covers it) does not count when it has the same verdict: of two equal rules only the second is reported (FW201), so following every finding changes nothing."
         " On Windows, a rule whose every packet other rules with the same action (allow, block or bypass) take, in every profile it applies to; of two rules that duplicate each other the later one is reported. On a Cisco ACL the chain's end is \"the implicit deny at the end of ACL NAME\", which has no line of its own (no related line).",
         "Redundant rules make a rule set longer to review and hide intent; removing them changes no packet's fate.",
         "gateway.rules:16:1: note: redundant: removing line 16 changes nothing in chain FORWARD; the FORWARD "
         "policy DROP (line 5) gives the same verdict (DROP) [FW202]",
         "Delete the rule with the printed command (`iptables -D CHAIN POS`, the ACL line removal on Cisco, netsh or PowerShell on Windows), or keep it on purpose as documentation."},
        {"FW203", "lint", Severity::warning, "allow any to any",
         "In the filter table's INPUT or FORWARD chain, an accepting rule (or the chain's ACCEPT policy) that really admits new flows from any source (0.0.0.0/0 or ::/0) to any destination, of every protocol or at least every tcp and udp port. The chain is evaluated over the whole packet space, first match, and each accepted part is attributed to the rule that accepts it, so an earlier DROP that narrows the rule, or a jump that reaches it only from some sources, counts. A rule with an unmodelled condition (-i, -m set...) is reported with \"only if CONDITION (line N) holds\"; an earlier conditional DROP the finding assumes not to hold with \"unless\" (\"unless A (line 14) holds, or B and C (line 15) hold\": any one of those drops would stop it). Only drops evaluated before the rule count: those of its own chain above it, and of the chains jumped to before the jump that leads to it (a drop in a chain jumped to after it is never met by what it accepts). An entry limited to a source port (`permit udp any eq 123 any`) is reported with \"from source port 123\" in each of FW203-FW207. A later rule such a conditional ACCEPT hides in that walk (`-m dscp --dscp 0x0a -j ACCEPT` before `--dport 23 -j ACCEPT`) is reported too, for what it surely accepts when the condition does not hold, as if the conditional rule were not there. On a Cisco ASA, an entry of `any` (both IPv4 and IPv6) is reported once per check, for \"any IPv4 and IPv6 address\". Also a note under this id when the part of the packet space some of FW203-FW207 need is met by more than 10,000 rules (counting the user chains the chain reaches; see Limit): those checks are not run on the chain, the others are. A Windows rule whose input does not show its addresses and ports (a plain Get-NetFirewallRule listing, a PowerShell export without filters) gets a note saying \"cannot be told from this input\" and \"if the rule has no address or port filters\" instead of a warning: the input cannot show whether it is open.",
         "Any-to-any is no firewall at all for that chain: every service on the host (INPUT) or behind the gateway (FORWARD) is reachable from everywhere, including ones installed later.",
         "c.rules:9:1: warning: allow any to any: every protocol from any source to any destination (4,294,967,296 addresses, 65,536 ports) is accepted by line 9 in chain FORWARD [FW203]",
         "Name the sources, destinations and ports the rule is for (the printed `iptables -R CHAIN POS -s TRUSTED_SOURCES ...`, with TRUSTED_SOURCES replaced); for an ACCEPT policy, accept the needed flows by rule and set `iptables -P CHAIN DROP`."},
        {"FW204", "lint", Severity::warning, "wide port range open to any source",
         "An accepted tcp or udp part from any source (0.0.0.0/0 or ::/0, after earlier rules) whose destination ports number more than 1,000 (`fwlint check --max-open-ports N` changes the threshold). The message counts the ports and the destination addresses, attributed to the accepting rule or the ACCEPT policy.",
         "A wide range open to everybody exposes every service that listens, or will listen, on those ports; ranges this wide are usually written for one client network or one peer.",
         "c.rules:7:1: warning: wide port range open to any source: tcp ports 1024-65535 (64,512 ports), more than 1,000, to 4,294,967,296 addresses (any) accepted by line 7 in chain INPUT [FW204]",
         "Restrict the source to the networks that need the range (the printed `iptables -R` line with TRUSTED_SOURCES replaced), or narrow the ports."},
        {"FW205", "lint", Severity::warning, "risky service open to any source",
         "An accepted tcp/udp part from any source that reaches a well-known risky port: FTP tcp 21, telnet tcp 23, Kerberos tcp/udp 88, RPC endpoint mapper tcp 135, NetBIOS tcp/udp 137-139, SNMP udp 161-162, LDAP tcp/udp 389, SMB tcp 445, LDAPS tcp 636, MSSQL tcp 1433, Global Catalog tcp 3268-3269, MySQL tcp 3306, RDP tcp/udp 3389, PostgreSQL tcp 5432, VNC tcp 5900, WinRM tcp 5985-5986, Redis tcp 6379, MongoDB tcp 27017. The message names the services and counts the ports and destination addresses.",
         "These services are the usual targets of scans, brute force and wormable exploits; they belong to internal networks, a VPN or a bastion, never to the whole Internet.",
         "c.rules:6:1: warning: risky service open to any source: telnet (tcp 23) (1 port) to 4,294,967,296 addresses (any) accepted by line 6 in chain INPUT [FW205]",
         "Insert the printed DROP before the rule, or restrict the rule's source (the printed `iptables -R` line with TRUSTED_SOURCES replaced)."},
        {"FW206", "lint", Severity::note, "RPC dynamic range wider than 49152-65535",
         "An accepted tcp port range of a rule (from any source or not) that covers 49152-65535 and also more than 1,000 ports below 49152 (such as 1024-65535); the message counts the excess. A rule for every port (no port match) is not reported here. Not reported for the chain policy.",
         "Windows Server 2008 and later use 49152-65535 for dynamic RPC; 1024-65535 is only needed for Windows 2003/XP peers, and every extra port is attack surface.",
         "gateway.rules:19:1: note: RPC dynamic range wider than 49152-65535: tcp ports 1024-65535 accepted by line 19 in chain FORWARD from 1 address (10.0.1.20) to 1 address (10.0.2.5); 48,128 ports in 1024-49151 beyond the dynamic range [FW206]",
         "Narrow the range to 49152-65535 (the printed `iptables -R` line) unless Windows 2003/XP peers remain."},
        {"FW207", "lint", Severity::note, "commonly mistaken port",
         "tcp or udp port 440 accepted by a rule that names it (as a port of its own or a range end, not inside a wider range).",
         "Kerberos is 88 and 464 (password change); 440 was listed by mistake in AD CS firewall tables and is not needed by any Windows service, so an allow for it is a copy of that mistake.",
         "c.rules:8:1: note: commonly mistaken port: tcp 440 accepted by line 8 in chain INPUT from 4,294,967,296 addresses (any) to 4,294,967,296 addresses (any); Kerberos is 88 and 464, 440 was a documented mistake in AD CS firewall tables [FW207]",
         "Remove port 440 from the rule (the printed `iptables -R` line, or `iptables -D` when 440 is all it allows); make sure 88 and 464 are allowed where Kerberos is needed."},
        {"FW401", "lint", Severity::note, "Cisco ACL not applied",
         "An access list of a Cisco IOS, ASA or NX-OS configuration that no interface (ip access-group, ipv6 "
         "traffic-filter, ASA access-group), line (access-class) or ASA global access-group uses. It is still "
         "linted like every other list.",
         "An ACL filters nothing until it is bound: a list written for an interface and never applied leaves "
         "that interface open (IOS, NX-OS) or under the security levels (ASA), while reviewers believe it is "
         "filtered.",
         "branch.cfg:112:1: note: ACL UNUSED-LEGACY is not applied to any interface, line or global access-group: it filters nothing (it is still linted) [FW401]",
         "Bind it where it was meant to be (`ip access-group NAME in` under the interface, `access-group NAME in "
         "interface IF` on the ASA) or delete it."},
        {"FW402", "path", Severity::note, "Cisco: a flow's path through the device is unknown",
         "For the requirement audit on a Cisco device, a source or destination address of a flow that no "
         "interface's connected subnet (ip address, ASA nameif + ip address) holds and no static route (`route`, "
         "`ip route`, `ipv6 route`, the default route) leads to an up interface, or an ASA interface without "
         "an access-group. The ACL that part of the flow meets cannot be told from the configuration, so no "
         "verdict is given for that hop; a route that decides nothing (to Null0, via a gateway no interface "
         "holds) is named in the note.",
         "A verdict on the wrong ACL would be a false missing or a false allowed; fwlint says it does not know "
         "instead.",
         "asa.cfg: note: clients -> cep: path unknown: no interface's connected subnet holds the source 192.0.2.0/24, so the inbound ACL it meets is not known (name the path with --acl) [FW402]",
         "Name the path by hand with `--acl NAME` (repeatable, in the order the flow meets the lists), bind the "
         "roles to addresses of the device's subnets, or check the device's static routes."},
        {"FW403", "lint", Severity::warning, "Cisco ACL bound but not defined",
         "An interface, line or ASA access-group that names an access list the configuration does not define "
         "(for the family the binding is for).",
         "On IOS an ip access-group naming an undefined list permits everything: the interface is not filtered "
         "at all. The ASA refuses such a binding, so the configuration is incomplete.",
         "branch.cfg:40:2: warning: access list OUTSIDE-IN is bound in on GigabitEthernet0/0 but not defined: IOS permits all traffic there [FW403]",
         "Define the list (or correct the name in the binding)."},
        {"FW301", "lint", Severity::warning, "edge traversal allowed on an inbound allow",
         "An enabled inbound allow (or bypass) rule of a Windows input with edge traversal set to Yes (netsh `Edge traversal: Yes`, registry `Edge=TRUE`, PowerShell `-EdgeTraversalPolicy Allow`). Defer to application / user are not reported.",
         "Edge traversal lets unsolicited traffic that reaches the host through a NAT device over Teredo (IPv6 over UDP) match the rule: the port is reachable from the Internet, beyond what the rule's addresses suggest.",
         "cep.txt:113:1: warning: edge traversal allowed: the inbound allow 'Teredo edge: inbound from the Internet' also admits unsolicited traffic from the Internet that reaches the host through NAT (Teredo) [FW301]",
         "Set edge traversal to Block: the printed `netsh advfirewall firewall set rule ... new edge=no` or `Set-NetFirewallRule ... -EdgeTraversalPolicy Block` line."},
        {"FW302", "scope", Severity::note, "a required flow is allowed only for one program or service",
         "On a Windows input, a required flow is allowed by a rule limited to a program (`Program`, `App=`) or a service (`Service`, `Svc=`), or by a rule whose program and service the input does not show (netsh output without `verbose`). The requirement counts as satisfied; the note names the scope and the line.",
         "The flow works only for that process: if the service runs under another executable (a different IIS worker, a moved binary), it is blocked although the port looks open.",
         "cep.txt:35:1: note: HTTPS (Hypertext Transfer Protocol Secure): clients -> cep tcp 443 is allowed, but only for program System (line 35) (domain profile) [FW302]",
         "Nothing to fix when the program is the one that serves the flow; for netsh input, capture `netsh advfirewall firewall show rule name=all verbose` so the scope is known."},
    };
    return catalog;
}

const CheckInfo* find_check(std::string_view id) {
    for (const auto& c : check_catalog())
        if (id.size() == std::string_view(c.id).size() &&
            std::equal(id.begin(), id.end(), c.id, [](char a, char b) { return std::toupper(a) == b; }))
            return &c;
    return nullptr;
}

}  // namespace fwlint
