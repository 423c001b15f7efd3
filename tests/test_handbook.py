"""Specifications for turning an ownership page into a starting rules file (triage.handbook)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from triage.errors import TriageError
from triage.handbook import github_repo, import_handbook
from triage.handbook_outline import links_in, read_outline
from triage.handbook_yaml import scalar
from triage.ruleset import parse_rules

SCHEMA = "../triage/schema/ownership.schema.json"
FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "search-platform-ownership.md"
TRICKY = FIXTURE.with_name("tricky-ownership.md")
SEED = Path("/work/shared/seed/distribution-ownership.md")
BASE = "https://handbook.example.com/engineering/search/ownership"
ID = re.compile(r"[a-z0-9][a-z0-9-]*")


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The loader triage reads a rules file with: libyaml's where PyYAML has it, five times faster than
the pure-Python one on a page of 20,000 links."""


def rules_of(markdown: str, **options: Any) -> dict[str, Any]:
    result = import_handbook(markdown, "page.md", schema=SCHEMA, **options)
    loaded = yaml.load(result.text, Loader=LOADER)
    assert isinstance(loaded, dict)
    return loaded


def team_of(markdown: str, **options: Any) -> dict[str, Any]:
    team = rules_of(markdown, **options)["teams"][0]
    assert isinstance(team, dict)
    return team


def areas_of(markdown: str, **options: Any) -> list[dict[str, Any]]:
    areas = team_of(markdown, **options)["areas"]
    assert isinstance(areas, list)
    return areas


def notes_of(markdown: str, **options: Any) -> tuple[str, ...]:
    return import_handbook(markdown, "page.md", schema=SCHEMA, **options).notes


def docs(area: dict[str, Any]) -> list[tuple[str, str]]:
    return [(doc["title"], doc["url"]) for doc in area.get("docs", [])]


# --- The team ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name", "team_id"),
    [
        ("Distribution ownership areas", "Distribution", "distribution"),
        ("Search Platform ownership", "Search Platform", "search-platform"),
        ("Security areas of ownership", "Security", "security"),
        ("Growth", "Growth", "growth"),
        ("Data areas and pipelines", "Data areas and pipelines", "data-areas-and-pipelines"),
        ("Payments team ownership", "Payments", "payments"),
        ("Frontend Team", "Frontend", "frontend"),
        ("Data team areas of ownership", "Data", "data"),
        ("Team", "Team", "team"),
        ("The A-Team", "The A-Team", "the-a-team"),
    ],
)
def test_h1_title_less_ownership_words_names_the_team(title: str, name: str, team_id: str) -> None:
    team = team_of(f"# {title}\n\n## Billing\n")

    assert (team["name"], team["id"], team["label"]["name"]) == (name, team_id, f"team/{team_id}")


def test_the_team_labels_description_names_the_team_once() -> None:
    assert team_of("# Payments team\n\n## Billing\n")["label"]["description"] == "Owned by the Payments team"


def test_team_id_option_sets_the_team_id_and_the_label_prefixes() -> None:
    team = team_of("# Distribution ownership areas\n\n## Billing\n", team_id="dist")

    assert (team["id"], team["label"]["name"], team["areas"][0]["label"]["name"]) == (
        "dist",
        "team/dist",
        "dist/billing",
    )


def test_a_long_h1_gives_a_team_id_shortened_by_whole_words_to_24_characters() -> None:
    team = team_of(
        "# A very long team name that goes on and on for a while ownership areas\n\n## Kubernetes\n"
    )

    assert (team["id"], team["label"]["name"], team["areas"][0]["label"]["name"]) == (
        "a-very-long-team-name",
        "team/a-very-long-team-name",
        "a-very-long-team-name/kubernetes",
    )


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip() and "\n" not in s and "\r" not in s))
def test_any_h1_gives_a_valid_team_id_and_labels_within_50_characters(title: str) -> None:
    page = f"# {title}\n\n## Structural regular expression literal search planning\n"
    assume(read_outline(page).title is not None)  # an H1 of control characters alone is none
    team = team_of(page)

    assert ID.fullmatch(team["id"])
    assert len(team["label"]["name"]) <= 50
    assert all(len(area["label"]["name"]) <= 50 for area in team["areas"])


def test_an_h1_without_letters_or_digits_gives_the_team_id_team() -> None:
    assert team_of("# ???\n\n## Billing\n")["id"] == "team"


def test_an_h1_after_the_first_section_is_neither_the_teams_name_nor_an_area() -> None:
    page = "## Billing\n\n- Invoices\n\n# Refunds\n\n## Returns\n\n- Credit notes\n"
    with pytest.raises(TriageError, match="no H1 title to name the team"):
        import_handbook(page, "page.md", schema=SCHEMA)
    team = team_of(page, team_name="Ops")

    assert (team["name"], [a["name"] for a in team["areas"]]) == ("Ops", ["Billing", "Returns"])


def test_a_second_h1_is_no_area_and_the_sections_after_it_are_the_teams_areas() -> None:
    team = team_of("# Billing\n\n## Invoices\n\n- PDF\n\n# Payments\n\n## Refunds\n\n- Returns\n")

    assert (team["name"], [a["name"] for a in team["areas"]]) == ("Billing", ["Invoices", "Refunds"])


def test_a_second_h1_is_reported_at_its_line() -> None:
    assert notes_of("# Billing\n\n## Invoices\n\n- PDF\n\n# Payments\n\n## Refunds\n\n- Returns\n") == (
        "page.md:7: H1 'Payments' is no area and does not name the team (only an H1 before the first "
        "section does): the sections after it are read as the team's areas",
    )


def test_a_second_h1_ends_the_section_before_it_and_its_own_lines_are_reported_not_read() -> None:
    page = "# Billing\n\n## Invoices\n\n- PDF\n\n# Payments\n\n- [Cards](https://x.test/c)\n\n## Refunds\n"
    team = team_of(page)

    assert ("docs" not in team, docs(team["areas"][0])) == (True, [])
    assert "page.md:9: 'Cards' not read: it is under H1 'Payments', in no section" in notes_of(page)


def test_an_h3_after_a_second_h1_is_an_area_of_its_own_not_one_of_the_h2_before_it() -> None:
    page = "# T\n\n## Deploy\n\n- tools\n\n### Docker\n\n# Later\n\n- notes\n\n### Helm\n\n- charts\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert [a["name"] for a in areas_of(page)] == ["Docker", "Helm"]
    assert text.count("shared by its sections") == 1


