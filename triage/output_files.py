"""What a path given for output names, so that a command knows whether writing it replaces a file."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Literal

FileKind = Literal["new", "file", "folder", "special"]


_STREAM_NAMES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def file_kind(path: str) -> FileKind:
    """What `path` names, following links: "new" (nothing yet), "file", "folder" or "special" (a
    device, a pipe, and a name of this process's own streams, `/dev/stdout` or `/dev/fd/N`, which
    a shell may have pointed at a file it appends to: a stream, not a file to replace). Any other
    path under /dev is what it is: `/dev/shm/rules.yaml` is a file."""
    if path.startswith(_STREAM_NAMES):
        return "special"
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return "new"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"
