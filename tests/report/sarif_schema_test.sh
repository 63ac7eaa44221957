#!/usr/bin/env bash
# Real `fwlint check --format sarif` output, checked against what GitHub code
# scanning documents for uploads (tests/report/check_github_sarif.py), the
# workflow snippets of README.md and docs/reports.md against the documented
# upload-sarif action (their fwlint command is run on a copy of the fixtures),
# and validated against the SARIF 2.1.0 schema in ../shared/schemas with
# Debian's python3-jsonschema.
# usage: sarif_schema_test.sh FWLINT_BINARY   (run from the repository root)
# Exit 77 (skipped) when python3 is missing; the schema part is skipped (and
# said so) without ../shared or python3-jsonschema, the snippet part without
# python3-yaml.
set -euo pipefail
fwlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
schema=../shared/schemas/sarif-schema-2.1.0.json
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
# Every Cisco dialect (IOS, ASA, NX-OS).
run "$tmp/cisco.sarif" --rules cep --role cep=10.0.1.10 fixtures/cisco
# Suppressed findings: by comments (iptables, Cisco, netsh, PowerShell) and by a baseline.
run "$tmp/suppressed.sarif" fixtures/iptables/suppressions.rules fixtures/cisco/suppressions-ios.cfg \
  fixtures/windows/suppressions.cmd fixtures/windows/suppressions.ps1
grep -q '"kind": "inSource"' "$tmp/suppressed.sarif" || { echo "no inSource suppression"; exit 1; }
"$fwlint" check --write-baseline "$tmp/baseline.json" fixtures/iptables/wide-open.rules > /dev/null 2>&1
run "$tmp/baseline.sarif" --baseline "$tmp/baseline.json" fixtures/iptables/wide-open.rules
grep -q '"kind": "external"' "$tmp/baseline.sarif" || { echo "no external suppression"; exit 1; }

# GitHub's documented upload rules, on every file whose paths are the repository's.
"$python" tests/report/check_github_sarif.py "$PWD" "$tmp"/*.sarif
# The checker refuses what GitHub refuses, or a pass above would mean nothing.
"$python" - "$tmp/gateway.sarif" "$tmp/broken.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
results = doc["runs"][0]["results"]
del results[0]["partialFingerprints"]["primaryLocationLineHash"]
results[1]["ruleId"] = "FW999"
results[2]["locations"][0]["physicalLocation"]["region"]["endColumn"] = 100000
del doc["runs"][0]["originalUriBaseIds"]
json.dump(doc, open(sys.argv[2], "w"))
PY
if "$python" tests/report/check_github_sarif.py "$PWD" "$tmp/broken.sarif" > "$tmp/broken.out"; then
  echo "check_github_sarif.py accepted a broken file"; exit 1
fi
for what in primaryLocationLineHash FW999 "do not fit" originalUriBaseIds; do
  grep -q "$what" "$tmp/broken.out" || { echo "check_github_sarif.py missed: $what"; cat "$tmp/broken.out"; exit 1; }
done
rm "$tmp/broken.sarif"

# A path outside the working directory (an absolute file: URI) with a space in its name.
cp fixtures/iptables/wide-open.rules "$tmp/wide open.rules"
run "$tmp/outside.sarif" "$tmp/wide open.rules"
grep -q '"uri": "file://.*/wide%20open.rules"' "$tmp/outside.sarif" || { echo "no percent-encoded file: URI"; exit 1; }

# The workflow snippets: the action as GitHub documents it, and their fwlint
# command run in a repository of firewall configs, its SARIF checked as above.
status=0
"$python" tests/report/check_workflow_snippets.py README.md docs/reports.md > "$tmp/commands" || status=$?
if [ "$status" -eq 77 ]; then
  echo "workflow snippets: SKIP (python3-yaml is not installed)"
elif [ "$status" -ne 0 ]; then
  exit 1
else
  repo="$tmp/firewall-repo"
  mkdir -p "$repo/firewall/windows"
  cp fixtures/iptables/gateway.rules fixtures/iptables/host6.rules fixtures/cisco/branch-before.cfg "$repo/firewall/"
  cp fixtures/windows/suppressions.cmd "$repo/firewall/windows/"
  while read -r command; do
    mapfile -t args < <("$python" -c 'import json, sys; print("\n".join(json.loads(sys.argv[1])[1:]))' "$command")
    (cd "$repo" && "$fwlint" "${args[@]}") || { echo "the snippet's command failed: $command"; exit 1; }
    "$python" tests/report/check_github_sarif.py "$repo" "$repo/fwlint.sarif"
    rm "$repo/fwlint.sarif"
  done < "$tmp/commands"
fi

[ -f "$schema" ] || { echo "schema validation: SKIP ($schema not found: ../shared is absent)"; exit 0; }
status=0
"$python" tests/report/validate_sarif.py "$schema" "$tmp"/*.sarif || status=$?
[ "$status" -eq 77 ] && { echo "schema validation: SKIP (python3-jsonschema is not installed)"; exit 0; }
exit "$status"
