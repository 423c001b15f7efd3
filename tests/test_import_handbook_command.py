"""Specifications for `triage import-handbook` as a user runs it."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]  # no stubs in the dev extras
import pytest
import yaml

from triage.cli import main
from triage.ruleset import load_rules

FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "search-platform-ownership.md"
TRICKY = FIXTURE.with_name("tricky-ownership.md")
SCHEMA = Path(__file__).parent.parent / "triage" / "schema" / "ownership.schema.json"
SEED = Path("/work/shared/seed/distribution-ownership.md")
BASE = "https://handbook.example.com/engineering/search/ownership"


def assert_checks_with_areas(path: Path, count: int) -> None:
    """The output must be a rules file `triage check` and editors (the JSON Schema) accept as it is."""
    assert main(["check", "--rules", str(path)]) == 0
    assert len(load_rules(path).areas) == count
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_rules_go_to_stdout_and_what_was_not_mapped_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-handbook", str(FIXTURE)])
    out, err = capsys.readouterr()

    assert code == 0
    assert yaml.safe_load(out)["teams"][0]["id"] == "search-platform"
    assert f"{FIXTURE}:4: anchor link '#how-we-work' not mapped\n" in err


def test_output_option_writes_the_file_and_says_what_to_do_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "ownership.yaml"
    code = main(["import-handbook", str(FIXTURE), "--base", BASE, "-o", str(out_path)])
    out, err = capsys.readouterr()

    assert (code, out) == (0, "")
    assert err.endswith(f"wrote {out_path}: fill in each area's keywords, then run `triage check`\n")
    assert yaml.safe_load(out_path.read_text(encoding="utf-8"))["docs_base"] == BASE


def test_an_output_of_a_dash_is_stdout_not_a_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["import-handbook", str(FIXTURE), "-o", "-"])
    out, _ = capsys.readouterr()

    assert code == 0
    assert yaml.safe_load(out)["teams"][0]["id"] == "search-platform"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_file_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "ownership.yaml"
    out_path.write_text("hand-written\n", encoding="utf-8")
    code = main(["import-handbook", str(FIXTURE), "-o", str(out_path)])

    assert code == 1
    assert capsys.readouterr().err.endswith(
        f"triage: {out_path}: already exists; pass --force to overwrite it\n"
    )
    assert out_path.read_text(encoding="utf-8") == "hand-written\n"


def test_an_existing_output_file_is_refused_before_the_page_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "ownership.yaml"
    out_path.write_text("hand-written\n", encoding="utf-8")

    assert main(["import-handbook", str(FIXTURE), "-o", str(out_path)]) == 1
    assert capsys.readouterr().err == f"triage: {out_path}: already exists; pass --force to overwrite it\n"


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_an_output_that_is_a_folder_is_refused_at_once_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    assert main(["import-handbook", str(FIXTURE), "-o", str(tmp_path), *force]) == 1
    assert capsys.readouterr().err == (
        f"triage: {tmp_path}: is a folder: give the path of the rules file to write\n"
    )


def test_an_output_that_is_a_pipe_is_written_without_force(capsys: pytest.CaptureFixture[str]) -> None:
    read_end, write_end = os.pipe()
    try:
        code = main(["import-handbook", str(FIXTURE), "-o", f"/proc/self/fd/{write_end}"])
        os.close(write_end)
        with os.fdopen(read_end, encoding="utf-8") as pipe:
            written = pipe.read()
    finally:
        for end in (read_end, write_end):
            with contextlib.suppress(OSError):
                os.close(end)
    assert code == 0
    assert yaml.safe_load(written)["teams"][0]["id"] == "search-platform"


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs /dev/shm")
def test_a_file_under_dev_is_a_file_refused_without_force_and_replaced_with_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only the names of this process's streams are streams; `/dev/shm/...` is memory-backed files."""
    out_path = Path(f"/dev/shm/triage-test-{os.getpid()}.yaml")
    out_path.write_text("hand-written\n", encoding="utf-8")
    try:
        assert main(["import-handbook", str(FIXTURE), "-o", str(out_path)]) == 1
        assert main(["import-handbook", str(FIXTURE), "-o", str(out_path), "--force"]) == 0
        assert out_path.read_text(encoding="utf-8").count("\nversion: ") == 1
    finally:
        out_path.unlink()


