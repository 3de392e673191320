"""A Streamlit client without a browser, for the benchmarks.

It speaks the protocol the browser speaks to ``/_stcore/stream``:

* ``GET /_stcore/health`` sets the ``_streamlit_xsrf`` cookie; the websocket
  is opened with that cookie, an ``Origin`` header of the server itself and
  the subprotocols ``["streamlit", <xsrf token>]`` (the browser passes the
  XSRF token as the second entry of ``Sec-WebSocket-Protocol``).
* Each run is asked for with a ``BackMsg(rerun_script=ClientState(...))``
  carrying the query string, the page (``page_name`` for the first run, the
  page's ``page_script_hash`` after it), the widget states that changed and,
  like the browser, the hashes of the large messages it has already received,
  so the server sends a short reference instead of a message seen before.
* The server answers with ``ForwardMsg`` protobufs (``new_session``,
  ``delta``, ``page_info_changed``, ``script_finished``, ...), one per binary
  frame. A run ends with ``script_finished``.

Widgets are found by their key: a widget's id ends with ``-<key>``. Messages
are binary protobufs without compression (``server.enableWebsocketCompression``
is off by default), so the bytes counted are the bytes on the wire less the
websocket frame headers.

Also here: :func:`streamlit_server`, a ``streamlit run`` on a free loopback
port, shared by the scripts in bench/.
"""
from __future__ import annotations

import asyncio
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
XSRF_COOKIE = "_streamlit_xsrf"
# Widget element types the benchmarks can drive, with the WidgetState field
# their value travels in.
WIDGET_FIELDS = {
    "slider": "double_array_value",
    "number_input": "double_value",
    "selectbox": "string_value",
    "checkbox": "bool_value",        # st.toggle and st.checkbox
    "text_input": "string_value",
    "button_group": "string_array_value",   # st.segmented_control, st.pills
}


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------

