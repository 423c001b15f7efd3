"""The bodies of the issues a batch listed, kept out of memory until each one's turn.

A batch reads its whole listing before its first write (`triage.batch`) and then triages the issues
one at a time. Held in memory, their bodies made the batch's peak grow with them: some 57 KiB an
issue for bodies of 60,000 characters, over 300 MiB for 5,000 of them. Each body is written, as its
page of the listing is read, to a temporary file with no name (unlinked at once, readable by its
owner alone, gone when the run ends), and read back for its issue's turn alone;
everything else the batch reads of an issue (number, title, labels, times) stays in memory. The
issue's text is read back byte for byte, so the run decides, writes and prints what it would have.

Where no temporary file can be made or written (no space left, or no positional reads and writes:
Windows has no `os.pwrite`), a body stays in memory, as before. A body the file fails to give back (a
failing disk) raises `UnreadableBodyError`, on which the batch stops before that issue, as at its time
limit: a run resumed from there lists the bodies afresh, into a file of its own.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from types import TracebackType
from typing import BinaryIO

from triage.errors import TriageError
from triage.model import Issue
from triage.wire import IssueRecord


class UnreadableBodyError(TriageError):
    """The body of issue `number`, put aside, could not be read back as it was written (`why`: the
    OS error, or the bytes that came back short or garbled). Nothing of that issue is written yet."""

    def __init__(self, number: int, why: str) -> None:
        super().__init__(
            f"cannot read the body of #{number} back from the batch's temporary file of issue bodies: {why}"
        )
        self.number = number


class ListedText:
    """Issue bodies put aside by number (`put_aside`) and given back (`issue`). A context manager:
    the file goes when the batch ends. `file`: where they go, written from its start (by default a
    temporary file, made when the first body comes)."""

    def __init__(self, file: BinaryIO | None = None) -> None:
        self._file = file
        self._writable = True
        self._spans: dict[int, tuple[int, int]] = {}
        self._end = 0

    def __enter__(self) -> ListedText:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Deletes the file (a temporary one has no name left to delete); nothing is given back after."""
        if self._file is not None:
            self._file.close()
        self._file, self._writable = None, False
        self._spans.clear()

    def put_aside(self, record: IssueRecord) -> IssueRecord:
        """The record with its issue's body written to the file and left out (`issue` gives it
        back); as it is when it has no body, or the file cannot take it."""
        if not record.issue.body:
            return record
        data = record.issue.body.encode("utf-8")
        if not self._written(data):
            return record
        self._spans[record.issue.number or 0] = (self._end, len(data))
        self._end += len(data)
        return replace(record, issue=record.issue._replace(body=""))

    def issue(self, issue: Issue) -> Issue:
        """`issue` with the body put aside for its number read back; as it is if none was.
        `UnreadableBodyError` when the file does not give it back whole."""
        number = issue.number or 0
        span = self._spans.get(number)
        if span is None or self._file is None:
            return issue
        start, size = span
        try:
            data = os.pread(self._file.fileno(), size, start)
            if len(data) != size:
                raise UnreadableBodyError(number, f"{len(data)} of its {size} bytes came back")
            body = data.decode("utf-8")
        except OSError as error:
            raise UnreadableBodyError(number, str(error)) from error
        except UnicodeDecodeError as error:
            raise UnreadableBodyError(number, f"its bytes came back changed ({error.reason})") from error
        return issue._replace(body=body)

    def _written(self, data: bytes) -> bool:
        """Whether `data` went whole to the end of the file. On a failure (no temporary file can be
        made, no space left) the file takes no more: the bodies still to come stay in memory, and
        those put aside before can still be read."""
        if not self._writable or not hasattr(os, "pwrite"):
            return False
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="triage-listed-", buffering=0)  # noqa: SIM115 -- closed by close()
            written = 0
            while written < len(data):
                written += os.pwrite(self._file.fileno(), data[written:], self._end + written)
        except OSError:
            self._writable = False
            return False
        return True
