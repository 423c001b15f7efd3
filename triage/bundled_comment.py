"""The bundled comment template (`templates/comment.md.j2`), written out in Python.

Importing Jinja2 is a third of `triage dry-run`'s start-up (issue 6 asks for < 120 ms), and rules
that keep the bundled template never need it: this renders exactly what Jinja2 renders from that
file, character for character (a property test holds the two equal over arbitrary views). A rules
file's own `comment.template` still goes through sandboxed Jinja2. Change both together: the
template file stays the reference a custom template starts from.
"""

from __future__ import annotations

from triage.comment_view import CommentView
from triage.model import Doc

THIN = " (not labelled: the evidence was thin)."


def render_bundled(view: CommentView) -> str:
    out = ["> [!IMPORTANT]\n> " + note.strip().replace("\n", "\n> ") + "\n\n" for note in view.notes]
    if not view.matched:
        out.append("Thanks for the report. triage could not tell which team owns this")
        if view.fallback_label:
            out.append(f", so it is labelled {view.fallback_label} for a person to look at")
        out.append(".\n")
        if view.suggested:
            out.append(f"It might be {_names(view.suggested)}{THIN}\n")
        return "".join(out)
    out.append("Thanks for the report. This looks like")
    for index, team in enumerate(view.teams):
        out.append(f" **{team.name}** ({team.label})")
        if team.areas:
            out.append(", areas" if len(team.areas) > 1 else ", area")
            out.extend(
                f" **{area.name}** ({area.label}){_joiner(at, len(team.areas), ' and', ',')}"
                for at, area in enumerate(team.areas)
            )
        else:
            out.append(", though no single area of it stood out")
        out.append(_joiner(index, len(view.teams), "; and", ";"))
    out.append(".\n\n")
    for team in view.teams:
        for area in team.areas:
            out.append(_block(area.name, area.docs, area.reasons, "Why this area"))
        if team.docs or team.reasons:
            out.append(_block(team.name, team.docs, team.reasons, "Why this team"))
    if view.hidden_reasons:
        plural = "s" if view.hidden_reasons > 1 else ""
        out.append(f"_… {view.hidden_reasons} more reason{plural} not shown._\n\n")
    if view.suggested:
        out.append(f"Possibly also {_names(view.suggested)}{THIN}\n\n")
    out.append(f"{view.correction}\n")
    return "".join(out)


def _block(name: str, docs: tuple[Doc, ...], reasons: tuple[str, ...], summary: str) -> str:
    lines = [f"**{name}**\n", *(f"- [{doc.title}]({doc.url})\n" for doc in docs)]
    if reasons:
        lines.append(f"\n<details><summary>{summary}</summary>\n\n")
        lines.extend(f"- {line}\n" for line in reasons)
        lines.append("\n</details>\n")
    lines.append("\n")
    return "".join(lines)


def _names(names: tuple[str, ...]) -> str:
    return "".join(f"**{name}**{_joiner(at, len(names), ' or ', ', ')}" for at, name in enumerate(names))


def _joiner(index: int, count: int, before_last: str, between: str) -> str:
    """What follows item `index` of `count` in a list: Jinja2's `loop.revindex == 2` and `loop.last`."""
    if count - index == 2:
        return before_last
    return between if index < count - 1 else ""
