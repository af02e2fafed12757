"""The bridge makes one WebDriver round trip per call once it knows its page,
and finds the page again when the driver was switched away (fake driver,
no browser)."""

from __future__ import annotations

from typing import Any

from harness.bridge import Bridge

PAGE = "moz-extension://uuid/page.html"


class FakeSwitch:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def window(self, handle: str) -> None:
        self.driver.requests.append(("switch", handle))
        self.driver.current = handle


class FakeDriver:
    """Two windows: the bridge page ("bridge") and a web page ("web").
    Records every WebDriver request."""

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
        page = args[3] if len(args) > 3 else None
        if self.current != "bridge":
            return {"ok": False, "wrongPage": True} if page is not None else {"ok": False, "notReady": True}
        return {"ok": True, "value": args[0], "page": PAGE}


def test_after_the_first_call_each_call_is_one_execute_request() -> None:
    driver = FakeDriver()
    bridge = Bridge(driver, "bridge", 2.0)
    assert bridge.call("events.count") == "events.count"
    driver.requests.clear()
    for _ in range(3):
        bridge.call("events.count")
    assert driver.requests == [("execute", "events.count", [], 2000, PAGE)] * 3


def test_a_wrong_page_answer_switches_back_and_runs_the_call_there() -> None:
    driver = FakeDriver()
    bridge = Bridge(driver, "bridge", 2.0)
    bridge.call("events.count")
    driver.current = "web"
    driver.requests.clear()
    assert bridge.call("events.clear") == "events.clear"
    assert driver.requests == [
        ("execute", "events.clear", [], 2000, PAGE),  # answered wrongPage: nothing ran
        ("handle",),
        ("switch", "bridge"),
        ("execute", "events.clear", [], 2000),
    ]
    assert driver.current == "bridge"
