"""A Selenium Grid whose second node runs in a root filesystem of its own (chroot:
it shares the network, not the disk), and what goes wrong on a Grid, against real
processes: the node's browser killed, the node killed, the hub stopped, no node for
the browser.

Needs root, Java, the Selenium server jar and a node root: `scripts/grid_node_root.sh
build` makes one and prints its path; give it in $HARNESS_GRID_NODE_ROOT (./run.sh
tests does both). Without them these tests fail with the fix, never skip."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from test_local_grid import wait_for
from test_remote_sessions import check_chromium_features

import harness
from harness import BrowserCrashed, SetupError, processes
from harness.grid import Grid, find_jar
from harness.pages import Pages
from harness.timeouts import Timeouts, multiplier

pytestmark = pytest.mark.grid

ROOT_ENV = "HARNESS_GRID_NODE_ROOT"
EXTENSIONS = Path(__file__).parent / "user_extensions"


@pytest.fixture(scope="module")
def node_root() -> tuple[str, str]:
    """The node root, and the jar (found before pytester moves $HOME)."""
    root = os.environ.get(ROOT_ENV)
    assert root, f"${ROOT_ENV} is not set. Fix: export {ROOT_ENV}=$(scripts/grid_node_root.sh build)"
    return root, find_jar()


def grid_with_root_node(node_root: tuple[str, str], nodes: int = 1) -> Grid:
    """A hub with `nodes` nodes here and one in the node root, both browsers on each."""
    root, jar = node_root
    return Grid(nodes, browser="firefox,chromium", max_sessions=2, node_root=root, jar=jar)


@pytest.fixture(scope="module")
def root_only_grid(node_root: tuple[str, str]) -> Iterator[Grid]:
    with grid_with_root_node(node_root, nodes=0) as grid:
        yield grid


def node_url(grid: Grid, index: int) -> str:
    return f"http://127.0.0.1:{grid.ports.nodes[index]}"


def test_chromium_on_a_node_in_its_own_root_gets_the_fixture_and_extensions_uploaded(
    root_only_grid: Grid, pages: Pages
) -> None:
    with harness.launch(
        browser="chromium", remote_url=root_only_grid.url, extensions=[EXTENSIONS / "mv3"], private_browsing=True
    ) as browser:
        connection = browser.connection
        assert connection is not None and connection.node == node_url(root_only_grid, 0)
        assert connection.shares_disk is False and browser.own_profile is False
        check_chromium_features(browser, pages, "in its own root")
        with pytest.raises(SetupError, match=r"^restart\(\) needs the profile to stay on the browser's disk"):
            browser.restart()


@pytest.mark.parametrize("engine", ["firefox", "chromium"])
def test_a_browser_that_needs_the_profile_made_here_gets_a_node_that_shares_this_disk(
    node_root: tuple[str, str], tmp_path: Path, pages: Pages, engine: str
) -> None:
    """The hub spreads sessions over its nodes (the least busy first): without asking for a node
    that shares this disk, the second of two sessions held at once would go to the node root."""
    with grid_with_root_node(node_root) as grid, ExitStack() as held:
        here = node_url(grid, 0)
        for number in range(2):
            options = {"browser": engine, "remote_url": grid.url, "profile": str(tmp_path / f"profile-{number}")}
            browser = held.enter_context(harness.launch(**options))
            assert browser.connection is not None and browser.connection.node == here
            assert browser.own_profile is True
        browser.tabs.close(browser.tabs.open(pages.url("before-restart")).id)
        browser.restart()
        assert browser.connection is not None and browser.connection.node == here
        assert [e.tab.title for e in browser.sessions.get_recently_closed() if e.tab] == ["before-restart"]


@pytest.mark.parametrize("engine", ["firefox", "chromium"])
def test_the_browser_killed_on_a_node_in_its_own_root_is_reported_with_node_and_session(
    root_only_grid: Grid, engine: str
) -> None:
    with harness.launch(browser=engine, remote_url=root_only_grid.url) as browser:
        connection = browser.connection
        assert connection is not None
        capability = "moz:processID" if engine == "firefox" else "goog:processID"
        # The root shares this machine's process table, so the test can kill the node's browser.
        os.kill(int(connection.capabilities[capability]), signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(BrowserCrashed) as crashed:
            browser.sessions.get_recently_closed()
        assert time.monotonic() - started < Timeouts().scaled(browser.timeouts.call) + 5
        message = str(crashed.value)
        assert f"on node {node_url(root_only_grid, 0)} of the Selenium Grid at {root_only_grid.url}" in message
        assert f"(session {connection.driver.session_id})" in message
        assert not browser.alive


NODE_KILL_TEST = """
import json, os, signal

