"""Another extension's context: `browser.extension(extension_id)`.

The harness installs a copy of the user's extension with a page of its own
added (harness/extensions.py). Opening that page in a tab gives a WebDriver
handle inside the user's extension, so `sessions`, `execute` and `wait_for`
run there and read and write that extension's own values. The page is
opened on first use, and again whenever its tab is gone (`reset()` closes it
when the test touched its tab, and loads it again otherwise) or the browser
was restarted.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from . import background
from .bridge import Bridge, CallRecord
from .console import ConsoleError, test_started
from .errors import HarnessError, HarnessTimeout, hide_harness_frames
from .extensions import CONTEXT_PAGE, FIXTURE_PAGE, UserExtension
from .sessions import Sessions
from .types import Tab

if TYPE_CHECKING:
    from .browsers.base import Engine
    from .connection import Connection
    from .timeouts import Timeouts

__tracebackhide__ = hide_harness_frames


@dataclass(frozen=True)
class MenuItem:
    """One item an extension shows in a menu: its `menus.create` id and its title as shown."""

    id: str
    title: str


class ExtensionHost(Protocol):
    """What an extension context needs of the browser it runs in (a `Browser` is one)."""

    engine: Engine

    def require_connection(self) -> Connection: ...

    def bridge(self) -> Bridge: ...

    def open_bridge(
        self, extension_id: str, path: str, excluded: list[str], *, open_it: bool, beside: str | None = None
    ) -> tuple[Bridge, dict[str, Any]]: ...

    timeouts: Timeouts

    def extension_errors(
        self, ids: list[str] | None = None, since: float = 0.0, *, after: float = 0.0, wait: float = 0.0
    ) -> list[ConsoleError]: ...


class ExtensionContext:
    """One user extension as a test sees it: `.sessions`, `.execute()` and
    `.wait_for()` run inside that extension."""

    def __init__(self, browser: ExtensionHost, extension: UserExtension) -> None:
        self._browser = browser
        self.extension = extension
        self.id = extension.id
        self._bridge: Bridge | None = None
        self.tab_id: int | None = None  # the tab showing the harness's page in the extension
        self._used = False  # whether a call reached the page since it was (re)loaded
        self.sessions = Sessions(self.bridge)

    def bridge(self) -> Bridge:
        """The bridge to the harness's page in this extension, opened if needed."""
        browser = self._browser
        connection = browser.require_connection()
        browser.bridge()  # the browser is running
        current = self._bridge
        handles = connection.handles()
        if current is None or current.connection is not connection or current.handle not in handles:
            engine = browser.engine
            beside = engine.page_url(engine.fixture_id, FIXTURE_PAGE)
            current, state = browser.open_bridge(self.id, CONTEXT_PAGE, handles, open_it=True, beside=beside)
            self._bridge, self.tab_id = current, state["tabId"]
            # reset() keeps the page while the test leaves its tab alone (harness.reset in the fixture).
            browser.bridge().call("harness.keepTab", self.tab_id, engine.page_url(self.id, CONTEXT_PAGE))
        self._used = True
        return current

    def open_tab(self, connection: Connection) -> int | None:
        """The tab of this extension's page while it is open in this session (None when not)."""
        bridge = self._bridge
        return self.tab_id if bridge is not None and bridge.connection is connection else None

    def refresh(self, kept: bool) -> None:
        """After reset(): a kept page the test used is loaded again, so that nothing it left
        there (globals, listeners, waits) reaches the next test; one that was not kept is forgotten."""
        bridge = self._bridge
        if bridge is None:
            return
        if not kept:
            self._bridge = self.tab_id = None
        elif self._used:
            self._load_again(bridge)
        self._used = False

    def _load_again(self, bridge: Bridge) -> None:
        timeouts = self._browser.timeouts
        params = {"context": bridge.handle, "wait": "complete"}
        bridge.connection.bidi_command("browsingContext.reload", params, timeouts.scaled(timeouts.launch))
        bridge.call("harness.ping", timeout=timeouts.launch)

    @property
    def history(self) -> list[CallRecord]:
        """The last calls made into this extension's page, for failure reports."""
        return list(self._bridge.history) if self._bridge is not None else []

    def execute(self, js: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an async JavaScript function body in this extension (a page of
        its own origin), with `browser`, `chrome` and `args` in scope; return its result."""
        return self.bridge().run(js, *args, timeout=timeout)

    def wait_for(self, condition: str, *args: Any, message: str | None = None, timeout: float | None = None) -> Any:
        """Wait until an async JavaScript function body, run in this extension
        like `execute`, returns a truthy value; return that value.

        The condition is checked again after every tabs, windows, sessions,
        storage or runtime-message event, and every 50 ms besides (a value
        written with setTabValue fires no event). A condition that throws
        fails the wait at once. Raises HarnessTimeout naming `message` (or the
        condition) and its last result.
        """
        what = message or f"`{condition.strip()}` to hold in {self.id}"
        return self.bridge().wait(condition, *args, description=what, timeout=timeout)

    def errors(self, since: float = 0.0) -> list[ConsoleError]:
        """Errors thrown in this extension's own files (background, pages), and
        those its listeners' rejected promises caused, since `since` (seconds
        since the epoch; default: since the browser started), as the browser
        console recorded them, oldest first."""
        return self._browser.extension_errors([self.id], since)

    def wait_for_error(
        self, match: str | None = None, timeout: float | None = None, since: float | None = None
    ) -> ConsoleError:
        """The first error of this extension (as `errors()` lists them) after
        `since` (default: the start of the current test) whose message matches
        the regular expression `match`, waiting for it if it has not come yet
        (on the browser's console events). HarnessTimeout otherwise."""
        start = test_started() if since is None else since
        seconds = self._browser.timeouts.scaled(self._browser.timeouts.call if timeout is None else timeout)
        deadline = time.monotonic() + seconds
        after, seen = start - 0.001, []
        while True:
            remaining = max(0.0, deadline - time.monotonic())
            seen = self._browser.extension_errors([self.id], start, after=after, wait=remaining)
            found = [e for e in seen if match is None or re.search(match, e.message)]
            if found:
                return found[0]
            if remaining <= 0:
                matching = f" matching {match!r}" if match is not None else ""
                others = "".join(f"\n  {e.message}" for e in seen) or " none"
                raise HarnessTimeout(
                    f"wait_for_error: no error of {self.id}{matching} since {start:.3f} within {seconds:g}s; "
                    f"its errors since then:{others}"
                )
            after = max([after, *(e.time for e in seen)])

    # -- its own code and its user entry points (the engines: harness/browsers/) -------

    def evaluate_background(self, js: str, *args: Any, timeout: float | None = None) -> Any:
        """Run an async JavaScript function body in this extension's background
        (MV2 page, MV3 event page, MV3 service worker), in its global scope:
        top-level const/let/class are in reach, whatever its CSP says. `args`
        is in scope; a background that is not running is woken first."""
        connection = self._browser.require_connection()
        seconds = connection.timeouts.scaled(connection.timeouts.call if timeout is None else timeout)
        expression = background.expression(js, args, seconds)
        answer = self._browser.engine.evaluate_background(connection, self.id, expression, seconds, self._wake)
        return background.result(answer, "evaluate_background", args, seconds)

    def _wake(self) -> None:
        """Start a stopped service worker from the extension's own page: a message to it is an event."""
        started = self.execute(
            "const registration = await navigator.serviceWorker.getRegistration();"
            "if (!registration || !registration.active) return false;"
            "registration.active.postMessage('harness: wake up'); return true;"
        )
        if not started:
            raise HarnessError(f"extension {self.id} has no background (no service worker registered)")

    def _tab(self, chosen: int) -> dict[str, Any]:
        """The tabs.Tab of tab `chosen`, as the extension sees it."""
        found = self.execute("return await (globalThis.browser || chrome).tabs.get(args[0]);", chosen)
        if not isinstance(found, dict):
            raise HarnessError(f"no tab {chosen} to act in")
        return found

    def suspend_background(self) -> None:
        """Stop this extension's event page or service worker now, as the idle
        timeout does; returns once it is stopped. The next event wakes it."""
        self._browser.engine.suspend_background(self._browser.require_connection(), self.id)

    def click_action(self, tab: Tab | int | None = None) -> None:
        """Click the toolbar button (browserAction/action) as a user does, with
        `tab` active (made active first; default: the active tab)."""
        self._browser.engine.click_action(self._browser.require_connection(), self.id, tab_id(tab), self._tab)

    def run_command(self, name: str) -> None:
        """Run a `commands` entry as its shortcut would (`_execute_action` and
        `_execute_browser_action` open the action)."""
        if not isinstance(name, str) or not name:
            raise TypeError(f"run_command: the command name must be a non-empty string, not {name!r}")
        self._browser.engine.run_command(self._browser.require_connection(), self.id, name)

    def menu_items(self, context: str, tab: Tab | int | None = None) -> list[MenuItem]:
        """The items this extension shows in a menus/contextMenus context ("tab",
        "page", "action", ...), after its onShown listeners ran, in menu order."""
        found = self._browser.engine.menu_items(
            self._browser.require_connection(), self.id, check_context(context), tab_id(tab)
        )
        return [MenuItem(id=str(item["id"]), title=str(item["title"])) for item in found]

    def click_menu_item(self, item_id: str, context: str, tab: Tab | int | None = None) -> None:
        """Click one of this extension's menu items in a menu context, as a user does."""
        if not isinstance(item_id, str | int) or isinstance(item_id, bool):
            raise TypeError(f"click_menu_item: the item id must be a string or number, not {item_id!r}")
        self._browser.engine.click_menu_item(
            self._browser.require_connection(), self.id, str(item_id), check_context(context), tab_id(tab)
        )

    def __repr__(self) -> str:
        return f"<ExtensionContext {self.id} (MV{self.extension.manifest_version}) from {self.extension.source}>"


MENU_CONTEXTS = ("page", "tab", "action", "browser_action")


def check_context(context: str) -> str:
    """A menu context the harness can open, or ValueError naming those it can."""
    if context not in MENU_CONTEXTS:
        raise ValueError(f"menu context {context!r}: the harness opens these menus: {', '.join(MENU_CONTEXTS)}")
    return context


def tab_id(tab: Tab | int | None) -> int | None:
    """A tab id from a harness.Tab, an id, or None."""
    if tab is None:
        return None
    value = tab.id if isinstance(tab, Tab) else tab
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"tab must be a harness.Tab with an id or a tab id (int), not {tab!r}")
    return value
