"""Checked rules data -> `triage.model.Rules`, with the checks that need more than one value.

The walk has already put every value in its declared shape; this stage resolves what depends
on context (doc links against `docs_base`, thresholds from their defaults, the template path
against the rules file's folder) and reports what is wrong in combination (a term listed twice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, NamedTuple

from triage.model import (
    Area,
    Ask,
    CommentSettings,
    Doc,
    FieldRule,
    Label,
    Matchers,
    Rules,
    Team,
    Term,
    Weights,
)
from triage.near_names import near_name
from triage.ruleset.duplicates import (
    field_twice_message,
    fields_listed_twice,
    listed_twice,
    twice_message,
    vetoes,
)
from triage.ruleset.links import is_relative, resolve_link
from triage.ruleset.reach import area_message, max_score, out_of_reach, team_message
from triage.ruleset.walk import Walked, child_path

_REACH_KEYS = ("keywords", "patterns", "paths", "repos", "fields", "threshold", "suggest")
"""An owner's keys whose values bound its score against its thresholds."""


def _label_owners(rules: Rules) -> dict[str, str]:
    """Each name a managed label goes by, case-folded, to what it is in the rules."""
    owners: dict[str, str] = {}
    named = [(team.label, f'the label of team "{team.id}"') for team in rules.teams]
    named += [(area.label, f'the label of area "{area.id}"') for area in rules.areas]
    if rules.fallback_label is not None:
        named.append((rules.fallback_label, "the fallback_label"))
    for owned, what in named:
        owners[owned.name.casefold()] = what
        for former in owned.previous_names:
            owners.setdefault(former.casefold(), f'a previous name of "{owned.name}", {what}')
    return owners


