"""PRIV: private browsing, for the fixture extension allowed in private windows
(one browser for the module, launched with `private_browsing=True`) and not allowed (the shared
`browser`; for PRIV-6, the peer extension of tests/conformance/extensions/
beside an allowed fixture extension, through `browser.extension(id)`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from check import check, holds, rejects, resolves_undefined
from expectations import expected
from scenarios import events_with_barrier, titles

import harness
from harness import Browser
from harness.pages import Pages

PEER_EXTENSION = Path(__file__).with_name("extensions") / "peer"


@pytest.fixture(scope="module")
def _private_browser(harness_launch_options: dict[str, Any]) -> Iterator[Browser]:
    """One browser for this module: the fixture extension allowed in private
    windows, and the peer extension (not allowed) beside it."""
    options = {**harness_launch_options, "private_browsing": True, "extensions": [str(PEER_EXTENSION)]}
    with harness.launch(**options) as browser:
        yield browser


@pytest.fixture
def private_allowed(_private_browser: Browser) -> Browser:
    """A browser whose fixture extension is allowed in private windows, reset for the test."""
    _private_browser.reset()
    return _private_browser


@pytest.mark.spec("PRIV-1")
def test_not_allowed_extension_cannot_open_a_private_window(browser: Browser, pages: Pages) -> None:
    rejects("PRIV-1", browser.windows.open, [pages.url("secret")], True, message=expected("PRIV-1.not_allowed"))
    check("PRIV-1", "number of windows after the rejected call", len(browser.windows.all()), 1)


@pytest.mark.spec("PRIV-2", "PRIV-3", "PRIV-4", "PRIV-5")
def test_private_window_for_an_allowed_extension(private_allowed: Browser, pages: Pages) -> None:
    browser = private_allowed
    s = browser.sessions
    window = browser.windows.open([pages.url("private-keep")], private=True)
    holds("PRIV-2", "windows.create({incognito: true})", window.raw, window.incognito is True, "a private window")

    tab = browser.tabs.open(pages.url("private-values"), window_id=window.id)
    resolves_undefined("PRIV-5", s.set_tab_value, tab.id, "k", "tab")
    resolves_undefined("PRIV-5", s.set_window_value, window.id, "k", "window")
    check(
        "PRIV-5",
        "get{Tab,Window}Value on a private tab and window",
        [s.get_tab_value(tab.id, "k"), s.get_window_value(window.id, "k")],
        ["tab", "window"],
    )

    closing = browser.tabs.open(pages.url("private-closed"), window_id=window.id)
    browser.tabs.close(closing.id, recorded=True)
    [entry] = s.get_recently_closed()
    got = {"title": entry.tab.title, "incognito": entry.tab.incognito, "windowId": entry.tab.window_id}
    check(
        "PRIV-2",
        "getRecentlyClosed() after closing a private tab",
        got,
        {"title": "private-closed", "incognito": True, "windowId": window.id},
    )
    check("PRIV-2", "onChanged count", events_with_barrier(browser, pages), 1)

    restored = s.restore(entry.tab.session_id)
    back = browser.tabs.wait_loaded(restored.tab.id, pages.url("private-closed"))
    check("PRIV-4", "restored private tab {windowId, incognito}", [back.window_id, back.incognito], [window.id, True])

    browser.tabs.close(back.id, recorded=True)
    browser.sessions.on_changed.clear()
    browser.windows.close(window.id, recorded=False)
    check("PRIV-3", "onChanged count after closing the private window", events_with_barrier(browser, pages), 0)
    check("PRIV-3", "getRecentlyClosed() after closing the private window", titles(browser), ["barrier"])


# Counts sessions.onChanged in the page the harness runs calls in (its own
# window global), so a later call can read what arrived since.
LISTEN = """
window.conformanceEvents = 0;
browser.sessions.onChanged.addListener(() => { window.conformanceEvents += 1; });
"""
# Resolves with the count once it reaches args[0] (the barrier's event), on the event itself.
COUNT_WHEN_AT_LEAST = """
if (window.conformanceEvents >= args[0]) return window.conformanceEvents;
return await new Promise((resolve) => {
  const listener = () => {
    if (window.conformanceEvents >= args[0]) {
      browser.sessions.onChanged.removeListener(listener);
      resolve(window.conformanceEvents);
    }
  };
  browser.sessions.onChanged.addListener(listener);
});
"""


@pytest.fixture
def allowed_and_not(private_allowed: Browser) -> tuple[Browser, Any]:
    """The fixture extension allowed in private windows, and the peer extension
    (tests/conformance/extensions/peer) not allowed, counting its onChanged events."""
    browser = private_allowed
    peer = browser.extension("peer@conformance.invalid")
    peer.execute(LISTEN)
    return browser, peer


def close_a_private_tab(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("private-keep")], private=True)
    browser.tabs.close(browser.tabs.open(pages.url("private-closed"), window_id=window.id).id, recorded=True)
    check("PRIV-6", "getRecentlyClosed() in the allowed fixture extension", titles(browser), ["private-closed"])


@pytest.mark.spec("PRIV-6")
def test_not_allowed_extension_does_not_list_private_closed_tabs(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    close_a_private_tab(browser, pages)
    got = [e.raw for e in peer.sessions.get_recently_closed()]
    check("PRIV-6", "getRecentlyClosed() in the not-allowed extension", got, [])


@pytest.mark.spec("PRIV-6")
def test_not_allowed_extension_gets_no_event_for_private_closes(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    close_a_private_tab(browser, pages)
    # The barrier: a normal tab's close, whose event reaches the peer after any event of the private close.
    browser.tabs.close(browser.tabs.open(pages.url("barrier"), window_id=browser.harness_window_id).id)
    got = peer.execute(COUNT_WHEN_AT_LEAST, 1)
    check("PRIV-6", "onChanged events in the not-allowed extension (expected: the barrier's only)", got, 1)
