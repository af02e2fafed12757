"""FGT, ARG-9/10, BND-5/7/8: forgetClosedTab and forgetClosedWindow."""

from __future__ import annotations

import pytest

from harness import Browser
from harness.pages import Pages

from .check import check, rejects, resolves_undefined
from .expectations import expected
from .scenarios import close_tab, close_window, titles


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("FGT-1")
def test_forget_closed_tab_removes_exactly_that_entry(browser: Browser, pages: Pages) -> None:
    for name in ("a", "b", "c"):
        close_tab(browser, pages, name)
    b = browser.sessions.get_recently_closed()[1]
    resolves_undefined("FGT-1", browser.sessions.forget_closed_tab, b.tab.window_id, b.tab.session_id)
    check("FGT-1", f"forgetClosedTab({b.tab.window_id}, {b.tab.session_id!r})", titles(browser), ["c", "a"])


@pytest.mark.needs("forgetClosedWindow")
@pytest.mark.spec("FGT-2")
def test_forget_closed_window_removes_exactly_that_entry(browser: Browser, pages: Pages) -> None:
    close_window(browser, pages, "w1")
    close_tab(browser, pages, "t")
    close_window(browser, pages, "w2")
    w1 = browser.sessions.get_recently_closed()[2]
    resolves_undefined("FGT-2", browser.sessions.forget_closed_window, w1.window.session_id)
    check("FGT-2", f"forgetClosedWindow({w1.window.session_id!r})", titles(browser), [["w2"], "t"])


