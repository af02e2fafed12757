"""Chromium's DevTools Protocol, reached through the WebDriver BiDi session
chromedriver already holds (`goog:cdp.sendCommand`): no port of its own, so
nothing more listens than WebDriver's own loopback socket.

What it offers the harness: an extension's service worker (listed by CDP
`Target.getTargets`, evaluated in with `Runtime.evaluate` on a session
attached to it, stopped with `Target.closeTarget`) and its toolbar button
(`Extensions.triggerAction` on a tab target).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import HarnessError, HarnessTimeout

if TYPE_CHECKING:
    from ..connection import Connection

Found = TypeVar("Found")


def send(connection: Connection, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
    """One CDP command over the harness's BiDi socket; its result."""
    seconds = connection.timeouts.scaled(connection.timeouts.call)
    with connection.translate(method, (params or {},), seconds):
        answer = connection.bidi.command("goog:cdp.sendCommand", _request(method, params, session), seconds)
    return answer.get("result", {})


def _request(method: str, params: dict[str, Any] | None, session: str | None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "params": params or {}}
    if session:
        request["session"] = session
    return request


def targets(connection: Connection) -> list[dict[str, Any]]:
    """Every target, tab targets included (an empty filter entry lists them all)."""
    return list(send(connection, "Target.getTargets", {"filter": [{}]}).get("targetInfos", []))


def worker(connection: Connection, extension_id: str) -> dict[str, Any] | None:
    """The extension's running service worker target, if one runs."""
    prefix = f"chrome-extension://{extension_id}/"
    return next((t for t in targets(connection) if t["type"] == "service_worker" and t["url"].startswith(prefix)), None)


def wait_worker(connection: Connection, extension_id: str, running: bool, seconds: float) -> dict[str, Any] | None:
    """Wait until the worker runs (or is gone)."""
    state = "start" if running else "stop"
    return wait_target(
        connection,
        lambda: worker(connection, extension_id),
        running,
        f"the service worker of {extension_id} to {state}",
        seconds,
    )


def page(connection: Connection, url: str) -> dict[str, Any] | None:
    """The page target showing `url` (an extension's popup, say), if one does."""
    return next((t for t in targets(connection) if t["type"] == "page" and t["url"] == url), None)


def wait_target(
    connection: Connection,
    find: Callable[[], Found | None],
    present: bool,
    what: str,
    seconds: float,
) -> Found | None:
    """Wait until `find` finds its target (or no longer does). Target events, and a
    restored tab's commit, do not reach the harness's BiDi client, so the list is
    read again until then."""
    deadline = time.monotonic() + seconds
    while True:
        found = find()
        if (found is not None) == present:
            return found
        if time.monotonic() > deadline:
            raise HarnessTimeout(f"waited {seconds:g}s for {what}")
        # allowed-sleep: no such events through the harness's BiDi client; bounded by `seconds`
        time.sleep(connection.timeouts.poll)  # allowed-sleep: see above


def evaluate(
    connection: Connection, extension_id: str, expression: str, seconds: float, wake: Callable[[], None]
) -> Any:
    """Evaluate in the worker's global scope (woken first by `wake` when stopped)."""
    target = worker(connection, extension_id)
    if target is None:
        wake()
        target = wait_worker(connection, extension_id, True, seconds)
    assert target is not None
    session = send(connection, "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})["sessionId"]
    try:
        # A worker started since is held until its debuggers say go (the BiDi mapper
        # attaches to each one and holds it); saying it here too is harmless when it runs.
        send(connection, "Runtime.runIfWaitingForDebugger", {}, session)
        params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
        answer = send(connection, "Runtime.evaluate", params, session)
    finally:
        send(connection, "Target.detachFromTarget", {"sessionId": session})
    if answer.get("exceptionDetails"):
        details = answer["exceptionDetails"]
        text = (details.get("exception") or {}).get("description") or details.get("text")
        raise HarnessError(f"evaluate_background in {extension_id}: the service worker threw: {text}")
    return (answer.get("result") or {}).get("value")


def post(connection: Connection, method: str, params: dict[str, Any], session: str) -> None:
    """Send one CDP command and do not wait for its answer (which Chromium may
    give only much later)."""
    with connection.translate(method, (params,)):
        connection.bidi.post("goog:cdp.sendCommand", _request(method, params, session))


def stop(connection: Connection, extension_id: str, seconds: float) -> None:
    """Stop the worker (as Chromium's idle timeout ends it) and wait until it is gone.

    A worker that DevTools sessions stay attached to (chromedriver's and the BiDi
    mapper's, through any open page of the extension) is held for a debugger when
    an event starts it again, and none of those sessions releases it: its listeners
    would not run. So a session of ours is attached to the stopped worker and asks
    it to run; Chromium keeps that unanswered command and delivers it when the
    worker starts, which releases it."""
    target = worker(connection, extension_id)
    if target is None:
        return
    send(connection, "Target.closeTarget", {"targetId": target["targetId"]})
    wait_worker(connection, extension_id, False, seconds)
    if target.get("attached"):
        attached = send(connection, "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        post(connection, "Runtime.runIfWaitingForDebugger", {}, attached["sessionId"])


def tab_target(connection: Connection, tab: dict[str, Any]) -> str:
    """The CDP tab target showing a `tabs.Tab` (matched by its URL and place in the tab strip)."""
    found = [
        t["targetId"]
        for t in targets(connection)
        if t["type"] == "tab"
        and t.get("url") == tab.get("url")
        and (t.get("embedderData") or {}).get("tabStripIndex") == tab.get("index")
    ]
    if len(found) != 1:
        raise HarnessError(
            f"click_action: Chromium lists {len(found)} tabs at index {tab.get('index')} showing {tab.get('url')!r}; "
            f"the harness cannot tell which one is tab {tab.get('id')}"
        )
    return str(found[0])


def active_tab(connection: Connection) -> str:
    """The tab target of the active tab (the one window's, or refused when several windows each have one)."""
    found = [
        t["targetId"]
        for t in targets(connection)
        if t["type"] == "tab" and (t.get("embedderData") or {}).get("tabActive")
    ]
    if len(found) != 1:
        raise HarnessError(
            f"Chromium has {len(found)} active tabs (one per window) and does not say which window has focus: "
            "pass the tab"
        )
    return str(found[0])


def trigger_action(connection: Connection, extension_id: str, target: str) -> None:
    """Click the toolbar button with the tab of `target` active, as Chromium's own
    toolbar does (Chromium runs the action for its window's active tab)."""
    send(connection, "Target.activateTarget", {"targetId": target})
    send(connection, "Extensions.triggerAction", {"id": extension_id, "targetId": target})
