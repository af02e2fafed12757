"""Reaching an extension's background and buttons opens no door: Firefox's
devtools server runs over an in-process pipe, Chromium's CDP travels over
WebDriver's own BiDi socket. Every socket the run listens on is on
loopback, using these members adds none, and none is left after close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psutil

from harness import Browser, processes

HERE = Path(__file__).parent / "user_extensions"
LOOPBACK = ("127.0.0.1", "::1")


def listening(tag: str) -> set[tuple[str, int]]:
    """(address, port) of every socket the processes tagged `tag` listen on."""
    found = set()
    for pid in processes.tagged(tag):
        try:
            connections = psutil.Process(pid).net_connections(kind="inet")
        except psutil.Error:
            continue  # gone meanwhile
        found |= {(c.laddr.ip, c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN}
    return found


def test_the_members_open_no_endpoint_and_the_run_listens_only_on_loopback(
    launch: Callable[..., Browser],
) -> None:
    browser = launch(extensions=[HERE / "entry"])
    ext = browser.extension("entry-probe@tests.invalid")
    ext.execute("return 1;")  # the harness's own pages are open
    connection = browser.require_connection()
    tag = connection.process_tag
    assert tag is not None
    before = listening(tag)

    assert ext.evaluate_background("return typeof events;") == "object"
    ext.click_action()
    ext.suspend_background()
    assert ext.evaluate_background("return events.length;") == 0

    during = listening(tag)
    assert during <= before, f"new listening sockets: {during - before}"
    assert all(address in LOOPBACK for address, _ in during), f"listening beyond loopback: {during}"

    browser.close()
    assert processes.tagged(tag) == []
    still = {(c.laddr.ip, c.laddr.port) for c in psutil.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
    assert not (during & still), f"still listening after close: {during & still}"
