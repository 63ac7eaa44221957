#!/usr/bin/env bash
# Builds fwlint and audits the bundled gateway sample against the CEP requirement set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFWLINT_BUILD_TESTS=OFF >/dev/null
cmake --build build --target fwlint
set +e
./build/fwlint check --rules cep \
  --role clients=10.20.0.0/16 --role cep=10.0.1.10 --role dc=10.0.0.8/29 --role ca=10.0.2.5 \
  fixtures/iptables/gateway.rules
status=$?
set -e
echo "(fwlint exited $status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error)"
[ "$status" -le 1 ]
