"""The rules format as a JSON Schema (draft 2020-12), derived from the loader's own declaration.

Editors use it (`# yaml-language-server: $schema=...`) to complete and check keys as you type.
Regenerate the shipped copy after changing `schema.py`:

    python -m triage.ruleset.json_schema > triage/schema/ownership.schema.json

What JSON Schema cannot express is checked by the loader alone: unique ids and label names,
terms listed twice (compared as matching compares them), duplicate keys, RE2 compilation,
gitignore globs, doc links and `docs_base` (scheme, a host that can be read, relative links
needing `docs_base`), `github_hosts` (a host alone, not a URL, a path or a port), the template
file (existing, inside the rules file's folder), `suggest` not above `apply` (nor a team's above
its threshold), and a team's own `suggest` only on a team of no areas.
"""

from __future__ import annotations

import json
from typing import Any

from triage.ruleset.schema import RULES
from triage.ruleset.spec import FROM_SPEC, Choice, Either, Flag, Key, ListOf, Mapping, Number, Spec, Text

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JsonObject = dict[str, Any]


def rules_json_schema() -> JsonObject:
    defs: dict[str, JsonObject] = {}
    body = _mapping(RULES, defs)
    return {"$schema": DRAFT, "title": "triage ownership rules", **body, "$defs": dict(sorted(defs.items()))}


def _spec(spec: Spec, defs: dict[str, JsonObject]) -> JsonObject:
    match spec:
        case ListOf():
            minimum = {"minItems": spec.min_items} if spec.min_items else {}
            return {"type": "array", "items": _spec(spec.item, defs), **minimum}
        case Either():
            return {"oneOf": [_text(spec.scalar), _spec(spec.mapping, defs)]}
        case Mapping():
            return _reference(spec, defs)
        case _:
            return _scalar(spec)


def _scalar(spec: Text | Number | Flag | Choice) -> JsonObject:
    match spec:
        case Text():
            return _text(spec)
        case Number():
            return _number(spec)
        case Flag():
            return {"type": "boolean"}
        case Choice():
            return {"enum": list(spec.values)}


def _text(spec: Text) -> JsonObject:
    schema: JsonObject = {"type": "string"}
    if spec.min_length:
        schema["minLength"] = spec.min_length
    if spec.max_length is not None:
        schema["maxLength"] = spec.max_length
    if spec.pattern is not None:
        schema["pattern"] = f"^(?:{spec.pattern})$"
    return schema


def _number(spec: Number) -> JsonObject:
    schema: JsonObject = {"type": "integer" if spec.integer else "number"}
    if spec.const is not None:
        schema["const"] = spec.const
    if spec.positive:
        schema["exclusiveMinimum"] = 0
    if spec.maximum is not None:
        schema["maximum"] = spec.maximum
    return schema


def _reference(spec: Mapping, defs: dict[str, JsonObject]) -> JsonObject:
    if spec.name is None:
        return _mapping(spec, defs)
    if spec.name not in defs:
        defs[spec.name] = {}  # reserved first: a mapping may refer to itself through its keys
        defs[spec.name] = _mapping(spec, defs)
    return {"$ref": f"#/$defs/{spec.name}"}


def _mapping(spec: Mapping, defs: dict[str, JsonObject]) -> JsonObject:
    schema: JsonObject = {"type": "object"}
    if spec.description:
        schema["description"] = spec.description
    schema["properties"] = {name: _property(key, defs) for name, key in spec.fields.items()}
    if spec.required_keys:
        schema["required"] = list(spec.required_keys)
    schema["additionalProperties"] = False
    return schema


def _property(key: Key, defs: dict[str, JsonObject]) -> JsonObject:
    schema = _spec(key.spec, defs)
    if key.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema = {**schema, "description": key.description}
    default = [] if key.default is FROM_SPEC and isinstance(key.spec, ListOf) else key.default
    if not key.required and default is not FROM_SPEC and (default is not None or key.nullable):
        schema["default"] = default
    return schema


def render() -> str:
    return json.dumps(rules_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
