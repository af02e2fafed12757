"""The bridge makes one BiDi round trip per call, in its page's own tab
(no window switch), and notices when that tab shows another page (fake BiDi
socket, no browser)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import PageGone
from harness.bridge import Bridge, script
from harness.connection import Connection
from harness.timeouts import Timeouts

PAGE = "moz-extension://uuid/page.html"


class FakeBiDi:
    """One tab, "bridge", showing the bridge page, another extension page with a
    bridge ("other") or a web page without one ("web"). Answers as
    window.harness in fixture_extension/dispatch.js does, and records every command."""

    def __init__(self) -> None:
        self.showing = "bridge"
        self.requests: list[tuple[Any, ...]] = []

    def command(self, method: str, params: dict[str, Any], seconds: float) -> dict[str, Any]:
        args = json.loads(params["arguments"][0]["value"])
        self.requests.append((method, params["target"]["context"], *args))
        return {"type": "success", "result": {"type": "string", "value": json.dumps(self.answer(args))}}

    def answer(self, args: list[Any]) -> Any:
        if self.showing == "web":
            return {"ok": False, "notReady": True}
        here = PAGE if self.showing == "bridge" else "moz-extension://other/page.html"
        page = args[3] if len(args) > 3 else None
        if page is None:
            return {"ok": True, "value": args[0], "page": here}
        if page != here:
            return {"ok": False, "wrongPage": True}
        return {"ok": True, "value": args[0]}


def bridge_on(bidi: FakeBiDi) -> Bridge:
    connection = Connection(None, Timeouts())
    connection._bidi = bidi  # type: ignore[assignment]
    return Bridge(connection, "bridge", 2.0)


def test_each_call_is_one_call_function_in_the_pages_own_tab() -> None:
    bidi = FakeBiDi()
    bridge = bridge_on(bidi)
    assert bridge.call("events.count") == "events.count"
    assert bidi.requests == [("script.callFunction", "bridge", "events.count", [], 2000)]
    bidi.requests.clear()
    for _ in range(3):
        bridge.call("events.count")
    assert bidi.requests == [("script.callFunction", "bridge", "events.count", [], 2000, PAGE)] * 3


@pytest.mark.parametrize(("elsewhere", "said"), [("other", "another page of the extension"), ("web", "no bridge")])
def test_a_tab_navigated_away_is_page_gone(elsewhere: str, said: str) -> None:
    bidi = FakeBiDi()
    bridge = bridge_on(bidi)
    bridge.call("events.count")
    bidi.showing = elsewhere
    with pytest.raises(PageGone, match=said):
        bridge.call("events.clear")
    assert [request[0] for request in bidi.requests] == ["script.callFunction"] * 2


def test_scripts_travel_without_their_comment_lines() -> None:
    source = script("call.js")
    assert "window.harness.call(" in source
    assert not [line for line in source.splitlines() if line.lstrip().startswith("//")]
    assert "/* BODY */" in script("execute.js")  # the splice marker is a block comment, kept
    assert "/* SCRIPT */" in script("bidi_call.js")
