"""Whether a path given on the command line names a file or a folder, answered for any path.

`Path.is_file()` and its kin answer False for a path that names nothing, but raise for one the
system refuses to look up: a name longer than the file system allows (ENAMETOOLONG), a folder
that may not be searched (EACCES). Such a path names no file triage can read either.
"""

from __future__ import annotations

from pathlib import Path


def is_file(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:
        return False


def is_folder(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except OSError:
        return False
