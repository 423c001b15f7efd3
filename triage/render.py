"""The comment body: a Jinja2 template, sandboxed, filled from `triage.comment_view`.

Jinja2 is imported inside the functions that need it: `triage dry-run --format jsonl` and every
command that never renders must not pay for it at start-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from triage.comment_view import (
    MARKDOWN_LINK,
    AreaBlock,
    CommentView,
    PossibleBlock,
    SuggestedArea,
    TeamBlock,
    build_view,
    keep_reasons,
)
from triage.errors import Problem, RulesError
from triage.marker import MARKER
from triage.model import Classification, Doc, Rules
from triage.ruleset.source import YamlFileError, read_source

if TYPE_CHECKING:
    from jinja2 import Template

BUNDLED_TEMPLATE = Path(__file__).parent / "templates" / "comment.md.j2"
MAX_CHARS = 65_536
"""GitHub's limit on a comment body (a longer one is a 422)."""
MAX_BYTES = 262_144
"""Budget in UTF-8 bytes too: 4 per character at most, so MAX_CHARS keeps it; checked all the same."""
CUT_NOTE = "_… the rest of this comment was cut to fit GitHub's size limit._"

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")

Renderer = Callable[[CommentView], str]


def render_comment(
    rules: Rules,
    classification: Classification,
    *,
    always: bool = False,
    taken_off: tuple[str, ...] = (),
    carried: tuple[str, ...] = (),
) -> str | None:
    """The whole comment, marker on its first line; None when there is nothing to say, unless
    `always` (a comment of ours already says something, which must not stay as it is). `taken_off`:
    the labels the rules give that a person took off (`classification` no longer holds them).
    `carried`: the labels the issue carries once triage's writes are made (`build_view`)."""
    view = build_view(rules, classification, taken_off, carried)
    if not view.matched and rules.comment.on_no_match != "short" and not always:
        return None
    render = _renderer(rules.comment.template)
    return fit(view, render)


def render_reasons_dropped(rules: Rules, classification: Classification) -> str:
    """The comment as `fit` renders one too long for GitHub, every reason dropped and counted in
    `hidden_reasons`: for `triage check`, as no sample is long enough to reach that branch."""
    view = build_view(rules, classification)
    return _renderer(rules.comment.template)(keep_reasons(view, 0))


def load_template(rules: Rules) -> None:
    """Compile the rules' own template now (a RulesError if it is broken, or if it includes, imports
    or extends another, in whatever branch), so that a run finds out before its first request, and
    `triage check` before merge; the bundled one is left for later."""
    template_path = rules.comment.template
    if template_path is None:
        return
    template = _load_template(template_path)
    from triage.comment_sandbox import first_load, one_file_message  # noqa: PLC0415 - loaded with the template

    load = first_load(template.environment, _template_source(template_path))
    if load is not None:
        line, name = load
        raise _template_error(template_path, line, one_file_message(name))


def fit(view: CommentView, render: Renderer) -> str:
    """The fullest rendering within GitHub's limits: first drop reasons, then cut the text."""
    full = render(view)
    if _fits(full):
        return full
    kept = _most_reasons_that_fit(view, render)
    if kept is not None:
        return render(keep_reasons(view, kept))
    return _cut(render(keep_reasons(view, 0)), view.correction)


def _fits(body: str) -> bool:
    return len(body) <= MAX_CHARS and len(body.encode("utf-8")) <= MAX_BYTES


def _most_reasons_that_fit(view: CommentView, render: Renderer) -> int | None:
    """Binary search on how many reasons to keep; None when even none is too long."""
    low, high = 0, view.reason_count
    if not _fits(render(keep_reasons(view, low))):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(render(keep_reasons(view, middle))):
            low = middle
        else:
            high = middle - 1
    return low


def _cut(body: str, closing: str) -> str:
    """The head of `body` (marker and notes come first) and the closing line, within MAX_CHARS; a
    fold the cut leaves open is closed first, so that the note and the closing line stay in view."""
    tail = f"\n\n{CUT_NOTE}\n\n{closing}\n"
    head = _whole_tags(body, MAX_CHARS - len(tail))
    closers = _closers(head)
    if closers:
        head = _whole_tags(body, MAX_CHARS - len(tail) - len(closers))
        closers = _closers(head)  # the same folds, or fewer: still within the limit
    return head.rstrip() + closers + tail


def _whole_tags(body: str, end: int) -> str:
    """`body` up to `end`, less its last line when the cut fell inside that line's HTML (`<details`,
    `<details><summary>7 more do`): a tag left open would hide what follows it; and less a last list
    item (a doc, a question), which may be cut inside its link (`- [Runbook](https://docs.example.com/run`:
    the `[` shows as text, and GitHub links the half URL, to another page) or its code span. Such an
    item is one short line: leaving it out, whole or not, costs little. Any other line the cut falls
    in (a note, the areas possibly meant) keeps what comes before the markup the cut leaves open."""
    head = body[:end]
    start = head.rfind("\n") + 1
    last = head[start:]
    open_tag = last.startswith("<") and not last.rstrip().endswith(">")
    list_item = last == "-" or last.startswith("- ")
    if open_tag or list_item:
        return head[:start]
    cut_inside = end < len(body) and body[end] != "\n"
    return head[:start] + _before_open_markup(last) if cut_inside else head


