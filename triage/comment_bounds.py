"""Bounds on single calls of a comment template, judged from their arguments before they run.

The sandbox's time limit is checked between calls, lookups and operators; it cannot stop one call
that runs long or allocates a huge string on its own: C code (`'%.1000000f' % x`, `str.center`)
or a Python function of Jinja2's that the template calls once (`lipsum(200000)` made 200,000
paragraphs; the `batch` filter fills its last batch up to the size asked). A width or precision is
bounded by MAX_WIDTH, what a call would write by MAX_LENGTH; a call past either raises
SecurityError, reported at its line as any template error is.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import filters
from jinja2.exceptions import SecurityError

from triage.render import MAX_CHARS

MAX_LENGTH = 1_048_576
"""The longest string or list one call, or `*` (`triage.comment_sandbox`), may make, and the most
characters a rendering may write."""
MAX_WIDTH = MAX_CHARS
"""The widest width or precision: GitHub's limit for a whole comment."""

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")
"""A printf-style conversion's width and precision (`%-10.3f`, `%(name)20s`)."""
_NUMBER = re.compile(r"\d+")


def percent_problem(template: str) -> str | None:
    """Why `template % values` (or `template|format(...)`) is refused, from its conversions."""
    for conversion in _PERCENT_SPEC.finditer(template):
        for size in conversion.groups():
            problem = _size_problem("'%' formatting", size or "")
            if problem is not None:
                return problem
    return None


def format_spec_problem(template: str) -> str | None:
    """Why `template.format(...)` is refused, from its format specs; a template `str.format`
    cannot read is left for it to refuse."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _, _, spec, _ in fields:
        if spec and "{" in spec:
            return "'format' with a width or precision from an argument is refused: write the number"
        for size in _NUMBER.findall(spec or ""):
            problem = _size_problem("'format'", size)
            if problem is not None:
                return problem
    return None


def _size_problem(what: str, size: str) -> str | None:
    if size == "*":
        return f"{what} with a width or precision from an argument ('*') is refused: write the number"
    digits = size.lstrip("0")
    if len(digits) <= len(str(MAX_WIDTH)) and int(digits or "0") <= MAX_WIDTH:
        return None
    return f"{what} asks for a width or precision of {digits}, over the limit of {MAX_WIDTH}"


def width_problem(what: str, width: object) -> str | None:
    if isinstance(width, int) and width > MAX_WIDTH:
        return f"'{what}' asks for a width of {width}, over the limit of {MAX_WIDTH}"
    return None


def length_problem(what: str, length: int) -> str | None:
    if length <= MAX_LENGTH:
        return None
    return f"'{what}' would make a string or list of about {length} items, over the limit of {MAX_LENGTH}"


def str_method_problem(method: Any, args: tuple[Any, ...]) -> str | None:
    """Why a call of a `str` method that pads or repeats is refused; None for any other (the
    sandbox hands out `format` as a wrapper of its own: `format_spec_problem` is for that)."""
    text = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(text, str) or not args:
        return None
    if name in ("center", "ljust", "rjust", "zfill"):
        return width_problem(name, args[0])
    if name == "expandtabs" and isinstance(args[0], int):
        return width_problem(name, args[0]) or length_problem(name, len(text) + text.count("\t") * args[0])
    if name == "replace":
        return _replace_problem(text, args[0], args[1] if len(args) > 1 else "")
    return None


def _replace_problem(text: str, old: object, new: object) -> str | None:
    if not isinstance(old, str) or not isinstance(new, str):
        return None
    return length_problem("replace", len(text) + text.count(old) * len(new))


def _refuse(problem: str | None) -> None:
    if problem is not None:
        raise SecurityError(problem)


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    _refuse(percent_problem(str(value)))
    return filters.do_format(value, *args, **kwargs)


def _center(value: str, width: int = 80) -> str:
    _refuse(width_problem("center", width))
    return filters.do_center(value, width)


def _indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    indent = len(width) if isinstance(width, str) else width
    if isinstance(indent, int):
        _refuse(length_problem("indent", len(str(text)) + (str(text).count("\n") + 1) * indent))
    return filters.do_indent(text, width, first, blank)


@jinja2.pass_environment
def _wordwrap(environment: jinja2.Environment, text: str, width: int = 79, *args: Any, **kwargs: Any) -> str:
    """Each line it makes ends in `wrapstring` (a newline unless given): at most one per character."""
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None) or "\n"
    _refuse(length_problem("wordwrap", len(text) * (1 + len(str(wrapstring)))))
    return filters.do_wordwrap(environment, text, width, *args, **kwargs)


@jinja2.pass_eval_context
def _replace(context: Any, text: str, old: str, new: str, count: int | None = None) -> str:
    _refuse(_replace_problem(str(text), str(old), str(new)))
    return filters.do_replace(context, text, old, new, count)


def _batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    _refuse(length_problem("batch", linecount))
    return filters.do_batch(value, linecount, fill_with)


def _slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    _refuse(length_problem("slice", slices))
    return filters.do_slice(value, slices, fill_with)


BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "format": _format,
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
}
"""Jinja2's filters that can make a huge string or list in one call, each checked first.
`truncate` needs no bound: it returns at most its input and its `end`."""
