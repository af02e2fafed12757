"""Every sessions member and every helper, once, through the public API on
a real browser (Firefox by default, `--browser chromium`). The conformance
suite (harness/conformance) checks behaviour in depth; these check that the
harness carries each call and its answer. What Chromium lacks (forget*, the
value functions, Firefox prefs) is marked `unsupported_on`: the test still
runs there and must fail with the browser's or the engine's error."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import harness
from harness import UNDEFINED, Browser, ExtensionError, Session, Tab, Window
from harness.pages import Pages

NO_FORGET = "Chromium has no sessions.forgetClosedTab / forgetClosedWindow"
NO_VALUES = "Chromium has no sessions tab/window value functions"
NO_PREFS = "prefs are Firefox's; Chromium has none the harness can set"


def test_max_session_results_is_read_from_the_browser(sessions: harness.Sessions) -> None:
    assert sessions.MAX_SESSION_RESULTS == 25


def test_closed_tab_is_listed_as_a_typed_session(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("alpha"))
    assert isinstance(tab, Tab) and tab.title == "alpha" and tab.status == "complete"
    browser.tabs.close(tab.id)
    [session] = browser.sessions.get_recently_closed()
    assert isinstance(session, Session)
    assert session.window is UNDEFINED
    assert session.tab.url == pages.url("alpha")
    assert session.tab.id is UNDEFINED
    assert isinstance(session.tab.session_id, str)
    assert session.raw["tab"]["sessionId"] == session.tab.session_id
    assert isinstance(session.last_modified, int)


def test_get_recently_closed_max_results_and_raw_filter(browser: Browser, pages: Pages) -> None:
    for name in ("one", "two", "three"):
        browser.tabs.close(browser.tabs.open(pages.url(name)).id)
    assert [s.tab.title for s in browser.sessions.get_recently_closed(2)] == ["three", "two"]
    assert len(browser.sessions.get_recently_closed(filter={})) == 3
    with pytest.raises(ExtensionError) as info:
        browser.sessions.get_recently_closed(filter={"maxResults": "2"})
    assert info.value.method == "sessions.getRecentlyClosed"
    assert info.value.args == ({"maxResults": "2"},)
    assert "maxResults" in info.value.message


def test_restore_a_tab_with_its_history(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("a"))
    browser.tabs.navigate(tab.id, pages.url("b"))
    browser.tabs.navigate(tab.id, pages.url("c"))
    browser.tabs.close(tab.id)
    [closed] = browser.sessions.get_recently_closed()
    restored = browser.sessions.restore(closed.tab.session_id)
    assert restored.tab.id != tab.id
    loaded = browser.tabs.wait_loaded(restored.tab.id, pages.url("c"))
    assert loaded.title == "c"
    assert browser.tabs.go_back(loaded.id).title == "b"
    assert browser.tabs.go_back(loaded.id).title == "a"
    assert browser.tabs.go_forward(loaded.id).title == "b"


def test_restore_without_argument_restores_the_latest(browser: Browser, pages: Pages) -> None:
    browser.tabs.close(browser.tabs.open(pages.url("older")).id)
    browser.tabs.close(browser.tabs.open(pages.url("newer")).id)
    restored = browser.sessions.restore()
    # A restored tab may report about:blank, complete, before its page loads: wait for the URL.
    assert browser.tabs.wait_loaded(restored.tab.id, pages.url("newer")).title == "newer"


def test_windows_open_close_restore(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("w1"), pages.url("w2")])
    assert isinstance(window, Window)
    assert [t.title for t in window.tabs] == ["w1", "w2"]
    assert browser.windows.get(window.id).id == window.id
    assert len(browser.windows.all()) == 2
    browser.windows.close(window.id)
    [closed] = browser.sessions.get_recently_closed()
    assert [t.url for t in closed.window.tabs] == [pages.url("w1"), pages.url("w2")]
    restored = browser.sessions.restore(closed.window.session_id)
    assert restored.window.id != window.id
    assert len(restored.window.tabs) == 2


@pytest.mark.unsupported_on("chromium", reason=NO_FORGET, raises=ExtensionError)
def test_forget_closed_tab_and_window(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("forget-tab"))
    browser.tabs.close(tab.id)
    window = browser.windows.open([pages.url("forget-window")])
    browser.windows.close(window.id)
    window_session, tab_session = browser.sessions.get_recently_closed()
    browser.sessions.forget_closed_window(window_session.window.session_id)
    browser.sessions.forget_closed_tab(tab_session.tab.window_id, tab_session.tab.session_id)
    assert browser.sessions.get_recently_closed() == []


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=ExtensionError)
def test_tab_values(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("values"))
    s = browser.sessions
    assert s.get_tab_value(tab.id, "k") is UNDEFINED
    s.set_tab_value(tab.id, "k", {"n": [1, 2.5, None, True, "x"]})
    assert s.get_tab_value(tab.id, "k") == {"n": [1, 2.5, None, True, "x"]}
    s.remove_tab_value(tab.id, "k")
    assert s.get_tab_value(tab.id, "k") is UNDEFINED
    with pytest.raises(ExtensionError) as info:
        s.get_tab_value(999999, "k")
    assert info.value.message == "Invalid tab ID: 999999"


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=ExtensionError)
def test_window_values(browser: Browser) -> None:
    s = browser.sessions
    window_id = browser.harness_window_id
    s.set_window_value(window_id, "w", [1, "two"])
    assert s.get_window_value(window_id, "w") == [1, "two"]
    s.remove_window_value(window_id, "w")
    assert s.get_window_value(window_id, "w") is UNDEFINED


def test_get_devices_where_the_browser_has_it(browser: Browser) -> None:
    if browser.name == "chromium":  # no sync account signed in: no devices
        assert browser.sessions.get_devices() == []
        assert browser.sessions.get_devices(1) == []
        return
    with pytest.raises(ExtensionError) as info:  # Firefox has no getDevices
        browser.sessions.get_devices()
    assert "not a function" in info.value.message


def test_on_changed_records_wait_and_clear(browser: Browser, pages: Pages) -> None:
    events = browser.sessions.on_changed
    assert events.count == 0
    browser.tabs.close(browser.tabs.open(pages.url("event")).id)
    assert events.wait(1) >= 1
    assert events.calls == [[]]
    events.clear()
    assert events.count == 0
    with pytest.raises(harness.HarnessTimeout, match="timed out"):
        events.wait(1, timeout=0.3)


def test_tabs_helpers(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("helper"), active=False)
    assert browser.tabs.get(tab.id).url == pages.url("helper")
    assert any(t.id == tab.id for t in browser.tabs.query(window_id=browser.harness_window_id))
    copy = browser.tabs.duplicate(tab.id)
    assert copy.url == pages.url("helper") and copy.id != tab.id
    window = browser.windows.open([pages.url("target")])
    moved = browser.tabs.move(copy.id, window.id, 0)
    assert moved.window_id == window.id and moved.index == 0


def test_execute_and_driver(browser: Browser) -> None:
    assert browser.execute("return args[0] + args[1];", 2, 3) == 5
    assert browser.execute("return undefined;") is UNDEFINED
    assert browser.execute("return [typeof browser.sessions, typeof chrome];") == ["object", "object"]
    with pytest.raises(ExtensionError, match="boom"):
        browser.execute("throw new Error('boom');")
    engine = browser.engine
    assert browser.driver.current_url == engine.page_url(engine.fixture_id, "page.html")
    assert browser.name == engine.name and browser.version.split(".")[0].isdigit()


def test_reset_cleans_up(browser: Browser, pages: Pages) -> None:
    browser.windows.open([pages.url("extra")])
    browser.tabs.close(browser.tabs.open(pages.url("closed")).id)
    browser.tabs.open(pages.url("open"))
    browser.reset()
    windows = browser.windows.all()
    assert len(windows) == 1 and [t.url for t in windows[0].tabs] == [
        browser.engine.page_url(browser.engine.fixture_id, "page.html"),
        "about:blank",
    ]
    assert browser.sessions.get_recently_closed() == []
    assert browser.sessions.on_changed.count == 0


def _blank_tab(browser: Browser) -> Tab:
    [window] = browser.windows.all()
    [blank] = [tab for tab in window.tabs if tab.id != browser.harness_tab_id]
    return blank


def test_reset_keeps_an_untouched_blank_tab_and_makes_it_active(browser: Browser, pages: Pages) -> None:
    first = _blank_tab(browser)
    browser.tabs.open(pages.url("active-then-closed"))  # the blank tab is no longer active
    browser.reset()
    kept = _blank_tab(browser)
    assert (kept.id, kept.active) == (first.id, True)


# What a test may do to the blank tab that a later reset must not hand on.
TOUCHES: dict[str, Callable[[Browser, Pages, int], object]] = {
    "navigated and back at about:blank": lambda browser, pages, tab_id: (
        browser.tabs.navigate(tab_id, pages.url("visited")),
        browser.tabs.navigate(tab_id, "about:blank"),
    ),
    "pinned": lambda browser, pages, tab_id: browser.execute(
        "await browser.tabs.update(args[0], {pinned: true});", tab_id
    ),
    "muted": lambda browser, pages, tab_id: browser.execute(
        "await browser.tabs.update(args[0], {muted: true});", tab_id
    ),
    "moved before the harness tab": lambda browser, pages, tab_id: browser.tabs.move(
        tab_id, browser.harness_window_id, 0
    ),
}


@pytest.mark.parametrize("touch", TOUCHES)
def test_reset_replaces_a_blank_tab_the_test_touched(browser: Browser, pages: Pages, touch: str) -> None:
    before = _blank_tab(browser)
    TOUCHES[touch](browser, pages, before.id)
    browser.reset()
    after = _blank_tab(browser)
    assert after.id != before.id
    assert (after.url, after.active, after.pinned, after.muted_info["muted"]) == ("about:blank", True, False, False)
    harness_tab = browser.tabs.get(browser.harness_tab_id)
    assert after.index == harness_tab.index + 1
    if browser.name == "firefox":  # no history: Firefox records no closed tab that only showed about:blank
        browser.tabs.close(after.id, recorded=False)
        assert browser.sessions.get_recently_closed() == []


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=ExtensionError)
def test_reset_removes_values(browser: Browser) -> None:
    browser.sessions.set_window_value(browser.harness_window_id, "left", 1)
    browser.reset()
    assert browser.sessions.get_window_value(browser.harness_window_id, "left") is UNDEFINED


def test_restart_keeps_open_tabs_and_the_closed_list(launch, pages: Pages) -> None:  # type: ignore[no-untyped-def]
    with launch() as own:
        own.reset()
        own.tabs.open(pages.url("survivor"))
        own.tabs.close(own.tabs.open(pages.url("closed")).id)
        own.restart()
        assert [t.title for t in own.tabs.query() if t.url == pages.url("survivor")] == ["survivor"]
        assert "closed" in [s.tab.title for s in own.sessions.get_recently_closed() if s.tab]


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=ExtensionError)
def test_restart_keeps_values_and_closed_list(launch, pages: Pages) -> None:  # type: ignore[no-untyped-def]
    with launch() as own:
        tab = own.tabs.open(pages.url("survivor"))
        own.sessions.set_tab_value(tab.id, "group", "blue")
        own.restart()
        [found] = [t for t in own.tabs.query() if t.url == pages.url("survivor")]
        assert own.sessions.get_tab_value(found.id, "group") == "blue"


def test_private_browsing_window(launch, pages: Pages) -> None:  # type: ignore[no-untyped-def]
    own = launch(private_browsing=True)
    window = own.windows.open([pages.url("secret")], private=True)
    assert window.incognito is True
    own.windows.close(window.id)
    assert own.sessions.get_recently_closed() == []


@pytest.mark.unsupported_on("chromium", reason=NO_PREFS, raises=harness.HarnessError)
def test_set_prefs_applies_now_and_reset_restores(browser: Browser) -> None:
    name = "browser.sessionstore.max_tabs_undo"
    assert browser.get_pref(name) == 25
    browser.set_prefs({name: 2, "harness.test.new_pref": "x"})
    assert browser.get_pref(name) == 2
    assert browser.get_pref("harness.test.new_pref") == "x"
    browser.reset()
    assert browser.get_pref(name) == 25
    assert browser.get_pref("harness.test.new_pref") is None
    with pytest.raises(TypeError, match=r"harness\.test\.bad"):
        browser.set_prefs({"harness.test.bad": 1.5})