class _Builder:
    def __init__(self, walked: Walked) -> None:
        self.walked = walked
        data = walked.data
        self.docs_base: str | None = data["docs_base"]
        self.docs_strip: tuple[str, ...] = tuple(data["docs_strip"])
        self.thresholds: dict[str, float] = data["thresholds"]
        self.built_terms: dict[tuple[int, str], tuple[tuple[Term, ...], tuple[tuple[int, str], ...]]] = {}
        """`_terms`'s, by the walked list (alive as long as `walked`, so its id is its own) and kind."""

    def rules(self) -> Rules:
        data = self.walked.data
        where = "thresholds.suggest" if "thresholds.suggest" in self.walked.marks else "thresholds.apply"
        self._check_suggest(
            self.thresholds["suggest"],
            self.thresholds["apply"],
            where,
            "thresholds.suggest",
            "thresholds.apply",
        )
        teams = tuple(self._team(team, f"teams[{i}]") for i, team in enumerate(data["teams"]))
        weights = Weights(**{name: float(value) for name, value in data["weights"].items()})
        for i, team in enumerate(teams):
            self._check_team(team, weights, f"teams[{i}]")
        fallback = data["fallback_label"]
        rules = Rules(
            source=self.walked.source,
            version=data["version"],
            teams=teams,
            weights=weights,
            fallback_label=None if fallback is None else label(fallback),
            defer_to=tuple(data["defer_to"]),
            path_repos=tuple(data["path_repos"]),
            github_hosts=self._github_hosts(data["github_hosts"]),
            comment=self._comment(data["comment"]),
        )
        self._check_defer_to(rules)
        return rules

    def _github_hosts(self, hosts: list[str]) -> tuple[str, ...]:
        """Lower-cased, as host names ignore case and links are compared so; one listed twice in
        any case is told at the second."""
        where = "github_hosts"
        self._terms_checked(tuple(Term(host) for host in hosts), where, where)
        return tuple(host.lower() for host in hosts)

    def _check_defer_to(self, rules: Rules) -> None:
        """An entry without wildcards that names a label of these rules, or a former name of one,
        defers nothing: labels the rules manage never defer (`plan.deferred_to`). Left in a file
        that took in the team it named, it would read as leaving that team's issues alone."""
        ours = _label_owners(rules)
        for i, pattern in enumerate(rules.defer_to):
            where = f"defer_to[{i}]"
            owner = ours.get(pattern.casefold())
            if owner is None or "*" in pattern or "?" in pattern or where in self.walked.invalid:
                continue
            self.walked.report(
                where,
                f'"{pattern}" is {owner}: a label these rules manage never defers (an issue carrying it '
                "is still given the labels its text points to), so this entry does nothing; remove it",
            )

    def _team(self, team: dict[str, Any], path: str) -> Team:
        threshold = team["threshold"] if team["threshold"] is not None else self.thresholds["team"]
        suggest = team["suggest"] if team["suggest"] is not None else self.thresholds["suggest"]
        self._check_team_suggest(team, path, suggest, threshold)
        areas = enumerate(team["areas"])
        return Team(
            id=team["id"],
            name=team["name"],
            label=label(team["label"]),
            docs=self._docs(team["docs"], child_path(path, "docs")),
            matchers=self._matchers(team, path),
            threshold=float(threshold),
            areas=tuple(self._area(area, team["id"], f"{path}.areas[{i}]") for i, area in areas),
            asks=self._asks(team["asks"], child_path(path, "asks")),
            suggest=float(suggest),
        )

    def _check_team_suggest(self, team: dict[str, Any], path: str, suggest: float, threshold: float) -> None:
        """A team's own `suggest`, as an area's: only a team of no areas is named as possible (one
        with areas is named through them), and not above the team's threshold."""
        if team["suggest"] is None:
            return
        where = child_path(path, "suggest")
        if team["areas"]:
            self.walked.report(
                where,
                "a team with areas takes no suggest: its areas are named as possible, each at its own "
                "(thresholds.suggest, or the area's suggest); give the suggest to the areas",
            )
            return
        if suggest <= threshold or where in self.walked.invalid:
            return
        if team["threshold"] is not None:
            if child_path(path, "threshold") not in self.walked.invalid:
                self.walked.report(
                    where, f"suggest ({suggest:g}) is above the team's threshold ({threshold:g})"
                )
            return
        if "thresholds.team" not in self.walked.invalid:
            self.walked.report(
                where,
                f"suggest ({suggest:g}) is above the team threshold ({threshold:g}, from thresholds.team): "
                f"give the team a threshold of its own, at least {suggest:g}, or a lower suggest",
            )

    def _area(self, area: dict[str, Any], team_id: str, path: str) -> Area:
        threshold = area["threshold"] if area["threshold"] is not None else self.thresholds["apply"]
        suggest = area["suggest"] if area["suggest"] is not None else self.thresholds["suggest"]
        own = [child_path(path, key) for key in ("suggest", "threshold") if area[key] is not None]
        if own:
            suggest_from = (
                child_path(path, "suggest") if area["suggest"] is not None else "thresholds.suggest"
            )
            apply_from = (
                child_path(path, "threshold") if area["threshold"] is not None else "thresholds.apply"
            )
            self._check_suggest(suggest, threshold, own[0], suggest_from, apply_from)
        return Area(
            id=area["id"],
            team_id=team_id,
            name=area["name"],
            label=label(area["label"]),
            matchers=self._matchers(area, path),
            docs=self._docs(area["docs"], child_path(path, "docs")),
            note=area["note"],
            threshold=float(threshold),
            suggest=float(suggest),
            asks=self._asks(area["asks"], child_path(path, "asks")),
        )

    def _check_team(self, team: Team, weights: Weights, path: str) -> None:
        """What only the built team shows: keywords its excludes always veto, and scores its terms
        can never reach."""
        areas = [(f"{path}.areas[{j}]", area) for j, area in enumerate(team.areas)]
        for where, area in areas:
            self._check_excluded_keywords([(where, area.matchers)], area.matchers.exclude, where, "area")
        everyone = [(path, team.matchers), *((where, area.matchers) for where, area in areas)]
        self._check_excluded_keywords(everyone, team.matchers.exclude, path, "team")
        for where, area in areas:
            self._check_area_reach(area, weights, where)
        self._check_team_reach(team, weights, path)

    def _check_excluded_keywords(
        self,
        owners: list[tuple[str, Matchers]],
        exclude: tuple[Term, ...],
        exclude_path: str,
        vetoed: Literal["area", "team"],
    ) -> None:
        """A keyword an exclude term always matches with can never count: the veto comes with it (a
        team's exclude vetoes the team, with all its areas). An exclude term that does this to several
        keywords (of an area, or of a team and its areas) is the likelier slip: told once, there."""
        for veto, keywords in _held_keywords(owners, exclude).items():
            term = exclude[veto]
            if len(keywords) == 1:
                [(path, index, keyword)] = keywords
                whose = "this" if path == exclude_path else "its"
                self.walked.report(
                    f"{path}.keywords[{index}]",
                    f'"{keyword.text}" always holds an exclude term of {whose} {vetoed} '
                    f'("{term.text}", line {term.line}): '
                    f"wherever it matches, the {vetoed} is vetoed, so it can never count",
                )
                continue
            named = ", ".join(f'"{held.keyword.text}" (line {held.keyword.line})' for held in keywords[:5])
            more = f" and {len(keywords) - 5} more" if len(keywords) > 5 else ""
            whose = "this area's" if vetoed == "area" else "the team's and its areas'"
            self.walked.report(
                f"{exclude_path}.exclude[{veto}]",
                f'"{term.text}" is held by {len(keywords)} of {whose} keywords ({named}{more}): wherever one '
                f"of them matches, the {vetoed} is vetoed, so none can count; make the exclude term "
                "more particular, or remove it",
            )

    def _check_area_reach(self, area: Area, weights: Weights, path: str) -> None:
        """An area that can reach a suggest threshold of its own but not its apply threshold is one
        meant to be named as possible and never labelled: the one way to write that, accepted."""
        score = max_score(area.matchers, weights)
        if not out_of_reach(score, area.threshold) or self._replaced(path, ("apply", "suggest")):
            return
        if child_path(path, "suggest") in self.walked.marks and not out_of_reach(score, area.suggest):
            return
        message = area_message(area.id, score, area.threshold, area.suggest, bool(area.matchers.fields))
        self.walked.report(self._threshold_at(path), message)

    def _check_team_reach(self, team: Team, weights: Weights, path: str) -> None:
        """A team with areas is labelled with any of them, which are judged; but when each of them
        is only ever suggested (a threshold out of its reach, a suggest within it), only the team's
        own score can label it: its terms and all its areas' scores, as scoring adds them up. A team of
        no areas that can reach a suggest of its own is accepted, as such an area is."""
        area_scores = [max_score(area.matchers, weights) for area in team.areas]
        if any(
            not out_of_reach(most, area.threshold) for most, area in zip(area_scores, team.areas, strict=True)
        ):
            return
        score = max_score(team.matchers, weights) + sum(area_scores)
        areas = [f"{path}.areas[{j}]" for j in range(len(team.areas))]
        if not out_of_reach(score, team.threshold) or any(
            self._replaced(where, ("team", "apply", "suggest")) for where in (path, *areas)
        ):
            return
        suggest_own = not team.areas and child_path(path, "suggest") in self.walked.marks
        if suggest_own and not out_of_reach(score, team.suggest):
            return  # meant only ever to be named as possible, as an area can be
        has_fields = bool(team.matchers.fields) or any(area.matchers.fields for area in team.areas)
        message = team_message(team.id, score, team.threshold, has_fields, bool(team.areas))
        self.walked.report(self._threshold_at(path), message)

    def _threshold_at(self, path: str) -> str:
        """The owner's own `threshold` key, else the owner: its threshold is the default."""
        own = child_path(path, "threshold")
        return own if own in self.walked.marks else path

    def _replaced(self, path: str, thresholds: tuple[str, ...]) -> bool:
        """Whether a value the bound depends on (a term, a weight, a threshold) was reported and
        replaced: the bound would be wrong, and the problem is already told. Looked up, not found by
        scanning every reported path for each owner (5,000 areas and as many problems took 22 s)."""
        under = self.walked.reported_under
        owned = (child_path(path, key) for key in _REACH_KEYS)
        shared = ("weights", *(f"thresholds.{name}" for name in thresholds))
        return path in self.walked.invalid or any(prefix in under for prefix in (*owned, *shared))

    def _check_suggest(
        self, suggest: float, apply: float, where: str, suggest_from: str, apply_from: str
    ) -> None:
        """`suggest` (from the key `suggest_from`) against `apply` (from `apply_from`), unless either key
        was reported already. An area's own value against the other taken from `thresholds` is told
        with that key's name and the fix."""
        if suggest <= apply or {suggest_from, apply_from} & self.walked.invalid:
            return
        own_suggest, own_apply = suggest_from != "thresholds.suggest", apply_from != "thresholds.apply"
        message = f"suggest ({suggest:g}) is above the apply threshold ({apply:g})"
        if own_apply and not own_suggest:
            message = (
                f"suggest ({suggest:g}, from thresholds.suggest) is above this area's apply threshold "
                f"({apply:g}): give the area a suggest of its own, at most {apply:g}"
            )
        elif own_suggest and not own_apply:
            message = (
                f"suggest ({suggest:g}) is above the apply threshold ({apply:g}, from thresholds.apply): "
                f"give the area a threshold of its own, at least {suggest:g}, or a lower suggest"
            )
        self.walked.report(where, message)

    def _matchers(self, owner: dict[str, Any], path: str) -> Matchers:
        def terms(kind: str) -> tuple[Term, ...]:
            return self._terms(owner[kind], child_path(path, kind), kind)

        fields = tuple(self._field(rule, f"{path}.fields[{i}]") for i, rule in enumerate(owner["fields"]))
        for index, first in fields_listed_twice(fields):
            self.walked.report(
                f"{path}.fields[{index}].name", field_twice_message(fields[index], fields[first])
            )
        keywords, patterns, paths, repos, exclude = map(
            terms, ("keywords", "patterns", "paths", "repos", "exclude")
        )
        return Matchers(keywords, patterns, paths, repos, fields, exclude)

    def _field(self, rule: dict[str, Any], path: str) -> FieldRule:
        values = self._terms(rule["values"], child_path(path, "values"), "values")
        return FieldRule(rule["name"], values, self.walked.mark(path).line)

    def _terms(self, entries: list[Any], path: str, kind: str) -> tuple[Term, ...]:
        """The terms of a list; one that an alias repeats (the walk gives each use the same list)
        is built and checked once, its problems told again at each use."""
        known = self.built_terms.get((id(entries), kind))
        if known is not None:
            terms, twice = known
        else:
            terms = tuple(self._term_at(entry, f"{path}[{i}]") for i, entry in enumerate(entries))
            twice = self._listed_twice(terms, path, kind)
            self.built_terms[(id(entries), kind)] = terms, twice
        self._tell_twice(path, twice)
        return terms

    def _terms_checked(self, terms: tuple[Term, ...], path: str, kind: str) -> tuple[Term, ...]:
        self._tell_twice(path, self._listed_twice(terms, path, kind))
        return terms

    def _tell_twice(self, path: str, twice: tuple[tuple[int, str], ...]) -> None:
        for index, message in twice:
            self.walked.report(f"{path}[{index}]", message)

    def _listed_twice(self, terms: tuple[Term, ...], path: str, kind: str) -> tuple[tuple[int, str], ...]:
        """Each term listed again, by its index, with what to tell there."""
        told = []
        for index, first in listed_twice(kind, terms):
            at = self._first_at(f"{path}[{first}]", f"{path}[{index}]")
            told.append((index, twice_message(kind, terms[index], terms[first], at)))
        return tuple(told)

    def _first_at(self, first: str, again: str) -> str:
        """Where the value at key path `first` stands, for a message at `again`, which repeats it:
        its line, and its column when the two share a line."""
        first_at = self.walked.mark(first)
        same_line = first_at.line == self.walked.mark(again).line
        return f"line {first_at.line} (column {first_at.col})" if same_line else f"line {first_at.line}"

    def _term_at(self, entry: str | dict[str, Any], path: str) -> Term:
        line = self.walked.mark(path).line
        if isinstance(entry, str):
            return Term(entry, line=line)
        # Kinds whose matching ignores an option (paths' case, exclude's weight) do not declare it.
        return Term(entry["term"], entry.get("case_sensitive", False), float(entry.get("weight", 1)), line)

    def _asks(self, asks: list[dict[str, Any]], path: str) -> tuple[Ask, ...]:
        """The owner's questions; one asked twice by the same owner is a slip (the comment shows a
        question once), told at the second."""
        built: list[Ask] = []
        first: dict[str, int] = {}
        for index, ask in enumerate(asks):
            at = f"{path}[{index}]"
            question = ask["question"]
            seen = first.setdefault(_as_read(question), index) if question else index
            if seen != index:
                first_at = self._first_at(f"{path}[{seen}].question", f"{at}.question")
                self.walked.report(f"{at}.question", _asked_twice(question, asks[seen]["question"], first_at))
            answers = child_path(at, "answered_by")
            patterns = tuple(
                Term(text, line=self.walked.mark(f"{answers}[{i}]").line)
                for i, text in enumerate(ask["answered_by"])
            )
            built.append(Ask(question, self._terms_checked(patterns, answers, "patterns"), ask["reporters"]))
        return tuple(built)

    def _docs(self, docs: list[dict[str, str]], path: str) -> tuple[Doc, ...]:
        return tuple(
            Doc(doc["title"], self._url(doc["url"], f"{path}[{i}].url")) for i, doc in enumerate(docs)
        )

    def _url(self, url: str, path: str) -> str:
        if not url or not is_relative(url):
            return url
        if self.docs_base is None:
            if "docs_base" not in self.walked.invalid:
                self.walked.report(path, f'relative link "{url}" needs docs_base at the top of the file')
            return url
        return resolve_link(url, self.docs_base, self.docs_strip)

    def _comment(self, comment: dict[str, Any]) -> CommentSettings:
        return CommentSettings(self._template(comment["template"]), comment["on_no_match"])

    def _template(self, template: str | None) -> str | None:
        if not template:
            return None
        folder = Path(self.walked.source).parent.resolve()
        try:
            found = (folder / template).resolve()
            message = template_problem(template, folder, found)
        except (OSError, RuntimeError, ValueError) as error:  # a symlink loop, a NUL in the name
            self.walked.report("comment.template", f"template {template!r} cannot be read: {error}")
            return None
        if message is not None:
            self.walked.report("comment.template", message)
        return str(found)