_WHOLE_MARKUP = MARKDOWN_LINK + r"|(?<!`)(`++)[^`].*?(?<!`)\1(?!`)|\*\*.+?\*\*"
"""A whole link (its text holding brackets one deep), code span or bold text. A code span opens at
the start of a run of backticks, all of it (`++` gives none back): a line of runs of many lengths
would otherwise be tried from each backtick of each run (52 s for a line of 45,747 characters; 0.4 s so)."""
_OPEN_MARKUP = r"(?<!\\)(?:\[|`|\*\*)|<?(?:https?://|www\.)\S*$"
"""What opens a link, a code span or bold text, or a bare URL that runs to the end of the line."""


def _before_open_markup(line: str) -> str:
    """`line`, which the cut ends, up to the link, code span or bold text the cut leaves open, or the
    bare URL it cuts short: `Possibly also [**Monitoring**](https://docs.exam` would show its `[` and
    `](` as text, and GitHub would link the half URL, to another page. Compiled by `re`'s own cache
    on first use: only a comment too long for GitHub needs it."""
    masked = re.sub(_WHOLE_MARKUP, lambda whole: " " * len(whole.group()), line)
    opened = re.search(_OPEN_MARKUP, masked)
    return line if opened is None else line[: opened.start()].rstrip()


_FOLD_OPENED = re.compile(r"^<details>", re.MULTILINE)
_FOLD_CLOSED = re.compile(r"^</details>", re.MULTILINE)


def _closers(head: str) -> str:
    """What closes the folds (`<details>` at a line's start, as the template writes them) `head`
    leaves open."""
    opened = len(_FOLD_OPENED.findall(head)) - len(_FOLD_CLOSED.findall(head))
    return "\n\n</details>" * max(opened, 0)


def _renderer(template_path: str | None) -> Renderer:
    template = _load_template(template_path)

    def render(view: CommentView) -> str:
        return _tidy(MARKER + "\n" + _render_template(template, view, template_path))

    return render


@functools.lru_cache(maxsize=8)
def _load_template(template_path: str | None) -> Template:
    """Compiled once per process: a batch renders thousands of comments from one template."""
    import jinja2  # noqa: PLC0415 - lazy: commands that never render must not pay for Jinja2

    from triage.comment_sandbox import comment_environment  # noqa: PLC0415 - lazy, as above
    from triage.template_cache import compiled_template  # noqa: PLC0415 - lazy, as above

    source = _template_source(template_path)
    try:
        return compiled_template(comment_environment(), source)
    except Exception as error:  # compiling runs the author's constant expressions (`10**5000`) too
        if _is_ours(error, template_path):
            raise
        line = error.lineno if isinstance(error, jinja2.TemplateSyntaxError) else _template_line(error)
        raise _template_error(template_path, line, _message(error)) from None


def _template_source(template_path: str | None) -> str:
    if template_path is None:  # package data beside this module (pyproject's package-data)
        return BUNDLED_TEMPLATE.read_text(encoding="utf-8")
    try:
        source = read_source(template_path, "comment.template")
    except YamlFileError as error:
        raise RulesError([error.problem]) from None
    # A byte order mark, which editors on Windows write, would start the comment's first line after
    # the marker, and a heading (`# Thanks`) there would show as text.
    return source.removeprefix("\ufeff")


def _render_template(template: Template, view: CommentView, template_path: str | None) -> str:
    from triage.comment_sandbox import render_limited  # noqa: PLC0415 - loaded with the template already

    context = {name: getattr(view, name) for name in CONTEXT_NAMES}
    try:
        text = render_limited(template, context)
    except Exception as error:  # whatever the author's template raises is theirs to fix
        if _is_ours(error, template_path):
            raise
        message = _missing_attribute(error) or _message(error) + _names_hint(error)
        raise _template_error(template_path, _template_line(error), message) from None
    surrogate = _lone_surrogate(text)
    if surrogate is not None:
        line = _line_holding(_template_source(template_path), surrogate)
        raise _template_error(template_path, line, _surrogate_message(surrogate))
    if _shows_nothing(text):
        raise _template_error(template_path, 1, EMPTY_MESSAGE)
    return text


EMPTY_MESSAGE = (
    "the comment is empty (nothing but whitespace and HTML comments), which GitHub shows as an empty "
    "comment: write something in every case, nothing matched too (a re-triage that finds no owner "
    "rewrites the comment); `on_no_match: none` is how to post none where nothing matches"
)

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
"""An HTML comment, or one left open, which GitHub hides to the end."""


def _shows_nothing(text: str) -> bool:
    """Whether `text` is whitespace and HTML comments only (the marker, copied into the template),
    which GitHub shows as an empty comment."""
    shown = text.strip()
    return not shown or (shown.startswith("<!--") and not _HTML_COMMENT.sub("", shown).strip())


