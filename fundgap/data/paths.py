"""Where fundgap finds its files. The one environment override is FUNDGAP_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # fundgap/data/paths.py -> the project
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
CURATED_DIR = DEFAULT_DATA_DIR / "curated"
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
DATA_DIR_ENV = "FUNDGAP_DATA_DIR"


def data_dir() -> Path:
    """The folder the app reads its built Parquet from: FUNDGAP_DATA_DIR when set, data/ otherwise."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override) if override else DEFAULT_DATA_DIR