def _as_read(question: str) -> str:
    """A question as a reader of the comment tells it from another: case and spacing aside."""
    return " ".join(question.split()).casefold()


def _asked_twice(question: str, first: str, first_at: str) -> str:
    written = "" if first == question else f' as "{first}", which reads as the same question'
    return f'"{question}" is listed twice: first at {first_at}{written}'


class _HeldKeyword(NamedTuple):
    owner_path: str
    at: int
    """The keyword's index in its owner's `keywords`."""
    keyword: Term


def _held_keywords(
    owners: list[tuple[str, Matchers]], exclude: tuple[Term, ...]
) -> dict[int, list[_HeldKeyword]]:
    """The owners' keywords each exclude term (by its index) always matches with; a keyword held
    by several is listed under the first."""
    held: dict[int, list[_HeldKeyword]] = {}
    if not exclude:  # a team of 300 areas aliasing one list of 300 keywords holds 90,000 of them
        return held
    for path, matchers in owners:
        for index, keyword in enumerate(matchers.keywords):
            veto = next((k for k, term in enumerate(exclude) if vetoes(term, keyword)), None)
            if veto is not None and keyword.text.strip():
                held.setdefault(veto, []).append(_HeldKeyword(path, index, keyword))
    return held


def template_problem(template: str, folder: Path, found: Path) -> str | None:
    """A template must be a file in the rules file's folder or below: the comment is posted for
    all to read, so a path must not be able to make any other file on the runner the comment."""
    if Path(template).is_absolute():
        return f'template "{template}" must be a path relative to the rules file, not an absolute one'
    if not found.is_relative_to(folder):
        return f'template "{template}" resolves to {found}, outside the rules file\'s folder ({folder})'
    if found.is_dir():
        return f'template "{template}" is a folder ({found}): name the template file in it'
    if not found.is_file():
        near = near_name(str(found))
        meant = f": did you mean {Path(template).parent / Path(near).name}?" if near is not None else ""
        return f'template "{template}" not found (looked for {found}){meant}'
    return None


def label(data: dict[str, Any]) -> Label:
    return Label(data["name"], data["color"], data["description"], tuple(data["previous_names"]))


def build_rules(walked: Walked) -> Rules:
    """The model for the walked data; problems found on the way are added to `walked`."""
    return _Builder(walked).rules()
