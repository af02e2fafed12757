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
