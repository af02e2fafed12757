"""harness.grid for real: a hub and a node on loopback, a remote Firefox session
through them, and nothing left running afterwards, also when start-up is
interrupted or fails. Needs Java and the Selenium server jar (./run.sh tests
installs both); without them these tests fail with the fix, never skip."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver

from harness import orphans, processes
from harness.errors import SetupError
from harness.grid import Grid
from harness.timeouts import multiplier

pytestmark = pytest.mark.grid

ROOT = Path(__file__).resolve().parents[2]


def hub_status(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/status", timeout=10 * multiplier()) as answer:
        value: dict[str, Any] = json.load(answer)["value"]
    return value


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Poll `condition` until it holds: what processes (in /proc) or a hub (its /status) show
    gives no event to wait on."""
    deadline = time.monotonic() + timeout * multiplier()
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout * multiplier():g}s for {what}")
        time.sleep(0.05)  # allowed-sleep: polling /proc or a hub's status, which have no events
    return result


def listening_addresses(pids: list[int]) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses the sockets of `pids` listen on (Linux /proc)."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                raw = bytes.fromhex(fields[1].split(":")[0])
                # The kernel prints each 32-bit word in host (little-endian) order.
                packed = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.append(ipaddress.ip_address(packed))
    return found


def is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def java_processes(tag: str) -> list[int]:
    return [pid for pid in processes.tagged(tag) if processes.describe(pid).startswith("java ")]


def test_a_hub_and_a_node_run_a_remote_firefox_and_close_stops_every_process() -> None:
    grid = Grid(1, max_sessions=1)
    try:
        status = hub_status(grid.url)
        assert status["ready"] is True
        [node] = status["nodes"]
        assert node["uri"] == f"http://127.0.0.1:{grid.ports.nodes[0]}"
        assert node["availability"] == "UP"
        assert node["maxSessions"] == 1
        assert [slot["stereotype"]["browserName"] for slot in node["slots"]] == ["firefox"]
        # Hub HTTP, the event bus's two ports, node HTTP: all on loopback only.
        addresses = listening_addresses(grid.pids)
        assert len(addresses) >= 4 and all(map(is_loopback, addresses)), addresses

        options = webdriver.FirefoxOptions()
        options.add_argument("-headless")
        driver = webdriver.Remote(command_executor=grid.url, options=options)
        try:
            assert driver.capabilities["browserName"] == "firefox"
            driver.get("data:text/html,<title>through the grid</title>")
            assert driver.title == "through the grid"
            busy = [slot for slot in hub_status(grid.url)["nodes"][0]["slots"] if slot["session"]]
            assert [slot["session"]["sessionId"] for slot in busy] == [driver.session_id]
            # The browser runs under our node (and so carries the Grid's tag).
            firefox = driver.capabilities["moz:processID"]
            assert firefox in processes.descendants(grid.pids[1])
            assert firefox in processes.tagged(grid.tag)
            started = sorted({*grid.pids, *(p for pid in grid.pids for p in processes.descendants(pid))})
        finally:
            driver.quit()
    finally:
        grid.close()
    assert [processes.describe(pid) for pid in started if processes.alive(pid)] == []
    assert processes.tagged(grid.tag) == []
    assert not grid.log_dir.exists(), "the temporary folder (logs, driver links, profiles) is removed"
    grid.close()  # idempotent


@contextmanager
def grid_command(nodes: int, log_dir: Path, tag: str) -> Iterator[subprocess.Popen[str]]:
    """`python -m harness.grid` with `nodes` nodes, its processes tagged `tag`; killed on the
    way out if the test left it running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.grid", "--nodes", str(nodes), "--log-dir", str(log_dir)],
        cwd=ROOT,
        env=processes.with_tag(dict(os.environ), tag),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            processes.kill_tree(proc.pid)
            proc.communicate()


def test_the_command_line_prints_the_hub_url_and_stops_everything_on_sigterm(tmp_path: Path) -> None:
    tag = orphans.new_tag("grid-cli-test")
    with grid_command(1, tmp_path / "logs", tag) as proc:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()  # printed once the node has registered (or EOF on failure)
        assert url.startswith("http://127.0.0.1:"), proc.communicate(timeout=30)[1]
        assert hub_status(url)["ready"] is True
        assert len(java_processes(tag)) == 2
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30 * multiplier())
    assert proc.returncode == 0, err
    assert "harness.grid: stopped" in err
    assert processes.tagged(tag) == []
    assert "Started Selenium Hub" in (tmp_path / "logs" / "hub.log").read_text()
    assert "Node has been added" in (tmp_path / "logs" / "node-1.log").read_text()


def test_ctrl_c_during_start_stops_everything_it_started(tmp_path: Path) -> None:
    tag = orphans.new_tag("grid-interrupt-test")
    with grid_command(2, tmp_path / "logs", tag) as proc:
        wait_for(lambda: len(java_processes(tag)) == 3, "the hub and both nodes to be started")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30 * multiplier())
    assert out == "", "the interrupt landed after start-up finished; this test is about an interrupted start"
    assert "harness.grid: stopped" in err
    assert processes.tagged(tag) == []


def test_a_server_that_exits_during_start_is_reported_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag = orphans.new_tag("grid-failed-start-test")
    monkeypatch.setenv(processes.TAGS_ENV, processes.with_tag(dict(os.environ), tag)[processes.TAGS_ENV])
    not_a_jar = tmp_path / "selenium-server.jar"
    not_a_jar.write_text("not a jar")
    with pytest.raises(SetupError, match=r"Grid hub exited \(code 1\) before it was ready") as error:
        Grid(1, jar=str(not_a_jar), log_dir=tmp_path / "logs")
    assert "Invalid or corrupt jarfile" in str(error.value)
    assert str(tmp_path / "logs" / "hub.log") in str(error.value)
    assert processes.tagged(tag) == []
