#include "analyze/exposure.hpp"

#include <ctime>

#include "analyze/exposure_chain.hpp"

namespace fwlint {

const std::vector<RiskyService>& risky_services() {
    static const std::vector<RiskyService> services = {
        {"FTP", proto_tcp, 21, 21},
        {"telnet", proto_tcp, 23, 23},
        {"Kerberos", proto_tcp, 88, 88},
        {"Kerberos", proto_udp, 88, 88},
        {"RPC endpoint mapper", proto_tcp, 135, 135},
        {"NetBIOS", proto_tcp, 137, 139},
        {"NetBIOS", proto_udp, 137, 139},
        {"SNMP", proto_udp, 161, 162},
        {"LDAP", proto_tcp, 389, 389},
        {"LDAP", proto_udp, 389, 389},
        {"SMB", proto_tcp, 445, 445},
        {"LDAPS", proto_tcp, 636, 636},
        {"MSSQL", proto_tcp, 1433, 1433},
        {"Global Catalog", proto_tcp, 3268, 3269},
        {"MySQL", proto_tcp, 3306, 3306},
        {"RDP", proto_tcp, 3389, 3389},
        {"RDP", proto_udp, 3389, 3389},
        {"PostgreSQL", proto_tcp, 5432, 5432},
        {"VNC", proto_tcp, 5900, 5900},
        {"WinRM", proto_tcp, 5985, 5986},
        {"Redis", proto_tcp, 6379, 6379},
        {"MongoDB", proto_tcp, 27017, 27017},
    };
    return services;
}

using exposure_detail::ChainExposure;

double exposure_detail::thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

PacketSet any_source_part(const PacketSet& packets, Family f) { return exposure_detail::universal_part(packets, f, {src_dim}); }

std::vector<Exposure> find_exposures(const Policy& policy, u128 max_open_ports) {
    std::vector<const Chain*> entries;
    for (const char* name : {"INPUT", "FORWARD"}) {
        const Chain* chain = policy.find_chain(name);
        if (chain && chain->builtin) entries.push_back(chain);
    }
    return find_exposures(policy, entries, max_open_ports);
}

std::vector<Exposure> find_exposures(const Policy& policy, const std::vector<const Chain*>& entries,
                                     u128 max_open_ports, ExposureCost* cost) {
    std::vector<Exposure> out;
    for (const Chain* chain : entries) ChainExposure(policy, *chain, max_open_ports, out, false, cost).run();
    return out;
}

std::vector<Exposure> find_exposures_reference(const Policy& policy, const std::vector<const Chain*>& entries,
                                               u128 max_open_ports) {
    std::vector<Exposure> out;
    for (const Chain* chain : entries) ChainExposure(policy, *chain, max_open_ports, out, true).run();
    return out;
}

}  // namespace fwlint
