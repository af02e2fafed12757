"""The plugin, as an extension author meets it: installed, fixtures ready,
a report header, and useful failure reports. Runs pytest in a subprocess."""

from __future__ import annotations

import pytest

AUTHOR_TEST = """
import harness

def test_closed_tab_is_listed(browser, sessions, pages):
    tab = browser.tabs.open(pages.url("mine"))
    sessions.set_tab_value(tab.id, "group", "red")
    browser.tabs.close(tab.id)
    [closed] = sessions.get_recently_closed()
    assert closed.tab.title == "mine"
    restored = sessions.restore(closed.tab.session_id)
    assert sessions.get_tab_value(restored.tab.id, "group") == "red"

def test_next_test_starts_clean(browser, sessions):
    assert sessions.get_recently_closed() == []
    assert len(browser.windows.all()) == 1

def test_launch_factory_gives_an_own_browser(launch, browser):
    own = launch()
    assert own is not browser
    assert own.sessions.MAX_SESSION_RESULTS == 25
"""


def test_fixtures_work_after_install(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_author=AUTHOR_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(["harness: Mozilla Firefox *", "harness: geckodriver *"])
    result.assert_outcomes(passed=3)


def test_fixtures_work_with_two_workers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_author=AUTHOR_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=3)


def test_a_failure_report_shows_the_last_bridge_calls(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_failing="""
def test_fails(browser, sessions):
    sessions.get_recently_closed()
    assert False, "deliberate"
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*harness: last bridge calls*", "*sessions.getRecentlyClosed() -> []*"])
