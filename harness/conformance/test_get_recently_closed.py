"""GRC, SES, ARG-1..6: getRecentlyClosed(filter) and the Session objects it returns."""

from __future__ import annotations

from functools import partial

import pytest

from harness import UNDEFINED, Browser, Session
from harness.pages import Pages

from .check import check, holds, rejects, resolves
from .expectations import expected
from .scenarios import browser_now, close_tab, close_window, titles


@pytest.mark.spec("GRC-1", "GRC-3")
def test_newest_first_with_tabs_and_windows_interleaved(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "t1")
    close_window(browser, pages, "w1a", "w1b")
    close_tab(browser, pages, "t2")
    close_window(browser, pages, "w2")
    check("GRC-1", "sessions.getRecentlyClosed()", titles(browser), [["w2"], "t2", ["w1a", "w1b"], "t1"])


@pytest.mark.spec("GRC-2", "GRC-4")
def test_every_entry_has_last_modified_and_exactly_one_of_tab_or_window(browser: Browser, pages: Pages) -> None:
    spans = []
    for close, name in ((close_tab, "a"), (close_window, "b"), (close_tab, "c")):
        before = browser_now(browser)
        close(browser, pages, name)
        spans.append((before, browser_now(browser)))
    entries = browser.sessions.get_recently_closed()
    call = "sessions.getRecentlyClosed()"
    kinds = [sorted({"tab", "window"} & set(e.raw)) for e in entries]
    check("GRC-2", call + "[]: which of tab, window", kinds, [["tab"], ["window"], ["tab"]])
    stamps = [e.last_modified for e in entries]
    # A time after 2001-09-09 (1e9 s, 1e12 ms) and before 2286 (1e10 s, 1e13 ms): in which unit.
    unit = "milliseconds" if 10**12 < stamps[0] < 10**13 else "seconds" if 10**9 < stamps[0] < 10**10 else stamps[0]
    check("GRC-2", call + "[0].lastModified: unit since the epoch", unit, expected("GRC-2.last_modified_unit"))
    per = {"milliseconds": 1, "seconds": 1000}.get(str(unit), 1)  # Date.now() is in milliseconds
    holds(
        "GRC-2",
        call + "[].lastModified",
        {"lastModified": stamps, "Date.now() around each close, newest first": spans[::-1]},
        len(stamps) == len(spans)
        and all(
            type(s) is int and lo // per <= s <= hi // per for s, (lo, hi) in zip(stamps, spans[::-1], strict=False)
        ),
        f"each entry's lastModified is its close time in {unit} since the epoch (an integer within Date.now() "
        "before and after that close)",
    )
    ids = [(e.tab or e.window).session_id for e in entries]
    holds("GRC-4", call, ids, all(isinstance(i, str) for i in ids), "every sessionId is a string")
    holds("GRC-4", call, ids, len(set(ids)) == len(ids), "sessionIds unique across the list")
    check("GRC-4", call + "[].{tab or window}.id", [(e.tab or e.window).id for e in entries], [UNDEFINED] * 3)
    open_tab = browser.tabs.open(pages.url("open"))
    check("GRC-4", "tabs.get(open tab).sessionId", open_tab.session_id, UNDEFINED)
    at_url = [t.id for t in browser.tabs.query() if t.url == pages.url("open")]
    check("GRC-4", "the open tab's id, as tabs.query() lists it", [open_tab.id], at_url)


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
    # Loaded first: a tab closed while still loading is another item (LOAD-1), and Chromium then records nothing.
    browser.tabs.wait_loaded(blank, "about:blank")
    browser.tabs.close(blank, recorded=False)
    close_tab(browser, pages, "real")  # a barrier: its record comes after any record of the blank tab
    check("GRC-10", "getRecentlyClosed() after closing an about:blank tab and a real one", titles(browser), ["real"])


