"""The bridge makes one WebDriver round trip per call once it knows its page,
and finds the page again when the driver was switched away (fake driver,
no browser)."""

from __future__ import annotations

from typing import Any

import pytest

from harness.bridge import Bridge, script
from harness.connection import Connection
from harness.timeouts import Timeouts

PAGE = "moz-extension://uuid/page.html"


class FakeSwitch:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def window(self, handle: str) -> None:
        self.driver.requests.append(("switch", handle))
        self.driver.current = handle


class FakeDriver:
    """Three windows: the bridge page ("bridge"), another extension page with
    a bridge ("other") and a web page without one ("web"). Answers as
    window.harness in fixture_extension/bridge.js does, and records every
    WebDriver request."""

    def __init__(self) -> None:
        self.current = "bridge"
        self.requests: list[tuple[Any, ...]] = []
        self.switch_to = FakeSwitch(self)

    @property
    def current_window_handle(self) -> str:
        self.requests.append(("handle",))
        return self.current

    def set_script_timeout(self, seconds: float) -> None:
        self.requests.append(("timeout", seconds))

    def execute_async_script(self, source: str, *args: Any) -> Any:
        self.requests.append(("execute", *args))
        if self.current == "web":
            return {"ok": False, "notReady": True}
        here = PAGE if self.current == "bridge" else "moz-extension://other/page.html"
        page = args[3] if len(args) > 3 else None
        if page is None:
            return {"ok": True, "value": args[0], "page": here}
        if page != here:
            return {"ok": False, "wrongPage": True}
        return {"ok": True, "value": args[0]}


def test_after_the_first_call_each_call_is_one_execute_request() -> None:
    driver = FakeDriver()
    bridge = Bridge(Connection(driver, Timeouts()), "bridge", 2.0)
    assert bridge.call("events.count") == "events.count"
    driver.requests.clear()
    for _ in range(3):
        bridge.call("events.count")
    assert driver.requests == [("execute", "events.count", [], 2000, PAGE)] * 3


@pytest.mark.parametrize("elsewhere", ["other", "web"])
def test_on_another_page_the_bridge_switches_back_and_runs_the_call_there(elsewhere: str) -> None:
    driver = FakeDriver()
    bridge = Bridge(Connection(driver, Timeouts()), "bridge", 2.0)
    bridge.call("events.count")
    driver.current = elsewhere
    driver.requests.clear()
    assert bridge.call("events.clear") == "events.clear"
    assert driver.requests == [
        ("execute", "events.clear", [], 2000, PAGE),  # wrongPage or notReady: nothing ran
        ("handle",),
        ("switch", "bridge"),
        ("execute", "events.clear", [], 2000),
    ]
    assert driver.current == "bridge"


def test_scripts_travel_without_their_comment_lines() -> None:
    source = script("call.js")
    assert "window.harness.call(" in source
    assert not [line for line in source.splitlines() if line.lstrip().startswith("//")]
    assert "/* BODY */" in script("execute.js")  # the splice marker is a block comment, kept
