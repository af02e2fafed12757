"""The pytest runs these tests start (pytester subprocesses) are this project's own: their
processes carry this run's tags, as the harness's own processes do (processes.with_tag), so this
run's guard also finds anything they leave running. They test the browser this run tests
(`--browser chromium` reaches them as HARNESS_BROWSER)."""

from __future__ import annotations

import os

import pytest

from harness import processes
from harness.plugin import launch_options


@pytest.fixture(autouse=True)
def _runs_started_here_carry_the_run_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(processes.TAGS_ENV, processes.with_tag(os.environ, "plugin-tests")[processes.TAGS_ENV])


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
