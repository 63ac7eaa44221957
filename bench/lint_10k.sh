#!/usr/bin/env bash
# Issue 5's goal, "a 10,000-rule policy analysed in under a second": every
# lint check (FW201-FW207, and the others `check` runs) on generated
# 10,000-rule iptables, Cisco ASA and Windows policies. For each file:
#   - bench/lint_time: CPU seconds of reading, of all lints (lint_policy on one
#     thread) and of FW203-FW207 by part (minimum of 3 runs, this thread's CPU
#     time, so the figures hold on a loaded machine);
#   - `fwlint check --fail-on never FILE`: user CPU and wall seconds of the
#     whole default check (reading, the lints, on the cores it uses).
#   bench/lint_10k.sh                    # builds build-bench (Release) first
#   BUILD=build-rel bench/lint_10k.sh    # an existing build dir with FWLINT_BUILD_BENCH=ON
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-bench}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFWLINT_BUILD_TESTS=OFF -DFWLINT_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target fwlint gen_iptables gen_asa lint_time >/dev/null
mkdir -p bench/out
# iptables: 10,000 rules in zone chains reached from FORWARD (generate_rules.hpp).
[ -f bench/out/gen-10000.rules ] || "$BUILD/gen_iptables" 10000 > bench/out/gen-10000.rules
# ASA: 12,000 lines hold five ACLs of about 2,000 entries (10,000 rules in the
# file); 61,000 lines hold five of about 10,000 each (each ACL is a policy).
[ -f bench/out/gen-asa-12000.cfg ] || "$BUILD/gen_asa" 12000 > bench/out/gen-asa-12000.cfg
[ -f bench/out/gen-asa-61000.cfg ] || "$BUILD/gen_asa" 61000 > bench/out/gen-asa-61000.cfg
# Windows: a 10,000-rule registry export (bench/windows_reg.sh's generator).
[ -f bench/out/gen-winreg-10000.reg ] || RULES=10000 FWLINT="$BUILD/fwlint" bash bench/windows_reg.sh >/dev/null
files=(bench/out/gen-10000.rules bench/out/gen-asa-12000.cfg bench/out/gen-asa-61000.cfg bench/out/gen-winreg-10000.reg)
"$BUILD/lint_time" --repeat 3 "${files[@]}"
echo
printf '%-34s %8s %8s\n' "fwlint check (default)" user_s wall_s
for f in "${files[@]}"; do
  /usr/bin/time -f "%U %e" -o bench/out/time.txt "$BUILD/fwlint" check --fail-on never "$f" >/dev/null 2>&1 || true
  read -r u e < <(tail -n 1 bench/out/time.txt)
  printf '%-34s %8.2f %8.2f\n' "$(basename "$f")" "$u" "$e"
done