def test_h3s_with_no_h2_above_them_are_each_an_area_of_their_own() -> None:
    page = "# Mobile\n\n### iOS app\n\n- SwiftUI screens\n\n### Android app\n\n- Widgets\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert [a["name"] for a in areas_of(page)] == ["iOS app", "Android app"]
    assert "shared by its sections" not in text


def test_h3s_after_a_second_h1_are_each_an_area_of_their_own() -> None:
    page = "# T\n\n## Deploy\n\n- tools\n\n# Later\n\n### Docker\n\n- d\n\n### Helm\n\n- h\n"

    assert [a["name"] for a in areas_of(page)] == ["Deploy", "Docker", "Helm"]


def test_a_page_without_h1_is_refused_without_a_team_name_not_named_team() -> None:
    with pytest.raises(TriageError) as raised:
        import_handbook("## Billing\n", "page.md", team_id="billing", schema=SCHEMA)
    assert str(raised.value) == (
        "page.md: the page has no H1 title to name the team: pass --team-name NAME "
        "(its id, unless --team-id gives one, is the name's slug)"
    )


def test_a_team_name_names_a_page_without_h1_and_its_slug_is_the_id() -> None:
    team = team_of("## Billing\n", team_name="Payments Ops")

    assert (team["name"], team["id"], team["label"]["name"], team["label"]["description"]) == (
        "Payments Ops",
        "payments-ops",
        "team/payments-ops",
        "Owned by the Payments Ops team",
    )


def test_a_team_name_overrides_the_h1_as_written_and_the_team_id_its_slug() -> None:
    team = team_of("# Distribution ownership areas\n\n## Billing\n", team_name="Dist team", team_id="dist")

    assert (team["name"], team["id"], team["areas"][0]["label"]["name"]) == (
        "Dist team",
        "dist",
        "dist/billing",
    )


def test_links_before_the_first_section_become_team_docs() -> None:
    page = "# Search ownership\n\nThe [Search team](https://example.com/search) owns these.\n\n## Billing\n"

    assert docs(team_of(page)) == [("Search team", "https://example.com/search")]


# --- Sections and areas --------------------------------------------------------------------------


def test_an_h2_without_h3_sections_is_one_area_named_by_its_heading() -> None:
    areas = areas_of("# T\n\n## Release pipeline\n\n- Monthly releases\n")

    assert [(a["id"], a["name"]) for a in areas] == [("release-pipeline", "Release pipeline")]


def test_underlined_setext_headings_are_read_as_h1_and_h2() -> None:
    page = "Billing ownership\n=================\n\nInvoices\n--------\n- Monthly invoices\n\nRefunds\n---\n"
    team = team_of(page)

    assert (team["id"], [(a["id"], a["name"]) for a in team["areas"]]) == (
        "billing",
        [("invoices", "Invoices"), ("refunds", "Refunds")],
    )
    assert notes_of(page) == (
        "page.md:8: section 'Refunds' is empty: nothing on the page describes its area",
    )


def test_an_underline_indented_four_spaces_makes_no_heading() -> None:
    areas = areas_of("# T\n\n## Billing\n\nInvoices\n    --------\n")

    assert [a["name"] for a in areas] == ["Billing"]


def test_the_closing_hashes_of_a_heading_are_no_part_of_its_name() -> None:
    assert areas_of("# T\n\n## Billing ##\n")[0]["name"] == "Billing"


def test_an_area_is_named_by_its_headings_text_without_code_or_emphasis_marks() -> None:
    assert (
        areas_of("# T\n\n## `cmd/server` in the **main** repo\n")[0]["name"] == "cmd/server in the main repo"
    )


def test_a_code_spans_text_is_kept_as_written_in_the_bullets_comment() -> None:
    page = "# T\n\n## Web\n\n- `/web/app/**` and `*.css`\n- `__init__.py`, `` `x` ``\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert "        #   - /web/app/** and *.css\n        #   - __init__.py, `x`\n" in text


def test_an_area_is_named_by_its_heading_as_published_without_html_tags_and_with_entities_read() -> None:
    page = '# T\n\n## <a name="auth"></a>Authorization &amp; <em>permissions</em>\n'

    assert [(a["id"], a["name"]) for a in areas_of(page)] == [
        ("authorization", "Authorization & permissions")
    ]


def test_html_tags_and_entities_in_bullets_are_read_as_the_page_shows_them() -> None:
    page = (
        '# T\n\n## Auth\n\n<details>\n\n- <abbr title="Single sign-on">SSO</abbr> &mdash; SAML\n\n'
        "</details>\n"
    )
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert "        # From the page (line 3):\n        #   - SSO \u2014 SAML\n        # Candidate" in text


@pytest.mark.parametrize("entity", ["&#8238;", "&#x1b;", "&bogus;"])
def test_an_entity_for_an_invisible_character_or_none_stays_as_written(entity: str) -> None:
    assert areas_of(f"# T\n\n## Billing {entity} x\n")[0]["name"] == f"Billing {entity} x"


@pytest.mark.parametrize("entity", ["&nbsp;", "&#10;"])
def test_an_entity_for_whitespace_is_a_space(entity: str) -> None:
    assert areas_of(f"# T\n\n## Billing{entity}team\n")[0]["name"] == "Billing team"


def test_html_in_a_code_span_is_code_as_written() -> None:
    assert areas_of("# T\n\n## The `<pre>` and `&amp;` tags\n")[0]["name"] == "The <pre> and &amp; tags"


def test_a_heading_of_markup_only_keeps_its_characters_as_the_area_name() -> None:
    area = areas_of("# T\n\n## *\n")[0]

    assert (area["id"], area["name"], area["label"]["description"]) == ("area", "*", "*")


def test_a_bare_h2_heading_ends_the_area_before_it() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n##\n\n- Refunds\n\n## Payments\n\n- Cards\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert [a["name"] for a in areas_of(page)] == ["Billing", "Payments"]
    assert "Refunds" not in text


def test_an_empty_heading_and_the_lines_under_it_are_reported() -> None:
    assert notes_of("# T\n\n## Billing\n\n- Invoices\n\n##\n\n- Refunds\n\n## Payments\n\n- Cards\n") == (
        "page.md:7: an empty H2 heading names no area: it ends the section before it",
        "page.md:9: 'Refunds' not read: it is under an empty H2 heading, in no section",
    )


def test_a_heading_of_closing_hashes_only_is_empty() -> None:
    assert [a["name"] for a in areas_of("# T\n\n## Billing\n\n- Invoices\n\n## ##\n\n- Refunds\n")] == [
        "Billing"
    ]


