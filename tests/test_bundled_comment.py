"""The bundled template written in Python renders exactly what Jinja2 renders from the template file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render_builders import area, classify_as, doc, evidence, rules, team
from triage import render
from triage.bundled_comment import render_bundled
from triage.comment_view import AreaBlock, CommentView, TeamBlock, build_view, keep_reasons
from triage.model import Doc

_TEXT = st.text(alphabet=st.sampled_from("ab *_\n\t>`,;"), max_size=6) | st.text(max_size=4)
_TUPLES = st.lists(_TEXT, max_size=4).map(tuple)
_DOCS = st.lists(st.builds(Doc, title=_TEXT, url=_TEXT), max_size=3).map(tuple)
_AREAS = st.builds(AreaBlock, name=_TEXT, label=_TEXT, docs=_DOCS, reasons=_TUPLES)
_TEAMS = st.builds(
    TeamBlock,
    name=_TEXT,
    label=_TEXT,
    areas=st.lists(_AREAS, max_size=4).map(tuple),
    docs=_DOCS,
    reasons=_TUPLES,
)
_VIEWS = st.builds(
    CommentView,
    teams=st.lists(_TEAMS, max_size=4).map(tuple),
    notes=_TUPLES,
    suggested=_TUPLES,
    fallback_label=st.none() | _TEXT,
    issue_title=_TEXT,
    issue_number=st.none() | st.integers(1, 99),
    correction=_TEXT,
    hidden_reasons=st.integers(0, 3),
)


def with_jinja2(view: CommentView) -> str:
    return render._render_template(render._load_template(None), view, None)


@settings(max_examples=400, deadline=None)
@given(_VIEWS)
def test_the_python_rendering_is_the_template_s(view: CommentView) -> None:
    assert render_bundled(view) == with_jinja2(view)


def test_the_python_rendering_of_real_views_is_the_template_s() -> None:
    docs = (doc("Kubernetes docs"), doc("Helm docs"))
    the_rules = rules(
        team(
            "distribution", area("kubernetes", docs=docs, note="Read\n this."), area("helm"), area("docker")
        ),
        team("search", area("ranking")),
        fallback="needs-owner",
    )
    kustomize = evidence(text="kustomize")
    views = [
        build_view(the_rules, classify_as(the_rules, {"kubernetes": [kustomize], "helm": [kustomize]})),
        build_view(the_rules, classify_as(the_rules, suggested={"docker": [], "ranking": []})),
        build_view(the_rules, classify_as(the_rules, team_evidence=[evidence(area_id=None)])),
        build_view(the_rules, classify_as(the_rules)),
    ]
    views.append(keep_reasons(views[0], 1))
    for view in views:
        assert render_bundled(view) == with_jinja2(view)
