"""Issue-form fields: GitHub renders each as a `### Name` heading followed by the answer.

The value is everything up to the next heading; `_No response_` (an unanswered optional field)
is no value. Names compare case-insensitively with any run of spaces alike; values match as
keywords do (`phrases.py`), within the value only. A form has tens of fields: only the first
`MAX_HEADINGS` headings are read, so a body of thousands of headings stays fast.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import NamedTuple

import re2

from triage.classify.finder import TEXT_LIMIT, Hit, Target, quote
from triage.classify.keywords import phrase_key
from triage.classify.phrases import WHITESPACE, Phrase
from triage.classify.text import PreparedIssue, PreparedText, line_at, window_around
from triage.model import Rules, Term

NO_RESPONSE = "_No response_"
MAX_HEADINGS = 256
MAX_VALUE_PIECES = 256
"""Pieces of a field's value between unticked boxes read: a checkboxes field offers a few dozen
options; a hostile value cut into 6,000 pieces had each searched in turn (9 ms)."""

# Searched in "\n" + prose, so offsets come out as prose offsets plus one: `start()` is where the
# heading line starts in prose, `end() - 1` where it ends.
_HEADING = re.compile(r"\n {0,3}(#{1,6})(?:[ \t]+([^\n]*))?(?=\n|\Z)")
_UNTICKED = re.compile(r"\n[ \t]*[-*+] \[ \][^\n]*")


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


def heading_probe(key: str) -> str:
    """RE2 source found in any `### Name` heading whose name normalises to `key`."""
    words = (WHITESPACE + "+").join(re2.escape(word) for word in key.split())
    return rf"(?i)###[ \t]+{words}"


def form_fields(text: PreparedText, keys: frozenset[str]) -> list[FormField]:
    """The answered fields of `text` whose normalised names are in `keys`, in one pass."""
    prose = text.prose
    found: list[FormField] = []
    open_field: tuple[str, int] | None = None
    for heading in islice(_HEADING.finditer("\n" + prose), MAX_HEADINGS):
        if open_field is not None:
            found.extend(_answered(prose, *open_field, heading.start()))
        title = (heading.group(2) or "").strip()
        is_field = len(heading.group(1)) == 3 and (key := field_key(title)) in keys
        open_field = (key, heading.end() - 1) if is_field else None
    if open_field is not None:
        found.extend(_answered(prose, *open_field, _end_of_value(prose, open_field[1])))
    return found


def _end_of_value(prose: str, start: int) -> int:
    """Where the last field read ends: at the next heading, read or not, else the end."""
    following = _HEADING.search("\n" + prose, start + 1)
    return len(prose) if following is None else following.start()


def _answered(prose: str, key: str, start: int, end: int) -> list[FormField]:
    """The field's value, less the lines of unticked checkboxes: a checkboxes field writes every
    option into the body, `- [x]` before the chosen ones and `- [ ]` before the others."""
    value = prose[start:end].strip()
    if not value or value == NO_RESPONSE:
        return []
    if "[ ]" not in value:
        return [FormField(key, start, end)]
    pieces: list[FormField] = []
    position = start
    for box in _UNTICKED.finditer(prose, start, end):
        if prose[position : box.start()].strip():
            pieces.append(FormField(key, position, box.start()))
            if len(pieces) == MAX_VALUE_PIECES:
                return pieces
        position = box.end()
    if prose[position:end].strip():
        pieces.append(FormField(key, position, end))
    return pieces


class FieldFinder:
    """Probes for the field *headings*: a value can only count under its heading, and words like
    `cluster` or `helm` that rules list as values are common in issues that are not forms."""

    def __init__(self, entries: Sequence[tuple[str, Phrase, tuple[FieldOwner, ...]]]) -> None:
        self._entries = tuple(entries)
        self._keys = tuple(dict.fromkeys(key for key, _, _ in self._entries))
        self._entries_of_key = [
            [index for index, (key, _, _) in enumerate(self._entries) if key == wanted]
            for wanted in self._keys
        ]
        self.probes = tuple(heading_probe(key) for key in self._keys)

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> Iterator[Hit]:
        body = issue.body
        fields = form_fields(body, frozenset(self._keys[index] for index in fired))
        values: dict[str, tuple[list[int], list[int]]] = {}
        for field in fields:
            starts, ends = values.setdefault(field.key, ([], []))
            starts.append(field.start)
            ends.append(field.end)
        for index in (entry for key_index in fired for entry in self._entries_of_key[key_index]):
            key, phrase, owners = self._entries[index]
            offset = _first_in_values(body, *values.get(key, ([], [])), phrase, issue.has_cjk)
            if offset is None:
                continue
            said = quote(window_around(body.prose, offset, TEXT_LIMIT))
            line = line_at(body.prose, offset)
            for owner in owners:
                term = f"{owner.field_name}: {owner.value.text}"
                yield (owner.target, "field", term, owner.value.weight, said, "body", line)


def _first_in_values(
    body: PreparedText, starts: list[int], ends: list[int], phrase: Phrase, cjk: bool
) -> int | None:
    """Where `phrase` first occurs inside one of a field's values, from `starts[i]` to `ends[i]`;
    `cjk`: the issue has CJK text (see `Phrase.reads_cjk_apart`).

    One search over the body finds the next occurrence; only when it falls outside the field's
    values does the search resume at the next value. A value starts after its heading's line and
    ends with the newline before the next heading, so an occurrence never straddles one, and the
    searches stay few however many fields the form has."""
    haystack = phrase.haystack(body, cjk)
    index = 0
    while index < len(starts):
        span = phrase.first_in(haystack, starts[index])
        if span is None:
            return None
        index = bisect_right(starts, span[0]) - 1
        if span[1] <= ends[index]:
            return span[0]
        index += 1
    return None


def build(targets: Sequence[Target], rules: Rules) -> FieldFinder:
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