def test_an_empty_h3_heading_leaves_the_h3s_after_it_in_their_h2() -> None:
    page = "# T\n\n## Deploy\n\n- tools\n\n### Docker\n\n- d\n\n###\n\n- stray\n\n### Helm\n\n- h\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert [a["name"] for a in areas_of(page)] == ["Docker", "Helm"]
    assert (text.count("From 'Deploy', shared by its sections"), "stray" in text) == (2, False)


def test_an_h2_with_h3_sections_gives_one_area_per_h3_and_none_for_itself() -> None:
    page = "# T\n\n## Deployment\n\n### Kubernetes\n\n- k8s\n\n### Docker Compose\n\n- compose\n"

    assert [a["id"] for a in areas_of(page)] == ["kubernetes", "docker-compose"]


def test_an_h2s_related_links_are_shared_by_each_of_its_h3_areas_after_their_own() -> None:
    page = (
        "# T\n\n## Observability\n\n**Related**\n\n- [Guide](https://ex.com/guide)\n\n"
        "### Monitoring\n\n**Related**\n\n- [Metrics](https://ex.com/metrics)\n\n### Debugging\n\n- Logs\n"
    )
    areas = areas_of(page)

    assert [docs(a) for a in areas] == [
        [("Metrics", "https://ex.com/metrics"), ("Guide", "https://ex.com/guide")],
        [("Guide", "https://ex.com/guide")],
    ]


def test_a_related_link_listed_twice_under_one_heading_is_kept_once_and_reported() -> None:
    page = "# T\n\n## A\n\n- a\n\n**Related**\n\n- [Guide](https://ex.com/g)\n- [List](https://ex.com/g)\n"

    assert (docs(areas_of(page)[0]), notes_of(page)) == (
        [("Guide", "https://ex.com/g")],
        ("page.md:10: link 'https://ex.com/g' left out: listed already at line 9",),
    )


def test_a_shared_related_link_an_h3_lists_itself_is_reported_as_left_out_of_that_area() -> None:
    page = (
        "# T\n\n## Ops\n\n**Related**\n\n- [Guide](https://ex.com/g)\n\n"
        "### Metrics\n\n**Related**\n\n- [Dashboards](https://ex.com/g)\n\n### Logs\n\n- Logs\n"
    )
    note = "page.md:7: shared link 'https://ex.com/g' left out of 'Metrics': it lists the same URL at line 13"

    assert ([docs(a) for a in areas_of(page)], notes_of(page)) == (
        [[("Dashboards", "https://ex.com/g")], [("Guide", "https://ex.com/g")]],
        (note,),
    )


def test_a_team_link_listed_twice_is_kept_once_and_reported() -> None:
    page = "# T\n\n- [Team](https://ex.com/t)\n- [Our team](https://ex.com/t)\n\n## A\n\n- a\n"

    assert (docs(team_of(page)), notes_of(page)) == (
        [("Team", "https://ex.com/t")],
        ("page.md:4: link 'https://ex.com/t' left out: listed already at line 3",),
    )


def test_an_h2s_bullets_are_kept_as_comments_in_each_of_its_h3_areas() -> None:
    page = "# T\n\n## Observability\n\n- Dashboards for admins\n\n### Monitoring\n\n### Debugging\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert text.count("#   - Dashboards for admins") == 2
    assert text.count("# From 'Observability', shared by its sections:") == 2


def test_bullets_become_comments_above_an_empty_keyword_list() -> None:
    page = "# T\n\n## Billing\n\n- Invoices & receipts\n  - PDF export\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert (
        "        # From the page (line 3):\n"
        "        #   - Invoices & receipts\n"
        "        #     - PDF export\n"
        "        # Candidate keywords from the heading (not active): billing\n"
        "        keywords: []\n"
    ) in text


def test_an_h2_shared_by_h3_areas_is_named_once_above_them() -> None:
    page = "# T\n\n## Observability\n\n- Dashboards\n\n### Monitoring\n\n- m\n\n### Debugging\n\n- d\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert text.count("      # Observability\n") == 1


def test_an_area_of_its_own_has_no_shared_bullets_comment() -> None:
    text = import_handbook("# T\n\n## Billing\n\n- Invoices\n", "page.md", schema=SCHEMA).text

    assert "shared by its sections" not in text


def test_an_empty_sections_comment_says_the_page_says_nothing_more() -> None:
    text = import_handbook("# T\n\n## Billing\n", "page.md", schema=SCHEMA).text

    assert "        # The page says nothing more here.\n" in text
    assert "From the page" not in text


def test_a_control_character_in_a_bullet_is_left_out_of_its_comment() -> None:
    text = import_handbook(
        "# T\n\n## Billing\n\n- Invoices\x07 and receipts\n", "page.md", schema=SCHEMA
    ).text

    assert "        #   - Invoices and receipts\n" in text


def test_a_bidirectional_override_in_a_heading_is_left_out_of_the_area_name() -> None:
    [area] = areas_of("# T\n\n## Bill\u202eing\n")

    assert (area["name"], area["label"]["description"]) == ("Billing", "Billing")


def test_each_line_that_loses_an_invisible_character_is_noted_at_its_line() -> None:
    notes = notes_of("# T\x1b\n\n## Billing\u2066\n\n**Related**\n\n- [Doc\x85](https://x.test/a)\n")

    assert [note.partition(" (")[0] for note in notes] == [
        "page.md:1: invisible character U+001B left out",
        "page.md:3: invisible character U+2066 left out",
        "page.md:7: invisible character U+0085 left out",
    ]


def test_front_matter_is_not_read_as_a_section() -> None:
    page = "---\ntitle: Ops ownership\nlayout: handbook\n---\n# Ops ownership areas\n\n## Deploy\n- tooling\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy"]
    assert notes_of(page) == ("page.md:1: front matter (lines 1 to 4) not read",)


def test_toml_front_matter_is_not_read_either() -> None:
    page = '+++\ntitle = "Ops"\n+++\n# Ops ownership areas\n\n## Deploy\n- tooling\n'

    assert [area["name"] for area in areas_of(page)] == ["Deploy"]
    assert notes_of(page) == ("page.md:1: front matter (lines 1 to 3) not read",)


@pytest.mark.parametrize("comment", ["<!-->", "<!--->", "<!-- -->"])
def test_the_shortest_html_comments_close_themselves(comment: str) -> None:
    page = f"# Ops\n\n## Deploy {comment}\n\n## Billing\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy", "Billing"]


def test_a_rule_line_that_is_not_the_first_is_no_front_matter() -> None:
    page = "# Ops\n\nIntro\n---\n\n## Deploy\n"

    assert [area["name"] for area in areas_of(page)] == ["Intro", "Deploy"]


