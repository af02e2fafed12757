"""The pytest runs these tests start (pytester subprocesses) are this project's own: their
processes carry this run's tags, as the harness's own processes do (processes.with_tag), so this
run's guard also finds anything they leave running."""

from __future__ import annotations

import os

import pytest

from harness import processes


@pytest.fixture(autouse=True)
def _runs_started_here_carry_the_run_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(processes.TAGS_ENV, processes.with_tag(os.environ, "plugin-tests")[processes.TAGS_ENV])
