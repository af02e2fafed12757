"""The pytest side of "nothing outlives the run": registered by harness.plugin.

- SIGTERM tears the run down like Ctrl-C (harness.interrupts).
- An interrupted controller passes the interrupt on to its pytest-xdist
  workers, so they tear down their browsers now instead of being killed
  (and leaking them) after xdist's own timeout.
- A worker that died (killed, crashed) leaves its browser behind: the
  controller stops it at once.
- At the end, each process checks that nothing it started still runs
  (harness.orphans); a worker hands what it found to the controller, which
  fails the run if anything was left.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from . import processes
from .interrupts import TermAsInterrupt, drop_lineless_entries
from .orphans import RunGuard


class RunCheck:
    """One per pytest process."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        worker_input = getattr(config, "workerinput", None)
        self.worker_id: str | None = worker_input["workerid"] if worker_input else None
        self.guard = RunGuard.begin(self.worker_id)
        self.term = TermAsInterrupt()
        self.term.install()
        self.orphans: list[str] = []
        self.cleaned: list[str] = []
        self.finished = False

    # -- controller: workers ---------------------------------------------------

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not loaded
    def pytest_testnodedown(self, node: Any, error: object | None) -> None:
        output = getattr(node, "workeroutput", None) or {}
        self.orphans.extend(f"[{node.gateway.id}] {o}" for o in output.get("harness_orphans", []))
        if error is not None:
            left = self.guard.stop_worker(node.gateway.id)
            self.cleaned.extend(f"[{node.gateway.id}] {o}" for o in left)

    @pytest.hookimpl(tryfirst=True)  # before the terminal reporter formats the traceback
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        drop_lineless_entries(excinfo.value)
        if self.worker_id is not None or not self.config.pluginmanager.has_plugin("dsession"):
            return
        # An xdist controller runs no tests and starts no browser: its children are its workers.
        for pid in processes.children(os.getpid()):
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass

    # -- every process: the end -------------------------------------------------

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.orphans.extend(self.guard.end())
        self.term.uninstall()

    @pytest.hookimpl(trylast=True)  # after the session fixtures (the browsers) are torn down
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self._finish()
        worker_output = getattr(self.config, "workeroutput", None)
        if worker_output is not None:
            worker_output["harness_orphans"] = list(self.orphans)
        elif self.orphans and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.cleaned:
            terminalreporter.section("harness: stopped what crashed workers left", sep="-", yellow=True)
            for line in self.cleaned:
                terminalreporter.line(line)
        if self.orphans:
            terminalreporter.section("harness: processes left running by this run (now stopped)", sep="-", red=True)
            for line in self.orphans:
                terminalreporter.line(line)
            terminalreporter.line("the run fails: every process a test starts must be stopped by it", red=True)

    def pytest_unconfigure(self) -> None:
        self._finish()
