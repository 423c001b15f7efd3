"""Checks of single values that only the real matcher's compiler, or how it reads issues, can make.

They stand in the rules schema as `check=` callables; JSON Schema cannot express them, so an
editor will not flag these mistakes: `triage check` will.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator

import re2
from pathspec.patterns.gitignore import GitIgnorePatternError
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from triage.classify.mentions import ALWAYS_READ_HOSTS
from triage.classify.patterns import re2_options, re2_reason
from triage.ruleset.links import edge_space_message
from triage.ruleset.yamlnodes import single_quoted
from triage.safe_text import C0_CONTROLS

_YAML_ESCAPES = {"\b": "\\b", "\a": "\\a", "\f": "\\f", "\v": "\\v", "\0": "\\0", "\x1b": "\\e"}
_ANY_BYTE = re.compile(r"(?<!\\)(?:\\\\)*\\C")
_ZERO_WIDTH_PROBES = ("", "a", " ", "a b", "\n")
"""Texts on which a pattern that can match nothing at all shows it (`\\b` does on "a")."""
_ANY_TEXT_PROBES = ("a b", "Z 9", "x y")
"""Short texts with nothing in common but what every issue has (letters, spaces): a pattern that
finds a match in each of them, ignoring case as patterns do by default, would in almost any issue
(`_any_text_problem` quotes them)."""
_ORDINARY_TITLES = ("Question about pricing", "Add a colour setting", "Docs for 3.2")
"""Titles with no word in common, nor a word a rule looks for (no symptom: `crash|slow|wrong` is a
fair pattern): one that finds a match in each (`\\w\\w`, `.{4}`) would in almost any issue too."""


def keyword_problem(text: str) -> str | None:
    return _phrase_problem(text, "a keyword", _keyword_instead)


def exclude_problem(text: str) -> str | None:
    return _phrase_problem(text, "an exclude term", lambda _text, _kind: _WORDS_INSTEAD.format("term"))


def value_problem(text: str) -> str | None:
    return _phrase_problem(text, "a field value", lambda _text, _kind: _WORDS_INSTEAD.format("value"))


_WORDS_INSTEAD = "write the words themselves, one {} for each"
"""An exclude term or a field value has no patterns or paths beside it to move to."""


def _phrase_problem(text: str, what: str, instead: Callable[[str, str], str]) -> str | None:
    """`control_problem`, with the advice for plain text: a phrase has no escapes to keep; then a
    phrase of punctuation alone, which matches wherever that punctuation stands; then one written
    as a regex or a glob, which matches only those characters written out in an issue."""
    problem = control_problem(text, advice=f"{what} is plain text, not a regex: drop the escape")
    if problem is not None and "\x08" in text:  # a backspace: `\\b` in double quotes
        return problem + f" ({what.split(' ', 1)[1]}s match whole words already)"
    if problem is None and text != text.strip() and text.strip():
        return edge_space_message(text) + " (a term matches whole words already)"
    if problem is None and _is_punctuation(text):
        return (
            f'"{text}" is punctuation alone, which no word boundary holds: it would match wherever an '
            "issue has it; make it part of a phrase, or write a pattern"
        )
    return problem or _syntax_problem(text, what, instead)


_REGEX_SIGNS = re.compile(
    r"^\\[bB]|\\[bBsSdDwW](?![A-Za-z])"  # `\bhelm`, `\s+`; not a Windows path's `C:\Windows\build`
    r"|\.[*+?]"  # `kube.*`
    r"|(?<=\w)\|(?=\w)"  # `helm|kustomize`; not a shell's `logs | grep`, nor `a || b`
    r"|\[\^[^\]]{0,64}\]|\[(?:[A-Za-z0-9]-[A-Za-z0-9])+\]"  # `kube[^r]`, `[a-z]`; not `[code-intel]`
    r"|\[([A-Za-z])([A-Za-z])\](?=\w)"  # `[Jj]aeger` (a case pair: see `_regex_sign`); not `items[0]`
    r"|^\^(?=[A-Za-z][a-z]|[(\[\\])|(?<=[a-z]{2})\$$|(?<=[)\]])\$$"  # `^release`, `release$`; not `^C`, `US$`
)
"""Regex syntax a keyword would hold only by mistake, as it matches text written out as it is. Only
the unmistakable: what looks like a regex but is also plain text people write (`[code-intel]`,
`items[0]`, `^C`, `US$`, `$HOME\\.ssh`) is left alone, as refusing it would leave no way to match it."""
_GLOB_SIGNS = re.compile(
    r"/\*\*|\*\*/"  # `dev/release/**`, `**/Chart.yaml`; not Markdown's `**Note**`
    r"|^\*\.\w{1,5}$"  # `*.yaml`; not `*.sourcegraph.com`
    r"|^[a-z]{3,}(\*)$"  # `jaeger*`; not `*nix`, `SELECT *`, `image/*`
)
_REGEX_SPECIALS = re.compile(r"[.^$|?*+()\[\]{}\\]")


def _regex_sign(text: str) -> str | None:
    for found in _REGEX_SIGNS.finditer(text):
        pair = found.group(1), found.group(2)
        if pair[0] is None or (pair[0] != pair[1] and pair[0].lower() == pair[1].lower()):
            return found.group()
    return None


def _syntax_problem(text: str, what: str, instead: Callable[[str, str], str]) -> str | None:
    """A term written as a regex or a glob, which phrase matching reads as those characters."""
    regex = _regex_sign(text)
    if regex is not None:
        kind, sign = "regex", regex
    else:
        glob = _GLOB_SIGNS.search(text)
        if glob is None:
            return None
        kind, sign = "glob", glob.group(glob.lastindex or 0)
    return (
        f'"{text}" is written as a {kind} (`{sign}`), but {what} is plain words matched as written, so it '
        f"matches only text holding these very characters: {instead(text, kind)}"
    )


def _keyword_instead(text: str, kind: str) -> str:
    quoted = single_quoted(text)
    literal = single_quoted(_REGEX_SPECIALS.sub(lambda m: "\\" + m.group(), text))
    as_written = f"; to match the characters as written, the pattern {literal}"
    stem = text.rstrip("*")
    if kind == "regex" and regex_problem(text) is not None:  # `[a-z]`: no pattern either
        return f"as a pattern it would be refused too{as_written}"
    if kind == "regex":
        return f"if it is meant as a regex, move it to patterns, in single quotes: {quoted}{as_written}"
    if re.fullmatch(r"\w+", stem, re.ASCII):
        return (
            f"for words starting with {stem}, write the pattern '\\b{stem}\\w*'; "
            f"for file paths, move it to paths{as_written}"
        )
    return f"if it is meant as a glob of file paths, move it to paths: {quoted}{as_written}"


_PUNCTUATION = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk"})
"""Punctuation and the ASCII-like symbols (`+`, `$`, `^`); not `So`, where emoji are, which a
keyword may mean alone."""


def _is_punctuation(text: str) -> bool:
    """Blank text is not: it has its own problem."""
    marks = [char for char in text if not char.isspace()]
    return bool(marks) and all(unicodedata.category(char) in _PUNCTUATION for char in marks)


_LABEL_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def display_name_problem(name: str) -> str | None:
    """A team's or area's name is shown on one line: in bold in the comment (where a line break or
    an edge space ends the bold) and in the job summary's chart (which a line break breaks)."""
    return _one_line_problem(name, "name", "a name is shown on one line, in bold in the comment")


