"""GRC-9, LIM: how many entries the browser keeps, with the sessionstore prefs
as launched, lowered and raised. `browser.set_prefs` changes are undone by the
`browser` fixture's reset before the next test."""

from __future__ import annotations

import pytest

from harness import Browser
from harness.pages import Pages

from .check import check
from .expectations import expected
from .scenarios import close_tab, close_window, events_with_barrier, titles

MAX_TABS = "browser.sessionstore.max_tabs_undo"
MAX_WINDOWS = "browser.sessionstore.max_windows_undo"


@pytest.mark.spec("GRC-9")
def test_the_list_holds_at_most_the_browsers_limits(browser: Browser, pages: Pages) -> None:
    """The limits as launched where the browser has prefs for them (Firefox), else its own (the row)."""
    if browser.engine.has_prefs:
        tab_limit, window_limit = browser.get_pref(MAX_TABS), browser.get_pref(MAX_WINDOWS)
    else:
        tab_limit, window_limit = expected("GRC-9.tab_limit"), expected("GRC-9.window_limit")
    for number in range(tab_limit + 2):
        close_tab(browser, pages, f"t{number}")
    tabs = titles(browser)
    check("GRC-9", f"getRecentlyClosed() after {tab_limit + 2} closes ({MAX_TABS}={tab_limit})", len(tabs), tab_limit)
    check("GRC-9", "the kept entries are the newest", tabs[0], f"t{tab_limit + 1}")
    for number in range(window_limit + 1):
        close_window(browser, pages, f"w{number}")
    windows = [entry for entry in titles(browser) if isinstance(entry, list)]
    check(
        "GRC-9",
        f"windows kept after {window_limit + 1} closes ({MAX_WINDOWS}={window_limit})",
        len(windows),
        window_limit,
    )


def close_27_tabs(browser: Browser, pages: Pages) -> None:
    """More closed tabs than MAX_SESSION_RESULTS, all kept where the browser has a limit to raise
    (Firefox: max_tabs_undo raised to 30); elsewhere with the browser's own limits."""
    if browser.engine.has_prefs:
        browser.set_prefs({MAX_TABS: 30})
    for number in range(27):
        close_tab(browser, pages, f"t{number}")


@pytest.mark.spec("LIM-7", "GRC-9")
def test_max_results_25_with_more_entries_kept(browser: Browser, pages: Pages) -> None:
    close_27_tabs(browser, pages)
    got = [e.tab.title for e in browser.sessions.get_recently_closed(25)]
    call = f"getRecentlyClosed({{maxResults: 25}}) with 27 closed tabs ({MAX_TABS}=30 where the browser has it)"
    check("LIM-7", call, got, NEWEST_25)


@pytest.mark.spec("LIM-7", "GRC-9")
def test_unfiltered_list_is_capped_at_max_session_results(browser: Browser, pages: Pages) -> None:
    close_27_tabs(browser, pages)
    check(
        "LIM-7",
        f"len(getRecentlyClosed()) with 27 closed tabs ({MAX_TABS}=30 where the browser has it)",
        len(browser.sessions.get_recently_closed()),
        expected("LIM-7.unfiltered_cap"),
    )


