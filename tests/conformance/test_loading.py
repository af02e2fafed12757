"""LOAD: tabs closed while a page is still loading. The slow pages answer after a
deliberate server-side delay (pages.url(name, delay=...)); each test closes
the tab before that answer can arrive and never waits for it."""

from __future__ import annotations

import pytest
from check import check
from scenarios import events_with_barrier, titles

from harness import Browser
from harness.pages import Pages

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
