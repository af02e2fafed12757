"""harness.processes without /proc (macOS, Windows): nothing found, nothing crashes; and the run
guard's tags go only into the environments the harness makes (processes.with_tag)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness import processes


@pytest.fixture
def no_proc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(processes, "PROC", tmp_path / "no-proc")


@pytest.mark.usefixtures("no_proc")
def test_without_proc_nothing_is_found_and_nothing_crashes() -> None:
    assert not processes.available()
    me = os.getpid()
    assert processes.children(os.getppid()) == []
    assert processes.descendants(me) == []
    assert processes.tagged("any") == []
    assert processes.kill_tagged("any") == []
    assert processes.describe(me) == f"? (pid {me})"
    assert processes.alive(me)  # signal 0 still tells that it exists


def test_with_proc_this_process_is_found() -> None:
    assert processes.available()
    assert os.getpid() in processes.children(os.getppid())
    assert processes.alive(os.getpid())


def test_run_tags_go_into_the_environments_with_tag_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_run_tags", ())
    assert processes.with_tag({}, "browser-1") == {processes.TAGS_ENV: "browser-1"}
    previous = processes.set_run_tags(("run-1", "run-1/gw0"))
    try:
        env = processes.with_tag({processes.TAGS_ENV: "outer", "PATH": "/bin"}, "browser-1")
        assert env == {processes.TAGS_ENV: "outer,run-1,run-1/gw0,browser-1", "PATH": "/bin"}
        assert processes.with_tag(env, "browser-1") == env  # no tag twice
        assert processes.TAGS_ENV not in os.environ or "run-1" not in os.environ[processes.TAGS_ENV]
    finally:
        assert processes.set_run_tags(previous) == ("run-1", "run-1/gw0")
