"""The sessions facade without a browser: what the functions that resolve to
nothing in JavaScript hand back, so "resolves undefined" is checkable."""

from __future__ import annotations

from typing import Any

import pytest

from harness import UNDEFINED
from harness.sessions import Sessions


class AnsweringBridge:
    """Answers every call with one value and remembers what was called."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def call(self, method: str, *args: Any, timeout: float | None = None) -> Any:
        self.calls.append((method, args))
        return self.answer


@pytest.mark.parametrize(
    ("name", "args", "js"),
    [
        ("forget_closed_tab", (1, "2"), "forgetClosedTab"),
        ("forget_closed_window", ("2",), "forgetClosedWindow"),
        ("set_tab_value", (1, "k", 3), "setTabValue"),
        ("remove_tab_value", (1, "k"), "removeTabValue"),
        ("set_window_value", (1, "k", 3), "setWindowValue"),
        ("remove_window_value", (1, "k"), "removeWindowValue"),
    ],
)
@pytest.mark.parametrize("answer", [UNDEFINED, None, 0])
def test_functions_without_a_result_return_what_the_browser_resolved(
    name: str, args: tuple[Any, ...], js: str, answer: Any
) -> None:
    bridge = AnsweringBridge(answer)
    got = getattr(Sessions(lambda: bridge), name)(*args)  # type: ignore[arg-type]
    assert got is answer
    assert bridge.calls == [(f"sessions.{js}", args)]


def test_recently_closed_entries_are_sessions_and_anything_else_is_reported() -> None:
    from harness import HarnessError, Session

    entry = {"lastModified": 1, "tab": {"sessionId": "3", "title": "t"}}
    [session] = Sessions(lambda: AnsweringBridge([entry])).get_recently_closed()  # type: ignore[arg-type,return-value]
    assert isinstance(session, Session) and session.tab.session_id == "3" and session.raw == entry
    with pytest.raises(HarnessError, match=r"getRecentlyClosed resolved to \{'lastModified': 1\}, not a list"):
        Sessions(lambda: AnsweringBridge({"lastModified": 1})).get_recently_closed()  # type: ignore[arg-type,return-value]
    with pytest.raises(HarnessError, match="getRecentlyClosed resolved to 5, not a Session"):
        Sessions(lambda: AnsweringBridge([5])).get_recently_closed()  # type: ignore[arg-type,return-value]


def test_restore_returns_a_session() -> None:
    from harness import HarnessError, Session

    restored = Sessions(lambda: AnsweringBridge({"window": {"id": 4, "tabs": []}})).restore()  # type: ignore[arg-type,return-value]
    assert isinstance(restored, Session) and restored.window.id == 4 and restored.tab is UNDEFINED
    with pytest.raises(HarnessError, match="restore resolved to UNDEFINED, not a Session"):
        Sessions(lambda: AnsweringBridge(UNDEFINED)).restore("1")  # type: ignore[arg-type,return-value]
