"""PERM, VAL-12, VAL-16, SES-10, FGT-7, EVT-10, VAL-19: other extensions beside
the fixture extension, with other permissions, through `browser.extension(id)`
(API.md, "Another extension's context"). The extensions of
harness/conformance/extensions/ that the harness can drive are added to the worker's
browser for this module (`Browser.add_extensions()`), which is reset before each
test. Extensions the harness cannot drive (no explicit id, sessions only optional)
are installed for their test through WebDriver and show their answers in a page
title."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from harness import UNDEFINED, Browser, ExtensionContext, Tab
from harness.pages import HOST, ICON_PNG, Pages
from harness.plugin import BrowserHolder
from harness.timeouts import multiplier

from .check import check, holds, resolves, resolves_undefined
from .expectations import expected
from .scenarios import (
    VALUE_FUNCTIONS,
    as_picture,
    close_tab,
    close_window,
    in_page,
    install_addon,
    png_picture,
    title_starting_with,
    titles,
    uninstall_addon,
    wait_for_icon,
)

EXTENSIONS = Path(__file__).with_name("extensions")
SESSIONS_ONLY = "sessions-only@conformance.invalid"
PEER = "peer@conformance.invalid"
SESSIONS_HOST = "sessions-host@conformance.invalid"
HISTORY = "history@conformance.invalid"
HIDDEN_WITHOUT_TABS = ("url", "title", "favIconUrl")
# Resolves with tab args[0]'s URL once it is args[1] with a query the content script added.
WAIT_FOR_A_NEW_URL = """
const [tabId, original] = args;
const rewritten = (url) => Boolean(url) && url.startsWith(original + "?");
const changed = new Promise((resolve) => {
  const listener = (id, change) => {
    if (id === tabId && rewritten(change.url)) {
      browser.tabs.onUpdated.removeListener(listener);
      resolve(change.url);
    }
  };
  browser.tabs.onUpdated.addListener(listener);
});
const now = await browser.tabs.get(tabId);
return rewritten(now.url) ? now.url : await changed;
"""
IDLE_TIMEOUT = "extensions.background.idle.timeout"
# An event page's idle time before Firefox suspends it (30 s by default): long enough for its listener's
# async work (getRecentlyClosed, then storage) to finish on a loaded machine. At 100 ms (Firefox's
# minimum) a run through a loaded Grid once waited 20 s in vain for the woken page's log.
IDLE_MS = round(1000 * multiplier())


@pytest.fixture(scope="module")
def _with_extensions(_harness_browser_holder: BrowserHolder) -> Iterator[Browser]:
    """The worker's browser with the extensions of harness/conformance/extensions/ that the harness
    can drive, added for this module and removed after it."""
    browser = _harness_browser_holder.get()
    names = ["sessions_only", "peer", "sessions_host", "history", "content_script"]
    added = browser.add_extensions(*(EXTENSIONS / name for name in names))
    try:
        yield browser
    finally:
        if browser.alive:
            browser.remove_extensions(*(context.id for context in added))


@pytest.fixture
def with_extensions(_with_extensions: Browser) -> Browser:
    _with_extensions.reset()
    return _with_extensions


@pytest.mark.spec("PERM-1")
def test_without_tabs_closed_tabs_hide_url_and_title(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_window(browser, pages, "window-tab")
    close_tab(browser, pages, "lone-tab")
    own = [e.tab or e.window for e in browser.sessions.get_recently_closed()]
    check("PERM-1", "fixture extension (tabs permission) sees titles", titles(browser), ["lone-tab", ["window-tab"]])
    seen = resolves("PERM-1", browser.extension(SESSIONS_ONLY).sessions.get_recently_closed)
    tab, window = seen[0].tab, seen[1].window
    call = f"getRecentlyClosed() in {SESSIONS_ONLY}"
    check("PERM-1", call + " [0].tab.{url,title,favIconUrl}", [tab[k] for k in HIDDEN_WITHOUT_TABS], [UNDEFINED] * 3)
    inner = window.tabs[0]
    check(
        "PERM-1",
        call + " [1].window.tabs[0].{url,title,favIconUrl}",
        [inner[k] for k in HIDDEN_WITHOUT_TABS],
        [UNDEFINED] * 3,
    )
    holds(
        "PERM-1",
        call,
        [tab.session_id, window.session_id],
        [tab.session_id, window.session_id] == [own[0].session_id, own[1].session_id],
        "the same sessionIds as the fixture sees",
    )


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("PERM-2")
def test_without_tabs_restore_and_forget_work(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_tab(browser, pages, "to-forget")
    close_tab(browser, pages, "to-restore")
    other = browser.extension(SESSIONS_ONLY).sessions
    restore_entry, forget_entry = other.get_recently_closed()
    restored = resolves("PERM-2", other.restore, restore_entry.tab.session_id)
    browser.tabs.wait_loaded(restored.tab.id, pages.url("to-restore"))
    resolves_undefined("PERM-2", other.forget_closed_tab, forget_entry.tab.window_id, forget_entry.tab.session_id)
    check("PERM-2", f"getRecentlyClosed() after restore and forget in {SESSIONS_ONLY}", titles(browser), [])


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("VAL-12")
def test_tab_values_are_private_to_each_extension(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    tab = browser.tabs.open(pages.url("shared-tab"))
    peer = browser.extension(PEER).sessions
    browser.sessions.set_tab_value(tab.id, "key", "fixture's")
    check("VAL-12", f"getTabValue({tab.id}, 'key') in {PEER}", peer.get_tab_value(tab.id, "key"), UNDEFINED)
    peer.set_tab_value(tab.id, "key", "peer's")
    got = [browser.sessions.get_tab_value(tab.id, "key"), peer.get_tab_value(tab.id, "key")]
    check("VAL-12", "getTabValue in the fixture and in the peer", got, ["fixture's", "peer's"])


@pytest.mark.needs("setWindowValue", "getWindowValue")
@pytest.mark.spec("VAL-16")
def test_window_values_are_private_to_each_extension(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    window = browser.windows.open([pages.url("shared-window")])
    peer = browser.extension(PEER).sessions
    browser.sessions.set_window_value(window.id, "key", "fixture's")
    check("VAL-16", f"getWindowValue({window.id}, 'key') in {PEER}", peer.get_window_value(window.id, "key"), UNDEFINED)
    peer.set_window_value(window.id, "key", "peer's")
    got = [browser.sessions.get_window_value(window.id, "key"), peer.get_window_value(window.id, "key")]
    check("VAL-16", "getWindowValue in the fixture and in the peer", got, ["fixture's", "peer's"])


def on_other_host(url: str) -> str:
    """The same page served as http://localhost:<port>/..., an origin a 127.0.0.1 host permission does not cover."""
    return url.replace(f"//{HOST}:", "//localhost:", 1)


