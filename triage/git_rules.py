"""The rules file as committed at a git ref (`origin/main`, `HEAD~1`): for `triage diff --old REF`.

Runs `git show REF:PATH` where PATH is the new rules file's path inside its repository, then
loads those bytes with the ordinary loader (which also reports text that is not UTF-8). Problems
name `REF:PATH`, not the temporary file.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from triage.errors import RulesError, TriageError
from triage.model import Rules
from triage.path_checks import is_folder
from triage.ruleset import load_rules


def load_rules_at_ref(ref: str, new_rules: Path) -> Rules:
    _refuse_odd_ref(ref)
    try:
        path_in_repo = _path_in_repository(new_rules, ref)
    except GitNotRunError as error:  # not that the rules are outside a repository: git alone could tell
        said = f"'{ref}' is not a file, and git, which would read it as a revision, could not run"
        raise TriageError(f"--old: {said}: {error.reason}") from None
    name = f"{ref}:{path_in_repo}"
    try:
        content = _git(
            ["show", name], new_rules.parent, f"--old: cannot read {name}", _ref_and_path_hint(ref)
        )
    except GitFailedError as error:
        if _is_revision(ref, new_rules.parent):
            raise
        raise TriageError(f"--old: {_neither_file_nor_revision(ref)}: {error.reason}") from None
    return _load_content(content, new_rules.parent, name)


class GitFailedError(TriageError):
    """git refused; `reason` is the last line of what it said."""

    def __init__(self, failure: str, reason: str, hint: str = "") -> None:
        super().__init__(f"{failure}: {reason}{hint}")
        self.reason = reason


class GitNotRunError(TriageError):
    """git could not be started (not installed, or not on PATH); `reason` says why."""

    def __init__(self, failure: str, reason: str) -> None:
        super().__init__(f"{failure}: git could not run: {reason}")
        self.reason = reason


def _is_revision(ref: str, cwd: Path) -> bool:
    """Whether git names an object by `ref`: when it does, `git show`'s failure is about the path
    at that revision; when not, `--old` was most likely a file's path with a typo in it."""
    try:
        done = subprocess.run(  # noqa: S603 -- fixed git arguments; the ref cannot start an option
            ["git", "rev-parse", "--verify", "--quiet", ref],  # noqa: S607 -- git from PATH
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:
        return True  # git ran a moment ago: keep what it said then
    return done.returncode == 0


def _neither_file_nor_revision(ref: str) -> str:
    if is_folder(ref):  # a branch may share a directory's name: said only when git knows none
        return f"'{ref}' is a directory, not a rules file, and names no git revision"
    return f"'{ref}' names no file and no git revision"


def _refuse_odd_ref(ref: str) -> None:
    """An empty ref, or one starting with ':', makes `REF:PATH` a name for git's index (`:PATH`,
    `:0:PATH`) or a commit-message search (`:/text:PATH`), not the file at a commit; one
    starting with '-' would be an option."""
    if not ref.strip():
        raise TriageError("--old is empty: give a rules file or a git ref")
    if ref.startswith("-"):
        raise TriageError(f"--old: '{ref}' is neither a file nor a git ref")
    if ref.startswith(":"):
        raise TriageError(f"--old: '{ref}' is not a file, and a git ref here cannot start with ':'")


def _ref_and_path_hint(ref: str) -> str:
    """`origin/main:rules/ownership.yaml`, as `git show` is given it: no ref name holds a ':'."""
    alone, colon, path = ref.partition(":")
    if not colon or not path or "{" in alone:  # `HEAD^{/fix: typo}` searches commit messages
        return ""
    return f" ('{ref}' is a ref and a path: give the ref alone, `--old {alone}`, as the path is --new's)"


def _path_in_repository(new_rules: Path, ref: str) -> str:
    where = new_rules.resolve().parent
    if not where.is_dir():
        raise TriageError(f"--old: '{ref}' is not a file, and {new_rules} is not in a directory git can read")
    top = _git(
        ["rev-parse", "--show-toplevel"],
        where,
        f"--old: '{ref}' is not a file, and {new_rules} is not in a git repository",
    )
    folder = os.fsdecode(top).removesuffix("\n")  # git's line break alone: a folder's name may end in a space
    return new_rules.resolve().relative_to(Path(folder).resolve()).as_posix()


def _git(arguments: list[str], cwd: Path, failure: str, hint: str = "") -> bytes:
    """git's standard output, as bytes: a file at a ref need not be UTF-8, nor a path."""
    try:
        done = subprocess.run(  # noqa: S603 -- fixed git arguments; the ref cannot start an option
            ["git", *arguments],  # noqa: S607 -- git from PATH, like every git tool
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise GitNotRunError(failure, error.strerror or str(error)) from None
    if done.returncode != 0:
        errors = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailedError(failure, (errors or [f"git exited with {done.returncode}"])[-1], hint)
    return done.stdout


def _load_content(content: bytes, beside: Path, name: str) -> Rules:
    """Load `content` from a temporary file beside the new rules, so paths the rules give relative
    to their own file (`comment.template`) resolve as they would in a checkout; from the system's
    temporary directory when that one is read-only."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".triage-diff-", suffix=".yaml", dir=beside)
    except OSError:
        descriptor, temporary = tempfile.mkstemp(prefix="triage-diff-", suffix=".yaml")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        return load_rules(temporary, cached=False)
    except RulesError as error:
        raise RulesError([p._replace(file=name) for p in error.problems]) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
