"""What the comment says, before any template: which reasons are kept when some must go."""

from __future__ import annotations

from tests.render_builders import area, classify_as, evidence, rules, team
from triage.comment_view import CommentView, build_view, keep_reasons


def view_with_reasons() -> CommentView:
    """Areas `kubernetes` then `monitoring` with three reasons each, then two of the team's own."""
    the_rules = rules(team("distribution", area("kubernetes"), area("monitoring")))
    found = {
        name: [evidence("keyword", f"{name}{n}", where="body", line=n) for n in range(1, 4)]
        for name in ("kubernetes", "monitoring")
    }
    team_found = [evidence("keyword", f"team{n}", where="body", line=n, area_id=None) for n in range(1, 3)]
    return build_view(the_rules, classify_as(the_rules, found, team_evidence=team_found))


def reasons_kept(view: CommentView) -> list[int]:
    only = view.teams[0]
    return [len(a.reasons) for a in only.areas] + [len(only.reasons)]


def test_reasons_are_kept_in_reading_order_and_the_rest_counted() -> None:
    kept = keep_reasons(view_with_reasons(), 4)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([3, 1, 0], 4)


def test_keeping_fewer_reasons_than_the_first_area_has_leaves_none_to_the_later_ones() -> None:
    kept = keep_reasons(view_with_reasons(), 1)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([1, 0, 0], 7)


def test_keeping_no_reasons_leaves_none_anywhere() -> None:
    kept = keep_reasons(view_with_reasons(), 0)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([0, 0, 0], 8)
