"""SIGTERM as an orderly shutdown.

Python's default SIGTERM ends the process at once: no `finally`, no fixture
teardown, no atexit, so browsers and temporary profiles would outlive the
run. While installed, the first SIGTERM raises KeyboardInterrupt in the main
thread instead, which pytest handles like Ctrl-C (tear down, report, exit 2).
A second SIGTERM takes the default action, for a shutdown that itself hangs.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType
from typing import Any


class TermAsInterrupt:
    """Installs the handler (only over the default one, only in the main thread)."""

    def __init__(self) -> None:
        self._previous: Any = None
        self._installed = False
        self._received = False

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return  # someone else decided what SIGTERM means here
        self._previous = signal.signal(signal.SIGTERM, self._handle)
        self._installed = True

    def uninstall(self) -> None:
        if self._installed and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._previous)
            self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._received:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        self._received = True
        raise KeyboardInterrupt(f"received signal {signal.Signals(signum).name}")
