// Runs `fwlint query` and `fwlint diff` as a user would: output and exit codes.
#include <filesystem>
#include <initializer_list>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_fwlint.hpp"

namespace {

using fwlint_test::fwlint;
using fwlint_test::Run;

bool has(const Run& r, const std::string& s) { return r.out.find(s) != std::string::npos; }

// Runs fwlint ARGS: it must exit with `status` and say each of `says`.
Run expect(const std::string& args, int status, std::initializer_list<std::string> says) {
    Run r = fwlint(args);
    INFO(r.out);
    CHECK(r.status == status);
    for (const auto& part : says) CHECK(has(r, part));
    return r;
}

// The JSON document of a run whose notes on the input (stderr) come first,
// and perhaps a closing error line (diff of inputs with errors) after it.
nlohmann::json json_of(const Run& r) {
    auto start = r.out.rfind("\n{\n");
    std::string doc = start == std::string::npos || r.out.rfind("{\n", 0) == 0 ? r.out : r.out.substr(start + 1);
    if (auto end = doc.rfind("\n}\n"); end != std::string::npos) doc.resize(end + 3);
    return nlohmann::json::parse(doc);
}

const std::string old_rules = "fixtures/iptables/review-old.rules";
const std::string new_rules = "fixtures/iptables/review-new.rules";

}  // namespace

TEST_CASE("query: an allowed flow exits 0 and names the line and the jump") {
    expect("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto tcp --port 8443", 0,
           {"verdict: allowed",
            "by fixtures/iptables/review-new.rules:21: -A SERVERS",
            "path (jumps taken):",
            "fixtures/iptables/review-new.rules:17: -A FORWARD -d 10.0.1.0/24 -j SERVERS"});
}

TEST_CASE("query: a denied flow exits 1 and names the policy, a range is split by line") {
    expect("query " + new_rules + " --from 10.20.5.7 --to 10.0.1.30 --port 22", 1,
           {"verdict: denied",
            "review-new.rules:7: the FORWARD policy (:FORWARD DROP)"});

    expect("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 440-450", 1,
           {"verdict: partly allowed",
            "allowed: tcp 10.20.1.5 -> 10.0.1.30 ports 443",
            "denied: tcp 10.20.1.5 -> 10.0.1.30 ports 440-442,444-450"});

    expect("query " + new_rules + " --chain INPUT --from 10.20.5.7 --to 10.20.0.1 --port 22", 1,
           {"allowed only if a condition holds",
            "only if it enters on eth1 (otherwise line 6)"});
}

TEST_CASE("query --format json follows the contract") {
    Run r = fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 440-450 --format json");
    INFO(r.out);
    CHECK(r.status == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["query"]["chain"] == "FORWARD");
    CHECK(doc["verdict"] == "partial");
    REQUIRE(doc["parts"].size() == 2);
    CHECK(doc["parts"][0]["verdict"] == "allowed");
    CHECK(doc["parts"][0]["line"] == 20);
    CHECK(doc["parts"][0]["chain"] == "SERVERS");
    CHECK(doc["parts"][0]["packets"] == "tcp 10.20.1.5 -> 10.0.1.30 ports 443");
    CHECK(doc["parts"][1]["verdict"] == "denied");
    CHECK(doc["parts"][1]["line"] == 7);
    REQUIRE(doc["path"].size() == 1);
    CHECK(doc["path"][0]["line"] == 17);
    CHECK(doc["path"][0]["text"] == "-A FORWARD -d 10.0.1.0/24 -j SERVERS");
}

TEST_CASE("query: usage and input errors exit 2") {
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.300 --to 10.0.1.30").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 2001:db8::1 --to 10.0.1.30").status == 2);  // wrong family
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --chain NOPE").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --chain SERVERS").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --port 70000").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto bogus").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --proto icmp --port 22").status == 2);
    CHECK(fwlint("query fixtures/iptables/no-such.rules --from 10.20.1.5 --to 10.0.1.30").status == 2);
    CHECK(fwlint("query " + new_rules + " --to 10.0.1.30").status == 2);  // --from is required
}

