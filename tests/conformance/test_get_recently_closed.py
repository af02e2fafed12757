"""GRC, SES, ARG-1..6: getRecentlyClosed(filter) and the Session objects it returns."""

from __future__ import annotations

from functools import partial

import pytest
from check import check, holds, rejects, resolves
from expectations import expected
from scenarios import close_tab, close_window, titles

from harness import UNDEFINED, Browser
from harness.pages import Pages


@pytest.mark.spec("GRC-1", "GRC-3")
def test_newest_first_with_tabs_and_windows_interleaved(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "t1")
    close_window(browser, pages, "w1a", "w1b")
    close_tab(browser, pages, "t2")
    close_window(browser, pages, "w2")
    check("GRC-1", "sessions.getRecentlyClosed()", titles(browser), [["w2"], "t2", ["w1a", "w1b"], "t1"])


@pytest.mark.spec("GRC-2", "GRC-4")
def test_every_entry_has_last_modified_and_exactly_one_of_tab_or_window(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "a")
    close_window(browser, pages, "b")
    close_tab(browser, pages, "c")
    entries = browser.sessions.get_recently_closed()
    call = "sessions.getRecentlyClosed()"
    for entry in entries:
        stamp = entry.last_modified
        holds("GRC-2", call, entry.raw, isinstance(stamp, int), "lastModified is an integer")
        # A time after 2001-09-09 (1e9 s, 1e12 ms) and before 2286 (1e10 s, 1e13 ms), in which unit.
        unit = "milliseconds" if 10**12 < stamp < 10**13 else "seconds" if 10**9 < stamp < 10**10 else stamp
        check("GRC-2", call + "[].lastModified: unit since the epoch", unit, expected("GRC-2.last_modified_unit"))
        holds("GRC-2", call, entry.raw, ("tab" in entry.raw) != ("window" in entry.raw), "exactly one of tab, window")
    ids = [(e.tab or e.window).session_id for e in entries]
    holds("GRC-4", call, ids, all(isinstance(i, str) for i in ids), "every sessionId is a string")
    holds("GRC-4", call, ids, len(set(ids)) == len(ids), "sessionIds unique across the list")
    for entry in entries:
        closed = entry.tab or entry.window
        holds("GRC-4", call, closed.raw, closed.id is UNDEFINED, "a closed tab or window has no id")
    open_tab = browser.tabs.open(pages.url("open"))
    holds("GRC-4", "tabs.get(open tab)", open_tab.raw, open_tab.session_id is UNDEFINED, "an open tab has no sessionId")
    holds("GRC-4", "tabs.get(open tab)", open_tab.raw, isinstance(open_tab.id, int), "an open tab has an id")


@pytest.mark.spec("GRC-3")
def test_closing_a_window_adds_one_entry_with_its_tabs_in_order(browser: Browser, pages: Pages) -> None:
    window = close_window(browser, pages, "first", "second", "third")
    check("GRC-3", "sessions.getRecentlyClosed()", len(browser.sessions.get_recently_closed()), 1)
    check("GRC-3", "closed window tabs", [t.title for t in window.window.tabs], ["first", "second", "third"])
    check(
        "GRC-3",
        "closed window tabs",
        [t.url for t in window.window.tabs],
        [pages.url(n) for n in ("first", "second", "third")],
    )


@pytest.mark.spec("GRC-5")
def test_closed_tab_shows_its_last_page_and_its_window(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("stay")])
    tab = browser.tabs.open(pages.url("before"), window_id=window.id)
    browser.tabs.navigate(tab.id, pages.url("after"))
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    got = {"url": entry.tab.url, "title": entry.tab.title, "windowId": entry.tab.window_id}
    check(
        "GRC-5",
        "sessions.getRecentlyClosed()[0].tab",
        got,
        {"url": pages.url("after"), "title": "after", "windowId": window.id},
    )