def question_problem(question: str) -> str | None:
    """A question the comment asks is one item of a bulleted list: a line break would end the item
    there, and a blank line the list."""
    return _one_line_problem(question, "question", "a question is one bullet of the comment")


def _one_line_problem(text: str, what: str, why: str) -> str | None:
    if text.isspace():
        return f"is blank: a {what} is shown in the comment"
    written = text.strip()
    if "\n" in written or "\r" in written:
        return f"holds a line break; {why}: write it on one line"
    if text == written:
        return None
    if text.lstrip() == text and text.rstrip("\r\n") == written:
        return f"ends with a line break, as a `|` or `>` block leaves one: write the {what} as a plain value"
    return f'"{text}" starts or ends with whitespace, which the comment would show: write "{written}"'


def label_name_problem(name: str) -> str | None:
    """A name GitHub cannot hold as a label: triage would then manage a label that never exists
    there, and a run fails, or repeats its change, at every issue that should get it."""
    if name.isspace():
        return f'"{name}" is blank: a label needs a name'
    if name != name.strip():
        written = name.strip()
        return f'"{name}" starts or ends with whitespace, which a GitHub label name cannot: write "{written}"'
    control = _LABEL_CONTROLS.search(name)
    if control is not None:
        return f"holds the control character U+{ord(control.group()):04X}; a label name is one line of text"
    if name in (".", ".."):
        return (
            f'"{name}" is a name GitHub holds but its API cannot reach: the label\'s path (/labels/{name}) '
            "is read as a step between folders, so a change to it would go to another URL: choose "
            "another name"
        )
    return None