TEST_CASE("diff: the reviewed change is reported line by line and exits 1") {
    Run r = expect("diff " + old_rules + " " + new_rules, 1,
                   {"FORWARD: newly allowed: tcp 10.20.0.0/16 -> 10.0.1.30 ports 8443",
                    "accepted by fixtures/iptables/review-new.rules:21:",
                    "FORWARD: newly denied: tcp 10.20.5.0/24 -> 10.0.1.0/24 ports 22",
                    "was accepted by fixtures/iptables/review-old.rules:16:",
                    "INPUT: newly denied (depends on a condition): tcp 10.20.5.0/24 -> any ports 22",
                    "1 newly allowed, 2 newly denied"});
    // The interface the change needs (the new file's SSH allow on line 13 is for eth1 only).
    CHECK(has(r, "    only if it does not enter on eth1\n"));
    // The renamed, reordered DC chain changes nothing: not mentioned.
    CHECK_FALSE(has(r, "TO-DCS"));
    CHECK_FALSE(has(r, "OUTPUT:"));
}

TEST_CASE("diff: no change exits 0, only newly denied exits 0") {
    expect("diff " + old_rules + " " + old_rules, 0,
           {"no change in what is allowed"});

    Run input_only = expect("diff --chain INPUT " + old_rules + " " + new_rules, 0,  // only newly denied
                            {"newly denied"});
    CHECK_FALSE(has(input_only, "FORWARD"));
}

TEST_CASE("diff --format json and errors") {
    Run r = fwlint("diff --format json " + old_rules + " " + new_rules);
    INFO(r.out);
    CHECK(r.status == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["verdict"] == "changed");
    CHECK(doc["newly_allowed"] == 1);
    CHECK(doc["newly_denied"] == 2);
    bool saw = false;
    for (const auto& c : doc["changes"])
        if (c["change"] == "newly allowed") {
            saw = true;
            CHECK(c["chain"] == "FORWARD");
            CHECK(c["packets"] == "tcp 10.20.0.0/16 -> 10.0.1.30 ports 8443");
            CHECK(c["now"][0]["line"] == 21);
            CHECK(c["before"][0]["policy"] == true);
        }
    CHECK(saw);
    Run a = fwlint("diff --format json " + old_rules + " " + new_rules);
    CHECK(a.out == r.out);  // deterministic

    CHECK(fwlint("diff fixtures/iptables/host6.rules " + old_rules).status == 2);  // IPv6 vs IPv4
    CHECK(fwlint("diff " + old_rules + " fixtures/iptables/no-such.rules").status == 2);
    CHECK(fwlint("diff --chain NOPE " + old_rules + " " + new_rules).status == 2);
    CHECK(fwlint("diff " + old_rules).status == 2);
}

TEST_CASE("diff: an input with lines that could not be read exits 2, after the diff and the diagnostics") {
    fwlint_test::TempDir dir;
    // The reviewed change, with the new 8443 rule's comment not closed (FW001):
    // the rule is lost, so the diff no longer shows it newly allowed.
    std::string text = fwlint_test::read_file(std::filesystem::path(FWLINT_SOURCE_DIR) / new_rules);
    const std::string ok = "--comment \"intranet, new UI\"";
    REQUIRE(text.find(ok) != std::string::npos);
    text.replace(text.find(ok), ok.size(), "--comment \"intranet, new UI");
    std::string broken = dir.write("review-broken.rules", text);
    Run r = fwlint("diff " + old_rules + " '" + broken + "'");
    INFO(r.out);
    CHECK(r.status == 2);  // not 0: the lost rule may be the change that matters
    CHECK(has(r, "review-broken.rules:21:119: error: unterminated quoted string"));  // on stderr
    CHECK(has(r, "0 newly allowed, 2 newly denied"));  // the diff itself is printed
    CHECK(has(r, "error: 1 input error (1 in " + broken + "): the diff covers only the lines that were read; exit 2"));
    // Newly allowed and broken: still 2, and it says that something is newly allowed too.
    text.replace(text.find("--dport 23 -j DROP"), 18, "--dport 23 -j ACCEPT");
    std::string both = dir.write("review-both.rules", text);
    Run b = fwlint("diff " + old_rules + " '" + both + "'");
    INFO(b.out);
    CHECK(b.status == 2);
    CHECK(has(b, "newly allowed: tcp"));
    CHECK(has(b, "exit 2 (something is also newly allowed)"));
    // JSON: the counts per side.
    auto doc = json_of(fwlint("diff --format json '" + both + "' " + old_rules));
    CHECK(doc["input_errors"]["old"] == 1);
    CHECK(doc["input_errors"]["new"] == 0);
    // Clean inputs: 0 errors on both sides, the exit codes as before.
    auto clean = json_of(fwlint("diff --format json " + old_rules + " " + new_rules));
    CHECK(clean["input_errors"]["old"] == 0);
    CHECK(clean["input_errors"]["new"] == 0);
}

