"""Reading dry-run inputs: Markdown files and JSONL batches, and the errors that name file and line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.errors import InputError
from triage.issue_input import (
    bounded_lines,
    iter_jsonl_issues,
    line_chunks,
    open_lines,
    parse_issue_line,
    quick_issue,
    read_issue_file,
)
from triage.model import Issue


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kubectl fails\nbody line 1\nline 2\n", Issue("kubectl fails", "body line 1\nline 2\n")),
        ("# kubectl fails\n\nbody\n", Issue("kubectl fails", "\nbody\n")),
        ("\ufeff## kubectl fails  \r\nbody", Issue("kubectl fails", "body")),
        ("just a title", Issue("just a title", "")),
        ("# kubectl fails\rbody line 1\rline 2\r", Issue("kubectl fails", "body line 1\rline 2\r")),
    ],
    ids=["plain", "heading", "bom and crlf", "title only", "old mac line ends"],
)
def test_a_markdown_file_is_title_then_body(tmp_path: Path, text: str, expected: Issue) -> None:
    assert read_issue_file(write(tmp_path, "issue.md", text)) == expected


def test_a_file_whose_first_line_is_blank_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "issue.md", "\nbody\n")
    with pytest.raises(InputError) as raised:
        read_issue_file(path)
    assert str(raised.value) == f"{path}:1: the first line must be the issue title"


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.md")
    with pytest.raises(InputError) as raised:
        read_issue_file(path)
    assert str(raised.value) == f"{path}: cannot read: No such file or directory"


def test_jsonl_lines_become_issues_in_order_skipping_blank_lines() -> None:
    stream = io.BytesIO(
        b'{"title": "a", "body": "x", "number": 1, "url": "https://e.com/1", "labels": ["bug"]}\n'
        b"\n"
        b'{"title": "b", "body": null}\n'
    )
    assert list(iter_jsonl_issues(stream, "issues.jsonl")) == [
        Issue("a", "x", number=1, url="https://e.com/1", labels=("bug",)),
        Issue("b", ""),
    ]


def test_a_line_may_state_the_reporters_association_with_the_repository() -> None:
    stream = io.BytesIO(b'{"title": "a", "author_association": "MEMBER"}\n{"title": "b"}\n')
    associations = [issue.author_association for issue in iter_jsonl_issues(stream, "issues.jsonl")]
    assert associations == ["MEMBER", None]


def test_a_byte_order_mark_at_the_start_of_the_input_is_left_out() -> None:
    stream = io.BytesIO(b'\xef\xbb\xbf{"title": "a"}\n{"title": "b"}\n')
    assert [issue.title for issue in iter_jsonl_issues(stream, "issues.jsonl")] == ["a", "b"]


def test_labels_as_gh_issue_list_writes_them_are_read_by_name() -> None:
    line = (
        b'{"number": 7, "title": "kubectl fails", "body": "", "url": "https://github.com/o/r/issues/7", '
        b'"labels": [{"id": "LA_1", "name": "bug", "description": "", "color": "d73a4a"}]}\n'
    )
    (issue,) = iter_jsonl_issues(io.BytesIO(line), "issues.jsonl")
    assert issue.labels == ("bug",)


def test_an_issue_number_up_to_githubs_largest_is_read() -> None:
    stream = io.BytesIO(
        b'{"title": "a", "number": 2147483647}\n'
        b'{"title": "b", "number": 2147483647, "labels": [{"name": "x"}]}\n'
    )
    assert [issue.number for issue in iter_jsonl_issues(stream, "issues.jsonl")] == [2147483647, 2147483647]


JSON_LINES = (
    "the input must be JSON Lines, one issue object a line: `jq -c '.[]' FILE` turns a JSON array into that"
)
"""What a message about a JSON array adds (said whole here: it is part of the interface)."""
ISSUE_LINES = (
    "the input must be JSON Lines, one issue object a line, as"
    " `gh issue list --json number,title,body,labels,url | jq -c '.[]'` writes them"
)
"""What a message about a line that is no JSON object adds: the shape, and a way to get it."""


PAST_THE_LARGEST = "expected an issue number of at most 2147483647, GitHub's largest"
"""What an event says of its issue's number past GitHub's largest, and a batch line of its own."""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "{not json}",
            "issues.jsonl:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        ('{"body": "no title"}', "issues.jsonl:3: title: missing"),
        ('{"title": 5}', "issues.jsonl:3: title: expected a string, got a number"),
        ('{"title": "t", "number": 0}', "issues.jsonl:3: number: expected a positive integer"),
        ('{"title": "t", "number": -3}', "issues.jsonl:3: number: expected a positive integer"),
        ('{"title": "t", "number": 2147483648}', f"issues.jsonl:3: number: {PAST_THE_LARGEST}"),
        ('{"title": "t", "number": 3e10}', f"issues.jsonl:3: number: {PAST_THE_LARGEST}"),
        (
            '{"title": "t", "number": 2147483648, "labels": [{"name": "bug"}]}',
            f"issues.jsonl:3: number: {PAST_THE_LARGEST}",
        ),
        ('{"title": "t", "labels": [1]}', "issues.jsonl:3: labels[0]: expected an object, got a number"),
        (
            '{"title": "t", "author_association": true}',
            "issues.jsonl:3: author_association: expected a string, got a boolean",
        ),
        ('["title"]', f"issues.jsonl:3: expected a JSON object, got an array: {JSON_LINES}"),
        ("[", f"issues.jsonl:3: the start of a JSON array: {JSON_LINES}"),
        ('"title"', f"issues.jsonl:3: expected a JSON object, got a string: {ISSUE_LINES}"),
        ("number,title,body,labels", f"issues.jsonl:3: not a JSON object: {ISSUE_LINES}"),
        ("7,Login fails,,bug", f"issues.jsonl:3: not a JSON object: {ISSUE_LINES}"),
        ("# Login fails", f"issues.jsonl:3: not a JSON object: {ISSUE_LINES}"),
        (
            '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "issues.jsonl:3: invalid JSON: nested too deeply",
        ),
        (
            '{"title": "t", "number": ' + "9" * 5000 + "}",
            "issues.jsonl:3: invalid JSON: a number of more than 4,300 digits",
        ),
        ('{"title": "t"} {"title": "u"}', "issues.jsonl:3: invalid JSON: Extra data (column 16)"),
        (
            '{"title": "NaN", "score": NaN}',
            "issues.jsonl:3: invalid JSON: NaN is not a JSON value: JSON has no NaN or Infinity (column 27)",
        ),
        (
            '{"title": "t", "number": Infinity}',
            "issues.jsonl:3: invalid JSON: Infinity is not a JSON value: JSON has no NaN or Infinity"
            " (column 26)",
        ),
        (
            '{"title": "t", "labels": [-Infinity]}',
            "issues.jsonl:3: invalid JSON: -Infinity is not a JSON value: JSON has no NaN or Infinity"
            " (column 27)",
        ),
    ],
    ids=[
        "invalid json",
        "no title",
        "title not string",
        "number zero",
        "number negative",
        "number past githubs largest",
        "number past githubs largest as a float",
        "number past githubs largest on a line read field by field",
        "label number",
        "association not string",
        "array",
        "array over several lines",
        "string",
        "csv header",
        "csv row",
        "markdown",
        "nested too deeply",
        "number too long",
        "two objects",
        "nan in a field not read",
        "infinity as number",
        "negative infinity as label",
    ],
)
def test_a_bad_line_is_an_error_naming_input_and_line(line: str, message: str) -> None:
    stream = io.BytesIO(f'{{"title": "ok"}}\n\n{line}\n{{"title": "never read"}}\n'.encode())
    issues = iter_jsonl_issues(stream, "issues.jsonl")
    assert next(issues) == Issue("ok", "")
    with pytest.raises(InputError) as raised:
        next(issues)
    assert str(raised.value) == message


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_an_object_cut_short_is_reported_at_the_end_of_its_line(ending: str) -> None:
    stream = io.BytesIO(f'{{"title": "ok"}}{ending}{{"title": "cut", "labels": ["bug"{ending}'.encode())
    with pytest.raises(InputError) as raised:
        list(iter_jsonl_issues(stream, "issues.jsonl"))
    assert str(raised.value) == "issues.jsonl:2: invalid JSON: Expecting ',' delimiter (column 34)"


def test_a_non_utf8_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "issues.jsonl"
    path.write_bytes(b'{"title": "ok"}\n{"title": "\xff"}\n')
    with open_lines(str(path)) as stream, pytest.raises(InputError) as raised:
        list(iter_jsonl_issues(stream, "issues.jsonl"))
    assert str(raised.value) == "issues.jsonl:2:12: not UTF-8 text (byte 0xFF here): save it as UTF-8"


def test_a_utf16_input_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "issues.jsonl"
    path.write_text('{"title": "ok"}\r\n{"title": "two"}\r\n', encoding="utf-16")
    with open_lines(str(path)) as stream, pytest.raises(InputError) as raised:
        list(iter_jsonl_issues(stream, "issues.jsonl"))
    assert str(raised.value) == (
        "issues.jsonl:1: UTF-16 text (it starts with UTF-16's byte-order mark): save it as UTF-8"
    )


def test_a_missing_file_names_the_file_of_its_folder_its_name_is_close_to(tmp_path: Path) -> None:
    (tmp_path / "issues.jsonl").write_text('{"title": "t"}\n', encoding="utf-8")
    (tmp_path / "issue.md").write_text("t\n", encoding="utf-8")
    with pytest.raises(InputError) as lines, open_lines(str(tmp_path / "issue.jsonl")):
        pass
    with pytest.raises(InputError) as text:
        read_issue_file(str(tmp_path / "isue.md"))
    assert str(lines.value).endswith(f": did you mean {tmp_path / 'issues.jsonl'}?")
    assert str(text.value).endswith(f": did you mean {tmp_path / 'issue.md'}?")


def test_open_lines_of_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.jsonl")
    with pytest.raises(InputError) as raised, open_lines(path):
        pass
    assert str(raised.value) == f"{path}: cannot read: No such file or directory"


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["name", "x"]), inner, max_size=2)
    ),
    max_leaves=6,
)
_FIELDS = st.sampled_from(["title", "body", "number", "url", "labels", "author_association", "other"])


@settings(max_examples=300, deadline=None)
@given(
    value=st.dictionaries(_FIELDS, _VALUES, max_size=6) | _VALUES,
    before=st.sampled_from(["", " "]),
    after=st.sampled_from(["", "\n", "\r\n", " \n", "x\n"]),
)
def test_the_quick_read_of_a_line_is_the_checked_one_or_none(value: object, before: str, after: str) -> None:
    """`quick_issue` is a shortcut only: where it answers, `parse_issue_line` gives the same issue."""
    line = (before + json.dumps(value) + after).encode()
    quick = quick_issue(line)
    try:
        checked: Issue | InputError = parse_issue_line(line, "x")
    except InputError as error:
        checked = error
    if quick is not None:
        assert quick == checked


def test_the_quick_read_takes_the_usual_lines() -> None:
    line = b'{"title": "a", "body": "b", "number": 2, "url": "u", "labels": ["bug"]}\n'
    assert quick_issue(line) == Issue("a", "b", number=2, url="u", labels=("bug",))
    assert quick_issue(b'{"title": "a", "body": null, "number": null}') == Issue("a", "")
    assert quick_issue(b'{"title": "\xff"}\n') is None


def test_a_lone_surrogate_escaped_in_a_line_reads_as_a_replacement_character() -> None:
    line = b'{"title": "helm \\ud800", "body": "kubectl \\udfff", "labels": ["team/\\udc80"]}\n'
    assert list(iter_jsonl_issues([line], "issues.jsonl")) == [
        Issue("helm \ufffd", "kubectl \ufffd", labels=("team/\ufffd",))
    ]


@pytest.mark.parametrize(
    ("line", "issue"),
    [
        (b'{"title": "t", "body": "kubectl \\ud800"}', Issue("t", "kubectl \ufffd")),
        (b'{"title": "t", "url": "https://e.com/\\udfff"}', Issue("t", "", url="https://e.com/\ufffd")),
        (b'{"title": "t", "labels": ["team/\\udc80"]}', Issue("t", "", labels=("team/\ufffd",))),
    ],
    ids=["body", "url", "label"],
)
def test_a_lone_surrogate_in_any_field_but_the_title_reads_as_a_replacement_character(
    line: bytes, issue: Issue
) -> None:
    assert list(iter_jsonl_issues([line], "issues.jsonl")) == [issue]


# --- Lines of a JSONL batch, bounded -------------------------------------------------------------


@pytest.fixture
def limit_of_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 10)


@pytest.mark.usefixtures("limit_of_ten")
def test_lines_up_to_the_limit_are_read_as_they_are() -> None:
    stream = io.BytesIO(b"123456789\n\nabc")
    assert list(bounded_lines(stream)) == [b"123456789\n", b"\n", b"abc"]


@pytest.mark.usefixtures("limit_of_ten")
def test_a_line_over_the_limit_is_read_no_further_than_one_byte_past_it() -> None:
    stream = io.BytesIO(b"ok\n" + b"x" * 1000 + b"\n")
    lines = bounded_lines(stream)
    assert [next(lines), next(lines)] == [b"ok\n", b"x" * 11]
    assert stream.tell() == 3 + 11


def test_a_batch_line_over_the_limit_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 20)
    issues = iter_jsonl_issues(bounded_lines(io.BytesIO(b'{"title": "t"}\n' + b"x" * 50)), "in.jsonl")
    assert next(issues).title == "t"
    with pytest.raises(InputError, match=r"^in\.jsonl:2: a line larger than 20 bytes$"):
        next(issues)


@pytest.mark.usefixtures("limit_of_ten")
def test_a_line_of_exactly_the_limit_is_read_whole() -> None:
    assert list(bounded_lines(io.BytesIO(b"x" * 9 + b"\n"))) == [b"x" * 9 + b"\n"]


def test_a_batch_line_of_exactly_the_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 20)
    line = b'{"title": "abcdef"}\n'
    assert len(line) == 20
    assert list(iter_jsonl_issues([line], "in.jsonl")) == [Issue("abcdef", "")]


@pytest.mark.usefixtures("limit_of_ten")
def test_chunks_go_on_past_a_line_of_exactly_the_limit() -> None:
    lines = [b"a\n", b"x" * 9 + b"\n", b"b\n"]
    assert list(line_chunks(lines, 2)) == [(1, [b"a\n", b"x" * 9 + b"\n"]), (3, [b"b\n"])]


def test_lines_that_fill_their_last_chunk_give_no_empty_chunk_after_it() -> None:
    assert list(line_chunks([b"a\n", b"b\n"], 2)) == [(1, [b"a\n", b"b\n"])]


@pytest.mark.usefixtures("limit_of_ten")
def test_chunks_end_at_a_line_over_the_limit_and_read_nothing_after_it() -> None:
    stream = io.BytesIO(b"a\nb\nc\n" + b"x" * 50 + b"\nd\n")
    assert list(line_chunks(bounded_lines(stream), 2)) == [(1, [b"a\n", b"b\n"]), (3, [b"c\n", b"x" * 11])]


def test_chunks_number_their_first_line() -> None:
    assert list(line_chunks([b"a\n", b"\n", b"b\n", b"c\n", b"d\n"], 2)) == [
        (1, [b"a\n", b"\n"]),
        (3, [b"b\n", b"c\n"]),
        (5, [b"d\n"]),
    ]