def repo_problem(repo: str) -> str | None:
    """`owner/name.git`: every GitHub link or mention is read as `owner/name`, its `.git` dropped
    (`classify/mentions.py`), so the term could only match itself written out in prose."""
    if repo[-4:].lower() == ".git" and len(repo.rpartition("/")[2]) > len(".git"):
        return f'"{repo}" ends in .git, which links to the repository are read without: write "{repo[:-4]}"'
    return None


_REPO_LINK = re.compile(
    r"(?i)(?:https?://|git@|ssh://git@)?[^/\s:]+\.[a-z]{2,}(?::\d+/|[/:])([A-Za-z0-9_*?-]+)/([A-Za-z0-9_.*?-]+?)(?:\.git)?(?:[/#?].*)?"
)
"""A repository's web or clone address (`https://github.com/o/r/tree/main`, `git@github.com:o/r.git`,
a server's on a port, `ssh://git@ghe.example.com:7999/o/r.git`): the `o/r` it names."""


def not_repo_message(written: str, pattern_message: str) -> str:
    """`"https://github.com/o/r" is a link: write the repository as owner/name, "o/r"`, for a
    repository pasted as its address; else the spec's message."""
    link = _REPO_LINK.fullmatch(written)
    if link is not None:
        return f'"{written}" is a link: write the repository as owner/name, "{link[1]}/{link[2]}"'
    return f'"{written}" {pattern_message}'


_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"(?:{_HOST_LABEL}\.)*{_HOST_LABEL}")
"""A host name as DNS writes it (an IPv4 address too): labels of letters, digits and inner dashes."""


def github_host_problem(written: str) -> str | None:
    """A `github_hosts` entry that is not a host alone. A link is read by its host, whatever its
    scheme, port or user (`classify/mentions.py`), so each of those is told to go, with the host to
    write; github.com's own hosts are read always, so naming one does nothing."""
    if written != written.strip() and github_host_problem(written.strip()) is None:
        return edge_space_message(written)
    _, scheme, after = written.partition("://")
    at_host, slash, _ = (after if scheme else written).partition("/")
    user, _, host_port = at_host.rpartition("@")
    host, colon, _ = host_port.partition(":")
    if len(host) > 253 or _HOST_NAME.fullmatch(host) is None:
        if "*" in written:
            return f'"{written}" holds a wildcard: list each host by its name, as its links write it'
        return f'"{written}" is not a host name: write the host of the server\'s links, as in ghe.example.com'
    more_than_a_host = (
        (scheme, "is a URL:"),
        (slash, "holds a path after its host:"),
        (user, "holds a user name before its host:"),
        (colon, "has a port: a link is read whatever port it names, so"),
    )
    for there, what in more_than_a_host:
        if there:
            return f'"{written}" {what} write the host alone, "{host}"'
    if host.lower() in ALWAYS_READ_HOSTS:
        return (
            f'"{written}" is github.com\'s, whose links are read always: list only the hosts of your '
            "GitHub Enterprise Server"
        )
    return None


