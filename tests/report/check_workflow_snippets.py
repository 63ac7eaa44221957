"""Checks the GitHub workflow snippets of the documentation against the
documented inputs of github/codeql-action/upload-sarif, and prints the fwlint
command each one runs (one JSON list of arguments a line) so the caller can
run it and check the SARIF it writes.

usage: check_workflow_snippets.py MARKDOWN...
Every ```yaml block that names upload-sarif is read (python3-yaml) and must:
- parse as YAML: a whole workflow (`jobs:`) or the `permissions:`/`steps:` of a job;
- grant `security-events: write` to each job that uploads (its own permissions, or the workflow's);
- check the repository out (actions/checkout) before running fwlint;
- run `fwlint check --format sarif -o FILE --fail-on never ...` before the upload,
  so findings do not stop the job before it;
- upload with `github/codeql-action/upload-sarif@v4` (the version GitHub's docs
  use), `with: sarif_file: FILE` (the same FILE), and only inputs the action has.
Exit 0 when all pass, 1 with the problems listed, 77 when python3-yaml is missing.
"""
import json
import re
import shlex
import sys
import textwrap

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed", file=sys.stderr)
    sys.exit(77)

UPLOAD = "github/codeql-action/upload-sarif@v4"
# The inputs of upload-sarif's action.yml.
UPLOAD_INPUTS = {"sarif_file", "checkout_path", "ref", "sha", "token", "matrix", "category", "wait-for-processing"}


def check_job(where, job, problems, commands, workflow_permissions=None):
    def bad(what):
        problems.append(f"{where}: {what}")

    permissions = job.get("permissions", workflow_permissions) or {}  # a job's own replace the workflow's
    if permissions.get("security-events") != "write":
        bad("no `permissions: security-events: write` (upload-sarif needs it)")
    steps = job.get("steps") or []
    checkout = fwlint = upload = None
    for k, step in enumerate(steps):
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@") and checkout is None:
            checkout = k
        if step.get("run", "").startswith("fwlint check"):
            fwlint = k
        if "upload-sarif" in uses:
            upload = k
    if upload is None:
        return bad("no upload-sarif step")
    if steps[upload]["uses"] != UPLOAD:
        bad(f"uses {steps[upload]['uses']}, GitHub's docs use {UPLOAD}")
    inputs = steps[upload].get("with") or {}
    if set(inputs) - UPLOAD_INPUTS:
        bad(f"upload-sarif has no input {sorted(set(inputs) - UPLOAD_INPUTS)}")
    if fwlint is None:
        return bad("no `fwlint check` step")
    if checkout is None or checkout > fwlint:
        bad("the repository is not checked out before fwlint runs")
    if fwlint > upload:
        bad("fwlint runs after the upload")
    args = shlex.split(steps[fwlint]["run"].split("#")[0])
    opts = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("-")}
    if opts.get("--format") != "sarif":
        bad("fwlint does not write --format sarif")
    if opts.get("-o", opts.get("--output")) != inputs.get("sarif_file"):
        bad(f"fwlint writes {opts.get('-o')!r}, the upload reads {inputs.get('sarif_file')!r}")
    if opts.get("--fail-on") != "never" and steps[upload].get("if") != "always()":
        bad("findings make fwlint exit 1 and skip the upload: --fail-on never, or `if: always()` on the upload")
    commands.append(args)


def main():
    problems, commands = [], []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "upload-sarif" in b]
        if not blocks:
            problems.append(f"{path}: no workflow snippet with upload-sarif")
        for n, block in enumerate(blocks, 1):
            where = f"{path}: snippet {n}"
            try:
                doc = yaml.safe_load(textwrap.dedent(block))
            except yaml.YAMLError as e:
                problems.append(f"{where}: not YAML: {e}")
                continue
            if isinstance(doc, dict) and "jobs" in doc:
                for name, job in doc["jobs"].items():
                    if any("upload-sarif" in s.get("uses", "") for s in job.get("steps", [])):
                        check_job(f"{where}: job {name}", job, problems, commands, doc.get("permissions"))
            elif isinstance(doc, dict) and "steps" in doc:
                check_job(where, doc, problems, commands)
            else:
                problems.append(f"{where}: neither a workflow nor a job's steps")
    for p in problems:
        print(p, file=sys.stderr)
    for c in commands:
        print(json.dumps(c))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
