"""The comment template's compiled code, kept between runs in the user's cache folder.

Jinja2 turns a template into Python source and compiles it: for the bundled template about
15 ms of `triage dry-run`'s start-up (issue 6 asks for < 120 ms in all), and the answer never
changes for the same template. So the code object is stored (`marshal`), named by a SHA-256 of everything
it depends on: the template text, the environment's options, and the Jinja2 and Python versions.
A changed template or upgrade is a different name, never a stale hit.

The cache is an optimisation only: a folder that cannot be created or written, or a file that
cannot be read or decoded, is silently skipped and the template compiled as before. It lives
under `$XDG_CACHE_HOME/triage` (default `~/.cache/triage`), created private to the user, whose
files only the user can write (the same trust as the user's own bytecode cache).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment, Template

FOLDER = "templates-v1"


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "triage" / FOLDER


def cache_key(environment: Environment, source: str) -> str:
    """Names everything the compiled code depends on."""
    import jinja2  # noqa: PLC0415 - only where a template is loaded

    options = (
        type(environment).__module__,
        type(environment).__qualname__,
        environment.undefined.__qualname__,
        environment.autoescape,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.keep_trailing_newline,
        environment.newline_sequence,
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        sorted(environment.intercepted_binops),  # type: ignore[attr-defined]  # sandbox only
        sorted(environment.intercepted_unops),  # type: ignore[attr-defined]  # sandbox only
    )
    text = repr((jinja2.__version__, sys.version, sys.implementation.cache_tag, options, source))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def compiled_template(environment: Environment, source: str) -> Template:
    """`environment.from_string(source)`, with the compiled code reused across runs."""
    path = cache_folder() / (cache_key(environment, source) + ".code")
    code = _read_code(path)
    if code is None:
        code = environment.compile(source)
        _write_code(path, code)
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)


def _read_code(path: Path) -> CodeType | None:
    """The stored code, if the file is the user's own and no one else may write it."""
    try:
        with path.open("rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            code = marshal.loads(file.read())  # noqa: S302 - the user's own private file (see above)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _private(status: os.stat_result) -> bool:
    get_uid = getattr(os, "getuid", None)  # POSIX only; elsewhere the cache is not read
    return get_uid is not None and status.st_uid == get_uid() and not status.st_mode & 0o022


def _write_code(path: Path, code: CodeType) -> None:
    """Written whole to a temporary file, then renamed: a reader sees all of it or nothing."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(marshal.dumps(code))
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
