"""Validates YAML files against a JSON Schema with python3-jsonschema, independently of our parser.

Usage: validate_config.py SCHEMA FILE...
Prints one JSON object: {"files": {FILE: [error, ...]}}, where each error is "path: message".
Exits 0 when it could check every file (whatever the verdicts), 3 when the schema itself is invalid,
4 when a module is missing.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"python3 cannot import {missing.name}: install the Debian packages python3-jsonschema and python3-yaml "
          "(tests/run-all.sh does)", file=sys.stderr)
    sys.exit(4)


def location(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)


def main(schema_path, files):
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        print(f"{schema_path} is not a valid draft 2020-12 schema: {error.message}", file=sys.stderr)
        return 3
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    verdicts = {}
    for path in files:
        with open(path, encoding="utf-8") as handle:
            try:
                document = yaml.safe_load(handle)
            except yaml.YAMLError as error:
                verdicts[path] = [f"/: not YAML: {error}"]
                continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        verdicts[path] = [f"{location(error)}: {error.message}" for error in errors]
    json.dump({"files": verdicts}, sys.stdout)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
