"""Every way a rules file can be wrong, each reported as `FILE:LINE:COL: key.path: message`.

One fixture per mistake under tests/fixtures/rules/bad/, each a small valid file with that one
mistake (except `many_problems`, which shows they are all reported in one run, in file order).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from triage.errors import RulesError
from triage.model import Rules
from triage.ruleset import load_rules, walk, yamlnodes

BAD = Path(__file__).parent / "fixtures" / "rules" / "bad"

EXPECTED: dict[str, list[str]] = {
    "syntax_error": [
        "7:10: (file): YAML syntax error: expected ',' or ']', but got ':', "
        "in the `[` list opened at line 6, column 15"
    ],
    "empty_file": ["1:1: (file): the file holds only comments: it needs `version:` and `teams:`"],
    "zero_bytes": ["1:1: (file): the file is empty: it needs `version:` and `teams:`"],
    "not_a_mapping": [
        "1:1: (file): expected a mapping, got a list: the file holds its keys, `version:` and `teams:`, "
        "each at the start of a line; a list of teams goes under `teams:`"
    ],
    "duplicate_key": ['7:5: teams[0].keywords: duplicate key "keywords" (first at line 6)'],
    "unknown_key_close": ['6:5: teams[0].keyword: unknown key "keyword": did you mean "keywords"?'],
    "unknown_key_far": [
        '2:1: owner: unknown key "owner": expected one of version, docs_base, docs_strip, '
        "fallback_label, defer_to, path_repos, github_hosts, weights, thresholds, comment, teams"
    ],
    "term_unknown_option": [
        '10:35: teams[0].areas[0].keywords[0].case: unknown key "case": did you mean "case_sensitive"?'
    ],
    "non_string_key": ["6:5: teams[0].1: keys must be strings, got an integer"],
    "merge_key": [
        '2:1: x-label: unknown key "x-label": expected one of version, docs_base, docs_strip, '
        "fallback_label, defer_to, path_repos, github_hosts, weights, thresholds, comment, teams",
        '7:7: teams[0].label.<<: merge keys ("<<") are not supported: write the keys out',
    ],
    "ask_unknown_key": [
        '7:49: teams[0].asks[0].answerd_by: unknown key "answerd_by": did you mean "answered_by"?'
    ],
    "ask_reporters_unknown": [
        '7:60: teams[0].asks[0].reporters: expected one of any, outside; got "Outside": '
        'did you mean "outside"?'
    ],
    "ask_regex_lookahead": [
        "7:63: teams[0].asks[0].answered_by[0]: RE2 cannot compile this pattern: invalid perl operator: (?= "
        "(RE2 has no look-around)"
    ],
    "wrong_type": ["4:11: teams[0].name: expected a string, got a list"],
    "unquoted_colour": ['5:36: teams[0].label.color: expected a string, got an integer (quote it: "000000")'],
    "keywords_not_list": [
        "10:19: teams[0].areas[0].keywords: expected a list, got a string: put the items, separated by "
        "commas, in brackets: [deploy]"
    ],
    "term_is_list": ["10:20: teams[0].areas[0].keywords[0]: expected a string or a mapping, got a list"],
    "repo_case_sensitive": [
        "10:34: teams[0].areas[0].repos[0].case_sensitive: a repository takes no case_sensitive: "
        "owner/name always compares ignoring case, as on GitHub"
    ],
    "path_case_sensitive": [
        "10:37: teams[0].areas[0].paths[0].case_sensitive: a path takes no case_sensitive: "
        "globs always match case exactly, as git's do"
    ],
    "exclude_weight": [
        "10:36: teams[0].areas[0].exclude[0].weight: an exclude term takes no weight: "
        "it adds nothing to the score, any match vetoes"
    ],
    "case_sensitive_not_bool": [
        "10:51: teams[0].areas[0].keywords[0].case_sensitive: expected a boolean, got a string "
        "(write true or false)"
    ],
    "term_weight_decimal_comma": [
        "10:43: teams[0].areas[0].keywords[0].weight: YAML reads 1,5 here as 1 and a key 5: "
        "it has no decimal comma, write 1.5"
    ],
    "weight_not_number": ["2:18: weights.title: expected a number, got a string"],
    "missing_required": ["3:5: teams[0].label: required key is missing"],
    "no_teams": ["2:8: teams: expected at least 1 item"],
    "field_without_values": ["10:50: teams[0].areas[0].fields[0].values: expected at least 1 item"],
    "field_name_with_hashes": [
        '10:25: teams[0].areas[0].fields[0].name: "### Deployment type" starts with a heading marker: '
        "write the heading without ###"
    ],
    "path_repos_not_a_repository": [
        '2:39: path_repos[1]: "https://github.com/acme/x" is a link: write the repository as owner/name, '
        '"acme/x"'
    ],
    "path_repos_with_git_suffix": [
        '2:14: path_repos[0]: "sourcegraph/sourcegraph.git" ends in .git, which links to the repository '
        'are read without: write "sourcegraph/sourcegraph"'
    ],
    "github_host_url": [
        '2:33: github_hosts[1]: "https://ghe2.example.com/" is a URL: '
        'write the host alone, "ghe2.example.com"'
    ],
    "unsupported_version": ["1:10: version: must be 1, got 2"],
    "bad_id": [
        '3:9: teams[0].id: "Ops_Team" is not a valid id: use lowercase letters, digits and dashes, '
        "not starting with a dash"
    ],
    "duplicate_id": ['7:13: teams[0].areas[0].id: id "ops" is already used at teams[0].id (line 3)'],
    "duplicate_label": [
        '9:23: teams[0].areas[0].label.name: label name "Team/Ops" is already used, as "team/ops", at '
        "teams[0].label.name (line 5): label names are compared ignoring case"
    ],
    "duplicate_previous_name": [
        '6:97: teams[0].label.previous_names[0]: label name "needs-triage" is already used at '
        "fallback_label.name (line 2)"
    ],
    "label_too_long": [
        '5:19: teams[0].label.name: "team/operations-infrastructure-and-continuous-delivery" '
        "is 54 characters long; at most 50 are allowed"
    ],
    "description_too_long": [
        '5:59: teams[0].label.description: "Owned by the Operations team, which runs the deployment '
        'pipeline, the clusters, the monitoring stack." is 101 characters long; at most 100 are allowed'
    ],
    "colour_with_hash": [
        '5:36: teams[0].label.color: "#5319e7" is not a colour: use 6 hex digits without "#"'
    ],
    "colour_short": ['5:36: teams[0].label.color: "fff" is not a colour: use 6 hex digits without "#"'],
    "empty_keyword": ["10:28: teams[0].areas[0].keywords[1]: must not be empty"],
    "empty_glob": ["10:17: teams[0].areas[0].paths[0]: must not be empty"],
    "invalid_glob": ['10:17: teams[0].areas[0].paths[0]: "deploy\\" is not a valid gitignore-style glob'],
    "glob_invalid_range": [
        '10:17: teams[0].areas[0].paths[0]: "deploy/[z-a].yaml" is not a valid gitignore-style glob: '
        "bad character range z-a"
    ],
    "negated_glob": [
        '10:17: teams[0].areas[0].paths[0]: "!deploy/**" is a negation, which matches nothing on its own: '
        "list the paths to match"
    ],
    "glob_leading_dot_slash": [
        '10:17: teams[0].areas[0].paths[0]: "./doc/x/**" never matches: paths are read without a '
        'leading ./, so drop it: "doc/x/**"'
    ],
    "glob_url": [
        '10:17: teams[0].areas[0].paths[0]: "http://github.com/o/r/**" is a URL, not a path: globs match '
        'paths inside a repository; to match the repository, list "o/r" under repos:'
    ],
    "glob_empty_folder": [
        '10:17: teams[0].areas[0].paths[0]: "dev//release/**" never matches: "//" is an empty folder '
        'name, which no repository path has: "dev/release/**"'
    ],
    "glob_brace_expansion": [
        '10:17: teams[0].areas[0].paths[0]: "doc/x/*.{yaml,yml}" uses brace expansion, which '
        "gitignore-style globs do not have (git reads the braces literally): list one glob for each "
        'choice: "doc/x/*.yaml", "doc/x/*.yml"'
    ],
    "glob_posix_class": [
        '10:17: teams[0].areas[0].paths[0]: "doc/[[:alpha:]]*" uses the character class [:alpha:], which '
        "triage's globs do not support: list the characters instead (a-zA-Z for [:alpha:])"
    ],
    "keyword_listed_twice": [
        '13:13: teams[0].areas[0].keywords[2]: "Release  Process" is listed twice: first at line 11 '
        'as "release process", which matches the same text'
    ],
    "glob_listed_twice": [
        '10:39: teams[0].areas[0].paths[2]: "deploy/**" is listed twice: first at line 10 (column 17)'
    ],
    "regex_backreference": [
        "10:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: invalid escape sequence: \\1 "
        "(RE2 has no backreferences)"
    ],
    "regex_lookahead": [
        "10:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: invalid perl operator: (?! "
        "(RE2 has no look-around)"
    ],
    "regex_lookbehind": [
        "10:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: invalid perl operator: (?<= "
        "(RE2 has no look-around)"
    ],
    "regex_repeat_too_many": [
        "10:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: invalid repetition size: "
        "{1,20} (RE2 repeats at most 1,000 times, counting nested repeats multiplied: `(?:\\w{1,100}){1,20}` "
        "is 2,000; write `+` or `*`, or smaller counts)"
    ],
    "regex_unbalanced": [
        "10:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: missing ): deploy("
    ],
    "regex_matches_empty": [
        "10:20: teams[0].areas[0].patterns[0]: "
        "the pattern matches an empty string, so it would match every issue"
    ],
    "regex_double_quoted_word_boundary": [
        "10:20: teams[0].areas[0].patterns[0]: holds the control character U+0008: double-quoted YAML reads "
        "`\\b` as that character, not as a backslash and a letter; write the term in single quotes, "
        "where a backslash stays a backslash"
    ],
    "keyword_control_character": [
        "10:20: teams[0].areas[0].keywords[0]: holds the control character U+0007: double-quoted YAML reads "
        "`\\a` as that character, not as a backslash and a letter; a keyword is plain text, not a regex: "
        "drop the escape"
    ],
    "regex_any_byte": [
        "10:20: teams[0].areas[0].patterns[0]: "
        "`\\C` matches a single byte, which can split a character: use `.`"
    ],
    "regex_matches_nothing_but_a_boundary": [
        "10:20: teams[0].areas[0].patterns[0]: the pattern can match without matching any text "
        "(as `\\b` alone does), so it would match almost every issue"
    ],
    "bad_repo": ['10:17: teams[0].areas[0].repos[0]: "deploy-tools" is not a repository: write owner/name'],
    "relative_link_without_base": [
        "10:36: teams[0].areas[0].docs[0].url: "
        'relative link "../deploy.md" needs docs_base at the top of the file'
    ],
    "link_not_web": [
        '10:36: teams[0].areas[0].docs[0].url: "javascript:alert(1)" is not a web link: '
        "use http(s) or a link relative to docs_base"
    ],
    "link_scheme_relative": [
        '11:36: teams[0].areas[0].docs[0].url: "//tools/index.md" starts with //, which makes "tools" '
        "a host name: write a full https:// link for another site, or one / for a path on docs_base's site"
    ],
    "link_with_space": [
        '11:36: teams[0].areas[0].docs[0].url: "guide with spaces.md" holds whitespace, which breaks '
        "the Markdown link in the comment: write a space as %20"
    ],
    "link_unbalanced_bracket": [
        '10:36: teams[0].areas[0].docs[0].url: "https://[::1/guide" is not a valid URL: '
        "its host cannot be read"
    ],
    "docs_base_not_url": [
        '2:12: docs_base: "handbook/ops" is not an http(s) URL: write the full address of the page the '
        'relative doc links were written in, such as "https://docs.example.com/guide/"'
    ],
    "docs_base_without_host": ['2:12: docs_base: "https:///ops" has no host'],
    "docs_base_unbalanced_bracket": [
        '2:12: docs_base: "https://[handbook/ops" is not a valid URL: its host cannot be read'
    ],
    "template_missing": [
        '2:21: comment.template: template "templates/missing.md.j2" not found '
        f"(looked for {BAD.resolve() / 'templates' / 'missing.md.j2'})"
    ],
    "template_folder": [
        '2:21: comment.template: template "templates" is a folder '
        f"({BAD.resolve() / 'templates'}): name the template file in it"
    ],
    "template_absolute": [
        '2:21: comment.template: template "/etc/passwd" must be a path relative to the rules file, '
        "not an absolute one"
    ],
    "template_outside": [
        '2:21: comment.template: template "../good/templates/short.md.j2" resolves to '
        f"{BAD.resolve().parent / 'good' / 'templates' / 'short.md.j2'}, "
        f"outside the rules file's folder ({BAD.resolve()})"
    ],
    "on_no_match_unknown": ['2:24: comment.on_no_match: expected one of none, short; got "always"'],
    "threshold_zero": ["2:21: thresholds.apply: expected a positive number, got 0"],
    "threshold_negative_area": ["10:20: teams[0].areas[0].threshold: expected a positive number, got -1"],
    "term_weight_zero": ["10:43: teams[0].areas[0].keywords[0].weight: expected a positive number, got 0"],
    "weight_infinite": ["2:17: weights.path: expected a positive number, got inf"],
    "suggest_above_apply": ["2:33: thresholds.suggest: suggest (4) is above the apply threshold (3)"],
    "area_suggest_above_threshold": [
        "11:18: teams[0].areas[0].suggest: suggest (2.5) is above the apply threshold (2)"
    ],
    "area_threshold_below_suggest": [
        "10:20: teams[0].areas[0].threshold: suggest (2, from thresholds.suggest) is above this area's apply "
        "threshold (1): give the area a suggest of its own, at most 1"
    ],
    "many_problems": [
        "2:33: thresholds.suggest: suggest (5) is above the apply threshold (3)",
        '8:13: teams[0].areas[0].id: id "ops" is already used at teams[0].id (line 4)',
        "10:23: teams[0].areas[0].label.name: "
        'label name "team/ops" is already used at teams[0].label.name (line 6)',
        '10:40: teams[0].areas[0].label.color: "red" is not a colour: use 6 hex digits without "#"',
        "11:28: teams[0].areas[0].keywords[1]: must not be empty",
        "12:20: teams[0].areas[0].patterns[0]: RE2 cannot compile this pattern: invalid perl operator: (?= "
        "(RE2 has no look-around)",
        '13:17: teams[0].areas[0].paths[0]: "\\" is not a valid gitignore-style glob',
        "14:36: teams[0].areas[0].docs[0].url: "
        'relative link "guide.md" needs docs_base at the top of the file',
        '15:9: teams[0].areas[0].notes: unknown key "notes": did you mean "note"?',
    ],
}


@pytest.mark.parametrize(("fixture", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_bad_rules_are_reported_with_file_line_column_and_key(fixture: str, expected: list[str]) -> None:
    path = BAD / f"{fixture}.yaml"
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == "\n".join(f"{path}:{problem}" for problem in expected)


def test_every_bad_fixture_has_its_expected_problems_listed() -> None:
    assert sorted(path.stem for path in BAD.glob("*.yaml")) == sorted(EXPECTED)


def test_a_missing_file_is_one_problem_at_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == f"{path}:1:1: (file): cannot read: No such file or directory"


@pytest.mark.parametrize("written", ["ownership.yml", "onwership.yaml"])
def test_a_missing_file_names_the_yaml_file_of_its_folder_its_name_is_close_to(
    tmp_path: Path, written: str
) -> None:
    (tmp_path / "ownership.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "ownership.md").write_text("# Ops\n", encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        load_rules(tmp_path / written)
    assert str(raised.value) == (
        f"{tmp_path / written}:1:1: (file): cannot read: No such file or directory: "
        f"did you mean {tmp_path / 'ownership.yaml'}?"
    )


def test_a_missing_file_written_from_the_working_folder_is_named_as_it_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`./rules/ownership.yml` is answered `./rules/ownership.yaml`, the path to paste back."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "ownership.yaml").write_text("version: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RulesError) as raised:
        load_rules("./rules/ownership.yml")
    assert str(raised.value).endswith(": did you mean ./rules/ownership.yaml?")


def test_a_folder_is_not_a_rules_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as raised:
        load_rules(tmp_path)
    assert str(raised.value) == f"{tmp_path}:1:1: (file): cannot read: Is a directory"


def test_a_file_that_is_not_utf8_is_reported_at_the_first_byte_that_is_not(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_bytes("version: 1\n# café\nteams: [\xff]\n".encode().replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == (
        f"{path}:3:9: (file): cannot read: not UTF-8 text (byte 0xFF here): save the file as UTF-8"
    )


def test_a_latin1_letter_in_a_comment_is_found_on_its_line(tmp_path: Path) -> None:
    """An editor that saved the file as Latin-1: the one accented letter is somewhere in 400 lines."""
    path = tmp_path / "ownership.yaml"
    path.write_bytes(b"version: 1\n" + b"# line\n" * 40 + b"# caf\xe9\nteams: []\n")
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value).startswith(f"{path}:42:6: (file): cannot read: not UTF-8 text (byte 0xE9 here)")


def test_a_byte_that_is_not_utf8_is_placed_at_its_column_in_characters_as_an_editor_counts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_bytes("version: 1\n# café \xff\nteams: []\n".encode().replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value).startswith(f"{path}:2:8: (file): cannot read: not UTF-8 text (byte 0xFF here)")


def test_an_unreadable_date_is_reported_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text("version: 1\ndocs_base: 2024-13-45\nteams: []\n")
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == (
        f"{path}:2:12: docs_base: cannot read this value: month must be in 1..12\n"
        f"{path}:3:8: teams: expected at least 1 item"
    )


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "ownership.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    return [str(problem).removeprefix(f"{path}:") for problem in raised.value.problems]


ONE_TEAM = """\
version: 1
teams:
  - id: d
    name: D
    label: {name: team/d, color: "000000", description: d}