def test_a_section_inside_an_html_comment_is_not_an_area() -> None:
    page = "# Ops\n\n<!-- retired\n## Billing\n- invoices\n-->\n## Deploy\n- tooling\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy"]
    assert notes_of(page) == ("page.md:3: HTML comment (lines 3 to 6) not read",)


def test_an_html_comment_inside_a_heading_is_no_part_of_its_name() -> None:
    assert [area["name"] for area in areas_of("# Ops\n\n## Deploy <!-- was: Ship --> tools\n")] == [
        "Deploy tools"
    ]


def test_an_html_comment_never_closed_hides_the_rest_of_the_page_and_says_so() -> None:
    page = "# Ops\n\n## Deploy\n<!-- draft\n## Billing\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy"]
    assert notes_of(page) == (
        "page.md:3: section 'Deploy' is empty: nothing on the page describes its area",
        "page.md:4: HTML comment (lines 4 to 6) not read, never closed: the rest of the page is hidden",
    )


def test_a_comment_marker_in_a_double_backtick_code_span_is_code_not_a_comment() -> None:
    page = "# Ops\n\n## Deploy\n- the ``<!--`` marker\n\n## Billing\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy", "Billing"]


def test_a_code_span_holding_a_shorter_run_of_backticks_does_not_hide_the_comment_after_it() -> None:
    page = "# Ops\n\n## Deploy\n- Write a backtick as `` ` `` in names. <!-- owner: secret -->\n"

    assert "secret" not in import_handbook(page, "page.md", schema=SCHEMA).text


def test_a_comment_marker_in_code_is_code_not_a_comment() -> None:
    page = "# Ops\n\n## Deploy\n- the `<!--` marker\n\n```\n<!--\n```\n\n## Billing\n"

    assert [area["name"] for area in areas_of(page)] == ["Deploy", "Billing"]
    assert "        #   - the <!-- marker\n" in import_handbook(page, "page.md", schema=SCHEMA).text


def test_no_line_of_the_rules_ends_in_a_space() -> None:
    text = import_handbook("# T\n\n## The\n", "page.md", schema=SCHEMA).text

    assert [line for line in text.splitlines() if line != line.rstrip()] == []


def test_a_page_name_with_a_line_break_stays_in_the_header_comment() -> None:
    result = import_handbook("# T\n\n## Billing\n", "own\nership.md", schema=SCHEMA)

    assert result.text.splitlines()[1] == "# Started by `triage import-handbook` from own\ufffdership.md."


def test_github_repository_links_are_offered_as_candidate_repos_not_rules() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [repo](https://github.com/acme/billing-service)\n"
    result = import_handbook(page, "page.md", schema=SCHEMA)

    assert "# Candidate repos from the Related links (not active): acme/billing-service" in result.text
    assert "repos" not in yaml.safe_load(result.text)["teams"][0]["areas"][0]


def test_a_repository_linked_twice_is_one_candidate_repo() -> None:
    page = (
        "# T\n\n## Billing\n\n**Related**\n\n"
        "- [issues](https://github.com/acme/billing/issues)\n- [pulls](https://github.com/acme/billing/pulls)\n"
    )
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert "# Candidate repos from the Related links (not active): acme/billing\n" in text


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/acme/billing", "acme/billing"),
        ("https://github.com/acme/billing.git", "acme/billing"),
        ("https://github.com/acme/billing/tree/main/docs", "acme/billing"),
        ("https://github.com/orgs/acme", None),
        ("https://github.com/Orgs/acme", None),
        ("https://gitlab.com/acme/billing", None),
    ],
)
def test_the_candidate_repo_of_a_link_is_its_github_owner_and_name(url: str, repo: str | None) -> None:
    assert github_repo(url) == repo


def test_candidate_keywords_leave_out_words_such_as_and_and_the() -> None:
    text = import_handbook("# T\n\n## Search and the indexing of code\n", "page.md", schema=SCHEMA).text

    assert "# Candidate keywords from the heading (not active): search, indexing, code\n" in text


def test_area_labels_are_team_slash_area_with_the_default_colour_and_the_heading() -> None:
    area = areas_of("# Billing ownership\n\n## Invoices & receipts\n")[0]

    assert area["label"] == {
        "name": "billing/invoices",
        "color": "0e8a16",
        "description": "Invoices & receipts",
    }


def test_a_label_description_of_exactly_100_characters_is_kept_whole() -> None:
    heading = "Payments " + "x" * 91

    assert areas_of(f"# T\n\n## {heading}\n")[0]["label"]["description"] == heading


def test_a_label_description_cut_at_a_space_has_no_space_before_the_ellipsis() -> None:
    heading = "x" * 98 + " payments"

    assert areas_of(f"# T\n\n## {heading}\n")[0]["label"]["description"] == "x" * 98 + "…"


def test_a_label_description_is_cut_to_githubs_100_characters() -> None:
    heading = "Payments " + "and more " * 20
    description = areas_of(f"# T\n\n## {heading}\n")[0]["label"]["description"]

    assert len(description) <= 100
    assert description.endswith("…")
    assert heading.startswith(description[:-1])


# --- Ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "area_id"),
    [
        ("Release pipeline", "release-pipeline"),
        ("Kubernetes cluster installation & upgrade experience", "kubernetes-cluster-installation"),
        ("Docker Compose and pure-docker", "docker-compose"),
        ("Search AND indexing", "search"),
        ("Query parsing, planning", "query-parsing"),
        ("Billing: invoices", "billing"),
        ("Storage (blobs)", "storage"),
        ("`cmd/server` in the **main** repo", "cmd-server-in-the-main-repo"),
        ("Überwachung", "uberwachung"),
        ("日本語", "area"),
    ],
)
def test_area_ids_are_slugs_of_the_heading_cut_at_the_first_connector(heading: str, area_id: str) -> None:
    assert areas_of(f"# T\n\n## {heading}\n")[0]["id"] == area_id


def test_a_long_id_is_shortened_by_whole_words_until_the_label_fits_50_characters() -> None:
    area = areas_of("# Distribution\n\n## Structural regular expression literal search planning execution\n")[
        0
    ]

    assert (area["id"], len(area["label"]["name"])) == ("structural-regular-expression-literal", 50)


def test_repeated_headings_get_numbered_ids() -> None:
    page = "# T\n\n## A\n\n### Indexing\n\n## B\n\n### Indexing\n\n### Indexing\n"

    assert [a["id"] for a in areas_of(page)] == ["indexing", "indexing-2", "indexing-3"]


