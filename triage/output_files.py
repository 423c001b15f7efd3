"""What a path given for output names, so that a command knows whether writing it replaces a file."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Literal

FileKind = Literal["new", "file", "folder", "special"]


def file_kind(path: str) -> FileKind:
    """What `path` names, following links: "new" (nothing yet), "file", "folder" or "special" (a
    device, a pipe, and any name under /dev or /proc/self/fd, which names a stream, not a file to
    replace)."""
    if path.startswith(("/dev/", "/proc/self/fd/")):
        return "special"
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return "new"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"
