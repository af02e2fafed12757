"""The launch request: which browser, how, and where it runs. Imports nothing of the harness."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LaunchConfig:
    """Everything `launch()` was asked for; `restart()` reuses it. `remote_url` says
    where the browser runs: None for a local driver, else a Selenium Grid hub."""

    browser: str = "firefox"
    headless: bool = True
    binary: str | None = None
    driver: str | None = None
    remote_url: str | None = None
    prefs: dict[str, Any] = field(default_factory=dict)
    profile: str | None = None
    extensions: tuple[str, ...] = ()
    private_browsing: bool = False
    timeout: float | None = None  # a call's default bound in seconds; None: Timeouts.call
