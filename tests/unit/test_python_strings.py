"""Small tables hold their text as Python strings (no pyarrow call, so no GIL hand-off, on each row
selection); large ones keep Arrow's compact strings. Values, missing values and categories read the same
either way."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fundgap.data import load


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "figure_id": pd.array(["f1", "f2", None], dtype=pd.StringDtype("pyarrow", na_value=np.nan)),
            "status": pd.Categorical(["VERIFIED", "REJECT", "VERIFIED"]),
            "amount_usd": [1.0, np.nan, 3.0],
        }
    )


def test_a_small_table_reads_the_same_with_python_strings():
    before = frame()
    after = load.with_python_strings(before)
    assert after["figure_id"].dtype.storage == "python"
    assert after["status"].dtype.categories.dtype.storage == "python"
    assert after["figure_id"].tolist()[:2] == ["f1", "f2"] and pd.isna(after["figure_id"].iloc[2])
    assert after["status"].tolist() == ["VERIFIED", "REJECT", "VERIFIED"]
    assert list(after["status"].cat.categories) == list(before["status"].cat.categories)
    assert after["amount_usd"].equals(before["amount_usd"])
    assert before["figure_id"].dtype.storage == "pyarrow"  # the caller's frame is not changed


def test_a_table_over_the_limit_keeps_arrow_strings(monkeypatch):
    monkeypatch.setattr(load, "PYTHON_STRINGS_UP_TO", 2)
    big = frame()
    assert load.with_python_strings(big) is big


def test_the_real_dataset_is_read_with_python_strings():
    from fundgap.data.paths import DEFAULT_DATA_DIR

    data = load.read_dataset(DEFAULT_DATA_DIR)
    text = [c for c in data.figures.columns if isinstance(data.figures[c].dtype, pd.StringDtype)]
    assert text and all(data.figures[c].dtype.storage == "python" for c in text)


def test_an_odd_limit_in_the_environment_keeps_the_default():
    assert load._python_strings_up_to(None) == 200_000
    assert load._python_strings_up_to("0") == 0
    assert load._python_strings_up_to("5000") == 5000
    assert load._python_strings_up_to("lots") == 200_000
    assert load._python_strings_up_to("-3") == 200_000
