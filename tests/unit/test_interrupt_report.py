"""An interrupt that lands on an instruction without a line (Python 3.11) must not crash pytest's
report of it: harness.interrupts.drop_lineless_entries, called from RunCheck.pytest_keyboard_interrupt."""

from __future__ import annotations

import sys
from types import FrameType, TracebackType

import pytest

from harness.interrupts import drop_lineless_entries


def frame_with_a_lineless_instruction() -> tuple[FrameType, int]:
    """A finished frame and a byte offset of its code that maps to no line."""

    def body() -> FrameType:
        try:
            return sys._getframe()
        finally:
            pass  # the finally block's exit path has instructions without a line

    frame = body()
    offsets = [start for start, _, line in frame.f_code.co_lines() if line is None]
    assert offsets, "this Python compiles every instruction of body() with a line"
    return frame, offsets[0]


def interrupt_with_a_lineless_entry() -> KeyboardInterrupt:
    """A KeyboardInterrupt raised through two real frames, with a lineless entry spliced between them."""

    def inner() -> None:
        raise KeyboardInterrupt("received signal SIGTERM")

    def outer() -> None:
        inner()

    try:
        outer()
    except KeyboardInterrupt as caught:
        error = caught
    head = error.__traceback__
    assert head is not None and head.tb_next is not None
    frame, offset = frame_with_a_lineless_instruction()
    lineless = TracebackType(head.tb_next.tb_next, frame, offset, -1)
    assert lineless.tb_lineno is None
    head.tb_next.tb_next = lineless
    return error


def entries(error: BaseException) -> list[int | None]:
    found, entry = [], error.__traceback__
    while entry is not None:
        found.append(entry.tb_lineno)
        entry = entry.tb_next
    return found


def test_pytest_can_report_the_interrupt_once_lineless_entries_are_dropped() -> None:
    error = interrupt_with_a_lineless_entry()
    before = entries(error)
    assert None in before and len(before) == 4
    drop_lineless_entries(error)
    assert entries(error) == [line for line in before if line is not None]
    report = str(pytest.ExceptionInfo.from_exception(error).getrepr(funcargs=True))
    assert "received signal SIGTERM" in report


def test_chained_exceptions_are_cleaned_too() -> None:
    cause = interrupt_with_a_lineless_entry()
    try:
        raise RuntimeError("during teardown") from cause
    except RuntimeError as error:
        drop_lineless_entries(error)
        assert None not in entries(cause)
        assert "during teardown" in str(pytest.ExceptionInfo.from_exception(error).getrepr())
