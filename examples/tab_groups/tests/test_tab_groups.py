"""The Tab Groups extension keeps each tab's group, and each window's active
group, through everything a session goes through: closing and restoring a
tab, closing and restoring a window, and restarting the browser, where the
browser keeps sessions values (Firefox). Where it does not (Chromium), groups
last as long as their tab or window, and a restored tab joins its window's
active group as a new tab does: the same tests say which applies."""

from __future__ import annotations

from collections.abc import Callable

from tab_groups_client import TabGroups

import harness
from harness.pages import Pages


def test_new_tabs_join_the_windows_active_group(browser: harness.Browser, groups: TabGroups, pages: Pages) -> None:
    first = browser.tabs.open(pages.url("first"))
    assert groups.wait_until_grouped(first.id) == "General"
    groups.send(type="activate", windowId=first.window_id, group="Work")
    second = browser.tabs.open(pages.url("second"))
    assert groups.wait_until_grouped(second.id) == "Work"
    assert groups.send(type="groups", windowId=first.window_id)["Work"] == [second.id]


def test_a_closed_tab_comes_back_in_its_group(browser: harness.Browser, groups: TabGroups, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("reading"))
    groups.wait_until_grouped(tab.id)
    groups.send(type="moveTab", tabId=tab.id, group="Reading")
    browser.tabs.close(tab.id)

    [closed] = browser.sessions.get_recently_closed()
    restored = browser.sessions.restore(closed.tab.session_id)
    browser.tabs.wait_loaded(restored.tab.id, pages.url("reading"))

    assert restored.tab.id != tab.id
    group = "Reading" if groups.kept_by_the_browser else "General"  # the window's active group
    assert groups.wait_until_grouped(restored.tab.id) == group
    assert restored.tab.id in groups.send(type="groups", windowId=restored.tab.window_id)[group]


def test_a_closed_window_comes_back_with_its_groups(browser: harness.Browser, groups: TabGroups, pages: Pages) -> None:
    window = browser.windows.open([pages.url("mail"), pages.url("docs")])
    mail, docs = window.tabs
    for tab in window.tabs:
        groups.wait_until_grouped(tab.id)
    groups.send(type="moveTab", tabId=mail.id, group="Mail")
    groups.send(type="moveTab", tabId=docs.id, group="Docs")
    groups.send(type="activate", windowId=window.id, group="Docs")
    browser.windows.close(window.id)

    [closed] = browser.sessions.get_recently_closed()
    restored = browser.sessions.restore(closed.window.session_id).window
    tabs = [browser.tabs.wait_loaded(t.id) for t in restored.tabs]

    assert [t.url for t in tabs] == [pages.url("mail"), pages.url("docs")]
    kept = groups.kept_by_the_browser
    assert [groups.wait_until_grouped(t.id) for t in tabs] == (["Mail", "Docs"] if kept else ["General"] * 2)
    active = "Docs" if kept else "General"
    assert groups.send(type="activeGroup", windowId=restored.id) == active
    # The restored window's active group applies to new tabs.
    new = browser.tabs.open(pages.url("more docs"), window_id=restored.id)
    assert groups.wait_until_grouped(new.id) == active


def test_groups_survive_a_browser_restart(launch: Callable[..., harness.Browser], pages: Pages) -> None:
    browser = launch()  # a browser of its own: restarting it does not disturb the other tests
    groups = TabGroups(browser)
    tab = browser.tabs.open(pages.url("project"))
    groups.wait_until_grouped(tab.id)
    groups.send(type="moveTab", tabId=tab.id, group="Project")
    groups.send(type="activate", windowId=tab.window_id, group="Project")

    browser.restart()

    [after] = [t for t in browser.tabs.query() if t.url == pages.url("project")]
    if groups.kept_by_the_browser:
        assert groups.group_of(after.id) == "Project"
        assert groups.send(type="activeGroup", windowId=after.window_id) == "Project"
    else:  # storage.session starts empty, and session restore creates no tabs the extension sees
        assert groups.group_of(after.id) is None
        assert groups.send(type="activeGroup", windowId=after.window_id) == "General"
    assert groups.context.errors() == []
