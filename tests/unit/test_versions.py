"""Issue 14: every built version kept, a changed published figure needs a reason, and an old version's numbers
are reproduced after the data has changed (two real builds of the fixture)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fundgap.cli import main
from fundgap.data import versions
from fundgap.data.load import read_dataset
from tests.conftest import edit_cell, run_dashboard


def build(curated: Path, out: Path, *extra: str) -> int:
    return main(["build", "--curated", str(curated), "--out", str(out), *extra])


def ticket(data_dir: Path, version: str | None = None) -> float:
    folder = versions.archive_dir(data_dir, version) if version else data_dir
    figures = read_dataset(folder, archived=version is not None).figures
    return float(figures.set_index("figure_id").loc["kingdom_xai_b", "amount_usd"])


@pytest.fixture
def two_builds(curated_copy, tmp_path):
    """The fixture built once, then again after Kingdom Holding's ticket changed from $400M to $450M, with a
    reason."""
    out = tmp_path / "data"
    assert build(curated_copy, out) == 0
    first = json.loads((out / "manifest.json").read_text())["dataset_version"]
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "ticket_usd", "450000000")
    with open(curated_copy / versions.REASONS_FILE, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(
            [["figure_id", "reason"], ["kingdom_xai_b", "Fixture: a later filing gives $450M."]]
        )
    assert build(curated_copy, out) == 0
    second = json.loads((out / "manifest.json").read_text())["dataset_version"]
    return out, first, second


def test_each_build_is_archived_and_logged_with_what_changed_and_why(two_builds):
    out, first, second = two_builds
    assert first != second
    assert versions.known_versions(out) == [first, second]
    assert versions.archive_dir(out, first).is_dir() and versions.archive_dir(out, second).is_dir()
    latest = versions.read_changelog(out)[-1]
    assert latest["previous"] == first and latest["added"] == [] and latest["removed"] == []
    assert latest["changed"] == [
        {
            "figure_id": "kingdom_xai_b",
            "field": "amount_usd",
            "old": 400000000.0,
            "new": 450000000.0,
            "reason": "Fixture: a later filing gives $450M.",
        }
    ]
    assert (
        "`kingdom_xai_b` amount_usd: 400000000.0 → 450000000.0 — Fixture: a later filing gives $450M."
        in (out / versions.CHANGELOG_MD).read_text()
    )


def test_an_old_version_reproduces_its_numbers_after_the_data_changed(two_builds):
    out, first, second = two_builds
    assert (ticket(out), ticket(out, first), ticket(out, second)) == (450e6, 400e6, 450e6)
    assert versions.changed_since(versions.read_changelog(out), first) == {"kingdom_xai_b"}


def test_the_cli_exports_an_old_version_and_prints_the_diff(two_builds, capsys, tmp_path):
    out, first, second = two_builds
    target = tmp_path / "old.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "-o",
                str(target),
                "--data",
                str(out),
                "--version",
                first,
                "--investor",
                "Kingdom Holding",
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["figure_id"], r["amount_usd"]) for r in rows] == [("kingdom_xai_b", "400000000")]
    assert rows[0]["permalink"].endswith(f"?figure=kingdom_xai_b&version={first}")
    capsys.readouterr()
    assert main(["diff", first, second, "--data", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == f"{first} -> {second}: 0 added, 0 removed, 1 changed (1 fields)"
    assert (
        "kingdom_xai_b amount_usd: 400000000.0 -> 450000000.0  [Fixture: a later filing gives $450M.]"
        in printed
    )
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "-o",
                str(tmp_path / "x.csv"),
                "--data",
                str(out),
                "--version",
                "nope",
            ]
        )
        == 2
    )


def test_a_published_figure_changed_without_a_reason_fails_the_build_and_writes_nothing(
    curated_copy, tmp_path, capsys
):
    out = tmp_path / "data"
    assert build(curated_copy, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "ticket_usd", "450000000")
    assert build(curated_copy, out) == 1
    err = capsys.readouterr().err
    assert "figure kingdom_xai_b was published in" in err and "add a row (figure_id,reason)" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert len(versions.known_versions(out)) == 1


def test_check_reports_a_version_missing_from_the_archive(curated_copy, tmp_path, capsys):
    out = tmp_path / "data"
    assert build(curated_copy, out) == 0
    assert build(curated_copy, out, "--check") == 0
    version = versions.known_versions(out)[0]
    for path in versions.archive_dir(out, version).iterdir():
        path.unlink()
    versions.archive_dir(out, version).rmdir()
    assert build(curated_copy, out, "--check") == 1
    assert f"versions/{version} (not archived" in capsys.readouterr().err


def test_a_version_link_shows_the_old_numbers_with_a_banner(two_builds, monkeypatch):
    out, first, _ = two_builds
    app = run_dashboard(out, {"version": first, "investor": "kingdom_holding"}, monkeypatch)
    assert not app.exception
    banner = app.info[0].value
    assert f"You are viewing version **{first}**" in banner and "1 figure changed since then" in banner
    latest = run_dashboard(out, {"version": "nope"}, monkeypatch)
    assert "There is no dataset version 'nope'" in latest.warning[0].value.replace("\\", "")


def test_a_reasons_file_with_a_wrong_header_or_a_corrupt_changelog_fails_in_one_sentence(
    curated_copy, tmp_path, capsys
):
    out = tmp_path / "data"
    assert build(curated_copy, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "ticket_usd", "450000000")
    (curated_copy / versions.REASONS_FILE).write_text(
        "id,why\nkingdom_xai_b,a later filing\n", encoding="utf-8"
    )
    assert build(curated_copy, out) == 1
    assert (
        "build failed: change_reasons.csv: the header must be figure_id,reason (found id,why)"
        in capsys.readouterr().err
    )
    (out / versions.CHANGELOG_JSON).write_text("[{not json", encoding="utf-8")
    assert build(curated_copy, out) == 1
    assert "changelog.json is not valid JSON" in capsys.readouterr().err
    assert main(["diff", "a", "b", "--data", str(out)]) == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k != versions.CHANGELOG_JSON} == {
        k: v for k, v in before.items() if k != versions.CHANGELOG_JSON
    }  # no table was rewritten


def test_a_version_link_with_a_corrupt_changelog_shows_the_latest_with_a_warning(two_builds, monkeypatch):
    out, first, _ = two_builds
    (out / versions.CHANGELOG_JSON).write_text("[{not json", encoding="utf-8")
    app = run_dashboard(out, {"version": first}, monkeypatch)
    assert not app.exception
    assert "Old versions cannot be listed" in app.warning[0].value