def _lone_surrogate(text: str) -> str | None:
    """A half of a UTF-16 surrogate pair standing alone, which UTF-8 (and so GitHub) cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return text[error.start]
    return None


def _line_holding(source: str, surrogate: str) -> int:
    """The first template line that spells the surrogate as an escape (Jinja2 reads `"\\ud83d"` in
    a string as Python does), else 1."""
    spelt = f"\\u{ord(surrogate):04x}"
    for number, line in enumerate(source.splitlines(), start=1):
        if spelt in line.lower() or surrogate in line:
            return number
    return 1


def _surrogate_message(surrogate: str) -> str:
    return (
        f"the comment holds a lone surrogate (U+{ord(surrogate):04X}), which UTF-8 cannot encode: "
        'Jinja2 reads an escape such as "\\ud83d\\udc4b" as two halves of a UTF-16 pair, not one '
        'character; write the character itself, or its code point ("\\U0001F44B")'
    )


CONTEXT_NAMES = (
    "notes",
    "teams",
    "suggested",
    "fallback_label",
    "matched",
    "hidden_reasons",
    "correction",
    "issue_title",
    "issue_number",
    "possible",
    "taken_off",
    "asks",
    "suggested_areas",
)


def _template_line(error: BaseException) -> int:
    """The template line a render error came from: Jinja2 names its frames `<template>`."""
    line, trace = 1, error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _is_ours(error: Exception, template_path: str | None) -> bool:
    """The bundled template failing other than as a template is a bug in triage (exit 3)."""
    import jinja2  # noqa: PLC0415 - only once a template failed, so Jinja2 is loaded already

    return template_path is None and not isinstance(error, jinja2.TemplateError)


def _message(error: Exception) -> str:
    """Jinja2's own message; any other exception (a division by zero, a macro that calls itself)
    also names its type, which is most of what "maximum recursion depth exceeded" says."""
    import jinja2  # noqa: PLC0415 - only once a template failed, so Jinja2 is loaded already

    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.message or str(error)
    if isinstance(error, jinja2.TemplateError):
        return str(error)
    said = str(error)
    return f"{type(error).__name__}: {said}" if said else type(error).__name__


_UNDEFINED_NAME = re.compile(r"'(\w+)' is undefined")


def _names_hint(error: Exception) -> str:
    """For a name the template reads that it is not given (a guess, a typo, a Jinja2 global the
    sandbox leaves out): the names it is given, which only the README lists otherwise."""
    import jinja2  # noqa: PLC0415 - only once a template failed, so Jinja2 is loaded already

    if not isinstance(error, jinja2.UndefinedError) or not _UNDEFINED_NAME.fullmatch(str(error)):
        return ""
    return f"; the names a comment template can read: {', '.join(CONTEXT_NAMES)}"


_MISSING_ATTRIBUTE = re.compile(r"'([\w.]+) object' has no attribute '(\w+)'")

_VIEW_SHAPES = {
    f"{shape.__module__}.{shape.__name__}": (what, shape._fields)
    for shape, what in (
        (TeamBlock, "a team of `teams`"),
        (AreaBlock, "an area of a team's `areas`"),
        (Doc, "a doc of `docs`"),
        (PossibleBlock, "an entry of `possible`"),
        (SuggestedArea, "an entry of `suggested_areas`"),
    )
}
"""The values a template reads attributes of, by the name Jinja2 gives their type in a message."""


def _missing_attribute(error: Exception) -> str | None:
    """For an attribute a team, an area, a doc or an entry the template reads does not have (a
    guess, a typo: `area.doc_url`), or one read from a list: what the template read it from, in the
    template's words, and the attributes it has. Jinja2's message names triage's own class
    (`'triage.comment_view.AreaBlock object'`), which no template names."""
    import jinja2  # noqa: PLC0415 - only once a template failed, so Jinja2 is loaded already

    missing = _MISSING_ATTRIBUTE.fullmatch(str(error)) if isinstance(error, jinja2.UndefinedError) else None
    if missing is None:
        return None
    kind, attribute = missing.groups()
    if kind in ("tuple", "list"):
        loop = f"{{% for entry in ... %}}{{{{ entry.{attribute} }}}}{{% endfor %}}"
        return f"a list has no attribute {attribute!r}: read it of each entry, in a loop (`{loop}`)"
    shape = _VIEW_SHAPES.get(kind)
    if shape is None:
        return None
    what, attributes = shape
    return f"{what} has no attribute {attribute!r}; it has {', '.join(attributes)}"


def _template_error(template_path: str | None, line: int, message: str) -> RulesError:
    return RulesError([Problem(template_path or "comment.md.j2", line, 1, "comment.template", message)])


def _tidy(body: str) -> str:
    """At most one blank line in a row, no trailing spaces, one final newline."""
    return _BLANK_RUNS.sub("\n\n", _TRAILING_SPACE.sub("\n", body)).strip() + "\n"
