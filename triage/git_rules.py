"""The rules file as committed at a git ref (`origin/main`, `HEAD~1`): for `triage diff --old REF`.

Runs `git show REF:PATH` where PATH is the new rules file's path inside its repository, and
`git show` again for the comment template those rules name (as committed at the same ref: a pull
request may rename or delete it), then loads them from a temporary folder with the ordinary loader
(which also reports text that is not UTF-8). Problems name `REF:PATH`, not the temporary files.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode

from triage.errors import RulesError, TriageError
from triage.model import Rules
from triage.path_checks import is_folder
from triage.ruleset import load_rules
from triage.ruleset.source import YamlFileError
from triage.ruleset.yamlnodes import compose_text


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
    template = _template_at(ref, path_in_repo, content, new_rules.parent)
    return _load_content(content, name, template)


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
    named = _names_an_object(ref, cwd)
    return True if named is None else named  # git ran a moment ago: keep what it said then


def names_a_revision(value: str) -> bool:
    """Whether git, in the current folder, names an object by `value` (`HEAD`, `origin/main`): for
    `triage diff --new`, a file, given a ref. False where git cannot run, and for a value git would
    read as an option."""
    return not value.startswith("-") and _names_an_object(value, Path()) is True


def _names_an_object(ref: str, cwd: Path) -> bool | None:
    """`git rev-parse --verify` of `ref`; None when git cannot run."""
    try:
        done = subprocess.run(  # noqa: S603 -- fixed git arguments; the ref cannot start an option
            ["git", "rev-parse", "--verify", "--quiet", ref],  # noqa: S607 -- git from PATH
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
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


def _template_at(ref: str, path_in_repo: str, content: bytes, cwd: Path) -> _Template | None:
    """The comment template the rules at `ref` name, as committed there; None when they name none
    or it is not there (the loader then says the template is missing, as it was at that ref)."""
    named = _template_named(content)
    if named is None or posixpath.isabs(named):
        return None
    folder = posixpath.dirname(path_in_repo)
    in_repo = posixpath.normpath(posixpath.join(folder, named))
    if in_repo.startswith("../") or not in_repo.startswith(f"{folder}/" if folder else ""):
        return None  # out of the rules' folder: the loader refuses it by its path alone
    try:
        committed = _git(["show", f"{ref}:{in_repo}"], cwd, f"--old: cannot read {ref}:{in_repo}")
    except GitFailedError:
        return None
    return _Template(named, committed)


class _Template(NamedTuple):
    named: str
    """As the rules write it, relative to their folder."""
    content: bytes


def _template_named(content: bytes) -> str | None:
    """`comment.template` of rules text, read from YAML's node graph (aliases are not expanded);
    None for text that is not YAML or names no template: the loader reports what is wrong."""
    try:
        root = compose_text(content.decode("utf-8"), "")
    except (UnicodeDecodeError, YamlFileError):
        return None
    template = _child(_child(root, "comment"), "template")
    if isinstance(template, ScalarNode) and template.tag == "tag:yaml.org,2002:str" and template.value:
        return str(template.value)
    return None


def _child(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next(
        (value for name, value in node.value if isinstance(name, ScalarNode) and name.value == key), None
    )


def _load_content(content: bytes, name: str, template: _Template | None) -> Rules:
    """Load `content` from a temporary folder, with the template the rules name at the same place
    relative to them, so that it resolves as in a checkout of that ref."""
    folder = Path(tempfile.mkdtemp(prefix="triage-diff-"))
    try:
        rules_file = folder / "rules.yaml"
        rules_file.write_bytes(content)
        if template is not None:
            template_file = folder / template.named
            template_file.parent.mkdir(parents=True, exist_ok=True)
            template_file.write_bytes(template.content)
        try:
            return load_rules(rules_file, cached=False)
        except RulesError as error:
            raise RulesError([p._replace(file=name) for p in error.problems]) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