def control_problem(
    text: str, advice: str = "write the term in single quotes, where a backslash stays a backslash"
) -> str | None:
    """A control character a term cannot mean, as a double-quoted YAML escape leaves it."""
    found = C0_CONTROLS.search(text)  # what `"\\b"` in double quotes makes: a backspace
    if found is None:
        return None
    char = found.group()
    escape = _YAML_ESCAPES.get(char)
    made = (
        f": double-quoted YAML reads `{escape}` as that character, not as a backslash and a letter"
        if escape
        else ""
    )
    return f"holds the control character U+{ord(char):04X}{made}; {advice}"


def regex_problem(source: str) -> str | None:
    """RE2's own reason a pattern does not compile (backreferences and lookaround never do: those
    get a hint saying so, as RE2's reason only names the operator), or why
    a pattern that compiles cannot be meant: a control character, `\\C`, or a match of nothing."""
    control = control_problem(source)
    if control is not None:
        return control
    try:
        compiled = re2.compile(source, re2_options())
    except re2.error as error:
        reason = re2_reason(error)
        return f"RE2 cannot compile this pattern: {reason}{_re2_hint(reason)}"
    if _ANY_BYTE.search(source):
        return "`\\C` matches a single byte, which can split a character: use `.`"
    if compiled.search("") is not None:
        return "the pattern matches an empty string, so it would match every issue"
    for text in _ZERO_WIDTH_PROBES:
        found = compiled.search(text)
        if found is not None and found.start() == found.end():
            return (
                "the pattern can match without matching any text (as `\\b` alone does), "
                "so it would match almost every issue"
            )
    return _any_text_problem(source)


def _any_text_problem(source: str) -> str | None:
    """Case-insensitive: a pattern is unless `case_sensitive`, and `[a-z]` is as broad either way."""
    compiled = re2.compile("(?i)" + source, re2_options())
    if all(compiled.search(text) is not None for text in _ANY_TEXT_PROBES):
        return (
            'the pattern finds a match in any short text (as `.` or `\\w` does: "a b", "Z 9" and "x y" each '
            "hold one), so it would match almost every issue: make it name the words or the message it "
            "looks for"
        )
    if all(compiled.search(text) is not None for text in _ORDINARY_TITLES):
        titles = ", ".join(f'"{title}"' for title in _ORDINARY_TITLES)
        return (
            f"the pattern finds a match in each of three titles with no word in common ({titles}), so it "
            "would match almost every issue: make it name the words or the message it looks for"
        )
    return None


_LOOK_AROUND = re.compile(r"invalid perl operator: \(\?<?[=!]")
_BACKREFERENCE = re.compile(r"invalid escape sequence: \\[1-9gk]")


def _re2_hint(reason: str) -> str:
    """What RE2's reason leaves unsaid for the two Perl features rules most often try, and for a
    count past its limit."""
    if _LOOK_AROUND.fullmatch(reason):
        return " (RE2 has no look-around)"
    if _BACKREFERENCE.fullmatch(reason):
        return " (RE2 has no backreferences)"
    if reason.startswith("invalid repetition size"):
        return (
            " (RE2 repeats at most 1,000 times, counting nested repeats multiplied: `(?:\\w{1,100}){1,20}`"
            " is 2,000; write `+` or `*`, or smaller counts)"
        )
    return ""


def glob_problem(glob: str) -> str | None:
    """Git's own reading of a gitignore-style glob (invalid, a no-op, a negation), then what git
    reads but the matcher would not (a POSIX class, a regex RE2 cannot compile), then what git
    reads but no path found in an issue can match: `./`, a URL, `{a,b}`."""
    control = control_problem(glob)
    if control is not None:
        return control
    try:
        pattern = git_pattern(glob)
    except GitIgnorePatternError:
        return f'"{glob}" is not a valid gitignore-style glob'
    except re.error as error:  # pathspec compiles some bad ranges straight to Python's re
        return f'"{glob}" is not a valid gitignore-style glob: {error.msg}'
    if pattern.include is None:
        return f'"{glob}" matches nothing: {_why_nothing(glob)}'
    if not pattern.include:
        return f'"{glob}" is a negation, which matches nothing on its own: list the paths to match'
    return (
        _unsupported_glob_problem(glob, pattern)
        or _never_matching_glob_problem(glob)
        or _needless_escape_problem(glob)
        or _stray_double_star_problem(glob)
        or _every_path_problem(glob, pattern)
    )


