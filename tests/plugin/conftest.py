"""The plugin's tests run pytest in subprocesses: those test the browser this
run tests (`--browser chromium` reaches them as HARNESS_BROWSER)."""

from __future__ import annotations

import pytest

from harness.plugin import launch_options


@pytest.fixture(autouse=True)
def _same_browser_in_subprocesses(pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch) -> None:
    options = launch_options(pytestconfig)
    monkeypatch.setenv("HARNESS_BROWSER", str(options["browser"]))
    for name, env in (("binary", "HARNESS_BROWSER_BINARY"), ("driver", "HARNESS_DRIVER")):
        if options[name]:
            monkeypatch.setenv(env, str(options[name]))


@pytest.fixture
def browser_name(pytestconfig: pytest.Config) -> str:
    """The browser the subprocesses test."""
    return str(launch_options(pytestconfig)["browser"]).lower()
