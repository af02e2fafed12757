"""PRIV: private browsing, for the fixture extension allowed in private windows
and not allowed (for PRIV-6, the peer extension of harness/conformance/extensions/
beside an allowed fixture extension, through `browser.extension(id)`). On Firefox
all of it runs in the worker's browser: `Browser.allow_private()` switches the
fixture extension's access and `add_extensions()` adds the peer for the module.
PRIV-14 launches a browser of its own with a split-mode extension allowed there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness
from harness import Browser, ExtensionError, Session, Window
from harness.pages import Pages
from harness.plugin import BrowserHolder

from .check import check, holds, rejects, resolves, resolves_undefined
from .expectations import Unjudged, expected
from .scenarios import VALUE_FUNCTIONS, close_tab, title_starting_with, titles

PEER_EXTENSION = Path(__file__).with_name("extensions") / "peer"
SPLIT_EXTENSION = Path(__file__).with_name("extensions") / "split_incognito"
SPLIT_ANSWERED = "split incognito (answered): "


@pytest.fixture(scope="module")
def _private_browser(
    _harness_browser_holder: BrowserHolder, harness_launch_options: dict[str, Any]
) -> Iterator[Browser]:
    """The worker's browser with the peer extension (not allowed in private windows) added for
    this module and removed after it; each test sets the fixture extension's access itself
    (private_allowed, not_allowed). A browser that sets that access only at launch (Chromium)
    gets one of its own, launched with the fixture extension allowed."""
    shared = _harness_browser_holder.get()
    if not shared.engine.private_access_at_runtime:
        # Added after the launch: private_browsing allows only the extensions given at launch.
        with harness.launch(**{**harness_launch_options, "private_browsing": True}) as own:
            own.add_extensions(PEER_EXTENSION)
            yield own
        return
    [peer] = shared.add_extensions(PEER_EXTENSION)
    try:
        yield shared
    finally:
        if shared.alive:
            shared.remove_extensions(peer.id)
            if shared.config.private_browsing:
                shared.allow_private(False)


@pytest.fixture
def private_allowed(_private_browser: Browser) -> Browser:
    """A browser whose fixture extension is allowed in private windows, reset for the test."""
    if not _private_browser.config.private_browsing:
        _private_browser.allow_private(True)
    _private_browser.reset()
    return _private_browser


@pytest.fixture
def not_allowed(browser: Browser) -> Browser:
    """The worker's browser with the fixture extension not allowed in private windows
    (this module may have allowed it in the same browser)."""
    if browser.config.private_browsing:
        browser.allow_private(False)
        browser.reset()
    return browser


@pytest.mark.spec("PRIV-1")
def test_not_allowed_extension_cannot_open_a_private_window(not_allowed: Browser, pages: Pages) -> None:
    browser = not_allowed
    driver = browser.driver
    bridge, before = driver.current_window_handle, driver.window_handles
    try:
        created = browser.execute(
            "const w = await browser.windows.create({incognito: true, url: args[0]}); return w && w.id;",
            pages.url("secret"),
        )
        got = f"resolved: {created!r}"
    except ExtensionError as exc:
        got = f"rejected: {exc.message}"
    finally:
        # A window the extension may not see: closed through WebDriver, before any check can fail.
        opened = [h for h in driver.window_handles if h not in before]
        for handle in opened:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(bridge)
    message = expected("PRIV-1.not_allowed")
    want = message if isinstance(message, Unjudged) else f"rejected: {message}"
    check("PRIV-1", "windows.create({incognito: true, url})", got, want)
    check("PRIV-1", "windows WebDriver sees opened by the rejected call", len(opened), 0)
    check("PRIV-1", "number of windows after the rejected call", len(browser.windows.all()), 1)


def barrier(browser: Browser, pages: Pages) -> int:
    """scenarios.events_with_barrier, with the barrier's tab in the harness's
    (normal) window, whichever window has focus: the onChanged count before it."""
    events = browser.sessions.on_changed
    before = events.count
    browser.tabs.close(browser.tabs.open(pages.url("barrier"), window_id=browser.harness_window_id).id)
    events.wait(before + 1)
    return events.count - 1


def close_private_tab(browser: Browser, pages: Pages, window_id: int, name: str) -> None:
    """Close a tab of a private window without waiting for a record (a browser
    may record none), then a barrier: any record of it is in before the barrier's."""
    browser.tabs.close(browser.tabs.open(pages.url(name), window_id=window_id).id, recorded=False)
    barrier(browser, pages)