def _why_nothing(glob: str) -> str:
    """Why git reads a glob as no pattern at all: a comment, a blank, a lone `/` or a `[` never
    closed (pathspec's reasons, which are git's)."""
    if glob.startswith("#"):
        escape = _escaped(glob, 0)
        return f'git reads it as a comment, as it starts with "#"; to match a "#", escape it: {escape}'
    if not glob.strip():
        return "git reads it as a blank line"
    if glob == "/":
        return 'git reads a lone "/" as no path at all'
    at = unclosed_bracket(glob)
    if at is not None:
        return (
            f'git reads it as an invalid range, as the "[" at character {at + 1} is never closed: close it '
            f'with "]", or, to match a "[", escape it: {_escaped(glob, at)}'
        )
    return "git reads it as a comment, a blank or an invalid range"


def _escaped(glob: str, at: int) -> str:
    """The glob with a backslash before character `at`, as YAML keeps it (single-quoted)."""
    return single_quoted(glob[:at] + "\\" + glob[at:])


def unclosed_bracket(glob: str) -> int | None:
    """Where the first `[` that no `]` closes within its folder or file name stands, as git's
    wildmatch reads brackets (`_bracket_classes`); None when every one is closed."""
    start = 0
    for name in glob.split("/"):
        at = 0
        while at < len(name):
            if name[at] == "\\":
                at += 2
            elif name[at] == "[":
                end = _bracket_classes(name, at + 1, [])
                if end > len(name):
                    return start + at
                at = end
            else:
                at += 1
        start += len(name) + 1
    return None


def git_pattern(glob: str) -> GitIgnoreSpecPattern:
    """pathspec's reading of `glob`. pathspec also compiles it with Python's `re`, which warns of
    a "possible nested set" at `[[` on stderr; only RE2 runs the regex, so that warning is noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return GitIgnoreSpecPattern(glob)


_POSIX_CLASS = re.compile(r"\[:([^\]]*):\]")
"""`[:alpha:]` inside a bracket expression: git's wildmatch reads up to the first `]`."""
_CLASS_CHARACTERS = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "lower": "a-z",
    "upper": "A-Z",
    "xdigit": "0-9a-fA-F",
}
"""What git's ASCII-only classes stand for, for the ones a path plausibly uses."""


def _unsupported_glob_problem(glob: str, pattern: GitIgnoreSpecPattern) -> str | None:
    """pathspec reads `[[:alpha:]]` as `[[:alpha:]` then a literal `]`, which RE2 either refuses or
    reads as another set (`[[:alpha:]]*`), and a backslash in brackets as a character (`[\\]]` a
    set of `\\` then `]`, `[a\\-z]` a range from `\\` to `z`): these are refused rather than
    matched wrongly."""
    posix = posix_classes(glob)
    if "\\" in posix:
        return (
            f'"{glob}" has a backslash inside [...], where git reads an escape and triage\'s matcher a '
            "backslash: put a `]` first and a `-` last in the brackets instead of escaping them"
        )
    if posix:
        name = posix[0]
        chars = _CLASS_CHARACTERS.get(name)
        instead = f" ({chars} for [:{name}:])" if chars else ""
        return (
            f'"{glob}" uses the character class [:{name}:], which triage\'s globs do not support: '
            f"list the characters instead{instead}"
        )
    if pattern.regex is None:
        return None
    try:
        re2.compile(str(pattern.regex.pattern), re2_options())
    except re2.error as error:
        return f'"{glob}" is not a glob triage can match: RE2 cannot compile its regex: {re2_reason(error)}'
    return None


