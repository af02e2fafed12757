"""A user's entry points into an extension, pressed by the harness: the toolbar
button, commands and menu items, on a real Manifest V3 extension
(tests/integration/user_extensions/entry) that records what each delivered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness import Browser, HarnessError, HarnessTimeout
from harness.contexts import ExtensionContext
from harness.pages import Pages

HERE = Path(__file__).parent / "user_extensions"
NO_MENUS = "Chromium's context menus are native: neither WebDriver nor CDP opens them"
NO_COMMANDS = "Chromium runs extension commands only from real key presses"


@pytest.fixture
def entry(launch: Callable[..., Browser]) -> tuple[Browser, ExtensionContext]:
    browser = launch(extensions=[HERE / "entry"])
    return browser, browser.extension("entry-probe@tests.invalid")


def events(ext: ExtensionContext, kind: str) -> list[dict[str, object]]:
    """What the extension recorded of one kind, once it recorded one (its own eventsOf)."""
    return list(ext.evaluate_background("return await eventsOf(args[0]);", kind))


def test_click_action_calls_on_clicked_with_the_tab(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.click_action(tab)
    assert [e["tabId"] for e in events(ext, "action")] == [tab.id]


@pytest.mark.unsupported_on(
    "chromium",
    reason="headless Chromium lists the action's popup page but never runs its script (measured on 156)",
    raises=(HarnessTimeout,),
)
def test_click_action_opens_the_popup_when_there_is_one(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.evaluate_background("await api.action.setPopup({ popup: 'popup.html' });")
    ext.click_action(tab)
    # popup.js tells the background it opened; onClicked does not fire when there is a popup.
    assert [e["state"] for e in events(ext, "popup")] == ["opened"]
    assert ext.evaluate_background("return events.filter((e) => e.kind === 'action').length;") == 0


def test_execute_action_command_clicks_the_button(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.run_command("_execute_action")
    assert [e["tabId"] for e in events(ext, "action")] == [tab.id]


@pytest.mark.unsupported_on("chromium", reason=NO_COMMANDS, raises=(HarnessError,))
def test_run_command_fires_on_command(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.run_command("mark-tab")
    assert [(e["name"], e["tabId"]) for e in events(ext, "command")] == [("mark-tab", tab.id)]


def test_an_unknown_command_is_refused_naming_it(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    with pytest.raises(HarnessError, match="no-such-command"):
        ext.run_command("no-such-command")


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,))
def test_menu_items_lists_the_tab_menu_after_on_shown(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    items = ext.menu_items("tab", tab)
    assert [item.id for item in items] == ["first", "second", "shown-title"]
    assert items[0].title == "First item"
    assert items[2].title == f"shown for tab {tab.id}"  # set by its menus.onShown listener


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,))
def test_click_menu_item_calls_on_clicked(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.click_menu_item("second", "tab", tab)
    assert [(e["id"], e["tabId"]) for e in events(ext, "menu")] == [("second", tab.id)]
    with pytest.raises(HarnessError, match=r"no item \"nothing\".*first, second"):
        ext.click_menu_item("nothing", "tab", tab)


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,))
def test_page_menu_shows_the_page_items(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    assert [item.id for item in ext.menu_items("page", tab)] == ["first", "second"]


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,))
def test_the_toolbar_buttons_menu_shows_and_clicks_its_items(
    entry: tuple[Browser, ExtensionContext], pages: Pages
) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    assert [(item.id, item.title) for item in ext.menu_items("action", tab)] == [("first", "First item")]
    ext.click_menu_item("first", "action", tab)
    assert [(e["id"], e["tabId"]) for e in events(ext, "menu")] == [("first", tab.id)]
    with pytest.raises(HarnessError, match='menu context is "action"'):
        ext.menu_items("browser_action", tab)


def test_a_menu_context_the_harness_cannot_open_is_refused(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    with pytest.raises(ValueError, match="menu context 'bookmarks'"):
        ext.menu_items("bookmarks")
