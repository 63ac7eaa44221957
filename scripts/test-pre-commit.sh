#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) as a firewall repository uses
# it: a temporary git repository with a .pre-commit-config.yaml pointing at
# (a copy of) this repository's hook definition, `pre-commit install`, then a
# commit of a broken config must be refused and a commit of a clean one must
# pass. Needs Debian's pre-commit (scripts/install-deps.sh tries to install it);
# without it the test is skipped (exit 77, ctest reports it as skipped).
# Usage: scripts/test-pre-commit.sh DIR_WITH_FWLINT   (ctest: pre_commit_hook)
set -euo pipefail
bindir=$(cd "${1:?usage: test-pre-commit.sh DIR_WITH_FWLINT}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v pre-commit >/dev/null || ! command -v git >/dev/null; then
    echo "test-pre-commit: SKIP: pre-commit or git is not installed (apt install pre-commit)" >&2
    exit 77
fi
[ -x "$bindir/fwlint" ] || { echo "test-pre-commit: no fwlint in $bindir" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-pre-commit: FAIL: $*" >&2; exit 1; }
export PATH="$bindir:$PATH" PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home" NO_COLOR=1
mkdir -p "$HOME"
git config --global user.name "fwlint test"
git config --global user.email "fwlint-test@example.invalid"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# The hook repository: this working tree's .pre-commit-hooks.yaml, committed.
mkdir "$tmp/hooks"
cp "$src/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" init -q
git -C "$tmp/hooks" add .pre-commit-hooks.yaml
git -C "$tmp/hooks" commit -qm hooks
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

# The firewall repository.
repo="$tmp/firewalls"
mkdir -p "$repo/site"
git -C "$repo" init -q
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: fwlint
YAML
cat >"$repo/README.md" <<'MD'
Firewall exports of the site.
MD
cat >"$repo/setup.cfg" <<'CFG'
[metadata]
name = not-a-firewall
CFG
git -C "$repo" add .pre-commit-config.yaml README.md setup.cfg
(cd "$repo" && pre-commit install >/dev/null) || fail "pre-commit install failed"
# README.md does not match the hook's files; setup.cfg matches and is skipped by content.
(cd "$repo" && git commit -qm "config of the hook" >"$tmp/out0" 2>&1) || fail "a commit without firewall configs was refused: $(cat "$tmp/out0")"

# A clean config passes.
cp "$src/fixtures/iptables/gateway-clean.rules" "$repo/site/gateway.rules"
git -C "$repo" add site/gateway.rules
(cd "$repo" && git commit -qm "gateway" >"$tmp/out1" 2>&1) || fail "the clean config was refused: $(cat "$tmp/out1")"
grep -q "fwlint (firewall configurations).*Passed" "$tmp/out1" || fail "the hook did not run on the clean config: $(cat "$tmp/out1")"

# A broken one (a truncated rule, and a rule open to the world) is refused.
cat >"$repo/site/iptables-edge" <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport
-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT
COMMIT
RULES
git -C "$repo" add site/iptables-edge
if (cd "$repo" && git commit -qm "edge" >"$tmp/out2" 2>&1); then
    fail "the broken config was committed: $(cat "$tmp/out2")"
fi
grep -q "site/iptables-edge:5:.*error:.*\[FW001\]" "$tmp/out2" || fail "no FW001 in the hook's output: $(cat "$tmp/out2")"
grep -q "\[FW205\]" "$tmp/out2" || fail "no FW205 (telnet open) in the hook's output: $(cat "$tmp/out2")"
[ "$(git -C "$repo" rev-list --count HEAD)" -eq 2 ] || fail "the refused commit landed"

# Fixed, it passes.
sed -i -e '/--dport$/d' -e 's/--dport 23 -j ACCEPT/--dport 22 -s 10.20.0.0\/16 -j ACCEPT/' "$repo/site/iptables-edge"
git -C "$repo" add site/iptables-edge
(cd "$repo" && git commit -qm "edge, fixed" >"$tmp/out3" 2>&1) || fail "the fixed config was refused: $(cat "$tmp/out3")"

# A PowerShell CSV export (matched as *.csv, read by content) with a broken
# line is refused too; a .txt and a .json that are no firewall export are skipped.
cp "$src/fixtures/windows/rules-export.csv" "$repo/site/fw-export.csv"
echo "call Bob about port 8443" >"$repo/site/notes.txt"
echo '{"name": "not-a-firewall"}' >"$repo/site/package.json"
git -C "$repo" add site/fw-export.csv site/notes.txt site/package.json
if (cd "$repo" && git commit -qm "windows export" >"$tmp/out4" 2>&1); then
    fail "the broken CSV export was committed: $(cat "$tmp/out4")"
fi
grep -q "site/fw-export.csv:8:1: error: expected Inbound or Outbound for Direction" "$tmp/out4" \
    || fail "no FW001 for the CSV export in the hook's output: $(cat "$tmp/out4")"
grep -q "notes.txt.*package.json\|package.json.*notes.txt" "$tmp/out4" || fail "notes.txt and package.json not skipped with a note: $(cat "$tmp/out4")"
if grep -q "error.*\(notes.txt\|package.json\)" "$tmp/out4"; then fail "a file of no firewall format is an error: $(cat "$tmp/out4")"; fi
git -C "$repo" reset -q site/fw-export.csv
(cd "$repo" && git commit -qm "notes" >"$tmp/out5" 2>&1) || fail "notes.txt and package.json were refused: $(cat "$tmp/out5")"

echo "test-pre-commit: OK (broken configs refused, clean ones committed, other files skipped)"