@pytest.mark.needs("forgetClosedTab", "forgetClosedWindow")
@pytest.mark.spec("FGT-3")
def test_forgetting_unknown_or_forgotten_entries_is_rejected(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = close_tab(browser, pages, "gone").tab
    close_window(browser, pages, "gone-window")
    window = s.get_recently_closed(1)[0].window
    close_tab(browser, pages, "kept")
    s.forget_closed_tab(tab.window_id, tab.session_id)
    s.forget_closed_window(window.session_id)
    rejects(
        "FGT-3",
        s.forget_closed_tab,
        tab.window_id,
        tab.session_id,
        message=expected("FGT-3.unknown_tab", id=tab.session_id),
    )
    rejects("FGT-3", s.forget_closed_tab, tab.window_id, "999", message=expected("FGT-3.unknown_tab", id="999"))
    rejects(
        "FGT-3",
        s.forget_closed_window,
        window.session_id,
        message=expected("FGT-3.unknown_window", id=window.session_id),
    )
    rejects("FGT-3", s.forget_closed_window, "999", message=expected("FGT-3.unknown_window", id="999"))
    check("FGT-3", "getRecentlyClosed() after the rejected calls", titles(browser), ["kept"])


@pytest.mark.needs("forgetClosedTab", "forgetClosedWindow")
@pytest.mark.spec("FGT-4")
def test_forgetting_reopens_nothing_and_cannot_be_restored(browser: Browser, pages: Pages) -> None:
    tab = close_tab(browser, pages, "forgotten").tab
    tabs_before = len(browser.tabs.query())
    browser.sessions.forget_closed_tab(tab.window_id, tab.session_id)
    check("FGT-4", "number of open tabs after forgetClosedTab", len(browser.tabs.query()), tabs_before)
    rejects("FGT-4", browser.sessions.restore, tab.session_id, message=expected("RES-6.unknown_id", id=tab.session_id))
    window = close_window(browser, pages, "forgotten-window").window
    windows_before = len(browser.windows.all())
    browser.sessions.forget_closed_window(window.session_id)
    check("FGT-4", "number of open windows after forgetClosedWindow", len(browser.windows.all()), windows_before)
    rejects(
        "FGT-4", browser.sessions.restore, window.session_id, message=expected("RES-6.unknown_id", id=window.session_id)
    )


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("ARG-9", "ARG-6")
def test_forget_closed_tab_with_wrong_types_throws(browser: Browser) -> None:
    message = expected("ARG.incorrect_types", function="forgetClosedTab")
    s = browser.sessions
    for args in (("1", "1"), (1, 1), (1.5, "1")):
        rejects("ARG-9", s.forget_closed_tab, *args, message=message, synchronous=True)
    rejects("ARG-9", browser.execute, "return await browser.sessions.forgetClosedTab(1);", message=message)
    rejects("ARG-9", browser.execute, "return await browser.sessions.forgetClosedTab();", message=message)


@pytest.mark.needs("forgetClosedWindow")
@pytest.mark.spec("ARG-10")
def test_forget_closed_window_with_wrong_types_throws(browser: Browser) -> None:
    message = expected("ARG.incorrect_types", function="forgetClosedWindow")
    rejects("ARG-10", browser.sessions.forget_closed_window, 1, message=message, synchronous=True)
    rejects("ARG-10", browser.execute, "return await browser.sessions.forgetClosedWindow();", message=message)
    rejects(
        "ARG-10",
        browser.sessions.forget_closed_window,
        "abc",
        message=expected("RES-6.invalid_id", id="abc"),
        synchronous=False,
    )


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("BND-5")
def test_forget_closed_tab_with_window_id_current(browser: Browser, pages: Pages) -> None:
    tab = close_tab(browser, pages, "here", window_id=browser.harness_window_id).tab
    resolves_undefined("BND-5", browser.sessions.forget_closed_tab, -2, tab.session_id)
    check("BND-5", f"forgetClosedTab(-2, {tab.session_id!r})", titles(browser), [])


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("BND-7")
def test_forget_closed_tab_in_the_wrong_window(browser: Browser, pages: Pages) -> None:
    tab = close_tab(browser, pages, "mine", window_id=browser.harness_window_id).tab
    other = browser.windows.open([pages.url("other")])
    s = browser.sessions
    rejects(
        "BND-7", s.forget_closed_tab, other.id, tab.session_id, message=expected("FGT-3.unknown_tab", id=tab.session_id)
    )
    closed = browser.windows.open([pages.url("to-close")])
    browser.windows.close(closed.id)
    rejects(
        "BND-7", s.forget_closed_tab, closed.id, tab.session_id, message=expected("VAL-11.invalid_window", id=closed.id)
    )
    check("BND-7", "getRecentlyClosed() after the rejected calls", titles(browser), [["to-close"], "mine"])


@pytest.mark.needs("forgetClosedTab", "forgetClosedWindow")
@pytest.mark.spec("BND-8")
def test_ids_of_the_other_kind_are_not_found(browser: Browser, pages: Pages) -> None:
    tab = close_tab(browser, pages, "a-tab", window_id=browser.harness_window_id).tab
    window = close_window(browser, pages, "a-window").window
    s = browser.sessions
    rejects(
        "BND-8",
        s.forget_closed_tab,
        browser.harness_window_id,
        window.session_id,
        message=expected("FGT-3.unknown_tab", id=window.session_id),
    )
    rejects(
        "BND-8", s.forget_closed_window, tab.session_id, message=expected("FGT-3.unknown_window", id=tab.session_id)
    )
    check("BND-8", "getRecentlyClosed() after the rejected calls", titles(browser), [["a-window"], "a-tab"])


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("BND-11")
@pytest.mark.parametrize("window_id", [0, -1])
def test_forget_closed_tab_with_window_id_zero_or_minus_one(browser: Browser, pages: Pages, window_id: int) -> None:
    tab = close_tab(browser, pages, "kept", window_id=browser.harness_window_id).tab
    rejects(
        "BND-11",
        browser.sessions.forget_closed_tab,
        window_id,
        tab.session_id,
        message=expected("VAL-11.invalid_window", id=window_id),
        synchronous=False,
    )
    check("BND-11", "getRecentlyClosed() after the rejected call", titles(browser), ["kept"])


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("FGT-5")
def test_forget_closed_tab_checks_the_window_before_the_session_id(browser: Browser, pages: Pages) -> None:
    tab = close_tab(browser, pages, "kept", window_id=browser.harness_window_id).tab
    s = browser.sessions
    for session_id in ("abc", tab.session_id, "999999"):
        rejects(
            "FGT-5",
            s.forget_closed_tab,
            999999,
            session_id,
            message=expected("VAL-11.invalid_window", id=999999),
            synchronous=False,
        )
    check("FGT-5", "getRecentlyClosed() after the rejected calls", titles(browser), ["kept"])


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("FGT-6")
def test_forget_closed_tab_with_a_non_numeric_session_id(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "kept", window_id=browser.harness_window_id)
    for session_id in ("abc", ""):
        rejects(
            "FGT-6",
            browser.sessions.forget_closed_tab,
            browser.harness_window_id,
            session_id,
            message=expected("RES-6.invalid_id", id=session_id),
            synchronous=False,
        )
    check("FGT-6", "getRecentlyClosed() after the rejected calls", titles(browser), ["kept"])