def private_entries(browser: Browser) -> list[Any]:
    return [e for e in browser.sessions.get_recently_closed() if e.tab and e.tab.incognito is True]


@pytest.mark.spec("PRIV-2")
def test_closed_private_tab_is_listed(private_allowed: Browser, pages: Pages) -> None:
    browser = private_allowed
    s = browser.sessions
    window = browser.windows.open([pages.url("private-keep")], private=True)
    holds("PRIV-2", "windows.create({incognito: true})", window.raw, window.incognito is True, "a private window")
    events = s.on_changed
    events.clear()
    close_private_tab(browser, pages, window.id, "private-closed")
    check("PRIV-2", "onChanged count for the private close and the barrier", events.count, 2)
    got = [
        {"title": e.tab.title, "incognito": e.tab.incognito, "windowId": e.tab.window_id}
        for e in private_entries(browser)
    ]
    check(
        "PRIV-2",
        "getRecentlyClosed() after closing a private tab",
        got,
        [{"title": "private-closed", "incognito": True, "windowId": window.id}],
    )


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-4")
def test_closed_private_tab_is_restored_into_its_window(private_allowed: Browser, pages: Pages) -> None:
    browser = private_allowed
    window = browser.windows.open([pages.url("private-keep")], private=True)
    close_private_tab(browser, pages, window.id, "private-closed")
    found = private_entries(browser)
    check("PRIV-4", "private entries of getRecentlyClosed()", [e.tab.title for e in found], ["private-closed"])
    restored = browser.sessions.restore(found[0].tab.session_id)
    back = browser.tabs.wait_loaded(restored.tab.id, pages.url("private-closed"))
    check("PRIV-4", "restored private tab {windowId, incognito}", [back.window_id, back.incognito], [window.id, True])


@pytest.mark.spec("PRIV-3")
def test_closing_a_private_window_records_nothing(private_allowed: Browser, pages: Pages) -> None:
    browser = private_allowed
    window = browser.windows.open([pages.url("private-keep")], private=True)
    close_private_tab(browser, pages, window.id, "private-closed")
    browser.sessions.on_changed.clear()
    browser.windows.close(window.id, recorded=False)
    check("PRIV-3", "onChanged count after closing the private window", barrier(browser, pages), 0)
    check("PRIV-3", "getRecentlyClosed() after closing the private window", titles(browser), ["barrier", "barrier"])


@pytest.mark.needs("setTabValue", "getTabValue", "setWindowValue", "getWindowValue")
@pytest.mark.spec("PRIV-5")
def test_values_on_private_tabs_and_windows(private_allowed: Browser, pages: Pages) -> None:
    browser = private_allowed
    s = browser.sessions
    window = browser.windows.open([pages.url("private-keep")], private=True)
    tab = browser.tabs.open(pages.url("private-values"), window_id=window.id)
    resolves_undefined("PRIV-5", s.set_tab_value, tab.id, "k", "tab")
    resolves_undefined("PRIV-5", s.set_window_value, window.id, "k", "window")
    check(
        "PRIV-5",
        "get{Tab,Window}Value on a private tab and window",
        [s.get_tab_value(tab.id, "k"), s.get_window_value(window.id, "k")],
        ["tab", "window"],
    )


