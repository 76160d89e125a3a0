"""Markdown rows of a memoised table are made once per table, language and query, and never shown for another
table."""

from __future__ import annotations

import gc

import pandas as pd

from fundgap.app import blocks


class Source:
    """Stands for a memoised views.Table or Arrow table: any object a block renders rows from."""


def test_rows_are_made_once_per_table_and_query_and_again_for_another_query():
    made = []

    def build(label):
        def make():
            made.append(label)
            return pd.DataFrame({"cell": [label]})

        return make

    source = Source()
    first = blocks.rendered(source, "en", {"investor": ["qia"]}, build("qia"))
    again = blocks.rendered(source, "en", {"investor": ["qia"]}, build("never made"))
    other = blocks.rendered(source, "en", {"investor": ["mgx"]}, build("mgx"))
    chinese = blocks.rendered(source, "zh", {"investor": ["qia"]}, build("qia in Chinese"))
    assert again is first and made == ["qia", "mgx", "qia in Chinese"]
    assert chinese.column("cell").to_pylist() == ["qia in Chinese"]
    assert first.column("cell").to_pylist() == ["qia"] and other.column("cell").to_pylist() == ["mgx"]


def test_a_new_table_that_reuses_a_freed_tables_id_gets_its_own_rows():
    old = Source()
    blocks.rendered(old, "en", {}, lambda: pd.DataFrame({"cell": ["old"]}))
    old_id = id(old)
    del old
    gc.collect()
    # CPython often hands the freed address to the next object of the same size; whether or not it does here,
    # the rows must be the new table's.
    new = [Source() for _ in range(50)]
    reused = [s for s in new if id(s) == old_id]
    for source in reused or new[:1]:
        rows = blocks.rendered(source, "en", {}, lambda: pd.DataFrame({"cell": ["new"]}))
        assert rows.column("cell").to_pylist() == ["new"]
