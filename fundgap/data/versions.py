"""Every built dataset version kept and compared: an archive of the built tables per version, a changelog that
lists what changed figure by figure (old -> new, and why), and the diff of any two versions.

A published figure that changes needs a reason: curated/change_reasons.csv (figure_id, reason). The build
fails, naming the figure, when one is missing. The archive holds each version's Parquet files as built (about
0.5 MB a version); the app reads an archived version only when a link asks for it."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

VERSIONS_DIR = "versions"
CHANGELOG_JSON = "changelog.json"
CHANGELOG_MD = "CHANGELOG.md"
REASONS_FILE = "change_reasons.csv"
# What a published figure is: a change in any of these needs a reason (notes and citations may improve
# freely).
TRACKED_FIELDS = (
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "status",
    "period_start",
    "period_end",
    "investor_id",
    "recipient_id",
    "flow_kind",
    "source_id",
    "quote",
    "part_of",
)


def archive_dir(data_dir: Path, version: str) -> Path:
    return data_dir / VERSIONS_DIR / version


class VersionError(Exception):
    """The changelog or the reasons file cannot be read: said in one sentence, never as a traceback."""


def read_changelog(data_dir: Path) -> list[dict]:
    path = data_dir / CHANGELOG_JSON
    if not path.is_file():
        return []
    try:
        changelog = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise VersionError(f"{CHANGELOG_JSON} is not valid JSON ({error}); restore it from git") from None
    if not isinstance(changelog, list) or not all(isinstance(e, dict) and "version" in e for e in changelog):
        raise VersionError(f"{CHANGELOG_JSON} is not a list of versions; restore it from git")
    return changelog


def known_versions(data_dir: Path) -> list[str]:
    return [entry["version"] for entry in read_changelog(data_dir)]


def read_reasons(curated_dir: Path) -> dict[str, str]:
    path = curated_dir / REASONS_FILE
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if not {"figure_id", "reason"} <= set(reader.fieldnames or ()):
            raise VersionError(
                f"{REASONS_FILE}: the header must be figure_id,reason (found "
                f"{','.join(reader.fieldnames or [])})"
            )
        return {row["figure_id"]: row["reason"] for row in reader if (row.get("reason") or "").strip()}


@dataclass(frozen=True)
class Diff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[dict, ...]  # {"figure_id", "field", "old", "new"}

    @property
    def changed_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c["figure_id"] for c in self.changed))

    @property
    def touched(self) -> set[str]:
        return set(self.added) | set(self.removed) | set(self.changed_ids)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def diff_figures(old: pd.DataFrame, new: pd.DataFrame) -> Diff:
    old_rows = old.set_index("figure_id")
    new_rows = new.set_index("figure_id")
    added = sorted(set(new_rows.index) - set(old_rows.index))
    removed = sorted(set(old_rows.index) - set(new_rows.index))
    changed = []
    for figure_id in sorted(set(old_rows.index) & set(new_rows.index)):
        for field in TRACKED_FIELDS:
            before = _cell(old_rows.at[figure_id, field]) if field in old_rows else None
            after = _cell(new_rows.at[figure_id, field]) if field in new_rows else None
            if before != after:
                changed.append({"figure_id": figure_id, "field": field, "old": before, "new": after})
    return Diff(tuple(added), tuple(removed), tuple(changed))


def missing_reasons(diff: Diff, reasons: dict[str, str]) -> list[str]:
    """Published figures (changed or removed) that have no reason in change_reasons.csv."""
    return [figure_id for figure_id in [*diff.changed_ids, *diff.removed] if figure_id not in reasons]


def entry(version: str, date: str, diff: Diff | None, reasons: dict[str, str], previous: str | None) -> dict:
    if diff is None:
        return {
            "version": version,
            "date": date,
            "previous": None,
            "summary": "First archived version.",
            "added": [],
            "removed": [],
            "changed": [],
        }
    changed = [{**c, "reason": reasons.get(c["figure_id"], "")} for c in diff.changed]
    summary = (
        f"{len(diff.added)} figures added, {len(diff.removed)} removed, {len(diff.changed_ids)} changed "
        f"({len(diff.changed)} fields) since {previous}."
    )
    return {
        "version": version,
        "date": date,
        "previous": previous,
        "summary": summary,
        "added": list(diff.added),
        "removed": [{"figure_id": f, "reason": reasons.get(f, "")} for f in diff.removed],
        "changed": changed,
    }


def changed_since(changelog: list[dict], version: str) -> set[str]:
    """The figures added, removed or changed in every version after `version`."""
    versions = [e["version"] for e in changelog]
    if version not in versions:
        return set()
    touched: set[str] = set()
    for later in changelog[versions.index(version) + 1 :]:
        touched |= (
            set(later["added"])
            | {r["figure_id"] for r in later["removed"]}
            | {c["figure_id"] for c in later["changed"]}
        )
    return touched


def changelog_markdown(changelog: list[dict]) -> str:
    lines = [
        "# fundgap dataset changelog",
        "",
        "Written by `python -m fundgap build`; each version's tables are kept under "
        "`data/versions/<version>/`.",
        "",
    ]
    for item in reversed(changelog):
        lines += [f"## {item['version']} ({item['date']})", "", item["summary"], ""]
        for change in item["changed"]:
            lines.append(
                f"- `{change['figure_id']}` {change['field']}: {change['old']!r} → {change['new']!r}"
                + (f" — {change['reason']}" if change.get("reason") else "")
            )
        for removed in item["removed"]:
            lines.append(f"- removed `{removed['figure_id']}` — {removed['reason']}")
        if item["added"]:
            lines.append(f"- added: {', '.join(f'`{a}`' for a in item['added'])}")
        lines.append("")
    return "\n".join(lines)


def read_archived_figures(data_dir: Path, version: str) -> pd.DataFrame:
    return pd.read_parquet(archive_dir(data_dir, version) / "figures.parquet")


def diff_versions(data_dir: Path, first: str, second: str) -> Diff:
    return diff_figures(read_archived_figures(data_dir, first), read_archived_figures(data_dir, second))
