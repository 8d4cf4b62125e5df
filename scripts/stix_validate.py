#!/usr/bin/python3
"""Validate STIX 2.1 JSON files against the OASIS JSON schemas, offline.

Usage: stix_validate.py SCHEMA_DIR FILE...

SCHEMA_DIR is a copy of oasis-open/cti-stix2-json-schemas/schemas (draft
2020-12): every *.json below it is loaded into the resolver store under its
"$id", so that the relative "$ref"s resolve without the network.

A FILE holding a bundle is checked against common/bundle.json, and each of
its objects against the schema of its type (sdos/, sros/, observables/,
common/marking-definition.json, ...), which gives far clearer messages than
the bundle schema's anyOf/oneOf. A FILE holding a single object is checked
against the schema of its type.

Each error is printed as "FILE: $.objects[N]: message" (with the path inside
the object appended, e.g. "$.objects[2].valid_from"). Exit status: 0 when
every file is valid, 1 when any error was found (an unreadable file or
invalid JSON counts as an error), 2 on wrong usage or an unusable SCHEMA_DIR.

Written for Debian's python3-jsonschema (4.10.x: Draft202012Validator and
RefResolver).
"""

import json
import os
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator, RefResolver
except ImportError as e:  # pragma: no cover - environment problem
    print(f"stix_validate: python3-jsonschema is needed: {e}", file=sys.stderr)
    sys.exit(2)

# Where the schema of an object type lives, in the order tried.
TYPE_DIRS = ("sdos", "sros", "observables", "common")


class Schemas:
    def __init__(self, schema_dir):
        self.dir = schema_dir
        self.store = {}
        self.by_path = {}
        for root, _dirs, files in os.walk(schema_dir):
            for name in sorted(files):
                if not name.endswith(".json"):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    schema = json.load(f)
                sid = schema.get("$id") if isinstance(schema, dict) else None
                if not sid:
                    continue
                self.store[sid] = schema
                rel = os.path.relpath(path, schema_dir).replace(os.sep, "/")
                self.by_path[rel] = schema
        self.validators = {}

    def validator(self, rel):
        """The validator of the schema at rel (e.g. "sdos/indicator.json"), or None."""
        if rel in self.validators:
            return self.validators[rel]
        schema = self.by_path.get(rel)
        v = None
        if schema is not None:
            resolver = RefResolver(base_uri=schema["$id"], referrer=schema, store=self.store)
            v = Draft202012Validator(schema, resolver=resolver)
        self.validators[rel] = v
        return v

    def for_type(self, typ):
        if not isinstance(typ, str) or "/" in typ or typ.startswith("."):
            return None
        for d in TYPE_DIRS:
            v = self.validator(f"{d}/{typ}.json")
            if v is not None:
                return v
        return None


def json_path(base, path):
    out = base
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif isinstance(p, str) and p.replace("_", "").replace("-", "").isalnum():
            out += f".{p}"
        else:
            out += "[" + json.dumps(p) + "]"
    return out


def best_message(err):
    """The message of err, made specific when it is an anyOf/oneOf failure."""
    if err.context:
        deepest = jsonschema.exceptions.best_match(err.context)
        if deepest is not None:
            return err, deepest
    return err, None


def report(fname, base, err, out):
    err, sub = best_message(err)
    path = json_path(base, err.absolute_path)
    if sub is not None:
        subpath = json_path(path, list(sub.absolute_path)[len(err.absolute_path):])
        out.append(f"{fname}: {subpath}: {sub.message} (in {err.validator} of {path})")
    else:
        out.append(f"{fname}: {path}: {err.message}")


def sort_key(e):
    return (list(map(str, e.absolute_path)), e.message)


def check_object(schemas, fname, base, obj, out):
    if not isinstance(obj, dict):
        out.append(f"{fname}: {base}: not a JSON object")
        return 1
    typ = obj.get("type")
    v = schemas.for_type(typ)
    if v is None:
        # a custom object: the bundle schema (custom branch) judges it
        return 0
    n = 0
    for err in sorted(v.iter_errors(obj), key=sort_key):
        report(fname, base, err, out)
        n += 1
    return n


def check_file(schemas, fname):
    out = []
    try:
        with open(fname, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return [f"{fname}: $: cannot read JSON: {e}"]

    if isinstance(doc, dict) and doc.get("type") == "bundle":
        bad_objects = set()
        objects = doc.get("objects")
        if isinstance(objects, list):
            for i, obj in enumerate(objects):
                if check_object(schemas, fname, f"$.objects[{i}]", obj, out):
                    bad_objects.add(i)
        bundle_v = schemas.validator("common/bundle.json")
        if bundle_v is None:
            out.append(f"{fname}: $: no common/bundle.json in the schema directory")
            return out
        for err in sorted(bundle_v.iter_errors(doc), key=sort_key):
            p = list(err.absolute_path)
            # an object already reported on its own schema: skip the vaguer
            # anyOf/oneOf error of the bundle about it
            if len(p) >= 2 and p[0] == "objects" and p[1] in bad_objects:
                continue
            report(fname, "$", err, out)
        # ids must be unique within a bundle (not expressible in the schema)
        if isinstance(objects, list):
            seen = {}
            for i, obj in enumerate(objects):
                if not isinstance(obj, dict) or "id" not in obj:
                    continue
                key = (obj.get("id"), obj.get("modified"))
                if key in seen:
                    out.append(
                        f"{fname}: $.objects[{i}]: duplicate id {obj['id']} "
                        f"(also $.objects[{seen[key]}])"
                    )
                else:
                    seen[key] = i
    else:
        if isinstance(doc, dict) and schemas.for_type(doc.get("type")) is None:
            out.append(f"{fname}: $: not a bundle, and no schema for type {doc.get('type')!r}")
        else:
            check_object(schemas, fname, "$", doc, out)
    return out


def main(argv):
    if len(argv) < 3:
        print("usage: stix_validate.py SCHEMA_DIR FILE...", file=sys.stderr)
        return 2
    schema_dir = argv[1]
    if not os.path.isdir(schema_dir):
        print(f"stix_validate: {schema_dir}: not a directory", file=sys.stderr)
        return 2
    try:
        schemas = Schemas(schema_dir)
    except (OSError, ValueError) as e:
        print(f"stix_validate: {schema_dir}: {e}", file=sys.stderr)
        return 2
    if schemas.validator("common/bundle.json") is None:
        print(f"stix_validate: {schema_dir}: no common/bundle.json", file=sys.stderr)
        return 2
    errors = 0
    for fname in argv[2:]:
        for line in check_file(schemas, fname):
            print(line)
            errors += 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