@pytest.mark.spec("SES-1")
def test_closed_tab_entry_fields(browser: Browser, pages: Pages) -> None:
    browser.tabs.open(pages.url("left"))
    opened = browser_now(browser)
    entry = close_tab(browser, pages, "closed")
    tab = entry.tab
    got = {k: tab[k] for k in ("index", "windowId", "incognito", "active", "pinned", "id", "status")}
    want = {
        "index": 3,  # the harness page, the blank tab, "left", then this one
        "windowId": browser.harness_window_id,
        "incognito": False,
        "active": False,  # closed: active in no window
        "pinned": False,
        "id": UNDEFINED,
        "status": UNDEFINED,
    }
    check("SES-1", "getRecentlyClosed()[0].tab", got, want)
    holds(
        "SES-1",
        "getRecentlyClosed()[0].tab.lastAccessed",
        {"lastAccessed": tab.last_accessed, "opened": opened, "closed (lastModified)": entry.last_modified},
        type(tab.last_accessed) is int and opened <= tab.last_accessed <= entry.last_modified,
        "milliseconds since the epoch, between the tab's opening and its close",
    )


@pytest.mark.spec("SES-2", "SES-3")
def test_closed_window_entry_fields(browser: Browser, pages: Pages) -> None:
    entry = close_window(browser, pages, "x", "y")
    window = entry.window
    call = "getRecentlyClosed()[0].window"
    holds("SES-3", call + ".sessionId", window.session_id, isinstance(window.session_id, str), "a string")
    check("SES-3", call + ".{id, focused}", [window.id, window.focused], [UNDEFINED, False])
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


CLOSED_TAB_FLAGS = ("active", "highlighted", "pinned", "incognito", "id", "selected")


@pytest.mark.spec("SES-6")
def test_closed_tab_flags_are_values_not_just_present(browser: Browser, pages: Pages) -> None:
    active = browser.tabs.open(pages.url("was-active"))
    background = browser.tabs.open(pages.url("was-in-background"), active=False)
    check(
        "SES-6",
        "tabs.get(...).active before the closes",
        [browser.tabs.get(active.id).active, background.active],
        [True, False],
    )
    browser.tabs.close(active.id)
    browser.tabs.close(background.id)
    got = [{k: e.tab[k] for k in CLOSED_TAB_FLAGS} for e in browser.sessions.get_recently_closed()]
    closed = {
        "active": False,
        "highlighted": False,
        "pinned": False,
        "incognito": False,
        "id": UNDEFINED,
        "selected": UNDEFINED,
    }
    check("SES-6", "getRecentlyClosed()[].tab.{" + ", ".join(CLOSED_TAB_FLAGS) + "}", got, [closed, closed])


def close_a_pinned_tab(browser: Browser, pages: Pages) -> Session:
    tab = browser.tabs.open(pages.url("pinned"))
    pinned = browser.execute("return (await browser.tabs.update(args[0], {pinned: true})).pinned;", tab.id)
    check("SES-7", "tabs.update(tab, {pinned: true}).pinned", pinned, True)
    browser.tabs.close(tab.id)
    [entry] = browser.sessions.get_recently_closed()
    return entry


@pytest.mark.spec("SES-7")
def test_a_closed_pinned_tab_is_listed_as_pinned(browser: Browser, pages: Pages) -> None:
    entry = close_a_pinned_tab(browser, pages)
    check("SES-7", "getRecentlyClosed()[0].tab.{title, pinned}", [entry.tab.title, entry.tab.pinned], ["pinned", True])


@pytest.mark.spec("SES-7")
def test_a_restored_pinned_tab_is_pinned_again(browser: Browser, pages: Pages) -> None:
    entry = close_a_pinned_tab(browser, pages)
    restored = browser.sessions.restore(entry.tab.session_id)
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("pinned"))
    check("SES-7", "the restored tab's {pinned, index}", [loaded.pinned, loaded.index], [True, 0])


@pytest.mark.spec("SES-8")
def test_last_accessed_lies_between_opening_and_closing(browser: Browser, pages: Pages) -> None:
    spans = []
    for name, active in (("shown", True), ("never-shown", False)):
        opened = browser_now(browser)
        tab = browser.tabs.open(pages.url(name), active=active)
        browser.tabs.close(tab.id)
        spans.append({"opened": opened, "closed": browser.sessions.get_recently_closed(1)[0].last_modified})
    got = [{"title": e.tab.title, "lastAccessed": e.tab.last_accessed} for e in browser.sessions.get_recently_closed()]
    within = [
        type(g["lastAccessed"]) is int and span["opened"] <= g["lastAccessed"] <= span["closed"]
        for g, span in zip(got, spans[::-1], strict=True)
    ]
    holds(
        "SES-8",
        "getRecentlyClosed()[].tab.lastAccessed",
        {"entries": got},
        within == [True, True] and [g["title"] for g in got] == ["never-shown", "shown"],
        "milliseconds since the epoch, no earlier than the tab's opening and no later than its close "
        f"(opened and closed, Date.now() and lastModified, newest first: {spans[::-1]})",
    )


