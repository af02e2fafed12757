"""Assertions that say, when they fail, which catalogue item failed, what was
called, what the browser returned and what was expected."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from harness import UNDEFINED, ExtensionError


class ConformanceFailure(AssertionError):
    """A catalogue item does not hold on this browser."""


def describe_call(fn: Callable[..., Any] | str, args: tuple[Any, ...] = ()) -> str:
    """`sessions.restore('abc')` from a facade method (or a functools.partial of one) and its arguments."""
    if isinstance(fn, str):
        return fn
    keywords: dict[str, Any] = {}
    if isinstance(fn, functools.partial):
        keywords = dict(fn.keywords)
        args = (*fn.args, *args)
        fn = fn.func
    owner = type(getattr(fn, "__self__", None)).__name__.lower()
    name = getattr(fn, "__name__", repr(fn))
    prefix = f"{owner}." if owner and owner != "nonetype" else ""
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in keywords.items()]
    return f"{prefix}{name}({', '.join(shown)})"


def fail(item: str, call: str, got: Any, expected: Any) -> ConformanceFailure:
    return ConformanceFailure(
        f"{item} does not hold\n  called:   {call}\n  browser:  {got!r}\n  expected: {expected!r}"
    )


def check(item: str, call: str, got: Any, expected: Any) -> None:
    """`got == expected`, or a failure naming the item and the call."""
    if got != expected:
        raise fail(item, call, got, expected)


def holds(item: str, call: str, got: Any, condition: bool, expected: str) -> None:
    """`condition`, or a failure that states in words what was expected of `got`."""
    if not condition:
        raise fail(item, call, got, expected)


def resolves(item: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call fn(*args); its value, or a failure naming the item when the browser rejected it."""
    try:
        return fn(*args)
    except ExtensionError as exc:
        raise fail(item, describe_call(fn, args), f"rejected: {exc.message}", "it resolves") from exc


def resolves_undefined(item: str, fn: Callable[..., Any], *args: Any) -> None:
    """Call fn(*args): it must resolve, and to `undefined` (the functions whose
    promise carries no value: forget*, set*Value, remove*Value)."""
    check(item, describe_call(fn, args), resolves(item, fn, *args), UNDEFINED)


def rejects(item: str, fn: Callable[..., Any], *args: Any, message: str, synchronous: bool | None = None) -> None:
    """Call fn(*args) and check that the browser rejects it with exactly `message`
    (and, when given, thrown synchronously or as a rejected promise)."""
    call = describe_call(fn, args)
    want = f"rejected: {message}" + ("" if synchronous is None else f" ({_how(synchronous)})")
    try:
        value = fn(*args)
    except ExtensionError as exc:
        got = f"rejected: {exc.message}" + ("" if synchronous is None else f" ({_how(exc.synchronous)})")
        check(item, call, got, want)
        return
    raise fail(item, call, f"resolved: {value!r}", want)


def _how(synchronous: bool) -> str:
    return "thrown synchronously" if synchronous else "rejected promise"
