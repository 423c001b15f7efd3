"""Read a labelled corpus: one JSON issue a line, with the labels people gave it.

Each line is an object with `title` and `body` (strings; `body` may be null or missing) and
`labels` (a list of names, or of `{"name": ...}` objects as the GitHub API returns them), and
optionally `url` and `number`. Blank lines are skipped. Any other problem is an `InputError`
naming the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

from triage.errors import InputError
from triage.model import Issue


def read_corpus(path: str) -> tuple[Issue, ...]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"{path}: cannot read corpus: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text: {error.reason}") from error
    return tuple(
        issue_from_line(line, f"{path}:{number}") for number, line in enumerate(lines, 1) if line.strip()
    )


def issue_from_line(line: str, where: str) -> Issue:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: invalid JSON: {error.msg}") from error
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    return Issue(
        title=_text(data, "title", where, required=True),
        body=_text(data, "body", where, required=False),
        number=_number(data, where),
        url=_text(data, "url", where, required=False) or None,
        labels=_labels(data, where),
    )


def _text(data: dict[str, object], key: str, where: str, *, required: bool) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: {key}: expected a string")
    return value


def _number(data: dict[str, object], where: str) -> int | None:
    value = data.get("number")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{where}: number: expected a positive integer")
    return value


def _labels(data: dict[str, object], where: str) -> tuple[str, ...]:
    value = data.get("labels", [])
    if not isinstance(value, list):
        raise InputError(f"{where}: labels: expected a list of label names")
    names = [item.get("name") if isinstance(item, dict) else item for item in value]
    if not all(isinstance(name, str) for name in names):
        raise InputError(f"{where}: labels: expected a list of label names")
    return tuple(str(name) for name in names)
