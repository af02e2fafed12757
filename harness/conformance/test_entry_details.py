"""SES-14/15, CB-1/2, FGT-8, RES-13/14, VAL-20: the exact shape of closed
entries, the callback forms, and forgetting or restoring entries other than
the oldest or newest."""

from __future__ import annotations

import pytest

from harness import UNDEFINED, Browser, ExtensionError
from harness.pages import Pages

from .check import check, rejects, resolves_undefined
from .expectations import expected
from .scenarios import browser_now, close_tab, close_window, titles


@pytest.mark.spec("SES-14")
def test_a_closed_tab_has_exactly_its_keys(browser: Browser, pages: Pages) -> None:
    entry = close_tab(browser, pages, "lone")
    check("SES-14", "getRecentlyClosed()[0] keys", sorted(entry.raw), ["lastModified", "tab"])
    check("SES-14", "getRecentlyClosed()[0].tab keys", sorted(entry.raw["tab"]), expected("SES-14.closed_tab_keys"))


@pytest.mark.spec("SES-15")
def test_the_tabs_of_a_closed_window_have_exactly_their_keys_and_flags(browser: Browser, pages: Pages) -> None:
    opened = browser_now(browser)
    window = browser.windows.open([pages.url("w-a"), pages.url("w-b")])
    browser.windows.close(window.id)
    [entry] = browser.sessions.get_recently_closed()
    tabs = entry.raw["window"]["tabs"]
    check(
        "SES-15",
        "getRecentlyClosed()[0].window.tabs[] keys",
        [sorted(tab) for tab in tabs],
        [expected("SES-14.closed_tab_keys")] * 2,
    )
    check(
        "SES-15",
        "getRecentlyClosed()[0].window.tabs[].{highlighted, pinned}",
        [{"highlighted": tab.get("highlighted"), "pinned": tab.get("pinned")} for tab in tabs],
        [{"highlighted": False, "pinned": False}] * 2,
    )
    # Each tab's lastAccessed, or "within" where it lies between the window's opening and its close.
    close_ms = entry.last_modified * (1000 if expected("GRC-2.last_modified_unit") == "seconds" else 1)
    accessed = [tab.get("lastAccessed") for tab in tabs]
    check(
        "SES-15",
        f"getRecentlyClosed()[0].window.tabs[].lastAccessed (window opened at {opened}, closed at {close_ms})",
        ["within" if type(t) is int and opened <= t <= close_ms else t for t in accessed],
        ["within", "within"],
    )


# The callback forms: each resolves the outer promise with what its callback got.
GET_WITH_FILTER_AND_CALLBACK = """
return await new Promise((resolve) => {
  browser.sessions.getRecentlyClosed({}, (list) => resolve(list.map((s) => s.tab.title)));
});
"""
CHROME_GET_WITH_CALLBACK_ONLY = """
return await new Promise((resolve) => {
  chrome.sessions.getRecentlyClosed((list) => resolve(list.map((s) => s.tab.title)));
});
"""
RESTORE_WITH_CALLBACK = """
return await new Promise((resolve) => {
  chrome.sessions.restore(args[0], (session) => resolve({
    keys: Object.keys(session).sort(),
    opened: typeof session.tab.id === "number" && session.tab.sessionId === undefined,
  }));
});
"""


@pytest.mark.spec("CB-1")
def test_callbacks_get_the_result(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "first")
    entry = close_tab(browser, pages, "second")
    check("CB-1", "getRecentlyClosed({}, callback)", browser.execute(GET_WITH_FILTER_AND_CALLBACK), ["second", "first"])
    check(
        "CB-1",
        "chrome.sessions.getRecentlyClosed(callback)",
        browser.execute(CHROME_GET_WITH_CALLBACK_ONLY),
        ["second", "first"],
    )
    check(
        "CB-1",
        f"chrome.sessions.restore({entry.tab.session_id!r}, callback)",
        browser.execute(RESTORE_WITH_CALLBACK, entry.tab.session_id),
        {"keys": ["lastModified", "tab"], "opened": True},
    )
    check("CB-1", "getRecentlyClosed() after the restore", titles(browser), ["first"])


@pytest.mark.needs("forgetClosedWindow")
@pytest.mark.spec("CB-2")
def test_a_callback_where_the_schema_takes_none_throws(browser: Browser, pages: Pages) -> None:
    window = close_window(browser, pages, "kept").window
    rejects(
        "CB-2",
        browser.execute,
        "browser.sessions.forgetClosedWindow(args[0], () => {});",
        window.session_id,
        message=expected("ARG.incorrect_types", function="forgetClosedWindow"),
    )
    check("CB-2", "getRecentlyClosed() after the call", titles(browser), [["kept"]])


@pytest.mark.needs("forgetClosedWindow")
@pytest.mark.spec("FGT-8")
def test_forget_the_newest_and_a_middle_window(browser: Browser, pages: Pages) -> None:
    close_window(browser, pages, "w1")
    close_tab(browser, pages, "t")
    newest = close_window(browser, pages, "w2").window
    resolves_undefined("FGT-8", browser.sessions.forget_closed_window, newest.session_id)
    check("FGT-8", f"forgetClosedWindow({newest.session_id!r}) of [w2, t, w1]", titles(browser), ["t", ["w1"]])
    browser.reset()
    close_window(browser, pages, "w1")
    close_window(browser, pages, "w2")
    close_window(browser, pages, "w3")
    middle = browser.sessions.get_recently_closed()[1].window
    resolves_undefined("FGT-8", browser.sessions.forget_closed_window, middle.session_id)
    check("FGT-8", f"forgetClosedWindow({middle.session_id!r}) of [w3, w2, w1]", titles(browser), [["w3"], ["w1"]])


@pytest.mark.spec("RES-13")
def test_restoring_a_window_twice_fails_and_opens_nothing(browser: Browser, pages: Pages) -> None:
    window = close_window(browser, pages, "twice").window
    browser.sessions.restore(window.session_id)
    count = len(browser.windows.all())
    rejects(
        "RES-13",
        browser.sessions.restore,
        window.session_id,
        message=expected("RES-6.unknown_id", id=window.session_id),
    )
    check("RES-13", "number of open windows after the second restore", len(browser.windows.all()), count)


@pytest.mark.spec("RES-14")
def test_restore_of_minus_one(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "older")
    close_tab(browser, pages, "newer")
    try:
        session = browser.sessions.restore("-1")
        outcome: object = {"restored": session.tab.title if session.tab else UNDEFINED}
    except ExtensionError as exc:  # the browser's answer, compared below
        outcome = {"rejected": exc.message}
    check("RES-14", 'restore("-1")', outcome, expected("RES-14.minus_one"))
    check("RES-14", 'getRecentlyClosed() after restore("-1")', titles(browser), expected("RES-14.left"))


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("VAL-20")
def test_grouping_a_tab_into_another_window_keeps_its_values(browser: Browser, pages: Pages) -> None:
    first = browser.windows.open([pages.url("g-1"), pages.url("g-2")])
    other = browser.windows.open([pages.url("other")])
    tab_id = first.tabs[1].id
    browser.sessions.set_tab_value(tab_id, "group", "kept")
    browser.execute(
        "await browser.tabs.group({tabIds: [args[0]], createProperties: {windowId: args[1]}});", tab_id, other.id
    )
    check(
        "VAL-20",
        "tabs.get(tab).windowId after tabs.group into the other window",
        browser.tabs.get(tab_id).window_id,
        other.id,
    )
    check(
        "VAL-20",
        f"getTabValue({tab_id}, 'group') after the group",
        browser.sessions.get_tab_value(tab_id, "group"),
        "kept",
    )
