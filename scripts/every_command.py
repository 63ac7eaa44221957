#!/usr/bin/env python3
"""Runs every fwlint command with every output format on every input file, best with
a sanitizer build, and reports crashes, sanitizer reports, hangs, exit codes other
than 0/1/2, an exit code 2 without an "error:" line, and JSON that does not parse:

    python3 scripts/every_command.py --fwlint build-asan/fwlint fixtures

Per file: check (lints on) in text, json, sarif, junit, html and markdown; check
--rules cep with a role; query (text, json); diff against itself and against the next
file of the same folder (text, json). Once: explain of every check id in
docs/checks.md and of an unknown id, rules, and rules of every bundled set. Mutated
inputs: scripts/mutate_inputs.py.
"""
import argparse
import concurrent.futures
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutate_inputs import inputs, problems_of, run  # noqa: E402

REPORT_FORMATS = ("text", "json", "sarif", "junit", "html", "markdown")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def file_runs(path, neighbour):
    """(what, argv, JSON expected) for one input file."""
    runs = [(f"check --format {f}", ["check", "--format", f, path], f in ("json", "sarif")) for f in REPORT_FORMATS]
    runs.append(("check --rules cep --role cep=10.0.0.5 --format json",
                 ["check", "--rules", "cep", "--role", "cep=10.0.0.5", "--role", "clients=10.1.0.0/16", "--format",
                  "json", path], True))
    for fmt in ("text", "json"):
        runs.append((f"query --format {fmt}", ["query", path, "--from", "any", "--to", "any", "--port", "443",
                                                "--format", fmt], fmt == "json"))
        runs.append((f"diff self --format {fmt}", ["diff", path, path, "--format", fmt], fmt == "json"))
        if neighbour:
            runs.append((f"diff {os.path.basename(neighbour)} --format {fmt}",
                         ["diff", neighbour, path, "--format", fmt], fmt == "json"))
    return runs


def once_runs():
    ids = sorted(set(re.findall(r"^## (FW\d+)", open(os.path.join(ROOT, "docs", "checks.md")).read(), re.M)))
    runs = [(f"explain {i}", ["explain", i], False) for i in ids + ["FW999", "fw101", ""]]
    runs.append(("rules", ["rules"], False))
    for name in sorted(os.listdir(os.path.join(ROOT, "rules"))):
        if name.endswith(".fwreq"):
            runs.append((f"rules {name[:-6]}", ["rules", name[:-6]], False))
            runs.append((f"rules rules/{name}", ["rules", os.path.join(ROOT, "rules", name)], False))
    runs.append(("rules no-such-set", ["rules", "no-such-set"], False))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="files or folders of configurations")
    ap.add_argument("--fwlint", default="build-asan/fwlint")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run (default 60)")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    files = list(inputs(args.paths))
    jobs = [(None, r) for r in once_runs()]
    for i, path in enumerate(files):
        nxt = files[i + 1] if i + 1 < len(files) else None
        neighbour = nxt if nxt and os.path.dirname(nxt) == os.path.dirname(path) else None
        jobs += [(path, r) for r in file_runs(path, neighbour)]

    def one(job):
        path, (what, argv, json_out) = job
        rc, out, err = run([args.fwlint] + argv, args.timeout)
        return path, what, rc, problems_of(rc, out, err, what, json_out)

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for path, what, rc, found in pool.map(one, jobs):
            for p in found:
                print(f"FAIL {path or '-'}: {p}", flush=True)
            failed += bool(found)
    print(f"{len(jobs)} runs on {len(files)} file(s), {failed} with failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
