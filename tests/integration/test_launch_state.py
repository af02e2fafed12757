"""What a start leaves, however the engine gets there: the harness's page in a
background tab, the user's blank tab active beside it, both reachable by
WebDriver; and after a restart, the harness back on session restore's copy of
its page rather than on a second one (Chromium)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from harness import Browser
from harness.browser import FIXTURE_PAGE
from harness.errors import HarnessTimeout
from harness.pages import Pages

# What the user's tab shows at a start: the session's first tab as each browser opens it.
START_PAGE = {"firefox": "chrome://browser/content/blanktab.html", "chromium": "about:blank"}


def _fixture_url(browser: Browser) -> str:
    return browser.engine.page_url(browser.engine.fixture_id, FIXTURE_PAGE)


def test_a_launch_leaves_the_users_blank_tab_active_beside_the_harness_page(launch: Callable[..., Browser]) -> None:
    browser = launch()
    tabs = browser.tabs.query()
    assert len(tabs) == 2, [t.url for t in tabs]
    [harness_tab] = [t for t in tabs if t.id == browser.harness_tab_id]
    [user_tab] = [t for t in tabs if t.id != browser.harness_tab_id]
    assert harness_tab.url == _fixture_url(browser)
    assert not harness_tab.active
    assert user_tab.url == START_PAGE[browser.name]
    assert user_tab.active
    assert harness_tab.window_id == user_tab.window_id == browser.harness_window_id
    # Classic WebDriver knows both tabs, and `browser.driver` reaches the harness's page.
    connection = browser.connection
    assert connection is not None
    assert len(connection.handles()) == 2
    assert browser.driver.current_url == _fixture_url(browser)


def test_restarts_leave_one_harness_page(launch: Callable[..., Browser]) -> None:
    """Chromium: the one page is session restore's copy, in its place (Firefox's
    background opens a page of its own, and the harness blanks the copy)."""
    browser = launch()
    browser.reset()
    before = browser.tabs.get(browser.harness_tab_id).index
    for _ in range(4):  # the copy is restored showing nothing yet in about one restart of four
        browser.restart()
        fixture_tabs = [t for t in browser.tabs.query() if t.url == _fixture_url(browser)]
        assert [t.id for t in fixture_tabs] == [browser.harness_tab_id]
        if browser.name == "chromium":
            assert fixture_tabs[0].index == before


def test_the_wait_for_a_restored_page_waits_until_a_tab_shows_it(browser: Browser, pages: Pages) -> None:
    """Chromium's session starts before restored tabs show their URLs; Firefox's
    start waits for its page itself, so there the wait returns at once."""
    connection = browser.connection
    assert connection is not None
    url = pages.url("restored later")
    if browser.name == "firefox":
        browser.engine.wait_restored(connection, url, 0.3)
        return
    browser.engine.wait_restored(connection, _fixture_url(browser), 5.0)  # shown: returns at once
    with pytest.raises(HarnessTimeout, match="session restore to bring back the tab showing"):
        browser.engine.wait_restored(connection, url, 0.3)
    browser.tabs.open(url)
    browser.engine.wait_restored(connection, url, 5.0)
