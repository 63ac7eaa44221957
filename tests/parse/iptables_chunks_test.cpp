// Large inputs are read in chunks on several threads (parse_iptables_save
// with chunk_bytes); the result must be exactly that of one reading in line
// order: same rules in the same chains, same diagnostics in the same order.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "parse/input.hpp"
#include "parse/iptables.hpp"

using namespace fwlint;
namespace fs = std::filesystem;

namespace {

void require_same(const ParsedInput& a, const ParsedInput& b) {
    REQUIRE(a.format == b.format);
    REQUIRE(a.diagnostics.size() == b.diagnostics.size());
    for (std::size_t i = 0; i < a.diagnostics.size(); ++i) {
        INFO("diagnostic " << i);
        CHECK(a.diagnostics[i].loc == b.diagnostics[i].loc);
        CHECK(a.diagnostics[i].severity == b.diagnostics[i].severity);
        CHECK(a.diagnostics[i].message == b.diagnostics[i].message);
    }
    REQUIRE(a.suppressions.size() == b.suppressions.size());
    for (std::size_t i = 0; i < a.suppressions.size(); ++i) {
        CHECK(a.suppressions[i].loc == b.suppressions[i].loc);
        CHECK(a.suppressions[i].checks == b.suppressions[i].checks);
        CHECK(a.suppressions[i].reason == b.suppressions[i].reason);
    }
    REQUIRE(a.policies.size() == b.policies.size());
    for (std::size_t p = 0; p < a.policies.size(); ++p) {
        const Policy& pa = a.policies[p];
        const Policy& pb = b.policies[p];
        REQUIRE(pa.name == pb.name);
        REQUIRE(pa.family == pb.family);
        REQUIRE(pa.chains.size() == pb.chains.size());
        for (std::size_t c = 0; c < pa.chains.size(); ++c) {
            const Chain& ca = pa.chains[c];
            const Chain& cb = pb.chains[c];
            REQUIRE(ca.name == cb.name);
            CHECK(ca.loc == cb.loc);
            CHECK(ca.policy == cb.policy);
            REQUIRE(ca.rules.size() == cb.rules.size());
            for (std::size_t r = 0; r < ca.rules.size(); ++r) {
                const Rule& ra = ca.rules[r];
                const Rule& rb = cb.rules[r];
                INFO(ra.text);
                CHECK(ra.loc == rb.loc);
                CHECK(ra.text == rb.text);
                CHECK(ra.chain == rb.chain);
                CHECK(ra.action == rb.action);
                CHECK(ra.target == rb.target);
                CHECK(ra.target_options == rb.target_options);
                CHECK(ra.match == rb.match);
                CHECK(ra.new_flows == rb.new_flows);
                CHECK(ra.states == rb.states);
                CHECK(ra.comment == rb.comment);
                REQUIRE(ra.conditions.size() == rb.conditions.size());
                for (std::size_t k = 0; k < ra.conditions.size(); ++k) CHECK(ra.conditions[k].text == rb.conditions[k].text);
            }
        }
    }
}

void require_chunks_change_nothing(const std::string& text, const std::string& name) {
    auto source = std::make_shared<const std::string>(text);
    ParsedInput in_order = parse_iptables_save(source, name, 0);
    for (std::size_t chunk : {std::size_t(1), std::size_t(97), std::size_t(4096)}) {
        INFO(name << " in chunks of " << chunk << " bytes");
        require_same(in_order, parse_iptables_save(source, name, chunk));
    }
}

// A rule set with something of everything the reader treats specially:
// inserts at positions, undeclared chains, user chains and jumps, a loop,
// bad and unknown options, truncated and junk lines, rules outside a table,
// two tables, CRLF line ends and comments.
std::string varied_rules(const std::string& header, bool v6) {
    std::ostringstream s;
    s << header;
    s << "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\r\n:OUTPUT ACCEPT [0:0]\n:WEB - [0:0]\n:LOOP - [0:0]\n";
    const std::string net = v6 ? "2001:db8:" : "10.1.";
    for (int i = 0; i < 400; ++i) {
        const std::string host = v6 ? fmt::format("2001:db8::{:x}/128", i + 1) : fmt::format("10.1.{}.{}/32", i / 250, i % 250 + 1);
        switch (i % 13) {
            case 0: s << "-A INPUT -s " << host << " -p tcp -m tcp --dport " << 1000 + i << " -j ACCEPT\n"; break;
            case 1: s << "-A FORWARD -d " << host << " -p udp -m multiport --dports 53,123," << 2000 + i << " -j WEB\r\n"; break;
            case 2: s << "-I INPUT " << i % 7 << " -p tcp --dport " << i << " -j DROP\n"; break;
            case 3: s << "-A WEB -m conntrack --ctstate NEW -p tcp -m tcp --dport 443 -m comment --comment \"web " << i << "\" -j ACCEPT\n"; break;
            case 4: s << "-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT\n"; break;  // bad port
            case 5: s << "-A INPUT -m frobnicate --wibble " << i << " -j ACCEPT\n"; break;  // unknown module
            case 6: s << "-A INPUT -p tcp -m tcp --dport\n"; break;  // truncated
            case 7: s << "-A UNDECLARED" << i % 3 << " -j RETURN\n"; break;
            case 8: s << "\x01\x02 junk \xff\xfe line " << i << "\n"; break;
            case 9: s << "# a comment " << i << "\n# fwlint: ignore FW201 kept " << i << "\n-A WEB -i eth0 -s " << net << "0::/32 -j REJECT --reject-with tcp-reset\n"; break;
            case 10: s << "-A LOOP -j LOOP\n"; break;
            case 11: s << "-A OUTPUT ! -d " << host << " -g WEB\n"; break;
            case 12: s << "-A INPUT -m set --match-set blocklist src -j DROP\n\n"; break;
        }
    }
    s << "COMMIT\n-A INPUT -j ACCEPT\n*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination "
      << (v6 ? "[2001:db8::1]:8080" : "10.1.0.1:8080") << "\n";  // no COMMIT at the end
    return s.str();
}

}  // namespace

