"""The harness through real Selenium Grids (harness/grid.py) and real Firefox:

- on a Grid on this machine (loopback hub): every feature, restart() on the
  profile folder made here, a browser dying on its node;
- on a Grid whose node writes where this machine does not read (its temporary
  folders on a tmpfs only it sees: as a node on another machine, checked per
  session): the node's own profile, prefs in the capabilities, extensions sent
  (Firefox: as archives; Chromium: the folder uploaded to the node), and
  restart() and profile= refused in words;
- a full Grid and a dead URL: a clear error within a bound, not a hang.

Needs Java and the Selenium server jar (./run.sh tests installs both);
without them these tests fail with the fix, never skip."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_local_grid import wait_for

import harness
from harness import Browser, BrowserCrashed, SetupError
from harness.config import LaunchConfig
from harness.grid import Grid, free_ports
from harness.pages import Pages
from harness.remote import PROFILE_MARKER, hub_state
from harness.timeouts import Timeouts, multiplier

pytestmark = pytest.mark.grid

EXTENSIONS = Path(__file__).parent / "user_extensions"
MV2, MV3 = "mv2-probe@tests.invalid", "mv3-probe@tests.invalid"
QUEUE_TIMEOUT = 20  # the hub's --session-request-timeout for the 1-slot Grid, before the multiplier


@pytest.fixture(scope="module")
def loopback_grid() -> Iterator[Grid]:
    with Grid(1, max_sessions=2) as grid:
        yield grid


@pytest.fixture(scope="module")
def elsewhere_grid() -> Iterator[Grid]:
    """One slot on a node whose files are not on this machine's disk as seen from here
    (a private tmpfs), with a short queue."""
    seconds = round(QUEUE_TIMEOUT * multiplier())
    with Grid(1, max_sessions=1, private_tmp=True, session_request_timeout=seconds) as grid:
        yield grid


def test_every_feature_works_through_a_grid_on_this_machine(loopback_grid: Grid, pages: Pages) -> None:
    with harness.launch(
        remote_url=loopback_grid.url, extensions=[EXTENSIONS / "mv3"], private_browsing=True
    ) as browser:
        connection = browser.connection
        assert connection is not None and connection.remote_url == loopback_grid.url
        node = f"http://127.0.0.1:{loopback_grid.ports.nodes[0]}"
        assert connection.node == node
        # The node's Firefox runs on the profile folder made here (prefs in its user.js, marker read back).
        assert connection.capabilities["moz:profile"] == str(browser.profile_dir)
        assert (browser.profile_dir / PROFILE_MARKER).is_file()
        assert browser.get_pref("browser.sessionstore.max_tabs_undo") == 25  # the harness's prefs table
        assert browser.browser_pid is None and browser.driver_pid is None  # nothing local to look after
        assert f"node {node} of the Selenium Grid at {loopback_grid.url}" in browser.log_tail()

        # The bridge, pages, values, reset.
        tab = browser.tabs.open(pages.url("through the grid"), window_id=browser.harness_window_id)
        browser.sessions.set_tab_value(tab.id, "key", {"kept": True})
        browser.tabs.close(tab.id)
        [closed] = browser.sessions.get_recently_closed()
        assert closed.tab is not None and closed.tab.title == "through the grid"
        browser.reset()
        assert browser.sessions.get_recently_closed() == []

        # Private windows.
        private = browser.windows.open([pages.url("private")], private=True)
        assert private.incognito is True
        browser.windows.close(private.id)

        # The user's extension.
        extension = browser.extension(MV3)
        assert extension.execute("return browser.runtime.id;") == MV3
        tab = browser.tabs.open(pages.url("theirs"), window_id=browser.harness_window_id)
        extension.sessions.set_tab_value(tab.id, "their-key", "theirs")

        # restart() on the same profile: the tab and its value come back.
        first_session = connection.driver.session_id
        browser.restart()
        assert browser.connection is not None and browser.connection.driver.session_id != first_session
        [again] = [t for t in browser.tabs.query() if t.url == pages.url("theirs")]
        assert browser.extension(MV3).sessions.get_tab_value(again.id, "their-key") == "theirs"
    assert hub_state(loopback_grid.url, Timeouts()) == "1 node(s), 0 of 2 slot(s) busy, 0 request(s) queued"


WORKER_TEST = """
import json, os