@pytest.mark.spec("GRC-6", "MAX-1")
def test_max_results_caps_the_list(browser: Browser, pages: Pages) -> None:
    for name in ("a", "b", "c", "d"):
        close_tab(browser, pages, name)
    s = browser.sessions
    check("GRC-6", "getRecentlyClosed({maxResults: 2})", [e.tab.title for e in s.get_recently_closed(2)], ["d", "c"])
    check("GRC-6", "getRecentlyClosed({maxResults: 0})", s.get_recently_closed(0), [])
    check("GRC-6", "getRecentlyClosed({maxResults: 25})", len(resolves("GRC-6", s.get_recently_closed, 25)), 4)
    check("GRC-6", "getRecentlyClosed({maxResults: 10})", len(s.get_recently_closed(10)), 4)


@pytest.mark.spec("GRC-7", "MAX-1", "ARG-6")
@pytest.mark.parametrize(("value", "key"), [(26, "GRC-7.too_big"), (100, "GRC-7.too_big"), (-1, "GRC-7.too_small")])
def test_max_results_out_of_range_is_rejected(browser: Browser, value: int, key: str) -> None:
    rejects("GRC-7", browser.sessions.get_recently_closed, value, message=expected(key, value=value), synchronous=True)


@pytest.mark.spec("GRC-8", "ARG-4", "ARG-6")
@pytest.mark.parametrize(("value", "shown"), [("5", '"5"'), (1.5, "1.5"), (True, "true"), ([], "[]"), ({}, "{}")])
def test_max_results_of_a_wrong_type_is_rejected(browser: Browser, value: object, shown: str) -> None:
    rejects(
        "GRC-8",
        browser.sessions.get_recently_closed,
        value,
        message=expected("GRC-8.wrong_type", value=shown),
        synchronous=True,
    )


@pytest.mark.spec("ARG-4")
def test_max_results_nan_is_reported_as_null(browser: Browser) -> None:
    rejects(
        "ARG-4",
        browser.sessions.get_recently_closed,
        float("nan"),
        message=expected("GRC-8.wrong_type", value="null"),
        synchronous=True,
    )


@pytest.mark.spec("GRC-8")
def test_max_results_null_is_rejected(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "one")
    rejects(
        "GRC-8",
        partial(browser.sessions.get_recently_closed, filter={"maxResults": None}),
        message=expected("GRC-8.wrong_type", value="null"),
    )


@pytest.mark.spec("ARG-5")
def test_max_results_beyond_safe_integers_is_out_of_range(browser: Browser) -> None:
    rejects(
        "ARG-5", browser.sessions.get_recently_closed, 2**53, message=expected("ARG-5.out_of_range"), synchronous=True
    )


@pytest.mark.spec("ARG-1", "ARG-6")
def test_a_filter_that_is_not_an_object_is_rejected(browser: Browser) -> None:
    message = expected("ARG.incorrect_types", function="getRecentlyClosed")
    for bad in ("x", 3):
        rejects("ARG-1", partial(browser.sessions.get_recently_closed, filter=bad), message=message, synchronous=True)
    rejects(
        "ARG-1",
        browser.execute,
        "return await browser.sessions.getRecentlyClosed({}, {});",
        message=message,
        synchronous=False,  # thrown inside the execute body, so it reaches us as the body's rejection
    )


@pytest.mark.spec("ARG-2")
def test_a_filter_with_an_unknown_property_is_rejected(browser: Browser) -> None:
    rejects(
        "ARG-2",
        partial(browser.sessions.get_recently_closed, filter={"foo": 1}),
        message=expected("ARG-2.unexpected_property", name="foo"),
        synchronous=True,
    )


@pytest.mark.spec("ARG-3")
def test_null_and_empty_filters_mean_no_filter(browser: Browser, pages: Pages) -> None:
    for name in ("a", "b", "c"):
        close_tab(browser, pages, name)
    s = browser.sessions
    for raw in (None, {}, {"maxResults": None}, {"maxResults": UNDEFINED}):
        got = [e.tab.title for e in resolves("ARG-3", partial(s.get_recently_closed, filter=raw))]
        check("ARG-3", f"getRecentlyClosed({raw!r})", got, ["c", "b", "a"])


