// Writes the deterministic N-rule iptables-save file of generate_rules.hpp.
// Usage: gen_iptables N > file
#include <cstdio>
#include <cstdlib>

#include "bench/generate_rules.hpp"

int main(int argc, char** argv) {
    long n = argc > 1 ? std::atol(argv[1]) : 200000;
    std::fputs(fwlint::bench::generate_iptables_save(n).c_str(), stdout);
    return 0;
}