def test_record(browser):
    record = [os.environ["PYTEST_XDIST_WORKER"], browser.connection.driver.session_id, browser.connection.node]
    with open(os.environ["RECORDS"], "a") as out:
        out.write(json.dumps(record) + "\\n")

def test_fails(browser):
    assert browser.sessions.get_recently_closed() == ["something"]
"""


def test_each_xdist_worker_holds_its_own_remote_session_and_reports_say_where_its_log_is(
    loopback_grid: Grid, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = pytester.path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    pytester.makepyfile(WORKER_TEST)
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "each", "--selenium-remote-url", loopback_grid.url)
    result.assert_outcomes(passed=2, failed=2)
    node = f"http://127.0.0.1:{loopback_grid.ports.nodes[0]}"
    result.stdout.fnmatch_lines(
        ["*harness: geckodriver log (tail)*", f"*(the geckodriver of this session runs on node {node} of the*"]
    )
    seen = [json.loads(line) for line in records.read_text().splitlines()]
    assert sorted(worker for worker, _, _ in seen) == ["gw0", "gw1"]
    assert len({session for _, session, _ in seen}) == 2, seen
    assert {where for _, _, where in seen} == {node}
    assert hub_state(loopback_grid.url, Timeouts()) == "1 node(s), 0 of 2 slot(s) busy, 0 request(s) queued"


def test_a_browser_dying_on_its_node_is_reported_with_the_node_and_session(loopback_grid: Grid) -> None:
    with harness.launch(remote_url=loopback_grid.url) as browser:
        assert browser.connection is not None
        session = browser.connection.driver.session_id
        # The node runs here, so the test can kill the browser it started (the harness never does:
        # moz:processID is a pid on the node).
        os.kill(browser.connection.capabilities["moz:processID"], signal.SIGKILL)
        with pytest.raises(BrowserCrashed) as crashed:
            browser.sessions.get_recently_closed()
        message = str(crashed.value)
        assert "Firefox or its geckodriver died" in message
        assert f"node http://127.0.0.1:{loopback_grid.ports.nodes[0]} of the Selenium Grid" in message
        assert f"(session {session})" in message
        assert "the geckodriver log is in that node's output" in message
        assert not browser.alive
        started = time.monotonic()
    assert time.monotonic() - started < Timeouts().scaled(Timeouts().quit) + 1, "close() is bounded"


def test_a_grid_elsewhere_gets_prefs_and_extensions_sent_and_refuses_restart_in_words(
    elsewhere_grid: Grid, pages: Pages
) -> None:
    with harness.launch(remote_url=elsewhere_grid.url, extensions=[EXTENSIONS / "mv2"]) as browser:
        connection = browser.connection
        assert connection is not None and connection.shares_disk is False and browser.own_profile is False
        assert connection.capabilities["moz:profile"] != str(browser.profile_dir)
        assert not browser.profile_dir.exists(), "no profile folder is kept here for a browser elsewhere"
        assert browser.get_pref("browser.sessionstore.max_tabs_undo") == 25  # sent with set_preference
        assert browser.extension(MV2).execute("return browser.runtime.id;") == MV2  # sent as an archive
        tab = browser.tabs.open(pages.url("elsewhere"), window_id=browser.harness_window_id)
        browser.tabs.close(tab.id)
        assert [e.tab.title for e in browser.sessions.get_recently_closed() if e.tab] == ["elsewhere"]
        with pytest.raises(SetupError) as refused:
            browser.restart()
        message = str(refused.value)
        assert message.startswith("restart() needs the profile to stay on the browser's disk; this session ran on node")
        assert f"(session {connection.driver.session_id}), on a node that does not share this machine's disk" in message
        assert browser.alive, "a refused restart leaves the browser running"
    with pytest.raises(SetupError) as refused:
        harness.launch(remote_url=elsewhere_grid.url, profile=browser.profile_dir.parent / "mine")
    assert str(refused.value).startswith("profile= needs the browser to run on the profile folder")
    assert "on a node that does not share this machine's disk" in str(refused.value)


def check_chromium_features(browser: Browser, pages: Pages, title: str) -> None:
    """The bridge, reset, incognito and the user's extension (tests/integration/user_extensions/mv3)."""
    tab = browser.tabs.open(pages.url(title), window_id=browser.harness_window_id)
    browser.tabs.close(tab.id)
    [closed] = browser.sessions.get_recently_closed()
    assert closed.tab is not None and closed.tab.title == title
    browser.reset()
    assert browser.sessions.get_recently_closed() == []
    private = browser.windows.open([pages.url("incognito")], private=True)
    assert private.incognito is True
    browser.windows.close(private.id)
    # A user extension without a key: on a node elsewhere its id comes from its folder there.
    assert browser.extension(MV3).execute("return chrome.runtime.id;") == browser.user_extensions[0].id