TEST_CASE("diff --max-parts takes a count: negative or not a number is a usage error") {
    for (const char* bad : {"-3", "abc", "1.5"}) {
        Run r = fwlint(std::string("diff --max-parts ") + bad + " " + old_rules + " " + new_rules);
        INFO(bad << ": " << r.out);
        CHECK(r.status == 2);
        CHECK(has(r, "--max-parts"));
    }
    CHECK(fwlint("diff --max-parts 0 " + old_rules + " " + new_rules).status == 1);
}

// ---- Cisco: the flow through the ACLs of its path

namespace {
const std::string branch_before = "fixtures/cisco/branch-before.cfg";
}

TEST_CASE("query on a Cisco router follows the interface path and names the deciding entries") {
    expect("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10 --port 443", 0,
           {"path: STAFF-IN (in on GigabitEthernet0/0), DMZ-OUT (out on GigabitEthernet0/1)",
            "verdict: allowed",
            "by fixtures/cisco/branch-before.cfg:18: 10 permit tcp 10.40.0.0 0.0.255.255 host 172.16.8.10 eq 443",
            "by fixtures/cisco/branch-before.cfg:24: 10 permit tcp any host 172.16.8.10 eq www 443"});

    expect("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10 --port 22", 1,
           {"verdict: denied",
            "by fixtures/cisco/branch-before.cfg:21: 40 deny   ip any any log",
            "after lines 18, 19, 20 of STAFF-IN (none decided it)",
            "after lines 24, 25, 26 of DMZ-OUT (none decided it)",
            "ACL DMZ-OUT (out on GigabitEthernet0/1): denied (not reached: an earlier ACL of the path denies all of it)"});

    // A range: which part each entry allows.
    expect("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10-172.16.8.11 --port 80-443 --acl DMZ-OUT", 1,
           {"path: DMZ-OUT (named with --acl)",
            "verdict: partly allowed",
            "allowed: tcp 10.40.3.3 -> 172.16.8.10 ports 80,443",
            "allowed: tcp 10.40.3.3 -> 172.16.8.11 ports 443",
            "the implicit deny at the end of ACL DMZ-OUT"});
}

