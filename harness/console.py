"""Errors thrown in users' extensions (background, pages), read from the
browser console, so a failing test's report shows what their code threw.

Firefox forwards script errors from extension processes to the parent's
console service, which keeps the latest messages; a chrome-context script
(harness/js/console_errors.js) reads them, so nothing has to be started at
launch. Errors in the harness's own page in their extension are left out:
those reach the test as ExtensionError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import HarnessError
from .extensions import CONTEXT_DIR

if TYPE_CHECKING:
    from .browser import Browser


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


def extension_errors(browser: Browser, ids: list[str] | None = None, since: float = 0.0) -> list[ConsoleError]:
    """Errors thrown in the given user extensions (default: all of them) since
    `since` (seconds since the epoch), oldest first. Only this Firefox
    process's console is read: a restart starts it afresh."""
    wanted = [e.id for e in browser.user_extensions] if ids is None else ids
    if not wanted:
        return []
    answer = browser._chrome_async("console_errors.js", wanted, since * 1000, CONTEXT_DIR + "/")
    return [ConsoleError.from_raw(item) for item in answer]


def install_problems(browser: Browser, extension_id: str, since: float) -> list[str]:
    """What Firefox said about an extension it was loading since `since`
    (seconds since the epoch), e.g. "Reading manifest: Error processing
    background.scripts: ...". Empty when the console cannot be read."""
    try:
        return [str(p) for p in browser._chrome_async("install_problems.js", extension_id, since * 1000)]
    except HarnessError:
        return []
