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
from types import FrameType, TracebackType
from typing import Any


def drop_lineless_entries(error: BaseException) -> None:
    """Unlink traceback entries that have no line number, in `error` and the exceptions it chains.

    A signal can land on an instruction that has no line (the flake gate caught one in urllib's
    `_coerce_args`), and the KeyboardInterrupt's traceback then holds an entry for it. CPython
    3.11.7+ and 3.12.1+ compute `tb_lineno` lazily and give None for it: pytest's report of the
    interrupt crashes on that (`tb_lineno - 1`: TypeError), so an interrupted run exits 1, not 2.
    Earlier releases (3.11.0 to 3.11.6, Debian 12's 3.11.2 among them; 3.12.0) store -1, which
    pytest reports as "line -1" with a wrong source line. Both go. The first entry (the frame that
    caught the exception) always has a line and is kept."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        entry = current.__traceback__
        while entry is not None:
            while entry.tb_next is not None and not has_line(entry.tb_next):
                entry.tb_next = entry.tb_next.tb_next
            entry = entry.tb_next
        pending += [current.__cause__, current.__context__]


def has_line(entry: TracebackType) -> bool:
    """Whether a traceback entry names a source line: None (3.11.7+) and -1 (before) do not."""
    line: int | None = entry.tb_lineno
    return line is not None and line > 0


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