def test_a_numbered_id_is_shortened_by_whole_words_so_its_label_still_fits_50_characters() -> None:
    heading = "Structural regular expression literal search planning"
    areas = areas_of(f"# Distribution\n\n## {heading}\n\n## {heading}\n")

    assert [(a["id"], len(a["label"]["name"])) for a in areas] == [
        ("structural-regular-expression-literal", 50),
        ("structural-regular-expression-2", 44),
    ]


def test_an_area_never_takes_the_teams_id() -> None:
    assert areas_of("# Billing\n\n## Billing\n")[0]["id"] == "billing-2"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=120).filter(lambda s: s.strip() and "\n" not in s and "\r" not in s))
def test_any_heading_gives_a_valid_id_and_a_label_within_50_characters(heading: str) -> None:
    areas = areas_of(f"# Team\n\n## {heading}\n\n## {heading}\n")
    assert len(areas) == 2 or not any(ch.isalnum() for ch in heading), "a heading with a word names an area"
    for area in areas:
        assert ID.fullmatch(area["id"])
        assert len(area["label"]["name"]) <= 50


# --- Links -----------------------------------------------------------------------------------------


def test_related_links_become_docs_and_lead_in_text_prefixes_each_title() -> None:
    page = (
        "# T\n\n## Billing\n\n**Related**\n\n- [Invoices](https://ex.com/invoices): the old docs\n"
        "- How to [refund](https://ex.com/refund), [void](https://ex.com/void).\n"
    )

    assert docs(areas_of(page)[0]) == [
        ("Invoices", "https://ex.com/invoices"),
        ("How to refund", "https://ex.com/refund"),
        ("How to void", "https://ex.com/void"),
    ]