def posix_classes(glob: str) -> list[str]:
    """The names of the `[:name:]` classes in the glob's bracket expressions, as git reads them; a
    backslash escape inside one is listed as `\\`."""
    names: list[str] = []
    at = 0
    while at < len(glob):
        if glob[at] == "\\":
            at += 2
        elif glob[at] == "[":
            at = _bracket_classes(glob, at + 1, names)
        else:
            at += 1
    return names


def _bracket_classes(glob: str, at: int, names: list[str]) -> int:
    """Add to `names` the classes of the bracket expression whose content starts at `at`, and `\\`
    for each escape in it; return where it ends. As git's wildmatch: `!` or `^` negates, the first
    character (even `]`) is a member, `\\` escapes, `a-z` is a range (a class cannot end one), `]`
    closes."""
    if glob[at : at + 1] in ("!", "^"):
        at += 1
    first = True
    while at < len(glob) and (first or glob[at] != "]"):
        first = False
        posix = _POSIX_CLASS.match(glob, at)
        if posix is not None:
            names.append(posix.group(1))
            at = posix.end()
            continue
        escaped = glob[at] == "\\"
        if escaped:
            names.append("\\")
        at += 2 if escaped else 1
        if glob[at : at + 1] == "-" and glob[at + 1 : at + 2] not in ("", "]"):
            if glob[at + 1] == "\\":
                names.append("\\")
            at += 3 if glob[at + 1] == "\\" else 2
    return at + 1


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_GITHUB_REPO = re.compile(r"(?i)https?://(?:www\.)?github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)")
_BRACES = re.compile(r"(?<![\\\[])\{([^{}\]]*)\}")
"""`{...}` not escaped and not opening a character class (`[{]` is a class holding a brace)."""


def _first_braces_outside_classes(glob: str) -> re.Match[str] | None:
    """The first `{...}` not inside a `[...]` character class left open before it. One pass: the
    last `[` and `]` are carried from one match to the next (a glob of a million braces inside one
    class took minutes when each match looked back from its own start)."""
    last_open = last_close = -1
    scanned = 0
    for braces in _BRACES.finditer(glob):
        at = braces.start()
        last_open = max(last_open, glob.rfind("[", scanned, at))
        last_close = max(last_close, glob.rfind("]", scanned, at))
        scanned = at
        if last_open <= last_close:
            return braces
    return None


def _never_matching_glob_problem(glob: str) -> str | None:
    """Globs git accepts that no path can match: paths are read as git lists them (no `./`, no
    URL: a link's path is read out of it, no empty folder name), and `{a,b}` is a shell's syntax,
    literal to git."""
    if glob.startswith("./"):
        return f'"{glob}" never matches: paths are read without a leading ./, so drop it{_dropped(glob)}'
    if _URL.match(glob):
        repo = _GITHUB_REPO.match(glob)
        name = f'"{repo.group(1)}"' if repo else "owner/name"
        return (
            f'"{glob}" is a URL, not a path: globs match paths inside a repository; '
            f"to match the repository, list {name} under repos:"
        )
    if "//" in glob:  # a bracket expression cannot hold a `/`: git matches names between them
        return (
            f'"{glob}" never matches: "//" is an empty folder name, which no repository path has: '
            f'"{_EMPTY_FOLDERS.sub("/", glob)}"'
        )
    braces = _first_braces_outside_classes(glob)
    if braces:
        choices = ", ".join(
            f'"{glob[: braces.start()]}{choice.strip()}{glob[braces.end() :]}"'
            for choice in braces.group(1).split(",")
        )
        return (
            f'"{glob}" uses brace expansion, which gitignore-style globs do not have '
            f"(git reads the braces literally): list one glob for each choice: {choices}"
        )
    return None


_EMPTY_FOLDERS = re.compile(r"/{2,}")


_MEANT_ESCAPES = frozenset("*?[ !#\\]{}")
"""What a backslash outside brackets is for: a wildcard or `[` taken literally, a trailing space
kept, a leading `!` or `#` that is a name, a backslash; `\\]` pairs with `\\[`, and `\\{` is how a
literal brace escapes the brace expansion check."""


