"""Issue-form fields: GitHub renders each as a `### Name` heading followed by the answer.

The value is everything up to the next heading; `_No response_` (an unanswered optional field)
is no value. Names compare case-insensitively with any run of spaces alike; values match as
keywords do (`phrases.py`), within the value only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from triage.classify.finder import Hit, Target, quote
from triage.classify.keywords import phrase_key
from triage.classify.phrases import Phrase
from triage.classify.text import PreparedIssue, PreparedText, line_around, line_at
from triage.model import Term

NO_RESPONSE = "_No response_"


class FormField(NamedTuple):
    """`key`: the normalised name; `start`, `end`: the value's offsets in the body's prose."""

    key: str
    start: int
    end: int


class FieldOwner(NamedTuple):
    target: int
    field_name: str
    value: Term


def field_key(name: str) -> str:
    return " ".join(name.lower().split()).rstrip(":").rstrip()


def form_fields(text: PreparedText) -> list[FormField]:
    headings = text.headings
    found: list[FormField] = []
    for index, (level, name, _, end) in enumerate(headings):
        value_end = headings[index + 1][2] if index + 1 < len(headings) else len(text.prose)
        value = text.prose[end:value_end].strip()
        if level == 3 and value and value != NO_RESPONSE:
            found.append(FormField(field_key(name), end, value_end))
    return found


class FieldFinder:
    def __init__(self, entries: Sequence[tuple[str, Phrase, tuple[FieldOwner, ...]]]) -> None:
        self._entries = tuple(entries)
        self.probes = tuple(phrase.probe for _, phrase, _ in self._entries)

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> Iterator[Hit]:
        body = issue.body
        fields = form_fields(body) if "#" in body.prose else []
        for index in fired:
            key, phrase, owners = self._entries[index]
            offset = _first_in_field(body, fields, key, phrase)
            if offset is None:
                continue
            said = quote(line_around(body.prose, offset))
            line = line_at(body.prose, offset)
            for owner in owners:
                term = f"{owner.field_name}: {owner.value.text}"
                yield Hit(owner.target, "field", term, owner.value.weight, said, "body", line)


def _first_in_field(body: PreparedText, fields: list[FormField], key: str, phrase: Phrase) -> int | None:
    haystack = body.prose if phrase.case_sensitive else body.lowered_prose
    for field in fields:
        if field.key == key:
            span = phrase.first_in(haystack[field.start : field.end])
            if span is not None:
                return field.start + span[0]
    return None


def build(targets: Sequence[Target]) -> FieldFinder:
    grouped: dict[tuple[str, tuple[str, bool]], list[FieldOwner]] = {}
    for index, target in enumerate(targets):
        for rule in target.matchers.fields:
            for value in rule.values:
                if value.text.strip():
                    key = (field_key(rule.name), phrase_key(value))
                    grouped.setdefault(key, []).append(FieldOwner(index, rule.name, value))
    entries = [
        (name, Phrase(owners[0].value.text, case), tuple(owners))
        for (name, (_, case)), owners in grouped.items()
    ]
    return FieldFinder(entries)