"""


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        pytest.param(
            "docs.example.org/guide/",
            '"docs.example.org/guide/" is not an http(s) URL: it starts with a host name '
            '("docs.example.org") but no scheme: write "https://docs.example.org/guide/"',
            id="no-scheme",
        ),
        pytest.param(
            "https//docs.example.org/guide/",
            '"https//docs.example.org/guide/" has its "https://" mistyped as "https//": '
            'write "https://docs.example.org/guide/"',
            id="mistyped-scheme",
        ),
        pytest.param(
            "HTTPS://docs.example.org/guide/",
            '"HTTPS://docs.example.org/guide/" has its scheme in capitals: write "https://docs.example.org/guide/"',
            id="capital-scheme",
        ),
        pytest.param(
            "https://docs.example.org/user guide/",
            '"https://docs.example.org/user guide/" holds whitespace, which breaks the Markdown link in the '
            "comment: write a space as %20",
            id="space",
        ),
        pytest.param(
            "https:// docs.example.org/guide/",
            '"https:// docs.example.org/guide/" has whitespace in its host name: '
            'write "https://docs.example.org/guide/"',
            id="space-in-host",
        ),
        pytest.param(
            "HTTPS://docs.example.org/user guide/",
            '"HTTPS://docs.example.org/user guide/" has its scheme in capitals and whitespace in its path '
            '(a space is %20): write "https://docs.example.org/user%20guide/"',
            id="capital-scheme-and-space",
        ),
        pytest.param(
            "htps://docs.example.org/guide/",
            '"htps://docs.example.org/guide/" has its scheme misspelt as "htps": '
            'write "https://docs.example.org/guide/"',
            id="misspelt-scheme",
        ),
    ],
)
def test_a_docs_base_that_is_no_http_url_says_the_url_to_write(
    tmp_path: Path, written: str, problem: str
) -> None:
    """A first rules file's author writes the docs site as they would say it: the message gives the
    URL, as it does for a doc link written so."""
    text = ONE_TEAM.replace("version: 1\n", f'version: 1\ndocs_base: "{written}"\n')
    assert problems_of(tmp_path, text) == [f"2:12: docs_base: {problem}"]


def test_a_file_nested_too_deeply_for_the_parser_is_one_problem(tmp_path: Path) -> None:
    text = "version: 1\nteams: " + "[" * 50_000 + "]" * 50_000 + "\n"
    assert problems_of(tmp_path, text) == [
        "1:1: (file): YAML nested too deeply (lists or mappings hundreds of levels deep)"
    ]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="only libyaml refuses a lone surrogate escape")
def test_an_escape_libyaml_refuses_is_reported_where_it_stands(tmp_path: Path) -> None:
    text = 'version: 1\nteams:\n  - id: x\n    name: "\\ud800"\n'
    assert problems_of(tmp_path, text) == [
        "4:14: (file): YAML syntax error: found invalid Unicode character escape code"
    ]


def test_a_weight_past_a_million_is_refused_so_scores_stay_finite(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: [{term: x, weight: 1.0e+308}]\n"
    assert problems_of(tmp_path, text) == [
        "6:34: teams[0].keywords[0].weight: expected at most 1,000,000, got 1e+308"
    ]


def test_an_integer_too_large_for_a_float_is_refused_not_a_crash(tmp_path: Path) -> None:
    text = ONE_TEAM + "    threshold: 1" + "0" * 400 + "\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("6:16: teams[0].threshold: expected at most 1,000,000, got 1000")


def test_an_integer_python_will_not_write_in_decimal_is_refused_not_a_crash(tmp_path: Path) -> None:
    text = ONE_TEAM + "    threshold: 0x" + "f" * 4000 + "\n"
    assert problems_of(tmp_path, text) == [
        "6:16: teams[0].threshold: expected at most 1,000,000, got a number of 4,000 hexadecimal digits"
    ]


def test_a_field_label_that_starts_with_a_number_sign_is_a_name_not_a_heading_marker(tmp_path: Path) -> None:
    """GitHub renders a form label `# of users` as `### # of users`."""
    path = tmp_path / "ownership.yaml"
    path.write_text(
        ONE_TEAM + '    fields: [{name: "# of users affected", values: [many]}]\n', encoding="utf-8"
    )
    [field] = load_rules(path).teams[0].matchers.fields
    assert field.name == "# of users affected"


def test_a_double_quoted_word_boundary_in_a_keyword_is_told_to_go(tmp_path: Path) -> None:
    """Single quotes would keep `\\b` as two characters, which no issue's words contain."""
    text = ONE_TEAM + '    keywords: ["\\bhelm\\b"]\n'
    [problem] = problems_of(tmp_path, text)
    assert problem.endswith(
        "a keyword is plain text, not a regex: drop the escape (keywords match whole words already)"
    )


@pytest.mark.parametrize(
    ("line", "told"),
    [
        (
            '    exclude: ["\\bpreview"]\n',
            "an exclude term is plain text, not a regex: drop the escape (exclude terms",
        ),
        (
            '    fields: [{name: Env, values: ["\\bprod"]}]\n',
            "a field value is plain text, not a regex: drop the escape (field values",
        ),
    ],
    ids=["exclude", "field value"],
)
def test_a_double_quoted_word_boundary_in_another_phrase_is_told_to_go_in_its_own_name(
    tmp_path: Path, line: str, told: str
) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + line)
    assert problem.endswith(told + " match whole words already)")


def test_a_term_written_twice_with_different_case_options_is_listed_twice(tmp_path: Path) -> None:
    """Scoring counts a term by its text: one of the two would be dropped, which one by order."""
    text = ONE_TEAM + "    keywords: [Distribution, {term: Distribution, case_sensitive: true, weight: 3}]\n"
    assert problems_of(tmp_path, text) == [
        '6:30: teams[0].keywords[1]: "Distribution" is listed twice: first at line 6 (column 16)'
    ]


def test_a_number_just_past_the_maximum_is_shown_as_written(tmp_path: Path) -> None:
    text = ONE_TEAM + "    threshold: 1000001\n"
    assert problems_of(tmp_path, text) == [
        "6:16: teams[0].threshold: expected at most 1,000,000, got 1000001"
    ]


@pytest.mark.parametrize("written", ["1e-300", "1e3", "2.5e2", "1E-5"])
def test_the_number_a_hint_says_to_write_is_one_yaml_reads_as_a_number(tmp_path: Path, written: str) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    keywords: [{{term: x, weight: {written}}}]\n")
    hint = problem.rpartition("write ")[2].removesuffix(")")
    assert hint != written
    assert yaml.safe_load(hint) == float(written)


def test_a_decimal_comma_says_to_write_a_point(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    threshold: 2,5\n") == [
        "6:16: teams[0].threshold: expected a number, got a string (YAML has no decimal comma: write 2.5)"
    ]


def test_a_decimal_comma_in_a_flow_mapping_is_one_problem_not_also_the_whole_part(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 0,75}]\n") == [
        "6:34: teams[0].keywords[0].weight: YAML reads 0,75 here as 0 and a key 75: "
        "it has no decimal comma, write 0.75"
    ]


def test_a_number_yaml_reads_as_text_says_how_to_write_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 2e-1}]\n") == [
        "6:34: teams[0].keywords[0].weight: expected a number, got a string "
        "(YAML reads 2e-1 as text: write 0.2)"
    ]


def test_a_glob_of_one_file_after_dot_slash_is_rewritten_anchored_at_the_root(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    paths: ['./go.mod']\n") == [
        '6:13: teams[0].paths[0]: "./go.mod" never matches: paths are read without a leading ./, '
        'so drop it: "/go.mod"'
    ]


def test_terms_that_match_different_text_are_not_listed_twice(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(
        ONE_TEAM
        + "    keywords: [ci, {term: CI, case_sensitive: true}]\n"
        + "    patterns: ['\\bci\\b', '\\bCI\\b']\n"
        + "    paths: [docs/**, Docs/**]\n",
        encoding="utf-8",
    )
    assert len(load_rules(path).teams[0].matchers.keywords) == 2


def test_a_repository_listed_twice_in_another_case_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    repos: [o/r, O/R]\n") == [
        '6:18: teams[0].repos[1]: "O/R" is listed twice: first at line 6 (column 13) as "o/r", '
        "which matches the same text"
    ]


def test_a_field_value_listed_twice_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    fields: [{name: Kind, values: [Helm, helm]}]\n") == [
        '6:42: teams[0].fields[0].values[1]: "helm" is listed twice: first at line 6 (column 36) as "Helm", '
        "which matches the same text"
    ]


def test_a_field_listed_twice_in_one_list_is_refused(tmp_path: Path) -> None:
    fields = '    fields:\n      - {name: Kind, values: [helm]}\n      - {name: "kind: ", values: [k8s]}\n'
    assert problems_of(tmp_path, ONE_TEAM + fields) == [
        '8:16: teams[0].fields[1].name: "kind: " is listed twice: first at line 7 as "Kind", which '
        "names the same form field; put its values in one list"
    ]


def test_a_blank_keyword_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    keywords: ["   "]\n') == [
        '6:16: teams[0].keywords[0]: "   " is blank: a term needs a word to match'
    ]


def test_a_long_value_is_quoted_cut_in_its_problem(tmp_path: Path) -> None:
    text = ONE_TEAM.replace("name: team/d", "name: " + "n" * 3000)
    assert problems_of(tmp_path, text) == [
        f'5:19: teams[0].label.name: "{"n" * 199}…" is 3000 characters long; at most 50 are allowed'
    ]


def test_a_key_that_is_a_list_is_reported_at_its_mapping(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    ? [a]\n    : 1\n") == [
        "6:7: teams[0]: keys must be strings, got a list"
    ]


def test_an_endless_file_is_refused_after_ten_mib() -> None:
    with pytest.raises(RulesError) as raised:
        load_rules("/dev/zero")
    assert str(raised.value) == "/dev/zero:1:1: (file): cannot read: larger than 10 MiB"


def test_a_template_linked_from_outside_the_rules_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the comment\n", encoding="utf-8")
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "comment.md.j2").symlink_to(outside)
    path = folder / "ownership.yaml"
    path.write_text(
        (BAD / "template_missing.yaml").read_text().replace("templates/missing.md.j2", "comment.md.j2")
    )
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == (
        f'{path}:2:21: comment.template: template "comment.md.j2" resolves to {outside.resolve()}, '
        f"outside the rules file's folder ({folder.resolve()})"
    )


def test_a_missing_template_names_the_file_of_its_folder_its_name_is_close_to(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "comment.md.j2").write_text("Hi\n", encoding="utf-8")
    path = tmp_path / "ownership.yaml"
    path.write_text(
        (BAD / "template_missing.yaml").read_text().replace("missing.md.j2", "coment.md.j2"), encoding="utf-8"
    )
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value).endswith(": did you mean templates/comment.md.j2?")


def test_a_template_path_that_links_to_itself_is_a_problem_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "loop.md.j2").symlink_to(tmp_path / "loop.md.j2")
    path = tmp_path / "ownership.yaml"
    path.write_text(
        (BAD / "template_missing.yaml").read_text().replace("templates/missing.md.j2", "loop.md.j2")
    )
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value).startswith(
        f"{path}:2:21: comment.template: template 'loop.md.j2' cannot be read: "
    )


def test_a_template_path_holding_a_nul_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(
        (BAD / "template_missing.yaml").read_text().replace("templates/missing.md.j2", '"a\\0b.j2"')
    )
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert str(raised.value) == (
        f"{path}:2:21: comment.template: holds the control character U+0000, which no one reading the rules "
        "can see: delete it"
    )


def test_a_template_below_the_rules_folder_by_way_of_dot_dot_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "comment.md.j2").write_text("Hi\n", encoding="utf-8")
    path = tmp_path / "ownership.yaml"
    text = (BAD / "template_missing.yaml").read_text()
    path.write_text(text.replace("templates/missing.md.j2", "templates/../templates/comment.md.j2"))
    assert load_rules(path).comment.template == str(tmp_path.resolve() / "templates" / "comment.md.j2")


def test_without_libyaml_every_bad_file_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml parses when PyYAML has it; PyYAML's pure-Python parser must give the same problems."""

    def problems() -> list[str]:
        found = []
        for path in sorted(BAD.glob("*.yaml")):
            with pytest.raises(RulesError) as raised:
                load_rules(path)
            found.append(str(raised.value))
        return found

    with_libyaml = problems()
    monkeypatch.setattr(yamlnodes, "_FAST_LOADER", yaml.SafeLoader)
    assert problems() == with_libyaml


_LOADERS = [
    pytest.param(yaml.SafeLoader, id="pure-python"),
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml"),
    ),
]


@pytest.mark.parametrize("loader", _LOADERS)
@pytest.mark.parametrize(
    ("line", "column"),
    [
        pytest.param("    keywords:\t[deploy]\n", 14, id="after-a-colon"),
        pytest.param("    keywords: [deploy,\trollout]\n", 23, id="after-a-comma-in-brackets"),
        pytest.param("    keywords: [deploy]\t# ours\n", 23, id="before-a-comment"),
    ],
)
def test_a_tab_between_the_words_of_a_line_is_refused_with_or_without_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type, line: str, column: int
) -> None:
    """libyaml reads such a tab, as YAML allows; PyYAML's own parser refuses it, and a file's verdict
    must not hang on which of the two the install has."""
    monkeypatch.setattr(yamlnodes, "_FAST_LOADER", loader)
    assert problems_of(tmp_path, ONE_TEAM + line) == [
        f"6:{column}: (file): YAML syntax error: found character '\\t' that cannot start any token "
        "(write a space for the tab: outside quotes, `|` or `>` blocks and comments, triage reads no tabs)"
    ]