@pytest.mark.spec("SES-9")
def test_closed_window_fields_are_those_of_a_closed_normal_window(browser: Browser, pages: Pages) -> None:
    window = close_window(browser, pages, "w").window
    fields = ("focused", "incognito", "alwaysOnTop", "state", "type", "id")
    got = {k: window[k] for k in fields}
    want = {
        "focused": False,
        "incognito": False,
        "alwaysOnTop": False,
        "state": "normal",
        "type": "normal",
        "id": UNDEFINED,
    }
    check("SES-9", "getRecentlyClosed()[0].window.{" + ", ".join(fields) + "}", got, want)


# Opens a tab at args[1] in window args[0] and resolves once its navigation has settled, whatever URL
# it then shows: on tabs.onUpdated "loading" (or created loading), then "complete". A browser that
# reports the pending navigation as `pendingUrl` and fires no event when a 204 ends it (Chromium)
# gets {id, pending: true} back at once, and the caller waits for the pendingUrl to go.
OPEN_AND_SETTLE = """
const [windowId, url] = args;
const seen = new Map();
let id = null;
let done;
const settled = new Promise((resolve) => { done = resolve; });
const listener = (tabId, change) => {
  const state = seen.get(tabId) || {loading: false, complete: false};
  if (change.status === "loading") state.loading = true;
  if (change.status === "complete" && state.loading) state.complete = true;
  seen.set(tabId, state);
  if (tabId === id && state.complete) done();
};
browser.tabs.onUpdated.addListener(listener);
const created = await browser.tabs.create({windowId, url});
id = created.id;
if (created.pendingUrl !== undefined) {
  browser.tabs.onUpdated.removeListener(listener);
  return {id, pending: true};
}
// A new tab may already be loading when created, with no "loading" event after.
if (created.status === "loading" && !seen.has(id)) seen.set(id, {loading: true, complete: false});
if ((seen.get(id) || {}).complete) done();
await settled;
browser.tabs.onUpdated.removeListener(listener);
return {id, pending: false};
"""
# Truthy once tab args[0] no longer has a pending navigation and has completed.
NAVIGATION_ENDED = """
const tab = await browser.tabs.get(args[0]);
return tab.pendingUrl === undefined && tab.status === "complete";
"""


@pytest.mark.spec("SES-11")
def test_a_tab_whose_only_answer_was_204_has_no_url(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("real")])
    opened = browser.execute(OPEN_AND_SETTLE, window.id, pages.no_content())
    if opened["pending"]:
        browser.bridge().wait(NAVIGATION_ENDED, opened["id"], description="the 204 navigation to end")
    browser.windows.close(window.id)
    [entry] = browser.sessions.get_recently_closed()
    got = [{k: t[k] for k in ("url", "title")} for t in entry.window.tabs]
    want = [{"url": pages.url("real"), "title": "real"}, {"url": UNDEFINED, "title": UNDEFINED}]
    check("SES-11", "getRecentlyClosed()[0].window.tabs[].{url, title}", got, want)
    # Absent, not present with an undefined or null value.
    raw = entry.raw["window"]["tabs"][1]
    check("SES-11", "the keys url and title in the 204 tab's raw entry", [k for k in ("url", "title") if k in raw], [])


@pytest.mark.spec("SES-12")
def test_a_never_navigated_initial_tab_in_a_closed_window_is_about_blank(browser: Browser, pages: Pages) -> None:
    window_id = browser.execute("return (await browser.windows.create({url: 'about:blank'})).id;")
    # Chromium answers windows.create before the tab has committed about:blank (url '' meanwhile).
    tabs = [browser.tabs.wait_loaded(t.id, "about:blank") for t in browser.windows.get(window_id).tabs]
    check(
        "SES-12", "windows.create({url: 'about:blank'}).tabs[].url, once loaded", [t.url for t in tabs], ["about:blank"]
    )
    browser.tabs.open(pages.url("real"), window_id=window_id)
    browser.windows.close(window_id)
    [entry] = browser.sessions.get_recently_closed()
    got = [t.url for t in entry.window.tabs]
    check("SES-12", "getRecentlyClosed()[0].window.tabs[].url", got, ["about:blank", pages.url("real")])


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