def shown(tab: Tab) -> dict[str, Any]:
    """The fields the tabs permission reveals (a data: icon as the picture it holds, see SES-10)."""
    return {key: as_picture(tab[key]) if key == "favIconUrl" else tab[key] for key in HIDDEN_WITHOUT_TABS}


def icon_url_expected(pages: Pages) -> Any:
    return expected("SES-10.fav_icon_url", url=pages.icon_url(), picture=png_picture(ICON_PNG))


def close_with_icon(browser: Browser, url: str) -> None:
    """Open a tab at `url` (a page with an icon), wait for the icon, close the tab."""
    tab = browser.tabs.open(url)
    wait_for_icon(browser, tab.id)
    browser.tabs.close(tab.id)


def close_window_with_icons(browser: Browser, urls: list[str]) -> None:
    window = browser.windows.open(urls)
    for tab in window.tabs:
        wait_for_icon(browser, tab.id)
    browser.windows.close(window.id)


@pytest.mark.spec("SES-10")
def test_fav_icon_url_with_and_without_the_tabs_permission(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_with_icon(browser, pages.url("iconic", icon=True))
    close_tab(browser, pages, "plain")
    close_window_with_icons(browser, [pages.url("window-iconic", icon=True)])
    icon = icon_url_expected(pages)
    own = browser.sessions.get_recently_closed()
    got = [
        as_picture(u) for u in (own[0].window.tabs[0].fav_icon_url, own[1].tab.fav_icon_url, own[2].tab.fav_icon_url)
    ]
    call = "getRecentlyClosed(): [window's tab with an icon, tab without, tab with].favIconUrl (data: URLs decoded)"
    check("SES-10", call + " in the fixture extension (tabs)", got, [icon, UNDEFINED, icon])
    other = browser.extension(SESSIONS_ONLY).sessions.get_recently_closed()
    got = [other[0].window.tabs[0].fav_icon_url, other[1].tab.fav_icon_url, other[2].tab.fav_icon_url]
    check("SES-10", call + f" in {SESSIONS_ONLY} (no tabs)", got, [UNDEFINED] * 3)


@pytest.mark.spec("PERM-3")
def test_a_host_permission_shows_its_hosts_tabs_only(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_with_icon(browser, on_other_host(pages.url("elsewhere", icon=True)))
    close_with_icon(browser, pages.url("on-host", icon=True))
    on_host, elsewhere = pages.url("window-on-host", icon=True), on_other_host(pages.url("window-elsewhere", icon=True))
    close_window_with_icons(browser, [on_host, elsewhere])
    seen = resolves("PERM-3", browser.extension(SESSIONS_HOST).sessions.get_recently_closed)
    icon = icon_url_expected(pages)
    hidden = dict.fromkeys(HIDDEN_WITHOUT_TABS, UNDEFINED)
    check(
        "PERM-3",
        f"getRecentlyClosed() in {SESSIONS_HOST} ({HOST} only): [0].window.tabs[].{{url, title, favIconUrl}}",
        [shown(t) for t in seen[0].window.tabs],
        [{"url": on_host, "title": "window-on-host", "favIconUrl": icon}, hidden],
    )
    check(
        "PERM-3",
        f"getRecentlyClosed() in {SESSIONS_HOST}: [1].tab and [2].tab .{{url, title, favIconUrl}}",
        [shown(seen[1].tab), shown(seen[2].tab)],
        [{"url": pages.url("on-host", icon=True), "title": "on-host", "favIconUrl": icon}, hidden],
    )


@pytest.mark.needs(*VALUE_FUNCTIONS)
@pytest.mark.spec("PERM-4")
def test_value_functions_need_only_the_sessions_permission(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    tab = browser.tabs.open(pages.url("valued"))
    s = browser.extension(SESSIONS_ONLY).sessions
    resolves_undefined("PERM-4", s.set_tab_value, tab.id, "k", {"v": 1})
    resolves_undefined("PERM-4", s.set_window_value, tab.window_id, "k", [1])
    got = [s.get_tab_value(tab.id, "k"), s.get_window_value(tab.window_id, "k")]
    check("PERM-4", f"get{{Tab,Window}}Value in {SESSIONS_ONLY}", got, [{"v": 1}, [1]])
    resolves_undefined("PERM-4", s.remove_tab_value, tab.id, "k")
    resolves_undefined("PERM-4", s.remove_window_value, tab.window_id, "k")
    got = [s.get_tab_value(tab.id, "k"), s.get_window_value(tab.window_id, "k")]
    check("PERM-4", f"get{{Tab,Window}}Value in {SESSIONS_ONLY} after remove", got, [UNDEFINED, UNDEFINED])


@contextmanager
def installed(browser: Browser, name: str) -> Iterator[str]:
    """An extension of harness/conformance/extensions/ installed through WebDriver for one test
    (launch(extensions=...) takes only extensions the harness can drive), and removed after it."""
    addon_id = install_addon(browser, EXTENSIONS / name)
    try:
        yield addon_id
    finally:
        uninstall_addon(browser, addon_id)


def answer(title: str) -> Any:
    """The JSON a probe page put in its title after the prefix."""
    return json.loads(title.split(": ", 1)[1])


@pytest.mark.needs("answering permission prompts")
@pytest.mark.spec("PERM-5")
def test_sessions_as_an_optional_permission(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    close_tab(browser, pages, "closed-before")
    # Granted without the prompt a user would answer; reset() puts the pref back.
    browser.set_prefs({"extensions.webextOptionalPermissionPrompts": False})
    ids = [e.tab.session_id for e in browser.sessions.get_recently_closed()]
    with installed(browser, "optional_sessions"):  # removing it closes its page: a closed tab more
        asked = title_starting_with(browser, "optional sessions (asked): ")
        check("PERM-5", "typeof browser.sessions before the request", answer(asked), {"before": "undefined"})
        # permissions.request() needs a user action: a real click through WebDriver.
        in_page(browser, asked).find_element(By.ID, "grant").click()
        answered = answer(title_starting_with(browser, "optional sessions (answered): "))
    want = {"before": "undefined", "granted": True, "after": "object", "sessionIds": ids}
    check("PERM-5", "permissions.request({permissions: ['sessions']}), then browser.sessions", answered, want)


@pytest.mark.needs("temporary ids")
@pytest.mark.spec("VAL-19")
def test_value_functions_refuse_an_extension_without_an_explicit_id(with_extensions: Browser) -> None:
    browser = with_extensions
    with installed(browser, "temporary_id") as addon_id:
        got = answer(title_starting_with(browser, "temporary id (answered): "))
    holds("VAL-19", "the extension's id", addon_id, addon_id.endswith("@temporary-addon"), "a temporary id")
    for name in VALUE_FUNCTIONS:
        check("VAL-19", f"{name} on its own tab/window", got.get(name), {"rejected": expected("VAL-19.temporary_id")})
    # The temporary id is refused before the tab id is looked at.
    check(
        "VAL-19",
        f"setTabValue({2**30}, 'k', 1): a tab id no tab has",
        got.get("setTabValue on an invalid tab"),
        {"rejected": expected("VAL-19.temporary_id")},
    )


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("FGT-7")
def test_forgetting_a_closed_tab_leaves_its_history(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    history = browser.extension(HISTORY)
    url = pages.url("historic")
    tab = close_tab(browser, pages, "historic").tab
    visits = "return await browser.history.getVisits({url: args[0]});"
    before = history.wait_for(
        "const v = await browser.history.getVisits({url: args[0]}); return v.length > 0 && v;",
        url,
        message=f"the visit of {url} in the history",
    )
    check("FGT-7", f"history.getVisits({url!r}): how many", len(before), 1)
    resolves_undefined("FGT-7", browser.sessions.forget_closed_tab, tab.window_id, tab.session_id)
    check("FGT-7", "getRecentlyClosed() after forgetClosedTab", titles(browser), [])
    check("FGT-7", f"history.getVisits({url!r}) after forgetClosedTab", history.execute(visits, url), before)


LOGGED_CALL = """
const {calls = []} = await browser.storage.local.get("calls");
return calls.find((call) => call.newest === args[0]) || null;
"""


@pytest.mark.spec("EVT-10")
def test_on_changed_wakes_an_event_page(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    if browser.engine.has_prefs:
        # Firefox: the Manifest V2 event page, added once the pref says how soon it is suspended
        # when idle (reset() puts the pref back).
        browser.set_prefs({IDLE_TIMEOUT: IDLE_MS})
        [added] = browser.add_extensions(EXTENSIONS / "event_page")
    else:
        # A browser that runs no Manifest V2 event page (Chromium): a Manifest V3 service worker,
        # stopped on demand with suspend_background().
        [added] = browser.add_extensions(EXTENSIONS / "service_worker")
    try:
        wakes_a_suspended_background(browser, pages, added)
    finally:
        browser.remove_extensions(added.id)


def wakes_a_suspended_background(browser: Browser, pages: Pages, background: ExtensionContext) -> None:
    # Its top-level code has run, so its listener is registered before the first close.
    background.evaluate_background("return true;")
    # A barrier: once the background has logged this close, every earlier event (reset's closes and
    # forgets among them) has reached it, so no start for an earlier event is still under way.
    barrier = close_tab(browser, pages, "barrier").tab.session_id
    background.wait_for(LOGGED_CALL, barrier, message=f"{background.id} to log the onChanged of closing {barrier}")
    if browser.engine.has_prefs:
        background.wait_for(
            "return browser.extension.getBackgroundPage() === null;",
            message=f"the event page of {background.id} to be suspended ({IDLE_TIMEOUT} is {IDLE_MS} ms here)",
        )
    else:
        background.suspend_background()
    session_id = close_tab(browser, pages, "wake-up").tab.session_id
    logged = background.wait_for(
        LOGGED_CALL, session_id, message=f"{background.id} to log the onChanged of closing {session_id}"
    )
    check(
        "EVT-10",
        "the background's log of that onChanged ({fresh: first since it started})",
        logged,
        {"fresh": True, "newest": session_id},
    )


@pytest.mark.spec("RES-15")
def test_a_url_changed_by_a_content_script_survives_restore(with_extensions: Browser, pages: Pages) -> None:
    browser = with_extensions
    url = pages.url("rewritten")
    # Not tabs.open: it waits for the URL it opened, which the content script replaces.
    tab_id = browser.execute("return (await browser.tabs.create({url: args[0]})).id;", url)
    changed = browser.execute(WAIT_FOR_A_NEW_URL, tab_id, url)
    browser.tabs.close(tab_id)
    [entry] = browser.sessions.get_recently_closed()
    check("RES-15", "the closed tab's url", entry.tab.url, changed)
    restored = browser.sessions.restore(entry.tab.session_id)
    check("RES-15", "the restored tab's url", browser.tabs.wait_loaded(restored.tab.id, changed).url, changed)
