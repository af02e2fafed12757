"""An interrupt that lands on an instruction without a line must not spoil pytest's report of it:
harness.interrupts.drop_lineless_entries, called from the plugin's pytest_keyboard_interrupt.

The lineless entry is made by the interpreter itself, not built by hand: a KeyboardInterrupt is
raised from a per-instruction callback (sys.settrace's opcode events on 3.11, sys.monitoring from
3.12) at an instruction that maps to no line, as a signal handler's can be. So every CPython gives
the entry its own `tb_lineno` (None on 3.11.7+ and 3.12.1+, -1 on 3.11.2), and which entries are
lineless is read from the code objects' line tables, not from `tb_lineno`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import CodeType, TracebackType
from typing import Any

import pytest

from harness.interrupts import drop_lineless_entries


def handles_an_error() -> None:
    """Handling an exception runs instructions that have no line (the handler's entry)."""
    try:
        raise ValueError("handled")
    except ValueError:
        pass


def lineless_offsets(code: CodeType) -> set[int]:
    return {offset for start, end, line in code.co_lines() if line is None for offset in range(start, end, 2)}


@contextmanager
def on_each_instruction(code: CodeType, callback: Callable[[int], None]) -> Iterator[None]:
    """Call `callback(offset)` before each instruction of `code` runs."""
    if sys.version_info >= (3, 12):
        monitoring: Any = getattr(sys, "monitoring")  # noqa: B009 (3.12+; mypy and ruff target 3.11)
        tool = next((t for t in range(6) if monitoring.get_tool(t) is None), None)
        assert tool is not None, "no free sys.monitoring tool id"
        event = monitoring.events.INSTRUCTION
        monitoring.use_tool_id(tool, "test_interrupt_report")
        monitoring.register_callback(tool, event, lambda _code, offset: callback(offset))
        monitoring.set_local_events(tool, code, event)
        try:
            yield
        finally:
            monitoring.set_local_events(tool, code, 0)
            monitoring.register_callback(tool, event, None)
            monitoring.free_tool_id(tool)
    else:

        def trace(frame: Any, event: str, arg: object) -> Any:
            if frame.f_code is not code:
                return None
            frame.f_trace_opcodes = True
            if event == "opcode":
                callback(frame.f_lasti)
            return trace

        previous = sys.gettrace()
        sys.settrace(trace)
        try:
            yield
        finally:
            sys.settrace(previous)


def interrupt_at_a_lineless_instruction() -> KeyboardInterrupt:
    """A KeyboardInterrupt raised by the interpreter at an instruction of handles_an_error() without a line."""
    code = handles_an_error.__code__
    lineless = lineless_offsets(code)
    assert lineless, "this Python compiles every instruction of handles_an_error() with a line"

    def interrupt(offset: int) -> None:
        if offset in lineless:
            raise KeyboardInterrupt("received signal SIGTERM")

    try:
        with on_each_instruction(code, interrupt):
            handles_an_error()
    except KeyboardInterrupt as caught:
        return caught
    raise AssertionError("no instruction without a line ran in handles_an_error()")


def entries(error: BaseException) -> list[TracebackType]:
    found, entry = [], error.__traceback__
    while entry is not None:
        found.append(entry)
        entry = entry.tb_next
    return found


def lineless(entry: TracebackType) -> bool:
    return entry.tb_lasti in lineless_offsets(entry.tb_frame.f_code)


def test_the_interpreter_leaves_an_entry_without_a_line() -> None:
    [entry] = {e.tb_lasti: e for e in entries(interrupt_at_a_lineless_instruction()) if lineless(e)}.values()
    assert entry.tb_frame.f_code is handles_an_error.__code__
    assert entry.tb_lineno in (None, -1), "a CPython that reports such entries in a third way"


def test_pytest_can_report_the_interrupt_once_lineless_entries_are_dropped() -> None:
    error = interrupt_at_a_lineless_instruction()
    kept = [e for e in entries(error) if not lineless(e)]
    assert len(kept) < len(entries(error))
    drop_lineless_entries(error)
    assert entries(error) == kept
    info = pytest.ExceptionInfo.from_exception(error)
    assert all(entry.lineno >= 0 for entry in info.traceback)  # pytest's lineno counts from 0
    assert "received signal SIGTERM" in str(info.getrepr(funcargs=True))


def test_chained_exceptions_are_cleaned_too() -> None:
    cause = interrupt_at_a_lineless_instruction()
    try:
        raise RuntimeError("during teardown") from cause
    except RuntimeError as error:
        drop_lineless_entries(error)
        assert not any(lineless(e) for e in entries(cause))
        assert "during teardown" in str(pytest.ExceptionInfo.from_exception(error).getrepr())
