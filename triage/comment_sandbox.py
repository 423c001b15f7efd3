"""The Jinja2 environment a comment template runs in: sandboxed, StrictUndefined, one file, and
cheap limits on what a template can cost.

A rules author's template is trusted configuration, reviewed like code, but a slip in it must
not hang a run or eat the runner's memory. Three limits cost next to nothing:

- `*` and `**` are intercepted (Jinja2's `intercepted_binops`, which also stops them being folded
  while compiling), so `'a' * 10**9` or `10 ** (10**9)` is refused before it is computed;
- a rendering stops once it has written MAX_LENGTH characters (16 times what GitHub takes; the
  comment is cut to fit afterwards anyway);
- a rendering that runs past TIME_LIMIT is stopped at its next call, attribute or item lookup,
  or intercepted operator: nested `range()` loops call `range` on every outer pass;
- one call the time limit cannot interrupt (`%` formatting, a filter or `str` method that pads
  or repeats, see `triage.comment_bounds`) is refused from its arguments, and `lipsum`, which
  made `lipsum(200000)` run for minutes, is not among the globals.

`striptags` is replaced too: Jinja2's decodes character references, which would make the tags
of the issue's title, escaped in `comment_view`, tags again; and a tag it strips gives way to a
zero-width joiner, so what stood either side of it in a reason does not join into a mention.
So is `urlize`, which links a bare host name of the issue's text (`github.com/o/r/issues/1`).

What is left (a loop doing nothing over a sequence built earlier, `~` doubling a string in a
loop, `join` of a long list) is for review to catch; see the README.
Imported only where a comment is rendered or a template checked (see `triage.render`).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import do_urlize
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from triage.comment_bounds import (
    BOUNDED_FILTERS,
    MAX_LENGTH,
    format_spec_problem,
    percent_problem,
    str_method_problem,
)
from triage.safe_text import ZWJ

MAX_INT_BITS = 65_536
"""The largest integer `*` or `**` may make (Python will not even print one over 4,300 digits)."""
TIME_LIMIT = 2.0
"""Seconds one rendering may take; the bundled template takes about a millisecond."""


class _OneFile(jinja2.BaseLoader):
    """A comment template is one file: `include`, `import` and `extends` have nothing to load.

    Without a loader Jinja2 raises a bare TypeError ("no loader for this environment specified");
    this says what the author did instead, at the line that did it.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> NoReturn:
        raise jinja2.TemplateNotFound(template, one_file_message(template))


def one_file_message(template: str | None) -> str:
    """For an `include`, `import` or `extends` of `template` (None: a name the template computes)."""
    what = "another template" if template is None else f'"{template}"'
    return f"cannot load {what}: a comment template is one file, it cannot include, import or extend another"


_LOAD_TAG = re.compile(r"\{%[-+]?\s*(?:include|import|from|extends)\b")
"""How each `include`, `import`, `from` and `extends` tag starts (`{%-`, `{%+` too): a source with none
has none to find, and is not parsed again. Parsing costs as much as the compiled-code cache
(`triage.template_cache`) saves: ~15 ms of a run's start-up for a template the bundled one's size."""


