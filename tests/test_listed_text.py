"""The bodies of a batch's listed issues, put aside in a temporary file and read back at their turn."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import pytest

from triage.listed_text import ListedText, UnreadableBodyError
from triage.model import Issue
from triage.wire import IssueRecord

BODIES = (
    "kubectl on Kubernetes",
    "Ünïcödé, 日本語の本文, an emoji 🐳 and a line break\r\nkept as GitHub gave them",
    "x" * 65_536,
)


def record(number: int, body: str) -> IssueRecord:
    issue = Issue(f"Problem {number}", body, number=number, labels=("bug",), url=f"https://x/{number}")
    return IssueRecord(issue, 3, False, "2024-05-01T12:00:00Z", "octo/widgets", locked=True)


def without_body(listed: IssueRecord) -> IssueRecord:
    return dataclasses.replace(listed, issue=listed.issue._replace(body=""))


def test_a_body_put_aside_is_left_out_of_its_record_and_read_back_as_it_was_listed() -> None:
    listed = [record(number, body) for number, body in enumerate(BODIES, start=1)]
    with ListedText() as texts:
        kept = [texts.put_aside(r) for r in listed]
        assert kept == [without_body(r) for r in listed]
        assert [texts.issue(r.issue) for r in reversed(kept)] == [r.issue for r in reversed(listed)]


def test_the_file_the_bodies_wait_in_has_no_name_another_process_could_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ListedText() as texts:
        texts.put_aside(record(1, "kubectl on Kubernetes"))
        assert list(tmp_path.iterdir()) == []


def test_where_the_file_takes_no_body_the_bodies_stay_in_memory(tmp_path: Path) -> None:
    """No space left, or no temporary file to be made: the batch runs as it did before any was used."""
    (tmp_path / "read-only").write_bytes(b"")
    with (tmp_path / "read-only").open("rb") as refusing, ListedText(refusing) as texts:
        listed = record(1, "kubectl on Kubernetes")
        assert texts.put_aside(listed) == listed
        assert texts.put_aside(record(2, "helm")) == record(2, "helm")
        assert texts.issue(listed.issue) == listed.issue


def test_where_the_system_has_no_positional_writes_the_bodies_stay_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows has no `os.pwrite` nor `os.pread`: a batch run there keeps its bodies as before."""
    monkeypatch.delattr(os, "pwrite")
    monkeypatch.delattr(os, "pread")
    with ListedText() as texts:
        listed = record(1, "kubectl on Kubernetes")
        assert texts.put_aside(listed) == listed
        assert texts.issue(listed.issue) == listed.issue


def test_a_body_the_file_fails_to_give_back_is_named_with_its_issue_and_the_os_error(tmp_path: Path) -> None:
    """A write-only file takes the bodies and refuses every read, as a failing disk would."""
    with (tmp_path / "bodies").open("wb", buffering=0) as unreadable, ListedText(unreadable) as texts:
        kept = texts.put_aside(record(7, "kubectl on Kubernetes"))
        with pytest.raises(UnreadableBodyError) as raised:
            texts.issue(kept.issue)
    assert str(raised.value) == (
        "cannot read the body of #7 back from the batch's temporary file of issue bodies: "
        "[Errno 9] Bad file descriptor"
    )


def test_a_body_that_comes_back_short_or_changed_is_not_given_back(tmp_path: Path) -> None:
    """A file cut short, or its bytes changed, under the run: the issue is not triaged by part of its text."""
    with (tmp_path / "bodies").open("w+b", buffering=0) as file, ListedText(file) as texts:
        short = texts.put_aside(record(1, "kubectl on Kubernetes"))
        changed = texts.put_aside(record(2, "helm"))
        os.pwrite(file.fileno(), b"\xff", len("kubectl on Kubernetes"))
        with pytest.raises(
            UnreadableBodyError, match=r"#2 .*: its bytes came back changed \(invalid start byte\)$"
        ):
            texts.issue(changed.issue)
        os.ftruncate(file.fileno(), 3)
        with pytest.raises(UnreadableBodyError, match=r"#1 .*: 3 of its 21 bytes came back$"):
            texts.issue(short.issue)
