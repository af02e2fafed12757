"""EVT, DUP-4: sessions.onChanged, counted behind a barrier (scenarios.events_with_barrier)
so that "no event" is checked without waiting on a clock."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from harness import Browser, ExtensionError, Session
from harness.pages import Pages

from .check import check, resolves
from .scenarios import click_in_page, close_tab, events_with_barrier


@pytest.mark.spec("EVT-1", "EVT-4")
def test_closing_tabs_fires_once_per_tab_without_arguments(browser: Browser, pages: Pages) -> None:
    events = browser.sessions.on_changed
    for name in ("a", "b", "c"):
        browser.tabs.close(browser.tabs.open(pages.url(name)).id)
    events.wait(3)
    check("EVT-1", "onChanged count after closing 3 tabs", events_with_barrier(browser, pages), 3)
    check("EVT-4", "onChanged listener arguments", events.calls, [[]] * 4)


@pytest.mark.spec("EVT-2")
def test_closing_a_window_fires_once(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("one"), pages.url("two"), pages.url("three")])
    browser.windows.close(window.id)
    check("EVT-2", "onChanged count after closing a window of 3 tabs", events_with_barrier(browser, pages), 1)


@pytest.mark.spec("EVT-3")
def test_restoring_fires(browser: Browser, pages: Pages) -> None:
    close_tab(browser, pages, "to-restore")
    browser.sessions.on_changed.clear()
    restored = browser.sessions.restore()
    browser.tabs.wait_loaded(restored.tab.id)
    check("EVT-3", "onChanged count after restore", events_with_barrier(browser, pages), 1)


@pytest.mark.needs("forgetClosedTab")
@pytest.mark.spec("EVT-3")
def test_forgetting_fires(browser: Browser, pages: Pages) -> None:
    events = browser.sessions.on_changed
    close_tab(browser, pages, "to-forget")
    events.clear()
    forget = browser.sessions.get_recently_closed(1)[0].tab
    browser.sessions.forget_closed_tab(forget.window_id, forget.session_id)
    events.wait(1)
    check("EVT-3", "onChanged count after forgetClosedTab", events_with_barrier(browser, pages), 1)


@pytest.mark.needs("forgetClosedTab", "forgetClosedWindow")
@pytest.mark.spec("EVT-5")
def test_event_count_over_a_long_sequence(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    for number in range(12):
        browser.tabs.close(browser.tabs.open(pages.url(f"t{number}")).id)
    for number in range(2):
        window = browser.windows.open([pages.url(f"w{number}a"), pages.url(f"w{number}b")])
        browser.windows.close(window.id)
    for _ in range(4):
        restored = s.restore()
        if restored.tab:
            browser.tabs.wait_loaded(restored.tab.id)
    for _ in range(3):
        entry = s.get_recently_closed(1)[0]
        if entry.tab:
            s.forget_closed_tab(entry.tab.window_id, entry.tab.session_id)
        else:
            s.forget_closed_window(entry.window.session_id)
    s.on_changed.wait(21)
    check("EVT-5", "onChanged count after 14 closes, 4 restores, 3 forgets", events_with_barrier(browser, pages), 21)


@pytest.mark.needs("setTabValue", "removeTabValue", "setWindowValue", "removeWindowValue")
@pytest.mark.spec("EVT-6")
def test_values_fire_no_event(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = browser.tabs.open(pages.url("valued"))
    s.set_tab_value(tab.id, "k", 1)
    s.remove_tab_value(tab.id, "k")
    s.set_window_value(tab.window_id, "k", 1)
    s.remove_window_value(tab.window_id, "k")
    check("EVT-6", "onChanged count after setting and removing values", events_with_barrier(browser, pages), 0)


@pytest.mark.spec("EVT-7")
def test_failed_calls_fire_no_event(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    for call in (
        lambda: s.restore("12345"),
        lambda: s.restore(5),
        lambda: s.forget_closed_tab(browser.harness_window_id, "12345"),
        lambda: s.forget_closed_window("12345"),
    ):
        with pytest.raises(ExtensionError):  # the messages are checked in test_restore, test_forget
            call()
    check("EVT-7", "onChanged count after four rejected calls", events_with_barrier(browser, pages), 0)


@pytest.mark.spec("EVT-8")
def test_opening_and_navigating_fire_no_event(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("one"))
    click_in_page(browser, "one")
    browser.tabs.navigate(tab.id, pages.url("two"))
    resolves("EVT-8", browser.tabs.go_back, tab.id)
    browser.windows.open([pages.url("window")])
    check("EVT-8", "onChanged count after opening and navigating", events_with_barrier(browser, pages), 0)


@pytest.mark.spec("DUP-4")
def test_duplicating_and_moving_fire_no_event(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("dup"))
    copy = browser.tabs.duplicate(tab.id)
    window = browser.windows.open([pages.url("dest")])
    browser.tabs.move(copy.id, window.id, 0)
    check("DUP-4", "onChanged count after tabs.duplicate and tabs.move", events_with_barrier(browser, pages), 0)


@pytest.mark.spec("EVT-9")
def test_event_count_after_every_step(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    work = browser.windows.open([pages.url("work")])  # the sequence's tabs; the barriers close in the harness window

    def counted(what: str, action: Callable[[], object]) -> None:
        s.on_changed.clear()
        action()
        got = events_with_barrier(browser, pages, window_id=browser.harness_window_id)
        check("EVT-9", f"onChanged events caused by {what}", got, 1)

    def entry(title: str) -> Session:
        [found] = [e for e in s.get_recently_closed() if (e.tab.title if e.tab else e.window.tabs[0].title) == title]
        return found

    def restore(title: str) -> None:
        restored = s.restore((entry(title).tab or entry(title).window).session_id)
        for tab in [restored.tab] if restored.tab else restored.window.tabs:
            browser.tabs.wait_loaded(tab.id)

    def forget(title: str) -> None:
        found = entry(title)
        if found.tab:
            s.forget_closed_tab(found.tab.window_id, found.tab.session_id)
        else:
            s.forget_closed_window(found.window.session_id)

    for number in range(12):
        tab = browser.tabs.open(pages.url(f"t{number}"), window_id=work.id)
        counted(f"closing tab t{number}", partial(browser.tabs.close, tab.id))
    for number in range(2):
        window = browser.windows.open([pages.url(f"w{number}")])
        counted(f"closing window w{number}", partial(browser.windows.close, window.id))
    for title in ("t11", "w1", "t10", "t5"):
        counted(f"restoring {title}", partial(restore, title))
    for title in ("t9", "w0", "t0"):
        counted(f"forgetting {title}", partial(forget, title))
    closed = [e.tab.title for e in s.get_recently_closed() if e.tab and e.tab.title != "barrier"]
    check("EVT-9", "the sequence's entries left in the list", closed, ["t8", "t7", "t6", "t4", "t3", "t2", "t1"])
