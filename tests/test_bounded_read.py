"""Specifications for reading a file a user names up to a size (triage.bounded_read)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from triage.bounded_read import MiB, read_bounded


def test_a_file_of_exactly_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10


def test_a_file_over_the_limit_is_refused_as_too_large_in_mib(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"x" * (MiB + 1))
    with pytest.raises(OSError, match="larger than 1 MiB") as raised:
        read_bounded(path, MiB)
    assert raised.value.errno == errno.EFBIG
