#!/usr/bin/env bash
# Renders fwlint's HTML audit report of the gateway fixture (and of the
# suppressions fixture, whose "fwlint: ignore" comments silence three findings)
# in Debian's headless Chromium (a PNG screenshot and the DOM) and checks the
# page is not blank, shows the summary and, in its chart, the suppressed
# findings. Used by ctest (test report_html_chromium).
#
# usage: scripts/check-html-report.sh [--install] FWLINT_BINARY [OUTDIR]
#   --install  install the chromium package first when it is missing
#   OUTDIR     keep report.html, report.png and dom.html there (default: a temporary folder)
# Exit 0 the page is right, 1 it is not, 77 chromium or python3 is missing (skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
install=no
if [ "${1:-}" = "--install" ]; then install=yes; shift; fi
fwlint=${1:?usage: scripts/check-html-report.sh [--install] FWLINT_BINARY [OUTDIR]}
fwlint=$(cd "$(dirname "$fwlint")" && pwd)/$(basename "$fwlint")

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && [ "$install" = yes ]; then
  bash scripts/install-deps.sh chromium
  chromium=$(command -v chromium || true)
fi
[ -n "$chromium" ] || { echo "SKIP: chromium is not installed (scripts/check-html-report.sh --install, or bash scripts/install-deps.sh --tests)"; exit 77; }
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || true)
[ -n "$python" ] || { echo "SKIP: python3 is not installed"; exit 77; }

if [ -n "${2:-}" ]; then
  out=$2
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
out=$(cd "$out" && pwd)

status=0
"$fwlint" check --format html -o "$out/report.html" --report-date 2026-11-22 \
  --rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5 \
  fixtures/iptables/gateway.rules fixtures/iptables/suppressions.rules || status=$?
[ "$status" -le 1 ] || { echo "fwlint exited $status"; exit 1; }

# --no-sandbox: CI and containers run as root, where Chromium's sandbox refuses to start.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$out/profile"
       --window-size=1280,1600)
export HOME="$out"  # Chromium writes its caches under $HOME
if ! timeout 120 "$chromium" "${flags[@]}" --screenshot="$out/report.png" "file://$out/report.html" >"$out/chromium.log" 2>&1 ||
   ! timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$out/report.html" >"$out/dom.html" 2>>"$out/chromium.log"; then
  echo "chromium failed:"; tail -20 "$out/chromium.log"; exit 1
fi
[ -s "$out/report.png" ] || { echo "no screenshot written:"; tail -20 "$out/chromium.log"; exit 1; }
"$python" tests/report/check_render.py "$out/report.png" "$out/dom.html" --suppressed
