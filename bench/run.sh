#!/usr/bin/env bash
# Times `fwlint check` (full CES requirement audit, without and with the lint
# checks) beside `iptables-restore --test`
# on generated iptables-save files, and prints wall time and peak memory.
# Needs root for iptables-restore --test; installs Debian's iptables and time if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh iptables time
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFWLINT_BUILD_TESTS=OFF -DFWLINT_BUILD_BENCH=ON >/dev/null
cmake --build build-bench --target fwlint gen_iptables gen_asa >/dev/null
mkdir -p bench/out
sizes=${SIZES:-"50000 100000 200000"}
# Wall seconds are what a user sees; on a machine shared with other work compare the
# user CPU seconds (user_s) instead: they do not grow with the load.
measure() {  # prints "seconds peak_kib user_seconds" (time's last line: a failing command adds one before it)
  /usr/bin/time -f "%e %M %U" -o bench/out/time.txt "$@" >/dev/null 2>&1 || true
  tail -n 1 bench/out/time.txt
}
printf '%-8s %-18s %10s %10s %8s\n' rules tool seconds peak_MiB user_s
for n in $sizes; do
  f=bench/out/gen-$n.rules
  [ -f "$f" ] || ./build-bench/gen_iptables "$n" > "$f"
  audit=(--rules ces --role clients=10.100.0.0/16,10.101.0.0/16 --role ces=172.16.1.10
         --role dc=172.16.0.8/29 --role ca=172.16.2.5 --fail-on never)
  # The requirement audit alone (--no-lint), then with the lint checks too.
  read -r fs fk fu < <(measure ./build-bench/fwlint check --no-lint "${audit[@]}" "$f")
  awk -v n="$n" -v s="$fs" -v k="$fk" -v u="$fu" 'BEGIN { printf "%-8s %-18s %10.2f %10.1f %8.2f\n", n, "fwlint --no-lint", s, k / 1024, u }'
  read -r ls lk lu < <(measure ./build-bench/fwlint check "${audit[@]}" "$f")
  awk -v n="$n" -v s="$ls" -v k="$lk" -v u="$lu" 'BEGIN { printf "%-8s %-18s %10.2f %10.1f %8.2f\n", n, "fwlint (+ lint)", s, k / 1024, u }'
  if command -v iptables-restore >/dev/null; then
    read -r is ik iu < <(measure iptables-restore --test "$f")
    awk -v n="$n" -v s="$is" -v k="$ik" -v u="$iu" 'BEGIN { printf "%-8s %-18s %10.2f %10.1f %8.2f\n", n, "iptables-restore", s, k / 1024, u }'
    # The goal (issue 2) is for the default check, with the lints.
    awk -v a="$is" -v b="$ls" -v c="$ik" -v d="$lk" \
      'BEGIN { printf "         default check (+ lint): %.1fx faster, %.1fx less memory\n", a / (b > 0.01 ? b : 0.01), c / d }'
    awk -v a="$is" -v b="$fs" -v c="$ik" -v d="$fk" \
      'BEGIN { printf "         audit alone (--no-lint): %.1fx faster, %.1fx less memory\n", a / (b > 0.01 ? b : 0.01), c / d }'
  fi
done

# A generated Cisco ASA running-config (default 300,000 lines): reading alone,
# the CES audit along the interface path (--no-lint), then the full check with
# the lints, stopped after ASA_LINT_TIMEOUT seconds (default 300).
asa_lines=${ASA_LINES:-300000}
f=bench/out/gen-asa-$asa_lines.cfg
[ -f "$f" ] || ./build-bench/gen_asa "$asa_lines" > "$f"
asa_audit=(--rules ces --role clients=10.100.0.0/16 --role ces=172.16.1.10 --role dc=172.16.0.8/29
           --role ca=172.16.2.5 --fail-on never)
asa_row() {  # label seconds peak_kib
  awk -v n="$asa_lines" -v l="$1" -v s="$2" -v k="$3" 'BEGIN { printf "%-8s %-18s %10.2f %10.1f\n", n, l, s, k / 1024 }'
}
read -r rs rk _ < <(measure ./build-bench/fwlint check --no-lint --fail-on never "$f")
asa_row "fwlint asa read" "$rs" "$rk"
read -r bs bk _ < <(measure ./build-bench/fwlint check --no-lint "${asa_audit[@]}" "$f")
asa_row "fwlint asa --no-lint" "$bs" "$bk"
limit=${ASA_LINT_TIMEOUT:-300}
read -r as ak _ < <(measure timeout "$limit" ./build-bench/fwlint check "${asa_audit[@]}" "$f")
if awk -v s="$as" -v l="$limit" 'BEGIN { exit !(s >= l) }'; then
  printf '%-8s %-18s %10s\n' "$asa_lines" "fwlint asa (+lint)" "> ${limit} s (stopped)"
else
  asa_row "fwlint asa (+lint)" "$as" "$ak"
fi
