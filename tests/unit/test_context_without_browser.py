"""ExtensionContext without a browser: a dead connection is reported as
BrowserCrashed, not as a Selenium or urllib3 exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import urllib3.exceptions

import harness
from harness.bridge import Bridge
from harness.contexts import ExtensionContext
from harness.extensions import UserExtension


class DeadDriver:
    @property
    def window_handles(self) -> list[str]:
        raise urllib3.exceptions.MaxRetryError(None, "/session", "connection refused")  # type: ignore[arg-type]


class FakeBrowser:
    def __init__(self) -> None:
        self.driver = DeadDriver()

    def _require_driver(self) -> Any:
        return self.driver

    def bridge(self) -> Bridge:
        return Bridge(self.driver, "fixture-handle", 1.0, lambda: "Firefox (pid 1)")


def test_a_dead_driver_is_reported_as_a_crash(tmp_path: Path) -> None:
    extension = UserExtension("x@example.com", "x", 3, tmp_path, tmp_path / "copy")
    context = ExtensionContext(FakeBrowser(), extension)  # type: ignore[arg-type]
    with pytest.raises(harness.BrowserCrashed, match="Firefox \\(pid 1\\) died"):
        context.sessions.get_tab_value(1, "group")
    assert context.history == []
