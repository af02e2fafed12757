"""SURF, MAX, DEV: what `browser.sessions` is made of."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness import Browser, ExtensionError
from harness.extensions import load_manifest
from harness.pages import Pages

from .check import check, rejects, resolves
from .expectations import expected
from .scenarios import VALUE_FUNCTIONS, close_tab

FUNCTIONS = [
    "forgetClosedTab",
    "forgetClosedWindow",
    "getRecentlyClosed",
    "restore",
    *VALUE_FUNCTIONS,
]

# Each function called with arguments of the right types; the promise is
# inspected, then its outcome (a rejection for unknown ids) is swallowed.
RETURNS_PROMISE = """
const s = browser.sessions;
const [tabId, windowId] = args;
const calls = {
  forgetClosedTab: () => s.forgetClosedTab(windowId, "999999"),
  forgetClosedWindow: () => s.forgetClosedWindow("999999"),
  getRecentlyClosed: () => s.getRecentlyClosed(),
  restore: () => s.restore("999999"),
  setTabValue: () => s.setTabValue(tabId, "surf", 1),
  getTabValue: () => s.getTabValue(tabId, "surf"),
  removeTabValue: () => s.removeTabValue(tabId, "surf"),
  setWindowValue: () => s.setWindowValue(windowId, "surf", 1),
  getWindowValue: () => s.getWindowValue(windowId, "surf"),
  removeWindowValue: () => s.removeWindowValue(windowId, "surf"),
};
const out = {};
for (const [name, call] of Object.entries(calls)) {
  const result = call();
  // The API's promises come from another realm: compare the tag, not instanceof.
  out[name] = Object.prototype.toString.call(result) === "[object Promise]";
  await result.catch(() => {});
}
return out;
"""


@pytest.mark.spec("SURF-2")
def test_members_exist_and_functions_return_promises(browser: Browser) -> None:
    kinds = browser.execute(
        "const s = browser.sessions; return Object.fromEntries(args[0].map((n) => [n, typeof s[n]]));",
        [*FUNCTIONS, "onChanged", "MAX_SESSION_RESULTS"],
    )
    want = {**dict.fromkeys(FUNCTIONS, "function"), "onChanged": "object", "MAX_SESSION_RESULTS": "number"}
    check("SURF-2", "typeof browser.sessions[member]", kinds, want)
    listener = browser.execute(
        "const e = browser.sessions.onChanged;"
        "return [typeof e.addListener, typeof e.removeListener, typeof e.hasListener];"
    )
    check("SURF-2", "typeof onChanged.addListener/removeListener/hasListener", listener, ["function"] * 3)
    promises = browser.execute(RETURNS_PROMISE, browser.harness_tab_id, browser.harness_window_id)
    check("SURF-2", "sessions.<function>(...) instanceof Promise", promises, dict.fromkeys(FUNCTIONS, True))


@pytest.mark.spec("SURF-3", "MAX-1")
def test_max_session_results_is_25(browser: Browser) -> None:
    check("SURF-3", "sessions.MAX_SESSION_RESULTS", browser.sessions.MAX_SESSION_RESULTS, expected("MAX-1.value"))


@pytest.mark.spec("SURF-3")
def test_max_session_results_is_read_only(browser: Browser) -> None:
    # Assign, read back, and put the original back so that no later test sees the change.
    answer = browser.execute(
        """
        const s = browser.sessions;
        const original = s.MAX_SESSION_RESULTS;
        const descriptor = Object.getOwnPropertyDescriptor(s, "MAX_SESSION_RESULTS") || {};
        let threw = false;
        try { (() => { "use strict"; s.MAX_SESSION_RESULTS = 1; })(); } catch (e) { threw = true; }
        const after = s.MAX_SESSION_RESULTS;
        if (after !== original) s.MAX_SESSION_RESULTS = original;
        return {writable: Boolean(descriptor.writable), valueAfterAssignment: after, threwInStrictMode: threw};
        """
    )
    check(
        "SURF-3",
        'sessions.MAX_SESSION_RESULTS = 1 ("use strict")',
        answer,
        {"writable": False, "valueAfterAssignment": 25, "threwInStrictMode": True},
    )


@pytest.mark.spec("SURF-5", "MAX-1")
def test_assigning_max_session_results_does_not_move_the_bound(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "kept")
    # Whether the assignment takes is SURF-3's business; here only the bound counts.
    answer = browser.execute(
        """
        const s = browser.sessions;
        const original = s.MAX_SESSION_RESULTS;
        const outcome = async (filter) => {
          try { return `resolved ${(await s.getRecentlyClosed(filter)).length} entries`; }
          catch (e) { return e.message; }
        };
        try { s.MAX_SESSION_RESULTS = 26; } catch (e) { /* read-only, as SURF-3 wants */ }
        try { return [await outcome({maxResults: 26}), await outcome({maxResults: 25})]; }
        finally { if (s.MAX_SESSION_RESULTS !== original) s.MAX_SESSION_RESULTS = original; }
        """
    )
    check(
        "SURF-5",
        "MAX_SESSION_RESULTS = 26; getRecentlyClosed({maxResults: 26}), getRecentlyClosed({maxResults: 25})",
        answer,
        [expected("GRC-7.too_big", value=26), "resolved 1 entries"],
    )


def answer(fn: Callable[..., Any], *args: Any) -> str:
    """How a call came out, as text: `resolved: <value>` or `rejected: <message> (how)`."""
    try:
        return f"resolved: {fn(*args)!r}"
    except ExtensionError as exc:
        how = "thrown synchronously" if exc.synchronous else "rejected promise"
        return f"rejected: {exc.message} ({how})"


@pytest.mark.spec("SURF-4")
def test_get_devices_exists_where_the_browser_has_it(browser: Browser) -> None:
    kind = browser.execute('return [typeof browser.sessions.getDevices, "getDevices" in browser.sessions];')
    check(
        "SURF-4",
        "typeof browser.sessions.getDevices, 'getDevices' in browser.sessions",
        kind,
        expected("SURF-4.get_devices_kind"),
    )
    check("SURF-4", "sessions.getDevices()", answer(browser.sessions.get_devices), expected("SURF-4.get_devices_call"))


@pytest.mark.needs("getDevices")
@pytest.mark.spec("DEV-1")
def test_get_devices_without_sync(browser: Browser) -> None:
    s = browser.sessions
    check("DEV-1", "sessions.getDevices()", resolves("DEV-1", s.get_devices), [])
    for value in (0, 1, 25):
        check("DEV-1", f"sessions.getDevices({{maxResults: {value}}})", resolves("DEV-1", s.get_devices, value), [])
    for value, key in ((26, "DEV-1.too_big"), (-1, "DEV-1.too_small")):
        rejects("DEV-1", s.get_devices, value, message=expected(key, value=value), synchronous=True)


# Resolves with the titles of the probe pages (harness/conformance/extensions/probe_*)
# once both have set them, listening to tabs.onUpdated.
PROBE_TITLES = """
const wanted = args[0];
const answers = () => browser.tabs.query({}).then((tabs) =>
  tabs.map((t) => t.title || "").filter((title) => wanted.some((name) => title.startsWith(name + ":"))));
