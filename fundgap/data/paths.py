"""Where fundgap finds its files. The one environment override is FUNDGAP_DATA_DIR.

The built data is published apart from the code (one immutable folder per dataset version), so an installed
package reads the folder FUNDGAP_DATA_DIR names; a checkout reads its own data/ when the variable is unset."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # fundgap/data/paths.py -> the project
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
CURATED_DIR = DEFAULT_DATA_DIR / "curated"
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
DATA_DIR_ENV = "FUNDGAP_DATA_DIR"
MANIFEST = "manifest.json"


class DataDirMissing(RuntimeError):
    """No built data folder: fundgap is installed (not a checkout) and FUNDGAP_DATA_DIR is unset."""


def data_dir() -> Path:
    """The folder the app reads its built Parquet from: FUNDGAP_DATA_DIR when set, else the checkout's data/.

    An installed package has no data/ beside it: it then says how to point it at a built data folder, instead
    of failing later on a missing file."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override)
    if (DEFAULT_DATA_DIR / MANIFEST).is_file():
        return DEFAULT_DATA_DIR
    raise DataDirMissing(
        f"no built data folder: set {DATA_DIR_ENV} to one (the data/ folder of a fundgap checkout, or a "
        "published dataset version: a folder holding manifest.json and the Parquet files)"
    )
