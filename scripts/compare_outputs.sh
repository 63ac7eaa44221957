#!/usr/bin/env bash
# Byte-compares what two fwlint binaries print (stdout, stderr, exit code) on
# every fixtures/* and ../shared/corpus/* file: `check --format json --fail-on
# never`, and a text check with the CES requirement set and roles (default
# --fail-on, so exit code 1 counts too). For performance work that must not
# change any output. Usage: scripts/compare_outputs.sh OLD_BINARY NEW_BINARY [EXTRA_FILE...]
# (extra files, e.g. bench/out/gen-200000.rules, are compared the same way).
set -uo pipefail
old=$1 new=$2
shift 2
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # binary outdir file
  local k
  k=$(printf '%s' "$3" | tr '/.' '__')
  local lint=()
  # The lints take minutes on this registry export: the audit alone is compared.
  case "$3" in *gorstak_Firewall.reg) lint=(--no-lint) ;; esac
  timeout 300 "$1" check --format json --fail-on never "${lint[@]}" "$3" >"$2/$k.json" 2>"$2/$k.json.err"
  echo "exit $?" >>"$2/$k.json.err"
  timeout 300 "$1" check "${lint[@]}" --rules ces --role clients=10.0.0.0/8,10.100.0.0/16 --role ces=172.16.1.10 \
    --role dc=172.16.0.8/29 --role ca=172.16.2.5 "$3" >"$2/$k.txt" 2>"$2/$k.txt.err"
  echo "exit $?" >>"$2/$k.txt.err"
}
mkdir -p "$work/old" "$work/new"
files=()
while IFS= read -r f; do files+=("$f"); done < <(
  find fixtures ../shared/corpus -type f ! -name MANIFEST.tsv ! -name README.md 2>/dev/null | sort)
files+=("$@")
for f in "${files[@]}"; do
  run "$old" "$work/old" "$f"
  run "$new" "$work/new" "$f"
done
if diff -r "$work/old" "$work/new" >"$work/diff.txt"; then
  echo "same output on ${#files[@]} files"
else
  head -n 60 "$work/diff.txt"
  echo "DIFFERENT output (above)"
  exit 1
fi
