"""A minimal Streamlit client: the browser's side of the websocket, without a browser.

It speaks the same protobuf messages as Streamlit's frontend (a BackMsg asking for a script run,
ForwardMsgs back until the run finishes), so a benchmark can time the server's response, count
the bytes a page sends and drive many sessions at once from one small process. Streamlit's own
proto classes define the messages, so the client follows the pinned Streamlit version.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RERUNNING = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass(frozen=True)
class PageRef:
    """A page as the server's navigation message lists it."""

    title: str
    url_path: str
    script_hash: str


@dataclass(frozen=True)
class Select:
    """A selectbox the last run drew: its widget id, label, options and current value."""

    id: str
    label: str
    options: tuple[str, ...]
    value: str


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    bytes: int
    messages: int
    page_hash: str
    selects: list[Select] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    charts: int = 0


class Session:
    """One browser session: a websocket to /_stcore/stream and the state a frontend keeps."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self.pages: list[PageRef] = []
        self.page_hash = ""
        self.query_string = ""

    @classmethod
    async def open(cls, base_url: str) -> Session:
        url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        ws = await websockets.connect(
            url, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
        )
        return cls(ws)

    async def close(self) -> None:
        await self._ws.close()

    async def visit(self, url_path: str = "", query: str = "", timeout: float = 300) -> Run:
        """The first run of a session, as when a link is opened: a page by its URL path."""
        state = ClientState(query_string=query, page_name=url_path)
        return await self._rerun(state, timeout)

    async def switch(self, page: PageRef, timeout: float = 300) -> Run:
        """Go to another page from the sidebar."""
        state = ClientState(query_string=self.query_string, page_script_hash=page.script_hash)
        return await self._rerun(state, timeout)

    async def choose(self, select: Select, option: str, timeout: float = 300) -> Run:
        """Pick `option` in a selectbox of the current page."""
        widgets = WidgetStates(widgets=[WidgetState(id=select.id, string_value=option)])
        state = ClientState(
            query_string=self.query_string, page_script_hash=self.page_hash, widget_states=widgets
        )
        return await self._rerun(state, timeout)

    async def _rerun(self, state: ClientState, timeout: float) -> Run:
        start = time.perf_counter()
        await self._ws.send(BackMsg(rerun_script=state).SerializeToString())
        run = Run(seconds=0.0, bytes=0, messages=0, page_hash=self.page_hash)
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no finished run within {timeout:g} s")
            data = await asyncio.wait_for(self._ws.recv(), remaining)
            raw = data if isinstance(data, bytes) else data.encode()
            run.bytes += len(raw)
            run.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                # A run that ends early for a rerun starts over: only the last run's widgets count.
                run.selects, run.errors, run.charts = [], [], 0
                self.page_hash = run.page_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = [
                    PageRef(p.page_name, p.url_pathname, p.page_script_hash)
                    for p in msg.navigation.app_pages
                ]
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                _element(msg.delta.new_element, run)
            elif kind == "script_finished":
                if msg.script_finished == DONE:
                    run.seconds = time.perf_counter() - start
                    return run
                if msg.script_finished != RERUNNING:
                    run.errors.append(f"script finished with status {msg.script_finished}")
                    run.seconds = time.perf_counter() - start
                    return run


def _element(element: Any, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "selectbox":
        box = element.selectbox
        value = ""
        if box.HasField("raw_value"):
            value = box.raw_value
        elif box.HasField("default") and box.default < len(box.options):
            value = box.options[box.default]
        run.selects.append(Select(box.id, box.label, tuple(box.options), value))
    elif kind == "exception":
        run.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == Alert.ERROR:
        run.errors.append(f"error box: {element.alert.body[:200]}")
    elif kind in ("vega_lite_chart", "arrow_vega_lite_chart"):
        run.charts += 1
