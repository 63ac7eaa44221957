#!/usr/bin/env bash
# Times `fwlint check` on a generated Windows registry export (a .reg of the
# FirewallRules key, like a hardened host's: mostly single-address block
# lists, then port allows, program-scoped allows, block ranges, duplicates
# and allows that blocks override), read alone (--no-lint) and with the lint
# checks (FW104/FW202 on Windows: analyze/windows_cover.hpp). Prints user CPU
# seconds (compare these on a shared machine), wall seconds and peak memory.
#   bench/windows_reg.sh            # 20,000 rules
#   RULES="5000 20000 50000" bench/windows_reg.sh
#   FWLINT=build/fwlint bench/windows_reg.sh   # an existing binary
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FWLINT:-}" ]; then
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFWLINT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-bench --target fwlint >/dev/null
  FWLINT=build-bench/fwlint
fi
mkdir -p bench/out

generate() {  # rules -> .reg text on stdout (deterministic)
  awk -v n="$1" 'BEGIN {
    srand(7);
    printf "Windows Registry Editor Version 5.00\r\n\r\n";
    printf "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]\r\n";
    split("Domain Private Public", prof, " ");
    for (i = 0; i < n; i++) {
      k = rand();
      dir = rand() < 0.5 ? "In" : "Out";
      ip = sprintf("%d.%d.%d.%d", 1 + int(rand() * 222), int(rand() * 256), int(rand() * 256), 1 + int(rand() * 254));
      if (k < 0.55) {           # one malicious address blocked
        body = sprintf("Action=Block|Active=TRUE|Dir=%s|RA4=%s|Name=Block %s|", dir, ip, ip);
      } else if (k < 0.65) {    # a block of a network, sometimes for some ports
        net = sprintf("%d.%d.0.0/255.255.0.0", 1 + int(rand() * 222), int(rand() * 256));
        body = sprintf("Action=Block|Active=TRUE|Dir=%s|RA4=%s|Name=Block net %d|", dir, net, i);
        if (rand() < 0.3) body = sprintf("Action=Block|Active=TRUE|Dir=%s|Protocol=6|RPort=%d|RA4=%s|Name=Block net %d|", dir, 1 + int(rand() * 1024), net, i);
      } else if (k < 0.85) {    # a port allow, in one or two profiles
        p = prof[1 + int(rand() * 3)];
        body = sprintf("Action=Allow|Active=%s|Dir=In|Protocol=%d|Profile=%s|LPort=%d|LPort2_10=%d-%d|RA4=10.%d.0.0/255.255.0.0|Name=Service %d|",
                       rand() < 0.9 ? "TRUE" : "FALSE", rand() < 0.7 ? 6 : 17, p, 1 + int(rand() * 10000),
                       20000 + int(rand() * 100), 20100 + int(rand() * 100), int(rand() * 256), i);
      } else if (k < 0.93) {    # a program-scoped allow
        body = sprintf("Action=Allow|Active=TRUE|Dir=Out|Protocol=6|RPort=443|App=C:\\\\Program Files\\\\App%d\\\\app.exe|Name=App %d|", i % 500, i);
      } else if (k < 0.97) {    # the same address blocked again (FW202)
        body = sprintf("Action=Block|Active=TRUE|Dir=Out|RA4=%s|Name=Block %s again|", last_ip, last_ip);
      } else {                  # an allow a block overrides (FW104)
        body = sprintf("Action=Allow|Active=TRUE|Dir=Out|Protocol=6|RPort=443|RA4=%s|Name=Allow %s|", last_ip, last_ip);
      }
      if (k < 0.55) last_ip = ip;
      printf "\"{bench-%08d}\"=\"v2.33|%s\"\r\n", i, body;
    }
  }'
}

measure() {  # prints "user_s wall_s peak_kib" (time's last line)
  /usr/bin/time -f "%U %e %M" -o bench/out/time.txt "$@" >/dev/null 2>&1 || true
  tail -n 1 bench/out/time.txt
}

printf '%-8s %-22s %8s %8s %10s\n' rules run user_s wall_s peak_MiB
for n in ${RULES:-20000}; do
  f=bench/out/gen-winreg-$n.reg
  [ -f "$f" ] || generate "$n" > "$f"
  for mode in --no-lint lint; do
    args=(check --fail-on never)
    [ "$mode" = --no-lint ] && args+=(--no-lint)
    read -r u e k < <(measure "$FWLINT" "${args[@]}" "$f")
    awk -v n="$n" -v m="fwlint $mode" -v u="$u" -v e="$e" -v k="$k" \
      'BEGIN { printf "%-8s %-22s %8.2f %8.2f %10.1f\n", n, m, u, e, k / 1024 }'
  done
done