def test_force_without_an_output_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-handbook", str(FIXTURE), "--force"]) == 2
    assert capsys.readouterr() == (
        "",
        "triage: --force goes with -o (without it the rules go to stdout, which replaces nothing)\n",
    )


def test_force_overwrites_the_output_file(tmp_path: Path) -> None:
    out_path = tmp_path / "ownership.yaml"
    out_path.write_text("hand-written\n", encoding="utf-8")

    assert main(["import-handbook", str(FIXTURE), "-o", str(out_path), "--force"]) == 0
    assert out_path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_a_missing_page_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.md"

    assert main(["import-handbook", str(missing)]) == 1
    assert capsys.readouterr().err == f"triage: {missing}: cannot read: No such file or directory\n"


def test_a_page_given_as_a_dash_is_told_that_it_is_read_from_a_path_not_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import-handbook", "-"]) == 1
    assert capsys.readouterr().err == (
        "triage: -: cannot read: No such file or directory "
        "(this file is read from a path, never from stdin)\n"
    )


def test_a_page_that_is_not_utf8_is_told_at_its_first_bad_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"# Ops ownership\n\n## Deploy\n- caf\xe9 tooling\n")

    assert main(["import-handbook", str(page)]) == 1
    assert capsys.readouterr().err == (
        f"triage: {page}:4:6: not UTF-8 text (byte 0xE9 here): save it as UTF-8\n"
    )


@pytest.mark.parametrize("text", ["", " \n\n\t\n", "\ufeff\n"], ids=["empty", "blank", "bom-only"])
def test_an_empty_page_is_an_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")

    assert main(["import-handbook", str(page), "-o", str(tmp_path / "rules.yaml")]) == 1
    assert capsys.readouterr().err == (
        f"triage: {page}: the page is empty: give the team's ownership page (Markdown)\n"
    )
    assert not (tmp_path / "rules.yaml").exists()


def test_a_byte_order_mark_does_not_hide_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes("\ufeff# Ops ownership areas\n\n## Deploy\n- tooling\n".encode())

    assert main(["import-handbook", str(page)]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["teams"][0]["id"] == "ops"


def test_many_equal_headings_are_numbered_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Ops ownership\n" + "\n## Deploy\n- tooling\n" * 5, encoding="utf-8")

    assert main(["import-handbook", str(page)]) == 0
    areas = yaml.safe_load(capsys.readouterr().out)["teams"][0]["areas"]
    assert [area["id"] for area in areas] == ["deploy", "deploy-2", "deploy-3", "deploy-4", "deploy-5"]


def test_an_empty_schema_reference_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-handbook", str(FIXTURE), "--schema", " "]) == 2
    assert "argument --schema: an empty reference: give the schema's path or URL\n" in capsys.readouterr().err


def test_a_team_id_that_is_not_an_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-handbook", str(FIXTURE), "--team-id", "Search Team"]) == 2
    assert "argument --team-id: 'Search Team' is not an id: use [a-z0-9][a-z0-9-]*" in capsys.readouterr().err


def test_a_page_without_h1_and_no_team_name_writes_nothing_and_says_to_pass_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "ownership.md"
    page.write_text("## Billing\n\n- invoices\n", encoding="utf-8")
    out_path = tmp_path / "rules.yaml"

    assert main(["import-handbook", str(page), "--team-id", "billing", "-o", str(out_path)]) == 1
    said = capsys.readouterr().err
    assert f"{page}: the page has no H1 title to name the team: pass --team-name NAME" in said
    assert not out_path.exists()
    assert main(["import-handbook", str(page), "--team-name", "Billing", "-o", str(out_path)]) == 0
    assert load_rules(out_path).teams[0].label.name == "team/billing"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "is empty: give the team's name"),
        (
            " Billing",
            '" Billing" starts or ends with whitespace, which the comment would show: write "Billing"',
        ),
        ("Bill\ning", "'Bill\\ning' has a line break or control character: a name is shown on one line"),
    ],
)
def test_a_team_name_the_rules_cannot_hold_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], name: str, problem: str
) -> None:
    assert main(["import-handbook", str(FIXTURE), "--team-name", name]) == 2
    assert f"argument --team-name: {problem}\n" in capsys.readouterr().err


