#include "cli/app.hpp"

int main(int argc, char** argv) { return fwlint::run_cli(argc, argv); }
