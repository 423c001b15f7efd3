"""Typed reads from decoded JSON, with errors that name the field (`issue.number: expected ...`).

The caller adds where the JSON came from (`event.json: `, `issues.jsonl:7: `): these helpers only
know the key path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from triage.model import MAX_ISSUE_NUMBER
from triage.safe_text import well_formed

JsonObject = Mapping[str, object]


class FieldProblem(Exception):  # noqa: N818 - not an error of its own: callers turn it into an InputError
    """A field that is missing or of the wrong type; `str()` is `key.path: message`."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")


class JsonLimitError(ValueError):
    """JSON that is well-formed but past what the parser can take; `str()` says what, for people."""


class _NonJsonConstantError(ValueError):
    """`NaN`, `Infinity` or `-Infinity`, which Python's json reads and JSON does not have."""


def refuse_constant(name: str) -> object:
    """A `parse_constant` for json's decoder that refuses the three constants: GitHub never writes
    them, so a file holding one is written by hand or corrupt, and is refused as not JSON rather
    than read as a float that some field then calls a number of the wrong kind."""
    raise _NonJsonConstantError(name)


_STRING_OR_CONSTANT = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|(NaN|-?Infinity)', re.DOTALL)


def decode(text: str) -> object:
    """`json.loads`, with its two failures besides a syntax error (`JSONDecodeError`, left as it
    is) made `JsonLimitError`s: nesting deeper than its recursion allows, and an integer longer
    than Python's 4,300-digit limit on reading one. `NaN`, `Infinity` and `-Infinity` are a
    `JSONDecodeError` at the first of them (`refuse_constant`)."""
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except RecursionError:
        raise JsonLimitError("nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except _NonJsonConstantError as error:
        raise json.JSONDecodeError(
            f"{error} is not a JSON value: JSON has no NaN or Infinity", text, _first_constant(text)
        ) from None
    except ValueError:
        raise JsonLimitError("a number of more than 4,300 digits") from None


def _first_constant(text: str) -> int:
    """Where the decoder met the constant it refused: the first one outside a string, as all
    before it was read as JSON, in which no other token holds `NaN` or `Infinity`."""
    for match in _STRING_OR_CONSTANT.finditer(text):
        if match.group(1):
            return match.start(1)
    return 0


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def as_object(value: object, key: str) -> JsonObject:
    if not isinstance(value, dict):
        raise FieldProblem(key, f"expected an object, got {json_type(value)}")
    return value


def object_at(obj: JsonObject, key: str, prefix: str = "") -> JsonObject:
    if key not in obj:
        raise FieldProblem(prefix + key, "missing")
    return as_object(obj[key], prefix + key)


def required_str(obj: JsonObject, key: str, prefix: str = "") -> str:
    if key not in obj:
        raise FieldProblem(prefix + key, "missing")
    return _str(obj[key], prefix + key)


def optional_str(obj: JsonObject, key: str, prefix: str = "") -> str | None:
    """Missing and `null` both read as None."""
    value = obj.get(key)
    return None if value is None else _str(value, prefix + key)


def optional_int(obj: JsonObject, key: str, prefix: str = "", *, minimum: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise FieldProblem(prefix + key, f"expected {wanted}")
    return value


PAST_THE_LARGEST = f"expected an issue number of at most {MAX_ISSUE_NUMBER}, GitHub's largest"


def optional_issue_number(obj: JsonObject, key: str, prefix: str = "") -> int | None:
    """An issue's number, a positive integer; one past GitHub's largest is told its size, whether
    written as an integer or as a number Python reads as a float (`3e10`)."""
    written = obj.get(key)
    if isinstance(written, float) and written > MAX_ISSUE_NUMBER:
        raise FieldProblem(prefix + key, PAST_THE_LARGEST)
    number = optional_int(obj, key, prefix, minimum=1)
    if number is not None and number > MAX_ISSUE_NUMBER:
        raise FieldProblem(prefix + key, PAST_THE_LARGEST)
    return number


def label_names(obj: JsonObject, key: str, prefix: str = "") -> tuple[str, ...]:
    """Labels as GitHub sends them (objects with a `name`) or as plain strings."""
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldProblem(prefix + key, f"expected an array, got {json_type(value)}")
    if all(isinstance(item, str) and item.isascii() for item in value):  # the usual case
        return tuple(value)
    return tuple(_label_name(item, f"{prefix}{key}[{index}]") for index, item in enumerate(value))


def _label_name(item: object, key: str) -> str:
    if isinstance(item, str):
        return well_formed(item)
    return required_str(as_object(item, key), "name", key + ".")


def _str(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise FieldProblem(key, f"expected a string, got {json_type(value)}")
    return value if value.isascii() else well_formed(value)
