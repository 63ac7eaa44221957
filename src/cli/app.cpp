#include "cli/app.hpp"

#include <cstdio>

namespace fwlint {

int run_cli(int, char**) {
    std::fputs("fwlint: the command line is not wired yet\n", stderr);
    return 2;
}

}  // namespace fwlint
