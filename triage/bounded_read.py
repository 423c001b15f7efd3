"""Reading a file a user names, up to a size: `/dev/zero` or a runaway file must not fill memory."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import BinaryIO

MiB = 1024 * 1024


def read_bounded(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The file's bytes; `OSError` (its `strerror` says why) when it holds more than `max_bytes`.

    Read rather than sized with `stat`: pipes and devices (`<(...)`, `/dev/stdin`) have no size."""
    with Path(path).open("rb") as stream:
        return read_stream_bounded(stream, max_bytes)


def read_stream_bounded(stream: BinaryIO, max_bytes: int) -> bytes:
    """The stream's bytes to its end, as `read_bounded` reads a file's."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(errno.EFBIG, f"larger than {max_bytes // MiB} MiB")
    return data


def place_of_byte(data: bytes, start: int) -> tuple[int, int]:
    """The line and column of byte `start` of UTF-8 `data` that is valid up to it, as an editor
    counts them: where a file stops being UTF-8 (one stray Latin-1 letter can be anywhere)."""
    before = data[:start].decode("utf-8")
    return before.count("\n") + 1, len(before) - before.rfind("\n")
