"""Every key of a rules file, its type, default and meaning: the format's single source of truth.

The loader walks a file against `RULES`; `json_schema.py` derives the editor schema from it;
README.md's "The rules file" table says the same in prose.
"""

from __future__ import annotations

from triage.ruleset.checks import (
    display_name_problem,
    exclude_problem,
    github_host_problem,
    glob_problem,
    keyword_problem,
    label_name_problem,
    not_repo_message,
    question_problem,
    regex_problem,
    repo_problem,
    value_problem,
)
from triage.ruleset.links import WEB_URL, link_problem, not_web_url_message
from triage.ruleset.spec import Choice, Either, Flag, Key, ListOf, Mapping, Number, Text, ValueCheck

VERSION = 1

ID = Text(
    pattern=r"[a-z0-9][a-z0-9-]*",
    pattern_message="is not a valid id: use lowercase letters, digits and dashes, not starting with a dash",
    unique="id",
)
LABEL_NAME = Text(max_length=50, unique="label name", check=label_name_problem)
DISPLAY_NAME = Text(check=display_name_problem, prose=True)
COLOR = Text(pattern=r"[0-9a-fA-F]{6}", pattern_message='is not a colour: use 6 hex digits without "#"')
POSITIVE = Number(positive=True, maximum=1_000_000)
"""Weights and thresholds: a bound far past any sensible rule keeps every sum of them finite."""

LABEL = Mapping(
    name="label",
    description="A label triage manages, created with this colour and description when missing.",
    fields={
        "name": Key(LABEL_NAME, "The label's name (GitHub allows 50 characters).", required=True),
        "color": Key(COLOR, "6 hex digits, no '#', e.g. 5319e7.", required=True),
        "description": Key(
            Text(min_length=0, max_length=100, prose=True),
            "Shown on GitHub (at most 100 characters).",
            required=True,
        ),
        "previous_names": Key(
            ListOf(LABEL_NAME), "Names this label had before: `triage labels sync` renames them in place."
        ),
    },
)

DOC = Mapping(
    name="doc",
    description="A link listed in the comment.",
    fields={
        "title": Key(Text(prose=True), "The link text.", required=True),
        "url": Key(
            Text(check=link_problem), "An http(s) URL, or a link relative to docs_base.", required=True
        ),
    },
)


_OPTIONS = {
    "case_sensitive": Key(Flag(), "Match case exactly.", default=False),
    "weight": Key(POSITIVE, "Multiplies what one match adds to the score.", default=1),
}


def _term(text: Text, name: str, what: str, refused: dict[str, str] | None = None) -> Either:
    """A term, or `{term, ...options}`; `refused` names the options that would do nothing for this
    kind of term, each with the message that says why."""
    options = {key: spec for key, spec in _OPTIONS.items() if key not in (refused or {})}
    return Either(
        text,
        Mapping(
            name=f"{name}_term",
            description=f"{what}, with options.",
            fields={"term": Key(text, what, required=True), **options},
            refused=refused,
        ),
    )


def _phrase(check: ValueCheck) -> Text:
    return Text(
        pattern=r"[\s\S]*\S[\s\S]*", pattern_message="is blank: a term needs a word to match", check=check
    )