@pytest.mark.parametrize("loader", _LOADERS)
def test_a_tab_inside_quotes_or_a_comment_is_read_with_or_without_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type
) -> None:
    monkeypatch.setattr(yamlnodes, "_FAST_LOADER", loader)
    rules = loads(tmp_path, ONE_TEAM + '    keywords: ["de\tploy"]  # ours\tonly\n')
    assert [t.text for t in rules.teams[0].matchers.keywords] == ["de\tploy"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "version: 1\nteams:\n  - id: ops\n    keywords:\n      - term: deploy\n      weight: 2\n",
            "6:7: (file): YAML syntax error: expected <block end>, but found a key "
            "(a line is indented out of step with the lines around it), in the list that starts at line 5, "
            "column 7",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n    name:Operations\n    label: {}\n",
            "4:5: (file): YAML syntax error: could not find expected ':' "
            "(a key needs a colon and a space after it)",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n    keywords\n      - deploy\n\n"
            "    # its label\n    label: {}\n",
            "4:5: (file): YAML syntax error: could not find expected ':' "
            "(a key needs a colon and a space after it)",
        ),
        (
            "version: 1\nteams:\n\t- id: ops\n",
            "3:1: (file): YAML syntax error: found character '\\t' that cannot start any token "
            "(YAML indents with spaces, never tabs)",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n     name: x\n",
            "4:10: (file): YAML syntax error: mapping values are not allowed here "
            "(a key must line up with the keys beside it, and a value holding `: ` needs quotes)",
        ),
        (
            "version: 1\nteams:\n  - {id: ops, label: team/ops\n  - {id: web, label: team/web}\n",
            "4:5: (file): YAML syntax error: expected ',' or '}', but got '{', "
            "in the `{` mapping opened at line 3, column 5",
        ),
        (
            "version: 1\nteams:\n - id: ops\n  - id: web\n",
            "4:3: (file): YAML syntax error: expected <block end>, but found '<block sequence start>' "
            "(a line is indented out of step with the lines around it), "
            "in the list that starts at line 3, column 2",
        ),
        (
            'version: 1\nteams:\n  - id: "ops\n    label: team/ops\n',
            "5:1: (file): YAML syntax error: found unexpected end of stream, "
            "in the quoted value that starts at line 3, column 9",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n name: x\n",
            "4:2: (file): YAML syntax error: expected <block end>, but found '<block mapping start>' "
            "(a line is indented out of step with the lines around it)",
        ),
        (
            'version: 1\n"teams: []\n',
            "3:1: (file): YAML syntax error: found unexpected end of stream, "
            "in the quoted value that starts at line 2, column 1",
        ),
        (
            "version: 1\nteams: [\n{id: ops, label: team/ops\n",
            "4:1: (file): YAML syntax error: expected ',' or '}', but got '<stream end>', "
            "in the `{` mapping opened at line 3, column 1",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n    keywords: [deploy, , rollout]\n",
            "4:24: (file): YAML syntax error: expected the node content, but found ',' "
            "(a comma with no item before it, as in `[a, , b]`: delete it)",
        ),
        (
            "version: 1\nteams:\n  - {id: ops, name: Ops: deploys and on-call, label: team/ops}\n",
            "3:24: (file): YAML syntax error: expected ',' or '}', but got ':' (inside `{...}` or `[...]` a "
            "value holding \": \" needs quotes: name: 'Ops: deploys and on-call')",
        ),
        (
            "version: 1\nteams:\n  - id: ops\n    areas:\n      - id: deploy\n        keywords: [deploy]\n"
            "    paths: [deploy/**]\n\n      # the next area\n      - id: rollout\n",
            "10:7: (file): YAML syntax error: expected <block end>, but found '<block sequence start>' "
            "(a line is indented out of step with the lines around it: line 7 above, indented less than the "
            "lines on either side of it, may be the one), in the mapping that starts at line 3, column 5",
        ),
        (
            "# Ops's rules\n- version: 1\nteams:\n  - id: ops\n",
            "3:1: (file): YAML syntax error: expected <block end>, but found a key (line 2 makes the file a "
            "list with its `- `, and this line a key of a mapping: write each of the file's keys at the "
            "start of a line, with no dash)",
        ),
    ],
    ids=[
        "a-key-lined-up-with-the-dash-above-is-a-key-not-a-question-mark",
        "no-space-after-colon",
        "a-key-without-its-colon-is-named-at-its-line-not-where-yaml-noticed",
        "tab",
        "indented-out-of-step",
        "brace-left-open-is-named-where-it-opened",
        "list-item-out-of-step-is-named-where-its-list-starts",
        "quote-left-open-is-named-where-it-opened",
        "a-key-out-of-step-with-the-files-own-mapping-names-no-start",
        "quote-left-open-at-column-1-is-named-where-it-opened",
        "brace-left-open-at-column-1-is-named-where-it-opened",
        "a-comma-with-no-item-before-it",
        "a-colon-in-a-value-inside-braces-is-told-to-quote-the-value",
        "a-key-indented-less-than-the-lines-on-either-side-is-named-above",
        "a-dash-before-the-first-key-is-named-at-its-line",
    ],
)
def test_the_commonest_yaml_slips_say_what_to_do(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_of(tmp_path, text) == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "      - [RFC] upgrade  # the title prefix\n",
            "7:15: (file): YAML syntax error: expected <block end>, but found '<scalar>' (YAML reads a value "
            "that starts with [ as a list up to its `]`, and then finds more on the line: to write a text "
            "that starts so, quote all of it: '[RFC] upgrade')",
        ),
        (
            "      - {helm} chart\n",
            "7:16: (file): YAML syntax error: expected <block end>, but found '<scalar>' (YAML reads a value "
            "that starts with { as a mapping up to its `}`, and then finds more on the line: to write a text "
            "that starts so, quote all of it: '{helm} chart')",
        ),
        (
            '    name: "Helm" charts\n',
            "6:18: (file): YAML syntax error: expected <block end>, but found '<scalar>' (YAML reads a value "
            'that starts with " as quoted text that ends at its closing quote, and then finds more on the '
            "line: put all of the value inside the quotes, or, to keep the quotes as text, quote all of it: "
            "'\"Helm\" charts')",
        ),
    ],
    ids=["bracket", "brace", "quote"],
)
def test_a_value_that_starts_with_a_bracket_or_quote_and_goes_on_is_told_to_quote_it_not_indentation(
    tmp_path: Path, line: str, expected: str
) -> None:
    before = "    keywords:\n" if line.startswith("      -") else ""
    assert problems_of(tmp_path, ONE_TEAM + before + line) == [expected]


@pytest.mark.parametrize(
    ("value", "character"),
    [("@sourcegraph/distribution", "'@'"), ("`kubectl`", "'`'"), ("%value", "'%'")],
)
def test_a_value_starting_with_a_character_yaml_reserves_is_told_to_quote_it_not_about_tabs(
    tmp_path: Path, value: str, character: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords:\n      - {value}\n") == [
        f"7:9: (file): YAML syntax error: found character {character} that cannot start any token "
        "(YAML keeps @, ` and % for itself at the start of a value: quote it)"
    ]


@pytest.mark.parametrize(
    ("glob", "at", "said"),
    [
        ("*.yaml", "7:10", "expected alphabetic or numeric character, but found '.'"),
        ("**/Chart.yaml", "7:10", "expected alphabetic or numeric character, but found '*'"),
        ("*docs", "7:9", "found undefined alias 'docs'"),
    ],
)
def test_a_glob_starting_with_a_star_unquoted_is_told_yaml_reads_an_alias(
    tmp_path: Path, glob: str, at: str, said: str
) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    paths:\n      - {glob}\n")
    assert problem.startswith(f"{at}: (file): YAML syntax error: {said} (")
    assert problem.endswith("a value starting with * is an alias to YAML: quote a glob, '*.yaml')")


def test_an_alias_to_a_misspelt_anchor_is_told_no_such_anchor_comes_before_it(tmp_path: Path) -> None:
    """In a file that shares lists by anchors, `*comon` is a typo of `&common`, not a glob."""
    areas = (
        "    areas:\n      - id: a\n        name: A\n"
        '        label: {name: d/a, color: "000000", description: a}\n'
        "        exclude: &common [tutorial]\n"
        "      - id: b\n        name: B\n"
        '        label: {name: d/b, color: "000000", description: b}\n'
        "        exclude: *comon\n"
    )
    assert problems_of(tmp_path, ONE_TEAM + areas) == [
        "14:18: (file): YAML syntax error: found undefined alias 'comon' (no anchor &comon comes before "
        "it: correct the name; a value starting with * is an alias to YAML: quote a glob, '*.yaml')"
    ]


@pytest.mark.parametrize(
    ("written", "col"), [("error: connection refused", 9), ("fatal:", 9), ("error: ~", 9)]
)
def test_a_term_holding_colon_space_unquoted_is_told_to_quote_it_not_about_unknown_keys(
    tmp_path: Path, written: str, col: int
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    exclude:\n      - {written}\n") == [
        f'7:{col}: teams[0].exclude[0]: "{written}" is read as a key and its value: '
        'quote a term that holds ": " or ends in ":"'
    ]


@pytest.mark.parametrize(("written", "meant"), [("trem: kubectl", "term"), ("Term: helm", "term")])
def test_a_misspelt_term_key_is_also_told_the_key_it_is_close_to_not_only_to_quote(
    tmp_path: Path, written: str, meant: str
) -> None:
    """Quoting `trem: kubectl` would make a keyword of the typo: the author meant `term:`."""
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    keywords:\n      - {written}\n")
    key = written.partition(":")[0]
    assert problem.endswith(f'or, if "{key}" is a key, did you mean "{meant}"?')


def test_a_term_holding_colon_space_unquoted_in_a_flow_list_is_told_to_quote_it(tmp_path: Path) -> None:
    """`keywords: [kubectl, error: connection refused]`, the README's own list style."""
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [kubectl, error: connection refused]\n") == [
        '6:25: teams[0].keywords[1]: "error: connection refused" is read as a key and its value: '
        'quote a term that holds ": " or ends in ":"'
    ]


def test_a_term_written_as_a_mapping_with_an_unknown_key_is_still_an_unknown_key(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, case: true}]\n") == [
        '6:26: teams[0].keywords[0].case: unknown key "case": did you mean "case_sensitive"?'
    ]


@pytest.mark.parametrize(
    "written", ['"error": refused', "error:\n          refused"], ids=["quoted key", "value on the next line"]
)
def test_a_term_key_written_on_purpose_is_an_unknown_key_not_told_to_quote(
    tmp_path: Path, written: str
) -> None:
    """Quotes around the key, or its value on a line of its own, are a mapping meant as one."""
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords:\n      - {written}\n") == [
        '7:9: teams[0].keywords[0].error: unknown key "error": expected one of term, case_sensitive, weight',
        "7:9: teams[0].keywords[0].term: required key is missing",
    ]


def test_an_option_a_term_refuses_written_alone_is_told_it_is_refused_not_to_quote(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    exclude:\n      - weight: 2\n") == [
        "7:9: teams[0].exclude[0].term: required key is missing",
        "7:9: teams[0].exclude[0].weight: an exclude term takes no weight: it adds nothing to the score, "
        "any match vetoes",
    ]


def test_a_brace_glob_is_told_its_choices_without_the_spaces_around_them(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + '    paths: ["*.{yaml, yml}"]\n')
    assert problem.endswith('list one glob for each choice: "*.yaml", "*.yml"')


def test_braces_around_a_single_choice_are_still_literal_to_git(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + '    paths: ["*.{md}"]\n')
    assert "uses brace expansion" in problem


def test_a_brace_inside_a_character_class_is_a_valid_glob(tmp_path: Path) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(ONE_TEAM + '    paths: ["[{]a,b}"]\n', encoding="utf-8")
    assert [term.text for term in load_rules(path).teams[0].matchers.paths] == ["[{]a,b}"]


@pytest.mark.parametrize(
    "glob", ["doc/[[:alpha:]]", "doc/[x[:digit:]_]", "doc/[![:upper:]]", "doc/[]_[:punct:]]"]
)
def test_a_posix_class_in_a_bracket_expression_is_refused_not_matched_as_another_set(
    tmp_path: Path, glob: str
) -> None:
    """pathspec reads `[[:alpha:]]` as `[[:alpha:]` then a `]`: RE2 refuses it, or reads another set."""
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n")
    assert f'"{glob}" uses the character class [:' in problem


@pytest.mark.parametrize("glob", ["doc/\\[[:alpha:]]", "doc/[[:x]", "doc/[[]", "doc/[:alpha:]"])
def test_brackets_git_reads_without_a_class_are_valid_globs(tmp_path: Path, glob: str) -> None:
    """An escaped `[`, a `[:` with no `:]`, a `[` in a set, a set of `:alpha:`; and pathspec's
    warning of a "possible nested set" (an error under pytest) is not shown."""
    path = tmp_path / "ownership.yaml"
    path.write_text(ONE_TEAM + f"    paths: ['{glob}']\n", encoding="utf-8")
    assert [term.text for term in load_rules(path).teams[0].matchers.paths] == [glob]


@pytest.mark.parametrize("glob", ["doc/[\\[:x:]]", "doc/[\\]]", "doc/[a\\-z]", "doc/[a\\]b]"])
def test_a_backslash_inside_brackets_is_refused_at_its_line(tmp_path: Path, glob: str) -> None:
    """git reads `[\\]]` as a set of `]`; pathspec's regex is a set of `\\` then a `]` (and `[a\\-z]`
    a range from `\\` to `z`), or one RE2 cannot compile (`[\\[:x:]]`)."""
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n")
    assert problem == (
        f'6:13: teams[0].paths[0]: "{glob}" has a backslash inside [...], where git reads an escape and '
        "triage's matcher a backslash: put a `]` first and a `-` last in the brackets instead of "
        "escaping them"
    )


def test_two_globs_git_reads_as_one_are_listed_twice(tmp_path: Path) -> None:
    """Both would match every path the one matches, and score it twice."""
    [problem] = problems_of(tmp_path, ONE_TEAM + '    paths: ["docs/admin/**", "/docs/admin/**"]\n')
    assert problem.endswith(
        '"/docs/admin/**" is listed twice: first at line 6 (column 13) as "docs/admin/**", '
        "which git reads as the same glob"
    )


def test_braces_after_a_closed_character_class_are_still_brace_expansion(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + '    paths: ["[Dd]ocs/{a,b}.md"]\n')
    assert problem.endswith('list one glob for each choice: "[Dd]ocs/a.md", "[Dd]ocs/b.md"')


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_a_control_character_in_the_file_is_reported_at_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    if loader == "pure-python":
        monkeypatch.setattr(yamlnodes, "_FAST_LOADER", yaml.SafeLoader)
    assert problems_of(tmp_path, ONE_TEAM.replace("name: D", "name: D\x01")) == [
        "4:12: (file): YAML syntax error: unacceptable character U+0001: special characters are not allowed"
    ]


def loads(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "ownership.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def test_a_weight_in_e_notation_past_the_limit_is_not_told_to_be_written_as_a_float(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 1e9}]\n") == [
        "6:34: teams[0].keywords[0].weight: expected a number, got a string (YAML reads 1e9 as text; read "
        "as a number, it is refused too: expected at most 1,000,000, got 1000000000.0)"
    ]


def test_a_weight_yaml_reads_as_base_sixty_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 1:30}]\n") == [
        "6:34: teams[0].keywords[0].weight: YAML 1.1 reads 1:30 as a base-60 number (90): write the number "
        "you mean"
    ]


