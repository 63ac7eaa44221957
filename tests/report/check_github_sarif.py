"""Checks SARIF files against what GitHub code scanning documents for uploads.

usage: check_github_sarif.py ROOT FILE...
ROOT is the directory fwlint ran in (the repository root a workflow checks out):
relative URIs must name files there. Exit 0 when every file passes, 1 with the
problems listed otherwise.

The rules are those of GitHub's "SARIF support for code scanning" page (the
supported properties marked required, the upload limits) and of "Uploading a
SARIF file to GitHub"; the upload itself cannot be tried offline. What is
checked, per file:
- gzip-compressed size at most 10 MB; `$schema` set, `version` "2.1.0",
  1 to 20 runs;
- per run: `tool.driver.name`, at most 25,000 rules and 25,000 results, at most
  100 tool extensions; every `uriBaseId` used is defined in `originalUriBaseIds`
  (GitHub's relative URI guidance for SARIF producers);
- per rule: unique `id`; `shortDescription.text`, `fullDescription.text`
  (each at most 1,024 characters) and `help.text` not empty; `name` at most 255
  characters; at most 20 tags; `defaultConfiguration.level` note, warning or error;
- per result: `ruleId` is a rule of `tool.driver.rules` (and `ruleIndex`
  points at it); `message.text` not empty; 1 to 10 `locations`, and at most
  1,000 related locations; `physicalLocation.artifactLocation.uri` relative to the
  repository root (no `..`, no scheme) naming a file there that is not a symbolic
  link (code scanning cannot show results in symlinked files); `region` with
  `startLine`, `startColumn`, `endLine`, `endColumn` that fit the line; a
  `partialFingerprints.primaryLocationLineHash` (the only key code scanning uses),
  unique per rule within the run so that two results never merge into one alert.
"""
import gzip
import json
import os
import sys
import urllib.parse

MAX_GZIP_BYTES = 10 * 1024 * 1024