NEWEST_25 = [f"t{number}" for number in range(26, 1, -1)]


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-1")
def test_lowered_tab_limit_keeps_the_newest(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_TABS: 2})
    for name in ("a", "b", "c", "d"):
        close_tab(browser, pages, name)
    check("LIM-1", f"getRecentlyClosed() with {MAX_TABS}=2 after 4 closes", titles(browser), ["d", "c"])
    check("LIM-1", "onChanged count, behind a barrier", events_with_barrier(browser, pages), 4)


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-2")
def test_tab_limit_scope(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_TABS: 2})
    other = browser.windows.open([pages.url("other")])
    for name in ("a", "b", "c"):
        close_tab(browser, pages, name, window_id=browser.harness_window_id)
    for name in ("d", "e", "f"):
        close_tab(browser, pages, name, window_id=other.id)
    check(
        "LIM-2",
        f"getRecentlyClosed() with {MAX_TABS}=2, three tabs closed in each of two windows",
        titles(browser),
        expected("LIM-2.kept"),  # ["f", "e"] if the limit bounded the whole list
    )


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-3")
def test_tab_limit_zero_records_nothing(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_TABS: 0})
    tab = browser.tabs.open(pages.url("unrecorded"))
    browser.tabs.close(tab.id, recorded=False)
    browser.set_prefs({MAX_TABS: 25})  # so that the barrier's close is recorded
    check("LIM-3", f"onChanged count for a close with {MAX_TABS}=0", events_with_barrier(browser, pages), 0)
    check("LIM-3", "getRecentlyClosed()", titles(browser), ["barrier"])


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-4")
def test_lowered_window_limit_keeps_the_newest(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_WINDOWS: 1})
    close_window(browser, pages, "w1")
    close_window(browser, pages, "w2")
    check("LIM-4", f"getRecentlyClosed() with {MAX_WINDOWS}=1", titles(browser), [["w2"]])


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-5")
def test_window_limit_zero(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_WINDOWS: 0})
    for name in ("w1", "w2"):
        window = browser.windows.open([pages.url(name)])
        browser.windows.close(window.id, recorded=False)
    events_with_barrier(browser, pages)  # any record of the two closes is in before the barrier's
    windows = [entry for entry in titles(browser) if isinstance(entry, list)]
    check("LIM-5", f"closed windows kept with {MAX_WINDOWS}=0", windows, expected("LIM-5.kept"))


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-6")
def test_lowering_the_tab_limit_trims_the_list(browser: Browser, pages: Pages) -> None:
    for name in ("a", "b", "c", "d", "e"):
        close_tab(browser, pages, name)
    browser.set_prefs({MAX_TABS: 2})
    check("LIM-6", f"getRecentlyClosed() right after setting {MAX_TABS}=2", titles(browser), ["e", "d"])


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-8")
def test_the_browsers_own_default_limits(browser: Browser, pages: Pages) -> None:
    browser.set_prefs({MAX_TABS: None, MAX_WINDOWS: None})  # the harness sets both at launch: back to Firefox's own
    tab_limit, window_limit = browser.get_pref(MAX_TABS), browser.get_pref(MAX_WINDOWS)
    check("LIM-8", f"the default {MAX_TABS}", tab_limit, expected("LIM-8.default_max_tabs_undo"))
    check("LIM-8", f"the default {MAX_WINDOWS}", window_limit, expected("LIM-8.default_max_windows_undo"))
    for number in range(tab_limit + 1):
        close_tab(browser, pages, f"t{number}")
    newest = [f"t{number}" for number in range(tab_limit, 0, -1)]
    check("LIM-8", f"getRecentlyClosed() after {tab_limit + 1} tab closes (default limits)", titles(browser), newest)
    for number in range(window_limit + 1):
        close_window(browser, pages, f"w{number}")
    windows = [entry for entry in titles(browser) if isinstance(entry, list)]
    kept = [[f"w{number}"] for number in range(window_limit, 0, -1)]
    check("LIM-8", f"closed windows kept after {window_limit + 1} window closes (default limits)", windows, kept)


# The urls of a window's tabs once every one has finished loading (Chromium commits the second
# about:blank of windows.create a moment later), listening to tabs.onUpdated.
TABS_COMPLETE = """
const windowId = args[0];
return await new Promise((resolve) => {
  const check = async () => {
    const tabs = await browser.tabs.query({windowId});
    if (tabs.every((t) => t.status === "complete")) {
      browser.tabs.onUpdated.removeListener(check);
      resolve(tabs.map((t) => t.url));
    }
  };
  browser.tabs.onUpdated.addListener(check);
  check();
});
"""


@pytest.mark.spec("LIM-9")
def test_a_window_of_blank_tabs_is_not_recorded(browser: Browser, pages: Pages) -> None:
    window_id = browser.execute("return (await browser.windows.create({url: ['about:blank', 'about:blank']})).id;")
    urls = browser.execute(TABS_COMPLETE, window_id)
    check("LIM-9", "windows.create({url: ['about:blank', 'about:blank']}).tabs[].url", urls, ["about:blank"] * 2)
    browser.windows.close(window_id, recorded=False)
    check("LIM-9", "onChanged count for closing a window of blank tabs", events_with_barrier(browser, pages), 0)
    check("LIM-9", "getRecentlyClosed()", titles(browser), ["barrier"])


ALL_WINDOWS = "browser.sessionstore.closedTabsFromAllWindows"


@pytest.mark.needs("prefs")
@pytest.mark.spec("LIM-10")
@pytest.mark.parametrize("from_all_windows", [True, False])
def test_closed_tabs_from_all_windows_changes_nothing(browser: Browser, pages: Pages, from_all_windows: bool) -> None:
    browser.set_prefs({ALL_WINDOWS: from_all_windows})
    check("LIM-10", f"{ALL_WINDOWS} after setting it", browser.get_pref(ALL_WINDOWS), from_all_windows)
    other = browser.windows.open([pages.url("other")])
    for name in ("a", "b"):
        close_tab(browser, pages, name, window_id=browser.harness_window_id)
    close_tab(browser, pages, "c", window_id=other.id)
    close_window(browser, pages, "w")
    close_tab(browser, pages, "d", window_id=other.id)
    check("LIM-10", "getRecentlyClosed()", titles(browser), ["d", ["w"], "c", "b", "a"])
    window_ids = [e.tab.window_id for e in browser.sessions.get_recently_closed() if e.tab]
    harness = browser.harness_window_id
    check("LIM-10", "getRecentlyClosed()[].tab.windowId", window_ids, [other.id, other.id, harness, harness])
    first, second = browser.sessions.restore(), browser.sessions.restore()
    check(
        "LIM-10",
        "restore() twice: the tab's {title, windowId}",
        [first.tab.title, first.tab.window_id],
        ["d", other.id],
    )
    check("LIM-10", "restore() twice: the window's tab titles", [t.title for t in second.window.tabs], ["w"])
