"""ExtensionContext without a browser: a dead connection is reported as
BrowserCrashed, not as a Selenium or urllib3 exception."""

from __future__ import annotations

from pathlib import Path

import pytest
import urllib3.exceptions

import harness
from harness.bridge import Bridge
from harness.connection import Connection
from harness.contexts import ExtensionContext
from harness.extensions import UserExtension
from harness.timeouts import Timeouts


class DeadDriver:
    @property
    def window_handles(self) -> list[str]:
        raise urllib3.exceptions.MaxRetryError(None, "/session", "connection refused")  # type: ignore[arg-type]


class FakeBrowser:
    def __init__(self) -> None:
        self.connection = Connection(DeadDriver(), Timeouts(), browser_title="Firefox")
        self.connection.diagnose_death = lambda: "Firefox (pid 1)"  # type: ignore[method-assign]

    def require_connection(self) -> Connection:
        return self.connection

    def bridge(self) -> Bridge:
        return Bridge(self.connection, "fixture-handle", 1.0)


def test_a_dead_driver_is_reported_as_a_crash(tmp_path: Path) -> None:
    extension = UserExtension("x@example.com", "x", 3, tmp_path, tmp_path / "copy")
    context = ExtensionContext(FakeBrowser(), extension)  # type: ignore[arg-type]
    with pytest.raises(harness.BrowserCrashed, match="Firefox \\(pid 1\\) died"):
        context.sessions.get_tab_value(1, "group")
    assert context.history == []
