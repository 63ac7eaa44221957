#!/usr/bin/env bash
# Real `fwlint check --format sarif` output, validated against the SARIF 2.1.0
# schema in ../shared/schemas with Debian's python3-jsonschema.
# usage: sarif_schema_test.sh FWLINT_BINARY   (run from the repository root)
# Exit 77 (skipped) when the schema, python3 or its jsonschema module is missing.
set -euo pipefail
fwlint=$1
schema=../shared/schemas/sarif-schema-2.1.0.json
[ -f "$schema" ] || { echo "SKIP: $schema not found (../shared is absent)"; exit 77; }
# Debian's interpreter first: python3-jsonschema installs for it, not for others on PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || true)
[ -n "$python" ] || { echo "SKIP: python3 is not installed"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
roles=(--role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5)
run() {  # run OUT ARGS...: fwlint exits 0 or 1 (findings), never 2
  local out=$1; shift
  local status=0
  "$fwlint" check --format sarif "$@" > "$out" || status=$?
  if [ "$status" -gt 1 ]; then echo "fwlint check $* exited $status"; exit 1; fi
}
run "$tmp/gateway.sarif" --rules cep "${roles[@]}" fixtures/iptables/gateway.rules
run "$tmp/clean.sarif" --rules cep "${roles[@]}" fixtures/iptables/gateway-clean.rules
run "$tmp/syntax.sarif" fixtures/iptables/bad_input.rules fixtures/iptables/truncated.rules
run "$tmp/host.sarif" --rules ces --host ces fixtures/iptables/host.rules fixtures/iptables/host6.rules
# Every Windows format (netsh show and scripts, .reg, reg query), through the directory walk.
run "$tmp/windows.sarif" --rules cep fixtures/windows
# Suppressed findings: by comments (iptables, Cisco, netsh, PowerShell) and by a baseline.
run "$tmp/suppressed.sarif" fixtures/iptables/suppressions.rules fixtures/cisco/suppressions-ios.cfg \
  fixtures/windows/suppressions.cmd fixtures/windows/suppressions.ps1
grep -q '"kind": "inSource"' "$tmp/suppressed.sarif" || { echo "no inSource suppression"; exit 1; }
"$fwlint" check --write-baseline "$tmp/baseline.json" fixtures/iptables/wide-open.rules > /dev/null 2>&1
run "$tmp/baseline.sarif" --baseline "$tmp/baseline.json" fixtures/iptables/wide-open.rules
grep -q '"kind": "external"' "$tmp/baseline.sarif" || { echo "no external suppression"; exit 1; }
# A path outside the working directory (an absolute file: URI) with a space in its name.
cp fixtures/iptables/wide-open.rules "$tmp/wide open.rules"
run "$tmp/outside.sarif" "$tmp/wide open.rules"
grep -q '"uri": "file://.*/wide%20open.rules"' "$tmp/outside.sarif" || { echo "no percent-encoded file: URI"; exit 1; }
"$python" tests/report/validate_sarif.py "$schema" "$tmp"/*.sarif