def test_a_team_id_too_long_to_leave_room_for_area_labels_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    team_id = "search-platform-and-code-intelligence"

    assert main(["import-handbook", str(FIXTURE), "--team-id", team_id]) == 2
    assert (
        f"argument --team-id: '{team_id}' is 37 characters long: at most 24, "
        "so that area labels (<team>/<area>) keep room within GitHub's 50\n"
    ) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        (
            "ftp://handbook.example.com/ownership",
            '"ftp://handbook.example.com/ownership" is not an http(s) URL: write the full address of the '
            'page the relative doc links were written in, such as "https://docs.example.com/guide/"',
        ),
        (
            "not a url",
            '"not a url" is not an http(s) URL: write the full address of the page the relative doc links '
            'were written in, such as "https://docs.example.com/guide/"',
        ),
        (
            "handbook.example.com/ownership",
            '"handbook.example.com/ownership" is not an http(s) URL: it starts with a host name '
            '("handbook.example.com") but no scheme: write "https://handbook.example.com/ownership"',
        ),
        ("https:///ownership", '"https:///ownership" has no host'),
        (
            "https://[handbook/ownership",
            '"https://[handbook/ownership" is not a valid URL: its host cannot be read',
        ),
    ],
)
def test_a_base_that_is_no_absolute_http_url_with_a_host_is_a_usage_error(
    base: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-handbook", str(FIXTURE), "--base", base]) == 2
    assert f"argument --base: {problem}\n" in capsys.readouterr().err


def test_schema_option_sets_the_first_line(capsys: pytest.CaptureFixture[str]) -> None:
    main(["import-handbook", str(FIXTURE), "--schema", "https://example.com/ownership.schema.json"])

    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=https://example.com/ownership.schema.json"


@pytest.mark.parametrize("schema", ["x\ny: 1", "x\ry: 1", "x\u2028y", "x\x1b[2Jy"])
def test_a_schema_with_a_line_break_or_control_character_is_a_usage_error(
    schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-handbook", str(FIXTURE), "--schema", schema]) == 2
    assert (
        f"argument --schema: {schema!r} has a line break or control character: it goes on a comment line\n"
    ) in capsys.readouterr().err


def test_the_fixture_page_imports_into_rules_triage_check_accepts(tmp_path: Path) -> None:
    out_path = tmp_path / "ownership.yaml"

    assert main(["import-handbook", str(FIXTURE), "--base", BASE, "-o", str(out_path)]) == 0
    assert_checks_with_areas(out_path, 6)


@pytest.mark.parametrize("base", [[], ["--base", BASE]], ids=["without base", "with base"])
def test_a_tricky_page_imports_into_rules_triage_check_accepts(tmp_path: Path, base: list[str]) -> None:
    """Long headings, repeated ones, headings of markup only, and links of every kind."""
    out_path = tmp_path / "ownership.yaml"

    assert main(["import-handbook", str(TRICKY), *base, "-o", str(out_path)]) == 0
    assert_checks_with_areas(out_path, 5)


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not on this machine")
def test_the_seed_page_imports_into_rules_triage_check_accepts(tmp_path: Path) -> None:
    out_path = tmp_path / "ownership.yaml"
    base = "https://handbook.sourcegraph.com/engineering/distribution/ownership_areas"

    assert main(["import-handbook", str(SEED), "--base", base, "-o", str(out_path)]) == 0
    assert_checks_with_areas(out_path, 8)