def test_chromium_on_a_grid_elsewhere_gets_its_extensions_uploaded(pages: Pages) -> None:
    """The fixture and the user's extension reach the node as folders sent through the Grid
    (se/file), the fixture keeping its id; the bridge, reset, incognito and extension() work there."""
    with (
        Grid(1, browser="chromium", private_tmp=True) as grid,
        harness.launch(
            browser="chromium", remote_url=grid.url, extensions=[EXTENSIONS / "mv3"], private_browsing=True
        ) as browser,
    ):
        assert browser.connection is not None and browser.connection.shares_disk is False
        assert not browser.own_profile
        check_chromium_features(browser, pages, "chromium elsewhere")
        with pytest.raises(SetupError, match=r"^restart\(\) needs the profile to stay on the browser's disk"):
            browser.restart()


def test_a_full_grid_fails_with_the_hubs_answer_or_at_the_clients_bound(elsewhere_grid: Grid) -> None:
    queue = QUEUE_TIMEOUT * multiplier()
    # The previous test's session may still hold the one slot for a moment after its quit: its first
    # launch must not wait in the short queue (the hub has no event for a freed slot; its status is read).
    free = "1 node(s), 0 of 1 slot(s) busy, 0 request(s) queued"
    wait_for(lambda: hub_state(elsewhere_grid.url, Timeouts()) == free, "the Grid's one slot to be free")
    with harness.launch(remote_url=elsewhere_grid.url):
        # The hub's queue timeout comes first: its answer, and what the hub reports.
        started = time.monotonic()
        with pytest.raises(SetupError) as full:
            harness.launch(remote_url=elsewhere_grid.url)
        waited = time.monotonic() - started
        message = str(full.value)
        assert "every slot was busy, or a browser start took longer than the hub's --session-request-timeout" in message
        assert "The hub says: 1 node(s), 1 of 1 slot(s) busy" in message
        assert "New session request timed out" in message
        assert queue <= waited < Timeouts().scaled(Timeouts().launch), waited

        # A client bound shorter than the hub's queue: the client gives up first.
        started = time.monotonic()
        with pytest.raises(SetupError) as bounded:
            Browser(LaunchConfig(remote_url=elsewhere_grid.url), Timeouts(launch=3))
        waited = time.monotonic() - started
        assert f"gave no Firefox session within {3 * multiplier():g}s" in str(bounded.value)
        assert "1 of 1 slot(s) busy" in str(bounded.value)
        assert 3 * multiplier() <= waited < queue, waited


def test_a_dead_grid_url_fails_fast() -> None:
    [port] = free_ports(1)
    started = time.monotonic()
    with pytest.raises(SetupError, match=rf"no Selenium Grid answers at http://127.0.0.1:{port}: .*refused"):
        harness.launch(remote_url=f"http://127.0.0.1:{port}")
    assert time.monotonic() - started < 5 * multiplier()


def test_chromium_through_a_grid(pages: Pages) -> None:
    """A Grid of Chromium nodes (chromedriver found as the harness finds it): the
    fixture and the user's extension installed by path, the bridge, reset, incognito."""
    with (
        Grid(1, browser="chromium", max_sessions=1) as grid,
        harness.launch(
            browser="chromium", remote_url=grid.url, extensions=[EXTENSIONS / "mv3"], private_browsing=True
        ) as browser,
    ):
        assert browser.connection is not None and browser.connection.node == f"http://127.0.0.1:{grid.ports.nodes[0]}"
        assert browser.name == "chromium" and browser.browser_pid is None
        check_chromium_features(browser, pages, "chromium through the grid")
        # restart() on the profile folder made here: the closed tab is still listed.
        browser.tabs.close(browser.tabs.open(pages.url("before the restart")).id)
        browser.restart()
        assert "before the restart" in [s.tab.title for s in browser.sessions.get_recently_closed() if s.tab]
