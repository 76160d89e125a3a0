"""What one script run shares between the frame and the page it runs: whether the run goes through the frame,
and the dataset the page loaded. Its own module, so the frame can import the loading code without a cycle."""

from __future__ import annotations

import threading


class DataUnavailable(Exception):
    """Raised after the error banner is shown, to end the page but not the frame."""


# Whether this thread's run goes through the frame (dashboard.py), and the dataset it loaded. A page script
# run on its own (Streamlit's smoke test) has no frame: it renders its page and sidebar, without navigation
# or footer. The page scripts live in app_pages/, not pages/, so Streamlit never runs one alone as a legacy
# page.
FRAME = threading.local()
