"""How the bridge turns browser answers and BiDi failures into Python
values and harness errors, with a fake BiDi socket (no browser)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import UNDEFINED, BrowserCrashed, ExtensionError, HarnessError, HarnessTimeout, PageGone
from harness.bidi import BiDiClosed, BiDiError, BiDiTimeout
from harness.bridge import Bridge
from harness.connection import Connection
from harness.timeouts import WATCHDOG_MARGIN, Timeouts


class FakeDriver:
    """Answers script.callFunction (BiDi) with a canned answer, a script
    exception (`thrown`) or a socket failure (`error`)."""

    def __init__(self, answer: Any = None, error: BaseException | None = None, thrown: str | None = None) -> None:
        self.answer = answer
        self.error = error
        self.thrown = thrown
        self.calls: list[tuple[Any, ...]] = []
        self.targets: list[str] = []
        self.waited: list[float] = []

    def command(self, method: str, params: dict[str, Any], seconds: float) -> dict[str, Any]:
        assert method == "script.callFunction"
        self.calls.append(tuple(json.loads(params["arguments"][0]["value"])))
        self.targets.append(params["target"]["context"])
        self.waited.append(seconds)
        if self.error:
            raise self.error
        if self.thrown:
            return {"type": "exception", "exceptionDetails": {"text": self.thrown}}
        return {"type": "success", "result": {"type": "string", "value": json.dumps(self.answer)}}


def bridge(driver: FakeDriver, diagnose: Any = lambda: None) -> Bridge:
    connection = Connection(None, Timeouts(), browser_title="Firefox")
    connection._bidi = driver  # type: ignore[assignment]
    connection.diagnose_death = diagnose  # type: ignore[method-assign]
    return Bridge(connection, "page", 2.0)


def test_a_resolved_call_returns_the_decoded_value() -> None:
    driver = FakeDriver({"ok": True, "value": [1, {"$h": "undefined"}]})
    assert bridge(driver).call("sessions.getRecentlyClosed") == [1, UNDEFINED]
    method, args, timeout_ms = driver.calls[0]
    assert (method, args, timeout_ms) == ("sessions.getRecentlyClosed", [], 2000)
    assert driver.targets == ["page"]  # the page's own tab: nothing is switched
    assert driver.waited == [2.0 + WATCHDOG_MARGIN]  # the watchdog waits longer than the browser


def test_arguments_are_encoded() -> None:
    driver = FakeDriver({"ok": True, "value": None})
    bridge(driver).call("sessions.restore", UNDEFINED, float("inf"))
    assert driver.calls[0][1] == [{"$h": "undefined"}, {"$h": "inf"}]


def test_a_rejection_becomes_extension_error_with_the_message_verbatim() -> None:
    error = {"name": "Error", "message": "Invalid sessionId: abc.", "synchronous": False}
    driver = FakeDriver({"ok": False, "error": error})
    with pytest.raises(ExtensionError) as info:
        bridge(driver).call("sessions.restore", "abc")
    exc = info.value
    assert exc.message == "Invalid sessionId: abc."
    assert exc.method == "sessions.restore"
    assert exc.args == ("abc",)
    assert exc.synchronous is False
    assert str(exc) == "sessions.restore('abc') rejected: Invalid sessionId: abc."


def test_a_browser_side_timeout_says_what_it_waited_for() -> None:
    driver = FakeDriver({"ok": False, "timeout": True, "waiting": "waiting for tab 4 to load"})
    with pytest.raises(HarnessTimeout, match="waiting for tab 4 to load"):
        bridge(driver).call("tabs.waitLoaded", 4)


def test_the_python_watchdog_raises_harness_timeout() -> None:
    driver = FakeDriver(error=BiDiTimeout("script.callFunction: no reply within 3s"))
    with pytest.raises(HarnessTimeout) as info:
        bridge(driver).call("events.wait", 3)
    assert isinstance(info.value.__cause__, BiDiTimeout)


@pytest.mark.parametrize(
    "error",
    [
        BiDiClosed("script.callFunction: the BiDi socket closed"),
        BiDiError("unknown error", "Failed to decode response from marionette"),
    ],
)
def test_a_dead_browser_or_driver_becomes_browser_crashed_naming_what_died(error: BaseException) -> None:
    driver = FakeDriver(error=error)
    with pytest.raises(BrowserCrashed, match="Firefox \\(pid 42\\) died"):
        bridge(driver, lambda: "Firefox (pid 42)").call("sessions.getRecentlyClosed")


def test_a_script_error_in_execute_is_an_extension_error() -> None:
    driver = FakeDriver(thrown="SyntaxError: unexpected token")
    with pytest.raises(ExtensionError, match="SyntaxError"):
        bridge(driver).run("return (;")


def test_a_closed_tab_is_page_gone() -> None:
    driver = FakeDriver(error=BiDiError("no such frame", "Browsing context with id page not found"))
    with pytest.raises(PageGone, match="tab was closed"):
        bridge(driver).call("harness.ping")


def test_a_page_without_the_bridge_is_reported() -> None:
    driver = FakeDriver({"ok": False, "notReady": True})
    with pytest.raises(HarnessError, match="no bridge"):
        bridge(driver).call("harness.ping")


def test_a_malformed_answer_is_reported() -> None:
    with pytest.raises(HarnessError, match="malformed"):
        bridge(FakeDriver("nonsense")).call("harness.ping")


def test_history_keeps_the_last_calls() -> None:
    b = bridge(FakeDriver({"ok": True, "value": 1}))
    for _ in range(60):
        b.call("events.count")
    assert len(b.history) == 50
    assert b.history[-1].outcome == "1"  # the answer, abridged


def test_a_timeout_shows_undefined_arguments_as_javascript_writes_them() -> None:
    driver = FakeDriver({"ok": False, "timeout": True, "waiting": "waiting for the value"})
    with pytest.raises(HarnessTimeout, match=r"sessions\.setTabValue\(4, 'k', undefined\): timed out"):
        bridge(driver).call("sessions.setTabValue", 4, "k", UNDEFINED)