def check(path, root):
    problems = []

    def bad(where, what):
        problems.append(f"{path}: {where}: {what}")

    with open(path, "rb") as f:
        raw = f.read()
    if len(gzip.compress(raw)) > MAX_GZIP_BYTES:
        bad("file", "larger than 10 MB gzip-compressed")
    doc = json.loads(raw)
    if not doc.get("$schema"):
        bad("$schema", "missing")
    if doc.get("version") != "2.1.0":
        bad("version", f"{doc.get('version')!r}, not 2.1.0")
    runs = doc.get("runs", [])
    if not 1 <= len(runs) <= 20:
        bad("runs", f"{len(runs)} runs (1 to 20)")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            bad(f"runs/{r}/tool/driver/name", "missing or empty")
        rules = driver.get("rules", [])
        results = run.get("results")
        if results is None:
            bad(f"runs/{r}/results", "missing")
            results = []
        if len(rules) > 25000:
            bad(f"runs/{r}/tool/driver/rules", f"{len(rules)} rules (at most 25,000)")
        if len(results) > 25000:
            bad(f"runs/{r}/results", f"{len(results)} results (at most 25,000)")
        if len(run.get("tool", {}).get("extensions", [])) > 100:
            bad(f"runs/{r}/tool/extensions", "more than 100")
        bases = run.get("originalUriBaseIds", {})
        ids = {}
        for k, rule in enumerate(rules):
            where = f"runs/{r}/tool/driver/rules/{k}"
            rid = rule.get("id")
            if not rid:
                bad(where, "no id")
            elif rid in ids:
                bad(where, f"id {rid} twice")
            ids[rid] = k
            for field in ("shortDescription", "fullDescription"):
                text = rule.get(field, {}).get("text", "")
                if not text:
                    bad(f"{where}/{field}/text", "missing or empty")
                if len(text) > 1024:
                    bad(f"{where}/{field}/text", f"{len(text)} characters (at most 1,024)")
            if not rule.get("help", {}).get("text"):
                bad(f"{where}/help/text", "missing or empty")
            if len(rule.get("name", "")) > 255:
                bad(f"{where}/name", "more than 255 characters")
            if len(rule.get("properties", {}).get("tags", [])) > 20:
                bad(f"{where}/properties/tags", "more than 20 tags")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            if level not in ("note", "warning", "error"):
                bad(f"{where}/defaultConfiguration/level", repr(level))
        lines_of = {}
        fingerprints = set()

        def check_location(where, loc):
            phys = loc.get("physicalLocation")
            if phys is None:
                bad(where, "no physicalLocation")
                return
            art = phys.get("artifactLocation", {})
            uri = art.get("uri", "")
            if not uri:
                bad(f"{where}/physicalLocation/artifactLocation/uri", "missing or empty")
                return
            base = art.get("uriBaseId")
            if base is not None and base not in bases:
                bad(f"{where}/physicalLocation/artifactLocation/uriBaseId", f"{base} not in originalUriBaseIds")
            if urllib.parse.urlsplit(uri).scheme or uri.startswith("/") or ".." in uri.split("/"):
                bad(f"{where}/physicalLocation/artifactLocation/uri", f"{uri} is not relative to the repository root")
                return
            file = os.path.join(root, urllib.parse.unquote(uri))
            if os.path.islink(file) or not os.path.isfile(file):
                bad(f"{where}/physicalLocation/artifactLocation/uri", f"{uri} is not a file of the repository")
                return
            region = phys.get("region")
            if region is None:
                bad(f"{where}/physicalLocation/region", "missing (GitHub needs a line)")
                return
            if file not in lines_of:
                with open(file, "rb") as f:
                    data = f.read()
                # fwlint counts columns in the decoded text (UTF-16 exports too).
                text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else \
                    data.decode("utf-8-sig", errors="replace")
                lines_of[file] = text.split("\n")
            lines = lines_of[file]
            start, end = region.get("startLine", 0), region.get("endLine", 0)
            col, end_col = region.get("startColumn", 0), region.get("endColumn", 0)
            if not (1 <= start <= end <= len(lines)):
                bad(f"{where}/physicalLocation/region", f"lines {start}-{end} outside the file's {len(lines)}")
                return
            after_end = len(lines[end - 1].rstrip("\r")) + 1  # the column after the line's last character
            if start == end and not 1 <= col <= end_col <= after_end:  # empty: a point at the end of a line
                bad(f"{where}/physicalLocation/region",
                    f"columns {col}-{end_col} do not fit line {start} ({after_end - 1} characters)")

        for k, result in enumerate(results):
            where = f"runs/{r}/results/{k}"
            rid = result.get("ruleId")
            if rid not in ids:
                bad(f"{where}/ruleId", f"{rid!r} is not in tool.driver.rules")
            elif "ruleIndex" in result and result["ruleIndex"] != ids[rid]:
                bad(f"{where}/ruleIndex", f"{result['ruleIndex']}, but {rid} is rule {ids[rid]}")
            if not result.get("message", {}).get("text"):
                bad(f"{where}/message/text", "missing or empty")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 10:
                bad(f"{where}/locations", f"{len(locations)} locations (1 to 10)")
            for n, loc in enumerate(locations):
                check_location(f"{where}/locations/{n}", loc)
            related = result.get("relatedLocations", [])
            if len(related) > 1000:
                bad(f"{where}/relatedLocations", f"{len(related)} (at most 1,000)")
            for n, loc in enumerate(related):
                check_location(f"{where}/relatedLocations/{n}", loc)
            fingerprint = result.get("partialFingerprints", {}).get("primaryLocationLineHash")
            if not fingerprint:
                bad(f"{where}/partialFingerprints/primaryLocationLineHash", "missing")
            elif (rid, fingerprint) in fingerprints:
                bad(f"{where}/partialFingerprints/primaryLocationLineHash", f"{fingerprint} twice for {rid}")
            fingerprints.add((rid, fingerprint))
    return problems


def main():
    root, files = sys.argv[1], sys.argv[2:]
    if not files:
        print("usage: check_github_sarif.py ROOT FILE...")
        return 2
    failed = False
    for path in files:
        problems = check(path, root)
        for p in problems:
            print(p)
        if problems:
            failed = True
        else:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            results = sum(len(run.get("results", [])) for run in doc["runs"])
            print(f"{path}: meets GitHub code scanning's documented upload rules ({results} results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
