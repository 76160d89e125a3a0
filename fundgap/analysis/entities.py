"""Who is who: finding an entity by any name it answers to, the vehicles an owner holds, and saying so in
words.

A reader types "MGX", "qia", "智谱" or "SoftBank Group"; the URL and the CLI accept the same. Choosing an
owner includes its vehicles ("Mubadala, incl. MGX (co-owned) and ATIC").
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from fundgap.common.i18n import EN, tr


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class EntityIndex:
    names: Mapping[str, str]  # entity id -> display name
    # Casefolded id, name, short name, alias or Chinese name (name_zh) -> entity id.
    keys: Mapping[str, str] = field(repr=False)
    vehicles: Mapping[str, tuple[str, ...]] = field(repr=False)  # owner -> every entity it owns, at any depth
    owners: Mapping[str, tuple[str, ...]] = field(repr=False)
    regions: Mapping[str, str] = field(repr=False)
    # Short name and aliases.
    other_names: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    # entity id -> Chinese display name, from the entities' `name_zh` column where a row has one
    names_zh: Mapping[str, str] = field(repr=False, default_factory=dict)

    @classmethod
    def from_frame(cls, entities: pd.DataFrame) -> EntityIndex:
        names: dict[str, str] = {}
        keys: dict[str, str] = {}
        owners: dict[str, tuple[str, ...]] = {}
        regions: dict[str, str] = {}
        other_names: dict[str, tuple[str, ...]] = {}
        names_zh: dict[str, str] = {}
        for row in entities.itertuples(index=False):
            names[row.entity_id] = str(row.name)
            name_zh = getattr(row, "name_zh", None)
            if isinstance(name_zh, str) and name_zh.strip():
                names_zh[row.entity_id] = name_zh.strip()
                keys.setdefault(_key(name_zh), row.entity_id)
            owners[row.entity_id] = tuple(row.owner_ids if row.owner_ids is not None else ())
            regions[row.entity_id] = str(row.region)
            aliases = list(row.aliases) if row.aliases is not None else []
            # Searches accept both scripts: the Chinese name finds the entity as its English names do (a
            # table built before the column existed has none).
            name_zh = getattr(row, "name_zh", None)
            for text in (row.entity_id, row.name, row.short_name, *aliases, name_zh):
                if isinstance(text, str) and text.strip():
                    keys.setdefault(_key(text), row.entity_id)
            others = [
                t
                for t in (row.short_name, *aliases)
                if isinstance(t, str) and t and _key(t) not in _key(row.name)
            ]
            other_names[row.entity_id] = tuple(dict.fromkeys(others))
        return cls(names, keys, _vehicles(owners), owners, regions, other_names, names_zh)

    def name(self, entity_id: str, lang: str = EN) -> str:
        """The display name in `lang`: the entity's Chinese name (`name_zh`) when it has one, else its
        name."""
        if lang != EN and entity_id in self.names_zh:
            return self.names_zh[entity_id]
        return self.names.get(entity_id, entity_id)

    def label(self, entity_id: str, lang: str = EN) -> str:
        """ "Qatar Investment Authority · QIA": the display name with the other names a reader may search
        by."""
        name = self.name(entity_id, lang)
        others = self.other_names.get(entity_id, ())
        if name != self.names.get(entity_id, name):
            # the English name stays searchable
            others = tuple(dict.fromkeys(o for o in (self.names[entity_id], *others) if o != name))
        return f"{name} · {', '.join(others)}" if others else name

    def resolve(self, text: str) -> str | None:
        """The entity a typed name, short name, alias, Chinese name or id names (any case); None when none
        does."""
        return self.keys.get(_key(text))

    def closest(self, text: str, n: int = 3) -> list[str]:
        """Display names of the entities whose names come closest to `text`, for "did you mean" messages."""
        matches = difflib.get_close_matches(_key(text), list(self.keys), n=n * 3, cutoff=0.5)
        found: list[str] = []
        for match in matches:
            name = self.names[self.keys[match]]
            if name not in found:
                found.append(name)
        return found[:n]

    def scope(self, entity_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The chosen entities and every vehicle they own, each once, in a stable order."""
        seen: list[str] = []
        for entity_id in entity_ids:
            for member in (entity_id, *self.vehicles.get(entity_id, ())):
                if member not in seen:
                    seen.append(member)
        return tuple(seen)

    def describe(self, entity_id: str, lang: str = EN) -> str:
        """ "Mubadala, incl. MGX (co-owned) and ATIC": an owner's name with the vehicles its choice brings
        in."""
        name = self.name(entity_id, lang)
        held = self.vehicles.get(entity_id, ())
        if not held:
            return name
        co_owned = tr(lang, "{name} (co-owned)")
        parts = [
            co_owned.format(name=self.name(v, lang))
            if len(self.owners.get(v, ())) > 1
            else self.name(v, lang)
            for v in held
        ]
        if lang == EN:
            listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        else:
            listed = (
                tr(lang, "{items} and {last}").format(items="、".join(parts[:-1]), last=parts[-1])
                if len(parts) > 1
                else parts[0]
            )
        return tr(lang, "{name}, incl. {listed}").format(name=name, listed=listed)


def _vehicles(owners: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for entity_id, owned_by in owners.items():
        for owner in owned_by:
            children.setdefault(owner, []).append(entity_id)
    result = {}
    for owner in children:
        found: list[str] = []
        frontier = sorted(children[owner])
        while frontier:
            current = frontier.pop(0)
            if current not in found and current != owner:
                found.append(current)
                frontier.extend(sorted(children.get(current, [])))
        result[owner] = tuple(found)
    return result


def names_in(figures: pd.DataFrame, index: EntityIndex, lang: str) -> pd.DataFrame:
    """The rows with their investor and recipient named in `lang`: an entity's `name_zh` where it has one,
    and a place that is no entity (a country total's "United States") in the catalogue's words (names only;
    ids, amounts and every other column are the same objects under copy-on-write). The rows themselves in
    English."""
    if lang == EN:
        return figures
    changed = {}
    for column in ("investor", "recipient"):
        ids = figures[f"{column}_id"].astype(object)
        names = figures[column].astype(object)
        local = [
            index.names_zh.get(i) if isinstance(i, str) else tr(lang, n) if isinstance(n, str) else None
            for i, n in zip(ids, names, strict=True)
        ]
        named = pd.Series(local, index=figures.index, dtype=object)
        if (named.notna() & (named != names)).any():
            named = named.where(named.notna(), names)
            categorical = isinstance(figures[column].dtype, pd.CategoricalDtype)
            changed[column] = named.astype("category") if categorical else named
    return figures.assign(**changed) if changed else figures