def test_a_lead_ins_closing_colon_or_dash_is_left_out_of_the_titles() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- Guides: [refunds](https://ex.com/r)\n- Runbook - [void](https://ex.com/v)\n"

    assert docs(areas_of(page)[0]) == [
        ("Guides refunds", "https://ex.com/r"),
        ("Runbook void", "https://ex.com/v"),
    ]


def test_an_image_in_a_related_list_is_no_doc() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- ![diagram](https://ex.com/d.png)\n- [Guide](https://ex.com/g)\n"

    assert docs(areas_of(page)[0]) == [("Guide", "https://ex.com/g")]


def test_relative_links_stay_relative_under_docs_base_with_md_and_index_stripped() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [Guide](../billing/index.md)\n"
    rules = rules_of(page, base=BASE)

    assert (rules["docs_base"], rules["docs_strip"]) == (BASE, [".md", "/index"])
    assert docs(rules["teams"][0]["areas"][0]) == [("Guide", "../billing/index.md")]


def test_a_relative_link_to_a_section_of_an_md_page_has_md_stripped_too() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [Setup](billing/setup.md#install)\n"

    assert rules_of(page, base=BASE)["docs_strip"] == [".md", "/index"]


def test_docs_strip_is_left_out_when_no_relative_link_ends_in_md() -> None:
    rules = rules_of("# T\n\n## Billing\n\n**Related**\n\n- [Guide](../billing/)\n", base=BASE)

    assert "docs_strip" not in rules


def test_without_base_relative_links_are_left_out_and_reported() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [Guide](../billing/index.md)\n- [API](https://ex.com/api)\n"

    assert docs(areas_of(page)[0]) == [("API", "https://ex.com/api")]
    assert notes_of(page) == (
        "page.md:7: relative link '../billing/index.md' left out: pass --base URL to keep it",
    )


def test_a_link_keeps_balanced_parentheses_in_its_url() -> None:
    page = (
        "# T\n\n## Billing\n\n**Related**\n\n- [Ledger](https://en.wikipedia.org/wiki/Ledger_(accounting))\n"
    )

    assert docs(areas_of(page)[0]) == [("Ledger", "https://en.wikipedia.org/wiki/Ledger_(accounting)")]


@pytest.mark.parametrize("title", ["'the a'", "(the a)", '"the a"'])
def test_a_link_title_in_any_of_markdowns_three_quotings_is_no_part_of_the_url(title: str) -> None:
    page = f"# T\n\n## Billing\n\n**Related**\n\n- [A](https://x.test/a {title})\n"

    assert docs(areas_of(page)[0]) == [("A", "https://x.test/a")]


def test_reference_links_become_docs_and_their_definitions_are_not_read_as_text() -> None:
    page = (
        "# T\n\n## Billing\n\n- Invoices\n\n**Related**\n\n- [Setup guide][setup]\n- [FAQ][]\n- [Runbook]\n\n"
        '[setup]: https://ex.com/setup "The guide"\n[faq]: <https://ex.com/faq>\n  [RUNBOOK]: runbook.md\n'
    )
    text = import_handbook(page, "page.md", schema=SCHEMA, base=BASE).text

    assert docs(areas_of(page, base=BASE)[0]) == [
        ("Setup guide", "https://ex.com/setup"),
        ("FAQ", "https://ex.com/faq"),
        ("Runbook", "runbook.md"),
    ]
    assert ("ex.com/setup" in text.split("keywords")[0], notes_of(page, base=BASE)) == (False, ())


def test_the_first_definition_of_a_reference_label_counts_whatever_its_case_and_spacing() -> None:
    page = (
        "# T\n\n## A\n\n**Related**\n\n- [Guide][The  Guide]\n\n"
        "[the guide]: https://ex.com/1\n[THE GUIDE]: https://ex.com/2\n"
    )

    assert docs(areas_of(page)[0]) == [("Guide", "https://ex.com/1")]


def test_a_reference_link_in_a_code_span_or_without_a_definition_is_no_link() -> None:
    page = "# T\n\n## A\n\n- a\n\n**Related**\n\n- `[Guide][g]`\n- [Other][none]\n\n[g]: https://ex.com/g\n"

    assert (docs(areas_of(page)[0]), notes_of(page)) == (
        [],
        (
            "page.md:9: Related item without a link not mapped: '[Guide][g]'",
            "page.md:10: Related item without a link not mapped: '[Other][none]'",
        ),
    )


def test_a_definition_in_a_code_block_defines_nothing() -> None:
    page = "# T\n\n## A\n\n**Related**\n\n- [Guide][g]\n\n```\n[g]: https://ex.com/g\n```\n"

    assert docs(areas_of(page)[0]) == []


def test_an_autolink_is_a_doc_titled_by_its_url() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- <https://x.test/a>\n- [B](<https://x.test/b>)\n"

    assert docs(areas_of(page)[0]) == [("https://x.test/a", "https://x.test/a"), ("B", "https://x.test/b")]


def test_a_related_link_holding_whitespace_is_left_out_saying_so() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [B](<https://x.test/b c>)\n- [A](https://x.test/a)\n"

    assert docs(areas_of(page)[0]) == [("A", "https://x.test/a")]
    assert notes_of(page) == (
        'page.md:7: link left out: "https://x.test/b c" holds whitespace, which breaks the Markdown link '
        "in the comment: write a space as %20",
    )


def test_an_autolink_in_a_code_span_is_code_not_a_doc() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [B](https://x.test/b), not `<https://x.test/a>`\n"

    assert docs(areas_of(page)[0]) == [("B", "https://x.test/b")]


def test_a_link_in_a_code_span_is_code_not_a_doc() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [B](https://x.test/b), not `[A](https://x.test/a)`\n"

    assert docs(areas_of(page)[0]) == [("B", "https://x.test/b")]


def test_a_code_span_starting_in_a_links_text_and_ending_past_it_makes_it_code() -> None:
    page = "# T\n\n## Billing\n\n**Related**\n\n- [B](https://x.test/b), not [A `x](https://x.test/a)`\n"

    assert docs(areas_of(page)[0]) == [("B", "https://x.test/b")]


def test_a_link_in_a_code_span_is_kept_as_written_in_the_bullets_comment() -> None:
    text = import_handbook(
        "# T\n\n## Billing\n\n- Write `[x](url)` for a link\n", "page.md", schema=SCHEMA
    ).text

    assert "        #   - Write [x](url) for a link\n" in text


def test_a_link_in_a_code_span_outside_a_related_list_is_not_reported() -> None:
    assert notes_of("# T\n\n## Billing\n\n- Write `<https://x.test/a>` for a link\n") == ()


def test_a_link_wrapping_a_badge_image_keeps_its_own_url_and_its_text() -> None:
    page = (
        "# T\n\n## Billing\n\n**Related**\n\n"
        "- [Ledger ![status](https://ex.com/badge.svg)](https://ex.com/ledger)\n"
    )

    assert docs(areas_of(page)[0]) == [("Ledger", "https://ex.com/ledger")]


NOT_WEB_ADVICE = "use http(s) or a link relative to docs_base"


@pytest.mark.parametrize(
    ("link", "note"),
    [
        (
            "[x](javascript:alert(1))",
            'link left out: "javascript:alert(1)" is not a web link: ' + NOT_WEB_ADVICE,
        ),
        (
            "[mail](mailto:ops@ex.com)",
            'link left out: "mailto:ops@ex.com" is not a web link: ' + NOT_WEB_ADVICE,
        ),
        ("[x](http://)", 'link left out: "http://" has no host'),
        (
            "[x](https://[::1/a)",
            'link left out: "https://[::1/a" is not a valid URL: its host cannot be read',
        ),
        ("[x](<>)", "link 'x' left out: it has no URL"),
        (
            "[Mirror](//mirror.example.com/billing)",
            'link left out: "//mirror.example.com/billing" starts with //, which makes '
            '"mirror.example.com" a host name: write a full https:// link for another site, '
            "or one / for a path on docs_base's site",
        ),
    ],
)
def test_a_link_that_is_no_http_url_with_a_host_is_left_out_and_reported(link: str, note: str) -> None:
    page = f"# T\n\n## Billing\n\n**Related**\n\n- {link}\n- [API](https://ex.com/api)\n"

    assert docs(areas_of(page, base=BASE)[0]) == [("API", "https://ex.com/api")]
    assert notes_of(page, base=BASE) == (f"page.md:7: {note}",)


def test_a_team_link_that_is_no_http_url_is_left_out_and_reported() -> None:
    page = "# T\n\nSee [x](javascript:alert(1)).\n\n## Billing\n\n- b\n"

    assert "docs" not in team_of(page)
    assert notes_of(page) == (
        f'page.md:3: link left out: "javascript:alert(1)" is not a web link: {NOT_WEB_ADVICE}',
    )


@pytest.mark.parametrize(
    ("page", "note"),
    [
        ("# T\n\n## A\n\n- see [b](#b)\n", "page.md:5: anchor link '#b' not mapped"),
        ("# T\n\nSee [below](#a).\n\n## A\n", "page.md:3: anchor link '#a' not mapped"),
        (
            "# T\n\n## A\n\n- see [wiki](https://wiki.ex.com)\n",
            "page.md:5: link 'https://wiki.ex.com' outside a Related list not mapped to docs",
        ),
        (
            "# T\n\n## A\n\n**Related**\n\n- Components:\n",
            "page.md:7: Related item without a link not mapped: 'Components:'",
        ),
        (
            "# T\n\n## A\n\n## B\n\n- b\n",
            "page.md:3: section 'A' is empty: nothing on the page describes its area",
        ),
        (
            "# T\n\n## A\n\n#### Notes\n",
            "page.md:5: heading level 4 'Notes' not read as a section: only H2 and H3 are",
        ),
        ("# T\n\n## A\n\n```\nx\n```\n", "page.md:5: code block not read"),
    ],
)
def test_what_cannot_be_mapped_is_reported_by_line(page: str, note: str) -> None:
    assert note in notes_of(page)


def test_a_table_before_the_first_section_is_reported_and_its_links_are_no_team_docs() -> None:
    page = (
        "# Data\n\n[Home](https://ex.com/home)\n\n| Area | Docs |\n| --- | :---: |\n"
        "| Ingestion | [ingest](https://ex.com/i) |\n| Warehouse | [dbt](https://ex.com/d) |\n\n"
        "## Dashboards\n"
    )
    why = "areas come from H2 and H3 headings, their docs from Related lists (write each row as a heading)"

    assert (docs(team_of(page)), notes_of(page)[0]) == (
        [("Home", "https://ex.com/home")],
        f"page.md:5: table (lines 5 to 8) before the first section not read: {why}",
    )


def test_a_table_ends_at_a_blank_line() -> None:
    page = "# Data\n\nA | B\n--|--\nx | y\n\n[Home](https://ex.com/home)\n"

    assert docs(team_of(page)) == [("Home", "https://ex.com/home")]


def test_a_code_block_is_reported_once_and_its_lines_are_not_read() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n```\nNot a heading\n---\n```\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing"]
    assert notes_of(page) == ("page.md:7: code block not read",)


def test_an_html_pre_block_is_a_code_block_not_read_as_markdown() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n<pre>\n## Refunds\n[x](https://x.test/x)\n</pre>\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing"]
    assert notes_of(page) == ("page.md:7: code block not read",)


@pytest.mark.parametrize("tag", ["script", "style", "textarea"])
def test_a_script_style_or_textarea_block_is_not_read_as_markdown_either(tag: str) -> None:
    page = f"# T\n\n## Billing\n\n- Invoices\n\n<{tag}>\n## Refunds\n[x](https://x.test/x)\n</{tag}>\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing"]
    assert notes_of(page) == ("page.md:7: code block not read",)


@pytest.mark.parametrize(
    ("heading", "name"), [("## C#", "C#"), ("## Billing ##", "Billing"), ("## Billing##", "Billing##")]
)
def test_a_headings_closing_hashes_go_only_after_a_space_as_in_commonmark(heading: str, name: str) -> None:
    assert [a["name"] for a in areas_of(f"# T\n\n{heading}\n\n- Invoices\n")] == [name]


def test_a_pre_code_block_is_not_read_either() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n<PRE class='x'><code>\n## Refunds\n</code></pre>\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing"]


def test_a_pre_block_closed_on_its_first_line_is_a_code_block_of_one_line() -> None:
    page = "# T\n\n## Billing\n\n<pre>[x](https://x.test/x)</pre>\n- Invoices\n"
    text = import_handbook(page, "page.md", schema=SCHEMA).text

    assert (notes_of(page), "#   - Invoices" in text) == (("page.md:5: code block not read",), True)


def test_a_fence_inside_a_pre_block_is_part_of_it() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n<pre>\n```\n</pre>\n\n## Refunds\n\n- Returns\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing", "Refunds"]


def test_an_html_comment_after_a_pre_block_holding_a_fence_is_still_hidden() -> None:
    page = "# T\n\n## Billing\n\n<pre>\n```\n</pre>\n- Invoices <!-- owner: secret -->\n"

    assert "secret" not in import_handbook(page, "page.md", schema=SCHEMA).text


def test_a_pre_tag_inside_fenced_code_is_code() -> None:
    page = "# T\n\n## Billing\n\n- Invoices\n\n```\n<pre>\n```\n\n## Refunds\n\n- Returns\n"

    assert [a["name"] for a in areas_of(page)] == ["Billing", "Refunds"]


def test_a_related_list_of_20000_links_keeps_every_link() -> None:
    """bench/handbook.py prints how long this page takes (checking each URL against those before
    it once took 5 s)."""
    links = "".join(f"- [Doc {i}](https://x.test/{i})\n" for i in range(20000))
    outline = read_outline(f"# T\n\n## Billing\n\n**Related**\n\n{links}")

    assert len(outline.sections[0].related) == 20000


@pytest.mark.parametrize(
    ("line", "related"),
    [
        pytest.param(" ".join(f"[Doc {i}](https://x.test/{i}) `c`" for i in range(10000)), 10000, id="links"),
        pytest.param(
            " ".join(f"<https://x.test/a{i}> [Doc {i}](https://x.test/{i})" for i in range(10000)),
            20000,
            id="autolinks",
        ),
        pytest.param("`c` <!-- x --> " * 2000, 0, id="comments"),
        pytest.param("".join("`" * n + " " for n in range(2, 600)) + "` " * 100000, 0, id="unclosed-runs"),
    ],
)
def test_a_line_of_many_links_code_spans_and_comments_keeps_each_link_outside_code(
    line: str, related: int
) -> None:
    """bench/handbook.py prints how long these lines take (testing each link or autolink against
    every code span, or link, of its line, finding the line's code spans again for each comment,
    or looking for the closing run of each unclosed run of backticks among all the runs after it
    once took 10 to 13 s)."""
    outline = read_outline(f"# T\n\n## Billing\n\n**Related**\n\n- {line}\n")

    assert len(outline.sections[0].related) == related


def test_a_link_opened_over_a_long_run_of_spaces_and_never_closed_is_no_link() -> None:
    """bench/handbook.py prints how long this line takes (the run was once tried at every split: 7 s)."""
    assert links_in(1, "[a](" + " " * 15000 + "x") == []


def test_a_heading_with_a_long_run_of_spaces_is_named_by_its_words() -> None:
    """bench/handbook.py prints how long this page takes (a pattern sharing out the spaces among
    its `\\s*`s once took 18 s)."""
    areas = areas_of("# T\n\n## Area" + " " * 2000 + "x ##\n\n- a bullet\n")

    assert [a["name"] for a in areas] == ["Area x"]


def test_notes_are_ordered_by_line_whichever_step_made_them() -> None:
    page = "# T\n\n## Billing\n\n#### Deep\n\n## Invoices\n"

    assert [note.split(":")[1] for note in notes_of(page)] == ["3", "5", "7"]


def test_a_page_without_sections_gives_a_team_without_areas_and_says_so() -> None:
    assert team_of("# Billing ownership\n\nJust prose.\n")["areas"] == []
    assert notes_of("# Billing ownership\n") == ("page.md:1: no H2 or H3 sections: the team has no areas",)


def test_only_cr_and_lf_end_a_line_and_a_unicode_line_separator_in_a_heading_is_a_space() -> None:
    assert areas_of("# T\r\n\r\n## Build\u2028Tools\r\n")[0]["name"] == "Build Tools"


def test_a_page_whose_lines_end_in_cr_alone_is_read_line_by_line() -> None:
    team = team_of("# Billing ownership\r\r## Invoices\r\r- PDF export\r")

    assert (team["name"], [a["name"] for a in team["areas"]]) == ("Billing", ["Invoices"])


def test_a_related_heading_starts_a_related_list_not_an_area() -> None:
    page = "# T\n\n## Billing\n\n### Related\n\n- [Guide](https://ex.com/guide)\n"
    areas = areas_of(page)

    assert [(a["id"], docs(a)) for a in areas] == [("billing", [("Guide", "https://ex.com/guide")])]


@pytest.mark.parametrize("line", ["**Related**", "**Related:**", "**Related**:", "Related:", "__Related__"])
def test_a_related_line_may_be_bold_and_end_in_a_colon(line: str) -> None:
    page = f"# T\n\n## Billing\n\n{line}\n\n- [Guide](https://ex.com/guide)\n"

    assert docs(areas_of(page)[0]) == [("Guide", "https://ex.com/guide")]


@pytest.mark.parametrize("marker", ["1.", "1)"])
def test_a_numbered_related_list_is_a_related_list(marker: str) -> None:
    page = f"# T\n\n## Billing\n\n**Related**\n\n{marker} [Guide](https://ex.com/g)\n{marker} [FAQ](https://ex.com/f)\n"

    assert (docs(areas_of(page)[0]), notes_of(page)) == (
        [("Guide", "https://ex.com/g"), ("FAQ", "https://ex.com/f")],
        (),
    )


def test_numbered_items_keep_their_numbers_in_the_bullets_comment() -> None:
    text = import_handbook(
        "# T\n\n## Billing\n\n1. Invoices\n   2) Credit notes\n", "page.md", schema=SCHEMA
    ).text

    assert "        #   1. Invoices\n        #     2) Credit notes\n" in text


def test_an_underlined_related_heading_starts_a_related_list_not_an_area() -> None:
    page = "# T\n\n## Billing\n\nRelated\n-------\n\n- [Guide](https://ex.com/guide)\n"

    assert [(a["id"], docs(a)) for a in areas_of(page)] == [("billing", [("Guide", "https://ex.com/guide")])]


def test_a_related_heading_before_any_section_is_a_section_of_its_own() -> None:
    assert [a["name"] for a in areas_of("# T\n\n## Related\n\n- Links\n\n## Billing\n\n- Invoices\n")] == [
        "Related",
        "Billing",
    ]


def test_a_paragraph_after_a_related_list_ends_it() -> None:
    page = "# T\n\n## A\n\n**Related**\n\n- [x](https://ex.com/x)\n\nAlso see [y](https://ex.com/y).\n"

    assert docs(areas_of(page)[0]) == [("x", "https://ex.com/x")]


# --- The file as a whole --------------------------------------------------------------------------


def test_the_first_line_points_editors_at_the_schema() -> None:
    text = import_handbook("# T\n\n## A\n", "page.md", schema=SCHEMA).text

    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA}"


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "RFC 263: demos only",
        "yes",
        "null",
        "a #b",
        "[x]",
        "{y}",
        "- item",
        "'q'",
        "50",
        " pad",
        "tab\there",
        "del \x7f",
        "wide \U0001f600 \x7f",
        'quote " and \\ backslash\x00',
        "line\u2028separator",
    ],
)
def test_scalars_read_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_reads_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "Yes", "null", "x1", "0.5", "_", "/", "-", ":", ": ", " ", " #", "://"])
    ).map("".join)
)
def test_any_words_and_url_characters_read_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


