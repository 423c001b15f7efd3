"""The hidden first line that tells triage's own comment from every other comment on an issue.

`render` writes it; `plan` looks for it (with the bot's login) to find the one comment to edit; `wire`
keeps the body of a comment only when it starts so, as no other comment's text is ever read.
"""

MARKER = "<!-- triage: ownership -->"


def has_marker(body: str) -> bool:
    """The marker as triage writes it, the comment's first line: another workflow posting as the
    same `github-actions[bot]` may echo an issue's text, which can hold the marker on a later line."""
    return body.lstrip().partition("\n")[0].strip() == MARKER