@pytest.mark.spec("GRC-10")
def test_blank_tabs_are_not_recorded(browser: Browser, pages: Pages) -> None:
    blank = browser.execute("return (await browser.tabs.create({url: 'about:blank'})).id;")
    browser.tabs.close(blank, recorded=False)
    close_tab(browser, pages, "real")  # a barrier: its record comes after any record of the blank tab
    check("GRC-10", "getRecentlyClosed() after closing an about:blank tab and a real one", titles(browser), ["real"])


@pytest.mark.spec("SES-1")
def test_closed_tab_entry_fields(browser: Browser, pages: Pages) -> None:
    browser.tabs.open(pages.url("left"))
    entry = close_tab(browser, pages, "closed")
    tab = entry.tab
    got = {k: tab[k] for k in ("index", "windowId", "incognito", "pinned", "id", "status")}
    want = {
        "index": 3,  # the harness page, the blank tab, "left", then this one
        "windowId": browser.harness_window_id,
        "incognito": False,
        "pinned": False,
        "id": UNDEFINED,
        "status": UNDEFINED,
    }
    check("SES-1", "getRecentlyClosed()[0].tab", got, want)
    holds("SES-1", "getRecentlyClosed()[0].tab", tab.raw, isinstance(tab.last_accessed, int), "lastAccessed is set")
    holds("SES-1", "getRecentlyClosed()[0].tab", tab.raw, isinstance(tab.active, bool), "active is a boolean")


@pytest.mark.spec("SES-2", "SES-3")
def test_closed_window_entry_fields(browser: Browser, pages: Pages) -> None:
    entry = close_window(browser, pages, "x", "y")
    window = entry.window
    call = "getRecentlyClosed()[0].window"
    holds("SES-3", call, window.raw, isinstance(window.session_id, str) and window.id is UNDEFINED, "sessionId, no id")
    check("SES-3", call + ".focused", window.focused, False)
    ids = [{"sessionId": t["sessionId"], "windowId": t["windowId"]} for t in window.tabs]
    check("SES-2", call + ".tabs[].{sessionId, windowId}", ids, [expected("SES-2.window_tab_ids")] * 2)
    inner = window.tabs[0].session_id
    rejects("SES-2", browser.sessions.restore, inner, message=expected("RES-6.invalid_id", id=inner))
    check("SES-2", f"restore({inner!r}) opened nothing", len(browser.sessions.get_recently_closed()), 1)


@pytest.mark.spec("SES-4")
def test_last_modified_does_not_increase_down_the_list(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "a")
    close_window(browser, pages, "b")
    close_tab(browser, pages, "c")
    close_window(browser, pages, "d")
    stamps = [e.last_modified for e in browser.sessions.get_recently_closed()]
    holds(
        "SES-4", "getRecentlyClosed()[].lastModified", stamps, stamps == sorted(stamps, reverse=True), "non-increasing"
    )


@pytest.mark.spec("SES-2")
def test_tabs_of_a_closed_window_carry_their_index(browser: Browser, pages: Pages) -> None:
    window = close_window(browser, pages, "x", "y", "z").window
    check("SES-2", "getRecentlyClosed()[0].window.tabs[].index", [t.index for t in window.tabs], [0, 1, 2])


@pytest.mark.spec("WIN-1")
def test_a_closed_windows_tabs_say_which_was_active(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("w-a"), pages.url("w-b"), pages.url("w-c")])
    browser.execute("await browser.tabs.update(args[0], {active: true});", window.tabs[1].id)
    browser.windows.close(window.id)
    [entry] = browser.sessions.get_recently_closed()
    check(
        "WIN-1",
        "getRecentlyClosed()[0].window.tabs[].active (the second tab was active)",
        [t.active for t in entry.window.tabs],
        expected("WIN-1.active_flags"),
    )