@pytest.mark.parametrize("value", ["Yes", "off", "NULL", "True"])
def test_a_word_yaml_reads_as_a_boolean_or_null_is_quoted(value: str) -> None:
    assert scalar(value) == f'"{value}"'


def test_a_page_of_20000_links_is_written_with_every_link_as_a_doc() -> None:
    """bench/handbook.py prints how long this page takes (reading back each title and URL once
    took 6 s)."""
    page = "# T\n\n## Billing\n\n**Related**\n\n" + "".join(
        f"- [Doc {i}](https://x.test/{i})\n" for i in range(20000)
    )

    assert len(areas_of(page)[0]["docs"]) == 20000


def test_the_fixture_page_imports_with_every_section_mapped() -> None:
    rules = rules_of(FIXTURE.read_text(encoding="utf-8"), base=BASE)

    assert [a["id"] for a in rules["teams"][0]["areas"]] == [
        "indexing",
        "query-parsing",
        "precise-navigation",
        "search-based-navigation",
        "indexing-2",
        "future-work",
    ]


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not on this machine")
def test_the_seed_page_gives_one_team_and_eight_areas() -> None:
    rules = rules_of(SEED.read_text(encoding="utf-8"), base=BASE)

    assert [a["id"] for a in rules["teams"][0]["areas"]] == [
        "infrastucture",
        "release-pipeline",
        "kubernetes-cluster-installation",
        "docker-compose",
        "single-container-installation",
        "scalability",
        "monitoring",
        "debugging",
    ]


