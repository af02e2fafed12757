"""Errors thrown in users' extensions (background, pages), as the browser
console recorded them, so a failing test's report shows what their code threw.

The engine reads them (Firefox: harness/js/firefox/console_errors.js reads the
parent's console service, which extension processes forward their errors to;
nothing has to be started at launch). Errors in the harness's own page in
their extension are left out: those reach the test as ExtensionError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_test_started: float | None = None  # set by the pytest plugin as each test starts


def mark_test_start(when: float) -> None:
    """The start of the current test (seconds since the epoch): `wait_for_error`'s default `since`."""
    global _test_started
    _test_started = when


def test_started() -> float:
    """When the current test started; 0.0 outside pytest (every error counts)."""
    return _test_started or 0.0


@dataclass(frozen=True)
class ConsoleError:
    """One error the browser console recorded from an extension's file."""

    extension_id: str
    message: str
    source: str
    line: int
    column: int
    time: float  # seconds since the epoch
    stack: str

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> ConsoleError:
        return cls(
            extension_id=str(raw["id"]),
            message=str(raw["message"]),
            source=str(raw["source"]),
            line=int(raw["line"]),
            column=int(raw["column"]),
            time=float(raw["time"]) / 1000,
            stack=str(raw.get("stack") or ""),
        )

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}"
        frames = [f for f in self.stack.splitlines() if f.strip()]
        return "\n".join([f"{self.message}", f"    at {where}", *(f"    {f}" for f in frames[1:])])