def test_a_choice_written_as_a_yaml_boolean_names_the_choices_not_quotes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "comment: {on_no_match: no}\n" + ONE_TEAM) == [
        '1:24: comment.on_no_match: expected one of none, short; got "no": did you mean "none"?'
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "#channel",
            '7:8: teams[0].keywords[0]: expected a string, got nothing (null) (YAML reads "#" as '
            "the start of a comment: quote the text: '#channel')",
        ),
        (
            "&jaeger",
            '7:9: teams[0].keywords[0]: expected a string, got nothing (null) (YAML reads "&" as '
            "the start of an anchor's name: quote the text: '&jaeger')",
        ),
    ],
)
def test_a_keyword_yaml_reads_as_nothing_says_what_yaml_made_of_it(
    tmp_path: Path, written: str, hint: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords:\n      - {written}\n      - x\n") == [hint]


def test_a_note_that_a_hash_against_a_word_cut_is_refused_with_the_whole_text_quoted(tmp_path: Path) -> None:
    """A team channel or an issue number after a space starts a YAML comment: the note would end
    before it, and every comment would show it cut."""
    text = ONE_TEAM + AREA + "        keywords: [kafka]\n        note: Urgent issues go to #data-oncall.\n"
    assert problems_of(tmp_path, text) == [
        '11:15: teams[0].areas[0].note: YAML reads the "#data-oncall." after "Urgent issues go to" as a '
        "comment, which ends the text there: quote the whole text to keep it: 'Urgent issues go to "
        '#data-oncall.\' (or, for a comment, write "# " with a space)'
    ]


def test_a_question_that_a_hash_against_a_word_cut_is_refused(tmp_path: Path) -> None:
    text = ONE_TEAM + "    asks:\n      - question: the run, as posted in #alerts\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith('7:19: teams[0].asks[0].question: YAML reads the "#alerts" after ')


def test_a_doc_title_that_a_hash_against_a_word_cut_is_refused(tmp_path: Path) -> None:
    text = (
        ONE_TEAM + "    docs:\n      - title: Ask in #data-oncall\n        url: https://docs.example.com/\n"
    )
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith('7:16: teams[0].docs[0].title: YAML reads the "#data-oncall" after "Ask in" ')


@pytest.mark.parametrize(
    ("written", "note"),
    [
        pytest.param(
            "note: Read the runbook first  # a reminder",
            "Read the runbook first",
            id="a-comment-after-a-space",
        ),
        pytest.param(
            "note: 'Urgent issues go to #data-oncall.'", "Urgent issues go to #data-oncall.", id="quoted"
        ),
        pytest.param("note: Ask in C#-land", "Ask in C#-land", id="a-hash-inside-a-word"),
    ],
)
def test_a_note_with_a_comment_written_as_comments_are_or_a_hash_yaml_keeps_is_accepted(
    tmp_path: Path, written: str, note: str
) -> None:
    text = ONE_TEAM + AREA + f"        keywords: [kafka]\n        {written}\n"
    assert loads(tmp_path, text).areas[0].note == note


def test_a_regex_in_double_quotes_with_an_escape_yaml_lacks_is_told_to_use_single_quotes(
    tmp_path: Path,
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    patterns: ["kubectl\\s+\\d+"]\n') == [
        "6:25: (file): YAML syntax error: found unknown escape character 's' (in double quotes a backslash "
        "starts an escape: write a regex in single quotes, where a backslash stays a backslash)"
    ]


def test_an_areas_suggest_above_the_files_apply_threshold_names_where_that_threshold_comes_from(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + AREA + "        keywords: [kubectl]\n        suggest: 4\n"
    assert problems_of(tmp_path, text) == [
        "11:18: teams[0].areas[0].suggest: suggest (4) is above the apply threshold (3, from "
        "thresholds.apply): give the area a threshold of its own, at least 4, or a lower suggest"
    ]


def test_a_second_yaml_document_is_told_as_such(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "---\nversion: 1\n")
    assert problem.endswith(
        "but found another document (a `---` line starts a second YAML document: a rules file is one)"
    )


def test_a_misspelt_required_key_is_one_problem_not_also_a_missing_key(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("label:", "lable:")) == [
        '5:5: teams[0].lable: unknown key "lable": did you mean "label"?'
    ]


def test_a_required_key_missing_with_no_key_like_it_is_still_reported(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("    name: D\n", "")) == [
        "3:5: teams[0].name: required key is missing"
    ]


def test_a_delete_character_in_a_keyword_is_refused_as_a_control_character(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    keywords: ["ab\\x7f"]\n') == [
        "6:16: teams[0].keywords[0]: holds the control character U+007F; "
        "a keyword is plain text, not a regex: drop the escape"
    ]


def test_a_tab_in_a_term_is_a_character_issues_hold_not_a_slip(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM + '    keywords: ["a\\tb"]\n    patterns: ["a\\tb"]\n')
    assert [t.text for t in (*rules.teams[0].matchers.keywords, *rules.teams[0].matchers.patterns)] == [
        "a\tb",
        "a\tb",
    ]


_RLO_PROBLEM = (
    "holds U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that changes the order in which the "
    "text around it is shown, so the rules would not read as they are: delete it (a pattern that looks "
    "for it in issues writes it as \\x{202E})"
)


def _one_area(
    name: str = "A", note: str = "n", doc_title: str = "T", doc_url: str = "https://x.test/a"
) -> str:
    return ONE_TEAM + (
        "    areas:\n"
        f'      - {{id: a, name: "{name}", note: "{note}", '
        'label: {name: d/a, color: "000000", description: d},\n'
        f'         docs: [{{title: "{doc_title}", url: "{doc_url}"}}], keywords: [a]}}\n'
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(ONE_TEAM.replace("name: D", 'name: "D\\u202E"'), "4:11: teams[0].name", id="team-name"),
        pytest.param(
            ONE_TEAM.replace("description: d", 'description: "d\\u202Eb"'),
            "5:57: teams[0].label.description",
            id="label-description",
        ),
        pytest.param(
            ONE_TEAM.replace("team/d", '"team/\\u202Ed"'), "5:19: teams[0].label.name", id="label-name"
        ),
        pytest.param(_one_area(name="A\\u202E"), "7:23: teams[0].areas[0].name", id="area-name"),
        pytest.param(_one_area(note="Move \\u202Eto Compose"), "7:34: teams[0].areas[0].note", id="note"),
        pytest.param(
            _one_area(doc_title="T\\u202E"), "8:25: teams[0].areas[0].docs[0].title", id="doc-title"
        ),
        pytest.param(
            _one_area(doc_url="https://x.test/\\u202Ea"), "8:35: teams[0].areas[0].docs[0].url", id="doc-url"
        ),
        pytest.param(
            ONE_TEAM + '    keywords: ["helm\\u202E"]\n', "6:16: teams[0].keywords[0]", id="keyword"
        ),
        pytest.param(
            ONE_TEAM + '    patterns: ["helm\\u202E"]\n', "6:16: teams[0].patterns[0]", id="pattern"
        ),
    ],
)
def test_a_bidirectional_override_is_refused_wherever_the_rules_hold_text(
    tmp_path: Path, text: str, place: str
) -> None:
    assert problems_of(tmp_path, text) == [f"{place}: {_RLO_PROBLEM}"]


@pytest.mark.parametrize("char", ["\\u2066", "\\u2069", "\\u202A", "\\u200E", "\\u200F", "\\u061C"])
def test_each_kind_of_bidirectional_control_is_refused_not_only_the_override(
    tmp_path: Path, char: str
) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM.replace("name: D", f'name: "D{char}"'))
    assert f"holds U+{char[-4:].upper()} (" in problem


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\\u200B", "ZERO WIDTH SPACE"),
        ("\\u00AD", "SOFT HYPHEN"),
        ("\\uFEFF", "ZERO WIDTH NO-BREAK SPACE"),
        ("\\u2060", "WORD JOINER"),
    ],
)
def test_a_zero_width_character_pasted_into_a_keyword_is_refused(
    tmp_path: Path, char: str, name: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f'    keywords: ["jae{char}ger"]\n') == [
        f"6:16: teams[0].keywords[0]: holds U+{char[-4:]} ({name}), an invisible character: text holding it "
        "matches only text that holds it too, and no one reading the rules sees it: delete it"
    ]


def test_a_zero_width_joiner_in_an_emoji_keyword_is_accepted(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM + '    keywords: ["\\U0001F469\\u200D\\U0001F4BB"]\n')
    assert [t.text for t in rules.teams[0].matchers.keywords] == ["\U0001f469\u200d\U0001f4bb"]


def test_a_hidden_character_in_a_long_note_is_told_with_the_words_before_it(tmp_path: Path) -> None:
    note = "Single-container deployments are for demos only.\\nMove to Docker\\u200b Compose."
    [problem] = problems_of(tmp_path, _one_area(note=note))
    assert 'holds U+200B after "Move to Docker" (ZERO WIDTH SPACE)' in problem


def test_a_hidden_character_is_told_before_what_it_makes_of_the_term(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    repos: ["sourcegraph/zo\\u200Bekt"]\n') == [
        "6:13: teams[0].repos[0]: holds U+200B (ZERO WIDTH SPACE), an invisible character: text holding "
        "it matches only text that holds it too, and no one reading the rules sees it: delete it"
    ]


def test_a_c1_control_character_in_a_description_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("description: d", 'description: "d\\x85"')) == [
        "5:57: teams[0].label.description: holds the control character U+0085, which no one reading "
        "the rules can see: delete it"
    ]


def test_a_note_may_break_lines_and_hold_tabs(tmp_path: Path) -> None:
    rules = loads(tmp_path, _one_area(note="Move to\\n\\tDocker Compose."))
    assert rules.teams[0].areas[0].note == "Move to\n\tDocker Compose."


def test_a_pattern_may_look_for_a_bidirectional_override_written_as_an_escape(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM + "    patterns: ['\\x{202E}']\n")
    assert [t.text for t in rules.teams[0].matchers.patterns] == ["\\x{202E}"]


def test_an_escaped_backslash_before_c_is_a_backslash_and_a_c_not_the_any_byte_escape(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM + "    patterns: ['\\\\C']\n")
    assert [t.text for t in rules.teams[0].matchers.patterns] == ["\\\\C"]


def test_a_named_backreference_is_told_re2_has_none(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    patterns: ['(?P<x>a)\\k<x>']\n") == [
        "6:16: teams[0].patterns[0]: RE2 cannot compile this pattern: invalid escape sequence: \\k "
        "(RE2 has no backreferences)"
    ]


def test_a_glob_that_is_a_github_link_in_capitals_names_the_repository_to_list(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    paths: ['HTTPS://GitHub.com/o/r/tree/main/docs']\n")
    assert problem.endswith('to match the repository, list "o/r" under repos:')


def test_a_glob_git_reads_as_a_comment_matches_nothing(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    paths: ['#docs/**']\n") == [
        '6:13: teams[0].paths[0]: "#docs/**" matches nothing: git reads it as a comment, as it starts with '
        '"#"; to match a "#", escape it: \'\\#docs/**\''
    ]


def test_two_blank_keywords_are_each_blank_not_also_listed_twice(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    keywords: ["  ", "  "]\n') == [
        '6:16: teams[0].keywords[0]: "  " is blank: a term needs a word to match',
        '6:22: teams[0].keywords[1]: "  " is blank: a term needs a word to match',
    ]


def test_two_fields_with_empty_names_are_each_empty_not_also_listed_twice(tmp_path: Path) -> None:
    text = ONE_TEAM + '    fields: [{name: "", values: [a]}, {name: "", values: [b]}]\n'
    assert problems_of(tmp_path, text) == [
        "6:21: teams[0].fields[0].name: must not be empty",
        "6:46: teams[0].fields[1].name: must not be empty",
    ]


def test_a_choice_of_the_wrong_type_is_one_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "comment: {on_no_match: [short]}\n") == [
        "6:24: comment.on_no_match: expected a string, got a list"
    ]


def test_a_decimal_comma_after_a_minus_sign_is_told_to_write_a_point(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: -0,5}]\n") == [
        "6:34: teams[0].keywords[0].weight: YAML reads -0,5 here as -0 and a key 5: "
        "it has no decimal comma, write -0.5"
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param(
            "docs.sourcegraph.com/admin",
            '"docs.sourcegraph.com/admin" starts with a host name ("docs.sourcegraph.com") but no scheme, '
            'so it would be joined to docs_base: write "https://docs.sourcegraph.com/admin" '
            '(or "./docs.sourcegraph.com/admin" if it is a page on docs_base\'s site)',
            id="no-scheme",
        ),
        pytest.param(
            "[metrics](https://docs.sourcegraph.com/x)",
            '"[metrics](https://docs.sourcegraph.com/x)" is Markdown, not a URL: '
            'paste the bare URL ("https://docs.sourcegraph.com/x")',
            id="markdown-link",
        ),
        pytest.param(
            "<https://docs.sourcegraph.com/x>",
            '"<https://docs.sourcegraph.com/x>" is Markdown, not a URL: '
            'paste the bare URL ("https://docs.sourcegraph.com/x")',
            id="autolink",
        ),
    ],
)
def test_a_doc_url_that_would_be_published_broken_is_refused_at_its_line(
    tmp_path: Path, url: str, message: str
) -> None:
    text = "docs_base: https://handbook.example.com/ops/\n" + _one_area(doc_url=url)
    assert problems_of(tmp_path, text) == [f"9:35: teams[0].areas[0].docs[0].url: {message}"]


def test_a_relative_doc_url_named_like_a_page_is_still_joined_to_docs_base(tmp_path: Path) -> None:
    rules = loads(tmp_path, "docs_base: https://handbook.example.com/ops/\n" + _one_area(doc_url="page.html"))
    assert rules.areas[0].docs[0].url == "https://handbook.example.com/ops/page.html"


def test_a_docs_base_holding_a_markdown_link_is_refused(tmp_path: Path) -> None:
    base = "https://handbook.example.com/ops](https://handbook.example.com/ops)"
    assert problems_of(tmp_path, f'docs_base: "{base}"\n' + ONE_TEAM) == [
        f'1:12: docs_base: "{base}" is Markdown, not a URL: paste the bare URL ("https://handbook.example.com/ops")'
    ]


def test_a_decimal_comma_in_a_required_key_is_one_problem_not_also_a_missing_key(tmp_path: Path) -> None:
    team = '{id: d, name: D, label: {name: team/d, color: "000000", description: d}}'
    text = "{version: 1,0, teams: [" + team + "]}\n"
    assert problems_of(tmp_path, text) == [
        "1:11: version: YAML reads 1,0 here as 1 and a key 0: it has no decimal comma, write 1.0"
    ]


def test_a_label_name_of_exactly_fifty_characters_is_accepted(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM.replace("name: team/d", "name: " + "n" * 50))
    assert rules.teams[0].label.name == "n" * 50


def test_a_value_of_exactly_two_hundred_characters_is_quoted_whole(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM.replace("name: team/d", "name: " + "n" * 200))
    assert f'"{"n" * 200}" is 200 characters long' in problem


def test_a_weight_of_exactly_a_million_is_accepted(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 1000000}]\n")
    assert rules.teams[0].matchers.keywords[0].weight == 1_000_000


def test_suggest_equal_to_apply_is_accepted(tmp_path: Path) -> None:
    rules = loads(
        tmp_path,
        "thresholds: {apply: 2, suggest: 2}\n"
        + ONE_TEAM
        + "    areas:\n      - id: a\n        name: A\n"
        + '        label: {name: d/a, color: "000000", description: a}\n',
    )
    assert (rules.areas[0].suggest, rules.areas[0].threshold) == (2, 2)


def test_a_null_where_a_string_is_required_is_not_told_to_quote_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("name: D", "name: ~")) == [
        "4:11: teams[0].name: expected a string, got nothing (null)"
    ]


def test_a_version_written_as_a_float_that_is_no_version_is_told_that_rather_than_how_to_write_it(
    tmp_path: Path,
) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("version: 1", "version: 2.0")) == [
        "1:10: version: expected an integer, got a number (must be 1, got 2)"
    ]


def test_a_version_written_with_a_decimal_point_is_refused_and_told_how_to_write_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("version: 1", "version: 1.0")) == [
        "1:10: version: expected an integer, got a number (write 1)"
    ]


def test_a_boolean_weight_is_refused_not_read_as_one(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: true}]\n") == [
        "6:34: teams[0].keywords[0].weight: expected a number, got a boolean"
    ]


def test_a_number_past_a_floats_range_written_as_text_gets_no_hint_to_write_infinity(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [{term: x, weight: 1e999}]\n") == [
        "6:34: teams[0].keywords[0].weight: expected a number, got a string"
    ]


def test_an_unquoted_yes_where_a_string_is_required_is_told_to_quote_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("name: D", "name: yes")) == [
        '4:11: teams[0].name: expected a string, got a boolean (quote it: "yes")'
    ]


def test_an_unquoted_date_where_a_string_is_required_is_told_to_quote_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("name: D", "name: 2024-01-01")) == [
        '4:11: teams[0].name: expected a string, got a date (quote it: "2024-01-01")'
    ]


def test_an_apply_threshold_below_the_default_suggest_is_reported_at_apply(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "thresholds: {apply: 1}\n" + ONE_TEAM) == [
        "1:21: thresholds.apply: suggest (2) is above the apply threshold (1)"
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            '" team/d"',
            '5:19: teams[0].label.name: " team/d" starts or ends with whitespace, which a GitHub label '
            'name cannot: write "team/d"',
            id="leading-space",
        ),
        pytest.param(
            '"team/d\\t"',
            '5:19: teams[0].label.name: "team/d\t" starts or ends with whitespace, which a GitHub label '
            'name cannot: write "team/d"',
            id="trailing-tab",
        ),
        pytest.param(
            '"team\\nd"',
            "5:19: teams[0].label.name: holds the control character U+000A; a label name is one line of text",
            id="line-break",
        ),
        pytest.param(
            '" "',
            '5:19: teams[0].label.name: " " is blank: a label needs a name',
            id="blank",
        ),
        pytest.param(
            '"team\\x7fd"',
            "5:19: teams[0].label.name: holds the control character U+007F; a label name is one line of text",
            id="delete",
        ),
        pytest.param(
            '".."',
            '5:19: teams[0].label.name: ".." is a name GitHub holds but its API cannot reach: the label\'s '
            "path (/labels/..) is read as a step between folders, so a change to it would go to another "
            "URL: choose another name",
            id="dot-dot",
        ),
    ],
)
def test_a_label_name_github_cannot_hold_is_refused(tmp_path: Path, name: str, expected: str) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("name: team/d", f"name: {name}")) == [expected]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            '"Dist\\nribution"',
            "4:11: teams[0].name: holds a line break; a name is shown on one line, in bold in the "
            "comment: write it on one line",
            id="line-break",
        ),
        pytest.param(
            ">\n      Distribution",
            "4:11: teams[0].name: ends with a line break, as a `|` or `>` block leaves one: write the "
            "name as a plain value",
            id="folded-block",
        ),
        pytest.param(
            '" Distribution"',
            '4:11: teams[0].name: " Distribution" starts or ends with whitespace, which the comment '
            'would show: write "Distribution"',
            id="leading-space",
        ),
        pytest.param('" "', "4:11: teams[0].name: is blank: a name is shown in the comment", id="blank"),
    ],
)
def test_a_team_name_the_comment_cannot_show_on_one_line_is_refused(
    tmp_path: Path, name: str, expected: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM.replace("name: D\n", f"name: {name}\n")) == [expected]


