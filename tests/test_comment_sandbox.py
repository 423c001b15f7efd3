"""The limits on what a comment template can cost: size of `*` and `**`, output, and time."""

from __future__ import annotations

import pytest
from jinja2 import nodes
from jinja2.exceptions import SecurityError, UndefinedError

from tests.fakegithub import FakeClock
from triage import comment_sandbox
from triage.comment_bounds import MAX_LENGTH
from triage.comment_sandbox import comment_environment, render_limited


def render(source: str) -> str:
    return render_limited(comment_environment().from_string(source), {})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ 'a' * 10**9 }}",
            "'*' would make a string or list of 1000000000 items, over the limit of 1048576",
        ),
        (
            "{{ 10**9 * [0] }}",
            "'*' would make a string or list of 1000000000 items, over the limit of 1048576",
        ),
        (
            "{{ (0,) * 10**9 }}",
            "'*' would make a string or list of 1000000000 items, over the limit of 1048576",
        ),
        ("{{ 10 ** (10**9) }}", "'**' would make a number of about 3321928095 bits, over the limit of 65536"),
        (
            "{{ (2**40000) * (2**40000) }}",
            "'*' would make a number of about 80002 bits, over the limit of 65536",
        ),
    ],
    ids=["string", "list", "tuple", "power", "product"],
)
def test_a_result_too_big_is_refused_before_it_is_made(source: str, message: str) -> None:
    with pytest.raises(SecurityError) as raised:
        render(source)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '-' * 3 }} {{ 3 * 'ab' }} {{ [0] * 2 }}", "--- ababab [0, 0]"),
        ("{{ 6 * 7 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 1.5 * 2 }}", "42 1024 0.5 3.0"),
        ("{{ 1 ** (10**9) }} {{ (-1) ** (10**9) }}", "1 1"),
        ("{{ (-2) ** 3 }} {{ (-3) * 2 }}", "-8 -6"),
        ("{{ ('a' * 1048576) | length }} {{ (2 ** 65535) > 0 }}", "1048576 True"),
    ],
    ids=["sequences", "numbers", "one to any power", "negative numbers", "at the limits"],
)
def test_small_products_and_powers_are_computed_as_usual(source: str, expected: str) -> None:
    assert render(source) == expected


def test_a_templates_own_keyword_arguments_named_obj_or_context_pass_through() -> None:
    assert render("{{ dict(obj=1, context=2) | dictsort }}") == "[('context', 2), ('obj', 1)]"


def test_constant_expressions_are_left_to_render_time_not_folded_while_compiling() -> None:
    template = comment_environment().from_string("{{ 'a' * 10**9 }}")
    with pytest.raises(SecurityError):
        render_limited(template, {})


def test_a_rendering_that_writes_without_end_stops_soon_after_the_limit() -> None:
    written = render("{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}")
    assert MAX_LENGTH < len(written) <= MAX_LENGTH + 1000


