"""Fixtures of the reliability tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import ROOT, InnerRun, Listener

from harness import processes


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def inner(tmp_path: Path, listener: Listener) -> Iterator[InnerRun]:
    """An inner pytest run: its tests in tmp_path/run, its TMPDIR tmp_path/tmp."""
    (tmp_path / "run").mkdir()
    (tmp_path / "tmp").mkdir()
    tag = f"reliability-{os.getpid()}-{tmp_path.name}"
    env = processes.with_tag(dict(os.environ), tag)
    env.update(
        TMPDIR=str(tmp_path / "tmp"),
        RELIABILITY_PORT=str(listener.port),
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        PYTHONUNBUFFERED="1",
    )
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_XDIST_TESTRUNUID", None)
    env.pop("PYTEST_XDIST_WORKER_COUNT", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    env.pop("PYTEST_ADDOPTS", None)
    run = InnerRun(tmp_path / "run", tag, env)
    yield run
    run.kill()
