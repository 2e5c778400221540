"""Validates YAML files against a JSON Schema with python3-jsonschema, independently of our parser.

Usage: validate_config.py [--external-services] SCHEMA FILE...
Prints one JSON object: {"files": {FILE: [error, ...]}}, where each error is "path: message".
With --external-services, each services[] entry of a file is wrapped as an ExternalService (its name
and namespace become the object's metadata, the rest its spec) and validated against SCHEMA, the
CRD's openAPIV3Schema; errors are then prefixed with the entry's index.
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


def external_services(document):
    for index, entry in enumerate((document or {}).get("services") or []):
        spec = {key: value for key, value in entry.items() if key not in ("name", "namespace")}
        metadata = {"name": entry.get("name"), "namespace": entry.get("namespace", "default")}
        yield f"/services/{index}", {"apiVersion": "externalendpoints.io/v1alpha1", "kind": "ExternalService",
                                     "metadata": metadata, "spec": spec}


def main(schema_path, files, wrap):
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
        instances = external_services(document) if wrap else [("", document)]
        verdicts[path] = [
            f"{prefix}{location(error)}: {error.message}"
            for prefix, instance in instances
            for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
        ]
    json.dump({"files": verdicts}, sys.stdout)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    wrap = arguments[:1] == ["--external-services"]
    arguments = arguments[1:] if wrap else arguments
    if len(arguments) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(arguments[0], arguments[1:], wrap))
