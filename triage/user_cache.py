"""Files kept between runs in the user's cache folder, to skip work whose answer cannot change.

Only an optimisation: a folder that cannot be created or written, or a file that cannot be read,
is silently skipped and the work done as before. The folder is `$XDG_CACHE_HOME/triage` (default
`~/.cache/triage`), created private to the user; a file is read only when it is the user's own
and no one else may write it, the same trust as the user's own bytecode cache. A file is named
by a SHA-256 of everything its content depends on (`file_for`), so a change is a miss, never stale.
`TRIAGE_NO_CACHE` set to anything but empty turns it off: nothing is read or written.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

MAX_FILES = 64
"""Per folder; writing beyond it first removes the oldest files (tests load many rule files)."""


def cache_folder(name: str) -> Path:
    """A relative `XDG_CACHE_HOME` is ignored, as the XDG spec says: it would put the cache in
    whatever folder triage runs from (an Actions workspace, a rules repository's checkout)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    return (base if base.is_absolute() else Path.home() / ".cache") / "triage" / name


def file_for(folder: str, key: str, suffix: str) -> Path:
    """The file in `folder` for content that depends on exactly `key` (everything it depends on,
    written out as text): named by the key's SHA-256, so a changed key is another file."""
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_folder(folder) / (name + suffix)


def file_stamp(path: str) -> tuple[str, int, int]:
    """Name, size and modification time: what stands in for a code file's content in a key."""
    status = Path(path).stat()
    return path, status.st_size, status.st_mtime_ns


def package_file(name: str) -> str | None:
    """The file an installed top-level package is imported from, found without importing it."""
    spec = importlib.util.find_spec(name)
    return None if spec is None else spec.origin


def enabled() -> bool:
    return not os.environ.get("TRIAGE_NO_CACHE")


def read_private(path: Path) -> bytes | None:
    """The file's bytes, if it exists, is the user's own and only the user may write it."""
    if not enabled():
        return None
    try:
        with path.open("rb") as file:
            return file.read() if _private(os.fstat(file.fileno())) else None
    except OSError:
        return None


def _private(status: os.stat_result) -> bool:
    get_uid = getattr(os, "getuid", None)  # POSIX only; elsewhere the cache is not read
    return get_uid is not None and status.st_uid == get_uid() and not status.st_mode & 0o022


def write_private(path: Path, data: bytes) -> None:
    """Written whole to a temporary file, then renamed: a reader sees all of it or nothing."""
    if not enabled():
        return
    import tempfile  # noqa: PLC0415 - only on a miss: 2 ms (random, shutil) that a warm start skips

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _make_room(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except (OSError, RecursionError):  # mkdir recurses once per missing folder: thousands overflow it
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _make_room(folder: Path) -> None:
    entries = sorted(os.scandir(folder), key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[: max(len(entries) - MAX_FILES + 1, 0)]:
        Path(entry.path).unlink(missing_ok=True)