def test_an_area_name_with_a_line_break_is_refused_as_a_team_name_is(tmp_path: Path) -> None:
    area = (
        '    areas:\n      - id: a\n        name: "A\\nB"\n'
        '        label: {name: d/a, color: "000000", description: a}\n'
    )
    assert problems_of(tmp_path, ONE_TEAM + area) == [
        "8:15: teams[0].areas[0].name: holds a line break; a name is shown on one line, in bold in the "
        "comment: write it on one line"
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param(
            '"Which\\nversion?"',
            "7:19: teams[0].asks[0].question: holds a line break; a question is one bullet of the comment: "
            "write it on one line",
            id="line-break",
        ),
        pytest.param(
            "|\n          Which version?",
            "7:19: teams[0].asks[0].question: ends with a line break, as a `|` or `>` block leaves one: "
            "write the question as a plain value",
            id="literal-block",
        ),
        pytest.param(
            '" "', "7:19: teams[0].asks[0].question: is blank: a question is shown in the comment", id="blank"
        ),
    ],
)
def test_a_question_the_comment_cannot_show_as_one_bullet_is_refused_as_a_name_is(
    tmp_path: Path, question: str, expected: str
) -> None:
    text = ONE_TEAM + f"    asks:\n      - question: {question}\n"
    assert problems_of(tmp_path, text) == [expected]


def test_an_answering_pattern_that_would_match_any_issue_is_refused_as_a_rules_pattern_is(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + "    asks:\n      - {question: \"Version?\", answered_by: ['\\d*']}\n"
    assert problems_of(tmp_path, text) == [
        "7:46: teams[0].asks[0].answered_by[0]: the pattern matches an empty string, "
        "so it would match every issue"
    ]


def test_an_area_asking_the_same_question_twice_is_told_at_the_second(tmp_path: Path) -> None:
    area = (
        "    areas:\n      - id: a\n        name: A\n"
        '        label: {name: d/a, color: "000000", description: a}\n'
        '        asks:\n          - {question: "Version?"}\n          - {question: "Version?"}\n'
    )
    assert problems_of(tmp_path, ONE_TEAM + area) == [
        '12:24: teams[0].areas[0].asks[1].question: "Version?" is listed twice: first at line 11'
    ]


def test_a_question_asked_twice_in_another_case_or_spacing_is_told_at_the_second(tmp_path: Path) -> None:
    asks = '      - {question: "the chart version"}\n      - {question: "The chart  version"}\n'
    text = ONE_TEAM + "    asks:\n" + asks
    assert problems_of(tmp_path, text) == [
        '8:20: teams[0].asks[1].question: "The chart  version" is listed twice: first at line 7 '
        'as "the chart version", which reads as the same question'
    ]


def test_a_question_asked_twice_on_one_line_names_the_first_ones_column(tmp_path: Path) -> None:
    text = ONE_TEAM + '    asks: [{question: "Version?"}, {question: "Version?"}]\n'
    assert problems_of(tmp_path, text) == [
        '6:47: teams[0].asks[1].question: "Version?" is listed twice: first at line 6 (column 23)'
    ]


def test_an_answering_pattern_listed_twice_is_told_as_a_rules_pattern_is(tmp_path: Path) -> None:
    text = ONE_TEAM + "    asks:\n      - {question: \"Version?\", answered_by: ['v\\d', 'v\\d']}\n"
    assert problems_of(tmp_path, text) == [
        '7:53: teams[0].asks[0].answered_by[1]: "v\\d" is listed twice: first at line 7 (column 46)'
    ]


def test_an_ask_for_reporters_it_does_not_know_is_refused_with_the_closest(tmp_path: Path) -> None:
    text = ONE_TEAM + '    asks:\n      - {question: "Version?", reporters: outsiders}\n'
    assert problems_of(tmp_path, text) == [
        '7:43: teams[0].asks[0].reporters: expected one of any, outside; got "outsiders": '
        'did you mean "outside"?'
    ]


def test_a_previous_name_github_cannot_hold_is_refused(tmp_path: Path) -> None:
    text = ONE_TEAM.replace("description: d}", 'description: d, previous_names: ["old/d "]}')
    assert problems_of(tmp_path, text) == [
        '5:77: teams[0].label.previous_names[0]: "old/d " starts or ends with whitespace, which a '
        'GitHub label name cannot: write "old/d"'
    ]


def test_a_label_name_with_spaces_inside_is_accepted(tmp_path: Path) -> None:
    rules = loads(tmp_path, ONE_TEAM.replace("name: team/d", 'name: "team: d and e"'))
    assert rules.teams[0].label.name == "team: d and e"


@pytest.mark.parametrize("keyword", ["-", "...", "!!!", "::", "- ?", "+"])
def test_a_keyword_of_punctuation_alone_is_refused_as_it_would_match_almost_every_issue(
    tmp_path: Path, keyword: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f'    keywords: ["{keyword}"]\n') == [
        f'6:16: teams[0].keywords[0]: "{keyword}" is punctuation alone, which no word boundary holds: '
        "it would match wherever an issue has it; make it part of a phrase, or write a pattern"
    ]


def test_an_escape_in_a_keyword_of_punctuation_is_told_as_the_escape_it_is(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    keywords: ["-\\f"]\n') == [
        "6:16: teams[0].keywords[0]: holds the control character U+000C: double-quoted YAML reads `\\f` as "
        "that character, not as a backslash and a letter; "
        "a keyword is plain text, not a regex: drop the escape"
    ]


def test_an_exclude_term_of_punctuation_alone_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    exclude: ["?"]\n') == [
        '6:15: teams[0].exclude[0]: "?" is punctuation alone, which no word boundary holds: '
        "it would match wherever an issue has it; make it part of a phrase, or write a pattern"
    ]


@pytest.mark.parametrize("keyword", ["c++", ".NET", "C#", "-v", "🐛"])
def test_a_keyword_with_punctuation_and_a_word_or_symbol_is_accepted(tmp_path: Path, keyword: str) -> None:
    rules = loads(tmp_path, ONE_TEAM + f'    keywords: ["{keyword}"]\n')
    assert rules.teams[0].matchers.keywords[0].text == keyword


def _areas_sharing_one_exclude_list(areas: int, terms: int) -> str:
    listed = "".join(f"          - {{term: Noise{i}, case_sensitive: true}}\n" for i in range(terms))
    return (
        ONE_TEAM
        + "    areas:\n"
        + "".join(
            f"      - id: a{i}\n        name: A\n"
            f'        label: {{name: d/a{i}, color: "000000", description: a}}\n'
            f"        keywords: [k{i}]\n"
            + ("        exclude: &noise\n" + listed if i == 0 else "        exclude: *noise\n")
            for i in range(areas)
        )
    )


def test_an_organisation_whose_areas_share_one_anchored_exclude_list_loads(tmp_path: Path) -> None:
    """300 areas aliasing one list of 300 `{term, case_sensitive}` exclude terms: 270,000 values
    counted against the limit (each use of an alias counts), a 60 KB file that loads rather than
    being refused."""
    rules = loads(tmp_path, _areas_sharing_one_exclude_list(300, 300))
    assert len(rules.areas[299].matchers.exclude) == 300


def test_an_anchored_list_is_read_once_however_many_areas_alias_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk replays what it found in an aliased list at each further alias rather than reading
    the list again: read 300 times, 300 areas' aliases of 300 terms took about 4 s of CPU."""
    reads: Counter[str] = Counter()
    read = yamlnodes.scalar_value

    def counted(node: yaml.ScalarNode) -> object:
        reads[str(node.value)] += 1
        return read(node)

    monkeypatch.setattr(walk, "scalar_value", counted)
    loads(tmp_path, _areas_sharing_one_exclude_list(30, 20))
    assert {reads[f"Noise{i}"] for i in range(20)} == {1}


def test_the_terms_of_an_anchored_list_are_built_once_for_all_its_aliases(tmp_path: Path) -> None:
    rules = loads(tmp_path, _areas_sharing_one_exclude_list(3, 2))
    assert rules.areas[2].matchers.exclude is rules.areas[0].matchers.exclude


def test_a_problem_in_an_anchored_list_is_told_at_each_alias_as_it_is_read_once(tmp_path: Path) -> None:
    area = '      - {{id: {0}, name: A, label: {{name: d/{0}, color: "000000", description: a}}, '
    area += "keywords: [k], "
    text = ONE_TEAM + "    areas:\n" + area.format("a") + "exclude: &x [' z ', q, q]}\n"
    text += area.format("b") + "exclude: *x}\n" + area.format("c") + "exclude: *x}\n"
    spaces = '" z " has spaces at its start or end: write "z" (a term matches whole words already)'
    twice = '"q" is listed twice: first at line 7 (column 114)'
    repeats = " (in the value anchored at line 7, which this alias repeats)"
    assert problems_of(tmp_path, text) == [
        f"7:107: teams[0].areas[0].exclude[0]: {spaces}",
        f"7:117: teams[0].areas[0].exclude[2]: {twice}",
        f"8:103: teams[0].areas[1].exclude[0]: {spaces}{repeats}",
        f"8:103: teams[0].areas[1].exclude[2]: {twice}{repeats}",
        f"9:103: teams[0].areas[2].exclude[0]: {spaces}{repeats}",
        f"9:103: teams[0].areas[2].exclude[2]: {twice}{repeats}",
    ]


def test_a_name_an_aliased_mapping_repeats_is_told_as_used_again_at_each_alias(tmp_path: Path) -> None:
    area = "      - {{id: {0}, name: A, keywords: [k], label: {1}}}\n"
    text = ONE_TEAM + "    areas:\n" + area.format("a", '&l {name: d/a, color: "000000", description: a}')
    text += area.format("b", "*l") + area.format("c", "*l")
    used = 'label name "d/a" is already used at teams[0].areas[0].label.name (line 7)'
    repeats = " (in the value anchored at line 7, which this alias repeats)"
    assert problems_of(tmp_path, text) == [
        f"8:48: teams[0].areas[1].label.name: {used}{repeats}",
        f"9:48: teams[0].areas[2].label.name: {used}{repeats}",
    ]


def test_a_problem_an_alias_inside_an_aliased_list_repeats_is_told_at_each_alias(tmp_path: Path) -> None:
    """`&x [*t, q]` aliased again, `*t` naming a term recorded before the list: the list's recording
    holds what it replayed of `*t` (its problem, and where its values stand), so area c, which
    holds the term through `*x` alone, is told it too, at the inner anchor (README)."""
    area = '      - {{id: {0}, name: A, label: {{name: d/{0}, color: "000000", description: a}}, '
    area += "keywords: [k{0}], exclude: "
    text = ONE_TEAM + "    areas:\n" + area.format("a") + "[&t {term: ' z ', case_sensitive: true}]}\n"
    text += area.format("b") + "&x [*t, q]}\n" + area.format("c") + "*x}\n"
    spaces = '" z " has spaces at its start or end: write "z" (a term matches whole words already)'
    assert problems_of(tmp_path, text) == [
        f"7:115: teams[0].areas[0].exclude[0].term: {spaces}",
        f"7:115: teams[0].areas[2].exclude[0].term: {spaces}",
        f"8:108: teams[0].areas[1].exclude[0].term: {spaces} (in the value anchored at line 7, which "
        "this alias repeats)",
    ]


def test_aliases_that_multiply_a_small_file_past_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A "billion laughs": 200 areas each aliasing one list of 1,000 keywords is a 20 KB file the
    10 MiB read limit lets through, and 200,000 terms to walk, build and compile (here against a
    limit of 100,000, as a million takes seconds to reach)."""
    monkeypatch.setattr(walk, "MAX_VALUES", 100_000)
    words = ", ".join(f"w{i}" for i in range(1000))
    areas = "".join(
        f"      - id: a{i}\n        name: A\n"
        f'        label: {{name: d/a{i}, color: "000000", description: a}}\n'
        + (f"        keywords: &words [{words}]\n" if i == 0 else "        keywords: *words\n")
        for i in range(200)
    )
    assert problems_of(tmp_path, ONE_TEAM + "    areas:\n" + areas) == [
        "10:19: (file): the file holds more than 100,000 values, far more than such a file needs "
        "(counting each use of an alias): the value anchored here is used many times over"
    ]


def test_a_file_of_more_than_the_limit_of_plain_values_is_refused_without_blaming_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "MAX_VALUES", 100_000)
    words = "".join(f"      - w{i}\n" for i in range(100_000))
    [problem] = problems_of(tmp_path, ONE_TEAM + "    keywords:\n" + words)
    assert problem == (
        "99996:9: (file): the file holds more than 100,000 values, far more than such a file needs"
    )


def test_a_file_past_the_limit_in_plain_values_does_not_blame_an_alias_used_once_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "MAX_VALUES", 1000)
    areas = (
        "    docs: &docs [{title: A, url: 'https://a.example/'}]\n    areas:\n"
        "      - id: a\n        name: A\n"
        '        label: {name: d/a, color: "000000", description: a}\n        docs: *docs\n'
        "      - id: b\n        name: B\n"
        '        label: {name: d/b, color: "000000", description: b}\n        keywords:\n'
    )
    words = "".join(f"          - w{i}\n" for i in range(1000))
    assert problems_of(tmp_path, ONE_TEAM + areas + words) == [
        "982:13: (file): the file holds more than 1,000 values, far more than such a file needs"
    ]


def test_an_alias_bomb_is_blamed_on_the_outermost_anchor_walked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Teams aliasing one list of areas, each an alias of one area: the list is what multiplies."""
    monkeypatch.setattr(walk, "MAX_VALUES", 1000)
    words = ", ".join(f"w{i}" for i in range(50))
    area = f'{{id: a, name: A, label: {{name: d/a, color: "000000", description: a}}, keywords: [{words}]}}'
    teams = "".join(
        f'  - {{id: t{i}, name: T, label: {{name: t/{i}, color: "000000", description: t}}, areas: *areas}}\n'
        for i in range(1, 10)
    )
    text = ONE_TEAM + "    areas: &areas\n" + f"      - &area {area}\n" + "      - *area\n" * 4 + teams
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("6:12: (file): the file holds more than 1,000 values")
    assert problem.endswith("the value anchored here is used many times over")


def test_a_repository_written_with_dot_git_is_told_to_drop_it_as_links_to_it_are_read_without(
    tmp_path: Path,
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    repos: [sourcegraph/deploy-sourcegraph.git]\n") == [
        '6:13: teams[0].repos[0]: "sourcegraph/deploy-sourcegraph.git" ends in .git, which links to the '
        'repository are read without: write "sourcegraph/deploy-sourcegraph"'
    ]


