"""A user's entry points into an extension, pressed by the harness: the toolbar
button, commands and menu items, on a real Manifest V3 extension
(tests/integration/user_extensions/entry) that records what each delivered,
and on the same extension under a Manifest V2 manifest (browser_action)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from harness import Browser, HarnessError
from harness.browsers import chromium_cdp
from harness.contexts import ExtensionContext
from harness.pages import Pages

HERE = Path(__file__).parent / "user_extensions"
NO_MENUS = "Chromium's context menus are native: neither WebDriver nor CDP opens them"
NO_COMMANDS = "Chromium runs extension commands only from real key presses"
# What the harness's error says on Chromium (harness/browsers/chromium.py), checked.
SAYS_NO_MENUS = r"is not available on Chromium: Chromium's context menus are native menus"
SAYS_NO_COMMANDS = r"is not available on Chromium: Chromium dispatches extension commands only from real key presses"
NO_MV2 = "Chromium has no Manifest V2"
MV2_ID = "entry-mv2-probe@tests.invalid"


@pytest.fixture
def entry(launch: Callable[..., Browser]) -> tuple[Browser, ExtensionContext]:
    browser = launch(extensions=[HERE / "entry"])
    return browser, browser.extension("entry-probe@tests.invalid")


@pytest.fixture
def entry_mv2(launch: Callable[..., Browser], tmp_path: Path) -> tuple[Browser, ExtensionContext]:
    """The probe under a Manifest V2 manifest: a browser_action, an event page."""
    folder = tmp_path / "entry_mv2"
    shutil.copytree(HERE / "entry", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.update(
        manifest_version=2,
        browser_action=manifest.pop("action"),
        background={"scripts": ["background.js"], "persistent": False},
    )
    manifest["browser_specific_settings"]["gecko"]["id"] = MV2_ID
    (folder / "manifest.json").write_text(json.dumps(manifest))
    browser = launch(extensions=[folder])
    return browser, browser.extension(MV2_ID)


def events(ext: ExtensionContext, kind: str) -> list[dict[str, object]]:
    """What the extension recorded of one kind, once it recorded one (its own eventsOf)."""
    return list(ext.evaluate_background("return await eventsOf(args[0]);", kind))


def test_click_action_calls_on_clicked_with_the_tab(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.click_action(tab)
    [clicked] = events(ext, "action")
    assert clicked["tabId"] == tab.id
    # Firefox passes OnClickData (a left click, no modifier key); Chromium's onClicked gets the tab only.
    assert clicked["info"] == (None if browser.name == "chromium" else {"button": 0, "modifiers": []})


def test_click_action_opens_the_popup_when_there_is_one(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.evaluate_background("await api.action.setPopup({ popup: 'popup.html' });")
    ext.click_action(tab)
    if browser.name == "chromium":
        # Headless Chromium creates the popup's page but never runs its script (156): its target is listed.
        connection, popup = browser.require_connection(), f"chrome-extension://{ext.id}/popup.html"
        chromium_cdp.wait_target(connection, lambda: chromium_cdp.page(connection, popup), True, "the popup", 10)
    else:
        # popup.js tells the background it opened.
        assert [e["state"] for e in events(ext, "popup")] == ["opened"]
    # onClicked does not fire when there is a popup.
    assert ext.evaluate_background("return events.filter((e) => e.kind === 'action').length;") == 0


def test_execute_action_command_clicks_the_button(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.run_command("_execute_action")
    assert [e["tabId"] for e in events(ext, "action")] == [tab.id]


@pytest.mark.unsupported_on("chromium", reason=NO_COMMANDS, raises=(HarnessError,), match=SAYS_NO_COMMANDS)
def test_run_command_fires_on_command(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.run_command("mark-tab")
    assert [(e["name"], e["tabId"]) for e in events(ext, "command")] == [("mark-tab", tab.id)]


def test_an_unknown_command_is_refused_naming_it(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    with pytest.raises(HarnessError, match="no-such-command"):
        ext.run_command("no-such-command")


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,), match=SAYS_NO_MENUS)
def test_menu_items_lists_the_tab_menu_after_on_shown(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    items = ext.menu_items("tab", tab)
    assert [item.id for item in items] == ["first", "second", "shown-title"]
    assert items[0].title == "First item"
    assert items[2].title == f"shown for tab {tab.id}"  # set by its menus.onShown listener


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,), match=SAYS_NO_MENUS)
def test_click_menu_item_calls_on_clicked(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.click_menu_item("second", "tab", tab)
    assert [(e["id"], e["tabId"]) for e in events(ext, "menu")] == [("second", tab.id)]
    with pytest.raises(HarnessError, match=r"no item \"nothing\".*first, second"):
        ext.click_menu_item("nothing", "tab", tab)


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,), match=SAYS_NO_MENUS)
def test_page_menu_shows_the_page_items(entry: tuple[Browser, ExtensionContext], pages: Pages) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    assert [item.id for item in ext.menu_items("page", tab)] == ["first", "second"]


@pytest.mark.unsupported_on("chromium", reason=NO_MENUS, raises=(HarnessError,), match=SAYS_NO_MENUS)
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


@pytest.mark.unsupported_on("chromium", reason=NO_MV2, raises=(HarnessError,), match="Manifest V2")
def test_a_browser_action_is_clicked_by_click_action_and_its_command(
    entry_mv2: tuple[Browser, ExtensionContext], pages: Pages
) -> None:
    browser, ext = entry_mv2
    tab = browser.tabs.open(pages.url("grouped"))
    ext.click_action(tab)
    assert [(e["tabId"], e["info"]) for e in events(ext, "action")] == [(tab.id, {"button": 0, "modifiers": []})]
    ext.evaluate_background("events.length = 0;")
    ext.run_command("_execute_browser_action")
    assert [e["tabId"] for e in events(ext, "action")] == [tab.id]


@pytest.mark.unsupported_on("chromium", reason=NO_MV2, raises=(HarnessError,), match="Manifest V2")
def test_a_browser_actions_menu_shows_and_clicks_its_items(
    entry_mv2: tuple[Browser, ExtensionContext], pages: Pages
) -> None:
    browser, ext = entry_mv2
    tab = browser.tabs.open(pages.url("grouped"))
    assert [item.id for item in ext.menu_items("browser_action", tab)] == ["first"]
    ext.click_menu_item("first", "browser_action", tab)
    assert [(e["id"], e["tabId"]) for e in events(ext, "menu")] == [("first", tab.id)]
