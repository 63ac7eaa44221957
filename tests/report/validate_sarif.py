"""Validates SARIF files against the SARIF 2.1.0 JSON schema (Draft 7).

usage: validate_sarif.py SCHEMA FILE...
Exit 0 when every file is valid, 1 with the errors listed otherwise, 77 (the
ctest skip code) when the jsonschema module (Debian: python3-jsonschema) is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (bash scripts/install-deps.sh installs it)")
    sys.exit(77)


def main():
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    # This copy of the schema keeps the root object's rules under
    # definitions/Root with nothing at the top level, so as it stands it
    # accepts any document: validate against Root explicitly.
    if not any(k in schema for k in ("$ref", "type", "properties")) and "Root" in schema.get("definitions", {}):
        schema = dict(schema, **{"$ref": "#/definitions/Root"})
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.draft7_format_checker)
    # The validator must refuse a broken log, or a pass below would mean nothing.
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                            "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    if validator.is_valid(broken) or validator.is_valid({"runs": []}):
        print("the schema accepts a broken SARIF log: it validates nothing")
        return 1
    failed = False
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print(f"{path}: {'/'.join(str(p) for p in e.path)}: {e.message}")
        if errors:
            failed = True
        else:
            results = sum(len(run.get("results", [])) for run in doc["runs"])
            print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
