"""The run guard, the pytest side of "nothing outlives the run": on when the
`harness_run_guard` setting asks for it (this project's own suites do; an
extension author's run does not, unless it opts in), registered by
harness.plugin. It changes how the whole pytest process behaves:

- SIGTERM tears the run down like Ctrl-C (harness.interrupts).
- An interrupted controller passes the interrupt on to its pytest-xdist
  workers, so they tear down their browsers now instead of being killed
  (and leaking them) after xdist's own timeout.
- A worker that died (killed, crashed) leaves its browser behind: the
  controller stops it at once.
- At the end, each process checks that nothing the harness started in it
  still runs (harness.orphans); a worker hands what it found to the
  controller, which fails the run if anything was left.

Where processes cannot be listed (psutil has no support there), the guard stays
off and says so in the report header.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from . import processes
from .interrupts import TermAsInterrupt
from .orphans import RunGuard

NAME = "harness-runcheck"


def turn_on(config: pytest.Config) -> None:
    """Register the run guard for this pytest process, or, where it cannot see processes, one
    line in the report header saying that it is off."""
    if processes.available():
        config.pluginmanager.register(RunCheck(config), NAME)
    else:
        config.pluginmanager.register(GuardUnavailable(), NAME)


class GuardUnavailable:
    def pytest_report_header(self) -> str:
        return "harness: run guard off: this platform cannot list the processes a run started"


class RunCheck:
    """One per pytest process."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        worker_input = getattr(config, "workerinput", None)
        self.worker_id: str | None = worker_input["workerid"] if worker_input else None
        controller = worker_input.get("harness_run_guard") if worker_input else None
        self.guard = RunGuard.begin(self.worker_id, controller)
        self.term = TermAsInterrupt()
        self.term.install()
        self.orphans: list[str] = []
        self.cleaned: list[str] = []
        self.finished = False

    # -- controller: workers ---------------------------------------------------

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not loaded
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput["harness_run_guard"] = self.guard.handed_to_workers()

    @pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not loaded
    def pytest_testnodedown(self, node: Any, error: object | None) -> None:
        output = getattr(node, "workeroutput", None) or {}
        self.orphans.extend(f"[{node.gateway.id}] {o}" for o in output.get("harness_orphans", []))
        if error is not None:
            left = self.guard.stop_worker(node.gateway.id)
            self.cleaned.extend(f"[{node.gateway.id}] {o}" for o in left)

    def pytest_keyboard_interrupt(self) -> None:
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
