"""The real server with the project's .streamlit/config.toml: XSRF on, cross-origin refused, error details
hidden from viewers, the built-in table export off."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import urllib.request

import pytest
import websockets
from playwright.sync_api import sync_playwright

from tests.e2e.server import ROOT, launch_chromium, streamlit_server, wait_for_app

EXPECTED_OPTIONS = {
    "server.enableXsrfProtection": "True",
    "server.enableCORS": "True",
    "client.showErrorDetails": "none",
    "client.disableDataExport": "True",
    "browser.gatherUsageStats": "False",
}


def test_the_project_config_sets_the_hardening_options():
    probe = "import streamlit.config as c; c.get_config_options(force_reparse=True); " + "; ".join(
        f"print({name!r}, c.get_option({name!r}))" for name in EXPECTED_OPTIONS
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert dict(line.split(" ", 1) for line in out.strip().splitlines()) == EXPECTED_OPTIONS


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as running:
        yield running


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers)


def test_cross_origin_requests_get_no_cors_grant(server):
    status, headers = _get(server.url + "/_stcore/health", {"Origin": "https://evil.example"})
    assert status == 200
    assert "Access-Control-Allow-Origin" not in headers


async def _handshake(url: str, origin: str) -> str:
    try:
        async with websockets.connect(url, origin=origin, open_timeout=10):
            return "accepted"
    except websockets.exceptions.InvalidStatus as refused:
        return f"refused {refused.response.status_code}"


def test_a_websocket_from_another_origin_is_refused(server):
    stream = server.url.replace("http://", "ws://") + "/_stcore/stream"
    assert asyncio.run(_handshake(stream, "https://evil.example")) == "refused 403"
    assert asyncio.run(_handshake(stream, server.url)) == "accepted"


def test_an_upload_without_the_xsrf_token_is_refused(server):
    request = urllib.request.Request(
        server.url + "/_stcore/upload_file/session/file", data=b"x", method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


@pytest.mark.e2e
def test_error_details_are_hidden_and_table_export_is_off(tmp_path):
    app_dir = tmp_path / "app"
    (app_dir / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", app_dir / ".streamlit" / "config.toml")
    script = app_dir / "probe.py"
    script.write_text(
        "import pandas as pd\nimport streamlit as st\n"
        "st.dataframe(pd.DataFrame({'a': [1, 2]}), key='table')\n"
        "if st.button('fail', key='fail'):\n    raise RuntimeError('SECRET_DETAIL_42')\n"
    )
    with streamlit_server(script=script, cwd=app_dir) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(server.url)
        wait_for_app(page)
        page.locator("[data-testid='stDataFrame']").hover()
        page.wait_for_timeout(500)
        toolbar = page.locator("[data-testid='stElementToolbar']").inner_text()
        assert "Download" not in toolbar
        assert (
            page.locator(
                "[data-testid='stElementToolbarButton'] [aria-label*='Download' i], "
                "button[aria-label*='Download' i]"
            ).count()
            == 0
        )
        page.locator(".st-key-fail button").click()
        wait_for_app(page)
        shown = page.locator("[data-testid='stException']").inner_text()
        assert "SECRET_DETAIL_42" not in page.content()
        assert "Traceback" not in shown and "probe.py" not in shown
        browser.close()
