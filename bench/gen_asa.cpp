// Writes a deterministic Cisco ASA running-config of about N lines (default
// 300,000): interfaces with nameif and addresses, names, network and service
// objects, nested object-groups, port groups, and interface ACLs of mixed
// entries (hosts, netmasks, objects, groups, port names, ranges, remarks,
// inactive entries, log options), bound with access-group, plus a global ACL.
// Usage: gen_asa [N] > file
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace {

// A small deterministic generator (xorshift), so the file is the same on every run.
struct Random {
    unsigned long long s = 0x9E3779B97F4A7C15ull;
    unsigned next(unsigned n) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return unsigned(s % n);
    }
};

}  // namespace

int main(int argc, char** argv) {
    long target = argc > 1 ? std::atol(argv[1]) : 300000;
    Random rnd;
    std::string out;
    long lines = 0;
    auto line = [&](const std::string& l) {
        out += l;
        out += '\n';
        ++lines;
    };
    line(": Saved");
    line("ASA Version 9.16(4)");
    line("hostname BENCH-ASA");
    const char* ifs[][3] = {{"outside", "203.0.113.2", "255.255.255.0"}, {"inside", "10.100.0.1", "255.254.0.0"},
                            {"dmz", "172.16.1.1", "255.255.255.0"},       {"servers", "172.16.0.1", "255.255.255.0"},
                            {"pki", "172.16.2.1", "255.255.255.0"}};
    for (int i = 0; i < 5; ++i) {
        line(fmt::format("interface GigabitEthernet0/{}", i));
        line(fmt::format(" nameif {}", ifs[i][0]));
        line(fmt::format(" security-level {}", i * 20));
        line(fmt::format(" ip address {} {}", ifs[i][1], ifs[i][2]));
    }
    line("names");
    long names = target / 300;
    for (long i = 0; i < names; ++i) line(fmt::format("name 10.{}.{}.{} host-{}", 100 + i % 2, i / 250 % 256, 1 + i % 250, i));
    long objects = target / 60;
    for (long i = 0; i < objects; ++i) {
        line(fmt::format("object network OBJ-{}", i));
        if (i % 3 == 0)
            line(fmt::format(" subnet 10.{}.{}.0 255.255.255.0", 100 + i % 2, i % 256));
        else if (i % 3 == 1)
            line(fmt::format(" host 172.16.{}.{}", i % 3, 1 + i % 250));
        else
            line(fmt::format(" range 10.101.{}.1 10.101.{}.20", i % 256, i % 256));
    }
    const char* ports[] = {"www", "https", "ssh", "domain", "ldap", "ldaps", "445", "3389", "8443", "135"};
    long services = 200;
    for (long i = 0; i < services; ++i) {
        line(fmt::format("object-group service SVC-{} tcp", i));
        for (int k = 0; k < 4; ++k) line(fmt::format(" port-object eq {}", ports[rnd.next(10)]));
        line(fmt::format(" port-object range {} {}", 8000 + i, 8010 + i));
    }
    long groups = target / 150;
    for (long i = 0; i < groups; ++i) {
        line(fmt::format("object-group network GRP-{}", i));
        line(fmt::format(" description generated group {}", i));
        for (int k = 0; k < 6; ++k) line(fmt::format(" network-object object OBJ-{}", rnd.next(unsigned(objects))));
        line(fmt::format(" network-object 10.{}.{}.0 255.255.255.128", 100 + i % 2, i % 256));
        if (i > 0) line(fmt::format(" group-object GRP-{}", rnd.next(unsigned(i))));
    }
    const char* acls[] = {"OUTSIDE_IN", "INSIDE_IN", "DMZ_IN", "SERVERS_IN", "PKI_IN"};
    long per_acl = (target - lines - 20) / 5;
    for (int a = 0; a < 5; ++a) {
        std::string name = acls[a];
        for (long i = 0; i < per_acl; ++i) {
            unsigned kind = rnd.next(20);
            std::string src, dst, svc;
            switch (rnd.next(4)) {
                case 0: src = fmt::format("host 10.{}.{}.{}", 100 + rnd.next(2), rnd.next(256), 1 + rnd.next(250)); break;
                case 1: src = fmt::format("10.{}.{}.0 255.255.255.0", 100 + rnd.next(2), rnd.next(256)); break;
                case 2: src = fmt::format("object OBJ-{}", rnd.next(unsigned(objects))); break;
                default: src = fmt::format("object-group GRP-{}", rnd.next(unsigned(groups))); break;
            }
            switch (rnd.next(4)) {
                case 0: dst = fmt::format("host 172.16.{}.{}", rnd.next(3), 1 + rnd.next(250)); break;
                case 1: dst = fmt::format("host-{}", rnd.next(unsigned(names))); dst = "host " + dst; break;
                case 2: dst = fmt::format("object OBJ-{}", rnd.next(unsigned(objects))); break;
                default: dst = fmt::format("172.16.{}.0 255.255.255.0", rnd.next(3)); break;
            }
            switch (rnd.next(5)) {
                case 0: svc = fmt::format("eq {}", ports[rnd.next(10)]); break;
                case 1: svc = fmt::format("range {} {}", 1024 + rnd.next(1000), 3000 + rnd.next(1000)); break;
                case 2: svc = fmt::format("object-group SVC-{}", rnd.next(unsigned(services))); break;
                case 3: svc = fmt::format("gt {}", 1023 + rnd.next(40000)); break;
                default: svc = "eq 443"; break;
            }
            if (kind == 0) {
                line(fmt::format("access-list {} remark change {} of rule {}", name, rnd.next(9999), i));
                continue;
            }
            const char* proto = rnd.next(8) == 0 ? "udp" : "tcp";
            if (proto[0] == 'u') svc = rnd.next(2) ? "eq domain" : "eq ntp";
            std::string extra = kind == 1 ? " log 6 interval 300" : kind == 2 ? " inactive" : "";
            line(fmt::format("access-list {} extended {} {} {} {} {}{}", name, kind == 3 ? "deny" : "permit", proto,
                             src, dst, svc, extra));
        }
        line(fmt::format("access-list {} extended deny ip any any log", name));
        line(fmt::format("access-group {} in interface {}", name, ifs[a][0]));
    }
    line("access-list GLOBAL extended permit udp any4 any4 eq ntp");
    line("access-group GLOBAL global");
    line(": end");
    std::fputs(out.c_str(), stdout);
    return 0;
}
