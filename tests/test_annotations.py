"""Error annotations for GitHub Actions, escaped so file text can never start a new command."""

from __future__ import annotations

import pytest

from triage.annotations import error_annotation


def test_an_annotation_names_file_line_and_column() -> None:
    assert error_annotation("rules/ownership.yaml", 12, 5, "teams[0].id: bad") == (
        "::error file=rules/ownership.yaml,line=12,col=5::teams[0].id: bad"
    )


@pytest.mark.parametrize(
    ("message", "escaped"),
    [
        ("100% sure", "100%25 sure"),
        ("two\nlines", "two%0Alines"),
        ("carriage\rreturn", "carriage%0Dreturn"),
        ("a\n::add-mask::secret", "a%0A::add-mask::secret"),
        ("%0A literally", "%250A literally"),
    ],
)
def test_the_message_escapes_percent_and_line_breaks(message: str, escaped: str) -> None:
    assert error_annotation("f.yaml", 1, 1, message) == f"::error file=f.yaml,line=1,col=1::{escaped}"


def test_the_file_property_also_escapes_colon_and_comma() -> None:
    assert (
        error_annotation("C:\\rules,v2.yaml", 1, 1, "m")
        == "::error file=C%3A\\rules%2Cv2.yaml,line=1,col=1::m"
    )


def test_the_file_property_escapes_percent_and_line_breaks_too() -> None:
    assert error_annotation("100%\nx.yaml", 1, 1, "m") == "::error file=100%25%0Ax.yaml,line=1,col=1::m"
