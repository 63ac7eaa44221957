#!/usr/bin/env python3
"""Runs fwlint on mutated copies of configuration files and reports what a hostile or
careless input makes it do wrong: a crash, a sanitizer report, a hang, an exit code
other than 0/1/2, or a rule line whose rule vanished without a diagnostic naming it.

Best with a sanitizer build (README, Testing):

    python3 scripts/mutate_inputs.py --fwlint build-asan/fwlint fixtures ../shared/corpus

Each input gets the same mutations, chosen by --seed: truncated at random bytes,
random byte flips, a line duplicated or deleted, binary junk inserted, a 1 MB line,
re-encoded as UTF-16LE with a BOM, NUL bytes inserted, CR-only line ends. Mutated
copies live in a temporary folder (--keep DIR keeps the ones that failed); nothing is
written next to the inputs. Exit status: 0 when nothing failed, 1 otherwise.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys
import tempfile

SANITIZER_MARKS = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer", b"runtime error:",
                   b"SUMMARY: UndefinedBehaviorSanitizer", b"ERROR: UndefinedBehaviorSanitizer")
SKIP_NAMES = {"README.md", "MANIFEST.tsv"}
HUGE_LINE_BYTES = 1 << 20


def split_lines(data):
    return data.splitlines(keepends=True) or [b""]


def utf16_codec(data):
    """The codec of a UTF-16 input with a BOM, else None: line mutations of such a
    file work on its characters, not its bytes (a byte-sized line would shift
    every later character off its 2-byte boundary)."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    return None