TRICKY_URLS = [
    "javascript:alert(1)",
    "http://",
    "",
    "<>",
    "https://[::1/x",
    "https://:80/",
    "mailto:ops@ex.com",
    "../guide/index.md",
    "//mirror.ex.com/x",
    "#anchor",
    "https://ex.com/a_(b)",
    "HTTPS://EX.COM/A",
]
ONE_LINE = st.text(max_size=60).map(lambda text: re.sub(r"[\r\n]", " ", text))


@pytest.mark.parametrize("base", [None, BASE])
def test_a_tricky_page_imports_into_rules_the_loader_accepts(base: str | None) -> None:
    text = import_handbook(TRICKY.read_text(encoding="utf-8"), "page.md", base=base, schema=SCHEMA).text

    assert len(parse_rules("ownership.yaml", text).areas) == 5


@settings(max_examples=100, deadline=None)
@given(
    title=ONE_LINE,
    sections=st.lists(
        st.tuples(
            st.sampled_from(["##", "###"]),
            ONE_LINE,
            ONE_LINE,
            st.lists(st.tuples(ONE_LINE, st.one_of(st.sampled_from(TRICKY_URLS), ONE_LINE)), max_size=3),
        ),
        max_size=4,
    ),
    base=st.sampled_from([None, BASE]),
)
def test_any_page_imports_into_rules_the_loader_accepts(
    title: str, sections: list[tuple[str, str, str, list[tuple[str, str]]]], base: str | None
) -> None:
    page = f"# {title}\n\nSee [{title}]({title}).\n"
    for level, heading, bullet, links in sections:
        related = "".join(f"- [{link_title}]({url})\n" for link_title, url in links)
        page += f"\n{level} {heading}\n\n- {bullet}\n\n**Related**\n\n{related}"

    team_name = None if read_outline(page).title is not None else "T"  # an H1 of nothing is none
    text = import_handbook(page, "page.md", base=base, team_name=team_name, schema=SCHEMA).text

    assert len(parse_rules("ownership.yaml", text).teams) == 1


@pytest.mark.parametrize(
    "opener",
    ["See also:", "**Docs:**", "__Useful links__", "Further reading", "#### Resources", "### Related links"],
)
def test_the_usual_names_of_a_list_of_links_start_a_related_list(opener: str) -> None:
    [billing] = areas_of(f"# T\n\n## Billing\n\n- invoices\n\n{opener}\n\n- [Guide](https://ex.com/g)\n")
    assert docs(billing) == [("Guide", "https://ex.com/g")]


def test_an_h2_named_docs_is_an_area_not_a_related_list() -> None:
    """A team may own its documentation: only names no area goes by start a list at H2 or H3."""
    areas = areas_of("# T\n\n## Billing\n\n- invoices\n\n## Docs\n\n- the handbook\n")
    assert [area["id"] for area in areas] == ["billing", "docs"]
