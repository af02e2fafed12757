"""Tab Marker marks a tab from each of its entry points (toolbar button,
keyboard command, tab context menu), and a mark outlives the background
being suspended while a global does not; a click on a page it does not
mark is an error in the browser's console. Where a browser cannot press an
entry point (Chromium: commands and context menus), the harness says so."""

from __future__ import annotations

import pytest

import harness
from conftest import Marker
from harness.pages import Pages


def test_the_toolbar_button_marks_the_tab(marker: Marker, pages: Pages) -> None:
    tab = marker.browser.tabs.open(pages.url("reading"))
    marker.ext.click_action(tab)
    marker.wait_marked(tab.id)
    marker.ext.click_action(tab)  # a second click takes the mark off
    marker.wait_unmarked(tab.id)


def test_the_command_marks_the_active_tab(marker: Marker, pages: Pages) -> None:
    tab = marker.browser.tabs.open(pages.url("reading"))  # the active tab
    if marker.chromium:
        with pytest.raises(harness.HarnessError, match="Chromium"):
            marker.ext.run_command("toggle-mark")
        marker.ext.run_command("_execute_action")  # the button's own shortcut works everywhere
    else:
        marker.ext.run_command("toggle-mark")
    marker.wait_marked(tab.id)


def test_the_tab_menu_says_what_a_click_will_do(marker: Marker, pages: Pages) -> None:
    tab = marker.browser.tabs.open(pages.url("reading"))
    if marker.chromium:
        with pytest.raises(harness.HarnessError, match="Chromium"):
            marker.ext.menu_items("tab", tab)
        with pytest.raises(harness.HarnessError, match="Chromium"):
            marker.ext.click_menu_item("toggle-mark", "tab", tab)
        return
    assert [(i.id, i.title) for i in marker.ext.menu_items("tab", tab)] == [("toggle-mark", "Mark this tab")]
    marker.ext.click_menu_item("toggle-mark", "tab", tab)
    marker.wait_marked(tab.id)
    # Its onShown listener retitles the item for a marked tab.
    assert [i.title for i in marker.ext.menu_items("tab", tab)] == ["Unmark this tab"]


def test_a_mark_outlives_a_suspended_background(marker: Marker, pages: Pages) -> None:
    tab = marker.browser.tabs.open(pages.url("reading"))
    marker.ext.click_action(tab)
    marker.wait_marked(tab.id)
    # The background's own view: a top-level `let` and function, out of reach of runtime messages.
    assert marker.ext.evaluate_background("return [lastMarked, await isMarked(args[0])];", tab.id) == [tab.id, True]

    marker.ext.suspend_background()

    # Woken again: the global is back to its start value, the mark is still there.
    assert marker.ext.evaluate_background("return [lastMarked, await isMarked(args[0])];", tab.id) == [None, True]
    assert marker.is_marked(tab.id)


def test_a_click_on_a_page_it_does_not_mark_is_an_error(marker: Marker, pages: Pages) -> None:
    tab = marker.browser.tabs.open("about:blank")
    marker.ext.click_action(tab)
    # Its onClicked listener's promise rejects; the browser logs that, as the extension's error.
    error = marker.ext.wait_for_error("marks web pages only")
    assert "not about:blank" in error.message
    assert [e.message for e in marker.ext.errors()] == [error.message]
    assert not marker.is_marked(tab.id)