NODES = json.loads(os.environ["GRID_NODES"])  # node URL -> pid of its Java server

def test_a_killed_node(browser):
    os.kill(NODES[browser.connection.node], signal.SIGKILL)
    browser.sessions.get_recently_closed()

def test_the_next(browser):
    with open(os.environ["RECORD"], "w") as out:
        json.dump([browser.connection.node, browser.connection.driver.session_id], out)
    assert browser.sessions.get_recently_closed() == []
"""


def test_a_node_killed_mid_test_fails_that_test_and_the_next_runs_on_a_live_node(
    node_root: tuple[str, str], pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with grid_with_root_node(node_root) as grid:
        # The hub's servers in order: the hub, the node here, the node in the root.
        nodes = {node_url(grid, index): pid for index, pid in enumerate(grid.pids[1:])}
        monkeypatch.setenv("GRID_NODES", json.dumps(nodes))
        record = pytester.path / "record.json"
        monkeypatch.setenv("RECORD", str(record))
        pytester.makepyfile(NODE_KILL_TEST)
        started = time.monotonic()
        result = pytester.runpytest_subprocess("-p", "no:randomly", "--selenium-remote-url", grid.url)
        took = time.monotonic() - started
        result.assert_outcomes(passed=1, failed=1)
        output = result.stdout.str()
        assert "BrowserCrashed" in output
        killed = [url for url in nodes if f"on node {url} of the Selenium Grid at {grid.url} (session " in output]
        assert len(killed) == 1, output
        node, session = json.loads(record.read_text())
        assert node != killed[0] and node in nodes, (node, killed)
        assert session not in output
        assert took < 120 * multiplier(), took
    assert processes.tagged(grid.tag) == [], "nothing of the Grid outlives it, also on the killed node"


def test_a_stopped_hub_is_a_clear_error_not_a_hang(node_root: tuple[str, str]) -> None:
    grid = grid_with_root_node(node_root, nodes=0)
    with grid:
        browser = harness.launch(browser="chromium", remote_url=grid.url)
        try:
            hub = grid.pids[0]
            os.kill(hub, signal.SIGTERM)
            wait_for(lambda: not processes.alive(hub), "the hub to exit")
            started = time.monotonic()
            with pytest.raises(BrowserCrashed) as crashed:
                browser.sessions.get_recently_closed()
            assert time.monotonic() - started < Timeouts().scaled(browser.timeouts.call) + 5
            connection = browser.connection
            assert connection is not None
            assert str(crashed.value) == (
                f"sessions.getRecentlyClosed(): the Selenium Grid's hub at {grid.url} does not answer (stopped, or "
                f"unreachable); the Chromium session {connection.driver.session_id} on node {node_url(grid, 0)} is lost"
            )
            started = time.monotonic()
        finally:
            browser.close()
        assert time.monotonic() - started < Timeouts().scaled(Timeouts().quit) + 1, "close() is bounded"
        with pytest.raises(SetupError, match=rf"^no Selenium Grid answers at {grid.url}"):
            harness.launch(remote_url=grid.url)
    assert processes.tagged(grid.tag) == [], "the node's browser and driver are stopped with the Grid"


def test_a_grid_without_a_node_for_the_browser_is_refused_at_once_with_the_hubs_answer() -> None:
    with Grid(1, browser="firefox") as grid:
        started = time.monotonic()
        with pytest.raises(SetupError) as refused:
            harness.launch(browser="chromium", remote_url=grid.url)
        assert time.monotonic() - started < 5 * multiplier()
        message = str(refused.value)
        assert message.startswith(
            f"the Selenium Grid at {grid.url} has no node that runs Chromium. The hub says: Selenium Grid ready. "
            f"Its nodes: http://127.0.0.1:{grid.ports.nodes[0]} (UP): firefox"
        ), message


def test_two_grids_on_one_node_root_do_not_take_each_others_mounts(node_root: tuple[str, str]) -> None:
    """Test workers run Grids on the same root at once; the one that ends first must
    leave the other's node its /proc, /sys and /dev (a Firefox started without them fails)."""
    first = grid_with_root_node(node_root, nodes=0)
    with first, grid_with_root_node(node_root, nodes=0) as staying:
        first.close()  # the Grid that started first ends first
        with harness.launch(remote_url=staying.url) as browser:
            assert browser.connection is not None and browser.connection.shares_disk is False
            assert browser.sessions.get_recently_closed() == []
    assert not any(Path(node_root[0], name).is_mount() for name in ("proc", "sys", "dev")), "nothing stays mounted"