def stop_on_sigterm():
    """Make SIGTERM end the script through its ``finally`` blocks, so the
    servers it started are stopped too."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_kb(self) -> int | None:
        """The server process's resident memory (VmRSS), in kB."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float | None:
        """User + system CPU time the server process has used, in seconds."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def errors_logged(self) -> list[str]:
        """The distinct exception lines (``SomeError: ...``) in the server's log."""
        import re
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return []
        found = re.findall(r"^(\w+(?:Error|Exception|Exit)\b.*)$", text, flags=re.M)
        return list(dict.fromkeys(line[:200] for line in found))

    def log_tail(self, lines=30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def wait_healthy(url: str, timeout=60.0) -> float:
    """Poll ``/_stcore/health`` until it answers 200; returns when it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return time.monotonic()
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the Streamlit server at {url} did not start in {timeout:.0f} s")


def start_server(script="app.py", extra_args=()) -> Server:
    """``streamlit run SCRIPT`` on a free loopback port (not waited for)."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra_args]
    log = Path(tempfile.mkstemp(prefix="bench-streamlit-", suffix=".log")[1])
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    return Server(f"http://127.0.0.1:{port}", proc, log)


def stop_server(server: Server):
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


@contextmanager
def streamlit_server(script="app.py", extra_args=()):
    """A running ``streamlit run SCRIPT`` on loopback; yields a :class:`Server`."""
    server = start_server(script, extra_args)
    try:
        wait_healthy(server.url)
        yield server
    finally:
        stop_server(server)
        server.log.unlink(missing_ok=True)


def xsrf_cookie(url: str) -> str | None:
    """The XSRF cookie the server hands out with its health check."""
    parsed = urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    try:
        conn.request("GET", "/_stcore/health")
        response = conn.getresponse()
        response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith(XSRF_COOKIE + "="):
                return value.split(";", 1)[0].split("=", 1)[1].strip('"')
    finally:
        conn.close()
    return None


# --------------------------------------------------------------------------
# A session
# --------------------------------------------------------------------------

@dataclass
class Widget:
    key: str
    id: str
    kind: str           # the Element field: slider, selectbox, ...
    proto: object       # the widget's protobuf as last drawn
    order: int          # position among the run's widgets
    in_sidebar: bool
    fragment_id: str = ""  # the st.fragment it was drawn in, if any


@dataclass
class RunResult:
    seconds: float = 0.0
    bytes: int = 0
    messages: int = 0
    status: str = ""                  # the script_finished status, or "timeout"
    exceptions: list = field(default_factory=list)   # exception elements drawn
    delta_bytes: dict = field(default_factory=dict)   # element type -> bytes
    references: int = 0               # messages sent as a reference to the cache

    @property
    def ok(self) -> bool:
        return self.status in FINISHED and not self.exceptions


FINISHED = ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


class ProtocolError(RuntimeError):
    pass


class StreamlitSession:
    """One browser tab's worth of protocol, driven from asyncio."""

    def __init__(self, url: str, *, locale="en-US", timezone="UTC", run_timeout=60.0):
        self.url = url
        self.locale = locale
        self.timezone = timezone
        self.run_timeout = run_timeout
        self.ws = None
        self.query_string = ""
        self.page_name = ""
        self.page_script_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.changed: dict[str, WidgetState] = {}
        self.fragment_id = ""  # as the browser does: a change inside a fragment reruns only it
        self.cached_hashes: set[str] = set()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._reader = None
        self.closed_reason: str | None = None

    # -- connection ------------------------------------------------------

    async def connect(self):
        token = await asyncio.to_thread(xsrf_cookie, self.url)
        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        headers = {"Origin": self.url}
        protocols = ["streamlit"]
        if token:
            headers["Cookie"] = f"{XSRF_COOKIE}={token}"
            protocols.append(token)
        self.ws = await connect(ws_url, subprotocols=protocols, additional_headers=headers,
                                max_size=None, compression=None, open_timeout=30,
                                ping_interval=None)
        self._reader = asyncio.create_task(self._read())

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    async def __aenter__(self):
        await self.connect()
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def _read(self):
        try:
            async for frame in self.ws:
                self._queue.put_nowait((time.perf_counter(), frame))
        except ConnectionClosed as err:
            self.closed_reason = f"closed: {err}"
        except Exception as err:  # pragma: no cover - reported as an error by the caller
            self.closed_reason = f"reader failed: {err!r}"
        finally:
            if self.closed_reason is None:
                self.closed_reason = "closed by the server"
            self._queue.put_nowait((time.perf_counter(), None))

    # -- runs ------------------------------------------------------------

    def _client_state(self, msg: BackMsg):
        state = msg.rerun_script
        state.query_string = self.query_string
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page_name
        if self.fragment_id:
            state.fragment_id = self.fragment_id
        for widget_state in self.changed.values():
            state.widget_states.widgets.append(widget_state)
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        info = state.context_info
        info.locale = self.locale
        info.timezone = self.timezone
        info.timezone_offset = 0
        info.url = f"{self.url}/{self.page_name}" + (f"?{self.query_string}" if self.query_string else "")
        info.is_embedded = False
        info.color_scheme = "light"

    def _drain(self):
        """Handle what arrived since the last run ended (not counted)."""
        while not self._queue.empty():
            _, frame = self._queue.get_nowait()
            if frame is None:
                self._queue.put_nowait((time.perf_counter(), None))
                return
            self._handle(frame, RunResult())

    async def rerun(self) -> RunResult:
        """Ask for a run with the current state; wait for its script_finished."""
        self._drain()
        if self.closed_reason:
            raise ProtocolError(self.closed_reason)
        msg = BackMsg()
        self._client_state(msg)
        self.fragment_id = ""
        result = RunResult()
        start = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
        except ConnectionClosed as err:
            raise ProtocolError(f"closed: {err}") from err
        deadline = start + self.run_timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                result.status = "timeout"
                result.seconds = time.perf_counter() - start
                return result
            try:
                stamp, frame = await asyncio.wait_for(self._queue.get(), remaining)
            except asyncio.TimeoutError:
                continue
            if frame is None:
                self._queue.put_nowait((stamp, None))
                raise ProtocolError(self.closed_reason or "disconnected")
            result.bytes += len(frame)
            result.messages += 1
            finished = self._handle(frame, result)
            if finished is not None:
                result.seconds = stamp - start
                result.status = finished
                return result

    async def open_page(self, page_name="", query_string="") -> RunResult:
        """The first run of a page, as when a tab opens ``/<page_name>?<query>``."""
        self.page_name = page_name
        self.page_script_hash = ""
        self.query_string = query_string
        self.widgets.clear()
        self.changed.clear()
        return await self.rerun()

    def _handle(self, frame: bytes, result: RunResult) -> str | None:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cached_hashes.add(msg.hash)
        if kind == "ref_hash":
            result.references += 1
        elif kind == "new_session":
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            self._order = 0
        elif kind == "navigation":
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            result.delta_bytes[etype] = result.delta_bytes.get(etype, 0) + len(frame)
            if etype == "exception":
                result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif etype in WIDGET_FIELDS:
                proto = getattr(element, etype)
                wid = proto.id
                key = wid.rsplit("-", 1)[-1] if wid.startswith("$$ID-") else ""
                if key:
                    order = getattr(self, "_order", 0)
                    self._order = order + 1
                    in_sidebar = bool(msg.metadata.delta_path) and msg.metadata.delta_path[0] == 1
                    self.widgets[key] = Widget(key, wid, etype, proto, order, in_sidebar, msg.delta.fragment_id)
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if status != "FINISHED_EARLY_FOR_RERUN":
                return status
        return None

    # -- widgets ---------------------------------------------------------

    def set_value(self, key: str, value):
        """Record a new value for the widget ``key`` (sent with the next run),
        and write it into the URL as the browser does for a URL-bound widget."""
        widget = self.widgets[key]
        state = WidgetState(id=widget.id)
        field_name = WIDGET_FIELDS[widget.kind]
        if field_name == "double_array_value":
            state.double_array_value.data.extend([float(v) for v in
                                                  (value if isinstance(value, (list, tuple)) else [value])])
            url_value = ",".join(_js_number(v) for v in state.double_array_value.data)
        elif field_name == "string_array_value":
            values = value if isinstance(value, (list, tuple)) else [value]
            state.string_array_value.data.extend([str(v) for v in values])
            url_value = ",".join(values)
        elif field_name == "double_value":
            state.double_value = float(value)
            url_value = _js_number(value)
        elif field_name == "bool_value":
            state.bool_value = bool(value)
            url_value = "true" if value else "false"
        else:
            state.string_value = str(value)
            url_value = str(value)
        self.changed[key] = state
        self.fragment_id = widget.fragment_id
        if getattr(widget.proto, "query_param_key", ""):
            params = dict(parse_qsl(self.query_string, keep_blank_values=True))
            params[widget.proto.query_param_key] = url_value
            self.query_string = urlencode(params)

    async def change(self, key: str, value) -> RunResult:
        self.set_value(key, value)
        return await self.rerun()


def _js_number(value) -> str:
    """A number as JavaScript's String() writes it (3 rather than 3.0)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


# --------------------------------------------------------------------------
# Choosing a control to move
# --------------------------------------------------------------------------

def current_value(widget: Widget):
    """The value the widget shows now (from its last drawn protobuf)."""
    p = widget.proto
    if widget.kind == "slider":
        values = list(p.value) if p.set_value else list(p.default)
        return values[0] if len(values) == 1 else values
    if widget.kind == "number_input":
        return p.value if p.set_value else p.default
    if widget.kind == "selectbox":
        if p.set_value and p.raw_value:
            return p.raw_value
        return p.options[p.default] if p.HasField("default") and p.options else None
    if widget.kind == "checkbox":
        return p.value if p.set_value else p.default
    if widget.kind == "text_input":
        return p.value if p.set_value else p.default
    return None


def pick_control(session: StreamlitSession, prefer=None) -> Widget | None:
    """The page's typical control: ``prefer`` if it is drawn, else the first
    slider on the page, else the first selectbox or toggle (sidebar widgets,
    such as the language, are skipped)."""
    if prefer and prefer in session.widgets:
        return session.widgets[prefer]
    on_page = sorted((w for w in session.widgets.values()
                      if not w.in_sidebar and not getattr(w.proto, "disabled", False)),
                     key=lambda w: w.order)
    for kinds in (("slider",), ("selectbox", "checkbox")):
        for widget in on_page:
            if widget.kind in kinds:
                return widget
    return None


def value_walk(widget: Widget, count: int, start=None) -> list:
    """``count`` successive values a person would set: a slider or number
    walks one step at a time and turns at its ends; a selectbox goes through
    its options; a toggle flips."""
    p = widget.proto
    value = current_value(widget) if start is None else start
    values = []
    if widget.kind in ("slider", "number_input"):
        if isinstance(value, list):
            value = value[0]
        step = p.step or (1.0 if p.data_type in (0,) else 0.1)
        if widget.kind == "slider":
            low, high = p.min, p.max
        else:
            low = p.min if p.has_min else -1e300
            high = p.max if p.has_max else 1e300
        direction = 1
        for _ in range(count):
            if not low <= value + direction * step <= high:
                direction = -direction
            value = round(value + direction * step, 10)
            values.append(value)
        return values
    if widget.kind == "selectbox":
        options = list(p.options)
        index = options.index(value) if value in options else 0
        return [options[(index + 1 + n) % len(options)] for n in range(count)]
    if widget.kind == "checkbox":
        return [(not bool(value)) if n % 2 == 0 else bool(value) for n in range(count)]
    if widget.kind == "text_input":
        return [f"{value}{n}" for n in range(count)]
    raise ValueError(f"cannot drive a {widget.kind}")


def percentile(values, q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; nan if empty."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def machine_line() -> str:
    import platform

    import numpy as np
    import streamlit
    loads = os.getloadavg()
    busy = " (other work was running on the machine: figures are slower than on an idle one)" \
        if loads[0] > 0.5 * (os.cpu_count() or 1) else ""
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, numpy {np.__version__}; "
            f"load average at the start {', '.join(f'{x:.1f}' for x in loads)}{busy}")
