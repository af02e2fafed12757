"""RES, RST, SES-5, SES-13, ARG-7/8, BND-9, DUP-3: restore(sessionId) and where things land."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from harness import UNDEFINED, Browser, ExtensionError
from harness.pages import Pages

from .check import check, holds, rejects, resolves
from .expectations import expected
from .scenarios import browser_now, click_in_page, close_tab, close_window, events_with_barrier, titles


@pytest.mark.spec("RES-1", "SES-5", "RST-2")
def test_restoring_a_tab_reopens_it_with_a_new_id(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("back"))
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    restored = resolves("RES-1", browser.sessions.restore, entry.tab.session_id)
    call = f"sessions.restore({entry.tab.session_id!r})"
    check("SES-5", call + ".tab.sessionId", restored.tab.session_id, UNDEFINED)
    check("RES-1", "getRecentlyClosed() after restore", browser.sessions.get_recently_closed(), [])
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("back"))
    at_url = [t.id for t in browser.tabs.query() if t.url == pages.url("back")]
    check("RES-1", call + ".tab.id, and the id of the one tab now at its url", [restored.tab.id], at_url)
    holds("RES-1", call + ".tab.id", restored.tab.id, restored.tab.id != tab.id, f"a new id, not {tab.id}")
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
    holds("RES-2", call + ".window.id", new.id, new.id != window.id, f"a new id, not {window.id}")
    check("SES-5", call + ".window.sessionId", new.session_id, UNDEFINED)
    check("RES-2", call + ".window.tabs[].title", [t.title for t in new.tabs], ["one", "two", "three"])
    for tab, name in zip(new.tabs, ("one", "two", "three"), strict=True):
        browser.tabs.wait_loaded(tab.id, pages.url(name))
    opened = browser.windows.get(new.id)
    holders = [w.id for w in browser.windows.all() if any(t.url == pages.url("one") for t in w.tabs)]
    check("RES-2", call + ".window.id, and the id of the one window now showing its tabs", [new.id], holders)
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
    click_in_page(browser, "A")
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
    bad: Any
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


def close_a_window_after_one_of_its_tabs(browser: Browser, pages: Pages) -> None:
    """w0, w1, w2 in a window; w2 closed, then a tab elsewhere, then the window."""
    window = browser.windows.open([pages.url("w0"), pages.url("w1"), pages.url("w2")])
    browser.tabs.close(window.tabs[2].id)
    close_tab(browser, pages, "elsewhere", window_id=browser.harness_window_id)
    browser.windows.close(window.id)


@pytest.mark.spec("RST-3")
def test_tabs_closed_from_a_window_travel_with_it(browser: Browser, pages: Pages) -> None:
    close_a_window_after_one_of_its_tabs(browser, pages)
    check("RST-3", "getRecentlyClosed() after closing the window", titles(browser), [["w0", "w1"], "elsewhere"])


@pytest.mark.spec("RST-4")
def test_restoring_the_window_brings_its_closed_tabs_back_to_the_list(browser: Browser, pages: Pages) -> None:
    close_a_window_after_one_of_its_tabs(browser, pages)
    restored = browser.sessions.restore()
    # Back in the list at the place its closing time gives it (GRC-1): before "elsewhere".
    check("RST-4", "getRecentlyClosed() after restoring the window", titles(browser), ["elsewhere", "w2"])
    w2 = browser.sessions.get_recently_closed()[1]
    check("RST-4", "the returned tab entry's windowId", w2.tab.window_id, restored.window.id)


@pytest.mark.spec("DUP-3", "GRC-5")
def test_a_tab_moved_to_another_window_is_restored_there(browser: Browser, pages: Pages) -> None:
    """Where restore() puts the tab first; the entry's windowId (GRC-5) last, so that a browser
    that records another windowId still shows where it restores."""
    target = browser.windows.open([pages.url("dest")])
    tab = browser.tabs.open(pages.url("mover"))
    browser.tabs.move(tab.id, target.id, 1)
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    restored = browser.sessions.restore(entry.tab.session_id)
    check("DUP-3", "restore().tab.{windowId, index}", [restored.tab.window_id, restored.tab.index], [target.id, 1])
    check("GRC-5", "getRecentlyClosed()[0].tab.windowId of the moved tab", entry.tab.window_id, target.id)


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


@pytest.mark.spec("RES-8")
def test_the_restored_session_is_stamped_with_the_restore_time(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "tab")
    close_window(browser, pages, "window")
    unit = expected("GRC-2.last_modified_unit")  # lastModified's unit on this browser (GRC-2)
    per = 1000 if unit == "seconds" else 1  # Date.now() is in milliseconds
    for session_id in [(e.tab or e.window).session_id for e in browser.sessions.get_recently_closed()]:
        before = browser_now(browser)
        restored = browser.sessions.restore(session_id)
        after = browser_now(browser)
        holds(
            "RES-8",
            f"sessions.restore({session_id!r}).lastModified",
            {"lastModified": restored.last_modified, "Date.now() before and after the call": [before, after]},
            type(restored.last_modified) is int and before // per <= restored.last_modified <= after // per,
            f"the restore time in {'seconds' if per == 1000 else 'milliseconds'} since the epoch",
        )


@pytest.mark.spec("RES-9", "GRC-5")
def test_an_index_past_the_end_is_clamped(browser: Browser, pages: Pages) -> None:
    """The clamped index and the destination first; the entry's windowId (GRC-5) last, so that
    a browser that records another windowId still shows how it restores."""
    window = browser.windows.open([pages.url(f"p{n}") for n in range(4)])
    for tab in window.tabs[:0:-1]:  # p3 (index 3) first, then p2 and p1
        browser.tabs.close(tab.id)
    [p3] = [e for e in browser.sessions.get_recently_closed() if e.tab.title == "p3"]
    check("RES-9", "the closed p3 entry's index", p3.tab.index, 3)
    restored = browser.sessions.restore(p3.tab.session_id)
    check(
        "RES-9",
        "sessions.restore(p3).tab.{windowId, index}",
        [restored.tab.window_id, restored.tab.index],
        [window.id, 1],
    )
    browser.tabs.wait_loaded(restored.tab.id, pages.url("p3"))
    order = [t.url for t in browser.windows.get(window.id).tabs]
    check("RES-9", "windows.get(window).tabs[].url", order, [pages.url("p0"), pages.url("p3")])
    check("GRC-5", "the closed p3 entry's windowId", p3.tab.window_id, window.id)


@pytest.mark.spec("RES-10")
def test_a_restored_tab_returns_to_its_window_while_another_has_focus(browser: Browser, pages: Pages) -> None:
    home = browser.windows.open([pages.url("home-0"), pages.url("home-1")])
    browser.tabs.close(home.tabs[1].id)
    elsewhere = browser.windows.open([pages.url("focused-elsewhere")])
    # windows.getLastFocused: headless Chromium leaves `focused: true` on every window it created.
    last_focused = browser.execute("return (await browser.windows.getLastFocused()).id;")
    check("RES-10", "windows.getLastFocused().id before restoring", last_focused, elsewhere.id)
    [entry] = browser.sessions.get_recently_closed()
    by_id = browser.sessions.restore(entry.tab.session_id)
    check("RES-10", f"sessions.restore({entry.tab.session_id!r}).tab.windowId", by_id.tab.window_id, home.id)
    browser.tabs.close(browser.tabs.wait_loaded(by_id.tab.id, pages.url("home-1")).id)
    browser.windows.open([pages.url("focused-again")])
    newest = browser.sessions.restore()
    check("RES-10", "sessions.restore().tab.windowId", [newest.tab.title, newest.tab.window_id], ["home-1", home.id])


def outcome_and_list(browser: Browser, call: Callable[[], object]) -> dict[str, object]:
    """How a call settled ("resolved", or "rejected: <message>") and the closed list after it."""
    try:
        call()
        outcome = "resolved"
    except ExtensionError as exc:
        outcome = f"rejected: {exc.message}"
    return {"outcome": outcome, "closed list after": titles(browser)}


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("RES-11")
def test_session_ids_with_trailing_characters(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "older")
    target = close_tab(browser, pages, "target").tab
    given = f"{target.session_id}abc"
    got = outcome_and_list(browser, lambda: browser.sessions.restore(given))
    check(
        "RES-11", f"sessions.restore({given!r}) (the id of 'target' + 'abc')", got, expected("RES-11.suffixed_restore")
    )
    target = close_tab(browser, pages, "target-2").tab
    given = f"{target.session_id}xyz"
    got = outcome_and_list(browser, lambda: browser.sessions.forget_closed_tab(target.window_id, given))
    check("RES-11", f"sessions.forgetClosedTab({target.window_id}, {given!r})", got, expected("RES-11.suffixed_forget"))


@pytest.mark.spec("RES-12")
def test_one_event_per_restore_of_a_tab_and_of_a_window(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "tab")
    close_window(browser, pages, "window-a", "window-b")
    events = browser.sessions.on_changed
    events.wait(2)
    for entry in browser.sessions.get_recently_closed():
        kind = "tab" if entry.tab else "window"
        events.clear()
        restored = browser.sessions.restore((entry.tab or entry.window).session_id)
        if restored.tab:
            browser.tabs.wait_loaded(restored.tab.id)
        check("RES-12", f"onChanged count for restoring a {kind} by id", events_with_barrier(browser, pages), 1)


@pytest.mark.spec("SES-13")
def test_a_tab_closed_after_going_back_shows_the_current_entry(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("A"))
    click_in_page(browser, "A")
    browser.tabs.navigate(tab.id, pages.url("B"))
    resolves("SES-13", browser.tabs.go_back, tab.id)
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    check("SES-13", "getRecentlyClosed()[0].tab.{url, title}", [entry.tab.url, entry.tab.title], [pages.url("A"), "A"])
    restored = browser.sessions.restore(entry.tab.session_id)
    check("SES-13", "the restored tab", browser.tabs.wait_loaded(restored.tab.id, pages.url("A")).url, pages.url("A"))
    check("SES-13", "tabs.goForward(restored)", browser.tabs.go_forward(restored.tab.id).url, pages.url("B"))


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
