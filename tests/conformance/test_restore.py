"""RES, RST, SES-5, ARG-7/8, BND-9, DUP-3: restore(sessionId) and where things land."""

from __future__ import annotations

import pytest
from check import check, holds, rejects, resolves
from expectations import expected
from scenarios import close_tab, close_window, events_with_barrier, titles

from harness import UNDEFINED, Browser, ExtensionError
from harness.pages import Pages


@pytest.mark.spec("RES-1", "SES-5", "RST-2")
def test_restoring_a_tab_reopens_it_with_a_new_id(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("back"))
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    restored = resolves("RES-1", browser.sessions.restore, entry.tab.session_id)
    call = f"sessions.restore({entry.tab.session_id!r})"
    holds("RES-1", call, restored.raw, isinstance(restored.tab.id, int) and restored.tab.id != tab.id, "a new tab id")
    holds("SES-5", call, restored.raw, restored.tab.session_id is UNDEFINED, "an open tab: no sessionId")
    check("RES-1", "getRecentlyClosed() after restore", browser.sessions.get_recently_closed(), [])
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("back"))
    # Urls, not titles, of tabs that have just loaded: a restored tab's title can lag its load.
    check("RES-1", "tabs.get(restored id).url", loaded.url, pages.url("back"))
    check("RST-2", "restored tab active", [restored.tab.active, loaded.active], [True, True])


@pytest.mark.spec("RES-2", "SES-5", "RST-5")
def test_restoring_a_window_reopens_it_with_its_tabs(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("one"), pages.url("two"), pages.url("three")])
    browser.windows.close(window.id)
    [entry] = browser.sessions.get_recently_closed()
    restored = resolves("RES-2", browser.sessions.restore, entry.window.session_id)
    call = f"sessions.restore({entry.window.session_id!r})"
    new = restored.window
    holds("RES-2", call, new.raw, isinstance(new.id, int) and new.id != window.id, "a new window id")
    holds("SES-5", call, new.raw, new.session_id is UNDEFINED, "an open window: no sessionId")
    check("RES-2", call + ".window.tabs[].title", [t.title for t in new.tabs], ["one", "two", "three"])
    for tab, name in zip(new.tabs, ("one", "two", "three"), strict=True):
        browser.tabs.wait_loaded(tab.id, pages.url(name))
    opened = browser.windows.get(new.id)
    check(
        "RST-5",
        "windows.get(restored).tabs[].url",
        [t.url for t in opened.tabs],
        [pages.url(n) for n in ("one", "two", "three")],
    )
    check("RST-5", "windows.get(restored).focused", opened.focused, True)
    check("RES-2", "getRecentlyClosed() after restore", browser.sessions.get_recently_closed(), [])


@pytest.mark.spec("RES-3")
def test_restoring_restores_navigation_history(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("A"))
    browser.tabs.navigate(tab.id, pages.url("B"))
    browser.tabs.navigate(tab.id, pages.url("C"))
    browser.tabs.close(tab.id)
    restored = browser.sessions.restore()
    new_id = restored.tab.id
    check("RES-3", "restored tab", browser.tabs.wait_loaded(new_id, pages.url("C")).url, pages.url("C"))
    check("RES-3", "tabs.goBack(restored)", browser.tabs.go_back(new_id).url, pages.url("B"))
    check("RES-3", "tabs.goBack(restored) again", browser.tabs.go_back(new_id).url, pages.url("A"))
    check("RES-3", "tabs.goForward(restored)", browser.tabs.go_forward(new_id).url, pages.url("B"))


@pytest.mark.spec("RES-4")
def test_restore_without_argument_restores_the_newest_entry(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "old-tab")
    close_window(browser, pages, "newest-window")
    restored = resolves("RES-4", browser.sessions.restore)
    holds(
        "RES-4", "sessions.restore()", restored.raw, restored.window is not UNDEFINED, "the window (newest) is restored"
    )
    check("RES-4", "getRecentlyClosed() after restore()", titles(browser), ["old-tab"])
    close_tab(browser, pages, "new-tab")
    restored = resolves("RES-4", browser.sessions.restore)
    check("RES-4", "sessions.restore().tab.title", restored.tab.title, "new-tab")
    check("RES-4", "getRecentlyClosed() after restore()", titles(browser), ["old-tab"])


@pytest.mark.spec("RES-5", "RST-1")
def test_a_restored_tab_returns_to_its_window_and_index(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("p0"), pages.url("p1"), pages.url("p2")])
    browser.tabs.close(window.tabs[1].id)
    restored = browser.sessions.restore()
    check("RES-5", "sessions.restore().tab.windowId", restored.tab.window_id, window.id)
    check("RST-1", "sessions.restore().tab.index", restored.tab.index, 1)
    browser.tabs.wait_loaded(restored.tab.id, pages.url("p1"))
    order = [t.url for t in browser.windows.get(window.id).tabs]
    check("RST-1", "windows.get(window).tabs[].url", order, [pages.url(n) for n in ("p0", "p1", "p2")])


