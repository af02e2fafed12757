"""The plugin, as an extension author meets it: installed, fixtures ready,
a report header, and useful failure reports. Runs pytest in a subprocess."""

from __future__ import annotations

import json

import pytest

AUTHOR_TEST = """
import harness

def test_closed_tab_is_listed(browser, sessions, pages):
    tab = browser.tabs.open(pages.url("mine"))
    browser.tabs.close(tab.id)
    [closed] = sessions.get_recently_closed()
    assert closed.tab.title == "mine"
    restored = sessions.restore(closed.tab.session_id)
    assert browser.tabs.wait_loaded(restored.tab.id, pages.url("mine")).title == "mine"

def test_next_test_starts_clean(browser, sessions):
    assert sessions.get_recently_closed() == []
    assert len(browser.windows.all()) == 1

def test_launch_factory_gives_an_own_browser(launch, browser):
    own = launch()
    assert own is not browser
    assert own.sessions.MAX_SESSION_RESULTS == 25
"""


# The report header's lines: the browser's and the driver's --version.
HEADERS = {
    "firefox": ["harness: Mozilla Firefox *", "harness: geckodriver *"],
    "chromium": ["harness: Chromium *", "harness: ChromeDriver *"],
}
# The browser's message for restore("nope").
UNKNOWN_ID = {"firefox": "Invalid sessionId: nope.", "chromium": 'Invalid session id: "nope".'}


def test_fixtures_work_after_install(pytester: pytest.Pytester, browser_name: str) -> None:
    pytester.makepyfile(test_author=AUTHOR_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(HEADERS[browser_name])
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


def test_an_expected_failure_gets_no_harness_sections(pytester: pytest.Pytester) -> None:
    """An xfail is not a failure: its report gets no harness sections (reading the
    browser's console for them costs seconds on Chromium); a real failure does."""
    pytester.makeconftest(
        """
import json
import pytest
SEEN = {}

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # As the conformance suite does with a browser's known failures (catalogue_coverage.py).
    report = yield
    if call.when == "call" and item.get_closest_marker("known_failure"):
        report.outcome, report.wasxfail = "skipped", "a known failure"
    return report

def pytest_runtest_logreport(report):
    if report.when == "call":
        SEEN[report.nodeid.split("::")[-1]] = [title for title, _ in report.sections if title.startswith("harness:")]

def pytest_sessionfinish(session):
    with open("sections.json", "w") as out:
        json.dump(SEEN, out)
"""
    )
    pytester.makepyfile(
        test_outcomes="""
import pytest

@pytest.mark.xfail(reason="expected")
def test_expected(browser, sessions):
    sessions.get_recently_closed()
    assert False

@pytest.mark.known_failure
def test_known(browser, sessions):
    sessions.get_recently_closed()
    assert False

def test_fails(browser, sessions):
    sessions.get_recently_closed()
    assert False
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, xfailed=2)
    seen = json.loads((pytester.path / "sections.json").read_text())
    assert seen["test_expected"] == seen["test_known"] == []
    assert "harness: last bridge calls" in seen["test_fails"]


def test_a_rejected_call_shows_the_authors_line_and_the_browsers_message_first(
    pytester: pytest.Pytester, browser_name: str
) -> None:
    pytester.makepyfile(
        test_rejected="""
def test_restores_a_bad_id(sessions):
    sessions.restore("nope")  # the author's line
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    traceback = text[text.index("test_restores_a_bad_id") : text.index("harness: last bridge calls")]
    assert 'sessions.restore("nope")  # the author\'s line' in traceback
    assert f"ExtensionError: sessions.restore('nope') rejected: {UNKNOWN_ID[browser_name]}" in traceback
    for internal in ("harness/bridge.py", "harness/sessions.py", "harness/connection.py", "def _unwrap"):
        assert internal not in traceback  # the harness's own frames are hidden
    result.stdout.fnmatch_lines([f"*sessions.restore('nope') -> rejected: {UNKNOWN_ID[browser_name]}*"])


def test_a_bug_inside_the_harness_keeps_its_frames(pytester: pytest.Pytester) -> None:
    """Frames are hidden only for the harness's own errors: anything else is a bug worth its full trace."""
    pytester.makepyfile(
        test_bug="""
import harness.bridge

def test_encoding_bug(sessions, monkeypatch):
    def broken(value):
        raise TypeError("a bug in the wire format")
    monkeypatch.setattr(harness.bridge.encoding, "encode", broken)
    sessions.get_tab_value(1, "k")
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    assert "harness/bridge.py" in result.stdout.str()
