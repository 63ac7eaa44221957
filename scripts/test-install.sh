#!/usr/bin/env bash
# Installs fwlint from a build tree into a temporary DESTDIR, builds the .deb
# with CPack and unpacks it, and runs both installed binaries as a user would:
# the bundled requirement sets must be found beside the binary (not in the
# source tree), a user's own .fwreq must load with --rules PATH, and the man
# page (gzip-compressed, Debian policy 12.1) must render and name every option
# of `fwlint check`.
# Usage: scripts/test-install.sh BUILD_DIR   (ctest: test install_layout)
set -euo pipefail
build=$(cd "${1:?usage: test-install.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset FWLINT_RULES_DIR
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }

# A requirement set of the user's own, and the config it is checked against.
cat >"$tmp/web.fwreq" <<'EOF'
set web "Web servers of the example site"
role clients "hosts on the intranet"
role web     "the web server"
require clients -> web tcp 443 "HTTPS"
require clients -> web tcp 8443 "the admin UI"
EOF
cp "$src/fixtures/iptables/gateway-clean.rules" "$tmp/gateway.rules"

check_layout() {  # PREFIX: an installed tree (usr/ of a DESTDIR or of the .deb)
    local prefix=$1 out status
    [ -x "$prefix/bin/fwlint" ] || fail "$prefix/bin/fwlint missing"
    [ -f "$prefix/share/fwlint/rules/cep.fwreq" ] || fail "$prefix/share/fwlint/rules/cep.fwreq missing"
    # Debian policy 12.1: the man page is gzip-compressed (man reads it as it is).
    [ -f "$prefix/share/man/man1/fwlint.1.gz" ] || fail "$prefix/share/man/man1/fwlint.1.gz missing"
    [ ! -e "$prefix/share/man/man1/fwlint.1" ] || fail "$prefix/share/man/man1/fwlint.1 is installed uncompressed"
    gzip -t "$prefix/share/man/man1/fwlint.1.gz" || fail "fwlint.1.gz is not a valid gzip file"
    zcat "$prefix/share/man/man1/fwlint.1.gz" | cmp -s - "$src/docs/fwlint.1" \
        || fail "fwlint.1.gz does not unpack to docs/fwlint.1"
    for doc in README.md checks.md json.md reports.md requirements.md; do  # the docs the README and man page name
        [ -f "$prefix/share/doc/fwlint/$doc" ] || fail "$prefix/share/doc/fwlint/$doc missing"
    done
    # Run from elsewhere, so neither the working directory nor the source tree helps.
    out=$(cd / && "$prefix/bin/fwlint" rules) || fail "fwlint rules failed: $out"
    for set in ca-dcom cep ces domain-member; do
        grep -q "^$set " <<<"$out" || fail "fwlint rules does not list $set: $out"
    done
    out=$(cd / && "$prefix/bin/fwlint" rules cep) || fail "fwlint rules cep failed"
    grep -qF "file: $prefix/share/fwlint/rules/cep.fwreq" <<<"$out" \
        || fail "the installed binary did not read its own rules: $(grep '^file:' <<<"$out")"
    # A bundled set by name, from the installed tree.
    set +e
    out=$(cd "$tmp" && "$prefix/bin/fwlint" check --rules cep --role clients=10.20.0.0/16 --role cep=10.0.1.10 \
        --role dc=10.0.0.8/29 --role ca=10.0.2.5 gateway.rules 2>&1)
    status=$?
    set -e
    [ "$status" -eq 0 ] || fail "check --rules cep on the clean gateway exited $status: $out"
    # The user's own set by path: 443 is open, 8443 is not.
    set +e
    out=$(cd "$tmp" && "$prefix/bin/fwlint" check --rules ./web.fwreq --role clients=10.20.0.0/16 \
        --role web=10.0.1.10 gateway.rules 2>&1)
    status=$?
    set -e
    [ "$status" -eq 1 ] || fail "check --rules ./web.fwreq exited $status, expected 1: $out"
    grep -q "the admin UI: clients -> web tcp 8443 is not allowed.*\[FW101\]" <<<"$out" \
        || fail "no FW101 for the user's 8443 requirement: $out"
    grep -q "requirement set web: 2 checked, 1 satisfied" <<<"$out" || fail "user set summary: $out"
}

DESTDIR="$tmp/destdir" cmake --install "$build" --prefix /usr >/dev/null
check_layout "$tmp/destdir/usr"

# The man page renders without warnings and documents every option of check, query and diff.
man_warnings=$(zcat "$tmp/destdir/usr/share/man/man1/fwlint.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
[ -z "$man_warnings" ] || fail "groff warnings in fwlint.1: $man_warnings"
for cmd in check query diff; do
    options=$("$tmp/destdir/usr/bin/fwlint" $cmd --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | sort -u)
    for opt in $options; do
        [ "$opt" = --help ] && continue
        grep -qF -- "$(sed 's/-/\\-/g' <<<"$opt")" "$src/docs/fwlint.1" || fail "docs/fwlint.1 does not document $cmd $opt"
    done
done

# The Debian package: the same layout under /usr, unpacked without root.
if command -v dpkg-deb >/dev/null; then
    (cd "$build" && cpack -G DEB -B "$tmp/pkg" >/dev/null) || fail "cpack -G DEB failed"
    deb=$(ls "$tmp"/pkg/fwlint_*.deb) || fail "no .deb in $tmp/pkg"
    dpkg-deb -f "$deb" Depends | grep -q libfmt || fail "the .deb does not depend on libfmt"
    # What the package lists, as `dpkg-deb -c` (and lintian) sees it: the man page only compressed.
    listing=$(dpkg-deb -c "$deb")
    grep -qE ' \./usr/share/man/man1/fwlint\.1\.gz$' <<<"$listing" \
        || fail "the .deb has no /usr/share/man/man1/fwlint.1.gz: $(grep man <<<"$listing")"
    ! grep -qE '/man1/fwlint\.1$' <<<"$listing" || fail "the .deb has an uncompressed man page"
    dpkg-deb -x "$deb" "$tmp/deb"
    check_layout "$tmp/deb/usr"
else
    echo "test-install: dpkg-deb not found: .deb not tested" >&2
fi
echo "test-install: OK (DESTDIR install and .deb)"