TEST_CASE("iptables chunks: reading in chunks gives the result of reading in order", "[iptables][chunks]") {
    require_chunks_change_nothing(varied_rules("# Generated by iptables-save v1.8.9\n", false), "v4.rules");
    require_chunks_change_nothing(varied_rules("# Generated by ip6tables-save v1.8.9\n", true), "v6.rules");
    // No header: the family comes from the addresses, counted over every chunk.
    require_chunks_change_nothing(varied_rules("", false), "bare-v4.rules");
    require_chunks_change_nothing(varied_rules("", true), "bare-v6.rules");
    require_chunks_change_nothing("\xEF\xBB\xBF" + varied_rules("", false), "bom.rules");
}

TEST_CASE("iptables chunks: the family evidence is counted across chunks", "[iptables][chunks]") {
    auto source = std::make_shared<const std::string>(varied_rules("", true));
    ParsedInput in = parse_iptables_save(source, "bare-v6.rules", 97);
    CHECK(in.format == "ip6tables-save");
    REQUIRE_FALSE(in.policies.empty());
    CHECK(in.policies.front().family == Family::v6);
}

TEST_CASE("iptables chunks: every corpus file reads the same in chunks", "[iptables][chunks][corpus]") {
    const fs::path dir = FWLINT_SOURCE_DIR "/../shared/corpus/iptables";
    if (!fs::is_directory(dir)) {
        WARN("no corpus at " << dir.string() << ": skipped");
        return;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    for (const auto& f : files) {
        std::string error;
        auto bytes = read_file_bytes(f.string(), error);
        REQUIRE(bytes);
        require_chunks_change_nothing(decode_text(std::move(*bytes)).text, f.filename().string());
    }
}