_NEEDLESS_BACKSLASH = re.compile(r"(?<!\\)((?:\\\\)*)\\(?=[\w*?])")
"""In a glob written as a Windows path, a backslash before a name or a wildcard is a separator
(`dev\\release\\**`); one before a bracket, a brace, a space, `!` or `#` escapes it, and stays."""


def _needless_escape_problem(glob: str) -> str | None:
    """A backslash git reads as an escape of a character that needs none, `dev\\release\\**` above
    all: git's separator is `/` alone, so that glob matches `devrelease*...`."""
    at = 0
    while at < len(glob) - 1:
        if glob[at] == "[":
            at = _bracket_classes(glob, at + 1, [])
            continue
        char = glob[at + 1]
        if glob[at] == "\\" and char not in _MEANT_ESCAPES:
            said = f'"{glob}" has a backslash before "{char}", which git reads as "{char}" alone'
            if char.isalnum() or char == "_":
                slashed = _NEEDLESS_BACKSLASH.sub(r"\1/", glob)  # an escaped backslash (`\\`) stays
                return f'{said}, not as a folder separator: write / between folders: "{slashed}"'
            return f"{said}, as it needs no escaping: drop the backslash, or write / between folders"
        at += 2 if glob[at] == "\\" else 1
    return None


def _star_runs(glob: str) -> Iterator[tuple[int, int]]:
    """Where each run of `*` outside brackets and escapes starts and ends."""
    at = 0
    while at < len(glob):
        if glob[at] == "\\":
            at += 2
        elif glob[at] == "[":
            at = _bracket_classes(glob, at + 1, [])
        elif glob[at] == "*":
            end = at
            while end < len(glob) and glob[end] == "*":
                end += 1
            yield at, end
            at = end
        else:
            at += 1


def _stray_double_star_problem(glob: str) -> str | None:
    """`**` stands for any folders only as a whole name between slashes. Elsewhere (`a**`,
    `**b`, `***`) git's documentation reads it as `*`, while git itself and pathspec, which
    triage's matcher follows, disagree in places (`***/x` is any folders to git, one to
    pathspec; `services**/x` any folders to git after the glob's first literal characters):
    refused, since either reading may not be the one meant."""
    for start, end in _star_runs(glob):
        if end - start < 2:
            continue
        whole = (start == 0 or glob[start - 1] == "/") and (end == len(glob) or glob[end] == "/")
        if whole and end - start == 2:
            continue
        stars, before, after = glob[start:end], glob[:start], glob[end:]
        if whole:
            return (
                f'"{glob}" has "{stars}", which git reads as "**" and triage\'s matcher as "*": write '
                f'"{before}**{after}" for any number of folders, or "{before}*{after}" for one'
            )
        return (
            f'"{glob}" has "{stars}" inside a folder or file name, where it is read as "*" ("**" stands '
            'for any number of folders only as a whole name between slashes, as in "a/**/b"): '
            f'write "{before}*{after}" for part of a name, or put "**" between slashes'
        )
    return None


_VARIED_PATHS = ("a", "README.md", "x/y/z.go", ".github/workflows/ci.yml")


def _every_path_problem(glob: str, pattern: GitIgnoreSpecPattern) -> str | None:
    """A glob that matches each of a few paths with nothing in common, as the matcher tries a path:
    as a file, and as a folder (with a `/` after it)."""
    if pattern.regex is None:
        return None
    compiled = re2.compile(str(pattern.regex.pattern), re2_options())
    if all(compiled.search(path) or compiled.search(path + "/") for path in _VARIED_PATHS):
        return (
            f'"{glob}" matches every path, so it would match any issue that names a file: name the folders '
            "or the files it stands for"
        )
    return None


def _dropped(glob: str) -> str:
    """The glob without its `./`, still anchored at the root as `./` meant (`./go.mod` -> `/go.mod`)."""
    rest = glob
    while rest.startswith("./"):
        rest = rest[2:].lstrip("/")
    if not rest:
        return ""
    anchored = rest if "/" in rest.rstrip("/") else "/" + rest
    return f': "{anchored}"'