def first_load(environment: jinja2.Environment, source: str) -> tuple[int, str | None] | None:
    """The line of the first `include`, `import`, `from` or `extends` in `source` (which compiles),
    and the template it names, wherever it stands: rendering finds one only in a branch it takes,
    and `triage check` may take none that a run's issue does. An `include ... ignore missing` loads
    nothing and fails nothing. Parsed only when a tag may be one (`_LOAD_TAG`): one in `{% raw %}`
    or a `{# comment #}` is text, which only the parser tells."""
    if _LOAD_TAG.search(source) is None:
        return None
    loads = nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends
    for node in environment.parse(source).find_all(
        (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
    ):
        if not isinstance(node, loads) or (isinstance(node, nodes.Include) and node.ignore_missing):
            continue  # the first test only tells mypy what `find_all` gives
        named = node.template
        if isinstance(named, nodes.Const) and isinstance(named.value, str):
            return node.lineno, named.value
        return node.lineno, None
    return None


class CommentSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.clock: Callable[[], float] = time.monotonic
        """Where the time limit reads the time; a test puts a clock it moves itself here."""
        self.deadline = float("inf")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._in_time()
        refused = too_big(operator, left, right)
        if refused is not None:
            raise SecurityError(refused)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Positional-only: a template's own keyword arguments (`f(obj=1)`) pass through untouched."""
        self._in_time()
        refused = str_method_problem(obj, args)
        if refused is not None:
            raise SecurityError(refused)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """`str.format` and `format_map`, looked up: refused here when a spec's width is too big."""
        wrapper = super().wrap_str_format(value)
        refused = None if wrapper is None else format_spec_problem(str(value.__self__))
        if refused is not None:
            raise SecurityError(refused)
        return wrapper

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._in_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._in_time()
        return super().getitem(obj, argument)

    def _in_time(self) -> None:
        if self.clock() > self.deadline:
            raise SecurityError(f"the template ran for more than {TIME_LIMIT:g} seconds and was stopped")


def too_big(operator: str, left: object, right: object) -> str | None:
    """Why `left operator right` is refused, from the operands' sizes alone; None to compute it."""
    if operator == "%" and isinstance(left, str):
        return percent_problem(left)
    if operator == "*" and isinstance(left, str | list | tuple) and isinstance(right, int):
        return _length_problem(len(left) * right)
    if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
        return _length_problem(left * len(right))
    if operator == "*" and isinstance(left, int) and isinstance(right, int):
        return _bits_problem(operator, abs(left).bit_length() + abs(right).bit_length())
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        return _bits_problem(operator, int(right * math.log2(abs(left))) + 1)
    return None


def _length_problem(length: int) -> str | None:
    if length <= MAX_LENGTH:
        return None
    return f"'*' would make a string or list of {length} items, over the limit of {MAX_LENGTH}"


def _bits_problem(operator: str, bits: int) -> str | None:
    if bits <= MAX_INT_BITS:
        return None
    return f"'{operator}' would make a number of about {bits} bits, over the limit of {MAX_INT_BITS}"


def comment_environment() -> CommentSandbox:
    environment = CommentSandbox(
        loader=_OneFile(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: issue text is made safe in comment_view instead.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    del environment.globals["lipsum"]  # one call of pure Python, as long as its argument asks
    environment.filters["urlize"] = urlize_with_scheme
    environment.filters.update(BOUNDED_FILTERS)
    environment.filters["striptags"] = strip_tags
    return environment


_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def strip_tags(value: object) -> str:
    """Jinja2's `striptags` but its last step, which decodes character references: the issue's
    title comes with its `<` as `&lt;` (`triage.comment_view`), and decoded it would be a tag again,
    `<img src=...>`, or a mention (`&amp;#x40;alice`). Tags removed, whitespace collapsed; text of the
    rules' loses nothing by it, as Markdown reads `&amp;` as `&` anyway.

    A tag gives way to a zero-width joiner, not to nothing: a reason quotes the issue's `<` as
    typed, and `@<b>alice`, `&<b>#x40;`, `#<b>123` or `http:<b>//` closed up would be a mention, a
    reference or a link, and two backticks either side of a tag one run that ends the reason's
    code span. Joiners left at a word's edge join nothing and are dropped, so the rules' own
    `<b>Networking</b>` is `Networking`."""
    words = (word.strip(ZWJ) for word in _TAG.sub(ZWJ, str(value)).split())
    return " ".join(word for word in words if word)


_LINK = re.compile(r"<a href=[^>]*>(.*?)</a>", re.DOTALL)


@jinja2.pass_eval_context
def urlize_with_scheme(eval_ctx: EvalContext, value: str, *args: Any, **kwargs: Any) -> str:
    """Jinja2's `urlize`, less the links of text with no `://` and not starting `www.`: it links a
    bare host name too (`evil.example.com`, `github.com/o/r/issues/1`, which would put a
    cross-reference in that issue's timeline), and issue text keeps those; its `://` and `www.` are
    what comes broken (`triage.safe_text`), so it links nothing of the issue's."""
    linked = str(do_urlize(eval_ctx, value, *args, **kwargs))
    return _LINK.sub(_kept_link, linked)


def _kept_link(link: re.Match[str]) -> str:
    text = link.group(1)
    return link.group(0) if "://" in text or text.startswith("www.") else text


def render_limited(template: jinja2.Template, context: Mapping[str, object]) -> str:
    """`template.render(context)` within TIME_LIMIT, stopping once it has written over MAX_LENGTH
    characters: what it wrote by then is already too long for a comment, which `fit` then cuts."""
    environment = template.environment
    if isinstance(environment, CommentSandbox):
        environment.deadline = environment.clock() + TIME_LIMIT
    chunks: list[str] = []
    written = 0
    for chunk in template.generate(context):
        chunks.append(chunk)
        written += len(chunk)
        if written > MAX_LENGTH:
            break
    return "".join(chunks)
