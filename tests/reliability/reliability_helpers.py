"""Helpers for the reliability tests (fixtures in conftest.py): pytest runs in a subprocess, and a
socket on which such a run says "I am in the middle of a test"."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import processes
from harness.timeouts import multiplier

ROOT = Path(__file__).resolve().parents[2]
GUARD = "--harness-run-guard"

# Pasted at the top of inner test files: how an inner test reaches the outer one.
TELL = '''
import json, os, socket

def tell(**info):
    """Tell the outer test where we are (it waits on this, not on a clock)."""
    with socket.create_connection(("127.0.0.1", int(os.environ["RELIABILITY_PORT"]))) as conn:
        conn.sendall(json.dumps(info).encode() + b"\\n")
'''


class Listener:
    """A loopback socket the outer test waits on for news from an inner run
    (a JSON line), or for any connection at all (a browser's fetch)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def receive(self, what: str, timeout: float = 60.0) -> Any:
        """The next JSON line sent, waiting at most `timeout` seconds (scaled)."""
        conn = self._accept(what, timeout)
        with conn, conn.makefile("rb") as stream:
            return json.loads(stream.readline())

    def connected(self, what: str, timeout: float = 60.0) -> None:
        """Return once something connects."""
        self._accept(what, timeout).close()

    def _accept(self, what: str, timeout: float) -> socket.socket:
        self.sock.settimeout(timeout * multiplier())
        try:
            conn, _ = self.sock.accept()
        except TimeoutError:
            raise AssertionError(f"waited {timeout * multiplier():g}s for {what}") from None
        conn.settimeout(timeout * multiplier())
        return conn

    def close(self) -> None:
        self.sock.close()


@dataclass
class InnerRun:
    """A pytest run in a subprocess, in its own session (process group), its
    processes marked with a tag of the outer test's own."""

    path: Path
    tag: str
    env: dict[str, str]
    proc: subprocess.Popen[str] | None = None

    def write(self, name: str, source: str) -> None:
        (self.path / name).write_text(TELL + textwrap.dedent(source))

    def start(self, *args: str) -> subprocess.Popen[str]:
        self.proc = subprocess.Popen(
            # With the run guard (off by default): what several reliability tests check.
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", GUARD, *args],
            cwd=self.path,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        return self.proc

    def finish(self, timeout: float = 120.0) -> tuple[int, str]:
        """Wait for the run to end; its exit code and output."""
        assert self.proc is not None
        try:
            out, _ = self.proc.communicate(timeout=timeout * multiplier())
        except subprocess.TimeoutExpired:
            self.kill()
            out, _ = self.proc.communicate()
            raise AssertionError(
                f"the inner pytest run did not end within {timeout * multiplier():g}s:\n{out}"
            ) from None
        print(f"inner run: exit {self.proc.returncode}\n{out}")  # shown when the outer test fails
        return self.proc.returncode, out

    def run(self, *args: str, timeout: float = 120.0) -> tuple[int, str]:
        self.start(*args)
        return self.finish(timeout)

    def running(self) -> list[str]:
        """Processes started under this run that still run (zombies excluded)."""
        return [processes.describe(pid) for pid in processes.tagged(self.tag)]

    def temp_left(self) -> list[str]:
        """Harness temp directories the run left in its TMPDIR."""
        return sorted(p.name for p in Path(self.env["TMPDIR"]).iterdir() if p.name.startswith("harness-"))

    def kill(self) -> None:
        """Last resort for a failed test: nothing it started may outlive it."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        processes.kill_tagged(self.tag)
