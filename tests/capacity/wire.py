"""Streamlit's own protocol, spoken without a browser: one reader's WebSocket to `/_stcore/stream`, BackMsg
out and ForwardMsg in (the protobufs the `streamlit` package ships). A run is timed from sending its BackMsg
to the script-finished message, and what it drew is kept as plain data for the checks."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

LOOPBACK = "127.0.0.1"
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
STARTED_OVER = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
HANDSHAKE_TIMEOUT_S = 20


class WireError(Exception):
    """A run that did not finish: the connection closed, the server refused, or the script failed."""


def loopback_only(base: str) -> str:
    """Every load tool targets this machine only: anything but http://127.0.0.1:<port> is refused."""
    parts = urlsplit(base)
    if parts.scheme != "http" or parts.hostname != LOOPBACK or not parts.port:
        raise ValueError(f"load tools only target http://{LOOPBACK}:<port>, not {base!r}")
    return f"http://{LOOPBACK}:{parts.port}"


@dataclass
class Drawn:
    """What one script run sent, reduced to what the checks read."""

    seconds: float
    page_hash: str = ""
    query: str | None = None  # the URL the server set during the run (page_info_changed), if it set one
    metrics: list[tuple[str, str]] = field(default_factory=list)
    widgets: dict[str, tuple[str, object]] = field(default_factory=dict)  # key -> (widget id, value as drawn)
    pages: dict[str, str] = field(
        default_factory=dict
    )  # url path ("" for the default page) -> page script hash
    problems: list[str] = field(default_factory=list)  # exceptions and error banners on the page
    messages: int = 0


def widget_key(widget_id: str) -> str:
    """`$$ID-<hash>-w_secondary` -> `w_secondary`: the key the app gave the widget."""
    return widget_id.rsplit("-", 1)[-1] if widget_id.startswith("$$ID-") else widget_id


def read_element(element, drawn: Drawn) -> None:
    kind = element.WhichOneof("type")
    if kind == "metric":
        drawn.metrics.append((element.metric.label, element.metric.body))
    elif kind == "multiselect":
        shown = element.multiselect
        values = list(shown.raw_values) if shown.set_value else [shown.options[i] for i in shown.default]
        drawn.widgets[widget_key(shown.id)] = (shown.id, tuple(values))
    elif kind == "checkbox":
        shown = element.checkbox
        drawn.widgets[widget_key(shown.id)] = (shown.id, shown.value if shown.set_value else shown.default)
    elif kind == "exception":
        drawn.problems.append(f"exception: {element.exception.type}: {element.exception.message[:200]}")
    elif kind == "alert" and element.alert.format == element.alert.ERROR:
        drawn.problems.append(f"error banner: {element.alert.body[:200]}")


def read_message(message: ForwardMsg, drawn: Drawn, cache: dict[str, ForwardMsg]) -> ForwardMsg:
    """Fold one ForwardMsg into `drawn`; a reference to a message sent before is resolved from this reader's
    cache."""
    if message.WhichOneof("type") == "ref_hash":
        if message.ref_hash not in cache:
            raise WireError(f"server referred to message {message.ref_hash} this reader never received")
        message = cache[message.ref_hash]
    elif message.metadata.cacheable and message.hash:
        cache[message.hash] = message
    kind = message.WhichOneof("type")
    drawn.messages += 1
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        read_element(message.delta.new_element, drawn)
    elif kind == "navigation":
        drawn.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
        drawn.page_hash = message.navigation.page_script_hash
    elif kind == "new_session":
        drawn.page_hash = drawn.page_hash or message.new_session.page_script_hash
    elif kind == "page_info_changed":
        drawn.query = message.page_info_changed.query_string
    elif kind == "page_not_found":
        drawn.problems.append(f"page not found: {message.page_not_found.page_name}")
    return message


@dataclass
class Connection:
    """One reader's session: a WebSocket plus what a browser keeps (its cookie, its cache of large
    messages)."""

    base: str
    socket: ClientConnection
    cookie: str = ""
    cache: dict[str, ForwardMsg] = field(default_factory=dict)

    async def run(
        self,
        query: str,
        page_hash: str = "",
        page_name: str = "",
        widgets: dict | None = None,
        timeout_s: float = 30.0,
    ) -> Drawn:
        """Ask for a script run and wait for it to finish. `widgets` maps a widget id to its new value, as the
        browser sends after a click; the page and query are those of the reader's URL."""
        request = BackMsg()
        state = request.rerun_script
        state.query_string = query
        state.page_script_hash = page_hash
        state.page_name = page_name
        state.cached_message_hashes.extend(self.cache)
        for widget_id, value in (widgets or {}).items():
            set_widget(state.widget_states.widgets.add(), widget_id, value)
        started = time.perf_counter()
        await self.socket.send(request.SerializeToString())
        drawn = Drawn(seconds=0.0)
        try:
            async with asyncio.timeout(timeout_s):
                async for frame in self.socket:
                    message = ForwardMsg()
                    message.ParseFromString(frame)
                    message = read_message(message, drawn, self.cache)
                    if message.WhichOneof("type") == "script_finished":
                        if message.script_finished == FINISHED:
                            drawn.seconds = time.perf_counter() - started
                            return drawn
                        if message.script_finished != STARTED_OVER:
                            raise WireError(f"script finished with status {message.script_finished}")
                        drawn = Drawn(seconds=0.0)  # a newer run replaces this one: keep reading
        except TimeoutError as error:
            raise WireError(f"no script-finished message within {timeout_s:.0f} s") from error
        raise WireError("connection closed before the script finished")

    async def close(self) -> None:
        await self.socket.close()


def set_widget(state, widget_id: str, value) -> None:
    state.id = widget_id
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, (tuple, list)):
        state.string_array_value.data.extend(value)
    else:
        raise TypeError(f"no wire form for {type(value).__name__}")


async def fetch_page(base: str, path: str, cookie: str) -> str:
    """GET the page's HTML as a browser does before its WebSocket; returns the cookie the server (or the
    balancer, for sticky sessions) set, or the one the reader already had."""
    parts = urlsplit(base)
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port), HANDSHAKE_TIMEOUT_S
    )
    try:
        headers = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close", "Accept: text/html"]
        if cookie:
            headers.append(f"Cookie: {cookie}")
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), HANDSHAKE_TIMEOUT_S)
    finally:
        writer.close()
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head or " 200 " not in head[0] + " ":
        raise WireError(f"GET {path} answered {head[0] if head else 'nothing'}")
    set_cookies = [
        line.split(":", 1)[1].strip().split(";", 1)[0]
        for line in head[1:]
        if line.lower().startswith("set-cookie:")
    ]
    return "; ".join(set_cookies) or cookie


async def open_connection(base: str, path: str = "/", cookie: str = "") -> Connection:
    """A reader arriving: fetch the page, then open the WebSocket with the browser's Origin and cookie."""
    base = loopback_only(base)
    cookie = await fetch_page(base, path, cookie)
    headers = {"Cookie": cookie} if cookie else None
    socket = await connect(
        base.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=base,
        additional_headers=headers,
        max_size=None,
        open_timeout=HANDSHAKE_TIMEOUT_S,
        ping_interval=None,
    )
    return Connection(base, socket, cookie)