KEYWORD = _term(_phrase(keyword_problem), "keyword", "A whole word or phrase")
VALUE = _term(_phrase(value_problem), "keyword", "A whole word or phrase")
"""A keyword but for its advice: a field has no patterns or paths to move a regex or a glob to."""
EXCLUDE = _term(
    _phrase(exclude_problem),
    "exclude",
    "A whole word or phrase whose match vetoes",
    refused={"weight": "an exclude term takes no weight: it adds nothing to the score, any match vetoes"},
)
PATTERN = _term(Text(check=regex_problem), "pattern", "An RE2 regular expression")
PATH = _term(
    Text(check=glob_problem),
    "path",
    "A gitignore-style glob matched against file paths",
    refused={
        "case_sensitive": "a path takes no case_sensitive: globs always match case exactly, as git's do"
    },
)
_NOT_REPO = "is not a repository: write owner/name"
_NOT_REPO_PATTERN = "is not a repository pattern: write owner/name, with * or ? as wildcards"
REPO = _term(
    Text(
        pattern=r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+",
        pattern_message=_NOT_REPO,
        pattern_hint=lambda written: not_repo_message(written, _NOT_REPO),
        check=repo_problem,
    ),
    "repo",
    "A repository, owner/name",
    refused={
        "case_sensitive": "a repository takes no case_sensitive: "
        "owner/name always compares ignoring case, as on GitHub"
    },
)
FIELD_NAME = Text(
    pattern=r"(?!\s*#{2,6}\s)[\s\S]*",
    pattern_message="starts with a heading marker: write the heading without ###",
)
"""The heading's text: a name that keeps the `###` can never equal it."""
FIELD = Mapping(
    name="field",
    description="An issue-form field: `### name` followed by a value containing one of `values`.",
    fields={
        "name": Key(FIELD_NAME, "The field's heading, without `###`.", required=True),
        "values": Key(ListOf(VALUE, min_items=1), "Values that count as a match.", required=True),
    },
)


def _matchers(owner: str) -> dict[str, Key]:
    return {
        "keywords": Key(ListOf(KEYWORD), f"Whole words and phrases that are evidence for the {owner}."),
        "patterns": Key(ListOf(PATTERN), "RE2 regular expressions (no backreferences or lookaround)."),
        "paths": Key(ListOf(PATH), "Gitignore-style globs matched against file paths found in the body."),
        "repos": Key(ListOf(REPO), "Repositories (owner/name) matched against links and mentions."),
        "fields": Key(ListOf(FIELD), "Issue-form fields whose value is evidence."),
        "exclude": Key(ListOf(EXCLUDE), f"Any match vetoes the {owner}."),
    }


ASK = Mapping(
    name="ask",
    description="A question the comment asks the reporter while its owner is labelled, unless the issue"
    " answers it already.",
    fields={
        "question": Key(
            Text(check=question_problem, prose=True),
            "One line of Markdown, shown as a bullet.",
            required=True,
        ),
        "answered_by": Key(
            ListOf(Text(check=regex_problem)),
            "RE2 regular expressions, ignoring case: a match in the title or body (code and quotes"
            " included) answers the question, which is then not asked.",
        ),
        "reporters": Key(
            Choice(("any", "outside")),
            "Whom it is asked: any reporter, or only one outside the repository's people (GitHub's"
            " author_association not OWNER, MEMBER or COLLABORATOR).",
            default="any",
        ),
    },
)


def _asks(owner: str) -> Key:
    return Key(ListOf(ASK), f"Questions the comment asks while the {owner} is labelled, unless answered.")


_DOCS = Key(ListOf(DOC), "Listed in the comment.")
_OVERRIDE = "Overrides thresholds.{} for this {}."

AREA = Mapping(
    name="area",
    description="One area a team owns: its label, its evidence and its docs.",
    fields={
        "id": Key(ID, "Unique across teams and areas.", required=True),
        "name": Key(DISPLAY_NAME, "Shown in the comment.", required=True),
        "label": Key(LABEL, "Applied when the area's score reaches its threshold.", required=True),
        **_matchers("area"),
        "docs": _DOCS,
        "note": Key(Text(prose=True), "Shown to the reporter before the docs.", default=None, nullable=True),
        "asks": _asks("area"),
        "threshold": Key(POSITIVE, _OVERRIDE.format("apply", "area"), default=None),
        "suggest": Key(POSITIVE, _OVERRIDE.format("suggest", "area"), default=None),
    },
    refused={"areas": "an area holds no areas: they belong to its team (look at the indentation)"},
)