def mutations(data, rng):
    """(name, bytes, mutated line or None) for every mutation of data."""
    out = []
    n = len(data)
    for i in range(3):
        cut = rng.randrange(n) if n else 0
        out.append((f"truncate{i}@{cut}", data[:cut], None))
    for i in range(3):
        b = bytearray(data)
        line = None
        flips = 1 if i == 0 else rng.randint(2, 8)
        for _ in range(flips if n else 0):
            pos = rng.randrange(n)
            b[pos] ^= rng.randint(1, 255)
            if flips == 1 and not utf16_codec(data):
                line = data.count(b"\n", 0, pos) + 1
        out.append((f"flip{i}", bytes(b), line))
    codec = utf16_codec(data)
    # Line mutations of a UTF-16 input re-encode it as it was; others keep every byte
    # (latin-1 maps bytes to characters one to one).
    if codec:
        lines = data[2:].decode(codec, "replace").splitlines(keepends=True)
        encode = lambda t: data[:2] + t.encode(codec)
    else:
        lines = [line.decode("latin-1") for line in split_lines(data)]
        encode = lambda t: t.encode("latin-1")
    lines = lines or [""]
    k = rng.randrange(len(lines))
    out.append((f"dupline@{k + 1}", encode("".join(lines[:k + 1] + lines[k:])), None))
    out.append((f"delline@{k + 1}", encode("".join(lines[:k] + lines[k + 1:])), None))
    pos = rng.randrange(n + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(64, 512)))
    out.append((f"junk@{pos}", data[:pos] + junk + data[pos:], None))
    # A 1 MB line: a real line of the file repeated until it is that long (stresses the
    # grammar's repetition, not only its first token), and one of plain letters.
    seed_line = lines[k].rstrip("\r\n") or "x"
    huge = (seed_line + " ") * (HUGE_LINE_BYTES // (len(seed_line) + 1) + 1)
    out.append((f"hugeline-repeat@{k + 1}", encode("".join(lines[:k]) + huge + "\n" + "".join(lines[k:])), k + 1))
    out.append((f"hugeline-x@{k + 1}", encode("".join(lines[:k]) + "x" * HUGE_LINE_BYTES + "\n" + "".join(lines[k:])), k + 1))
    if not codec:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        out.append(("utf16le", b"\xff\xfe" + text.encode("utf-16-le"), None))
        out.append(("utf16be", b"\xfe\xff" + text.encode("utf-16-be"), None))
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        b.insert(rng.randrange(len(b) + 1), 0)
    out.append(("nul", bytes(b), None))
    out.append(("cr-only", data.replace(b"\r\n", b"\r").replace(b"\n", b"\r"), None))
    return out


def run(cmd, timeout):
    env = dict(os.environ)
    # No leak check: the binary leaks each input's IR on purpose at exit (ir/keep_until_exit.hpp),
    # so every run would be a LeakSanitizer report. Tests run with ordinary destruction.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=0")
    env["NO_COLOR"] = "1"
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b""


# What a refusal (exit 2) must print: "fwlint: error: ...", "file: error: ..." or
# "file:line:col: error: ...". Exit 2 without one would leave the user guessing.
DIAGNOSTIC = re.compile(rb"(^|\n)[^\n]*error: [^\n]*[^\s]")


def problems_of(rc, out, err, what, json_out=False):
    found = []
    if rc is None:
        found.append(f"{what}: timeout")
    elif rc not in (0, 1, 2):
        found.append(f"{what}: exit code {rc}")
    elif rc == 2 and not DIAGNOSTIC.search(err):
        found.append(f"{what}: exit code 2 without a diagnostic on stderr")
    elif json_out and rc in (0, 1):
        try:
            json.loads(out)
        except ValueError:
            found.append(f"{what}: exit code {rc} but the output is not JSON")
    for mark in SANITIZER_MARKS:
        if mark in err:
            first = err[err.index(mark):].split(b"\n", 1)[0].decode("utf-8", "replace")
            found.append(f"{what}: {first}")
            break
    return found


def json_summary(out):
    """(rules, syntax diagnostics) of `check --format json`, or None."""
    try:
        j = json.loads(out)
    except ValueError:
        return None
    inputs = j.get("inputs", [])
    return sum(i.get("rules", 0) for i in inputs), sum(i.get("diagnostics", 0) for i in inputs)


def check_problems(args, mpath, mutated, line, base):
    rc, out, err = run([args.fwlint, "check", "--no-lint", "--format", "json", mpath], args.timeout)
    found = problems_of(rc, out, err, "check --no-lint", json_out=True)
    summary = json_summary(out) if rc in (0, 1) else None
    # One line changed or added: if rules went missing, a new diagnostic must say why.
    if base and summary and line is not None and summary[0] < base[0] and summary[1] <= base[1]:
        found.append(f"check --no-lint: {base[0] - summary[0]} rule(s) gone, no new diagnostic (line {line})")
    if len(mutated) <= args.lint_max_bytes:
        rc, out, err = run([args.fwlint, "check", "--rules", "cep", mpath], args.timeout)
        found += problems_of(rc, out, err, "check --rules cep")
    return found


def check_one(args, path, tmp):
    data = open(path, "rb").read()
    rng = random.Random(f"{args.seed}:{os.path.basename(path)}")
    base = None
    if not args.only_query_diff:
        rc, out, err = run([args.fwlint, "check", "--no-lint", "--format", "json", path], args.timeout)
        base = json_summary(out) if rc in (0, 1) else None
    report = []
    for name, mutated, line in mutations(data, rng):
        mpath = os.path.join(tmp, f"{os.path.basename(path)}.{name}")
        with open(mpath, "wb") as f:
            f.write(mutated)
        found = [] if args.only_query_diff else check_problems(args, mpath, mutated, line, base)
        if args.query_diff:
            found += query_diff_problems(args, path, mpath)
        if found:
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                with open(os.path.join(args.keep, os.path.basename(mpath)), "wb") as f:
                    f.write(mutated)
            report += [f"{path} [{name}] {p}" for p in found]
        os.unlink(mpath)
    return path, report


# Flows asked of every mutated file: the whole space, one TCP port, and a UDP flow
# between two addresses (names as the readers take them on every format).
QUERIES = (["--from", "any", "--to", "any"],
           ["--from", "any", "--to", "any", "--port", "443"],
           ["--from", "10.1.2.3", "--to", "192.168.1.10", "--proto", "udp", "--port", "53", "--sport", "1024-65535"],
           ["--from", "2001:db8::1", "--to", "any", "--proto", "icmp"])


def query_diff_problems(args, path, mpath):
    """query and diff on a mutated file: no crash, no hang, exit 2 only with a
    diagnostic, JSON output that parses."""
    found = []
    for i, q in enumerate(QUERIES):
        fmt = ["--format", "json"] if i % 2 else []
        rc, out, err = run([args.fwlint, "query", mpath] + q + fmt, args.timeout)
        found += problems_of(rc, out, err, "query " + " ".join(q + fmt), json_out=bool(fmt))
    for old, new in ((path, mpath), (mpath, path)):
        for fmt in ([], ["--format", "json"]):
            rc, out, err = run([args.fwlint, "diff", old, new] + fmt, args.timeout)
            what = "diff " + ("ORIGINAL MUTATED" if old == path else "MUTATED ORIGINAL") + " " + " ".join(fmt)
            found += problems_of(rc, out, err, what.strip(), json_out=bool(fmt))
    return found


def inputs(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name not in SKIP_NAMES:
                        yield os.path.join(root, name)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="files or folders of configurations")
    ap.add_argument("--fwlint", default="build-asan/fwlint")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per run (default 20)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--lint-max-bytes", type=int, default=64 * 1024,
                    help="also run the lints and the cep audit on mutated files up to this size")
    ap.add_argument("--query-diff", action="store_true",
                    help="also run query (4 flows, text and JSON) and diff (both ways, text and JSON) on every mutation")
    ap.add_argument("--only-query-diff", action="store_true", help="run query and diff only, not check")
    ap.add_argument("--keep", help="copy the mutated files that failed to this folder")
    args = ap.parse_args()
    args.query_diff = args.query_diff or args.only_query_diff
    failed = 0
    with tempfile.TemporaryDirectory(prefix="fwlint-mutate-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for path, report in pool.map(lambda p: check_one(args, p, tmp), inputs(args.paths)):
                print(f"{'FAIL' if report else 'ok  '} {path}", flush=True)
                for line in report:
                    print(f"  {line}", flush=True)
                failed += bool(report)
    print(f"{failed} input(s) with failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
