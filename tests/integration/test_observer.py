"""The observer changes nothing: after any harness call (the facades and
their event wait, `execute`, and an extension's `execute`, `wait_for`,
`sessions`, `errors`, `wait_for_error`, `evaluate_background`,
`suspend_background` and `menu_items`), the tab the test made active is still active, the window it
focused keeps focus, and tab order, selection and zoom are as they were.
The harness's pages are reached in their background tabs (WebDriver BiDi),
never by a window switch, which selects the tab in Firefox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import harness
from harness import Browser, ExtensionContext, HarnessError, HarnessTimeout
from harness.pages import Pages

EXTENSION = Path(__file__).parent / "user_extensions" / "mv3_any"
EXTENSION_ID = "any-probe@tests.invalid"

# The last focused window, and every normal window: focused or not (headless Chromium
# calls every window focused), its tabs in order with active, highlighted and zoom.
STATE = """
const windows = await browser.windows.getAll({ populate: true, windowTypes: ["normal"] });
return {
  lastFocused: (await browser.windows.getLastFocused()).id,
  windows: await Promise.all(windows.map(async (w) => ({
    id: w.id,
    focused: w.focused,
    tabs: await Promise.all(w.tabs.map(async (t) => [t.id, t.active, t.highlighted, await browser.tabs.getZoom(t.id)])),
  }))),
};
"""


@pytest.fixture(scope="module")
def observed(harness_launch_options: dict[str, Any]) -> Iterator[Browser]:
    """A browser of this module's own, with a user extension installed."""
    with harness.launch(**{**harness_launch_options, "extensions": [EXTENSION]}) as browser:
        yield browser


def scene(browser: Browser, pages: Pages) -> tuple[ExtensionContext, dict[str, Any]]:
    """The harness's pages open (the extension's too); in the harness's window a
    zoomed tab the test made active and a background tab; then a window of the
    test's own, focused. Returns the extension and what each window must show."""
    browser.reset()
    ext = browser.extension(EXTENSION_ID)
    ext.execute("return 1;")  # its page opens (in a background tab) before the scene is set
    chosen = browser.tabs.open(pages.url("chosen"))
    browser.execute("await browser.tabs.setZoom(args[0], 1.5);", chosen.id)
    behind = browser.tabs.open(pages.url("behind"), active=False)
    own = browser.windows.open([pages.url("own window")])
    (own_tab,) = own.tabs
    return ext, {"chosen": chosen.id, "behind": behind.id, "own": own.id, "own_tab": own_tab.id}


def check_unchanged(read: Callable[[str], Any], ids: dict[str, Any], before: dict[str, Any] | None = None) -> Any:
    """The scene as the test set it, read with `read` (an `execute`); returns the
    whole state (to compare later)."""
    state = read(STATE)
    windows = {w["id"]: w for w in state["windows"]}
    assert state["lastFocused"] == ids["own"], "the test's window lost focus"
    assert windows[ids["own"]]["focused"], "the test's window lost focus"
    harness_window = next(w for w in windows.values() if any(t[0] == ids["chosen"] for t in w["tabs"]))
    assert [t[0] for t in harness_window["tabs"] if t[1]] == [ids["chosen"]], "the test's active tab changed"
    assert [t[0] for t in harness_window["tabs"] if t[2]] == [ids["chosen"]], "the selection changed"
    assert [t[0] for t in windows[ids["own"]]["tabs"] if t[1]] == [ids["own_tab"]]
    assert next(t[3] for t in harness_window["tabs"] if t[0] == ids["chosen"]) == 1.5
    if before is not None:
        assert state == before, "tab order, selection or zoom changed"
    return state


CALLS: dict[str, Callable[[Browser, ExtensionContext, dict[str, Any]], Any]] = {
    "sessions": lambda browser, ext, ids: browser.sessions.get_recently_closed(),
    "tabs": lambda browser, ext, ids: browser.tabs.get(ids["behind"]),
    "tabs.query": lambda browser, ext, ids: browser.tabs.query(),
    "windows": lambda browser, ext, ids: browser.windows.all(),
    "execute": lambda browser, ext, ids: browser.execute("return document.title;"),
    "ext.execute": lambda browser, ext, ids: ext.execute("return browser.runtime.id;"),
    "ext.sessions": lambda browser, ext, ids: ext.sessions.get_recently_closed(),
    "ext.wait_for": lambda browser, ext, ids: ext.wait_for("return (await browser.tabs.query({})).length > 0;"),
    "ext.errors": lambda browser, ext, ids: ext.errors(),
    "ext.evaluate_background": lambda browser, ext, ids: ext.evaluate_background("return api.runtime.id;"),
    "ext.suspend_background": lambda browser, ext, ids: ext.suspend_background(),
    "ext.menu_items": lambda browser, ext, ids: ext.menu_items("tab", ids["chosen"]),
}


def no_change_event(browser: Browser, ext: ExtensionContext, ids: dict[str, Any]) -> None:
    """The facade's event wait, timing out: nothing was closed."""
    browser.sessions.on_changed.clear()
    with pytest.raises(HarnessTimeout):
        browser.sessions.on_changed.wait(1, timeout=0.2)


def no_error_yet(browser: Browser, ext: ExtensionContext, ids: dict[str, Any]) -> None:
    """An extension's error wait, timing out: the extension logged none."""
    with pytest.raises(HarnessTimeout):
        ext.wait_for_error("no such error", timeout=0.2)


CALLS["on_changed.wait"] = no_change_event
CALLS["ext.wait_for_error"] = no_error_yet
NO_MENUS = "Chromium's context menus are native menus that neither WebDriver nor the DevTools Protocol can open"
SAYS_NO_MENUS = "menu_items is not available on Chromium: " + NO_MENUS
ON_CHROMIUM = {
    "ext.menu_items": pytest.mark.unsupported_on(
        "chromium", reason=NO_MENUS, raises=(HarnessError,), match=SAYS_NO_MENUS
    ),
}
KINDS = [pytest.param(kind, marks=ON_CHROMIUM.get(kind, ())) for kind in CALLS]


@pytest.mark.parametrize("kind", KINDS)
def test_a_harness_call_leaves_the_active_tab_focus_order_and_zoom_alone(
    observed: Browser, pages: Pages, kind: str
) -> None:
    ext, ids = scene(observed, pages)
    # Read through the other harness page: a call that reached its page by a window switch
    # would then have to switch, as it does when a test alternates between the two.
    read = observed.execute if kind.startswith("ext.") else ext.execute
    before = check_unchanged(read, ids)
    CALLS[kind](observed, ext, ids)
    check_unchanged(read, ids, before)
    CALLS[kind](observed, ext, ids)
    check_unchanged(read, ids, before)


def test_the_extensions_page_opens_in_a_background_tab(observed: Browser, pages: Pages) -> None:
    observed.reset()
    chosen = observed.tabs.open(pages.url("chosen"))
    ext = observed.extension(EXTENSION_ID)
    ext.execute("return 1;")
    [active] = observed.tabs.query(active=True, window_id=chosen.window_id)
    assert active.id == chosen.id
    assert ext.tab_id is not None and not observed.tabs.get(ext.tab_id).active