# Records sessions.onChanged in the page the harness runs calls in (its own
# window global): for each event, the title of the newest closed tab this
# extension sees right after it, so that a later call can find a barrier's event.
LISTEN = """
window.conformanceEvents = [];
browser.sessions.onChanged.addListener(() => {
  const number = window.conformanceEvents.push(null);
  browser.sessions.getRecentlyClosed({maxResults: 1}).then(([newest]) => {
    window.conformanceEvents[number - 1] = newest && newest.tab ? newest.tab.title : "";
  });
});
"""
# The number of events up to the first after which the newest entry is titled args[0] (0: none yet).
EVENTS_UNTIL = "const i = window.conformanceEvents.indexOf(args[0]); return i + 1;"


@pytest.fixture
def allowed_and_not(private_allowed: Browser) -> tuple[Browser, Any]:
    """The fixture extension allowed in private windows, and the peer extension
    (harness/conformance/extensions/peer) not allowed, counting its onChanged events."""
    browser = private_allowed
    peer = browser.extension("peer@conformance.invalid")
    peer.execute(LISTEN)
    return browser, peer


def close_a_private_tab(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("private-keep")], private=True)
    close_private_tab(browser, pages, window.id, "private-closed")
    got = [e.tab.title for e in private_entries(browser)]
    check("PRIV-6", "private entries of getRecentlyClosed() in the allowed fixture extension", got, ["private-closed"])


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-6")
def test_not_allowed_extension_does_not_list_private_closed_tabs(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    close_a_private_tab(browser, pages)
    got = [e.tab.title if e.tab else e.raw for e in peer.sessions.get_recently_closed()]
    check("PRIV-6", "getRecentlyClosed() in the not-allowed extension (expected: the barrier only)", got, ["barrier"])


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-6")
def test_not_allowed_extension_gets_no_event_for_private_closes(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    close_a_private_tab(browser, pages)
    # A normal tab's close, whose event reaches the peer after any event of the private close
    # (and of close_a_private_tab's own barrier).
    browser.tabs.close(browser.tabs.open(pages.url("last-barrier"), window_id=browser.harness_window_id).id)
    got = peer.wait_for(EVENTS_UNTIL, "last-barrier", message="the peer's onChanged for the last barrier")
    check("PRIV-6", "onChanged events in the not-allowed extension (expected: the two barriers' only)", got, 2)


# -- an extension not allowed in private windows (the peer) beside the allowed fixture --------------


def close_in_a_private_window(browser: Browser, pages: Pages, item: str) -> tuple[Window, Session]:
    """A private window (kept open) with a tab closed from it; the allowed fixture's entry for that tab,
    which the test of `item` needs (a browser that lists none fails `item` here)."""
    window = browser.windows.open([pages.url("private-keep")], private=True)
    recorded = expected("PRIV-2.private_close_recorded")  # whether to wait for the close's record
    tab = browser.tabs.open(pages.url("private-closed"), window_id=window.id)
    browser.tabs.close(tab.id, recorded=recorded if isinstance(recorded, bool) else None)
    found = [e for e in browser.sessions.get_recently_closed() if e.tab and e.tab.title == "private-closed"]
    check(
        item,
        "the allowed fixture's entries for the private tab it closed",
        [e.tab.title for e in found],
        ["private-closed"],
    )
    return window, found[0]


def open_tabs(browser: Browser) -> list[str]:
    """The urls of every open tab, private ones included (the fixture is allowed in private windows)."""
    return sorted(t.url for t in browser.tabs.query())


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-7")
def test_not_allowed_restore_without_id_does_not_skip_a_newer_private_entry(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    close_tab(browser, pages, "older", window_id=browser.harness_window_id)
    _, private = close_in_a_private_window(browser, pages, "PRIV-7")
    before = open_tabs(browser)
    rejects(
        "PRIV-7",
        peer.sessions.restore,
        message=expected("PRIV-7.newest_is_private", id=private.tab.session_id),
    )
    check("PRIV-7", "open tabs after the rejected restore()", open_tabs(browser), before)
    check("PRIV-7", "getRecentlyClosed() in the allowed fixture", titles(browser), ["private-closed", "older"])


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-8")
def test_not_allowed_restore_of_a_private_session_id(allowed_and_not: tuple[Browser, Any], pages: Pages) -> None:
    browser, peer = allowed_and_not
    _, private = close_in_a_private_window(browser, pages, "PRIV-8")
    before = open_tabs(browser)
    session_id = private.tab.session_id
    rejects("PRIV-8", peer.sessions.restore, session_id, message=expected("RES-6.unknown_id", id=session_id))
    check("PRIV-8", "open tabs after the rejected restore", open_tabs(browser), before)
    check("PRIV-8", "getRecentlyClosed() in the allowed fixture", titles(browser), ["private-closed"])


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-9")
def test_not_allowed_restore_after_the_private_window_closed(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    window, _ = close_in_a_private_window(browser, pages, "PRIV-9")
    browser.windows.close(window.id, recorded=False)
    before = [len(browser.windows.all()), open_tabs(browser)]
    rejects("PRIV-9", peer.sessions.restore, message=expected("RES-6.nothing_to_restore"))
    check(
        "PRIV-9",
        "[windows, open tabs] after the rejected restore()",
        [len(browser.windows.all()), open_tabs(browser)],
        before,
    )
    check("PRIV-9", "getRecentlyClosed() in the allowed fixture", titles(browser), [])


@pytest.mark.needs(*VALUE_FUNCTIONS)
@pytest.mark.spec("PRIV-10")
def test_not_allowed_value_functions_on_a_private_tab_and_window(
    allowed_and_not: tuple[Browser, Any], pages: Pages
) -> None:
    browser, peer = allowed_and_not
    window = browser.windows.open([pages.url("private-valued")], private=True)
    tab_id = window.tabs[0].id
    s = peer.sessions
    tab_message = expected("VAL-8.invalid_tab", id=tab_id)
    window_message = expected("VAL-11.invalid_window", id=window.id)
    rejects("PRIV-10", s.set_tab_value, tab_id, "k", 1, message=tab_message)
    rejects("PRIV-10", s.get_tab_value, tab_id, "k", message=tab_message)
    rejects("PRIV-10", s.remove_tab_value, tab_id, "k", message=tab_message)
    rejects("PRIV-10", s.set_window_value, window.id, "k", 1, message=window_message)
    rejects("PRIV-10", s.get_window_value, window.id, "k", message=window_message)
    rejects("PRIV-10", s.remove_window_value, window.id, "k", message=window_message)


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-11")
def test_not_allowed_forget_closed_tab_in_a_private_window(allowed_and_not: tuple[Browser, Any], pages: Pages) -> None:
    browser, peer = allowed_and_not
    window, private = close_in_a_private_window(browser, pages, "PRIV-11")
    rejects(
        "PRIV-11",
        peer.sessions.forget_closed_tab,
        window.id,
        private.tab.session_id,
        message=expected("VAL-11.invalid_window", id=window.id),
    )
    check("PRIV-11", "getRecentlyClosed() in the allowed fixture", titles(browser), ["private-closed"])


# Firefox's pref for whether getRecentlyClosed() lists the closed tabs of every window or of the
# current one; the restores below must put the tab back at its index either way. Set only where the
# browser has prefs (elsewhere both parameters run with the browser's own behaviour).
ALL_WINDOWS = "browser.sessionstore.closedTabsFromAllWindows"
FROM_ALL_WINDOWS = pytest.mark.parametrize("from_all_windows", [True, False], ids=["all-windows", "this-window"])


def set_from_all_windows(browser: Browser, value: bool) -> None:
    if browser.engine.has_prefs:
        browser.set_prefs({ALL_WINDOWS: value})


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-12")
@FROM_ALL_WINDOWS
def test_not_allowed_restores_a_normal_entry_by_id_past_a_newer_private_one(
    allowed_and_not: tuple[Browser, Any], pages: Pages, from_all_windows: bool
) -> None:
    browser, peer = allowed_and_not
    set_from_all_windows(browser, from_all_windows)
    older = close_tab(browser, pages, "older", window_id=browser.harness_window_id).tab
    close_in_a_private_window(browser, pages, "PRIV-12")
    restored = resolves("PRIV-12", peer.sessions.restore, older.session_id)
    call = f"sessions.restore({older.session_id!r}) in the not-allowed extension"
    check(
        "PRIV-12",
        call + ".tab.{title, windowId, incognito, index}",
        [restored.tab.title, restored.tab.window_id, restored.tab.incognito, restored.tab.index],
        ["older", browser.harness_window_id, False, older.index],
    )
    check("PRIV-12", "getRecentlyClosed() in the allowed fixture", titles(browser), ["private-closed"])


@pytest.mark.needs("private closed entries")
@pytest.mark.spec("PRIV-13")
@FROM_ALL_WINDOWS
def test_allowed_restore_puts_a_private_tab_back_while_a_normal_window_has_focus(
    private_allowed: Browser, pages: Pages, from_all_windows: bool
) -> None:
    browser = private_allowed
    set_from_all_windows(browser, from_all_windows)
    window, closed = close_in_a_private_window(browser, pages, "PRIV-13")
    normal = browser.windows.open([pages.url("focused-normal")])
    holds(
        "PRIV-13",
        "windows.get(normal window).focused",
        normal.raw,
        browser.windows.get(normal.id).focused is True,
        "the normal window has focus",
    )
    restored = resolves("PRIV-13", browser.sessions.restore)
    check(
        "PRIV-13",
        "sessions.restore().tab.{title, windowId, incognito, index}",
        [restored.tab.title, restored.tab.window_id, restored.tab.incognito, restored.tab.index],
        ["private-closed", window.id, True, closed.tab.index],
    )
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("private-closed"))
    check(
        "PRIV-13",
        "the restored tab, loaded: {windowId, incognito}",
        [loaded.window_id, loaded.incognito],
        [window.id, True],
    )


@pytest.mark.needs("split incognito mode")
@pytest.mark.spec("PRIV-14")
def test_split_mode_incognito_copy_lists_nothing_and_cannot_restore(
    harness_launch_options: dict[str, Any], pages: Pages
) -> None:
    options = {**harness_launch_options, "private_browsing": True, "extensions": [str(SPLIT_EXTENSION)]}
    with harness.launch(**options) as browser:
        [split] = browser.user_extensions
        allowed = browser.extension(split.id).execute("return await browser.extension.isAllowedIncognitoAccess();")
        # A browser without split mode refuses the access (Firefox installs it as "not_allowed").
        got = f"extension.isAllowedIncognitoAccess() answers {json.dumps(allowed)}"
        check(
            "PRIV-14",
            "the split extension, launched with private_browsing=True",
            got,
            got.replace(json.dumps(allowed), "true"),
        )
        close_tab(browser, pages, "closed-normally")
        [entry] = browser.sessions.get_recently_closed()
        assert entry.tab is not None, entry.raw
        page = browser.engine.page_url(split.id, f"split.html?id={entry.tab.session_id}")
        window = browser.windows.open([page], private=True)
        holds("PRIV-14", "windows.create({incognito: true})", window.raw, window.incognito is True, "a private window")
        got = json.loads(title_starting_with(browser, SPLIT_ANSWERED)[len(SPLIT_ANSWERED) :])
        refused = {"error": expected("PRIV-14.restore_in_incognito")}
        want = {"inIncognitoContext": True, "getRecentlyClosed": {"value": []}, "restoreNewest": refused}
        check(
            "PRIV-14",
            "the split extension's incognito copy: getRecentlyClosed(), restore()",
            got,
            {**want, "restoreById": refused},
        )
        still = [e.tab.title if e.tab else e.raw for e in browser.sessions.get_recently_closed()]
        check(
            "PRIV-14",
            "getRecentlyClosed() in the regular profile after the refused restores",
            still,
            ["closed-normally"],
        )