@pytest.mark.spec("RES-6")
def test_unknown_and_malformed_ids_are_rejected(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    rejects("RES-6", s.restore, message=expected("RES-6.nothing_to_restore"))
    close_tab(browser, pages, "kept")
    rejects("RES-6", s.restore, "abc", message=expected("RES-6.invalid_id", id="abc"), synchronous=False)
    rejects("RES-6", s.restore, "12345", message=expected("RES-6.unknown_id", id="12345"), synchronous=False)
    check("RES-6", "getRecentlyClosed() after the rejected calls", titles(browser), ["kept"])


@pytest.mark.spec("RES-7")
def test_restoring_the_same_id_twice_fails_the_second_time(browser: Browser, pages: Pages) -> None:
    entry = close_tab(browser, pages, "twice")
    session_id = entry.tab.session_id
    restored = browser.sessions.restore(session_id)
    browser.tabs.wait_loaded(restored.tab.id, pages.url("twice"))
    tabs_before = len(browser.tabs.query())
    rejects("RES-7", browser.sessions.restore, session_id, message=expected("RES-6.unknown_id", id=session_id))
    check("RES-7", "number of open tabs after the second restore", len(browser.tabs.query()), tabs_before)


@pytest.mark.spec("ARG-7", "ARG-6")
def test_restore_with_a_non_string_id_throws(browser: Browser) -> None:
    message = expected("ARG.incorrect_types", function="restore")
    for bad in (5, {}, True):
        rejects("ARG-7", browser.sessions.restore, bad, message=message, synchronous=True)
    rejects("ARG-7", browser.execute, "return await browser.sessions.restore('1', '2');", message=message)


@pytest.mark.spec("ARG-8")
def test_restore_of_null_or_empty_string_restores_the_newest(browser: Browser, pages: Pages) -> None:
    rejects(
        "ARG-8",
        browser.execute,
        "return await browser.sessions.restore(null);",
        message=expected("RES-6.nothing_to_restore"),
    )
    rejects("ARG-8", browser.sessions.restore, "", message=expected("RES-6.nothing_to_restore"))
    close_tab(browser, pages, "older")
    close_tab(browser, pages, "newer")
    check("ARG-8", 'sessions.restore("").tab.title', resolves("ARG-8", browser.sessions.restore, "").tab.title, "newer")
    got = browser.execute("return (await browser.sessions.restore(null)).tab.title;")
    check("ARG-8", "sessions.restore(null).tab.title", got, "older")


@pytest.mark.spec("BND-9")
def test_an_open_tab_id_is_not_a_session_id(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("open"))
    close_tab(browser, pages, "closed")
    tabs_before = len(browser.tabs.query())
    rejects("BND-9", browser.sessions.restore, str(tab.id), message=expected("RES-6.unknown_id", id=tab.id))
    check("BND-9", "number of open tabs", len(browser.tabs.query()), tabs_before)
    check("BND-9", "getRecentlyClosed()", titles(browser), ["closed"])


@pytest.mark.spec("RST-3", "RST-4")
def test_tabs_closed_from_a_window_travel_with_it(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("w0"), pages.url("w1"), pages.url("w2")])
    browser.tabs.close(window.tabs[2].id)
    close_tab(browser, pages, "elsewhere", window_id=browser.harness_window_id)
    browser.windows.close(window.id)
    check("RST-3", "getRecentlyClosed() after closing the window", titles(browser), [["w0", "w1"], "elsewhere"])
    restored = browser.sessions.restore()
    # Back in the list at the place its closing time gives it (GRC-1): before "elsewhere".
    check("RST-4", "getRecentlyClosed() after restoring the window", titles(browser), ["elsewhere", "w2"])
    w2 = browser.sessions.get_recently_closed()[1]
    check("RST-4", "the returned tab entry's windowId", w2.tab.window_id, restored.window.id)


@pytest.mark.spec("DUP-3")
def test_a_tab_moved_to_another_window_is_restored_there(browser: Browser, pages: Pages) -> None:
    target = browser.windows.open([pages.url("dest")])
    tab = browser.tabs.open(pages.url("mover"))
    browser.tabs.move(tab.id, target.id, 1)
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    check("DUP-3", "getRecentlyClosed()[0].tab.windowId", entry.tab.window_id, target.id)
    restored = browser.sessions.restore(entry.tab.session_id)
    check("DUP-3", "restore().tab.{windowId, index}", [restored.tab.window_id, restored.tab.index], [target.id, 1])


@pytest.mark.spec("BND-10")
def test_a_numeric_id_beyond_safe_integers_is_rounded_in_the_message(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "kept")
    given = "99999999999999999999"  # beyond 2**53: read as a number, it is rounded
    rejects(
        "BND-10",
        browser.sessions.restore,
        given,
        message=expected("RES-6.unknown_id", id=expected("BND-10.rounded_id")),
    )
    check("BND-10", "getRecentlyClosed() after the rejected calls", titles(browser), ["kept"])


@pytest.mark.spec("WIN-2")
def test_restoring_one_tab_of_a_closed_window(browser: Browser, pages: Pages) -> None:
    inner = close_window(browser, pages, "w-a", "w-b", "w-c").window.tabs[1].session_id
    browser.sessions.on_changed.clear()
    try:
        restored = browser.sessions.restore(inner)
        outcome = "resolved"
        browser.tabs.wait_loaded(restored.tab.id, pages.url("w-b"))
    except ExtensionError as exc:
        outcome = f"rejected: {exc.message}"
    count = events_with_barrier(browser, pages)
    opened = [[t.title for t in w.tabs] for w in browser.windows.all() if w.id != browser.harness_window_id]
    closed = [entry for entry in titles(browser) if entry != "barrier"]
    check(
        "WIN-2",
        f"sessions.restore({inner!r}), the second tab listed inside a closed window",
        {"outcome": outcome, "onChanged": count, "windows opened": opened, "closed list": closed},
        expected("WIN-2.inner_restore"),
    )
