"""LOAD: tabs closed while a page is still loading. The slow pages answer after a
deliberate server-side delay (pages.url(name, delay=...)); each test closes
the tab before that answer can arrive and never waits for it."""

from __future__ import annotations

import pytest

from harness import UNDEFINED, Browser, HarnessError, HarnessTimeout
from harness.pages import Pages

from .check import check
from .scenarios import events_with_barrier, in_page, titles

SLOW = 3.0  # seconds the server holds the slow page back; the tab is closed long before


@pytest.mark.spec("LOAD-1")
def test_a_tab_closed_during_its_first_load_is_not_recorded(browser: Browser, pages: Pages) -> None:
    tab_id = browser.execute("return (await browser.tabs.create({url: args[0]})).id;", pages.url("slow", delay=SLOW))
    browser.tabs.close(tab_id, recorded=False)
    check("LOAD-1", "onChanged count after closing a tab during its first load", events_with_barrier(browser, pages), 0)
    check("LOAD-1", "getRecentlyClosed()", titles(browser), ["barrier"])


def close_during_navigation(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("loaded"))
    browser.execute("await browser.tabs.update(args[0], {url: args[1]});", tab.id, pages.url("pending", delay=SLOW))
    browser.tabs.close(tab.id, recorded=True)


@pytest.mark.spec("LOAD-2")
def test_a_tab_closed_during_a_navigation_is_recorded_with_its_loaded_page(browser: Browser, pages: Pages) -> None:
    close_during_navigation(browser, pages)
    [entry] = browser.sessions.get_recently_closed()
    check(
        "LOAD-2",
        "getRecentlyClosed()[0].tab.{url, title}",
        [entry.tab.url, entry.tab.title],
        [pages.url("loaded"), "loaded"],
    )


@pytest.mark.spec("LOAD-3")
def test_restoring_it_reopens_the_loaded_page(browser: Browser, pages: Pages) -> None:
    close_during_navigation(browser, pages)
    restored = browser.sessions.restore()
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("loaded"))
    check("LOAD-3", "restored tab's url", loaded.url, pages.url("loaded"))


# Resolves once tab args[0] reports status "loading" (a navigation it started itself is under way).
ARM_LOADING = """
window.conformanceLoading = new Promise((resolve) => {
  const listener = (id, change) => {
    if (id === args[0] && change.status === "loading") {
      browser.tabs.onUpdated.removeListener(listener);
      resolve();
    }
  };
  browser.tabs.onUpdated.addListener(listener);
});
"""


@pytest.mark.spec("LOAD-4")
def test_a_tab_closed_while_loading_after_a_link_click(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("linked", link=pages.url("slow-target", delay=SLOW)))
    browser.execute(ARM_LOADING, tab.id)
    # A click inside the page, by script: the page itself starts the navigation (not tabs.update),
    # and WebDriver does not wait for it to finish.
    in_page(browser, "linked").execute_script("document.getElementById('link').click();")
    browser.execute("await window.conformanceLoading;")
    browser.tabs.close(tab.id, recorded=True)
    [entry] = browser.sessions.get_recently_closed()
    check("LOAD-4", "getRecentlyClosed()[0].tab.{url, title}", [entry.tab.url, entry.tab.title], [tab.url, "linked"])
    restored = browser.sessions.restore(entry.tab.session_id)
    check("LOAD-4", "the restored tab's url", browser.tabs.wait_loaded(restored.tab.id, tab.url).url, tab.url)


# Resolves with the next tab the browser creates.
ARM_CREATED = """
window.conformanceCreated = new Promise((resolve) => {
  browser.tabs.onCreated.addListener(function listener(tab) {
    browser.tabs.onCreated.removeListener(listener);
    resolve(tab);
  });
});
"""


@pytest.mark.needs("closing a new tab before its page commits")
@pytest.mark.spec("LOAD-5")
def test_a_new_tab_from_a_blank_target_link_closed_while_loading(browser: Browser, pages: Pages) -> None:
    href = pages.url("slow-new-tab", delay=SLOW)
    opener = browser.tabs.open(pages.url("opener", link=href))
    browser.execute(ARM_CREATED)
    in_page(browser, "opener").execute_script(
        "const link = document.getElementById('link'); link.target = '_blank'; link.click();"
    )
    created = browser.execute("return await window.conformanceCreated;")
    try:
        browser.tabs.close(created["id"], recorded=True)
    except HarnessTimeout as exc:
        raise HarnessError(f"LOAD-5: the browser recorded nothing for the tab closed while loading ({exc})") from exc
    [entry] = browser.sessions.get_recently_closed()
    got = {key: entry.tab[key] for key in ("url", "title", "favIconUrl", "index")}
    want = {"url": href, "title": href, "favIconUrl": UNDEFINED, "index": opener.index + 1}
    check("LOAD-5", "getRecentlyClosed()[0].tab.{url, title, favIconUrl, index}", got, want)
