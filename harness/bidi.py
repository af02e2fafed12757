"""A WebDriver BiDi socket: commands whose replies are matched by id.

The harness reaches its own pages with `script.callFunction` on their
browsing context, which needs no window switch (a switch selects the tab in
Firefox, so it would move the user's active tab). Selenium's own BiDi client
waits for each reply by polling every 100 ms; this one wakes on the reply.
Its errors are plain exceptions: the Connection translates them (`translate`).
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

import websocket

from .timeouts import DEFAULT


class BiDiError(Exception):
    """The remote end answered a command with an error (`error`, `message`)."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(f"{error}: {message}")
        self.error = error
        self.message = message


class BiDiTimeout(Exception):
    """No reply within the time given."""


class BiDiClosed(Exception):
    """The socket closed (the browser or the driver went away)."""


class _Reply:
    def __init__(self) -> None:
        self.ready = threading.Event()
        self.message: dict[str, Any] | None = None


class BiDi:
    """One socket, a reader thread, one waiting slot per command in flight."""

    def __init__(self, url: str, connect_timeout: float) -> None:
        self._ws = websocket.create_connection(url, timeout=connect_timeout, suppress_origin=True)
        self._ws.settimeout(None)  # the reader blocks until a frame or the close
        self._ids = itertools.count(1)
        self._send_lock = threading.Lock()
        self._pending: dict[int, _Reply] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="harness-bidi", daemon=True)
        self._reader.start()

    def command(self, method: str, params: dict[str, Any], seconds: float) -> dict[str, Any]:
        """Send a command and return its `result`; BiDiError, BiDiTimeout or BiDiClosed otherwise."""
        reply = _Reply()
        command_id = next(self._ids)
        self._pending[command_id] = reply
        try:
            self._send(command_id, method, params)
            if not reply.ready.wait(seconds):
                raise BiDiTimeout(f"{method}: no reply within {seconds:g}s")
        finally:
            self._pending.pop(command_id, None)
        message = reply.message
        if message is None:
            raise BiDiClosed(f"{method}: the BiDi socket closed before the reply")
        if message.get("type") == "error" or "error" in message:
            raise BiDiError(str(message.get("error")), str(message.get("message", "")))
        result = message.get("result")
        return result if isinstance(result, dict) else {}

    def post(self, method: str, params: dict[str, Any]) -> None:
        """Send a command and do not wait for its reply (which the reader drops when it comes)."""
        self._send(next(self._ids), method, params)

    def _send(self, command_id: int, method: str, params: dict[str, Any]) -> None:
        with self._send_lock:
            if self._closed:
                raise BiDiClosed(f"{method}: the BiDi socket is closed")
            try:
                self._ws.send(json.dumps({"id": command_id, "method": method, "params": params}))
            except (OSError, websocket.WebSocketException) as exc:
                raise BiDiClosed(f"{method}: the BiDi socket closed ({exc})") from exc

    def _read(self) -> None:
        try:
            while True:
                frame = self._ws.recv()
                if not frame:
                    break
                message = json.loads(frame)
                command_id = message.get("id") if isinstance(message, dict) else None
                reply = self._pending.get(command_id) if isinstance(command_id, int) else None
                if reply is not None:
                    reply.message = message
                    reply.ready.set()
        except (OSError, ValueError, websocket.WebSocketException):
            pass
        finally:
            self._closed = True
            for reply in list(self._pending.values()):
                reply.ready.set()  # message None: closed

    def close(self) -> None:
        """Close without waiting for the peer's close frame. Idempotent."""
        self._closed = True
        try:
            self._ws.shutdown()  # type: ignore[no-untyped-call]
        except (OSError, websocket.WebSocketException):
            pass
        self._reader.join(timeout=DEFAULT.scaled(DEFAULT.socket_close))