def test_a_repository_written_with_dot_git_in_capitals_is_told_to_drop_it_too(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    repos: [sourcegraph/deploy-sourcegraph.GIT]\n")
    assert problem.endswith(
        'ends in .git, which links to the repository are read without: write "sourcegraph/deploy-sourcegraph"'
    )


def test_a_repository_named_dot_git_is_not_told_to_drop_its_whole_name(tmp_path: Path) -> None:
    assert [
        repo.text for repo in loads(tmp_path, ONE_TEAM + "    repos: [octo/.git]\n").teams[0].matchers.repos
    ] == ["octo/.git"]


AREA = (
    "    areas:\n      - id: a\n        name: A\n"
    '        label: {name: d/a, color: "000000", description: a}\n'
)


def test_a_keyword_its_own_area_excludes_is_refused_as_it_can_never_count(tmp_path: Path) -> None:
    text = ONE_TEAM + AREA + "        keywords: [helm, kubectl]\n        exclude: [Helm]\n"
    assert problems_of(tmp_path, text) == [
        '10:20: teams[0].areas[0].keywords[0]: "helm" always holds an exclude term of this area '
        '("Helm", line 11): wherever it matches, the area is vetoed, so it can never count'
    ]


@pytest.mark.parametrize(
    ("keyword", "exclude"),
    [("kubernetes部署", "kubernetes"), ("docker-compose", "compose"), ("k8s.sgdev.org", "k8s")],
)
def test_a_keyword_an_exclude_term_finds_inside_it_as_an_issue_would_be_read_is_refused(
    tmp_path: Path, keyword: str, exclude: str
) -> None:
    text = ONE_TEAM + AREA + f'        keywords: ["{keyword}"]\n        exclude: ["{exclude}"]\n'
    [problem] = problems_of(tmp_path, text)
    assert "wherever it matches, the area is vetoed, so it can never count" in problem


@pytest.mark.parametrize(("keyword", "exclude"), [("部署kubernetes", "部署"), ("helm", "Helm")])
def test_a_keyword_an_exclude_term_does_not_always_find_is_accepted(
    tmp_path: Path, keyword: str, exclude: str
) -> None:
    exclude_term = f'{{term: "{exclude}", case_sensitive: true}}' if exclude == "Helm" else f'"{exclude}"'
    text = ONE_TEAM + AREA + f'        keywords: ["{keyword}", other]\n        exclude: [{exclude_term}]\n'
    assert [t.text for t in loads(tmp_path, text).teams[0].areas[0].matchers.keywords] == [keyword, "other"]


def test_a_keyword_its_team_excludes_is_refused_as_it_can_never_count(tmp_path: Path) -> None:
    text = ONE_TEAM + "    exclude: [minikube]\n" + AREA + "        keywords: [minikube, kubectl]\n"
    assert problems_of(tmp_path, text) == [
        '11:20: teams[0].areas[0].keywords[0]: "minikube" always holds an exclude term of its team '
        '("minikube", line 6): wherever it matches, the team is vetoed, so it can never count'
    ]


def test_a_keyword_its_team_excludes_at_team_level_is_refused_naming_the_team(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: [Minikube]\n    exclude: [minikube]\n"
    assert problems_of(tmp_path, text) == [
        '6:16: teams[0].keywords[0]: "Minikube" always holds an exclude term of this team '
        '("minikube", line 7): wherever it matches, the team is vetoed, so it can never count'
    ]


def test_an_exclude_term_held_by_several_keywords_is_one_problem_at_the_exclude_term(
    tmp_path: Path,
) -> None:
    keywords = "        keywords: [release tool, patch release, kubectl]\n"
    text = ONE_TEAM + AREA + keywords + "        exclude: [release]\n"
    assert problems_of(tmp_path, text) == [
        '11:19: teams[0].areas[0].exclude[0]: "release" is held by 2 of this area\'s keywords '
        '("release tool" (line 10), "patch release" (line 10)): wherever one of them matches, the area is '
        "vetoed, so none can count; make the exclude term more particular, or remove it"
    ]


def test_a_team_exclude_term_held_by_several_area_keywords_is_told_at_the_teams_exclude(
    tmp_path: Path,
) -> None:
    text = (
        ONE_TEAM + "    exclude: [helm]\n" + AREA + "        keywords: [helm chart, helm upgrade, kubectl]\n"
    )
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(
        "6:15: teams[0].exclude[0]: \"helm\" is held by 2 of the team's and its areas' keywords"
    )


def test_a_team_exclude_term_held_by_team_and_area_keywords_is_told_once(tmp_path: Path) -> None:
    text = (
        ONE_TEAM
        + "    keywords: [preview builds]\n    exclude: [preview]\n"
        + AREA
        + "        keywords: [deploy preview, kubectl]\n"
    )
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(
        "7:15: teams[0].exclude[0]: \"preview\" is held by 2 of the team's and its areas'"
    )
    assert problem.endswith(
        "the team is vetoed, so none can count; make the exclude term more particular, or remove it"
    )


def test_a_team_exclude_term_held_by_keywords_of_several_areas_is_told_once(tmp_path: Path) -> None:
    second = '      - id: b\n        name: B\n        label: {name: d/b, color: "000000", description: b}\n'
    text = (
        ONE_TEAM
        + "    exclude: [helm]\n"
        + AREA
        + "        keywords: [helm chart, kubectl]\n"
        + second
        + "        keywords: [helm upgrade, kustomize]\n"
    )
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(
        "6:15: teams[0].exclude[0]: \"helm\" is held by 2 of the team's and its areas' keywords "
        '("helm chart" (line 11), "helm upgrade" (line 15))'
    )


def test_a_keyword_holding_a_whole_exclude_phrase_among_its_words_is_refused(tmp_path: Path) -> None:
    text = ONE_TEAM + AREA + "        keywords: [docker compose up, kubectl]\n        exclude: [Compose Up]\n"
    assert problems_of(tmp_path, text) == [
        '10:20: teams[0].areas[0].keywords[0]: "docker compose up" always holds an exclude term of this area '
        '("Compose Up", line 11): wherever it matches, the area is vetoed, so it can never count'
    ]


@pytest.mark.parametrize(
    ("keyword", "exclude"),
    [("docker", "docker compose"), ("compose upgrade", "compose up"), ("Helm", "helm chart")],
    ids=["the exclude is longer", "a word's prefix", "other words after it"],
)
def test_a_keyword_the_exclude_only_sometimes_matches_with_is_accepted(
    tmp_path: Path, keyword: str, exclude: str
) -> None:
    text = ONE_TEAM + AREA + f"        keywords: [{keyword}]\n        exclude: [{exclude}]\n"
    assert loads(tmp_path, text).areas[0].matchers.keywords[0].text == keyword


def test_a_case_sensitive_exclude_leaves_a_keyword_of_any_case_its_other_matches(tmp_path: Path) -> None:
    text = (
        ONE_TEAM + AREA + "        keywords: [helm]\n        exclude: [{term: Helm, case_sensitive: true}]\n"
    )
    assert loads(tmp_path, text).areas[0].matchers.keywords[0].text == "helm"


def test_a_case_sensitive_exclude_written_as_the_keyword_leaves_it_its_other_cases(tmp_path: Path) -> None:
    text = (
        ONE_TEAM + AREA + "        keywords: [Helm]\n        exclude: [{term: Helm, case_sensitive: true}]\n"
    )
    assert loads(tmp_path, text).areas[0].matchers.keywords[0].text == "Helm"


def test_a_case_sensitive_keyword_an_exclude_of_any_case_holds_is_refused(tmp_path: Path) -> None:
    text = (
        ONE_TEAM + AREA + "        keywords: [{term: Helm, case_sensitive: true}]\n        exclude: [helm]\n"
    )
    assert problems_of(tmp_path, text) == [
        '10:20: teams[0].areas[0].keywords[0]: "Helm" always holds an exclude term of this area '
        '("helm", line 11): wherever it matches, the area is vetoed, so it can never count'
    ]


def test_a_blank_exclude_term_is_reported_alone_not_as_vetoing_every_keyword(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    keywords: [kubectl]\n    exclude: [" "]\n') == [
        '7:15: teams[0].exclude[0]: " " is blank: a term needs a word to match'
    ]


def test_areas_nested_in_an_area_are_told_they_belong_to_the_team_not_to_mean_repos(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + AREA + "        areas: []\n") == [
        "10:9: teams[0].areas[0].areas: an area holds no areas: they belong to its team "
        "(look at the indentation)"
    ]


def test_an_areas_note_written_on_a_team_says_whose_it_is(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    note: Ask in #ops first.\n") == [
        "6:5: teams[0].note: a team takes no note: notes are its areas'"
    ]


def test_a_team_of_no_areas_takes_a_suggest_of_its_own(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: [helm chart]\n    suggest: 1\n"
    assert loads(tmp_path, text).teams[0].suggest == 1


def test_a_team_of_no_areas_is_suggested_at_the_files_suggest_threshold_by_default(tmp_path: Path) -> None:
    text = "thresholds: {suggest: 1.5}\n" + ONE_TEAM + "    keywords: [helm chart]\n"
    assert loads(tmp_path, text).teams[0].suggest == 1.5


def test_a_suggest_on_a_team_with_areas_is_refused_as_its_areas_are_what_is_suggested(tmp_path: Path) -> None:
    text = ONE_TEAM + "    suggest: 1\n" + AREA + "        keywords: [helm chart]\n"
    assert problems_of(tmp_path, text) == [
        "6:14: teams[0].suggest: a team with areas takes no suggest: its areas are named as possible, "
        "each at its own (thresholds.suggest, or the area's suggest); give the suggest to the areas"
    ]


def test_a_teams_suggest_above_the_files_team_threshold_names_where_that_threshold_comes_from(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + "    keywords: [helm chart]\n    suggest: 4\n"
    assert problems_of(tmp_path, text) == [
        "7:14: teams[0].suggest: suggest (4) is above the team threshold (3, from thresholds.team): "
        "give the team a threshold of its own, at least 4, or a lower suggest"
    ]


def test_a_teams_suggest_above_its_own_threshold_is_refused(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: [helm chart]\n    threshold: 2\n    suggest: 2.5\n"
    assert problems_of(tmp_path, text) == [
        "8:14: teams[0].suggest: suggest (2.5) is above the team's threshold (2)"
    ]


@pytest.mark.parametrize(
    ("keyword", "sign", "literal"),
    [
        ("kube.*", ".*", "kube\\.\\*"),
        ("\\bkubernetes\\b", "\\b", "\\\\bkubernetes\\\\b"),
        ("kube(rnetes|ctl)", "|", "kube\\(rnetes\\|ctl\\)"),
        ("helm|kustomize", "|", "helm\\|kustomize"),
        ("[Jj]aeger", "[Jj]", "\\[Jj\\]aeger"),
        ("jaeger\\s+ui", "\\s", "jaeger\\\\s\\+ui"),
        ("\\d+ errors", "\\d", "\\\\d\\+ errors"),
        ("[a-z]+ing", "[a-z]", "\\[a-z\\]\\+ing"),
        ("kube[^r]", "[^r]", "kube\\[\\^r\\]"),
        ("^release", "^", "\\^release"),
        ("release$", "$", "release\\$"),
    ],
)
def test_a_keyword_written_as_a_regex_is_refused_and_told_both_ways_to_write_it(
    tmp_path: Path, keyword: str, sign: str, literal: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords: ['{keyword}']\n") == [
        f'6:16: teams[0].keywords[0]: "{keyword}" is written as a regex (`{sign}`), but a keyword is plain '
        "words matched as written, so it matches only text holding these very characters: if it is meant "
        f"as a regex, move it to patterns, in single quotes: '{keyword}'; to match the characters as "
        f"written, the pattern '{literal}'"
    ]


@pytest.mark.parametrize(
    ("keyword", "sign", "literal"),
    [
        ("dev/release/**", "/**", "dev/release/\\*\\*"),
        ("**/Chart.yaml", "**/", "\\*\\*/Chart\\.yaml"),
        ("*.yaml", "*.yaml", "\\*\\.yaml"),
    ],
)
def test_a_keyword_written_as_a_glob_of_paths_is_refused_and_told_to_move_to_paths(
    tmp_path: Path, keyword: str, sign: str, literal: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords: ['{keyword}']\n") == [
        f'6:16: teams[0].keywords[0]: "{keyword}" is written as a glob (`{sign}`), but a keyword is plain '
        "words matched as written, so it matches only text holding these very characters: if it is meant "
        f"as a glob of file paths, move it to paths: '{keyword}'; to match the characters as written, the "
        f"pattern '{literal}'"
    ]


def test_a_regex_keyword_refused_as_a_pattern_too_is_not_told_to_move_to_patterns(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    keywords: ['[a-z]']\n")
    assert problem.endswith(
        "as a pattern it would be refused too; to match the characters as written, the pattern '\\[a-z\\]'"
    )


def test_a_keyword_ending_in_a_star_is_told_the_pattern_for_words_that_start_with_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: ['jaeger*']\n") == [
        '6:16: teams[0].keywords[0]: "jaeger*" is written as a glob (`*`), but a keyword is plain words '
        "matched as written, so it matches only text holding these very characters: for words starting "
        "with jaeger, write the pattern '\\bjaeger\\w*'; for file paths, move it to paths; to match the "
        "characters as written, the pattern 'jaeger\\*'"
    ]


def test_an_exclude_term_written_as_a_regex_is_told_to_write_the_words_as_exclude_has_no_patterns(
    tmp_path: Path,
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    exclude: ['minikube|kind']\n") == [
        '6:15: teams[0].exclude[0]: "minikube|kind" is written as a regex (`|`), but an exclude term is '
        "plain words matched as written, so it matches only text holding these very characters: "
        "write the words themselves, one term for each"
    ]


def test_a_field_value_written_as_a_glob_is_told_to_write_the_words(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    fields: [{name: Kind, values: ['helm*']}]\n") == [
        '6:36: teams[0].fields[0].values[0]: "helm*" is written as a glob (`*`), but a field value is '
        "plain words matched as written, so it matches only text holding these very characters: "
        "write the words themselves, one value for each"
    ]


@pytest.mark.parametrize(
    "keyword",
    [
        "c++",
        "node.js",
        "c#",
        "C#/.NET",
        "[RFC]",
        "[release]",
        "[release] v1.2",
        "- [x] I searched",
        "(beta)",
        "k8s",
        "sourcegraph/server",
        "docker-compose.yaml",
        "3.x",
        "e.g.",
        "wait...",
        "*nix",
        "**Note**",
        "is it supported?",
        "kubectl logs | grep",
        "a || b",
        "$HOME",
        "C:\\Windows\\System32",
        "..\\..\\setup.ps1",
        "[code-intel]",
        "[e2e-test]",
        "^C",
        "US$",
        "ADMIN$",
        "*.sourcegraph.com",
        "items[0]",
        "map[string]string",
        "$HOME\\.ssh",
        "C:\\Users\\me\\.kube\\config",
        "*/5 * * * *",
        "image/*",
        "/* eslint-disable */",
        "SELECT *",
        "docs/*",
    ],
)
def test_a_keyword_holding_characters_regexes_and_globs_use_is_accepted_as_the_words_it_is(
    tmp_path: Path, keyword: str
) -> None:
    rules = loads(tmp_path, ONE_TEAM + f"    keywords: ['{keyword}']\n")
    assert rules.teams[0].matchers.keywords[0].text == keyword


@pytest.mark.parametrize("pattern", [".", ".+", "\\w", "\\w+", "[\\s\\S]", " ", "\\s", "\\S", "[a-z]", "^."])
def test_a_pattern_that_finds_a_match_in_any_short_text_is_refused_as_it_would_match_almost_every_issue(
    tmp_path: Path, pattern: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    patterns: ['{pattern}']\n") == [
        "6:16: teams[0].patterns[0]: the pattern finds a match in any short text "
        '(as `.` or `\\w` does: "a b", "Z 9" and "x y" each hold one), so it would match almost every issue: '
        "make it name the words or the message it looks for"
    ]


@pytest.mark.parametrize("pattern", ["\\w\\w", ".{4}", "[a-z]{2}", "o", "\\w{3}"])
def test_a_pattern_that_finds_a_match_in_ordinary_titles_with_no_word_in_common_is_refused(
    tmp_path: Path, pattern: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    patterns: ['{pattern}']\n") == [
        "6:16: teams[0].patterns[0]: the pattern finds a match in each of three titles with no word in "
        'common ("Question about pricing", "Add a colour setting", "Docs for 3.2"), so it would '
        "match almost every issue: make it name the words or the message it looks for"
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        "\\d",
        "(?-i)[A-Z]{2}",
        "\\w+\\.go",
        "\\s{2}",
        "ops-\\d+",
        "\\bpods?\\b",
        "\\b(?:is|was) slow\\b",
        "\\b(?:bug|crash|error|broken|wrong|slow)\\b",
    ],
)
def test_a_pattern_some_ordinary_texts_lack_a_match_for_is_accepted(tmp_path: Path, pattern: str) -> None:
    rules = loads(tmp_path, ONE_TEAM + f"    patterns: ['{pattern}']\n")
    assert rules.teams[0].matchers.patterns[0].text == pattern


@pytest.mark.parametrize("glob", ["*", "**", "**/*", "**/**", "/*", "*/", "?*"])
def test_a_glob_that_matches_every_path_is_refused_as_it_would_match_any_issue_naming_a_file(
    tmp_path: Path, glob: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n") == [
        f'6:13: teams[0].paths[0]: "{glob}" matches every path, so it would match any issue that names a '
        "file: name the folders or the files it stands for"
    ]


@pytest.mark.parametrize("glob", ["*.*", "*.go", "**/*.yaml", "*/*", ".*", "docs/**", "?"])
def test_a_glob_some_paths_escape_is_accepted(tmp_path: Path, glob: str) -> None:
    rules = loads(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n")
    assert rules.teams[0].matchers.paths[0].text == glob


def test_a_glob_written_as_a_windows_path_is_told_to_write_slashes_as_git_reads_its_backslashes_as_escapes(
    tmp_path: Path,
) -> None:
    """git reads `\\r` as `r`: the glob matches `devrelease*...`, never `dev/release/...`."""
    assert problems_of(tmp_path, ONE_TEAM + "    paths: ['dev\\release\\**']\n") == [
        '6:13: teams[0].paths[0]: "dev\\release\\**" has a backslash before "r", which git reads as "r" '
        'alone, not as a folder separator: write / between folders: "dev/release/**"'
    ]


@pytest.mark.parametrize(("glob", "char"), [("docs/a\\.md", "."), ("x/\\-y/**", "-")])
def test_a_backslash_before_a_character_that_needs_no_escaping_is_refused(
    tmp_path: Path, glob: str, char: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n") == [
        f'6:13: teams[0].paths[0]: "{glob}" has a backslash before "{char}", which git reads as "{char}" '
        "alone, as it needs no escaping: drop the backslash, or write / between folders"
    ]


def test_the_slashes_a_windows_path_glob_is_told_to_write_leave_an_escaped_backslash_whole(
    tmp_path: Path,
) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    paths: ['logs\\\\server\\app\\*.log']\n")
    assert problem.endswith('write / between folders: "logs\\\\server/app/*.log"')


def test_the_slashes_a_windows_path_glob_is_told_to_write_keep_its_escapes(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    paths: ['dev\\release\\file\\[1\\].txt']\n")
    assert problem.endswith('write / between folders: "dev/release/file\\[1\\].txt"')


@pytest.mark.parametrize(
    "glob", ["docs/\\*.md", "a\\?", "\\[x]", "a\\ ", "\\!x", "\\#x", "a\\\\b", "\\[abc\\]", "a/\\{x,y}"]
)
def test_a_backslash_escaping_what_a_glob_would_read_otherwise_is_accepted(tmp_path: Path, glob: str) -> None:
    rules = loads(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n")
    assert rules.teams[0].matchers.paths[0].text == glob


def test_an_area_whose_terms_cannot_reach_its_threshold_is_refused_at_the_threshold(tmp_path: Path) -> None:
    text = ONE_TEAM + AREA + "        keywords: [helm chart]\n        threshold: 4\n"
    assert problems_of(tmp_path, text) == [
        '11:20: teams[0].areas[0].threshold: area "a" can score at most 3 (its terms found in both title '
        "and body), below its apply threshold 4: it can never be labelled; lower the threshold or add terms "
        "(an area meant only ever to be suggested takes a suggest of its own that it can reach)"
    ]


def test_an_area_out_of_reach_is_told_so_beside_a_problem_in_its_label(tmp_path: Path) -> None:
    """Only a problem in what bounds its score (a term, a weight, a threshold) silences the check."""
    text = (
        ONE_TEAM
        + AREA.replace('"000000"', '"green"')
        + "        keywords: [helm chart]\n        threshold: 4\n"
    )
    problems = problems_of(tmp_path, text)
    assert any("can never be labelled" in problem for problem in problems), problems


def test_an_area_given_a_suggest_it_can_reach_but_no_reachable_threshold_is_accepted_as_only_suggested(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + AREA + "        keywords: [helm chart]\n        threshold: 1000\n        suggest: 1\n"
    assert loads(tmp_path, text).teams[0].areas[0].suggest == 1


def test_an_area_that_cannot_even_be_suggested_is_told_so(tmp_path: Path) -> None:
    text = ONE_TEAM + AREA + "        keywords: [helm chart]\n        threshold: 10\n        suggest: 5\n"
    assert problems_of(tmp_path, text) == [
        '11:20: teams[0].areas[0].threshold: area "a" can score at most 3 (its terms found in both title '
        "and body), below its suggest threshold 5 (apply 10): it can never be labelled, nor even suggested; "
        "lower the thresholds or add terms"
    ]


def test_an_area_out_of_reach_of_the_default_threshold_is_refused_at_the_area(tmp_path: Path) -> None:
    text = "thresholds: {apply: 4}\n" + ONE_TEAM + AREA + "        keywords: [helm chart]\n"
    assert problems_of(tmp_path, text) == [
        '8:9: teams[0].areas[0]: area "a" can score at most 3 (its terms found in both title and body), '
        "below its apply threshold 4: it can never be labelled; lower the threshold or add terms (an area "
        "meant only ever to be suggested takes a suggest of its own that it can reach)"
    ]


@pytest.mark.parametrize(
    ("terms", "most"),
    [
        pytest.param("keywords: [helm, chart]", "6 (its terms found in both title and body)", id="each-term"),
        pytest.param(
            "keywords: [{term: helm, weight: 2}]", "6 (its terms found in both title and body)", id="weight"
        ),
        pytest.param("repos: [o/helm]", "6 (its terms found in both title and body)", id="kind-weight"),
        pytest.param(
            "fields: [{name: Tool, values: [helm, chart]}]",
            "6 (its terms found in both title and body, its field values in the body)",
            id="fields-in-the-body-only",
        ),
    ],
)
def test_an_areas_most_is_each_term_once_in_each_place_it_can_be_found(
    tmp_path: Path, terms: str, most: str
) -> None:
    text = ONE_TEAM + AREA + f"        {terms}\n        threshold: 7\n"
    [problem] = problems_of(tmp_path, text)
    assert f'area "a" can score at most {most}, below its apply threshold 7' in problem
    assert loads(tmp_path, text.replace("threshold: 7", "threshold: 6")).areas[0].threshold == 6


def test_the_places_weigh_as_weights_say(tmp_path: Path) -> None:
    text = "weights: {title: 1, body: 0.5}\n" + ONE_TEAM + AREA + "        keywords: [helm]\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith('8:9: teams[0].areas[0]: area "a" can score at most 1.5 ')


def test_a_teams_terms_count_for_the_team_not_towards_its_areas(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: [helm, chart, tiller]\n" + AREA + "        keywords: [helm chart]\n"
    [problem] = problems_of(tmp_path, text + "        threshold: 4\n")
    assert 'area "a" can score at most 3 ' in problem


@pytest.mark.parametrize(
    "terms",
    [
        pytest.param("        keywords: []\n", id="a-draft-of-import-handbook"),
        pytest.param("", id="no-terms-written"),
        pytest.param("        exclude: [helm]\n", id="only-an-exclude"),
    ],
)
def test_an_area_with_no_terms_that_score_is_accepted_whatever_its_threshold(
    tmp_path: Path, terms: str
) -> None:
    text = ONE_TEAM + AREA + terms + "        threshold: 10\n"
    assert loads(tmp_path, text).areas[0].threshold == 10


def test_a_reported_term_is_not_also_blamed_for_its_area_being_out_of_reach(tmp_path: Path) -> None:
    text = ONE_TEAM + AREA + "        keywords: [helm, {term: chart, weight: 0}]\n        threshold: 6\n"
    assert problems_of(tmp_path, text) == [
        "10:48: teams[0].areas[0].keywords[1].weight: expected a positive number, got 0"
    ]


def test_a_team_of_no_areas_whose_terms_cannot_reach_its_threshold_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [helm chart]\n    threshold: 4\n") == [
        '7:16: teams[0].threshold: team "d" has no areas and can score at most 3 (its terms found in both '
        "title and body), below its threshold 4: it can never be labelled; lower the threshold or add terms "
        "(a team meant only ever to be suggested takes a suggest of its own that it can reach)"
    ]


def test_a_team_of_no_areas_with_a_suggest_it_can_reach_and_an_unreachable_threshold_is_accepted(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + "    keywords: [helm chart]\n    threshold: 1000\n    suggest: 1\n"
    assert loads(tmp_path, text).teams[0].threshold == 1000


def test_a_team_with_areas_is_not_judged_on_its_own_threshold_as_its_areas_label_it(tmp_path: Path) -> None:
    text = ONE_TEAM + "    threshold: 100\n" + AREA + "        keywords: [helm chart]\n"
    assert loads(tmp_path, text).teams[0].threshold == 100


def test_a_team_whose_areas_are_only_ever_suggested_is_refused_when_its_own_score_cannot_reach_its_threshold(
    tmp_path: Path,
) -> None:
    """Its areas cannot label it, so only its score can: its terms and its areas' added up."""
    text = (
        ONE_TEAM
        + "    keywords: [web app]\n    threshold: 100\n"
        + AREA
        + "        keywords: [lighthouse]\n        threshold: 50\n        suggest: 2\n"
    )
    assert problems_of(tmp_path, text) == [
        '7:16: teams[0].threshold: team "d" has no area that can be labelled (each is only ever suggested) '
        "and can score at most 6 (its terms and its areas', found in both title and body), below its "
        "threshold 100: it can never be labelled; lower the threshold or add terms"
    ]
    assert loads(tmp_path, text.replace("threshold: 100", "threshold: 6")).teams[0].threshold == 6


def test_a_team_with_one_area_that_can_be_labelled_is_not_judged_on_its_own_threshold(tmp_path: Path) -> None:
    text = (
        ONE_TEAM
        + "    threshold: 100\n"
        + AREA
        + "        keywords: [lighthouse]\n        threshold: 50\n        suggest: 2\n"
        + "      - id: b\n        name: B\n"
        + '        label: {name: d/b, color: "000000", description: b}\n'
        + "        keywords: [bundle size]\n"
    )
    assert loads(tmp_path, text).teams[0].threshold == 100


TWO_TEAMS = (
    "version: 1\n"
    'fallback_label: {name: needs-owner, color: "ededed", description: none found}\n'
    "DEFER\n"
    "teams:\n"
    "  - id: web\n    name: Web\n"
    '    label: {name: team/web, color: "000000", description: web}\n'
    "  - id: infra\n    name: Infra\n"
    '    label: {name: team/infra, color: "000000", description: infra}\n'
    "    areas:\n      - id: k8s\n        name: K8s\n"
    '        label: {name: infra/k8s, color: "000000", description: k8s, previous_names: [k8s]}\n'
)


@pytest.mark.parametrize(
    ("entry", "what"),
    [
        pytest.param("Team/Web", 'the label of team "web"', id="a-teams-label-in-any-case"),
        pytest.param("infra/k8s", 'the label of area "k8s"', id="an-areas-label"),
        pytest.param("needs-owner", "the fallback_label", id="the-fallback"),
        pytest.param("k8s", 'a previous name of "infra/k8s", the label of area "k8s"', id="a-former-name"),
    ],
)
def test_a_defer_to_entry_naming_a_label_the_rules_manage_is_refused_as_it_defers_nothing(
    tmp_path: Path, entry: str, what: str
) -> None:
    text = TWO_TEAMS.replace("DEFER", f'defer_to: ["team/*", "{entry}"]')
    assert problems_of(tmp_path, text) == [
        f'3:22: defer_to[1]: "{entry}" is {what}: a label these rules manage never defers (an issue '
        "carrying it is still given the labels its text points to), so this entry does nothing; remove it"
    ]


def test_a_defer_to_pattern_with_wildcards_may_match_labels_the_rules_manage(tmp_path: Path) -> None:
    text = TWO_TEAMS.replace("DEFER", 'defer_to: ["team/*", "team/we?", "infra/k8*"]')
    assert loads(tmp_path, text).defer_to == ("team/*", "team/we?", "infra/k8*")


def test_a_problem_only_an_alias_makes_is_shown_at_the_alias_naming_the_anchors_line(tmp_path: Path) -> None:
    """Weighted keywords reused as exclude terms, which take no weight: the problem is the
    alias's, though the values stand under the anchor."""
    text = ONE_TEAM + ("    keywords: &terms\n      - {term: helm, weight: 2}\n    exclude: *terms\n")
    assert problems_of(tmp_path, text) == [
        '7:9: teams[0].keywords[0]: "helm" always holds an exclude term of this team ("helm", line 7): '
        "wherever it matches, the team is vetoed, so it can never count",
        "8:14: teams[0].exclude[0].weight: an exclude term takes no weight: it adds nothing to the score, "
        "any match vetoes (in the value anchored at line 6, which this alias repeats)",
    ]


def test_a_problem_in_the_anchored_value_itself_stays_at_its_line(tmp_path: Path) -> None:
    text = ONE_TEAM + (
        "    docs: &docs [{title: A, url: 'ftp://a.example/'}]\n"
        "    areas:\n"
        "      - id: a\n"
        "        name: A\n"
        '        label: {name: d/a, color: "000000", description: a}\n'
        "        docs: *docs\n"
    )
    problems = problems_of(tmp_path, text)
    assert problems[0].startswith("6:34: teams[0].docs[0].url: ")
    assert problems[1].startswith("11:15: teams[0].areas[0].docs[0].url: ")
    assert problems[1].endswith("(in the value anchored at line 6, which this alias repeats)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            ONE_TEAM + '    repos: [" acme/deploy"]\n',
            '6:13: teams[0].repos[0]: " acme/deploy" has spaces at its start or end: write "acme/deploy"',
            id="repos",
        ),
        pytest.param(
            'path_repos: ["acme/* "]\n' + ONE_TEAM,
            '1:14: path_repos[0]: "acme/* " has spaces at its start or end: write "acme/*"',
            id="path_repos",
        ),
        pytest.param(
            ONE_TEAM.replace("id: d", 'id: " d"'),
            '3:9: teams[0].id: " d" has spaces at its start or end: write "d"',
            id="id",
        ),
        pytest.param(
            ONE_TEAM.replace('"000000"', '" 000000"'),
            '5:34: teams[0].label.color: " 000000" has spaces at its start or end: write "000000"',
            id="color",
        ),
        pytest.param(
            'docs_base: "https://example.com/ "\n' + ONE_TEAM,
            '1:12: docs_base: "https://example.com/ " has spaces at its start or end: write "https://example.com/"',
            id="docs_base",
        ),
        pytest.param(
            ONE_TEAM + '    docs: [{title: t, url: " https://example.com/a"}]\n',
            '6:28: teams[0].docs[0].url: " https://example.com/a" has spaces at its start or end: '
            'write "https://example.com/a"',
            id="docs-url",
        ),
    ],
)
def test_a_value_right_but_for_spaces_at_its_ends_is_told_to_drop_them(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problems_of(tmp_path, text) == [expected]


ALWAYS_READ = (
    "is github.com's, whose links are read always: list only the hosts of your GitHub Enterprise Server"
)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("https://ghe.example.com", 'is a URL: write the host alone, "ghe.example.com"'),
        ("ghe.example.com/acme", 'holds a path after its host: write the host alone, "ghe.example.com"'),
        ("ghe.example.com/", 'holds a path after its host: write the host alone, "ghe.example.com"'),
        (
            "ghe.example.com:8443",
            'has a port: a link is read whatever port it names, so write the host alone, "ghe.example.com"',
        ),
        ("git@ghe.example.com", 'holds a user name before its host: write the host alone, "ghe.example.com"'),
        ("*.example.com", "holds a wildcard: list each host by its name, as its links write it"),
        ("ghe example", "is not a host name: write the host of the server's links, as in ghe.example.com"),
        (
            "ghe.example.com.",
            "is not a host name: write the host of the server's links, as in ghe.example.com",
        ),
        (
            "-ghe.example.com",
            "is not a host name: write the host of the server's links, as in ghe.example.com",
        ),
        ("GitHub.com", ALWAYS_READ),
        ("raw.githubusercontent.com", ALWAYS_READ),
    ],
)
def test_a_github_host_that_is_not_a_host_alone_is_refused_with_the_host_to_write(
    tmp_path: Path, written: str, message: str
) -> None:
    assert problems_of(tmp_path, f'github_hosts: ["{written}"]\n' + ONE_TEAM) == [
        f'1:16: github_hosts[0]: "{written}" {message}'
    ]


def test_a_github_host_listed_twice_in_another_case_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "github_hosts: [ghe.example.com, GHE.Example.com]\n" + ONE_TEAM) == [
        '1:33: github_hosts[1]: "GHE.Example.com" is listed twice: first at line 1 (column 16) as '
        '"ghe.example.com", the same host in another case'
    ]


def test_a_github_host_with_spaces_at_its_ends_is_told_to_drop_them(tmp_path: Path) -> None:
    assert problems_of(tmp_path, 'github_hosts: [" ghe.example.com"]\n' + ONE_TEAM) == [
        '1:16: github_hosts[0]: " ghe.example.com" has spaces at its start or end: write "ghe.example.com"'
    ]


def test_a_list_item_indented_past_the_one_above_is_told_yaml_read_them_as_one_string(tmp_path: Path) -> None:
    text = ONE_TEAM + "    repos:\n    - acme/infra\n      - acme/deploy\n"
    assert problems_of(tmp_path, text) == [
        '7:7: teams[0].repos[0]: "acme/infra - acme/deploy" is not a repository: write owner/name '
        "(a list item may be indented as the continuation of the one above it: YAML then reads the lines "
        "as one string; line up the dashes)"
    ]


def test_keywords_written_as_one_string_with_commas_are_told_the_list_to_write(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: refund, refunds,chargeback\n") == [
        "6:15: teams[0].keywords: expected a list, got a string: put the items, separated by commas, in "
        "brackets: [refund, refunds, chargeback]"
    ]


def test_a_pattern_written_as_one_quoted_string_is_told_a_list_yaml_reads_back_whole(tmp_path: Path) -> None:
    text = ONE_TEAM + "    patterns: '\\bhelm\\s+(?:install|upgrade)\\b|v\\d{1,2}'\n"
    assert problems_of(tmp_path, text) == [
        "6:15: teams[0].patterns: expected a list, got a string: put the items, separated by commas, in "
        "brackets: ['\\bhelm\\s+(?:install|upgrade)\\b|v\\d{1,2}']"
    ]


def test_unquoted_items_of_the_list_to_write_are_quoted_where_yaml_would_misread_them(tmp_path: Path) -> None:
    text = ONE_TEAM + "    keywords: helm chart, yes, v\\d{1,2}, [RFC] helm\n"
    assert problems_of(tmp_path, text) == [
        "6:15: teams[0].keywords: expected a list, got a string: put the items, separated by commas, in "
        "brackets: [helm chart, 'yes', 'v\\d{1,2}', '[RFC] helm']"
    ]


def test_a_doc_written_as_its_bare_url_is_told_the_keys_to_write(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    docs:\n      - https://docs.example.com/helm\n") == [
        "7:9: teams[0].docs[0]: expected a mapping, got a string: write its keys, {title: ..., url: ...}"
    ]


@pytest.mark.parametrize(
    ("line", "told"),
    [
        (
            "    docs: https://docs.example.com/helm\n",
            "6:11: teams[0].docs: expected a list, got a string: each item is a mapping of its keys, "
            "written [{title: ..., url: ...}]",
        ),
        (
            "    asks: the chart version\n",
            "6:11: teams[0].asks: expected a list, got a string: each item is a mapping of its keys, "
            "written [{question: ...}]",
        ),
    ],
    ids=["docs", "asks"],
)
def test_a_list_of_mappings_written_as_a_string_is_told_the_keys_of_an_item(
    tmp_path: Path, line: str, told: str
) -> None:
    """Not `[https://docs.example.com/helm]`, which the next run refuses as a doc with no keys."""
    assert problems_of(tmp_path, ONE_TEAM + line) == [told]


@pytest.mark.parametrize(
    ("line", "told"),
    [
        (
            "    repos: [https://github.com/acme/deploy-tools/tree/main]\n",
            '6:13: teams[0].repos[0]: "https://github.com/acme/deploy-tools/tree/main" is a link: write the '
            'repository as owner/name, "acme/deploy-tools"',
        ),
        (
            "    repos: [git@github.com:acme/deploy-tools.git]\n",
            '6:13: teams[0].repos[0]: "git@github.com:acme/deploy-tools.git" is a link: write the repository '
            'as owner/name, "acme/deploy-tools"',
        ),
        (
            "    repos: [ssh://git@ghe.example.com:7999/acme/deploy-tools.git]\n",
            '6:13: teams[0].repos[0]: "ssh://git@ghe.example.com:7999/acme/deploy-tools.git" is a link: write'
            ' the repository as owner/name, "acme/deploy-tools"',
        ),
        (
            "    repos: [https://ghe.example.com:8443/acme/deploy-tools]\n",
            '6:13: teams[0].repos[0]: "https://ghe.example.com:8443/acme/deploy-tools" is a link: write the'
            ' repository as owner/name, "acme/deploy-tools"',
        ),
    ],
    ids=["web", "clone", "clone on a port", "web on a port"],
)
def test_a_repository_pasted_as_its_address_is_told_the_owner_and_name_to_write(
    tmp_path: Path, line: str, told: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + line) == [told]


def test_a_list_of_teams_written_without_its_dashes_is_told_to_start_each_item_with_one(
    tmp_path: Path,
) -> None:
    text = "version: 1\nteams:\n  id: ops\n  name: Ops\n"
    assert problems_of(tmp_path, text) == [
        '3:3: teams: expected a list, got a mapping: start each item with "- ", as in "- id: ..." on line 3'
    ]


def test_a_fallback_label_written_as_its_name_is_told_the_keys_to_write(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "fallback_label: needs-triage\n" + ONE_TEAM) == [
        "1:17: fallback_label: expected a mapping, got a string: write its keys, "
        "{name: ..., color: ..., description: ...}"
    ]


def test_keywords_written_one_a_line_without_dashes_are_told_to_write_the_dashes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords:\n      refund\n      chargeback\n") == [
        "7:7: teams[0].keywords: expected a list, got a string: write each item on a line of its own, "
        'after "- "'
    ]


def test_a_number_where_a_list_belongs_is_not_told_to_bracket_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: 42\n") == [
        "6:15: teams[0].keywords: expected a list, got an integer"
    ]


ONE_AREA_NAMED_A = (
    ONE_TEAM
    + "    areas:\n      - id: a\n        name: A\n"
    + '        label: {name: a, color: "000000", description: a}\n'
)


def test_a_keyword_indented_past_the_one_above_is_an_error_though_the_joined_text_is_a_fine_keyword(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + "    keywords:\n    - invoice\n      - invoices\n    - vat\n"
    assert problems_of(tmp_path, text) == [
        '7:7: teams[0].keywords[0]: "invoice - invoices" is one string: YAML read the "- " on line 8, '
        "indented deeper than the line above, as more of that line's unquoted text: line up the dashes "
        'to make it a list item of its own (or, for a text of several lines, write it after "|")'
    ]


def test_a_note_written_as_a_markdown_list_without_a_block_scalar_is_told_yaml_joined_its_lines(
    tmp_path: Path,
) -> None:
    text = ONE_AREA_NAMED_A
    text += "        note: Please include\n          - the order id\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith('10:15: teams[0].areas[0].note: "Please include - the order id" is one string')


def test_a_plain_text_of_several_lines_without_a_dash_is_one_string_as_written(tmp_path: Path) -> None:
    text = ONE_AREA_NAMED_A
    text += "        note: Please include\n          the order id - and the date\n"
    assert loads(tmp_path, text).teams[0].areas[0].note == "Please include the order id - and the date"


def test_a_value_written_with_a_dash_on_one_line_is_not_told_about_indentation(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + "    repos: [acme/infra - acme/deploy]\n") == [
        '6:13: teams[0].repos[0]: "acme/infra - acme/deploy" is not a repository: write owner/name'
    ]


@pytest.mark.parametrize(("written", "hint"), [('"2"', "write 2"), ("'0.75'", "write 0.75")])
def test_a_quoted_number_is_told_to_remove_the_quotes(tmp_path: Path, written: str, hint: str) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    keywords: [{{term: x, weight: {written}}}]\n") == [
        f"6:34: teams[0].keywords[0].weight: expected a number, got a string (remove the quotes: {hint})"
    ]


def test_a_quoted_number_refused_without_its_quotes_too_is_told_why(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    threshold: "0"\n') == [
        "6:16: teams[0].threshold: expected a number, got a string "
        "(without the quotes it is refused too: expected a positive number, got 0)"
    ]


def test_a_quoted_word_is_not_told_to_remove_the_quotes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ONE_TEAM + '    threshold: "two"\n') == [
        "6:16: teams[0].threshold: expected a number, got a string"
    ]


@pytest.mark.parametrize(
    ("glob", "why"),
    [
        pytest.param(
            "dev/[release/**",
            'git reads it as an invalid range, as the "[" at character 5 is never closed: close it with '
            '"]", or, to match a "[", escape it: \'dev/\\[release/**\'',
            id="unclosed-bracket",
        ),
        pytest.param("   ", "git reads it as a blank line", id="blank"),
        pytest.param("/", 'git reads a lone "/" as no path at all', id="lone-slash"),
    ],
)
def test_a_glob_git_reads_as_no_pattern_says_which_reading_it_is(tmp_path: Path, glob: str, why: str) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f'    paths: ["{glob}"]\n') == [
        f'6:13: teams[0].paths[0]: "{glob}" matches nothing: {why}'
    ]


@pytest.mark.parametrize(
    ("glob", "instead"),
    [
        ("web/checkout**", "web/checkout*"),
        ("services**/x.ts", "services*/x.ts"),
        ("web/**checkout/**", "web/*checkout/**"),
        ("**.ts", "*.ts"),
    ],
)
def test_a_double_star_inside_a_name_is_refused_with_the_single_star_it_stands_for(
    tmp_path: Path, glob: str, instead: str
) -> None:
    assert problems_of(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n") == [
        f'6:13: teams[0].paths[0]: "{glob}" has "**" inside a folder or file name, where it is read as "*" '
        '("**" stands for any number of folders only as a whole name between slashes, as in "a/**/b"): '
        f'write "{instead}" for part of a name, or put "**" between slashes'
    ]


def test_three_stars_as_a_folder_name_are_refused_as_git_and_the_matcher_read_them_apart(
    tmp_path: Path,
) -> None:
    """git reads `***/x.ts` as `**/x.ts` (any depth); pathspec, which the matcher follows, as `*/x.ts`."""
    assert problems_of(tmp_path, ONE_TEAM + "    paths: ['***/x.ts']\n") == [
        '6:13: teams[0].paths[0]: "***/x.ts" has "***", which git reads as "**" and triage\'s matcher as '
        '"*": write "**/x.ts" for any number of folders, or "*/x.ts" for one'
    ]


@pytest.mark.parametrize("glob", ["**/cart/*.ts", "web/**", "a/**/b/**/c", "[**]/x", "a/\\*\\*/b", "a\\**/b"])
def test_a_double_star_as_a_whole_name_or_stars_escaped_or_in_brackets_are_accepted(
    tmp_path: Path, glob: str
) -> None:
    [path] = loads(tmp_path, ONE_TEAM + f"    paths: ['{glob}']\n").teams[0].matchers.paths
    assert path.text == glob


def test_the_escape_a_glob_with_an_unclosed_bracket_is_told_to_take_is_a_valid_glob(tmp_path: Path) -> None:
    [path] = loads(tmp_path, ONE_TEAM + "    paths: ['dev/\\[release/**']\n").teams[0].matchers.paths
    assert path.text == "dev/\\[release/**"


def test_a_keyword_with_spaces_at_its_ends_is_told_to_drop_them(tmp_path: Path) -> None:
    """Quoted YAML keeps them, hard to see; the evidence would show the term with them."""
    assert problems_of(tmp_path, ONE_TEAM + "    keywords: [' resource estimator ']\n") == [
        '6:16: teams[0].keywords[0]: " resource estimator " has spaces at its start or end: write '
        '"resource estimator" (a term matches whole words already)'
    ]


def test_an_empty_folder_name_after_an_escaped_bracket_is_refused_too(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + "    paths: ['a\\[//b/**']\n")
    assert 'never matches: "//" is an empty folder name' in problem


@pytest.mark.parametrize("written", ["1" * 5000, '"' + "1" * 5000 + '"'], ids=["plain", "quoted"])
def test_a_number_of_thousands_of_digits_is_refused_not_a_crash(tmp_path: Path, written: str) -> None:
    [problem] = problems_of(tmp_path, ONE_TEAM + f"    keywords: [{{term: helm, weight: {written}}}]\n")
    assert problem.startswith("6:37: teams[0].keywords[0].weight: ")
    assert "set_int_max_str_digits" not in problem


def test_a_problem_in_an_alias_under_a_key_written_twice_is_shown_at_the_alias_the_walk_read(
    tmp_path: Path,
) -> None:
    text = ONE_TEAM + ("    exclude: &terms [' spaced ']\n    keywords: *terms\n    keywords: *terms\n")
    problems = problems_of(tmp_path, text)
    assert [problem.split(": ")[0] for problem in problems] == [
        "6:22",
        "7:15",
        "8:5",
    ]


def test_an_unknown_key_written_as_an_alias_is_shown_at_the_alias(tmp_path: Path) -> None:
    text = ONE_TEAM + "    fields: [{name: &n f, values: [v], *n : 1}]\n"
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith('6:40: teams[0].fields[0].f: unknown key "f"')


@pytest.mark.parametrize(("written", "told"), [('"true"', "true"), ("'False'", "false")])
def test_a_boolean_written_in_quotes_is_told_to_drop_them(tmp_path: Path, written: str, told: str) -> None:
    text = ONE_TEAM + f"    keywords: [{{term: helm, case_sensitive: {written}}}]\n"
    assert problems_of(tmp_path, text) == [
        "6:45: teams[0].keywords[0].case_sensitive: expected a boolean, got a string "
        f"(drop the quotes: {told})"
    ]


@pytest.mark.parametrize(
    ("line", "told", "straight"),
    [
        (
            "    keywords: [jinja, “template engine”]\n",
            "6:23: teams[0].keywords[1]: “template engine”",
            "'template engine'",
        ),
        (
            "    patterns: [‘\\bBuildError\\b’]\n",
            "6:16: teams[0].patterns[0]: ‘\\bBuildError\\b’",
            "'\\bBuildError\\b'",
        ),
        (
            "    docs: [{title: T, url: „https://x.org/t“}]\n",
            "6:28: teams[0].docs[0].url: „https://x.org/t“",
            "'https://x.org/t'",
        ),
    ],
    ids=["keyword", "pattern", "doc link"],
)
def test_a_value_in_typographic_quotes_says_to_write_straight_ones(
    tmp_path: Path, line: str, told: str, straight: str
) -> None:
    """Pasted from a document or typed where an editor smartens quotes, they stay in the value,
    which then matches only text holding them or links to a page no one meant."""
    [problem] = problems_of(tmp_path, ONE_TEAM + line)
    assert problem.startswith(told + " is written in typographic quotes, which YAML does not read as quotes")
    assert f"write straight quotes, {straight}; to match the typographic quotes themselves" in problem


def test_a_list_item_with_a_typographic_quote_at_one_end_says_to_quote_each_value(tmp_path: Path) -> None:
    """`[“helm chart, kubectl”]`: the quotes meant around each item, typed around the list's inside."""
    problems = problems_of(tmp_path, ONE_TEAM + "    keywords: [“helm chart, kubectl”]\n")
    assert [problem.split(" which ")[0] for problem in problems] == [
        "6:16: teams[0].keywords[0]: “helm chart begins with a typographic quote,",
        "6:29: teams[0].keywords[1]: kubectl” ends with a typographic quote,",
    ]
    assert "write straight quotes around each value, 'helm chart';" in problems[0]


def test_a_pattern_opening_with_a_typographic_quote_is_kept(tmp_path: Path) -> None:
    """A pattern that looks for text after an opening quote holds it on purpose."""
    path = tmp_path / "ownership.yaml"
    path.write_text(ONE_TEAM + "    patterns: [“\\w+]\n", encoding="utf-8")
    assert load_rules(path).teams[0].matchers.patterns[0].text == "“\\w+"


def test_typographic_quotes_inside_yaml_quotes_or_around_prose_are_kept(tmp_path: Path) -> None:
    """In YAML's own quotes they are meant (a pattern looking for quoted text); a name or a note may
    quote on purpose."""
    path = tmp_path / "ownership.yaml"
    text = ONE_TEAM.replace("name: D\n", "name: “D”\n") + "    patterns: ['“[^”]+”']\n"
    path.write_text(text, encoding="utf-8")
    loaded = load_rules(path).teams[0]
    assert (loaded.name, loaded.matchers.patterns[0].text) == ("“D”", "“[^”]+”")


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("    patterns:\n      - “[^”]+”\n", "“[^”]+”"),
        ("    patterns:\n      - „[^“]+“\n", "„[^“]+“"),
        ("    keywords: [“yes” or “no”]\n", "“yes” or “no”"),
    ],
    ids=["pattern for quoted text", "german quotes pattern", "phrase quoting twice"],
)
def test_a_value_holding_typographic_quotes_between_its_ends_is_kept(
    tmp_path: Path, line: str, kept: str
) -> None:
    """A quote of the same kind inside the value says the quotes are its own (a pattern matching
    text in quotes), not YAML's quotes typed wrong: dropping the ends would change what it matches."""
    path = tmp_path / "ownership.yaml"
    path.write_text(ONE_TEAM + line, encoding="utf-8")
    matchers = load_rules(path).teams[0].matchers
    assert [term.text for term in (*matchers.patterns, *matchers.keywords)] == [kept]


def test_a_word_an_apostrophe_begins_or_ends_is_kept_not_taken_for_half_a_quote(tmp_path: Path) -> None:
    """The typographic apostrophe is the right single quote: `’90s`, `’s-Hertogenbosch` and
    `contributors’` are words as a person writes them, not `[‘helm chart, kubectl’]` cut in two."""
    path = tmp_path / "ownership.yaml"
    path.write_text(ONE_TEAM + "    keywords: [’90s, ’s-Hertogenbosch, contributors’]\n", encoding="utf-8")
    terms = [term.text for term in load_rules(path).teams[0].matchers.keywords]
    assert terms == ["’90s", "’s-Hertogenbosch", "contributors’"]
