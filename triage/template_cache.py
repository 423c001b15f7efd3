"""The comment template's compiled code, kept between runs in the user's cache folder.

Jinja2 turns a template into Python source and compiles it: for the bundled template about
15 ms of `triage dry-run`'s start-up (issue 6 asks for < 120 ms in all), and the answer never
changes for the same template. So the code object is stored (`marshal`), named by a SHA-256 of everything
it depends on: the template text, the environment's options, and the Jinja2 and Python versions.
A changed template or upgrade is a different name, never a stale hit.

See `triage.user_cache` for where it lives and when a file is trusted; a file that does not
decode is skipped like a missing one.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from triage import user_cache

if TYPE_CHECKING:
    from jinja2 import Environment, Template

FOLDER = "templates-v1"


def cache_folder() -> Path:
    return user_cache.cache_folder(FOLDER)


def cache_file(environment: Environment, source: str) -> Path:
    """Named by everything the compiled code depends on."""
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
    key = repr((jinja2.__version__, sys.version, sys.implementation.cache_tag, options, source))
    return user_cache.file_for(FOLDER, key, ".code")


def compiled_template(environment: Environment, source: str) -> Template:
    """`environment.from_string(source)`, with the compiled code reused across runs."""
    path = cache_file(environment, source)
    code = _read_code(path)
    if code is None:
        code = environment.compile(source)
        _write_code(path, code)
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)


def _read_code(path: Path) -> CodeType | None:
    data = user_cache.read_private(path)
    if data is None:
        return None
    try:
        code = marshal.loads(data)  # noqa: S302 - the user's own private file (see user_cache)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _write_code(path: Path, code: CodeType) -> None:
    user_cache.write_private(path, marshal.dumps(code))
