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
from triage.ruleset import load_rules


def load_rules_at_ref(ref: str, new_rules: Path) -> Rules:
    _refuse_odd_ref(ref)
    path_in_repo = _path_in_repository(new_rules, ref)
    name = f"{ref}:{path_in_repo}"
    failure = f"--old: cannot read {name}"
    if Path(ref).is_dir():  # a branch may share a directory's name: say so only if git fails too
        failure = f"--old: '{ref}' is a directory, not a rules file; as a git ref, cannot read {name}"
    content = _git(["show", name], new_rules.parent, failure, _ref_and_path_hint(ref))
    return _load_content(content, new_rules.parent, name)


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
        raise TriageError(f"{failure}: git could not run: {error.strerror or error}") from None
    if done.returncode != 0:
        errors = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = (errors or [f"git exited with {done.returncode}"])[-1]
        raise TriageError(f"{failure}: {reason}{hint}")
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
