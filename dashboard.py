"""fundgap: `streamlit run dashboard.py` (or `make run`). The frame: navigation, the page, the footer."""

from fundgap.app import ui

ui.run_app()