return await new Promise((resolve) => {
  const check = async () => {
    const titles = await answers();
    if (titles.length === wanted.length) {
      browser.tabs.onUpdated.removeListener(check);
      resolve(titles.sort());
    }
  };
  browser.tabs.onUpdated.addListener(check);
  check();
});
"""


@pytest.mark.spec("SURF-1")
def test_sessions_exists_only_with_the_permission(browser: Browser) -> None:
    probes = Path(__file__).with_name("extensions")
    # Installed as they are into the worker's browser, through the engine (launch(extensions=...)
    # is for extensions the harness drives, which need the sessions permission), and removed after.
    engine, connection = browser.engine, browser.require_connection()
    installed = []
    try:
        for name in ("probe_sessions", "probe_no_sessions"):
            path = probes / name
            extension_id = engine.check_id(path, load_manifest(path), path)
            engine.install(connection, path, extension_id)
            installed.append(extension_id)
        titles = browser.execute(PROBE_TITLES, ["probe with sessions", "probe without sessions"])
    finally:
        for extension_id in installed:
            engine.uninstall(connection, extension_id)
    want = [
        "probe with sessions: typeof browser.sessions is object",
        "probe without sessions: typeof browser.sessions is undefined",
    ]
    check("SURF-1", "typeof browser.sessions in an extension with and without the permission", titles, want)