TEAM = Mapping(
    name="team",
    description="A team: its label, team-level evidence, docs and areas.",
    fields={
        "id": Key(ID, "Unique across teams and areas.", required=True),
        "name": Key(DISPLAY_NAME, "Shown in the comment.", required=True),
        "label": Key(LABEL, "Applied with any of its areas, or on the team's own score.", required=True),
        "docs": _DOCS,
        **_matchers("team and all its areas"),
        "asks": _asks("team"),
        "threshold": Key(POSITIVE, _OVERRIDE.format("team", "team"), default=None),
        "suggest": Key(
            POSITIVE,
            _OVERRIDE.format("suggest", "team") + " Only a team of no areas takes one.",
            default=None,
        ),
        "areas": Key(ListOf(AREA), "The areas the team owns."),
    },
    refused={"note": "a team takes no note: notes are its areas'"},
)


def _positive(default: float, description: str) -> Key:
    return Key(POSITIVE, description, default=default)


WEIGHTS = Mapping(
    description="One piece of evidence adds kind weight x place weight x term weight.",
    fields={
        "title": _positive(2, "Place weight of a match in the title."),
        "body": _positive(1, "Place weight of a match in the body."),
        "keyword": _positive(1, "Kind weight of a keyword match."),
        "pattern": _positive(1, "Kind weight of a pattern match."),
        "path": _positive(2, "Kind weight of a file path match."),
        "repo": _positive(2, "Kind weight of a repository match."),
        "field": _positive(3, "Kind weight of an issue-form field match."),
    },
)

THRESHOLDS = Mapping(
    description="Scores that decide labels; suggest must not be above apply.",
    fields={
        "apply": _positive(3, "Score an area needs for its label."),
        "suggest": _positive(
            2, "Score at which an area, or a team of no areas, is named as possible, without a label."
        ),
        "team": _positive(3, "Team-level evidence plus its areas' scores that applies the team label alone."),
    },
)

COMMENT = Mapping(
    description="How the comment is written.",
    fields={
        "template": Key(
            Text(),
            "A Jinja2 template, relative to this file and inside its folder.",
            default=None,
            nullable=True,
        ),
        "on_no_match": Key(
            Choice(("none", "short")), "With nothing matched: no comment, or one short line.", default="none"
        ),
    },
)

RULES = Mapping(
    description="Ownership rules for triage: teams, their areas, the evidence for each, and docs.",
    fields={
        "version": Key(Number(integer=True, const=VERSION), "The format version: 1.", required=True),
        "docs_base": Key(
            Text(pattern=WEB_URL, pattern_hint=not_web_url_message, check=link_problem),
            "The page relative doc links were written in.",
            default=None,
            nullable=True,
        ),
        "docs_strip": Key(ListOf(Text()), "Suffixes removed, in order, from a resolved relative link."),
        "fallback_label": Key(LABEL, "Applied when no team matches.", default=None, nullable=True),
        "defer_to": Key(
            ListOf(Text()),
            "Label patterns (`*` and `?`, any case) naming other owners: an issue that carries such a label"
            " the rules do not manage is left alone.",
        ),
        "path_repos": Key(
            ListOf(
                Text(
                    pattern=r"[A-Za-z0-9_.*?-]+/[A-Za-z0-9_.*?-]+",
                    pattern_message=_NOT_REPO_PATTERN,
                    pattern_hint=lambda written: not_repo_message(written, _NOT_REPO_PATTERN),
                    check=repo_problem,
                )
            ),
            "Repositories (owner/name, `*` and `?`, any case) whose files the paths globs name: a path"
            " in a link to another repository's file is not evidence. Empty: any repository's.",
        ),
        "github_hosts": Key(
            ListOf(Text(check=github_host_problem)),
            "Hosts whose links are GitHub links besides github.com's (a GitHub Enterprise Server's:"
            " ghe.example.com), read for repositories and files as github.com's are. A host alone (no"
            " scheme, path or port), any case. Empty: github.com's alone.",
        ),
        "weights": Key(WEIGHTS, WEIGHTS.description),
        "thresholds": Key(THRESHOLDS, THRESHOLDS.description),
        "comment": Key(COMMENT, COMMENT.description),
        "teams": Key(ListOf(TEAM, min_items=1), "At least one team.", required=True),
    },
)