def test_a_rendering_past_the_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comment_sandbox, "TIME_LIMIT", 0.05)
    with pytest.raises(SecurityError) as raised:
        render("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    assert str(raised.value) == "the template ran for more than 0.05 seconds and was stopped"


@pytest.mark.parametrize(
    "lookup",
    ["{% if i.real %}{% endif %}", "{% if [i][0] %}{% endif %}", "{{ i * 0 }}"],
    ids=["attribute", "item", "operator"],
)
def test_a_loop_that_calls_nothing_is_stopped_at_its_next_lookup_or_operator(
    monkeypatch: pytest.MonkeyPatch, lookup: str
) -> None:
    monkeypatch.setattr(comment_sandbox, "TIME_LIMIT", 0.001)
    with pytest.raises(SecurityError) as raised:
        render("{% for i in range(99999) %}" + lookup + "{% endfor %}")
    assert str(raised.value) == "the template ran for more than 0.001 seconds and was stopped"


def test_each_rendering_gets_the_whole_time_limit(clock: FakeClock) -> None:
    environment = comment_environment()
    environment.clock = clock.now
    template = environment.from_string("{% for i in range(3) %}{{ i }}{% endfor %}")
    render_limited(template, {})
    clock.advance(comment_sandbox.TIME_LIMIT + 1)
    assert render_limited(template, {}) == "012"


def test_a_rendering_is_stopped_only_once_it_has_written_more_than_the_limit() -> None:
    written = render("{{ 'x' * 1048576 }}{{ 'y' }}{% for i in range(9) %}{{ 'z' }}{% endfor %}")
    assert written == "x" * 1_048_576 + "y"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{{ "%.1000000f"|format(1.0) }}', "'%' formatting asks for a width or precision of 1000000, over"),
        ('{{ "%.1000000f" % 1.0 }}', "'%' formatting asks for a width or precision of 1000000, over"),
        ('{{ "%*d" % (10**9, 1) }}', "'%' formatting with a width or precision from an argument ('*')"),
        ('{{ "{:>1000000000}".format(1) }}', "'format' asks for a width or precision of 1000000000, over"),
        ('{{ "{:>{}}".format(1, 10**9) }}', "'format' with a width or precision from an argument is refused"),
        ('{{ "x"|center(10**9) }}', "'center' asks for a width of 1000000000, over the limit of 65536"),
        ('{{ "x".rjust(10**9) }}', "'rjust' asks for a width of 1000000000, over the limit of 65536"),
        ('{{ "a\nb"|indent(10**9) }}', "'indent' would make a string or list of about 2000000003 items"),
        ('{{ ("a " * 400000)|wordwrap(1, wrapstring="--") }}', "'wordwrap' would make a string or list of"),
        ('{{ ("a" * 10**6)|replace("", "bb") }}', "'replace' would make a string or list of about 3000002"),
        ("{{ [1]|batch(10**9, 0)|list }}", "'batch' would make a string or list of about 1000000000 items"),
        ("{{ [1]|slice(10**9)|list }}", "'slice' would make a string or list of about 1000000000 items"),
    ],
)
def test_one_call_the_time_limit_cannot_interrupt_is_refused_from_its_arguments(
    source: str, message: str
) -> None:
    with pytest.raises(SecurityError) as raised:
        render(source)
    assert str(raised.value).startswith(message)


def test_lipsum_which_one_call_of_could_run_for_minutes_is_not_a_global() -> None:
    with pytest.raises(UndefinedError, match="'lipsum' is undefined"):
        render("{{ lipsum(200000) }}")


def test_formatting_and_padding_within_the_bounds_work_as_usual() -> None:
    source = (
        '{{ "%5.2f"|format(3.14159) }}|{{ "%s-%d" % ("a", 3) }}|{{ "ab"|center(6) }}|{{ "{:>4}".format(1) }}|'
        '{{ "a b"|wordwrap(1) }}|{{ "x\ny"|indent(2) }}|{{ "aa"|replace("a", "b") }}|'
        "{{ [1, 2, 3]|batch(2)|list }}"
    )
    assert render(source) == " 3.14|a-3|  ab  |   1|a\nb|x\n  y|bb|[[1, 2], [3]]"


class _CountingParses(comment_sandbox.CommentSandbox):
    """The sandbox, counting the times a source is parsed."""

    def __init__(self) -> None:
        super().__init__(trim_blocks=True, lstrip_blocks=True)
        self.parses = 0

    def parse(self, source: str, name: str | None = None, filename: str | None = None) -> nodes.Template:
        self.parses += 1
        return super().parse(source, name, filename)


def test_a_template_with_no_tag_that_could_load_is_not_parsed_again_for_one() -> None:
    """Parsing the bundled template's size costs ~15 ms of a run's start-up, what the compiled-code
    cache saves; no `include`, `import`, `from` or `extends` can stand where no tag starts so."""
    environment = _CountingParses()
    source = "{% if teams %}Thanks{% endif %}, this imports and includes {{ 'from' }}\n{# extends #}\n"
    assert comment_sandbox.first_load(environment, source) is None
    assert environment.parses == 0


@pytest.mark.parametrize(
    "tag",
    [
        '{% include "x" %}',
        '{%- include "x" %}',
        '{%+ import "x" as y %}',
        '{%\t from "x" import y %}',
        '{%extends"x"%}',
    ],
)
def test_a_load_written_any_way_jinja2_reads_one_is_found_at_its_line(tag: str) -> None:
    assert comment_sandbox.first_load(comment_environment(), f"Thanks\n{tag}\n") == (2, "x")


def test_a_load_in_raw_text_or_a_comment_is_no_load() -> None:
    source = '{% raw %}{% include "x" %}{% endraw %}\n{# {% import "x" as y %} #}\nThanks\n'
    assert comment_sandbox.first_load(comment_environment(), source) is None
