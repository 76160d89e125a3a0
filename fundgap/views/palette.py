"""Chart colours, read once from .streamlit/config.toml so the app and the plotly figures share one
palette."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from fundgap.data import paths

FALLBACK = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@lru_cache(maxsize=1)
def categorical() -> tuple[str, ...]:
    try:
        config = tomllib.loads(paths.STREAMLIT_CONFIG.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return FALLBACK
    return tuple(config.get("theme", {}).get("chartCategoricalColors", FALLBACK))


def color(index: int) -> str:
    colors = categorical()
    return colors[index % len(colors)]


# A region with no colour of its own ("Mixed", "World", a provider's "OECD" total) is a mid grey: the
# palette's last colour, black, made a bar or a node read as ink and hid dark text beside it.
NEUTRAL = "#8c8c8c"


# Fixed roles so that the same meaning always has the same colour across pages.
def region_color(region: str) -> str:
    roles = {
        "United States": 0,
        "China": 5,
        "Gulf": 1,
        "Japan": 2,
        "United Kingdom": 3,
        "Europe": 4,
        "Singapore": 6,
    }
    return color(roles[region]) if region in roles else NEUTRAL