TEST_CASE("query on a Cisco router says when the path is unknown and answers ACL by ACL") {
    expect("query " + branch_before + " --from 192.0.2.7 --to 198.51.100.9 --port 443", 1,
           {"path: unknown (name the ACLs the flow crosses with --acl)",
            "verdict: unknown: the path is not known",
            "ACL STAFF-IN (path unknown: this ACL asked alone): denied",
            "ACL DMZ-OUT (path unknown: this ACL asked alone): denied"});

    Run j = fwlint("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10 --port 22 --format json");
    auto doc = json_of(j);
    CHECK(doc["verdict"] == "denied");
    CHECK(doc["path_known"] == true);
    REQUIRE(doc["acls"].size() == 2);
    CHECK(doc["acls"][0]["acl"] == "STAFF-IN");
    CHECK(doc["acls"][0]["parts"][0]["line"] == 21);
    CHECK(doc["acls"][0]["parts"][0]["passed_lines"] == nlohmann::json::array({18, 19, 20}));
    CHECK(doc["acls"][1]["parts"][0]["line"] == 27);

    CHECK(fwlint("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10 --acl NOPE").status == 2);
    // Options of the other families are refused, not ignored.
    CHECK(fwlint("query " + branch_before + " --from 10.40.3.3 --to 172.16.8.10 --profile public").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --direction out").status == 2);
    CHECK(fwlint("query " + new_rules + " --from 10.20.1.5 --to 10.0.1.30 --acl X").status == 2);
}

// ---- Windows: one direction and profile, by precedence

TEST_CASE("query on a Windows host: a block rule beats an allow rule, the profile default decides the rest") {
    expect("query fixtures/windows/fileserver-netsh.txt --from 10.30.1.7 --to 10.10.1.20 --port 445", 1,
           {"verdict: denied",
            "by fixtures/windows/fileserver-netsh.txt:35: block rule 'Block SMB from the guest network' (program System)",
            "overriding fixtures/windows/fileserver-netsh.txt:19: allow rule 'File and Printer Sharing (SMB-In)' (program System)"});

    expect("query fixtures/windows/fileserver-export.json --from 10.20.1.7 --to 10.10.1.20 --port 445,8443", 1,
           {"verdict: partly allowed",
            "allowed: tcp 10.20.1.7 -> 10.10.1.20 ports 445",
            "by fixtures/windows/fileserver-export.json:13: allow rule 'File and Printer Sharing (SMB-In)'",
            "the domain profile's default inbound action Block (assumed",
            "would be allowed by fixtures/windows/fileserver-export.json:35: allow rule 'Web admin (TCP-In)' (disabled)"});

    // SMB is allowed in the private profile too, RDP only in domain.
    CHECK(fwlint("query fixtures/windows/fileserver-netsh.txt --from 10.20.1.7 --to 10.10.1.20 --port 445 --profile private").status == 0);
    Run rdp = fwlint("query fixtures/windows/fileserver-netsh.txt --from 10.10.5.9 --to 10.10.1.20 --port 3389 --profile public --format json");
    auto doc = json_of(rdp);
    CHECK(doc["verdict"] == "denied");
    CHECK(doc["query"]["profile"] == "public");
    CHECK(doc["parts"][0]["policy"] == true);
    CHECK(fwlint("query fixtures/windows/fileserver-netsh.txt --from 10.10.5.9 --to 10.10.1.20 --port 3389").status == 0);
    // Outbound: the default allows.
    CHECK(fwlint("query fixtures/windows/fileserver-netsh.txt --from 10.10.1.20 --to 10.0.0.9 --port 88 --direction out").status == 0);
    CHECK(fwlint("query fixtures/windows/fileserver-netsh.txt --from 10.10.1.20 --to 10.0.0.9 --chain INPUT").status == 2);
}

TEST_CASE("diff of two Cisco configurations: a reorder changes nothing, an opened port exits 1") {
    Run same = expect("diff " + branch_before + " fixtures/cisco/branch-reordered.cfg", 0,
                      {"no change in what is allowed (cisco: ACL STAFF-IN, ACL DMZ-OUT)"});
    CHECK_FALSE(has(same, "newly"));

    expect("diff " + branch_before + " fixtures/cisco/branch-after.cfg", 1,
           {"ACL STAFF-IN: newly allowed: tcp 10.40.0.0/16 -> 172.16.8.10 ports 22",
            "accepted by fixtures/cisco/branch-after.cfg:19: 15 permit tcp",
            "was denied by fixtures/cisco/branch-before.cfg:21: 40 deny   ip any any log",
            "ACL DMZ-OUT: newly allowed: tcp 10.40.0.0/16 -> 172.16.8.10 ports 22",
            "ACL STAFF-IN: newly denied: udp 10.40.0.0/16 -> 172.16.8.53 ports 53",
            "2 newly allowed, 1 newly denied"});

    // IOS against ASA: the renamed list is paired with --acl OLD:NEW.
    Run cross = fwlint("diff " + branch_before + " fixtures/cisco/edge-asa-dmz.cfg --acl STAFF-IN:staff_access_in --format json");
    INFO(cross.out);
    CHECK(cross.status == 0);
    auto doc = json_of(cross);
    CHECK(doc["verdict"] == "unchanged");
    CHECK(doc["old_format"] == "cisco-ios");
    CHECK(doc["new_format"] == "cisco-asa");
    CHECK(doc["chains"][0] == "ACL STAFF-IN -> staff_access_in");
    expect("diff fixtures/cisco/edge-asa-dmz.cfg fixtures/cisco/branch-after.cfg --acl staff_access_in:STAFF-IN", 1,
           {"newly allowed: tcp 10.40.0.0/16 -> 172.16.8.10 ports 22"});
    CHECK(fwlint("diff " + branch_before + " fixtures/cisco/edge-asa-dmz.cfg --acl STAFF-IN:nope").status == 2);
    Run unpaired = fwlint("diff " + branch_before + " fixtures/cisco/edge-asa-dmz.cfg");
    CHECK(unpaired.status == 2);
    CHECK(has(unpaired, "no ACL name is in both files"));
}

TEST_CASE("diff of two Windows inputs of one host in different formats, and of different families") {
    expect("diff fixtures/windows/fileserver-netsh.txt fixtures/windows/fileserver-export.json", 0,
           {"no change in what is allowed (windows: 12 policies compared, inbound domain IPv4 ... outbound public IPv6)"});

    Run changed = fwlint("diff fixtures/windows/fileserver-export.json fixtures/windows/cep-server.txt --direction in --profile domain --format json");
    INFO(changed.out);
    auto doc = json_of(changed);
    CHECK(changed.status == 1);
    CHECK(doc["chains"].size() == 2);  // inbound domain, IPv4 and IPv6
    CHECK(doc["chains"][0] == "inbound domain IPv4");

    Run mixed = fwlint("diff " + old_rules + " fixtures/windows/fileserver-netsh.txt");
    CHECK(mixed.status == 2);
    CHECK(has(mixed, "diff compares two configurations of one family"));
    CHECK(fwlint("diff " + branch_before + " fixtures/windows/fileserver-netsh.txt").status == 2);
}

TEST_CASE("query from any to any answers for IPv4 and IPv6, each on its own") {
    const std::string edge = "fixtures/cisco/dual-stack-edge.cfg";
    // 443 to the DMZ host is open in both families; 25 only in IPv4.
    Run web = fwlint("query " + edge + " --from any --to any --port 443 --acl OUTSIDE-IN --acl OUTSIDE6-IN");
    INFO(web.out);
    CHECK(web.status == 2);  // no one family has both ACLs
    Run r = fwlint("query " + edge + " --from any --to any --port 25");
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(r.out.rfind("IPv4:\n", 0) == 0);
    CHECK(has(r, "\nIPv6:\n"));
    CHECK(has(r, "by " + edge + ":19: permit tcp any host 10.60.0.25 eq 25"));
    CHECK(has(r, "ACL OUTSIDE6-IN (in on GigabitEthernet0/0)"));
    Run j = fwlint("query " + edge + " --from any --to any --port 25 --format json");
    auto doc = json_of(j);
    CHECK(doc["verdict"] == "partial");
    REQUIRE(doc["families"].size() == 2);
    CHECK(doc["families"][0]["query"]["family"] == "IPv4");
    CHECK(doc["families"][1]["query"]["family"] == "IPv6");
    // An ACL of one family, or addresses of one family, ask that family only.
    Run acl6 = fwlint("query " + edge + " --from any --to any --port 443 --acl OUTSIDE6-IN");
    INFO(acl6.out);
    CHECK(acl6.status == 1);  // only the DMZ host's 443 is allowed
    CHECK(has(acl6, "path: OUTSIDE6-IN (named with --acl)"));
    CHECK_FALSE(has(acl6, "IPv4:"));
    Run v6 = fwlint("query " + edge + " --from any --to 2001:db8:60::25 --port 443 --acl OUTSIDE6-IN");
    INFO(v6.out);
    CHECK(v6.status == 0);
    CHECK(has(v6, "verdict: allowed"));
    CHECK_FALSE(has(v6, "IPv4"));
    Run v4 = fwlint("query " + edge + " --from 203.0.113.9 --to 10.60.0.25 --port 443 --format json");
    CHECK(json_of(v4)["query"]["family"] == "IPv4");
    // Windows: a rule without addresses is in both families' policies.
    Run w = fwlint("query fixtures/windows/fileserver-netsh.txt --from any --to any --port 445");
    INFO(w.out);
    CHECK(w.out.rfind("IPv4:\n", 0) == 0);
    CHECK(has(w, "\nIPv6:\n"));
}

TEST_CASE("diff across formats of one family: the same policy gives no change, a reviewed change exits 1") {
    // One Windows policy written four ways (rules reordered and renamed).
    const std::string w = "fixtures/windows/same-policy/web01.";
    for (const char* a : {"cmd", "ps1", "reg", "txt"})
        for (const char* b : {"cmd", "ps1", "reg", "txt"}) {
            Run r = fwlint("diff " + w + a + " " + w + b + " --format json");
            INFO(a << " against " << b << "\n" << r.out);
            CHECK(r.status == 0);
            auto doc = json_of(r);
            CHECK(doc["verdict"] == "unchanged");
            CHECK(doc["changes"].empty());
            CHECK(doc["chains"].size() == 12);
        }
    // One Cisco list on IOS, NX-OS (entries reordered) and ASA (objects, any4, another name).
    const std::string c = "fixtures/cisco/same-acl/edge-";
    expect("diff " + c + "ios.cfg " + c + "nxos.cfg", 0, {"no change in what is allowed (cisco: ACL INBOUND)"});
    expect("diff " + c + "ios.cfg " + c + "asa.cfg --acl INBOUND:outside_in", 0,
           {"no change in what is allowed (cisco: ACL INBOUND -> outside_in)"});
    expect("diff " + c + "asa.cfg " + c + "nxos.cfg --acl outside_in:INBOUND", 0, {"no change in what is allowed"});
    Run changed = expect("diff " + c + "asa.cfg " + c + "nxos-changed.cfg --acl outside_in:INBOUND", 1,
                         {"ACL outside_in -> INBOUND: newly allowed: tcp any -> 203.0.113.10 ports 22",
                          "accepted by " + c + "nxos-changed.cfg:8: 40 permit tcp any 203.0.113.10/32 eq 22",
                          "ACL outside_in -> INBOUND: newly denied: tcp any -> 203.0.113.25 ports 25",
                          "1 newly allowed, 1 newly denied"});
    auto doc = json_of(fwlint("diff " + c + "asa.cfg " + c + "nxos-changed.cfg --acl outside_in:INBOUND --format json"));
    CHECK(doc["newly_allowed"] == 1);
    CHECK(doc["newly_denied"] == 1);
    CHECK(doc["changes"][0]["now"][0]["line"] == 8);
    CHECK(doc["changes"][0]["before"][0]["text"].get<std::string>().find("deny ip any4 any4 log") != std::string::npos);
}

TEST_CASE("diff of files holding an iptables-save and an ip6tables-save compares each family") {
    // IPv4: two disjoint rules swapped (no change); IPv6: ssh opened to every source.
    Run r = expect("diff fixtures/iptables/dual-stack-old.rules fixtures/iptables/dual-stack-new.rules", 1,
                   {"INPUT (IPv6): newly allowed: tcp ", "ports 22",
                    "accepted by fixtures/iptables/dual-stack-new.rules:20: -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT",
                    "was denied by fixtures/iptables/dual-stack-old.rules:15: the INPUT policy (:INPUT DROP)",
                    "1 newly allowed, 0 newly denied (IPv4 and IPv6, chains INPUT, FORWARD, OUTPUT, INPUT (IPv6), "
                    "FORWARD (IPv6), OUTPUT (IPv6))"});
    CHECK_FALSE(has(r, "INPUT: newly"));  // the IPv4 reorder changes nothing
    auto doc = json_of(fwlint("diff fixtures/iptables/dual-stack-old.rules fixtures/iptables/dual-stack-new.rules --format json"));
    CHECK(doc["family"] == "IPv4 and IPv6");
    CHECK(doc["changes"].size() == 1);
    CHECK(doc["changes"][0]["chain"] == "INPUT (IPv6)");
    // Against an IPv4-only save: the IPv6 tables are named in a note, not compared.
    Run v4 = fwlint("diff fixtures/iptables/dual-stack-old.rules fixtures/iptables/host.rules");
    INFO(v4.out);
    CHECK(has(v4, "note: only fixtures/iptables/dual-stack-old.rules has IPv6 tables: its IPv6 rules are not compared"));
    CHECK_FALSE(has(v4, "(IPv6)"));
    expect("diff fixtures/iptables/dual-stack-old.rules fixtures/iptables/dual-stack-old.rules --chain INPUT", 0,
           {"no change in what is allowed (IPv4 and IPv6, chains INPUT, INPUT (IPv6))"});
}

TEST_CASE("query on a file holding an iptables-save and an ip6tables-save: any to any answers in both families") {
    Run both = expect("query fixtures/iptables/dual-stack-new.rules --from any --to any --port 20-30 --chain INPUT", 1,
                      {"IPv4:\nquery: tcp any -> any ports 20-30 in chain INPUT",
                       "allowed: tcp 192.0.2.0/24 -> any ports 22",
                       "IPv6:\nquery: tcp any -> any ports 20-30 in chain INPUT",
                       "allowed: tcp any -> any ports 22\n    by fixtures/iptables/dual-stack-new.rules:20:"});
    auto doc = json_of(fwlint("query fixtures/iptables/dual-stack-new.rules --from any --to any --port 22 --chain INPUT "
                              "--format json"));
    CHECK(doc["verdict"] == "partial");  // IPv6 allows ssh from anywhere, IPv4 from 192.0.2.0/24 only
    REQUIRE(doc["families"].size() == 2);
    CHECK(doc["families"][1]["verdict"] == "allowed");
    CHECK(doc["families"][1]["parts"][0]["line"] == 20);
    // An address of one family asks that family's table alone.
    Run v6 = expect("query fixtures/iptables/dual-stack-new.rules --from 2001:db8:99::1 --to any --port 22 --chain INPUT",
                    0, {"verdict: allowed"});
    CHECK_FALSE(has(v6, "IPv4:"));
    expect("query fixtures/iptables/dual-stack-new.rules --from 198.51.100.7 --to any --port 22 --chain INPUT", 1,
           {"denied: tcp 198.51.100.7 -> any ports 22"});
}

TEST_CASE("diff of a flipped zone-wide rule: a bounded summary with exact counts, JSON says it is cut") {
    const std::string zone_old = "fixtures/iptables/zone-mark-old.rules", zone_new = "fixtures/iptables/zone-mark-new.rules";
    Run r = expect("diff " + zone_old + " " + zone_new, 1,
                   {"FORWARD: newly allowed (depends on a condition): 164 parts, all within any protocol 10.60.0.0/16 "
                    "-> any (65,536 source and 4,294,967,296 destination addresses); the first 8: ",
                    "... and 156 more parts (--max-parts 0 lists all)",
                    "accepted by fixtures/iptables/zone-mark-new.rules:99: -A LAB -m mark --mark 0x2 -j ACCEPT"});
    CHECK(r.out.size() < 3000);

    // --max-parts 3: three parts.
    Run few = expect("diff --max-parts 3 " + zone_old + " " + zone_new, 1, {"the first 3: "});
    CHECK(has(few, "... and 161 more parts (--max-parts 0 lists all)"));

    Run j = fwlint("diff --format json " + zone_old + " " + zone_new);
    CHECK(j.status == 1);
    auto doc = json_of(j);
    REQUIRE(doc["changes"].size() == 2);
    CHECK(doc["changes"][0]["packets_parts"] == 164);
    CHECK(doc["changes"][0]["packets_truncated"] == true);
    CHECK(doc["changes"][1]["packets"] == "icmp 10.60.0.0/16 -> any type 8");
    CHECK(doc["changes"][1]["packets_parts"] == 1);
    CHECK(doc["changes"][1]["packets_truncated"] == false);

    Run whole = fwlint("diff --format json --max-parts 0 " + zone_old + " " + zone_new);
    auto all = json_of(whole);
    CHECK(all["changes"][0]["packets_truncated"] == false);
    CHECK(all["changes"][0]["packets"].get<std::string>().size() > 10000);
}
