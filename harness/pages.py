"""A web server for test pages: Firefox records a closed tab only when it
showed a real page, so scenarios need real URLs. It listens on 127.0.0.1 by
default; a browser on another machine (a Selenium Grid node) needs an address
it can reach: `Pages(host=...)`, `--pages-host`, `$HARNESS_PAGES_HOST`.

`url(name)` is a page whose title is `name`; `url(name, delay=0.5)` answers
after a deliberate delay; `url(name, icon=True)` declares a favicon (served
at `icon_url()`); `url(name, link=other)` holds a link `<a id="link">` to
another URL; `no_content()` answers 204.
"""

from __future__ import annotations

import html
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from .errors import SetupError
from .timeouts import DEFAULT

HOST = "127.0.0.1"

# A 1x1 PNG: the favicon of pages asked for with icon=True.
ICON_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


class _Handler(BaseHTTPRequestHandler):
    server_version = "harness-pages"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if "delay" in query:
            try:
                delay = min(float(query["delay"][0]), DEFAULT.page_delay_cap)
            except ValueError:
                self.send_error(400, "delay must be a number of seconds")
                return
            time.sleep(delay)  # allowed-sleep: a deliberately slow page is the point of ?delay=
        if parts.path == "/no-content":
            self.send_response(204)
            self.end_headers()
            return
        if parts.path == "/icon.png":
            self._answer(ICON_PNG, "image/png")
            return
        if not parts.path.startswith("/page/"):
            self.send_error(404)
            return
        title = html.escape(unquote(parts.path[len("/page/") :]))
        icon = "<link rel='icon' type='image/png' href='/icon.png'>" if "icon" in query else ""
        link = f"<a id='link' href='{html.escape(query['link'][0])}'>link</a>" if "link" in query else ""
        body = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{icon}"
            f"</head><body><h1>{title}</h1>{link}</body></html>"
        ).encode()
        self._answer(body, "text/html; charset=utf-8")

    def _answer(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: test output is for test results."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str) -> None:
        # IPv4 or IPv6, whichever the host is (a name: its first address).
        self.address_family = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM)[0][0]
        super().__init__((host, 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A tab closed while its page was still loading drops the connection:
        that is a scenario, not an error worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class Pages:
    """The page server; a context manager that stops it on exit. `host` is the
    address (or name) it listens on and its URLs carry: one the browser reaches."""

    def __init__(self, host: str = HOST) -> None:
        self.host = host
        try:
            self._server = _Server(host)
        except (OSError, UnicodeError) as exc:
            raise SetupError(
                f"the pages server cannot listen on {host!r} (--pages-host, $HARNESS_PAGES_HOST): {exc}. "
                "Give an address of this machine that the browser can reach"
            ) from exc
        self._thread = threading.Thread(target=self._server.serve_forever, name="harness-pages", daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        port = self._server.server_address[1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}"

    def url(self, name: str, delay: float | None = None, *, icon: bool = False, link: str | None = None) -> str:
        """A page whose title is `name`; with `delay`, it answers after that many
        seconds; with `icon`, it declares the favicon `icon_url()`; with `link`,
        it holds `<a id="link" href=link>`."""
        url = f"{self.origin}/page/{quote(name, safe='')}"
        query = {"delay": delay, "icon": 1 if icon else None, "link": link}
        given = urlencode({k: v for k, v in query.items() if v is not None})
        return f"{url}?{given}" if given else url

    def icon_url(self) -> str:
        """The favicon of pages asked for with `icon=True` (a 1x1 PNG)."""
        return f"{self.origin}/icon.png"

    def no_content(self) -> str:
        """A URL that answers 204 No Content (the tab keeps its previous page)."""
        return f"{self.origin}/no-content"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> Pages:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
